//! Writes to the program's structure from the admin forms: pillars, indicators with their
//! framework references, yearly targets (each change kept in `target_revision`), and the reads
//! those forms need. Every write takes the caller's transaction so that the write and its audit
//! entry commit together; updates of versioned rows check the version the editor started from.

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

/// A pillar as the admin list shows it.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct PillarRecord {
    pub id: Uuid,
    pub code: String,
    pub name_en: String,
    pub name_id: String,
    pub description_en: String,
    pub description_id: String,
    pub position: i16,
    pub version: i32,
    pub archived: bool,
    /// Live and archived indicators under it.
    pub indicators: i64,
}

/// What the pillar form writes.
#[derive(Debug, Clone, Serialize)]
pub struct PillarDraft {
    pub code: String,
    pub name_en: String,
    pub name_id: String,
    pub description_en: String,
    pub description_id: String,
    pub position: i16,
}

/// Every pillar of the program, archived ones included, with its indicator count.
#[tracing::instrument(skip(pool))]
pub async fn pillars(pool: &PgPool, program_id: Uuid) -> Result<Vec<PillarRecord>, sqlx::Error> {
    sqlx::query_as(
        "SELECT p.id, p.code, p.name_en, p.name_id, p.description_en, p.description_id, p.position,
                p.version, p.archived_at IS NOT NULL AS archived,
                (SELECT count(*) FROM indicator i WHERE i.pillar_id = p.id) AS indicators
           FROM pillar p
          WHERE p.program_id = $1
          ORDER BY p.archived_at IS NOT NULL, p.position, p.code",
    )
    .bind(program_id)
    .fetch_all(pool)
    .await
}

/// Adds a pillar; its id.
#[tracing::instrument(skip(conn, draft), fields(code = %draft.code))]
pub async fn insert_pillar(
    conn: &mut PgConnection,
    program_id: Uuid,
    draft: &PillarDraft,
) -> Result<Uuid, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO pillar (program_id, code, name_en, name_id, description_en, description_id, position)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         RETURNING id",
    )
    .bind(program_id)
    .bind(&draft.code)
    .bind(&draft.name_en)
    .bind(&draft.name_id)
    .bind(&draft.description_en)
    .bind(&draft.description_id)
    .bind(draft.position)
    .fetch_one(conn)
    .await
}

/// Changes a pillar's names, descriptions and position (its code stays) if it is still at
/// `version`; the new version, or `None` when someone else changed it first.
#[tracing::instrument(skip(conn, draft))]
pub async fn update_pillar(
    conn: &mut PgConnection,
    id: Uuid,
    version: i32,
    draft: &PillarDraft,
) -> Result<Option<i32>, sqlx::Error> {
    sqlx::query_scalar(
        "UPDATE pillar SET name_en = $3, name_id = $4, description_en = $5, description_id = $6,
                position = $7, version = version + 1
          WHERE id = $1 AND version = $2
          RETURNING version",
    )
    .bind(id)
    .bind(version)
    .bind(&draft.name_en)
    .bind(&draft.name_id)
    .bind(&draft.description_en)
    .bind(&draft.description_id)
    .bind(draft.position)
    .fetch_optional(conn)
    .await
}

/// Archives (or restores) a pillar; false when it does not exist.
#[tracing::instrument(skip(conn))]
pub async fn set_pillar_archived(
    conn: &mut PgConnection,
    id: Uuid,
    archived: bool,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE pillar SET archived_at = CASE WHEN $2 THEN coalesce(archived_at, now()) END,
                version = version + 1
          WHERE id = $1",
    )
    .bind(id)
    .bind(archived)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// An indicator with every attribute the admin form edits, plus what decides whether it may
/// be deleted.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct IndicatorRecord {
    pub id: Uuid,
    pub pillar_code: String,
    pub code: String,
    pub name_en: String,
    pub name_id: String,
    pub definition_en: String,
    pub definition_id: String,
    pub unit: String,
    pub kind: String,
    pub direction: String,
    pub aggregation: String,
    pub cumulative: bool,
    pub frequency: String,
    pub decimals: i16,
    pub baseline_value: Option<f64>,
    pub baseline_year: Option<i16>,
    pub numerator_label_en: Option<String>,
    pub numerator_label_id: Option<String>,
    pub denominator_label_en: Option<String>,
    pub denominator_label_id: Option<String>,
    pub stage_labels_en: Option<Vec<String>>,
    pub stage_labels_id: Option<Vec<String>>,
    pub position: i16,
    pub version: i32,
    pub archived: bool,
    /// Framework references as `framework | code | version` lines.
    pub frameworks: Vec<String>,
    /// Observations of it, whatever their status: any one means it can only be archived.
    pub observations: i64,
    /// Targets and assignments: these too keep it from being deleted outright.
    pub targets: i64,
    pub assignments: i64,
}

