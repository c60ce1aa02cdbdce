//! Indicators with every attribute the admin form edits and their framework references:
//! reads, writes, and the delete that only happens when nothing refers to one.
//! SQL only: no rule of the domain, no audit (the caller's business).

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::{PgConnection, PgExecutor};
use uuid::Uuid;

use crate::domain::Bilingual;
use crate::domain::structure::FrameworkReference;
use crate::store::text::columns;

/// An indicator with every attribute the admin form edits, plus what decides whether it may
/// be deleted.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct IndicatorRecord {
    pub id: Uuid,
    pub pillar_code: String,
    pub code: String,
    #[serde(flatten, serialize_with = "columns::name")]
    pub name: Bilingual,
    #[serde(flatten, serialize_with = "columns::definition")]
    pub definition: Bilingual,
    pub unit: String,
    pub kind: String,
    pub direction: String,
    pub aggregation: String,
    pub cumulative: bool,
    pub frequency: String,
    pub decimals: i16,
    pub baseline_value: Option<f64>,
    pub baseline_year: Option<i16>,
    #[serde(flatten, serialize_with = "columns::numerator_label")]
    pub numerator_label: Bilingual<Option<String>>,
    #[serde(flatten, serialize_with = "columns::denominator_label")]
    pub denominator_label: Bilingual<Option<String>>,
    #[serde(flatten, serialize_with = "columns::stage_labels")]
    pub stage_labels: Bilingual<Option<Vec<String>>>,
    pub position: i16,
    /// The hard bounds the admin set (`None`: the catalogue's default).
    pub bound_min: Option<f64>,
    pub bound_max: Option<f64>,
    pub bound_parts_max: Option<f64>,
    pub version: i32,
    pub archived: bool,
    /// Framework references as `framework | code | version` lines.
    pub frameworks: Vec<String>,
    /// Observations of it, whatever their status: any one means it can only be archived.
    pub observations: i64,
    /// Targets and assignments: these too keep it from being deleted outright.
    pub targets: i64,
    pub assignments: i64,
    /// The share of the assigned organisations a park figure needs (migration 0014).
    pub min_coverage_percent: i16,
    /// Where its official figures come from instead of reports (`domain::kinds::ComputedFrom`).
    pub computed_from: Option<String>,
}

/// What the indicator form writes.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorDraft {
    pub pillar_id: Uuid,
    pub code: String,
    #[serde(flatten, serialize_with = "columns::name")]
    pub name: Bilingual,
    #[serde(flatten, serialize_with = "columns::definition")]
    pub definition: Bilingual,
    pub unit: String,
    pub kind: String,
    pub direction: String,
    pub aggregation: String,
    pub cumulative: bool,
    pub frequency: String,
    pub decimals: i16,
    pub baseline_value: Option<f64>,
    pub baseline_year: Option<i16>,
    #[serde(flatten, serialize_with = "columns::numerator_label")]
    pub numerator_label: Bilingual<Option<String>>,
    #[serde(flatten, serialize_with = "columns::denominator_label")]
    pub denominator_label: Bilingual<Option<String>>,
    #[serde(flatten, serialize_with = "columns::stage_labels")]
    pub stage_labels: Bilingual<Option<Vec<String>>>,
    pub position: i16,
    pub frameworks: Vec<FrameworkReference>,
    /// The share of the assigned organisations a park figure needs (written by
    /// [`set_indicator_min_coverage`]).
    pub min_coverage_percent: i16,
    /// The hard bounds (`None`: the catalogue's default), written by [`set_indicator_bounds`].
    pub bound_min: Option<f64>,
    pub bound_max: Option<f64>,
    pub bound_parts_max: Option<f64>,
    /// Computed from activity data (`domain::kinds::ComputedFrom`), written by
    /// [`set_indicator_computed_from`]; `None`: reported by organisations.
    pub computed_from: Option<String>,
}

const INDICATOR_RECORD: &str = "
    SELECT i.id, p.code AS pillar_code, i.code, (i.name_en, i.name_id) AS name,
           (i.definition_en, i.definition_id) AS definition, i.unit, i.kind, i.direction,
           i.aggregation, i.cumulative, i.frequency, i.decimals, i.baseline_value, i.baseline_year,
           (i.numerator_label_en, i.numerator_label_id) AS numerator_label,
           (i.denominator_label_en, i.denominator_label_id) AS denominator_label,
           (i.stage_labels_en, i.stage_labels_id) AS stage_labels, i.position, i.version,
           i.bound_min, i.bound_max, i.bound_parts_max,
           i.archived_at IS NOT NULL AS archived,
           coalesce((SELECT array_agg(f.framework || ' | ' || f.code || ' | ' || f.version
                                  || coalesce(' | ' || f.effective_from::text, '') ORDER BY f.id)
                       FROM framework_reference f WHERE f.indicator_id = i.id), '{}') AS frameworks,
           (SELECT count(*) FROM observation o WHERE o.indicator_id = i.id) AS observations,
           (SELECT count(*) FROM target t WHERE t.indicator_id = i.id) AS targets,
           (SELECT count(*) FROM assignment a WHERE a.indicator_id = i.id) AS assignments,
           i.min_coverage_percent, i.computed_from
      FROM indicator i JOIN pillar p ON p.id = i.pillar_id";

