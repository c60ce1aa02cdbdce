//! Stakeholders: organisations, their roles in a program and the pillars they take part in,
//! the indicators each is assigned, and its latest reports (for the reviewers' links).

use chrono::NaiveDate;
use sqlx::PgPool;
use uuid::Uuid;

use super::{count_column, parse_column};
use crate::domain::Bilingual;
use crate::domain::kinds::{
    Frequency, ObservationStatus, OrganisationKind, ProcessRoute, ProgramRole,
};

/// An organisation as the directory lists it.
#[derive(Debug, Clone)]
pub struct Stakeholder {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub short_name: String,
    pub kind: OrganisationKind,
    pub process_route: Option<ProcessRoute>,
    pub is_demo: bool,
    /// Its roles in the program, each once.
    pub roles: Vec<ProgramRole>,
    /// The codes of the pillars its roles cover, each once.
    pub pillar_codes: Vec<String>,
}

#[derive(sqlx::FromRow)]
struct StakeholderRow {
    id: Uuid,
    code: String,
    name: String,
    short_name: String,
    kind: String,
    process_route: Option<String>,
    is_demo: bool,
    roles: Vec<String>,
    pillar_codes: Vec<String>,
}

fn route(value: Option<&str>) -> Result<Option<ProcessRoute>, sqlx::Error> {
    value.map(|r| parse_column("process_route", r)).transpose()
}

/// Live organisations with their roles in the program (none without a program), optionally
/// only those of one kind and those whose roles cover one pillar; real organisations first,
/// then the demo ones, by name. One query.
#[tracing::instrument(skip(pool))]
pub async fn directory(
    pool: &PgPool,
    program_id: Option<Uuid>,
    kind: Option<OrganisationKind>,
    pillar_code: Option<&str>,
) -> Result<Vec<Stakeholder>, sqlx::Error> {
    // Every row of the one listing query: the rule and the order are written once.
    directory_page(pool, program_id, kind, pillar_code, 0, usize::MAX).await
}

/// Which live organisations the directory lists, over `organisation o`: those of the program
/// `$1` (a role there, or none in any other program), of the kind `$2`, whose roles cover the
/// pillar coded `$3` (each `NULL`: any). The same rule as [`directory`]'s, written with
/// `EXISTS` so that it needs no organisation's roles gathered to decide.
const DIRECTORY_FILTER: &str = "
    o.archived_at IS NULL
    AND ($1::uuid IS NULL
         OR EXISTS (SELECT 1 FROM program_role pr
                     WHERE pr.organisation_id = o.id AND pr.program_id = $1)
         OR NOT EXISTS (SELECT 1 FROM program_role x
                         WHERE x.organisation_id = o.id AND x.program_id <> $1))
    AND ($2::text IS NULL OR o.kind = $2)
    AND ($3::text IS NULL
         OR EXISTS (SELECT 1
                      FROM program_role pr
                      JOIN program_role_pillar rp ON rp.program_role_id = pr.id
                      JOIN pillar p ON p.id = rp.pillar_id
                     WHERE pr.organisation_id = o.id AND pr.program_id = $1 AND p.code = $3))";

/// How many organisations [`directory`] lists for these filters, counted in the database.
#[tracing::instrument(skip(pool))]
pub async fn directory_count(
    pool: &PgPool,
    program_id: Option<Uuid>,
    kind: Option<OrganisationKind>,
    pillar_code: Option<&str>,
) -> Result<usize, sqlx::Error> {
    let count: i64 = sqlx::query_scalar(&format!(
        "SELECT count(*) FROM organisation o WHERE {DIRECTORY_FILTER}"
    ))
    .bind(program_id)
    .bind(kind.map(OrganisationKind::as_str))
    .bind(pillar_code)
    .fetch_one(pool)
    .await?;
    count_column("count", count)
}

