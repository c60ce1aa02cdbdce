//! What `/indicators/{code}` and its downloads read about one indicator, kept in the page
//! cache (`crate::cache`) until the data changes: the program's facts (the indicator and its
//! official figures among them), then the indicator's reports awaiting review, the periods
//! with a report, and its target history — a few queries on a cold cache, each bounded by
//! what the page shows rather than by every report ever made (none on a warm one) — with what
//! the domain derives from them that is the same for every reader: the series
//! (`domain::series`) and the periods the table can show; each period's lines and route
//! figures (`domain::period_reports`), read and kept per period shown
//! ([`IndicatorFacts::period`]); and the part of them a tenant user may read
//! ([`IndicatorFacts::for_tenant`]). It holds no SQL, no rule and no view model.

use std::sync::Arc;

use chrono::NaiveDate;
use uuid::Uuid;

use super::facts;
use crate::cache::Scope;
use crate::domain::compliance::Compliance;
use crate::domain::kinds::ProcessRoute;
use crate::domain::period::Period;
use crate::domain::period_reports::{self, AssignmentRow, PeriodLine};
use crate::domain::privacy;
use crate::domain::rollup::{self, Aggregate, PeriodFigure};
use crate::domain::scorecard::Scorecard;
use crate::domain::series::{self, SeriesPoint};
use crate::domain::transparency::statement::RestatementNote;
use crate::error::AppError;
use crate::state::AppState;
use crate::store;
use crate::store::catalogue::{CatalogueEntry, TargetRevision};
use crate::store::compliance::{AssignedOrganisation, AssignedReport, Report};
use crate::store::program::Program;

/// What was read about the indicator.
pub struct Facts {
    pub program: Program,
    pub entry: CatalogueEntry,
    pub official: Vec<PeriodFigure>,
    /// Whether any organisation is listed for the indicator (a live assignment, or a report).
    pub has_reporters: bool,
    /// Its published figures that a restatement changed, newest period first (public: the
    /// transparency log shows them to anyone).
    pub restatements: Vec<RestatementNote>,
}

/// What was read, and what is derived from it for every reader: kept in the page cache until
/// the data changes.
pub struct IndicatorFacts {
    pub facts: Facts,
    pub history: Vec<TargetRevision>,
    /// The series of the facts.
    pub points: Vec<SeriesPoint>,
    /// The periods the reports table can show, newest first.
    pub periods: Vec<Period>,
    /// For facts cut to one tenant ([`IndicatorFacts::for_tenant`]): its organisation's
    /// assignment with every report it made, by period. `None` for a dashboard reader, whose
    /// period tables are read per period ([`IndicatorFacts::period`]).
    pub own: Option<Vec<AssignedReport>>,
}

/// One period of the table: which organisations it lists, with the compliance of each, and
/// the approved figures rolled up per process route.
pub struct PeriodFacts {
    /// Every organisation listed or assigned for the period, with its report of the period (or
    /// none): what `lines` point into.
    pub reports: Vec<AssignedReport>,
    /// By position in [`PeriodFacts::reports`].
    pub lines: Vec<PeriodLine>,
    pub routes: Vec<(Option<ProcessRoute>, Aggregate)>,
}

/// One organisation's line for a period as the page and the download show it: its report, and
/// the report's compliance once the period has closed.
pub struct ReportLine<'a> {
    pub reporter: &'a AssignedOrganisation,
    pub report: Option<&'a Report>,
    pub state: Option<Compliance>,
}

impl PeriodFacts {
    /// The lines of `period` made from `reports` (rows of any periods: the others are passed
    /// over), and its approved figures rolled up per process route.
    fn new(
        reports: Vec<AssignedReport>,
        facts: &Facts,
        period: &Period,
        today: NaiveDate,
    ) -> PeriodFacts {
        let rows: Vec<AssignmentRow> = reports.iter().map(AssignedReport::assignment_row).collect();
        let rules = &facts.entry.indicator.rules;
        let lines = period_reports::period_lines(&rows, period, today);
        let routes = period_reports::route_figures(
            (rules.kind, rules.aggregation),
            period,
            reports.iter().filter_map(|row| {
                let report = row.report.as_ref()?;
                Some((row.reporter.process_route, report.reported_figure()))
            }),
        );
        PeriodFacts {
            reports,
            lines,
            routes,
        }
    }

