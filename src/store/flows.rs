//! The material-flow ledger's SQL: materials, ledger months (with their revisions), transfers,
//! and the set-based reads the park's flows are computed from (`domain::flows`). The opening
//! stock of a month is read, never stored: the previous month's closing stock when that month
//! is in the ledger, else the stock declared for the first month.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::parse_column;
use crate::domain::Bilingual;
use crate::domain::flows::{Disposal, OrganisationFlows, TransferLink};
use crate::domain::kinds::{
    HazardClass, IntendedUse, MaterialUnit, ObservationStatus, TransferState,
};

/// A material of the ledger.
#[derive(Debug, Clone)]
pub struct Material {
    pub id: Uuid,
    pub code: String,
    pub name: Bilingual,
    pub unit: MaterialUnit,
    pub hazard_class: Option<HazardClass>,
    /// The codes of the indicators it feeds.
    pub indicators: Vec<String>,
}

#[derive(sqlx::FromRow)]
struct MaterialRow {
    id: Uuid,
    code: String,
    name: Bilingual,
    unit: String,
    hazard_class: Option<String>,
    indicators: Vec<String>,
}

impl TryFrom<MaterialRow> for Material {
    type Error = sqlx::Error;
    fn try_from(r: MaterialRow) -> Result<Self, sqlx::Error> {
        Ok(Material {
            id: r.id,
            code: r.code,
            name: r.name,
            unit: parse_column("material.unit", &r.unit)?,
            hazard_class: r
                .hazard_class
                .as_deref()
                .map(|h| parse_column("material.hazard_class", h))
                .transpose()?,
            indicators: r.indicators,
        })
    }
}

/// Every material not archived, by code.
#[tracing::instrument(skip(pool))]
pub async fn materials(pool: &PgPool) -> Result<Vec<Material>, sqlx::Error> {
    let rows: Vec<MaterialRow> = sqlx::query_as(
        "SELECT m.id, m.code, (m.name_en, m.name_id) AS name, m.unit, m.hazard_class,
                coalesce(array_agg(i.code ORDER BY i.code) FILTER (WHERE i.code IS NOT NULL),
                         '{}') AS indicators
           FROM material m
           LEFT JOIN material_indicator mi ON mi.material_id = m.id
           LEFT JOIN indicator i ON i.id = mi.indicator_id
          WHERE m.archived_at IS NULL
          GROUP BY m.id
          ORDER BY m.code",
    )
    .fetch_all(pool)
    .await?;
    rows.into_iter().map(Material::try_from).collect()
}

/// A material as its admin form edits it: with its version and the indicators it feeds.
#[derive(Debug, Clone, Serialize)]
pub struct MaterialRecord {
    pub id: Uuid,
    pub code: String,
    #[serde(flatten, serialize_with = "crate::store::text::columns::name")]
    pub name: Bilingual,
    pub unit: MaterialUnit,
    pub hazard_class: Option<HazardClass>,
    /// The codes of the indicators it feeds, by code.
    pub indicators: Vec<String>,
    pub version: i32,
}

#[derive(sqlx::FromRow)]
struct MaterialRecordRow {
    id: Uuid,
    code: String,
    name: Bilingual,
    unit: String,
    hazard_class: Option<String>,
    indicators: Vec<String>,
    version: i32,
}

impl TryFrom<MaterialRecordRow> for MaterialRecord {
    type Error = sqlx::Error;
    fn try_from(r: MaterialRecordRow) -> Result<Self, sqlx::Error> {
        let material = Material::try_from(MaterialRow {
            id: r.id,
            code: r.code,
            name: r.name,
            unit: r.unit,
            hazard_class: r.hazard_class,
            indicators: r.indicators,
        })?;
        Ok(MaterialRecord {
            id: material.id,
            code: material.code,
            name: material.name,
            unit: material.unit,
            hazard_class: material.hazard_class,
            indicators: material.indicators,
            version: r.version,
        })
    }
}

const MATERIAL_RECORD_SELECT: &str = "
    SELECT m.id, m.code, (m.name_en, m.name_id) AS name, m.unit, m.hazard_class, m.version,
           coalesce((SELECT array_agg(i.code ORDER BY i.code)
                       FROM material_indicator mi JOIN indicator i ON i.id = mi.indicator_id
                      WHERE mi.material_id = m.id), '{}') AS indicators
      FROM material m";

/// Every material not archived, for the admin page, by code.
#[tracing::instrument(skip(pool))]
pub async fn material_records(pool: &PgPool) -> Result<Vec<MaterialRecord>, sqlx::Error> {
    let rows: Vec<MaterialRecordRow> = sqlx::query_as(&format!(
        "{MATERIAL_RECORD_SELECT} WHERE m.archived_at IS NULL ORDER BY m.code"
    ))
    .fetch_all(pool)
    .await?;
    rows.into_iter().map(MaterialRecord::try_from).collect()
}

/// The material `code`, locked for the caller's transaction.
#[tracing::instrument(skip(conn))]
pub async fn lock_material(
    conn: &mut PgConnection,
    code: &str,
) -> Result<Option<MaterialRecord>, sqlx::Error> {
    let row: Option<MaterialRecordRow> = sqlx::query_as(&format!(
        "{MATERIAL_RECORD_SELECT} WHERE m.code = $1 AND m.archived_at IS NULL FOR UPDATE OF m"
    ))
    .bind(code)
    .fetch_optional(conn)
    .await?;
    row.map(MaterialRecord::try_from).transpose()
}

/// A material that passed the rules, as the admin form writes it.
#[derive(Debug, Clone, Serialize)]
pub struct MaterialDraft {
    pub code: String,
    #[serde(flatten, serialize_with = "crate::store::text::columns::name")]
    pub name: Bilingual,
    pub unit: MaterialUnit,
    pub hazard_class: Option<HazardClass>,
    /// The indicators it feeds (ids), with their codes for the audit entry.
    pub indicators: Vec<(Uuid, String)>,
}

