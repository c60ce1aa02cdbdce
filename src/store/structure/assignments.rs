//! The assignment matrix: which organisation reports which indicator.
//! SQL only: no rule of the domain, no audit (the caller's business).

use serde::Serialize;
use sqlx::{PgConnection, PgExecutor};
use uuid::Uuid;

/// Live assignments among the given indicators, as (organisation code, indicator code) pairs.
#[tracing::instrument(skip(db))]
pub async fn assignment_pairs<'e>(
    db: impl PgExecutor<'e>,
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
    .fetch_all(db)
    .await
}

/// Live assignments of the program's live indicators and organisations, with the day each
/// starts: (organisation code, indicator code, starts on), by organisation and indicator.
#[tracing::instrument(skip(db))]
pub async fn live_assignments<'e>(
    db: impl PgExecutor<'e>,
    program_id: Uuid,
) -> Result<Vec<(String, String, chrono::NaiveDate)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT o.code, i.code, a.starts_on
           FROM assignment a
           JOIN organisation o ON o.id = a.organisation_id
           JOIN indicator i ON i.id = a.indicator_id
          WHERE i.program_id = $1 AND a.archived_at IS NULL
            AND i.archived_at IS NULL AND o.archived_at IS NULL
          ORDER BY o.code, i.code",
    )
    .bind(program_id)
    .fetch_all(db)
    .await
}

/// What a matrix save changed.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AssignmentChange {
    pub added: Vec<String>,
    pub removed: Vec<String>,
}

/// Makes the live assignments among `indicator_ids` × `organisation_ids` (the cells of the
/// matrix) exactly the ticked pairs: new ones start on `starts_on`, earlier archived ones come
/// back, unticked ones are archived (observations refer to them, so they are never deleted);
/// pairs outside those cells are not touched. Two statements whatever the matrix size.
#[tracing::instrument(skip(conn, indicator_ids, organisation_ids, ticked))]
pub async fn save_assignments(
    conn: &mut PgConnection,
    indicator_ids: &[Uuid],
    organisation_ids: &[Uuid],
    ticked: &[(Uuid, Uuid)],
    starts_on: chrono::NaiveDate,
    now: chrono::DateTime<chrono::Utc>,
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
             UPDATE assignment a SET archived_at = $5
              WHERE a.indicator_id = ANY($1) AND a.organisation_id = ANY($4)
                AND a.archived_at IS NULL
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
    .bind(organisation_ids)
    .bind(now)
    .fetch_all(conn)
    .await?;
    Ok(AssignmentChange { added, removed })
}
