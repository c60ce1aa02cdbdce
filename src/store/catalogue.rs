//! The indicator catalogue as the dashboards show it: every attribute in both languages, the
//! targets, the framework references and when each assigned organisation starts reporting,
//! and the history of every target.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgPool;
use uuid::Uuid;

use super::parse_column;
use super::program::Indicator;
use crate::domain::Bilingual;
use crate::domain::kinds::ComputedFrom;
use crate::domain::scorecard::IndicatorRules;
use crate::domain::status::TargetPath;

/// A reporting framework an indicator answers to (GRI 305-4, EIP Framework…).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrameworkRef {
    pub framework: String,
    pub code: String,
    pub version: String,
    pub effective_from: Option<NaiveDate>,
}

/// An indicator with everything its pages show.
#[derive(Debug, Clone)]
pub struct CatalogueEntry {
    /// Names, unit, rules, decimals and target path (the same shape the scorecard takes).
    pub indicator: Indicator,
    pub pillar_code: String,
    pub pillar_name: Bilingual,
    pub definition: Bilingual,
    /// The names of a fraction's numerator and denominator (fraction indicators).
    pub numerator_label: Bilingual<Option<String>>,
    pub denominator_label: Bilingual<Option<String>>,
    pub frameworks: Vec<FrameworkRef>,
    /// The stored baseline (year, value), if any; the target path stands the first target in
    /// for a missing one, this does not.
    pub baseline: Option<(i32, f64)>,
    /// Live assignments (of live organisations) by start date, oldest first: how many
    /// organisations report from each date. From the assignment tally (migration 0010), so the
    /// catalogue reads a few rows per indicator however many organisations are assigned.
    pub assignment_starts: Vec<(NaiveDate, usize)>,
    /// Where its official figures come from when nobody reports it (`indicator.computed_from`).
    pub computed_from: Option<ComputedFrom>,
}

#[derive(sqlx::FromRow)]
struct EntryRow {
    id: Uuid,
    pillar_id: Uuid,
    pillar_code: String,
    pillar_name: Bilingual,
    code: String,
    name: Bilingual,
    definition: Bilingual,
    unit: String,
    kind: String,
    direction: String,
    aggregation: String,
    cumulative: bool,
    frequency: String,
    decimals: i16,
    min_coverage_percent: i16,
    baseline_value: Option<f64>,
    baseline_year: Option<i16>,
    numerator_label: Bilingual<Option<String>>,
    denominator_label: Bilingual<Option<String>>,
    stage_labels: Bilingual<Option<Vec<String>>>,
    target_years: Vec<i16>,
    target_values: Vec<f64>,
    framework_names: Vec<String>,
    framework_codes: Vec<String>,
    framework_versions: Vec<String>,
    framework_effective: Vec<Option<NaiveDate>>,
    assignment_starts: Vec<NaiveDate>,
    assignment_counts: Vec<i32>,
    computed_from: Option<String>,
}

/// The catalogue's query: every column of [`EntryRow`], then `$columns` (with a leading comma
/// or empty), the joins, then `$rest` (the `WHERE` and `ORDER BY`).
macro_rules! entries_sql {
    ($columns:literal, $rest:literal) => {
        concat!(
            "SELECT i.id, i.pillar_id, p.code AS pillar_code, (p.name_en, p.name_id) AS pillar_name,
                i.code, (i.name_en, i.name_id) AS name,
                (i.definition_en, i.definition_id) AS definition, i.unit, i.kind, i.direction,
                i.aggregation, i.cumulative,
                i.frequency, i.decimals, i.min_coverage_percent, i.baseline_value,
                i.baseline_year, (i.numerator_label_en, i.numerator_label_id) AS numerator_label,
                (i.denominator_label_en, i.denominator_label_id) AS denominator_label,
                (i.stage_labels_en, i.stage_labels_id) AS stage_labels,
                t.years AS target_years, t.target_values,
                f.names AS framework_names, f.codes AS framework_codes,
                f.versions AS framework_versions, f.effective AS framework_effective,
                a.starts AS assignment_starts, a.counts AS assignment_counts, i.computed_from",
            $columns,
            "
           FROM indicator i
           JOIN pillar p ON p.id = i.pillar_id
           CROSS JOIN LATERAL (
                SELECT coalesce(array_agg(year ORDER BY year), '{}') AS years,
                       coalesce(array_agg(value ORDER BY year), '{}') AS target_values
                  FROM target WHERE indicator_id = i.id) t
           CROSS JOIN LATERAL (
                SELECT coalesce(array_agg(framework ORDER BY effective_from NULLS FIRST, id), '{}') AS names,
                       coalesce(array_agg(code ORDER BY effective_from NULLS FIRST, id), '{}') AS codes,
                       coalesce(array_agg(version ORDER BY effective_from NULLS FIRST, id), '{}') AS versions,
                       coalesce(array_agg(effective_from ORDER BY effective_from NULLS FIRST, id), '{}') AS effective
                  FROM framework_reference WHERE indicator_id = i.id) f
           CROSS JOIN LATERAL (
                SELECT coalesce(array_agg(starts_on ORDER BY starts_on), '{}') AS starts,
                       coalesce(array_agg(assignments ORDER BY starts_on), '{}') AS counts
                  FROM indicator_assignment_tally
                 WHERE indicator_id = i.id AND assignments > 0) a
",
            $rest
        )
    };
}