/// Adds a material. Returns its id.
#[tracing::instrument(skip(conn))]
pub async fn insert_material(
    conn: &mut PgConnection,
    draft: &MaterialDraft,
    at: DateTime<Utc>,
) -> Result<Uuid, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO material (code, name_en, name_id, unit, hazard_class, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(&draft.code)
    .bind(&draft.name.english)
    .bind(&draft.name.indonesian)
    .bind(draft.unit.as_str())
    .bind(draft.hazard_class.map(|h| h.as_str()))
    .bind(at)
    .fetch_one(conn)
    .await
}

/// Changes a material (not its code) if it is still at `expected_version`; `false` when not.
#[tracing::instrument(skip(conn))]
pub async fn update_material(
    conn: &mut PgConnection,
    id: Uuid,
    expected_version: i32,
    draft: &MaterialDraft,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE material SET name_en = $3, name_id = $4, unit = $5, hazard_class = $6,
                             version = version + 1
          WHERE id = $1 AND version = $2",
    )
    .bind(id)
    .bind(expected_version)
    .bind(&draft.name.english)
    .bind(&draft.name.indonesian)
    .bind(draft.unit.as_str())
    .bind(draft.hazard_class.map(|h| h.as_str()))
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Makes `indicators` the exact set of indicators the material feeds.
#[tracing::instrument(skip(conn))]
pub async fn set_material_indicators(
    conn: &mut PgConnection,
    material_id: Uuid,
    indicators: &[Uuid],
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "DELETE FROM material_indicator WHERE material_id = $1 AND NOT indicator_id = ANY($2)",
    )
    .bind(material_id)
    .bind(indicators)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO material_indicator (material_id, indicator_id)
         SELECT $1, u FROM unnest($2::uuid[]) AS u ON CONFLICT DO NOTHING",
    )
    .bind(material_id)
    .bind(indicators)
    .execute(conn)
    .await?;
    Ok(())
}

/// The live indicators of a program a material may feed: (id, code), by code.
#[tracing::instrument(skip(db))]
pub async fn linkable_indicators<'e>(
    db: impl sqlx::PgExecutor<'e>,
    program_id: Uuid,
) -> Result<Vec<(Uuid, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, code FROM indicator
          WHERE program_id = $1 AND archived_at IS NULL ORDER BY code",
    )
    .bind(program_id)
    .fetch_all(db)
    .await
}

/// The materials feeding the indicator with this code.
#[tracing::instrument(skip(db))]
pub async fn materials_of_indicator<'e>(
    db: impl sqlx::PgExecutor<'e>,
    code: &str,
) -> Result<Vec<Uuid>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT mi.material_id FROM material_indicator mi
           JOIN indicator i ON i.id = mi.indicator_id
           JOIN material m ON m.id = mi.material_id
          WHERE i.code = $1 AND m.archived_at IS NULL",
    )
    .bind(code)
    .fetch_all(db)
    .await
}

/// Organisations by code (those that exist and are not archived): id, code, park.
#[tracing::instrument(skip(conn))]
pub async fn organisations_by_code(
    conn: &mut PgConnection,
    codes: &[String],
) -> Result<Vec<(Uuid, String)>, sqlx::Error> {
    sqlx::query_as("SELECT id, code FROM organisation WHERE code = ANY($1) AND archived_at IS NULL")
        .bind(codes)
        .fetch_all(conn)
        .await
}

/// Organisations that may be named as a transfer's receiver: every organisation not archived
/// (of the park, when `park` is given), (id, code, name), by name.
#[tracing::instrument(skip(pool))]
pub async fn counterparties(
    pool: &PgPool,
    park: Option<Uuid>,
) -> Result<Vec<(Uuid, String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, code, name FROM organisation
          WHERE archived_at IS NULL AND kind IN ('tenant', 'park_operator')
            AND ($1::uuid IS NULL OR park_id = $1)
          ORDER BY name",
    )
    .bind(park)
    .fetch_all(pool)
    .await
}

