//! What several dashboard pages read, loaded together and kept in the page cache
//! (`crate::cache`) until the data changes: the program, its pillars, the indicator catalogue,
//! the official figures, each indicator's scorecard on the day, the milestones and the
//! published restatements. Six queries on a miss, none on a hit.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;
use uuid::Uuid;

use crate::cache::Scope;
use crate::domain::rollup::PeriodFigure;
use crate::domain::scorecard::{self, Scorecard};
use crate::domain::transparency::Statement;
use crate::domain::transparency::statement::{RestatementNote, restatement_notes};
use crate::error::AppError;
use crate::state::AppState;
use crate::store;
use crate::store::catalogue::CatalogueEntry;
use crate::store::milestones::Milestone;
use crate::store::program::{Pillar, Program};

/// The program as the dashboards read it.
pub struct ProgramFacts {
    pub program: Program,
    pub pillars: Vec<Pillar>,
    /// Live indicators in display order.
    pub entries: Vec<CatalogueEntry>,
    /// Official figures per indicator, by period.
    pub series: HashMap<Uuid, Vec<PeriodFigure>>,
    /// Where each indicator of `entries` stands (same order), on the day the facts were
    /// loaded for (the cache keeps them for that day only): judged once per change of the
    /// data, not on every page view.
    pub cards: Vec<Scorecard>,
    pub milestones: Vec<Milestone>,
    /// Published figures that a restatement changed (the transparency log's restatements),
    /// shown beside the current figure: "restated on … (was …): reason".
    pub restatements: Vec<RestatementNote>,
}

impl ProgramFacts {
    /// An indicator's official figures (none yet: empty).
    pub fn figures(&self, indicator_id: Uuid) -> &[PeriodFigure] {
        self.series.get(&indicator_id).map_or(&[], Vec::as_slice)
    }

    /// The restated published figures of an indicator, newest period first.
    pub fn restatements_of<'a>(
        &'a self,
        code: &'a str,
    ) -> impl Iterator<Item = &'a RestatementNote> + 'a {
        self.restatements
            .iter()
            .filter(move |n| n.indicator == code)
    }

    /// The live indicator with this code.
    pub fn entry(&self, code: &str) -> Option<&CatalogueEntry> {
        self.entries.iter().find(|e| e.indicator.code == code)
    }
}

/// The request's program's facts (`auth::program`); `None` inside when the database holds no
/// program yet. Each program's facts are kept under a key of their own.
pub async fn program_facts(state: &AppState) -> Result<Arc<Option<ProgramFacts>>, AppError> {
    // The program itself is copied only to load its facts.
    let Some(key) =
        crate::auth::program::with_current(|p| p.map(|p| format!("program:{}", p.code)))?
    else {
        return Ok(Arc::new(None));
    };
    state
        .page_cache
        .get_or_load(&key, state.clock.today(), || async {
            match crate::auth::program::current()? {
                Some(program) => load(state, program, state.clock.today()).await,
                None => Ok(None),
            }
        })
        .await
}

/// The request's program code, for the page-cache keys of pages that read one program
/// (`-` before any program exists).
pub fn program_key() -> Result<String, AppError> {
    crate::auth::program::with_current(|p| p.map_or_else(|| "-".to_string(), |p| p.code.clone()))
}

async fn load(
    state: &AppState,
    program: Program,
    today: NaiveDate,
) -> Result<Option<ProgramFacts>, AppError> {
    let pool = &state.pool;
    let (pillars, entries, series, milestones, publications) = tokio::try_join!(
        store::program::pillars(pool, program.id),
        store::catalogue::entries(pool, program.id, None),
        store::figures::official_series(pool, program.id),
        store::milestones::milestones(pool, program.id),
        store::transparency::restatements(pool, program.id),
    )?;
    let statements: Vec<(u64, Statement)> = publications
        .iter()
        .filter_map(|(entry, body)| {
            Some((
                u64::try_from(*entry).ok()?,
                serde_json::from_slice(body).ok()?,
            ))
        })
        .collect();
    let restatements = restatement_notes(&statements);
    let cards = entries
        .iter()
        .map(|e| {
            let figures = series.get(&e.indicator.id).map_or(&[][..], Vec::as_slice);
            scorecard::scorecard(&e.indicator.rules, &e.indicator.targets, figures, today)
        })
        .collect();
    Ok(Some(ProgramFacts {
        program,
        pillars,
        entries,
        series,
        cards,
        milestones,
        restatements,
    }))
}

/// Whether the demo data is loaded (the page frame's marker), kept like the other facts
/// (a data set is structure: reports changing keep it).
pub async fn demo_loaded(state: &AppState) -> Result<bool, AppError> {
    let demo = state
        .page_cache
        .get_or_load_in("demo", Scope::Structure, state.clock.today(), || async {
            Ok(store::program::demo_loaded(&state.pool).await?)
        })
        .await?;
    Ok(*demo)
}