/// Live indicators of the program in display order (pillar, then position), each with its
/// targets, framework references and assignments; one indicator when `code` is given. One
/// query whatever the number of indicators.
#[tracing::instrument(skip(pool))]
pub async fn entries(
    pool: &PgPool,
    program_id: Uuid,
    code: Option<&str>,
) -> Result<Vec<CatalogueEntry>, sqlx::Error> {
    let rows: Vec<EntryRow> = sqlx::query_as(entries_sql!(
        "",
        "WHERE i.program_id = $1 AND i.archived_at IS NULL
            AND ($2::text IS NULL OR i.code = $2)
          ORDER BY p.position, i.position, i.code"
    ))
    .bind(program_id)
    .bind(code)
    .fetch_all(pool)
    .await?;
    rows.into_iter().map(CatalogueEntry::try_from).collect()
}

#[derive(sqlx::FromRow)]
struct ProgramEntryRow {
    program_id: Uuid,
    #[sqlx(flatten)]
    entry: EntryRow,
}

/// The live indicators of every program, each with its program's id, in the programs' order
/// (earliest first) and each program's display order: what the national view (`/parks`) sets
/// side by side. One query; a few rows per indicator of the installation.
#[tracing::instrument(skip(pool))]
pub async fn entries_of_every_program(
    pool: &PgPool,
) -> Result<Vec<(Uuid, CatalogueEntry)>, sqlx::Error> {
    let rows: Vec<ProgramEntryRow> = sqlx::query_as(entries_sql!(
        ", i.program_id",
        "JOIN program g ON g.id = i.program_id
          WHERE i.archived_at IS NULL
          ORDER BY g.starts_on, g.code, p.position, i.position, i.code"
    ))
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|row| Ok((row.program_id, CatalogueEntry::try_from(row.entry)?)))
        .collect()
}

impl TryFrom<EntryRow> for CatalogueEntry {
    type Error = sqlx::Error;

    fn try_from(row: EntryRow) -> Result<Self, Self::Error> {
        let baseline = row.baseline_year.map(i32::from).zip(row.baseline_value);
        let targets = TargetPath::new(
            baseline,
            row.target_years
                .iter()
                .map(|y| i32::from(*y))
                .zip(row.target_values.iter().copied())
                .collect(),
        );
        let frameworks = row
            .framework_names
            .into_iter()
            .zip(row.framework_codes)
            .zip(row.framework_versions)
            .zip(row.framework_effective)
            .map(
                |(((framework, code), version), effective_from)| FrameworkRef {
                    framework,
                    code,
                    version,
                    effective_from,
                },
            )
            .collect();
        Ok(CatalogueEntry {
            indicator: Indicator {
                id: row.id,
                pillar_id: row.pillar_id,
                code: row.code,
                name: row.name,
                unit: row.unit,
                rules: IndicatorRules {
                    kind: parse_column("kind", &row.kind)?,
                    direction: parse_column("direction", &row.direction)?,
                    aggregation: parse_column("aggregation", &row.aggregation)?,
                    cumulative: row.cumulative,
                    frequency: parse_column("frequency", &row.frequency)?,
                    min_coverage_percent: u8::try_from(row.min_coverage_percent)
                        .unwrap_or(crate::domain::coverage::DEFAULT_MIN_COVERAGE_PERCENT),
                },
                decimals: u8::try_from(row.decimals).unwrap_or(1),
                stage_labels: row.stage_labels.unwrap_or_default(),
                targets,
            },
            pillar_code: row.pillar_code,
            pillar_name: row.pillar_name,
            definition: row.definition,
            numerator_label: row.numerator_label,
            denominator_label: row.denominator_label,
            frameworks,
            baseline,
            assignment_starts: row
                .assignment_starts
                .into_iter()
                .zip(row.assignment_counts)
                .map(|(starts, count)| (starts, usize::try_from(count).unwrap_or(0)))
                .collect(),
            computed_from: row
                .computed_from
                .as_deref()
                .map(|c| parse_column("computed_from", c))
                .transpose()?,
        })
    }
}

/// One change of a target: what it was, what it became, who changed it, when and why.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TargetRevision {
    pub year: i16,
    pub old_value: Option<f64>,
    pub new_value: f64,
    pub reason: String,
    pub changed_by: String,
    pub changed_at: DateTime<Utc>,
}

/// Every target change of an indicator, by year then time.
#[tracing::instrument(skip(pool))]
pub async fn target_history(
    pool: &PgPool,
    indicator_id: Uuid,
) -> Result<Vec<TargetRevision>, sqlx::Error> {
    sqlx::query_as(
        "SELECT year, old_value, new_value, reason, changed_by, changed_at
           FROM target_revision
          WHERE indicator_id = $1
          ORDER BY year, changed_at, id",
    )
    .bind(indicator_id)
    .fetch_all(pool)
    .await
}