/// A ledger month as read, with its opening stock resolved.
#[derive(Debug, Clone, Serialize)]
pub struct LedgerRow {
    pub id: Uuid,
    pub organisation_id: Uuid,
    pub organisation: String,
    pub organisation_name: String,
    pub material_id: Uuid,
    pub material: String,
    pub unit: MaterialUnit,
    pub month: NaiveDate,
    /// The previous month's closing stock, else `opening_declared`.
    pub opening: f64,
    pub opening_declared: f64,
    pub generated: f64,
    pub received: f64,
    pub used_on_site: f64,
    pub sent: f64,
    pub disposed_landfill: f64,
    pub disposed_storage: f64,
    pub disposed_sea: f64,
    pub closing: f64,
    pub comment: String,
    pub status: ObservationStatus,
    pub version: i32,
    pub review_note: Option<String>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub submitted_by_user_id: Option<Uuid>,
    pub submitted_by_token_id: Option<Uuid>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub reviewed_by: Option<String>,
    pub updated_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct LedgerRecord {
    id: Uuid,
    organisation_id: Uuid,
    organisation: String,
    organisation_name: String,
    material_id: Uuid,
    material: String,
    unit: String,
    month: NaiveDate,
    opening: f64,
    opening_declared: f64,
    generated: f64,
    received: f64,
    used_on_site: f64,
    sent: f64,
    disposed_landfill: f64,
    disposed_storage: f64,
    disposed_sea: f64,
    closing: f64,
    comment: String,
    status: String,
    version: i32,
    review_note: Option<String>,
    submitted_at: Option<DateTime<Utc>>,
    submitted_by_user_id: Option<Uuid>,
    submitted_by_token_id: Option<Uuid>,
    reviewed_at: Option<DateTime<Utc>>,
    reviewed_by: Option<String>,
    updated_at: DateTime<Utc>,
}

impl TryFrom<LedgerRecord> for LedgerRow {
    type Error = sqlx::Error;
    fn try_from(r: LedgerRecord) -> Result<Self, sqlx::Error> {
        Ok(LedgerRow {
            id: r.id,
            organisation_id: r.organisation_id,
            organisation: r.organisation,
            organisation_name: r.organisation_name,
            material_id: r.material_id,
            material: r.material,
            unit: parse_column("material.unit", &r.unit)?,
            month: r.month,
            opening: r.opening,
            opening_declared: r.opening_declared,
            generated: r.generated,
            received: r.received,
            used_on_site: r.used_on_site,
            sent: r.sent,
            disposed_landfill: r.disposed_landfill,
            disposed_storage: r.disposed_storage,
            disposed_sea: r.disposed_sea,
            closing: r.closing,
            comment: r.comment,
            status: parse_column("material_ledger.status", &r.status)?,
            version: r.version,
            review_note: r.review_note,
            submitted_at: r.submitted_at,
            submitted_by_user_id: r.submitted_by_user_id,
            submitted_by_token_id: r.submitted_by_token_id,
            reviewed_at: r.reviewed_at,
            reviewed_by: r.reviewed_by,
            updated_at: r.updated_at,
        })
    }
}

impl LedgerRow {
    /// The month as the balance rule reads it.
    pub fn figures(&self) -> crate::domain::flows::LedgerMonth {
        crate::domain::flows::LedgerMonth {
            opening: self.opening,
            generated: self.generated,
            received: self.received,
            used_on_site: self.used_on_site,
            sent: self.sent,
            disposed: Disposal {
                landfill: self.disposed_landfill,
                storage: self.disposed_storage,
                sea: self.disposed_sea,
            },
            closing: self.closing,
        }
    }
}

const LEDGER_SELECT: &str = "
    SELECT l.id, l.organisation_id, o.code AS organisation, o.name AS organisation_name,
           l.material_id, m.code AS material, m.unit, l.month,
           coalesce(p.closing, l.opening_declared) AS opening, l.opening_declared,
           l.generated, l.received, l.used_on_site, l.sent, l.disposed_landfill,
           l.disposed_storage, l.disposed_sea, l.closing, l.comment, l.status, l.version,
           l.review_note, l.submitted_at, l.submitted_by_user_id, l.submitted_by_token_id,
           l.reviewed_at, l.reviewed_by, l.updated_at
      FROM material_ledger l
      JOIN organisation o ON o.id = l.organisation_id
      JOIN material m ON m.id = l.material_id
      LEFT JOIN material_ledger p
             ON p.organisation_id = l.organisation_id AND p.material_id = l.material_id
            AND p.month = (l.month - interval '1 month')::date";

/// What a ledger read is confined to; `None` is "any".
#[derive(Debug, Clone, Copy, Default)]
pub struct LedgerFilter {
    /// Organisations of this park only (a program's ledger).
    pub park_id: Option<Uuid>,
    pub organisation_id: Option<Uuid>,
    pub material_id: Option<Uuid>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub status: Option<ObservationStatus>,
}

/// Ledger months matching the filter, by month (latest first), organisation and material.
#[tracing::instrument(skip(pool))]
pub async fn ledger(pool: &PgPool, filter: LedgerFilter) -> Result<Vec<LedgerRow>, sqlx::Error> {
    let rows: Vec<LedgerRecord> = sqlx::query_as(&format!(
        "{LEDGER_SELECT}
          WHERE ($1::uuid IS NULL OR l.organisation_id = $1)
            AND ($2::uuid IS NULL OR l.material_id = $2)
            AND ($3::date IS NULL OR l.month >= $3)
            AND ($4::date IS NULL OR l.month <= $4)
            AND ($5::text IS NULL OR l.status = $5)
            AND ($6::uuid IS NULL OR o.park_id = $6)
          ORDER BY l.month DESC, o.name, m.code
          LIMIT 2000"
    ))
    .bind(filter.organisation_id)
    .bind(filter.material_id)
    .bind(filter.from)
    .bind(filter.to)
    .bind(filter.status.map(|s| s.as_str()))
    .bind(filter.park_id)
    .fetch_all(pool)
    .await?;
    rows.into_iter().map(LedgerRow::try_from).collect()
}

/// Whether ledger month `id` is of an organisation of `park` (a program's ledger): a review
/// from another program's page or token finds no such month.
#[tracing::instrument(skip(pool))]
pub async fn ledger_in_park(pool: &PgPool, id: Uuid, park: Uuid) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM material_ledger l
                          JOIN organisation o ON o.id = l.organisation_id
                         WHERE l.id = $1 AND o.park_id = $2)",
    )
    .bind(id)
    .bind(park)
    .fetch_one(pool)
    .await
}

/// The park of a program's park code (what a program's ledger is confined to).
#[tracing::instrument(skip(pool))]
pub async fn park_of(pool: &PgPool, park_code: &str) -> Result<Option<Uuid>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM park WHERE code = $1")
        .bind(park_code)
        .fetch_optional(pool)
        .await
}

/// One ledger month by id, locked for the caller's transaction.
#[tracing::instrument(skip(conn))]
pub async fn lock_ledger(
    conn: &mut PgConnection,
    id: Uuid,
) -> Result<Option<LedgerRow>, sqlx::Error> {
    let row: Option<LedgerRecord> =
        sqlx::query_as(&format!("{LEDGER_SELECT} WHERE l.id = $1 FOR UPDATE OF l"))
            .bind(id)
            .fetch_optional(conn)
            .await?;
    row.map(LedgerRow::try_from).transpose()
}