/// A framework reference as the form writes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FrameworkLine {
    pub framework: String,
    pub code: String,
    pub version: String,
    /// From when the reference applies (GRI 102 replaces 305 from 2027).
    pub effective_from: Option<chrono::NaiveDate>,
}

/// What the indicator form writes.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorDraft {
    pub pillar_id: Uuid,
    pub code: String,
    pub name_en: String,
    pub name_id: String,
    pub definition_en: String,
    pub definition_id: String,
    pub unit: String,
    pub kind: String,
    pub direction: String,
    pub aggregation: String,
    pub cumulative: bool,
    pub frequency: String,
    pub decimals: i16,
    pub baseline_value: Option<f64>,
    pub baseline_year: Option<i16>,
    pub numerator_label_en: Option<String>,
    pub numerator_label_id: Option<String>,
    pub denominator_label_en: Option<String>,
    pub denominator_label_id: Option<String>,
    pub stage_labels_en: Option<Vec<String>>,
    pub stage_labels_id: Option<Vec<String>>,
    pub position: i16,
    pub frameworks: Vec<FrameworkLine>,
}

const INDICATOR_RECORD: &str = "
    SELECT i.id, p.code AS pillar_code, i.code, i.name_en, i.name_id, i.definition_en,
           i.definition_id, i.unit, i.kind, i.direction, i.aggregation, i.cumulative, i.frequency,
           i.decimals, i.baseline_value, i.baseline_year, i.numerator_label_en,
           i.numerator_label_id, i.denominator_label_en, i.denominator_label_id,
           i.stage_labels_en, i.stage_labels_id, i.position, i.version,
           i.archived_at IS NOT NULL AS archived,
           coalesce((SELECT array_agg(f.framework || ' | ' || f.code || ' | ' || f.version
                                  || coalesce(' | ' || f.effective_from::text, '') ORDER BY f.id)
                       FROM framework_reference f WHERE f.indicator_id = i.id), '{}') AS frameworks,
           (SELECT count(*) FROM observation o WHERE o.indicator_id = i.id) AS observations,
           (SELECT count(*) FROM target t WHERE t.indicator_id = i.id) AS targets,
           (SELECT count(*) FROM assignment a WHERE a.indicator_id = i.id) AS assignments
      FROM indicator i JOIN pillar p ON p.id = i.pillar_id";

/// Every indicator of the program, archived ones last.
#[tracing::instrument(skip(pool))]
pub async fn indicators(
    pool: &PgPool,
    program_id: Uuid,
) -> Result<Vec<IndicatorRecord>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{INDICATOR_RECORD} WHERE i.program_id = $1
          ORDER BY i.archived_at IS NOT NULL, p.position, p.code, i.position, i.code"
    ))
    .bind(program_id)
    .fetch_all(pool)
    .await
}

/// One indicator of the program by its code, archived or not.
#[tracing::instrument(skip(pool))]
pub async fn indicator(
    pool: &PgPool,
    program_id: Uuid,
    code: &str,
) -> Result<Option<IndicatorRecord>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{INDICATOR_RECORD} WHERE i.program_id = $1 AND i.code = $2"
    ))
    .bind(program_id)
    .bind(code)
    .fetch_optional(pool)
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
    .bind(&draft.name_en)
    .bind(&draft.name_id)
    .bind(&draft.definition_en)
    .bind(&draft.definition_id)
    .bind(&draft.unit)
    .bind(&draft.kind)
    .bind(&draft.direction)
    .bind(&draft.aggregation)
    .bind(draft.cumulative)
    .bind(&draft.frequency)
    .bind(draft.decimals)
    .bind(draft.baseline_value)
    .bind(draft.baseline_year)
    .bind(&draft.numerator_label_en)
    .bind(&draft.numerator_label_id)
    .bind(&draft.denominator_label_en)
    .bind(&draft.denominator_label_id)
    .bind(&draft.stage_labels_en)
    .bind(&draft.stage_labels_id)
    .bind(draft.position)
    .fetch_one(conn)
    .await
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
    .bind(&draft.name_en)
    .bind(&draft.name_id)
    .bind(&draft.definition_en)
    .bind(&draft.definition_id)
    .bind(&draft.unit)
    .bind(&draft.kind)
    .bind(&draft.direction)
    .bind(&draft.aggregation)
    .bind(draft.cumulative)
    .bind(&draft.frequency)
    .bind(draft.decimals)
    .bind(draft.baseline_value)
    .bind(draft.baseline_year)
    .bind(&draft.numerator_label_en)
    .bind(&draft.numerator_label_id)
    .bind(&draft.denominator_label_en)
    .bind(&draft.denominator_label_id)
    .bind(&draft.stage_labels_en)
    .bind(&draft.stage_labels_id)
    .bind(draft.position)
    .fetch_optional(conn)
    .await
}

