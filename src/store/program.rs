//! The program's structure: programs, pillars, indicators and their targets.

use chrono::NaiveDate;
use sqlx::PgPool;
use uuid::Uuid;

use super::parse_column;
use crate::domain::Bilingual;
use crate::domain::scorecard::IndicatorRules;
use crate::domain::status::TargetPath;

/// A program with its park.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Program {
    pub id: Uuid,
    pub code: String,
    pub name: Bilingual,
    pub phase: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub park_code: String,
    pub park_name: String,
}

/// A pillar of a program.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Pillar {
    pub id: Uuid,
    pub code: String,
    pub name: Bilingual,
    pub description: Bilingual,
}

/// An indicator with the attributes the figures and status rules need, and its target path.
#[derive(Debug, Clone)]
pub struct Indicator {
    pub id: Uuid,
    pub pillar_id: Uuid,
    pub code: String,
    pub name: Bilingual,
    pub unit: String,
    pub rules: IndicatorRules,
    pub decimals: u8,
    /// The labels of a milestone indicator's stages, 0 first (empty for other kinds).
    pub stage_labels: Bilingual<Vec<String>>,
    pub targets: TargetPath,
}

/// True when the database holds no program yet (a fresh install: time for the demo data).
#[tracing::instrument(skip_all)]
pub async fn is_empty(pool: &PgPool) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar("SELECT NOT EXISTS (SELECT 1 FROM program)")
        .fetch_one(pool)
        .await
}

/// Every program, earliest first (the IWIP pilot, then IMIP's replication, in the demo
/// data). There is no "main" program: a request reads its own (`auth::program`).
#[tracing::instrument(skip_all)]
pub async fn programs(pool: &PgPool) -> Result<Vec<Program>, sqlx::Error> {
    sqlx::query_as(
        "SELECT p.id, p.code, (p.name_en, p.name_id) AS name, p.phase, p.starts_on, p.ends_on,
                k.code AS park_code, k.name AS park_name
           FROM program p JOIN park k ON k.id = p.park_id
          ORDER BY p.starts_on, p.code",
    )
    .fetch_all(pool)
    .await
}

/// The program of each of `indicators` (archived ones too), as (indicator, program).
#[tracing::instrument(skip_all, fields(indicators = indicators.len()))]
pub async fn programs_of_indicators(
    conn: &mut sqlx::PgConnection,
    indicators: &[Uuid],
) -> Result<Vec<(Uuid, Uuid)>, sqlx::Error> {
    sqlx::query_as("SELECT id, program_id FROM indicator WHERE id = ANY($1)")
        .bind(indicators)
        .fetch_all(conn)
        .await
}

/// One program by its id.
#[tracing::instrument(skip(conn))]
pub async fn program_by_id(
    conn: &mut sqlx::PgConnection,
    id: Uuid,
) -> Result<Option<Program>, sqlx::Error> {
    sqlx::query_as(
        "SELECT p.id, p.code, (p.name_en, p.name_id) AS name, p.phase, p.starts_on, p.ends_on,
                k.code AS park_code, k.name AS park_name
           FROM program p JOIN park k ON k.id = p.park_id
          WHERE p.id = $1",
    )
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// A program and what ties a person or an organisation to it: the facts the permission rule
/// (`auth::policy::may_enter_program`) decides on.
#[derive(Debug, Clone)]
pub struct ProgramTie {
    pub program: Program,
    /// The user was granted the program (`program_member`).
    pub granted: bool,
    /// The roles the organisation holds in the program (`program_role`).
    pub roles: Vec<crate::domain::ProgramRole>,
    /// The organisation is assigned one of the program's live indicators.
    pub assigned: bool,
}

#[derive(sqlx::FromRow)]
struct TieRow {
    #[sqlx(flatten)]
    program: Program,
    granted: bool,
    roles: Vec<String>,
    assigned: bool,
}

/// Every program, earliest first, with what ties `user` (when given) and `organisation` (when
/// given) to it. One query; a handful of rows (one per program).
#[tracing::instrument(skip(pool))]
pub async fn program_ties(
    pool: &PgPool,
    user: Option<Uuid>,
    organisation: Option<Uuid>,
) -> Result<Vec<ProgramTie>, sqlx::Error> {
    let rows: Vec<TieRow> = sqlx::query_as(
        "SELECT p.id, p.code, (p.name_en, p.name_id) AS name, p.phase, p.starts_on, p.ends_on,
                k.code AS park_code, k.name AS park_name,
                EXISTS (SELECT 1 FROM program_member m
                         WHERE m.program_id = p.id AND m.user_id = $1) AS granted,
                ARRAY(SELECT r.role FROM program_role r
                       WHERE r.program_id = p.id AND r.organisation_id = $2
                       ORDER BY r.role) AS roles,
                EXISTS (SELECT 1 FROM assignment a JOIN indicator i ON i.id = a.indicator_id
                         WHERE i.program_id = p.id AND a.organisation_id = $2
                           AND a.archived_at IS NULL AND i.archived_at IS NULL) AS assigned
           FROM program p JOIN park k ON k.id = p.park_id
          ORDER BY p.starts_on, p.code",
    )
    .bind(user)
    .bind(organisation)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(ProgramTie {
                roles: r
                    .roles
                    .iter()
                    .map(|role| parse_column("role", role))
                    .collect::<Result<_, _>>()?,
                program: r.program,
                granted: r.granted,
                assigned: r.assigned,
            })
        })
        .collect()
}