/// The stored months of an organisation for (material, month) pairs, locked: what a batch
/// changes, and the months before them (for the opening stock).
#[tracing::instrument(skip(conn, materials, months))]
pub async fn lock_ledger_months(
    conn: &mut PgConnection,
    organisation_id: Uuid,
    materials: &[Uuid],
    months: &[NaiveDate],
) -> Result<Vec<LedgerRow>, sqlx::Error> {
    let rows: Vec<LedgerRecord> = sqlx::query_as(&format!(
        "{LEDGER_SELECT}
          WHERE l.organisation_id = $1
            AND (l.material_id, l.month) IN (SELECT * FROM UNNEST($2::uuid[], $3::date[]))
          FOR UPDATE OF l"
    ))
    .bind(organisation_id)
    .bind(materials)
    .bind(months)
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(LedgerRow::try_from).collect()
}

/// The closing stocks of an organisation's months for (material, month) pairs.
#[tracing::instrument(skip(conn, materials, months))]
pub async fn closings(
    conn: &mut PgConnection,
    organisation_id: Uuid,
    materials: &[Uuid],
    months: &[NaiveDate],
) -> Result<Vec<(Uuid, NaiveDate, f64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT material_id, month, closing FROM material_ledger
          WHERE organisation_id = $1
            AND (material_id, month) IN (SELECT * FROM UNNEST($2::uuid[], $3::date[]))",
    )
    .bind(organisation_id)
    .bind(materials)
    .bind(months)
    .fetch_all(conn)
    .await
}

/// A ledger month's figures as written.
#[derive(Debug, Clone, Copy)]
pub struct LedgerFigures {
    pub opening_declared: f64,
    pub generated: f64,
    pub received: f64,
    pub used_on_site: f64,
    pub sent: f64,
    pub disposed_landfill: f64,
    pub disposed_storage: f64,
    pub disposed_sea: f64,
    pub closing: f64,
}

/// Who writes, and when by the application's clock.
#[derive(Debug, Clone, Copy)]
pub struct LedgerWriter<'a> {
    pub label: &'a str,
    pub user_id: Option<Uuid>,
    pub token_id: Option<Uuid>,
    pub at: DateTime<Utc>,
}

/// Creates a ledger month (version 1). Returns its id.
#[allow(clippy::too_many_arguments)]
#[tracing::instrument(skip(conn, figures, comment, writer))]
pub async fn insert_ledger(
    conn: &mut PgConnection,
    organisation_id: Uuid,
    material_id: Uuid,
    month: NaiveDate,
    figures: &LedgerFigures,
    comment: &str,
    status: ObservationStatus,
    writer: LedgerWriter<'_>,
) -> Result<Uuid, sqlx::Error> {
    let submitted = status == ObservationStatus::Submitted;
    sqlx::query_scalar(
        "INSERT INTO material_ledger (organisation_id, material_id, month, opening_declared,
                 generated, received, used_on_site, sent, disposed_landfill, disposed_storage,
                 disposed_sea, closing, comment, status, submitted_at, submitted_by,
                 submitted_by_user_id, submitted_by_token_id, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,
                 CASE WHEN $15 THEN $16::timestamptz END, CASE WHEN $15 THEN $17 END,
                 CASE WHEN $15 THEN $18::uuid END, CASE WHEN $15 THEN $19::uuid END, $16, $16)
         RETURNING id",
    )
    .bind(organisation_id)
    .bind(material_id)
    .bind(month)
    .bind(figures.opening_declared)
    .bind(figures.generated)
    .bind(figures.received)
    .bind(figures.used_on_site)
    .bind(figures.sent)
    .bind(figures.disposed_landfill)
    .bind(figures.disposed_storage)
    .bind(figures.disposed_sea)
    .bind(figures.closing)
    .bind(comment)
    .bind(status.as_str())
    .bind(submitted)
    .bind(writer.at)
    .bind(writer.label)
    .bind(writer.user_id)
    .bind(writer.token_id)
    .fetch_one(conn)
    .await
}