/// Every indicator of the program, archived ones last.
#[tracing::instrument(skip(db))]
pub async fn indicators<'e>(
    db: impl PgExecutor<'e>,
    program_id: Uuid,
) -> Result<Vec<IndicatorRecord>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{INDICATOR_RECORD} WHERE i.program_id = $1
          ORDER BY i.archived_at IS NOT NULL, p.position, p.code, i.position, i.code"
    ))
    .bind(program_id)
    .fetch_all(db)
    .await
}

/// One indicator of the program by its code, archived or not.
#[tracing::instrument(skip(db))]
pub async fn indicator<'e>(
    db: impl PgExecutor<'e>,
    program_id: Uuid,
    code: &str,
) -> Result<Option<IndicatorRecord>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{INDICATOR_RECORD} WHERE i.program_id = $1 AND i.code = $2"
    ))
    .bind(program_id)
    .bind(code)
    .fetch_optional(db)
    .await
}

/// One indicator of the program by its code, archived or not, locked until the transaction
/// ends.
#[tracing::instrument(skip(conn))]
pub async fn lock_indicator(
    conn: &mut PgConnection,
    program_id: Uuid,
    code: &str,
) -> Result<Option<IndicatorRecord>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{INDICATOR_RECORD} WHERE i.program_id = $1 AND i.code = $2 FOR UPDATE OF i"
    ))
    .bind(program_id)
    .bind(code)
    .fetch_optional(conn)
    .await
}

/// Adds an indicator (without its framework references); its id.
#[tracing::instrument(skip(conn, draft), fields(code = %draft.code))]
pub async fn insert_indicator(
    conn: &mut PgConnection,
    program_id: Uuid,
    draft: &IndicatorDraft,
) -> Result<Uuid, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO indicator (program_id, pillar_id, code, name_en, name_id, definition_en,
                definition_id, unit, kind, direction, aggregation, cumulative, frequency, decimals,
                baseline_value, baseline_year, numerator_label_en, numerator_label_id,
                denominator_label_en, denominator_label_id, stage_labels_en, stage_labels_id,
                position)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
                 $19, $20, $21, $22, $23)
         RETURNING id",
    )
    .bind(program_id)
    .bind(draft.pillar_id)
    .bind(&draft.code)
    .bind(&draft.name.english)
    .bind(&draft.name.indonesian)
    .bind(&draft.definition.english)
    .bind(&draft.definition.indonesian)
    .bind(&draft.unit)
    .bind(&draft.kind)
    .bind(&draft.direction)
    .bind(&draft.aggregation)
    .bind(draft.cumulative)
    .bind(&draft.frequency)
    .bind(draft.decimals)
    .bind(draft.baseline_value)
    .bind(draft.baseline_year)
    .bind(&draft.numerator_label.english)
    .bind(&draft.numerator_label.indonesian)
    .bind(&draft.denominator_label.english)
    .bind(&draft.denominator_label.indonesian)
    .bind(&draft.stage_labels.english)
    .bind(&draft.stage_labels.indonesian)
    .bind(draft.position)
    .fetch_one(conn)
    .await
}

/// Sets an indicator's minimum coverage (issue 11): kept apart from the other columns'
/// statements so that the coverage rule stays one self-contained change.
#[tracing::instrument(skip(conn))]
pub async fn set_indicator_min_coverage(
    conn: &mut PgConnection,
    id: Uuid,
    percent: i16,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE indicator SET min_coverage_percent = $2
          WHERE id = $1 AND min_coverage_percent <> $2",
    )
    .bind(id)
    .bind(percent)
    .execute(conn)
    .await?;
    Ok(())
}

/// Changes an indicator if it is still at `version` (the one the editor started from); the new
/// version, or `None` when someone else changed it first (or it does not exist). The code stays.
#[tracing::instrument(skip(conn, draft))]
pub async fn update_indicator(
    conn: &mut PgConnection,
    id: Uuid,
    version: i32,
    draft: &IndicatorDraft,
) -> Result<Option<i32>, sqlx::Error> {
    sqlx::query_scalar(
        "UPDATE indicator SET pillar_id = $3, name_en = $4, name_id = $5, definition_en = $6,
                definition_id = $7, unit = $8, kind = $9, direction = $10, aggregation = $11,
                cumulative = $12, frequency = $13, decimals = $14, baseline_value = $15,
                baseline_year = $16, numerator_label_en = $17, numerator_label_id = $18,
                denominator_label_en = $19, denominator_label_id = $20, stage_labels_en = $21,
                stage_labels_id = $22, position = $23, version = version + 1, updated_at = now()
          WHERE id = $1 AND version = $2
          RETURNING version",
    )
    .bind(id)
    .bind(version)
    .bind(draft.pillar_id)
    .bind(&draft.name.english)
    .bind(&draft.name.indonesian)
    .bind(&draft.definition.english)
    .bind(&draft.definition.indonesian)
    .bind(&draft.unit)
    .bind(&draft.kind)
    .bind(&draft.direction)
    .bind(&draft.aggregation)
    .bind(draft.cumulative)
    .bind(&draft.frequency)
    .bind(draft.decimals)
    .bind(draft.baseline_value)
    .bind(draft.baseline_year)
    .bind(&draft.numerator_label.english)
    .bind(&draft.numerator_label.indonesian)
    .bind(&draft.denominator_label.english)
    .bind(&draft.denominator_label.indonesian)
    .bind(&draft.stage_labels.english)
    .bind(&draft.stage_labels.indonesian)
    .bind(draft.position)
    .fetch_optional(conn)
    .await
}