/// The programs a user was granted (`program_member`), by code, earliest first.
#[tracing::instrument(skip(pool))]
pub async fn granted_codes(pool: &PgPool, user: Uuid) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT p.code FROM program_member m JOIN program p ON p.id = m.program_id
          WHERE m.user_id = $1 ORDER BY p.starts_on, p.code",
    )
    .bind(user)
    .fetch_all(pool)
    .await
}

/// Replaces a user's granted programs with the programs of these codes (unknown codes are
/// left out; the caller parsed them against [`program_ties`]).
#[tracing::instrument(skip(conn))]
pub async fn set_granted(
    conn: &mut sqlx::PgConnection,
    user: Uuid,
    codes: &[String],
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM program_member WHERE user_id = $1 AND program_id NOT IN (SELECT id FROM program WHERE code = ANY($2))")
        .bind(user)
        .bind(codes)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO program_member (user_id, program_id)
         SELECT $1, id FROM program WHERE code = ANY($2)
         ON CONFLICT DO NOTHING",
    )
    .bind(user)
    .bind(codes)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Grants a new manager or viewer the installation's first program (the one a
/// single-program installation showed), so that accounts made without naming a program work
/// as before; the users page grants others.
#[tracing::instrument(skip(conn))]
pub async fn grant_first_program(
    conn: &mut sqlx::PgConnection,
    user: Uuid,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO program_member (user_id, program_id)
         SELECT $1, id FROM program ORDER BY starts_on, code LIMIT 1
         ON CONFLICT DO NOTHING",
    )
    .bind(user)
    .execute(conn)
    .await?;
    Ok(())
}

/// Whether the indicator is one of the program's.
#[tracing::instrument(skip(pool))]
pub async fn indicator_in_program(
    pool: &PgPool,
    indicator_id: Uuid,
    program_id: Uuid,
) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM indicator WHERE id = $1 AND program_id = $2)")
        .bind(indicator_id)
        .bind(program_id)
        .fetch_one(pool)
        .await
}

/// The program's pillars in display order, archived ones left out.
#[tracing::instrument(skip(pool))]
pub async fn pillars(pool: &PgPool, program_id: Uuid) -> Result<Vec<Pillar>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, code, (name_en, name_id) AS name,
                (description_en, description_id) AS description
           FROM pillar
          WHERE program_id = $1 AND archived_at IS NULL
          ORDER BY position, code",
    )
    .bind(program_id)
    .fetch_all(pool)
    .await
}

#[derive(sqlx::FromRow)]
struct IndicatorRow {
    id: Uuid,
    pillar_id: Uuid,
    code: String,
    name: Bilingual,
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
    stage_labels: Bilingual<Option<Vec<String>>>,
    target_years: Vec<i16>,
    target_values: Vec<f64>,
}

/// Every live indicator of the program with its targets, in one query.
#[tracing::instrument(skip(pool))]
pub async fn indicators(pool: &PgPool, program_id: Uuid) -> Result<Vec<Indicator>, sqlx::Error> {
    let rows: Vec<IndicatorRow> = sqlx::query_as(
        "SELECT i.id, i.pillar_id, i.code, (i.name_en, i.name_id) AS name, i.unit, i.kind,
                i.direction,
                i.aggregation, i.cumulative, i.frequency, i.decimals, i.min_coverage_percent,
                i.baseline_value,
                i.baseline_year, (i.stage_labels_en, i.stage_labels_id) AS stage_labels,
                coalesce(array_agg(t.year ORDER BY t.year) FILTER (WHERE t.year IS NOT NULL), '{}') AS target_years,
                coalesce(array_agg(t.value ORDER BY t.year) FILTER (WHERE t.year IS NOT NULL), '{}') AS target_values
           FROM indicator i
           JOIN pillar p ON p.id = i.pillar_id
           LEFT JOIN target t ON t.indicator_id = i.id
          WHERE i.program_id = $1 AND i.archived_at IS NULL
          GROUP BY i.id, p.position
          ORDER BY p.position, i.position, i.code",
    )
    .bind(program_id)
    .fetch_all(pool)
    .await?;
    rows.into_iter().map(Indicator::try_from).collect()
}

impl TryFrom<IndicatorRow> for Indicator {
    type Error = sqlx::Error;

    fn try_from(row: IndicatorRow) -> Result<Self, Self::Error> {
        let baseline = row.baseline_year.map(i32::from).zip(row.baseline_value);
        let targets = TargetPath::new(
            baseline,
            row.target_years
                .iter()
                .map(|y| i32::from(*y))
                .zip(row.target_values.iter().copied())
                .collect(),
        );
        Ok(Indicator {
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
        })
    }
}

/// Whether the demo data set has been loaded (pages then carry a "demo data" marker).
#[tracing::instrument(skip_all)]
pub async fn demo_loaded(pool: &PgPool) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM data_set WHERE name = 'demo')")
        .fetch_one(pool)
        .await
}
