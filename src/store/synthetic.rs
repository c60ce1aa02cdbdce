//! A large synthetic data set on top of the demo catalogue, for measuring the pages at scale
//! (`pilar seed --synthetic --tenants N --months M`, see docs/performance.md).
//!
//! The generator is the SQL below: it runs inside the database with `generate_series`, so a
//! million observations are made by a handful of set-based statements instead of crossing the
//! wire row by row. Values are deterministic (hashes of the row's key), plausible for each
//! indicator kind, and mostly approved; the figures table (`official_figure`) is filled by its
//! trigger in the same transaction.

use sqlx::PgPool;

/// What a synthetic load added.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyntheticCounts {
    pub tenants: i64,
    pub assignments: i64,
    pub observations: i64,
}

/// Organisation codes of the synthetic tenants start with this.
pub const CODE_PREFIX: &str = "SYN-";

/// Adds `tenants` synthetic tenant organisations, assigns each every live indicator of the
/// program but the park-level ones (those come from the park office alone, migration 0016),
/// and stores their reports for every period starting in the `months` months from
/// January 2026: about 90 % approved, the rest submitted, returned or draft. The demo data
/// must be loaded (it supplies the program and the catalogue); synthetic tenants already
/// present are an error, so a load is all or nothing and never doubles the data.
#[tracing::instrument(skip(pool))]
pub async fn load_synthetic(
    pool: &PgPool,
    tenants: u32,
    months: u32,
) -> Result<SyntheticCounts, sqlx::Error> {
    let tenants = i32::try_from(tenants).map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
    let months = i32::try_from(months).map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
    let mut tx = pool.begin().await?;

    let existing: i64 =
        sqlx::query_scalar("SELECT count(*) FROM organisation WHERE starts_with(code, $1)")
            .bind(CODE_PREFIX)
            .fetch_one(&mut *tx)
            .await?;
    if existing > 0 {
        return Err(sqlx::Error::Protocol(format!(
            "{existing} synthetic tenants are already loaded; load into a fresh database"
        )));
    }
    let program: Option<(uuid::Uuid, uuid::Uuid)> =
        sqlx::query_as("SELECT id, park_id FROM program ORDER BY created_at, code LIMIT 1")
            .fetch_optional(&mut *tx)
            .await?;
    let Some((program_id, park_id)) = program else {
        return Err(sqlx::Error::Protocol(
            "no program: load the demo data first (`pilar seed --demo`)".into(),
        ));
    };

    let added_tenants = sqlx::query(
        "INSERT INTO organisation (code, name, short_name, kind, process_route, park_id,
                                   description_en, description_id, is_demo)
         SELECT $1 || lpad(n::text, 5, '0'),
                'Synthetic Tenant ' || lpad(n::text, 5, '0'),
                'Synth ' || lpad(n::text, 5, '0'),
                'tenant',
                (ARRAY['rkef', 'matte_converter', 'hpal', 'refinery', 'precursor', 'cell',
                       'aluminium_smelter', 'captive_power'])[1 + n % 8],
                $2,
                'Synthetic tenant for load tests.',
                'Tenant sintetis untuk uji beban.',
                true
           FROM generate_series(1, $3) AS n",
    )
    .bind(CODE_PREFIX)
    .bind(park_id)
    .bind(tenants)
    .execute(&mut *tx)
    .await?
    .rows_affected();

    sqlx::query(
        "INSERT INTO program_role (program_id, organisation_id, role)
         SELECT $1, id, 'reporting_tenant' FROM organisation WHERE starts_with(code, $2)",
    )
    .bind(program_id)
    .bind(CODE_PREFIX)
    .execute(&mut *tx)
    .await?;

    let assignments = sqlx::query(
        "INSERT INTO assignment (indicator_id, organisation_id, starts_on)
         SELECT i.id, org.id, date '2026-01-01'
           FROM indicator i
           CROSS JOIN organisation org
          WHERE i.program_id = $1 AND i.archived_at IS NULL AND i.aggregation <> 'park'
            AND starts_with(org.code, $2)",
    )
    .bind(program_id)
    .bind(CODE_PREFIX)
    .execute(&mut *tx)
    .await?
    .rows_affected();

    // `r` and `s` are two independent pseudo-random numbers in [0, 1) per report.
    let observations = sqlx::query(
        "WITH periods AS (
             SELECT i.id AS indicator_id, i.kind,
                    coalesce(array_length(i.stage_labels_en, 1), 1) AS stages,
                    g::date AS period_start,
                    (g + make_interval(months => f.months) - interval '1 day')::date AS period_end
               FROM indicator i
               CROSS JOIN LATERAL (SELECT CASE i.frequency WHEN 'monthly' THEN 1
                                                           WHEN 'quarterly' THEN 3
                                                           WHEN 'semi_annual' THEN 6
                                                           ELSE 12 END AS months) f
               CROSS JOIN LATERAL generate_series(timestamp '2026-01-01',
                                                  timestamp '2026-01-01' + make_interval(months => $3)
                                                      - interval '1 day',
                                                  make_interval(months => f.months)) g
              WHERE i.program_id = $1 AND i.archived_at IS NULL
         ), reports AS (
             SELECT p.*, a.organisation_id,
                    (hashtextextended(a.organisation_id::text || p.indicator_id::text
                                      || p.period_start::text, 1) & 65535)::float8 / 65536 AS r,
                    (hashtextextended(a.organisation_id::text || p.indicator_id::text
                                      || p.period_start::text, 2) & 65535)::float8 / 65536 AS s
               FROM periods p
               JOIN assignment a ON a.indicator_id = p.indicator_id
               JOIN organisation org ON org.id = a.organisation_id
              WHERE starts_with(org.code, $2)
         ), shaped AS (
             SELECT r.*, 100 + floor(900 * r.s) AS denominator,
                    CASE WHEN r.s < 0.90 THEN 'approved'
                         WHEN r.s < 0.95 THEN 'submitted'
                         WHEN r.s < 0.97 THEN 'returned'
                         ELSE 'draft' END AS status,
                    (r.period_end + 1 + floor(20 * r.r)::int)::timestamptz
                        + make_interval(secs => floor(86400 * r.s)) AS submitted
               FROM reports r
         )
         INSERT INTO observation (indicator_id, organisation_id, period_start, period_end, value,
                                  numerator, denominator, stage, text_value, data_quality, status,
                                  first_submitted_at, submitted_at, reviewed_at, review_note,
                                  created_at, updated_at)
         SELECT indicator_id, organisation_id, period_start, period_end,
                CASE kind WHEN 'quantity' THEN round((50 + 950 * r)::numeric, 1)::float8
                          WHEN 'count' THEN floor(1 + 200 * r) END,
                CASE WHEN kind IN ('percentage', 'ratio') THEN round(denominator * (0.2 + 0.75 * r)) END,
                CASE WHEN kind IN ('percentage', 'ratio') THEN denominator END,
                CASE WHEN kind = 'milestone' THEN least(floor(r * stages), stages - 1)::int2 END,
                CASE WHEN kind = 'qualitative' THEN 'Synthetic narrative.' END,
                CASE WHEN r < 0.7 THEN 'measured' WHEN r < 0.9 THEN 'calculated' ELSE 'estimated' END,
                status,
                CASE WHEN status <> 'draft' THEN submitted END,
                CASE WHEN status <> 'draft' THEN submitted END,
                CASE WHEN status IN ('approved', 'returned') THEN submitted + interval '3 days' END,
                CASE WHEN status = 'returned' THEN 'Please check the figure against the meter log.' END,
                submitted - interval '1 day',
                CASE WHEN status IN ('approved', 'returned') THEN submitted + interval '3 days'
                     ELSE submitted END
           FROM shaped",
    )
    .bind(program_id)
    .bind(CODE_PREFIX)
    .bind(months)
    .execute(&mut *tx)
    .await?
    .rows_affected();

    tx.commit().await?;
    // Fresh statistics, so the planner sees the new sizes at once.
    sqlx::query("ANALYZE observation, assignment, organisation, official_figure")
        .execute(pool)
        .await?;
    let count = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
    Ok(SyntheticCounts {
        tenants: count(added_tenants),
        assignments: count(assignments),
        observations: count(observations),
    })
}