/// Replaces an indicator's framework references with `lines`, in one statement each way.
#[tracing::instrument(skip(conn, lines))]
pub async fn replace_frameworks(
    conn: &mut PgConnection,
    indicator_id: Uuid,
    lines: &[FrameworkLine],
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

/// Archives (or restores) an indicator, bumping its version; false when it does not exist.
#[tracing::instrument(skip(conn))]
pub async fn set_indicator_archived(
    conn: &mut PgConnection,
    id: Uuid,
    archived: bool,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE indicator SET archived_at = CASE WHEN $2 THEN coalesce(archived_at, now()) END,
                version = version + 1, updated_at = now()
          WHERE id = $1",
    )
    .bind(id)
    .bind(archived)
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

/// A yearly target as the form shows it.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct TargetRecord {
    pub year: i16,
    pub value: f64,
    pub version: i32,
    pub updated_at: DateTime<Utc>,
}

/// An indicator's targets by year.
#[tracing::instrument(skip(pool))]
pub async fn targets(pool: &PgPool, indicator_id: Uuid) -> Result<Vec<TargetRecord>, sqlx::Error> {
    sqlx::query_as(
        "SELECT year, value, version, updated_at FROM target WHERE indicator_id = $1 ORDER BY year",
    )
    .bind(indicator_id)
    .fetch_all(pool)
    .await
}

/// What happened to a target write.
#[derive(Debug, Clone, PartialEq)]
pub enum TargetWrite {
    /// Stored; the value it had before (`None`: a new target).
    Stored { old_value: Option<f64> },
    /// The target was changed since the editor read it (at `version`); nothing stored.
    Stale { current_value: Option<f64> },
}

/// Sets an indicator's target for a year and appends its revision, if the target is still at
/// `expected_version` (`None`: the editor saw no target for that year).
#[tracing::instrument(skip(conn, reason, changed_by))]
pub async fn set_target(
    conn: &mut PgConnection,
    indicator_id: Uuid,
    year: i16,
    value: f64,
    expected_version: Option<i32>,
    reason: &str,
    changed_by: &str,
) -> Result<TargetWrite, sqlx::Error> {
    let current: Option<(f64, i32)> = sqlx::query_as(
        "SELECT value, version FROM target WHERE indicator_id = $1 AND year = $2 FOR UPDATE",
    )
    .bind(indicator_id)
    .bind(year)
    .fetch_optional(&mut *conn)
    .await?;
    if current.map(|(_, v)| v) != expected_version {
        return Ok(TargetWrite::Stale {
            current_value: current.map(|(v, _)| v),
        });
    }
    sqlx::query(
        "INSERT INTO target (indicator_id, year, value) VALUES ($1, $2, $3)
         ON CONFLICT (indicator_id, year)
         DO UPDATE SET value = excluded.value, version = target.version + 1, updated_at = now()",
    )
    .bind(indicator_id)
    .bind(year)
    .bind(value)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO target_revision (indicator_id, year, old_value, new_value, reason, changed_by)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(indicator_id)
    .bind(year)
    .bind(current.map(|(v, _)| v))
    .bind(value)
    .bind(reason)
    .bind(changed_by)
    .execute(conn)
    .await?;
    Ok(TargetWrite::Stored {
        old_value: current.map(|(v, _)| v),
    })
}

/// Whether a pillar code is free in the program (for a friendly message before the insert).
#[tracing::instrument(skip(pool))]
pub async fn pillar_id_by_code(
    pool: &PgPool,
    program_id: Uuid,
    code: &str,
) -> Result<Option<Uuid>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM pillar WHERE program_id = $1 AND code = $2")
        .bind(program_id)
        .bind(code)
        .fetch_optional(pool)
        .await
}