    /// The lines as the page and the download show them.
    pub fn lines<'a>(&'a self, lines: &[PeriodLine]) -> Vec<ReportLine<'a>> {
        lines
            .iter()
            .map(|l| ReportLine {
                reporter: &self.reports[l.organisation_row].reporter,
                report: l.report_row.and_then(|i| self.reports[i].report.as_ref()),
                state: l.compliance,
            })
            .collect()
    }
}

impl IndicatorFacts {
    /// The lines and route figures of `period`: for a tenant's cut, made from its own reports;
    /// else the period's reports of every organisation, read once per change of the
    /// indicator and kept (`cache::Scope::Indicator`) — one query, its rows bounded by the
    /// organisations listed for that period.
    pub async fn period(
        &self,
        state: &AppState,
        period: &Period,
        today: NaiveDate,
    ) -> Result<Arc<PeriodFacts>, AppError> {
        let facts = &self.facts;
        if let Some(own) = &self.own {
            return Ok(Arc::new(PeriodFacts::new(
                own.clone(),
                facts,
                period,
                today,
            )));
        }
        let indicator = &facts.entry.indicator;
        let key = format!(
            "indicator-period:{}:{}:{}",
            facts.program.id,
            indicator.id,
            period.start()
        );
        state
            .page_cache
            .get_or_load_in(&key, Scope::Indicator(indicator.id), today, || async {
                let reports = store::compliance::indicator_reports_of_period(
                    &state.pool,
                    indicator.id,
                    indicator.rules.frequency,
                    *period,
                )
                .await?;
                Ok(PeriodFacts::new(reports, facts, period, today))
            })
            .await
    }
}

impl IndicatorFacts {
    /// What a tenant user of `organisation_id` may read of these facts: its own
    /// organisation's reports only (read for it, one query over its reports of this
    /// indicator, kept per indicator like the facts), and the park's official figures only where `domain::privacy` lets a
    /// tenant see them (no provisional figures, which pool unreviewed reports, no target
    /// history, which names who changed it). `None` when the organisation is not assigned the
    /// indicator (and never was while reporting it).
    pub async fn for_tenant(
        &self,
        state: &AppState,
        organisation_id: Uuid,
    ) -> Result<Option<IndicatorFacts>, AppError> {
        let facts = &self.facts;
        let indicator = &facts.entry.indicator;
        let key = format!(
            "indicator-own:{}:{}:{organisation_id}",
            facts.program.id, indicator.id
        );
        let reports = state
            .page_cache
            .get_or_load_in(
                &key,
                Scope::Indicator(indicator.id),
                state.clock.today(),
                || async {
                    Ok(store::compliance::indicator_reports_of_organisation(
                        &state.pool,
                        indicator.id,
                        indicator.rules.frequency,
                        organisation_id,
                    )
                    .await?)
                },
            )
            .await?;
        // A computed indicator is reported by nobody: every tenant reads its figures (and its
        // own typed reports from before, if any, superseded).
        if reports.is_empty() && facts.entry.computed_from.is_none() {
            return Ok(None);
        }
        let visible =
            |f: &PeriodFigure| privacy::park_figure_visible_to_tenant(f.aggregate.contributors);
        Ok(Some(IndicatorFacts {
            facts: Facts {
                program: facts.program.clone(),
                entry: facts.entry.clone(),
                official: facts.official.iter().copied().filter(visible).collect(),
                has_reporters: true,
                restatements: facts.restatements.clone(),
            },
            history: Vec::new(),
            points: self
                .points
                .iter()
                .map(|p| SeriesPoint {
                    official: p.official.filter(visible),
                    provisional: None,
                    submitted: 0,
                    ..*p
                })
                .filter(|p| p.official.is_some())
                .collect(),
            periods: self.periods.clone(),
            own: Some(reports.as_ref().clone()),
        }))
    }

