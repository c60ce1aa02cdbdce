//! The national view's facts: every program, the indicators several programs share
//! (`domain::parks::SharedDefinition`) and their official park figures. Three queries
//! whatever the number of parks; the pages and the API keep the result in the page cache and
//! set the parks side by side per request ([`NationalFacts::compare`]).

use std::collections::HashMap;

use chrono::NaiveDate;
use sqlx::PgPool;
use uuid::Uuid;

use super::catalogue::{self, CatalogueEntry};
use super::figures;
use super::program::{self, Program};
use crate::domain::kinds::Frequency;
use crate::domain::parks::{self, ParkFigure, SharedDefinition, Window};
use crate::domain::period::Period;
use crate::domain::rollup::PeriodFigure;

/// What the national view reads.
#[derive(Debug, Clone, Default)]
pub struct NationalFacts {
    /// The programs holding a shared indicator, earliest first: the view's columns.
    pub programs: Vec<Program>,
    /// One group per shared definition: each program's indicator of it (the program's index
    /// in `programs`), in the order of the first program's catalogue.
    pub groups: Vec<Vec<(usize, CatalogueEntry)>>,
    /// The official figures of the shared indicators, by indicator.
    pub series: HashMap<Uuid, Vec<PeriodFigure>>,
}

/// A park's cell of a row: its indicator and its figure (`None` in a row: the park does not
/// measure the indicator).
#[derive(Debug)]
pub struct ParkCell<'a> {
    pub program: &'a Program,
    pub entry: &'a CatalogueEntry,
    pub figure: ParkFigure,
}

/// One shared indicator across the parks.
#[derive(Debug)]
pub struct ComparisonRow<'a> {
    /// The first park's indicator: the row's name, unit and kind (the same definition in
    /// every park).
    pub lead: &'a CatalogueEntry,
    /// The period the row shows, read at the given frequency; `None` when no park has a
    /// figure yet.
    pub span: Option<(Period, Frequency)>,
    /// One cell per program of [`NationalFacts::programs`].
    pub cells: Vec<Option<ParkCell<'a>>>,
}

impl NationalFacts {
    /// The parks side by side for `window` on `today`.
    pub fn compare(&self, window: Window, today: NaiveDate) -> Vec<ComparisonRow<'_>> {
        self.groups
            .iter()
            .filter_map(|group| {
                let (_, lead) = group.first()?;
                let series: Vec<&[PeriodFigure]> =
                    group.iter().map(|(_, e)| self.figures(e)).collect();
                let span = parks::row_span(window, &series, today).map(|(period, frequency)| {
                    (period, frequency.unwrap_or(lead.indicator.rules.frequency))
                });
                let cells = (0..self.programs.len())
                    .map(|column| {
                        let (_, entry) = group.iter().find(|(p, _)| *p == column)?;
                        let figure = match span {
                            Some((period, _)) => parks::park_figure(
                                &entry.indicator.rules,
                                &entry.indicator.targets,
                                self.figures(entry),
                                period,
                                today,
                            ),
                            None => ParkFigure::NoFigure,
                        };
                        Some(ParkCell {
                            program: &self.programs[column],
                            entry,
                            figure,
                        })
                    })
                    .collect();
                Some(ComparisonRow { lead, span, cells })
            })
            .collect()
    }

    /// The periods a reader may choose: each closed period with a shared figure, and each
    /// year of them, newest first (a year before its periods).
    pub fn periods(&self, today: NaiveDate) -> Vec<(Period, Frequency)> {
        let mut periods: Vec<(Period, Frequency)> = self
            .groups
            .iter()
            .flatten()
            .flat_map(|(_, e)| {
                let frequency = e.indicator.rules.frequency;
                self.figures(e)
                    .iter()
                    .filter(|f| f.period.end() < today)
                    .flat_map(move |f| {
                        [
                            (f.period, frequency),
                            (
                                Period::containing(Frequency::Annual, f.period.start()),
                                Frequency::Annual,
                            ),
                        ]
                    })
            })
            .collect();
        // Newest end first; of two ending together, the longer (the year) first.
        periods.sort_by(|a, b| {
            (b.0.end(), a.0.start(), b.1.months()).cmp(&(a.0.end(), b.0.start(), a.1.months()))
        });
        periods.dedup_by_key(|(p, _)| *p);
        periods
    }

    fn figures(&self, entry: &CatalogueEntry) -> &[PeriodFigure] {
        self.series
            .get(&entry.indicator.id)
            .map_or(&[], Vec::as_slice)
    }
}

/// Reads the national view's facts: the programs and their live indicators (two queries),
/// then the official figures of the shared ones (one).
#[tracing::instrument(skip(pool))]
pub async fn national_facts(pool: &PgPool) -> Result<NationalFacts, sqlx::Error> {
    let (ties, entries) = tokio::try_join!(
        program::program_ties(pool, None, None),
        catalogue::entries_of_every_program(pool),
    )?;
    let measures: Vec<(Uuid, SharedDefinition)> = entries
        .iter()
        .map(|(program, e)| {
            (
                *program,
                SharedDefinition::of(&e.definition, &e.indicator.unit, &e.indicator.rules),
            )
        })
        .collect();
    let shared = parks::shared_groups(&measures);
    let mut entries: Vec<Option<(Uuid, CatalogueEntry)>> = entries.into_iter().map(Some).collect();
    let all: Vec<Program> = ties.into_iter().map(|t| t.program).collect();
    let programs: Vec<Program> = all
        .into_iter()
        .filter(|p| shared.iter().flatten().any(|i| measures[*i].0 == p.id))
        .collect();
    let groups: Vec<Vec<(usize, CatalogueEntry)>> = shared
        .iter()
        .map(|group| {
            group
                .iter()
                .filter_map(|i| {
                    let (program, entry) = entries[*i].take()?;
                    let column = programs.iter().position(|p| p.id == program)?;
                    Some((column, entry))
                })
                .collect()
        })
        .collect();
    let ids: Vec<Uuid> = groups
        .iter()
        .flatten()
        .map(|(_, e)| e.indicator.id)
        .collect();
    let series = if ids.is_empty() {
        HashMap::new()
    } else {
        figures::official_series_of_indicators(pool, &ids).await?
    };
    Ok(NationalFacts {
        programs,
        groups,
        series,
    })
}