/// An organisation with what the admin form edits.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct OrganisationRecord {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub short_name: String,
    pub kind: String,
    pub process_route: Option<String>,
    pub description_en: String,
    pub description_id: String,
    pub website: Option<String>,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    pub version: i32,
    pub archived: bool,
    /// The organisation's roles in the program as `role:PILLAR,PILLAR` entries.
    pub roles: Vec<String>,
}

/// What the organisation form writes.
#[derive(Debug, Clone, Serialize)]
pub struct OrganisationDraft {
    pub code: String,
    pub name: String,
    pub short_name: String,
    pub kind: String,
    pub process_route: Option<String>,
    pub description_en: String,
    pub description_id: String,
    pub website: Option<String>,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    /// Roles in the program, each with the ids of the pillars it covers.
    pub roles: Vec<(String, Vec<Uuid>)>,
}

/// Every organisation with its roles in the program, archived ones last.
#[tracing::instrument(skip(pool))]
pub async fn organisations(
    pool: &PgPool,
    program_id: Uuid,
) -> Result<Vec<OrganisationRecord>, sqlx::Error> {
    sqlx::query_as(
        "SELECT o.id, o.code, o.name, o.short_name, o.kind, o.process_route, o.description_en,
                o.description_id, o.website, o.contact_name, o.contact_email, o.version,
                o.archived_at IS NOT NULL AS archived,
                coalesce((SELECT array_agg(r.role || ':' || coalesce(
                                    (SELECT string_agg(p.code, ',' ORDER BY p.position, p.code)
                                       FROM program_role_pillar rp JOIN pillar p ON p.id = rp.pillar_id
                                      WHERE rp.program_role_id = r.id), '') ORDER BY r.role)
                            FROM program_role r
                           WHERE r.organisation_id = o.id AND r.program_id = $1), '{}') AS roles
           FROM organisation o
          ORDER BY o.archived_at IS NOT NULL, o.name",
    )
    .bind(program_id)
    .fetch_all(pool)
    .await
}

/// Adds an organisation; its id.
#[tracing::instrument(skip(conn, draft), fields(code = %draft.code))]
pub async fn insert_organisation(
    conn: &mut PgConnection,
    draft: &OrganisationDraft,
) -> Result<Uuid, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO organisation (code, name, short_name, kind, process_route, description_en,
                description_id, website, contact_name, contact_email)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         RETURNING id",
    )
    .bind(&draft.code)
    .bind(&draft.name)
    .bind(&draft.short_name)
    .bind(&draft.kind)
    .bind(&draft.process_route)
    .bind(&draft.description_en)
    .bind(&draft.description_id)
    .bind(&draft.website)
    .bind(&draft.contact_name)
    .bind(&draft.contact_email)
    .fetch_one(conn)
    .await
}

/// Changes an organisation if it is still at `version`; the new version, or `None` when
/// someone else changed it first. The code stays.
#[tracing::instrument(skip(conn, draft))]
pub async fn update_organisation(
    conn: &mut PgConnection,
    id: Uuid,
    version: i32,
    draft: &OrganisationDraft,
) -> Result<Option<i32>, sqlx::Error> {
    sqlx::query_scalar(
        "UPDATE organisation SET name = $3, short_name = $4, kind = $5, process_route = $6,
                description_en = $7, description_id = $8, website = $9, contact_name = $10,
                contact_email = $11, version = version + 1
          WHERE id = $1 AND version = $2
          RETURNING version",
    )
    .bind(id)
    .bind(version)
    .bind(&draft.name)
    .bind(&draft.short_name)
    .bind(&draft.kind)
    .bind(&draft.process_route)
    .bind(&draft.description_en)
    .bind(&draft.description_id)
    .bind(&draft.website)
    .bind(&draft.contact_name)
    .bind(&draft.contact_email)
    .fetch_optional(conn)
    .await
}

