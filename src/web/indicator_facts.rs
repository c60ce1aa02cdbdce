//! What `/indicators/{code}` and its downloads read about one indicator, kept in the page
//! cache (`crate::cache`) until the data changes: the program's facts (the indicator and its
//! official figures among them), then the indicator's reports and target history — two
//! queries on a cold cache whatever the data size, none on a warm one — with what the domain
//! derives from them that is the same for every reader: the series (`domain::series`), the
//! periods the table can show and each period's lines and route figures
//! (`domain::period_reports`); and the part of them a tenant user may read
//! ([`IndicatorFacts::for_tenant`]). It holds no SQL, no rule and no view model.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use uuid::Uuid;

use super::facts;
use crate::cache::Scope;
use crate::domain::compliance::Compliance;
use crate::domain::kinds::ProcessRoute;
use crate::domain::period::Period;
use crate::domain::period_reports::{self, AssignmentRow, PeriodLine};
use crate::domain::privacy;
use crate::domain::rollup::{Aggregate, PeriodFigure};
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
    /// Every assigned organisation with every report it made, grouped by organisation.
    pub reports: Vec<AssignedReport>,
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
    /// Per period shown: its lines and route figures, worked out on first use and kept with
    /// these facts (never across a change of them).
    by_period: Mutex<HashMap<Period, Arc<PeriodFacts>>>,
}

/// Periods whose lines one indicator keeps at most (any valid label can be asked for).
const PERIODS_KEPT: usize = 64;

/// One period of the table: which organisations it lists, with the compliance of each, and
/// the approved figures rolled up per process route.
pub struct PeriodFacts {
    /// By position in [`Facts::reports`].
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

impl IndicatorFacts {
    /// The lines and route figures of `period`, from the memo or worked out now.
    pub fn period(&self, period: &Period, today: NaiveDate) -> Arc<PeriodFacts> {
        let memo = || self.by_period.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(found) = memo().get(period) {
            return Arc::clone(found);
        }
        let facts = &self.facts;
        let rows: Vec<AssignmentRow> = facts
            .reports
            .iter()
            .map(AssignedReport::assignment_row)
            .collect();
        let rules = &facts.entry.indicator.rules;
        let computed = Arc::new(PeriodFacts {
            lines: period_reports::period_lines(&rows, period, today),
            routes: period_reports::route_figures(
                (rules.kind, rules.aggregation),
                period,
                facts.reports.iter().filter_map(|row| {
                    let report = row.report.as_ref()?;
                    Some((row.reporter.process_route, report.reported_figure()))
                }),
            ),
        });
        let mut kept = memo();
        if kept.len() >= PERIODS_KEPT {
            kept.clear();
        }
        Arc::clone(kept.entry(*period).or_insert(computed))
    }
}

impl IndicatorFacts {
    /// What a tenant user of `organisation_id` may read of these facts: its own
    /// organisation's reports only, and the park's official figures only where
    /// `domain::privacy` lets a tenant see them (no provisional figures, which pool
    /// unreviewed reports, no target history, which names who changed it). `None` when the
    /// organisation is not assigned the indicator (and never was while reporting it).
    pub fn for_tenant(&self, organisation_id: Uuid) -> Option<IndicatorFacts> {
        let facts = &self.facts;
        let reports: Vec<AssignedReport> = facts
            .reports
            .iter()
            .filter(|r| r.reporter.organisation_id == organisation_id)
            .cloned()
            .collect();
        // A computed indicator is reported by nobody: every tenant reads its figures (and its
        // own typed reports from before, if any, superseded).
        if reports.is_empty() && facts.entry.computed_from.is_none() {
            return None;
        }
        let visible =
            |f: &PeriodFigure| privacy::park_figure_visible_to_tenant(f.aggregate.contributors);
        Some(IndicatorFacts {
            facts: Facts {
                program: facts.program.clone(),
                entry: facts.entry.clone(),
                official: facts.official.iter().copied().filter(visible).collect(),
                reports,
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
            by_period: Mutex::new(HashMap::new()),
        })
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

impl Facts {
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

    /// Every report of the indicator as the roll-ups weigh it.
    fn reported_figures(&self) -> impl Iterator<Item = series::ReportedFigure> + '_ {
        self.reports
            .iter()
            .filter_map(|r| r.report.as_ref().map(Report::reported_figure))
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
            let id = entry.indicator.id;
            let frequency = entry.indicator.rules.frequency;
            let (reports, history) = tokio::try_join!(
                store::compliance::indicator_reports(&state.pool, id, frequency),
                store::catalogue::target_history(&state.pool, id),
            )?;
            let facts = Facts {
                program: program_facts.program.clone(),
                entry: entry.clone(),
                official: program_facts.figures(id).to_vec(),
                reports,
                restatements: program_facts.restatements_of(code).cloned().collect(),
            };
            let indicator = &facts.entry.indicator;
            // Typed reports of a computed indicator count for nothing, not even provisionally.
            let reported: Vec<series::ReportedFigure> = if entry.computed_from.is_some() {
                Vec::new()
            } else {
                facts.reported_figures().collect()
            };
            let points = series::series(
                &indicator.rules,
                &indicator.targets,
                &facts.official,
                reported,
                today,
            );
            let periods = period_reports::table_periods(
                indicator.rules.frequency,
                (facts.program.starts_on, facts.program.ends_on),
                facts.reported_figures().map(|r| r.period),
                today,
            );
            Ok(IndicatorFacts {
                points,
                periods,
                facts,
                history,
                by_period: Mutex::new(HashMap::new()),
            })
        })
        .await
}