/// Changes a ledger month's figures, comment and status, bumping its version. `false` when
/// it was not at `expected_version`.
#[allow(clippy::too_many_arguments)]
#[tracing::instrument(skip(conn, figures, comment, writer))]
pub async fn update_ledger(
    conn: &mut PgConnection,
    id: Uuid,
    expected_version: i32,
    figures: &LedgerFigures,
    comment: &str,
    status: ObservationStatus,
    writer: LedgerWriter<'_>,
) -> Result<bool, sqlx::Error> {
    let submitted = status == ObservationStatus::Submitted;
    let done = sqlx::query(
        "UPDATE material_ledger
            SET opening_declared = $3, generated = $4, received = $5, used_on_site = $6,
                sent = $7, disposed_landfill = $8, disposed_storage = $9, disposed_sea = $10,
                closing = $11, comment = $12, status = $13, version = version + 1,
                updated_at = $15,
                submitted_at = CASE WHEN $14 THEN $15::timestamptz ELSE submitted_at END,
                submitted_by = CASE WHEN $14 THEN $16 ELSE submitted_by END,
                submitted_by_user_id = CASE WHEN $14 THEN $17::uuid ELSE submitted_by_user_id END,
                submitted_by_token_id = CASE WHEN $14 THEN $18::uuid ELSE submitted_by_token_id END
          WHERE id = $1 AND version = $2",
    )
    .bind(id)
    .bind(expected_version)
    .bind(figures.opening_declared)
    .bind(figures.generated)
    .bind(figures.received)
    .bind(figures.used_on_site)
    .bind(figures.sent)
    .bind(figures.disposed_landfill)
    .bind(figures.disposed_storage)
    .bind(figures.disposed_sea)
    .bind(figures.closing)
    .bind(comment)
    .bind(status.as_str())
    .bind(submitted)
    .bind(writer.at)
    .bind(writer.label)
    .bind(writer.user_id)
    .bind(writer.token_id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A review decision on a ledger month: its new status and the note. `false` when it was not
/// at `expected_version`.
#[tracing::instrument(skip(conn, note))]
pub async fn review_ledger(
    conn: &mut PgConnection,
    id: Uuid,
    expected_version: i32,
    status: ObservationStatus,
    note: Option<&str>,
    reviewer: &str,
    at: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE material_ledger
            SET status = $3, review_note = $4, reviewed_by = $5, reviewed_at = $6,
                updated_at = $6, version = version + 1
          WHERE id = $1 AND version = $2",
    )
    .bind(id)
    .bind(expected_version)
    .bind(status.as_str())
    .bind(note)
    .bind(reviewer)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Appends a revision of a ledger month (before and after, who, why).
#[tracing::instrument(skip(conn, before, after))]
pub async fn record_ledger_revision(
    conn: &mut PgConnection,
    after: &LedgerRow,
    action: &str,
    changed_by: &str,
    reason: Option<&str>,
    before: Option<&LedgerRow>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO material_ledger_revision (ledger_id, version, action, changed_by, reason,
                                               before, after)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(after.id)
    .bind(after.version)
    .bind(action)
    .bind(changed_by)
    .bind(reason)
    .bind(before.and_then(|b| serde_json::to_value(b).ok()))
    .bind(serde_json::to_value(after).unwrap_or_default())
    .execute(conn)
    .await?;
    Ok(())
}

/// One organisation's approved months of some materials in a period, added up, with its code
/// and name.
#[derive(Debug, Clone)]
pub struct OrganisationPeriod {
    pub flows: OrganisationFlows,
    pub code: String,
    pub name: String,
}

/// Every organisation's approved months of the materials between two month starts
/// (inclusive), added up per organisation: what the park's flows and the computed indicators
/// are made of. Organisations of `park` only, when given.
#[tracing::instrument(skip(db))]
pub async fn approved_flows<'e>(
    db: impl sqlx::PgExecutor<'e>,
    park: Option<Uuid>,
    materials: &[Uuid],
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<OrganisationPeriod>, sqlx::Error> {
    type Row = (
        Uuid,
        String,
        String,
        f64,
        f64,
        f64,
        f64,
        f64,
        f64,
        f64,
        f64,
        f64,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT l.organisation_id, o.code, o.name,
                (array_agg(coalesce(p.closing, l.opening_declared) ORDER BY l.month))[1],
                sum(l.generated), sum(l.received), sum(l.used_on_site), sum(l.sent),
                sum(l.disposed_landfill), sum(l.disposed_storage), sum(l.disposed_sea),
                (array_agg(l.closing ORDER BY l.month DESC))[1]
           FROM material_ledger l
           JOIN organisation o ON o.id = l.organisation_id
           LEFT JOIN material_ledger p
                  ON p.organisation_id = l.organisation_id AND p.material_id = l.material_id
                 AND p.month = (l.month - interval '1 month')::date
          WHERE l.material_id = ANY($1) AND l.month BETWEEN $2 AND $3 AND l.status = 'approved'
            AND ($4::uuid IS NULL OR o.park_id = $4)
          GROUP BY l.organisation_id, o.code, o.name
          ORDER BY o.name",
    )
    .bind(materials)
    .bind(from)
    .bind(to)
    .bind(park)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(
                id,
                code,
                name,
                opening,
                generated,
                received,
                used,
                sent,
                landfill,
                storage,
                sea,
                closing,
            )| {
                OrganisationPeriod {
                    flows: OrganisationFlows {
                        organisation_id: id,
                        opening,
                        generated,
                        received,
                        used_on_site: used,
                        sent,
                        disposed: Disposal {
                            landfill,
                            storage,
                            sea,
                        },
                        closing,
                    },
                    code,
                    name,
                }
            },
        )
        .collect())
}

/// Every transfer of the materials between two month starts, as the park's flows read it
/// (a receiver is "in the park" when it belongs to the sender's park). Transfers sent from
/// `park` only, when given.
#[tracing::instrument(skip(db))]
pub async fn transfer_links<'e>(
    db: impl sqlx::PgExecutor<'e>,
    park: Option<Uuid>,
    materials: &[Uuid],
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<TransferLink>, sqlx::Error> {
    type Row = (Uuid, Uuid, bool, String, String, f64, Option<f64>);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT t.sender_id, t.receiver_id,
                coalesce(r.park_id = s.park_id, false) AS receiver_in_park,
                t.intended_use, t.state, t.quantity, t.received_quantity
           FROM material_transfer t
           JOIN organisation s ON s.id = t.sender_id
           JOIN organisation r ON r.id = t.receiver_id
          WHERE t.material_id = ANY($1) AND t.month BETWEEN $2 AND $3
            AND ($4::uuid IS NULL OR s.park_id = $4)
          ORDER BY t.recorded_at, t.id",
    )
    .bind(materials)
    .bind(from)
    .bind(to)
    .bind(park)
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(
            |(sender, receiver, in_park, use_, state, quantity, received)| {
                Ok(TransferLink {
                    sender_id: sender,
                    receiver_id: receiver,
                    receiver_in_park: in_park,
                    intended_use: parse_column("material_transfer.intended_use", &use_)?,
                    state: parse_column("material_transfer.state", &state)?,
                    quantity,
                    received,
                })
            },
        )
        .collect()
}

/// The latest month with an approved ledger month of each of the materials (those with one).
#[tracing::instrument(skip(pool))]
pub async fn latest_approved_months(
    pool: &PgPool,
    park: Option<Uuid>,
    materials: &[Uuid],
) -> Result<Vec<(Uuid, NaiveDate)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT l.material_id, max(l.month) FROM material_ledger l
           JOIN organisation o ON o.id = l.organisation_id
          WHERE l.material_id = ANY($1) AND l.status = 'approved'
            AND ($2::uuid IS NULL OR o.park_id = $2)
          GROUP BY l.material_id",
    )
    .bind(materials)
    .bind(park)
    .fetch_all(pool)
    .await
}