/// Replaces an organisation's roles in a program and the pillars of each, set-based.
#[tracing::instrument(skip(conn, roles))]
pub async fn replace_roles(
    conn: &mut PgConnection,
    program_id: Uuid,
    organisation_id: Uuid,
    roles: &[(String, Vec<Uuid>)],
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM program_role WHERE program_id = $1 AND organisation_id = $2")
        .bind(program_id)
        .bind(organisation_id)
        .execute(&mut *conn)
        .await?;
    let names: Vec<&str> = roles.iter().map(|(r, _)| r.as_str()).collect();
    let (pair_roles, pair_pillars): (Vec<&str>, Vec<Uuid>) = roles
        .iter()
        .flat_map(|(r, pillars)| pillars.iter().map(move |p| (r.as_str(), *p)))
        .unzip();
    sqlx::query(
        "WITH inserted AS (
             INSERT INTO program_role (program_id, organisation_id, role)
             SELECT $1, $2, r FROM unnest($3::text[]) AS x(r)
             RETURNING id, role)
         INSERT INTO program_role_pillar (program_role_id, pillar_id)
         SELECT i.id, p.pillar_id
           FROM inserted i JOIN unnest($4::text[], $5::uuid[]) AS p(role, pillar_id) ON p.role = i.role",
    )
    .bind(program_id)
    .bind(organisation_id)
    .bind(&names)
    .bind(&pair_roles)
    .bind(&pair_pillars)
    .execute(conn)
    .await?;
    Ok(())
}

/// Archives (or restores) an organisation, bumping its version.
#[tracing::instrument(skip(conn))]
pub async fn set_organisation_archived(
    conn: &mut PgConnection,
    id: Uuid,
    archived: bool,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE organisation SET archived_at = CASE WHEN $2 THEN coalesce(archived_at, now()) END,
                version = version + 1
          WHERE id = $1",
    )
    .bind(id)
    .bind(archived)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Live assignments among the given indicators, as (organisation code, indicator code) pairs.
#[tracing::instrument(skip(pool))]
pub async fn assignment_pairs(
    pool: &PgPool,
    program_id: Uuid,
) -> Result<Vec<(String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT o.code, i.code
           FROM assignment a
           JOIN organisation o ON o.id = a.organisation_id
           JOIN indicator i ON i.id = a.indicator_id
          WHERE i.program_id = $1 AND a.archived_at IS NULL",
    )
    .bind(program_id)
    .fetch_all(pool)
    .await
}

/// What a matrix save changed.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AssignmentChange {
    pub added: Vec<String>,
    pub removed: Vec<String>,
}

/// Makes the live assignments among `indicator_ids` exactly the ticked pairs: new ones start on
/// `starts_on`, earlier archived ones come back, unticked ones are archived (observations refer
/// to them, so they are never deleted). Two statements whatever the matrix size.
#[tracing::instrument(skip(conn, indicator_ids, ticked))]
pub async fn save_assignments(
    conn: &mut PgConnection,
    indicator_ids: &[Uuid],
    ticked: &[(Uuid, Uuid)],
    starts_on: chrono::NaiveDate,
) -> Result<AssignmentChange, sqlx::Error> {
    let (indicators, organisations): (Vec<Uuid>, Vec<Uuid>) = ticked.iter().copied().unzip();
    let added: Vec<String> = sqlx::query_scalar(
        "WITH wanted AS (SELECT * FROM unnest($1::uuid[], $2::uuid[]) AS w(indicator_id, organisation_id)),
              upserted AS (
                 INSERT INTO assignment (indicator_id, organisation_id, starts_on)
                 SELECT indicator_id, organisation_id, $3 FROM wanted
                 ON CONFLICT (indicator_id, organisation_id)
                 DO UPDATE SET archived_at = NULL WHERE assignment.archived_at IS NOT NULL
                 RETURNING indicator_id, organisation_id)
         SELECT o.code || ' ' || i.code FROM upserted u
           JOIN organisation o ON o.id = u.organisation_id JOIN indicator i ON i.id = u.indicator_id
          ORDER BY 1",
    )
    .bind(&indicators)
    .bind(&organisations)
    .bind(starts_on)
    .fetch_all(&mut *conn)
    .await?;
    let removed: Vec<String> = sqlx::query_scalar(
        "WITH archived AS (
             UPDATE assignment a SET archived_at = now()
              WHERE a.indicator_id = ANY($1) AND a.archived_at IS NULL
                AND NOT EXISTS (SELECT 1 FROM unnest($2::uuid[], $3::uuid[]) AS w(indicator_id, organisation_id)
                                 WHERE w.indicator_id = a.indicator_id AND w.organisation_id = a.organisation_id)
             RETURNING a.indicator_id, a.organisation_id)
         SELECT o.code || ' ' || i.code FROM archived x
           JOIN organisation o ON o.id = x.organisation_id JOIN indicator i ON i.id = x.indicator_id
          ORDER BY 1",
    )
    .bind(indicator_ids)
    .bind(&indicators)
    .bind(&organisations)
    .fetch_all(conn)
    .await?;
    Ok(AssignmentChange { added, removed })
}