/// Sets an indicator's hard bounds (`None`: the catalogue's default).
#[tracing::instrument(skip(conn, draft))]
pub async fn set_indicator_bounds(
    conn: &mut PgConnection,
    id: Uuid,
    draft: &IndicatorDraft,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE indicator SET bound_min = $2, bound_max = $3, bound_parts_max = $4 WHERE id = $1",
    )
    .bind(id)
    .bind(draft.bound_min)
    .bind(draft.bound_max)
    .bind(draft.bound_parts_max)
    .execute(conn)
    .await?;
    Ok(())
}

/// Replaces an indicator's framework references with `lines`, in one statement each way.
#[tracing::instrument(skip(conn, lines))]
pub async fn replace_frameworks(
    conn: &mut PgConnection,
    indicator_id: Uuid,
    lines: &[FrameworkReference],
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM framework_reference WHERE indicator_id = $1")
        .bind(indicator_id)
        .execute(&mut *conn)
        .await?;
    let frameworks: Vec<&str> = lines.iter().map(|l| l.framework.as_str()).collect();
    let codes: Vec<&str> = lines.iter().map(|l| l.code.as_str()).collect();
    let versions: Vec<&str> = lines.iter().map(|l| l.version.as_str()).collect();
    let effective: Vec<Option<chrono::NaiveDate>> =
        lines.iter().map(|l| l.effective_from).collect();
    sqlx::query(
        "INSERT INTO framework_reference (indicator_id, framework, code, version, effective_from)
         SELECT $1, f, c, v, e
           FROM unnest($2::text[], $3::text[], $4::text[], $5::date[]) AS x(f, c, v, e)",
    )
    .bind(indicator_id)
    .bind(&frameworks)
    .bind(&codes)
    .bind(&versions)
    .bind(&effective)
    .execute(conn)
    .await?;
    Ok(())
}

/// Sets where an indicator's official figures come from (`None`: reported). Kept apart like
/// the coverage: the column came with the GHG inventory (migration 0027).
#[tracing::instrument(skip(conn))]
pub async fn set_indicator_computed_from(
    conn: &mut PgConnection,
    id: Uuid,
    computed_from: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE indicator SET computed_from = $2
          WHERE id = $1 AND computed_from IS DISTINCT FROM $2",
    )
    .bind(id)
    .bind(computed_from)
    .execute(conn)
    .await?;
    Ok(())
}

/// Archives (or restores) an indicator, bumping its version; false when it does not exist.
#[tracing::instrument(skip(conn))]
pub async fn set_indicator_archived(
    conn: &mut PgConnection,
    id: Uuid,
    archived: bool,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE indicator SET archived_at = CASE WHEN $2 THEN coalesce(archived_at, $3) END,
                version = version + 1, updated_at = $3
          WHERE id = $1",
    )
    .bind(id)
    .bind(archived)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Deletes an indicator that nothing references (no observation, target or assignment) with its
/// framework references; false when something does reference it (then archive it instead).
#[tracing::instrument(skip(conn))]
pub async fn delete_unreferenced_indicator(
    conn: &mut PgConnection,
    id: Uuid,
) -> Result<bool, sqlx::Error> {
    let free: bool = sqlx::query_scalar(
        "SELECT NOT EXISTS (SELECT 1 FROM observation WHERE indicator_id = $1)
            AND NOT EXISTS (SELECT 1 FROM target WHERE indicator_id = $1)
            AND NOT EXISTS (SELECT 1 FROM assignment WHERE indicator_id = $1)",
    )
    .bind(id)
    .fetch_one(&mut *conn)
    .await?;
    if !free {
        return Ok(false);
    }
    sqlx::query("DELETE FROM framework_reference WHERE indicator_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    let done = sqlx::query("DELETE FROM indicator WHERE id = $1")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Sets an indicator's baseline (value and year) if it is still at `version`; the new version,
/// or `None` when it changed since it was read.
#[tracing::instrument(skip(conn))]
pub async fn set_indicator_baseline(
    conn: &mut PgConnection,
    id: Uuid,
    version: i32,
    value: f64,
    year: i16,
    at: DateTime<Utc>,
) -> Result<Option<i32>, sqlx::Error> {
    sqlx::query_scalar(
        "UPDATE indicator SET baseline_value = $3, baseline_year = $4, version = version + 1,
                updated_at = $5
          WHERE id = $1 AND version = $2
          RETURNING version",
    )
    .bind(id)
    .bind(version)
    .bind(value)
    .bind(year)
    .bind(at)
    .fetch_optional(conn)
    .await
}