/// A transfer as the pages and the API show it.
#[derive(Debug, Clone, Serialize)]
pub struct Transfer {
    pub id: Uuid,
    pub sender_id: Uuid,
    pub sender: String,
    pub sender_name: String,
    pub receiver_id: Uuid,
    pub receiver: String,
    pub receiver_name: String,
    pub material_id: Uuid,
    pub material: String,
    pub unit: MaterialUnit,
    pub month: NaiveDate,
    pub quantity: f64,
    pub intended_use: IntendedUse,
    pub state: TransferState,
    pub received_quantity: Option<f64>,
    pub dispute_note: Option<String>,
    pub recorded_at: DateTime<Utc>,
    pub recorded_by: String,
    pub answered_at: Option<DateTime<Utc>>,
    pub answered_by: Option<String>,
    pub version: i32,
}

#[derive(sqlx::FromRow)]
struct TransferRecord {
    id: Uuid,
    sender_id: Uuid,
    sender: String,
    sender_name: String,
    receiver_id: Uuid,
    receiver: String,
    receiver_name: String,
    material_id: Uuid,
    material: String,
    unit: String,
    month: NaiveDate,
    quantity: f64,
    intended_use: String,
    state: String,
    received_quantity: Option<f64>,
    dispute_note: Option<String>,
    recorded_at: DateTime<Utc>,
    recorded_by: String,
    answered_at: Option<DateTime<Utc>>,
    answered_by: Option<String>,
    version: i32,
}

impl TryFrom<TransferRecord> for Transfer {
    type Error = sqlx::Error;
    fn try_from(r: TransferRecord) -> Result<Self, sqlx::Error> {
        Ok(Transfer {
            id: r.id,
            sender_id: r.sender_id,
            sender: r.sender,
            sender_name: r.sender_name,
            receiver_id: r.receiver_id,
            receiver: r.receiver,
            receiver_name: r.receiver_name,
            material_id: r.material_id,
            material: r.material,
            unit: parse_column("material.unit", &r.unit)?,
            month: r.month,
            quantity: r.quantity,
            intended_use: parse_column("material_transfer.intended_use", &r.intended_use)?,
            state: parse_column("material_transfer.state", &r.state)?,
            received_quantity: r.received_quantity,
            dispute_note: r.dispute_note,
            recorded_at: r.recorded_at,
            recorded_by: r.recorded_by,
            answered_at: r.answered_at,
            answered_by: r.answered_by,
            version: r.version,
        })
    }
}

const TRANSFER_SELECT: &str = "
    SELECT t.id, t.sender_id, s.code AS sender, s.name AS sender_name,
           t.receiver_id, r.code AS receiver, r.name AS receiver_name,
           t.material_id, m.code AS material, m.unit, t.month, t.quantity, t.intended_use,
           t.state, t.received_quantity, t.dispute_note, t.recorded_at, t.recorded_by,
           t.answered_at, t.answered_by, t.version
      FROM material_transfer t
      JOIN organisation s ON s.id = t.sender_id
      JOIN organisation r ON r.id = t.receiver_id
      JOIN material m ON m.id = t.material_id";