/// A milestone with what the admin form edits.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct MilestoneRecord {
    pub id: Uuid,
    pub code: String,
    pub title_en: String,
    pub title_id: String,
    pub description_en: String,
    pub description_id: String,
    pub pillar_code: Option<String>,
    pub owner_code: Option<String>,
    pub starts_on: chrono::NaiveDate,
    pub due_on: chrono::NaiveDate,
    pub status: String,
    pub completed_on: Option<chrono::NaiveDate>,
    pub evidence_url: Option<String>,
    pub version: i32,
}

/// What the milestone form writes.
#[derive(Debug, Clone, Serialize)]
pub struct MilestoneDraft {
    pub code: String,
    pub title_en: String,
    pub title_id: String,
    pub description_en: String,
    pub description_id: String,
    pub pillar_id: Option<Uuid>,
    pub owner_organisation_id: Option<Uuid>,
    pub starts_on: chrono::NaiveDate,
    pub due_on: chrono::NaiveDate,
    pub status: String,
    pub completed_on: Option<chrono::NaiveDate>,
    pub evidence_url: Option<String>,
}

/// Every milestone of the program by due date.
#[tracing::instrument(skip(pool))]
pub async fn milestones(
    pool: &PgPool,
    program_id: Uuid,
) -> Result<Vec<MilestoneRecord>, sqlx::Error> {
    sqlx::query_as(
        "SELECT m.id, m.code, m.title_en, m.title_id, m.description_en, m.description_id,
                p.code AS pillar_code, o.code AS owner_code, m.starts_on, m.due_on, m.status,
                m.completed_on, m.evidence_url, m.version
           FROM milestone m
           LEFT JOIN pillar p ON p.id = m.pillar_id
           LEFT JOIN organisation o ON o.id = m.owner_organisation_id
          WHERE m.program_id = $1
          ORDER BY m.due_on, m.code",
    )
    .bind(program_id)
    .fetch_all(pool)
    .await
}

/// Adds a milestone; its id.
#[tracing::instrument(skip(conn, draft), fields(code = %draft.code))]
pub async fn insert_milestone(
    conn: &mut PgConnection,
    program_id: Uuid,
    draft: &MilestoneDraft,
) -> Result<Uuid, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO milestone (program_id, code, title_en, title_id, description_en, description_id,
                pillar_id, owner_organisation_id, starts_on, due_on, status, completed_on, evidence_url)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
         RETURNING id",
    )
    .bind(program_id)
    .bind(&draft.code)
    .bind(&draft.title_en)
    .bind(&draft.title_id)
    .bind(&draft.description_en)
    .bind(&draft.description_id)
    .bind(draft.pillar_id)
    .bind(draft.owner_organisation_id)
    .bind(draft.starts_on)
    .bind(draft.due_on)
    .bind(&draft.status)
    .bind(draft.completed_on)
    .bind(&draft.evidence_url)
    .fetch_one(conn)
    .await
}

/// Changes a milestone if it is still at `version`; the new version, or `None` when someone
/// else changed it first.
#[tracing::instrument(skip(conn, draft))]
pub async fn update_milestone(
    conn: &mut PgConnection,
    id: Uuid,
    version: i32,
    draft: &MilestoneDraft,
) -> Result<Option<i32>, sqlx::Error> {
    sqlx::query_scalar(
        "UPDATE milestone SET title_en = $3, title_id = $4, description_en = $5, description_id = $6,
                pillar_id = $7, owner_organisation_id = $8, starts_on = $9, due_on = $10,
                status = $11, completed_on = $12, evidence_url = $13, version = version + 1,
                updated_at = now()
          WHERE id = $1 AND version = $2
          RETURNING version",
    )
    .bind(id)
    .bind(version)
    .bind(&draft.title_en)
    .bind(&draft.title_id)
    .bind(&draft.description_en)
    .bind(&draft.description_id)
    .bind(draft.pillar_id)
    .bind(draft.owner_organisation_id)
    .bind(draft.starts_on)
    .bind(draft.due_on)
    .bind(&draft.status)
    .bind(draft.completed_on)
    .bind(&draft.evidence_url)
    .fetch_optional(conn)
    .await
}