/// The rows `offset..offset + limit` of what [`directory`] lists for these filters, in its
/// order: only the page's organisations are read and have their roles gathered (the
/// directory's order is `organisation_directory_idx`'s, migration 0043).
#[tracing::instrument(skip(pool))]
pub async fn directory_page(
    pool: &PgPool,
    program_id: Option<Uuid>,
    kind: Option<OrganisationKind>,
    pillar_code: Option<&str>,
    offset: usize,
    limit: usize,
) -> Result<Vec<Stakeholder>, sqlx::Error> {
    let rows: Vec<StakeholderRow> = sqlx::query_as(&format!(
        "SELECT o.id, o.code, o.name, o.short_name, o.kind, o.process_route, o.is_demo,
                coalesce(r.roles, '{{}}') AS roles,
                coalesce(r.pillar_codes, '{{}}') AS pillar_codes
           FROM (SELECT o.* FROM organisation o
                  WHERE {DIRECTORY_FILTER}
                  ORDER BY o.is_demo, o.name, o.code
                  LIMIT $4 OFFSET $5) o
           LEFT JOIN LATERAL (
                SELECT array_agg(DISTINCT pr.role) AS roles,
                       array_agg(DISTINCT p.code) FILTER (WHERE p.code IS NOT NULL) AS pillar_codes
                  FROM program_role pr
                  LEFT JOIN program_role_pillar rp ON rp.program_role_id = pr.id
                  LEFT JOIN pillar p ON p.id = rp.pillar_id
                 WHERE pr.organisation_id = o.id AND pr.program_id = $1) r ON true
          ORDER BY o.is_demo, o.name, o.code"
    ))
    .bind(program_id)
    .bind(kind.map(OrganisationKind::as_str))
    .bind(pillar_code)
    .bind(i64::try_from(limit).unwrap_or(i64::MAX))
    .bind(i64::try_from(offset).unwrap_or(i64::MAX))
    .fetch_all(pool)
    .await?;
    rows.into_iter().map(stakeholder).collect()
}

/// A directory row as the domain's types.
fn stakeholder(row: StakeholderRow) -> Result<Stakeholder, sqlx::Error> {
    Ok(Stakeholder {
        kind: parse_column("kind", &row.kind)?,
        process_route: route(row.process_route.as_deref())?,
        roles: row
            .roles
            .iter()
            .map(|r| parse_column("role", r))
            .collect::<Result<_, _>>()?,
        id: row.id,
        code: row.code,
        name: row.name,
        short_name: row.short_name,
        is_demo: row.is_demo,
        pillar_codes: row.pillar_codes,
    })
}

/// Whether an organisation is one of a program's: it holds a role there, or none in any
/// other program (an organisation not yet placed in a program shows in each). The directory
/// applies the same rule, so another program's tenants are neither listed nor shown.
#[tracing::instrument(skip(pool))]
pub async fn in_program(
    pool: &PgPool,
    program_id: Uuid,
    organisation_id: Uuid,
) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM program_role WHERE organisation_id = $2 AND program_id = $1)
             OR NOT EXISTS (SELECT 1 FROM program_role
                             WHERE organisation_id = $2 AND program_id <> $1)",
    )
    .bind(program_id)
    .bind(organisation_id)
    .fetch_one(pool)
    .await
}

/// One organisation's own attributes.
#[derive(Debug, Clone)]
pub struct Organisation {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub short_name: String,
    pub kind: OrganisationKind,
    pub process_route: Option<ProcessRoute>,
    pub park_name: Option<String>,
    pub description: Bilingual,
    pub website: Option<String>,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    pub is_demo: bool,
}

#[derive(sqlx::FromRow)]
struct OrganisationRow {
    id: Uuid,
    code: String,
    name: String,
    short_name: String,
    kind: String,
    process_route: Option<String>,
    park_name: Option<String>,
    description: Bilingual,
    website: Option<String>,
    contact_name: Option<String>,
    contact_email: Option<String>,
    is_demo: bool,
}

/// The live organisation with this code.
#[tracing::instrument(skip(pool))]
pub async fn organisation(pool: &PgPool, code: &str) -> Result<Option<Organisation>, sqlx::Error> {
    let row: Option<OrganisationRow> = sqlx::query_as(
        "SELECT o.id, o.code, o.name, o.short_name, o.kind, o.process_route, k.name AS park_name,
                (o.description_en, o.description_id) AS description, o.website, o.contact_name,
                o.contact_email,
                o.is_demo
           FROM organisation o
           LEFT JOIN park k ON k.id = o.park_id
          WHERE o.code = $1 AND o.archived_at IS NULL",
    )
    .bind(code)
    .fetch_optional(pool)
    .await?;
    row.map(|row| {
        Ok(Organisation {
            kind: parse_column("kind", &row.kind)?,
            process_route: route(row.process_route.as_deref())?,
            id: row.id,
            code: row.code,
            name: row.name,
            short_name: row.short_name,
            park_name: row.park_name,
            description: row.description,
            website: row.website,
            contact_name: row.contact_name,
            contact_email: row.contact_email,
            is_demo: row.is_demo,
        })
    })
    .transpose()
}

/// One role of an organisation in a program.
#[derive(Debug, Clone)]
pub struct Role {
    pub role: ProgramRole,
    pub note: Bilingual,
    pub pillar_codes: Vec<String>,
}