/// Transfers a party takes part in (`party` `None`: every transfer), sent from `park` (`None`:
/// any), of a material (`None`: any), between two month starts; latest first.
#[tracing::instrument(skip(pool))]
pub async fn transfers(
    pool: &PgPool,
    park: Option<Uuid>,
    party: Option<Uuid>,
    material_id: Option<Uuid>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<Vec<Transfer>, sqlx::Error> {
    let rows: Vec<TransferRecord> = sqlx::query_as(&format!(
        "{TRANSFER_SELECT}
          WHERE ($1::uuid IS NULL OR t.sender_id = $1 OR t.receiver_id = $1)
            AND ($2::uuid IS NULL OR t.material_id = $2)
            AND ($3::date IS NULL OR t.month >= $3)
            AND ($4::date IS NULL OR t.month <= $4)
            AND ($5::uuid IS NULL OR s.park_id = $5)
          ORDER BY t.month DESC, t.recorded_at DESC, t.id
          LIMIT 2000"
    ))
    .bind(party)
    .bind(material_id)
    .bind(from)
    .bind(to)
    .bind(park)
    .fetch_all(pool)
    .await?;
    rows.into_iter().map(Transfer::try_from).collect()
}

/// The transfers an organisation sent in the given months (month starts), for a ledger
/// import to tell its rows already recorded from new ones. The caller's transaction first
/// takes the sender's import lock, so that two imports of one sender's file, committed at
/// once, match one after the other instead of both recording its transfers.
#[tracing::instrument(skip(conn, months))]
pub async fn lock_sent_transfers(
    conn: &mut PgConnection,
    sender_id: Uuid,
    months: &[NaiveDate],
) -> Result<Vec<Transfer>, sqlx::Error> {
    sqlx::query(
        "SELECT pg_advisory_xact_lock(hashtextextended('material_transfer_import:' || $1::text, 0))",
    )
    .bind(sender_id)
    .execute(&mut *conn)
    .await?;
    let rows: Vec<TransferRecord> = sqlx::query_as(&format!(
        "{TRANSFER_SELECT}
          WHERE t.sender_id = $1 AND t.month = ANY($2)
          ORDER BY t.recorded_at, t.id"
    ))
    .bind(sender_id)
    .bind(months)
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(Transfer::try_from).collect()
}

/// One transfer, locked for the caller's transaction.
#[tracing::instrument(skip(conn))]
pub async fn lock_transfer(
    conn: &mut PgConnection,
    id: Uuid,
) -> Result<Option<Transfer>, sqlx::Error> {
    let row: Option<TransferRecord> = sqlx::query_as(&format!(
        "{TRANSFER_SELECT} WHERE t.id = $1 FOR UPDATE OF t"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await?;
    row.map(Transfer::try_from).transpose()
}

/// A new transfer, pending the receiver's answer.
#[derive(Debug, Clone, Copy)]
pub struct NewTransfer<'a> {
    pub sender_id: Uuid,
    pub receiver_id: Uuid,
    pub material_id: Uuid,
    pub month: NaiveDate,
    pub quantity: f64,
    pub intended_use: IntendedUse,
    pub recorded_by: &'a str,
    pub at: DateTime<Utc>,
}

/// Records a transfer. Returns its id.
#[tracing::instrument(skip(conn))]
pub async fn insert_transfer(
    conn: &mut PgConnection,
    t: NewTransfer<'_>,
) -> Result<Uuid, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO material_transfer (sender_id, receiver_id, material_id, month, quantity,
                                        intended_use, recorded_at, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(t.sender_id)
    .bind(t.receiver_id)
    .bind(t.material_id)
    .bind(t.month)
    .bind(t.quantity)
    .bind(t.intended_use.as_str())
    .bind(t.at)
    .bind(t.recorded_by)
    .fetch_one(conn)
    .await
}

/// The receiver's answer: confirmed with its quantity, or disputed with a note. `false` when
/// the transfer was not pending at `expected_version`.
#[allow(clippy::too_many_arguments)]
#[tracing::instrument(skip(conn, note))]
pub async fn answer_transfer(
    conn: &mut PgConnection,
    id: Uuid,
    expected_version: i32,
    state: TransferState,
    received_quantity: Option<f64>,
    note: Option<&str>,
    answered_by: &str,
    at: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE material_transfer
            SET state = $3, received_quantity = $4, dispute_note = $5, answered_by = $6,
                answered_at = $7, version = version + 1
          WHERE id = $1 AND version = $2 AND state = 'pending'",
    )
    .bind(id)
    .bind(expected_version)
    .bind(state.as_str())
    .bind(received_quantity)
    .bind(note)
    .bind(answered_by)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A material by code (not archived).
#[tracing::instrument(skip(conn))]
pub async fn materials_by_code(
    conn: &mut PgConnection,
    codes: &[String],
) -> Result<Vec<(Uuid, String)>, sqlx::Error> {
    sqlx::query_as("SELECT id, code FROM material WHERE code = ANY($1) AND archived_at IS NULL")
        .bind(codes)
        .fetch_all(conn)
        .await
}

/// A material's flows in a period: its organisations' approved months added up, its
/// transfers, and what the domain makes of them.
#[derive(Debug, Clone)]
pub struct ParkPeriod {
    pub organisations: Vec<OrganisationPeriod>,
    pub transfers: Vec<TransferLink>,
    pub flows: crate::domain::flows::ParkFlows,
    /// The Sankey diagram's bands, organisation by organisation.
    pub links: Vec<crate::domain::flows::FlowLink>,
}

/// The park's flows of the materials between two month starts (inclusive); `park`: its
/// organisations only (a program's park), `None` every organisation.
pub async fn park_period(
    pool: &PgPool,
    park: Option<Uuid>,
    materials: &[Uuid],
    from: NaiveDate,
    to: NaiveDate,
) -> Result<ParkPeriod, sqlx::Error> {
    let organisations = approved_flows(pool, park, materials, from, to).await?;
    let transfers = transfer_links(pool, park, materials, from, to).await?;
    let flows: Vec<OrganisationFlows> = organisations.iter().map(|o| o.flows).collect();
    Ok(ParkPeriod {
        flows: crate::domain::flows::park_flows(&flows, &transfers),
        links: crate::domain::flows::flow_links(&flows, &transfers),
        organisations,
        transfers,
    })
}

/// What the ledger computes for an indicator in a period.
#[derive(Debug, Clone, Default)]
pub struct Computed {
    /// One per organisation that generated the material, then the park's
    /// (`organisation_id` `None`); for a count, the park's only.
    pub values: Vec<crate::domain::flows::ComputedValue>,
    /// Organisations with an approved ledger month of the indicator's materials in the
    /// period: what the privacy rule counts before a tenant sees the park's figure.
    pub contributors: usize,
}

/// The values the ledger computes for an indicator (CE-05, CE-08: see
/// `domain::flows::LedgerMeasure`) between two month starts (inclusive), from approved ledger
/// months and confirmed transfers of the materials linked to the indicator
/// (`material_indicator`). Empty for an indicator the ledger does not compute.
///
/// This is what an indicator with `computed_from = 'material_ledger'` takes its official
/// figure from (docs/material-flows.md, "Computed indicators").
/// `park`: its organisations and the transfers they send only (a program's park).
pub async fn computed_values(
    pool: &PgPool,
    park: Option<Uuid>,
    indicator_code: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Computed, sqlx::Error> {
    let mut conn = pool.acquire().await?;
    computed_values_in(&mut conn, park, indicator_code, from, to).await
}

/// [`computed_values`] in the caller's connection or transaction (what a write that changes
/// the ledger reads back before it commits).
pub async fn computed_values_in(
    conn: &mut PgConnection,
    park: Option<Uuid>,
    indicator_code: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Computed, sqlx::Error> {
    use crate::domain::flows::{self, LedgerMeasure};
    let Some(measure) = LedgerMeasure::for_code(indicator_code) else {
        return Ok(Computed::default());
    };
    let materials = materials_of_indicator(&mut *conn, indicator_code).await?;
    if materials.is_empty() {
        return Ok(Computed::default());
    }
    let organisations: Vec<OrganisationFlows> =
        approved_flows(&mut *conn, park, &materials, from, to)
            .await?
            .into_iter()
            .map(|o| o.flows)
            .collect();
    let transfers = transfer_links(&mut *conn, park, &materials, from, to).await?;
    let values = match measure {
        LedgerMeasure::SlagUtilisation => flows::slag_utilisation(&organisations, &transfers),
        LedgerMeasure::SymbiosisLinks => vec![flows::symbiosis_link_count(&transfers)],
    };
    Ok(Computed {
        values,
        contributors: organisations.len(),
    })
}

// ---------------------------------------------------------------------------------------
// Official figures of the indicators computed from the ledger

/// An indicator computed from the ledger (`computed_from = 'material_ledger'`).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LedgerIndicator {
    pub id: Uuid,
    pub code: String,
    pub frequency: String,
    /// The park of the indicator's program: its figure is that park's ledger.
    pub park_id: Uuid,
}

/// The live indicators computed from the ledger that any of the materials feed; every one
/// when `materials` is `None`.
#[tracing::instrument(skip(conn))]
pub async fn ledger_indicators(
    conn: &mut PgConnection,
    materials: Option<&[Uuid]>,
) -> Result<Vec<LedgerIndicator>, sqlx::Error> {
    sqlx::query_as(
        "SELECT i.id, i.code, i.frequency, p.park_id FROM indicator i
           JOIN program p ON p.id = i.program_id
          WHERE i.computed_from = 'material_ledger' AND i.archived_at IS NULL
            AND ($1::uuid[] IS NULL OR EXISTS (
                    SELECT 1 FROM material_indicator mi
                     WHERE mi.indicator_id = i.id AND mi.material_id = ANY($1)))
          ORDER BY i.code, i.id",
    )
    .bind(materials)
    .fetch_all(conn)
    .await
}

/// The programs and frequencies of the live indicators computed from the ledger that the
/// material feeds: where a change of its ledger can restate a published figure.
#[tracing::instrument(skip(conn))]
pub async fn ledger_indicator_programs(
    conn: &mut PgConnection,
    material_id: Uuid,
) -> Result<Vec<(Uuid, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT DISTINCT i.program_id, i.frequency FROM indicator i
           JOIN material_indicator mi ON mi.indicator_id = i.id
          WHERE i.computed_from = 'material_ledger' AND i.archived_at IS NULL
            AND mi.material_id = $1
          ORDER BY 1, 2",
    )
    .bind(material_id)
    .fetch_all(conn)
    .await
}

/// The months of an indicator's materials with an approved ledger month or a confirmed
/// transfer: the only months a computed figure can come from.
#[tracing::instrument(skip(conn))]
pub async fn months_with_counted_data(
    conn: &mut PgConnection,
    indicator_id: Uuid,
) -> Result<Vec<NaiveDate>, sqlx::Error> {
    sqlx::query_scalar(
        "WITH m AS (SELECT material_id FROM material_indicator WHERE indicator_id = $1)
         SELECT month FROM material_ledger
          WHERE material_id IN (SELECT material_id FROM m) AND status = 'approved'
         UNION
         SELECT month FROM material_transfer
          WHERE material_id IN (SELECT material_id FROM m) AND state = 'confirmed'
         ORDER BY 1",
    )
    .bind(indicator_id)
    .fetch_all(conn)
    .await
}

/// Rewrites the official figures of the indicators computed from the ledger that the
/// materials feed, for the periods containing `months` (each indicator's own frequency);
/// `None` rebuilds every period of every such indicator (a changed link between a material
/// and an indicator, a database made consistent). Called in the transaction of the write that
/// changed what counts (a month approved or reopened, a transfer answered), so the figure
/// and its cause commit together.
///
/// The figure is the park's value the ledger computes (`store::flows::computed_values`,
/// pooled: never typed reports, which the database's own refresh leaves alone for computed
/// indicators, migration 0027), its contributors the organisations with an approved ledger
/// month in the period; a period without one has no official figure.
#[tracing::instrument(skip(conn))]
pub async fn refresh_computed_figures(
    conn: &mut PgConnection,
    materials: Option<&[Uuid]>,
    months: Option<&[NaiveDate]>,
) -> Result<(), sqlx::Error> {
    use std::collections::BTreeSet;

    use chrono::Datelike;

    use crate::domain::Period;
    use crate::domain::kinds::Frequency;
    use crate::store::figures::{self, ComputedFigure};

    for indicator in ledger_indicators(conn, materials).await? {
        // Serialises concurrent writers of the same indicator (the database's own refresh
        // takes the same lock), so the second computes from what the first committed.
        figures::lock_indicator_figures(conn, indicator.id).await?;
        let frequency: Frequency = parse_column("indicator.frequency", &indicator.frequency)?;
        let starts: BTreeSet<NaiveDate> = match months {
            Some(months) => months.iter().copied().collect::<BTreeSet<NaiveDate>>(),
            None => months_with_counted_data(conn, indicator.id)
                .await?
                .into_iter()
                .collect(),
        }
        .into_iter()
        .map(|m| Period::containing(frequency, m).start())
        .collect();
        let mut computed = Vec::new();
        for start in &starts {
            let period = Period::containing(frequency, *start);
            let last_month = period.end().with_day(1).unwrap_or(period.end());
            let values = computed_values_in(
                conn,
                Some(indicator.park_id),
                &indicator.code,
                period.start(),
                last_month,
            )
            .await?;
            let Some(park) = crate::domain::flows::park_value(&values.values) else {
                continue;
            };
            let Ok(contributors @ 1..) = i64::try_from(values.contributors) else {
                continue;
            };
            computed.push(ComputedFigure {
                period_start: period.start(),
                period_end: period.end(),
                value: Some(park.value),
                numerator: park.numerator,
                denominator: park.denominator,
                contributors,
            });
        }
        let replaced: Vec<NaiveDate> = starts.into_iter().collect();
        let scope = months.map(|_| replaced.as_slice());
        figures::replace_computed_figures(
            conn,
            indicator.id,
            &indicator.frequency,
            scope,
            &computed,
        )
        .await?;
    }
    Ok(())
}