    /// The period asked for by its label (404 for one that names no period of the indicator),
    /// else the latest with an official figure (`card`'s), else the newest the table can show.
    pub fn chosen_period(
        &self,
        query: Option<&str>,
        card: &Scorecard,
    ) -> Result<Option<Period>, AppError> {
        let frequency = self.facts.entry.indicator.rules.frequency;
        match query.map(str::trim).filter(|q| !q.is_empty()) {
            Some(label) => Period::parse_label(frequency, label)
                .map(Some)
                .map_err(|_| AppError::NotFound(crate::domain::Missing::Period(label.to_string()))),
            None => Ok(card
                .latest
                .map(|f| f.period)
                .or_else(|| self.periods.first().copied())),
        }
    }
}

/// The live indicator with this code and its reports, or 404. Kept per indicator
/// (`cache::Scope::Indicator`): another indicator's reports or setup changing keeps them, and
/// when they are held the program's facts are not read at all.
pub async fn indicator_facts(
    state: &AppState,
    code: &str,
) -> Result<Arc<IndicatorFacts>, AppError> {
    let today = state.clock.today();
    let key = format!("indicator:{}:{code}", facts::program_key()?);
    if let Some(held) = state.page_cache.get(&key, today) {
        return Ok(held);
    }
    let not_found = || AppError::NotFound(crate::domain::Missing::Indicator(code.to_string()));
    let id = {
        let program_facts = facts::program_facts(state).await?;
        let program_facts = program_facts.as_ref().as_ref().ok_or_else(not_found)?;
        program_facts
            .entry(code)
            .ok_or_else(not_found)?
            .indicator
            .id
    };
    state
        .page_cache
        .get_or_load_in(&key, Scope::Indicator(id), today, || async {
            // Read again once the entry is stamped: program facts held from before a change of
            // this indicator would otherwise be filed as newer than that change.
            let program_facts = facts::program_facts(state).await?;
            let program_facts = program_facts.as_ref().as_ref().ok_or_else(not_found)?;
            let entry = program_facts
                .entry(code)
                .filter(|e| e.indicator.id == id)
                .ok_or_else(not_found)?;
            let indicator = &entry.indicator;
            let (id, rules) = (indicator.id, &indicator.rules);
            let (pending, reported, has_reporters, history) = tokio::try_join!(
                store::compliance::pending_reports(
                    &state.pool,
                    id,
                    rules.frequency,
                    rollup::provisional_needs_approved(rules.kind, rules.aggregation),
                ),
                store::compliance::reported_periods(&state.pool, id, rules.frequency),
                store::compliance::has_reporters(&state.pool, id),
                store::catalogue::target_history(&state.pool, id),
            )?;
            let facts = Facts {
                program: program_facts.program.clone(),
                entry: entry.clone(),
                official: program_facts.figures(id).to_vec(),
                has_reporters,
                restatements: program_facts.restatements_of(code).cloned().collect(),
            };
            let indicator = &facts.entry.indicator;
            // Typed reports of a computed indicator count for nothing, not even provisionally.
            let computed = entry.computed_from.is_some();
            let points = series::series_with_pending(
                &indicator.rules,
                &indicator.targets,
                &facts.official,
                if computed {
                    Vec::new()
                } else {
                    pending.reports
                },
                pending.with_approved && !computed,
                today,
            );
            let periods = period_reports::table_periods(
                indicator.rules.frequency,
                (facts.program.starts_on, facts.program.ends_on),
                reported,
                today,
            );
            Ok(IndicatorFacts {
                points,
                periods,
                facts,
                history,
                own: None,
            })
        })
        .await
}