#[derive(sqlx::FromRow)]
struct RoleRow {
    role: String,
    note: Bilingual,
    pillar_codes: Vec<String>,
}

/// An organisation's roles in the program with the pillars each covers (in pillar order).
#[tracing::instrument(skip(pool))]
pub async fn roles(
    pool: &PgPool,
    program_id: Uuid,
    organisation_id: Uuid,
) -> Result<Vec<Role>, sqlx::Error> {
    let rows: Vec<RoleRow> = sqlx::query_as(
        "SELECT pr.role, (pr.note_en, pr.note_id) AS note,
                coalesce(array_agg(p.code ORDER BY p.position, p.code)
                         FILTER (WHERE p.code IS NOT NULL), '{}') AS pillar_codes
           FROM program_role pr
           LEFT JOIN program_role_pillar rp ON rp.program_role_id = pr.id
           LEFT JOIN pillar p ON p.id = rp.pillar_id
          WHERE pr.program_id = $1 AND pr.organisation_id = $2
          GROUP BY pr.id
          ORDER BY pr.role",
    )
    .bind(program_id)
    .bind(organisation_id)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|row| {
            Ok(Role {
                role: parse_column("role", &row.role)?,
                note: row.note,
                pillar_codes: row.pillar_codes,
            })
        })
        .collect()
}

/// An indicator an organisation is assigned.
#[derive(Debug, Clone)]
pub struct AssignedIndicator {
    pub code: String,
    pub name: Bilingual,
    pub pillar_code: String,
    pub frequency: Frequency,
    pub starts_on: NaiveDate,
}

#[derive(sqlx::FromRow)]
struct AssignedRow {
    code: String,
    name: Bilingual,
    pillar_code: String,
    frequency: String,
    starts_on: NaiveDate,
}

/// The live indicators of the program an organisation is assigned, in catalogue order.
#[tracing::instrument(skip(pool))]
pub async fn assigned_indicators(
    pool: &PgPool,
    program_id: Uuid,
    organisation_id: Uuid,
) -> Result<Vec<AssignedIndicator>, sqlx::Error> {
    let rows: Vec<AssignedRow> = sqlx::query_as(
        "SELECT i.code, (i.name_en, i.name_id) AS name, p.code AS pillar_code, i.frequency,
                a.starts_on
           FROM assignment a
           JOIN indicator i ON i.id = a.indicator_id
           JOIN pillar p ON p.id = i.pillar_id
          WHERE i.program_id = $1 AND a.organisation_id = $2
            AND a.archived_at IS NULL AND i.archived_at IS NULL
          ORDER BY p.position, i.position, i.code",
    )
    .bind(program_id)
    .bind(organisation_id)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|row| {
            Ok(AssignedIndicator {
                frequency: parse_column("frequency", &row.frequency)?,
                code: row.code,
                name: row.name,
                pillar_code: row.pillar_code,
                starts_on: row.starts_on,
            })
        })
        .collect()
}

/// One of an organisation's latest reports, as its page links it to its review page.
#[derive(Debug, Clone)]
pub struct LatestReport {
    pub id: Uuid,
    pub indicator_code: String,
    pub name: Bilingual,
    pub frequency: Frequency,
    pub period_start: NaiveDate,
    pub status: ObservationStatus,
}

#[derive(sqlx::FromRow)]
struct LatestRow {
    id: Uuid,
    indicator_code: String,
    name: Bilingual,
    frequency: String,
    period_start: NaiveDate,
    status: String,
}

/// The organisation's `limit` latest reports in the program that left its hands (submitted,
/// approved or returned; drafts are its own), newest period first.
#[tracing::instrument(skip(pool))]
pub async fn latest_reports(
    pool: &PgPool,
    program_id: Uuid,
    organisation_id: Uuid,
    limit: i64,
) -> Result<Vec<LatestReport>, sqlx::Error> {
    let rows: Vec<LatestRow> = sqlx::query_as(
        "SELECT o.id, i.code AS indicator_code, (i.name_en, i.name_id) AS name, i.frequency,
                o.period_start, o.status
           FROM observation o
           JOIN indicator i ON i.id = o.indicator_id
          WHERE i.program_id = $1 AND o.organisation_id = $2 AND o.status <> 'draft'
          ORDER BY o.period_start DESC, i.code
          LIMIT $3",
    )
    .bind(program_id)
    .bind(organisation_id)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|row| {
            Ok(LatestReport {
                frequency: parse_column("frequency", &row.frequency)?,
                status: parse_column("status", &row.status)?,
                id: row.id,
                indicator_code: row.indicator_code,
                name: row.name,
                period_start: row.period_start,
            })
        })
        .collect()
}
