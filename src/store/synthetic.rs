//! A large synthetic data set on top of the demo catalogue, for measuring the pages at scale
//! (`pilar seed --synthetic --tenants N --months M`, see docs/performance.md).
//!
//! The generator is the SQL below: it runs inside the database with `generate_series`, so a
//! million observations are made by a few dozen set-based statements instead of crossing the
//! wire row by row, in one transaction. The reports go in tiles of (indicator, period) pairs ×
//! tenants, about [`REPORTS_PER_STATEMENT`] at a time, so that no statement grows with the load
//! and each touches a bounded part of every index (see [`insert_reports`]). Values are
//! deterministic (hashes of the row's key), plausible for each indicator kind, and mostly
//! approved; the reporting tallies are filled by their triggers in the same transaction, the
//! figures table (`official_figure`) once for every pair at the end of it.

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

/// About how many reports one statement of the load writes, so that PostgreSQL's per-row work
/// of one statement (the foreign-key checks it queues, the transition tables of the tally
/// triggers) stays bounded while the load grows.
const REPORTS_PER_STATEMENT: usize = 100_000;

/// At most this many tenants in one statement. The observation indexes led by the organisation
/// take a statement's rows at one place per tenant: with every tenant in every statement (20,000
/// of them), each statement rewrote pages across all of those indexes, and a report cost twice
/// as much at 20,000 tenants as at 2,000 (shared buffers thrashing).
const TENANTS_PER_STATEMENT: usize = 2_000;

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
        sqlx::query_as("SELECT id, park_id FROM program ORDER BY starts_on, code LIMIT 1")
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

    // Statistics of the tenants just added and of the catalogue, so the tally trigger of the
    // statement below joins its 58,000 or 580,000 new rows to them by hash or index instead of
    // scanning the new rows once per indicator (a never-analysed catalogue reads as one row).
    sqlx::query("ANALYZE organisation, indicator")
        .execute(&mut *tx)
        .await?;

    let assignments = sqlx::query(
        "INSERT INTO assignment (indicator_id, organisation_id, starts_on)
         SELECT i.id, org.id, date '2026-01-01'
           FROM indicator i
           CROSS JOIN organisation org
          WHERE i.program_id = $1 AND i.archived_at IS NULL AND i.aggregation <> 'park'
            AND i.computed_from IS NULL AND starts_with(org.code, $2)",
    )
    .bind(program_id)
    .bind(CODE_PREFIX)
    .execute(&mut *tx)
    .await?
    .rows_affected();

    // Fresh statistics for the rows just added, so the batches below are planned for them.
    sqlx::query("ANALYZE organisation, assignment")
        .execute(&mut *tx)
        .await?;

    // Every (indicator, period) pair that synthetic tenants report: at most indicators ×
    // periods (about 470 for 36 months), however many tenants.
    let keys: Vec<(uuid::Uuid, chrono::NaiveDate)> = sqlx::query_as(
        "SELECT i.id, g::date
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
            AND EXISTS (SELECT FROM assignment a
                          JOIN organisation org ON org.id = a.organisation_id
                         WHERE a.indicator_id = i.id AND starts_with(org.code, $2))
          ORDER BY g, i.code",
    )
    .bind(program_id)
    .bind(CODE_PREFIX)
    .bind(months)
    .fetch_all(&mut *tx)
    .await?;

    // The tenants in id order, so that a tile's tenants are neighbours in the indexes led by
    // the organisation.
    let tenant_ids: Vec<uuid::Uuid> =
        sqlx::query_scalar("SELECT id FROM organisation WHERE starts_with(code, $1) ORDER BY id")
            .bind(CODE_PREFIX)
            .fetch_all(&mut *tx)
            .await?;
    // The figures are computed once per pair when every report is in, not once per tile: a
    // pair's figure reads all its reports, and a pair is written by tenants / 2,000 tiles.
    // (Inside this transaction: a failed load leaves the trigger as it was.)
    sqlx::query("ALTER TABLE observation DISABLE TRIGGER observation_official_figures_insert")
        .execute(&mut *tx)
        .await?;
    // Report ids ordered by time of the load (UUID version 7: milliseconds, then a counter),
    // so that the primary key and the (period, id) index take each statement's rows at their
    // end instead of at random places across the whole table.
    let load_millis: i64 =
        sqlx::query_scalar("SELECT (extract(epoch FROM clock_timestamp()) * 1000)::int8")
            .fetch_one(&mut *tx)
            .await?;

    let tenants_per_tile = tenant_ids.len().clamp(1, TENANTS_PER_STATEMENT);
    let pairs_per_tile = (REPORTS_PER_STATEMENT / tenants_per_tile).max(1);
    let tiles = keys.len().div_ceil(pairs_per_tile) * tenant_ids.len().div_ceil(tenants_per_tile);
    let mut observations = 0;
    let mut tile = 0;
    for pairs in keys.chunks(pairs_per_tile) {
        let (indicators, starts): (Vec<uuid::Uuid>, Vec<chrono::NaiveDate>) =
            pairs.iter().copied().unzip();
        for tenants in tenant_ids.chunks(tenants_per_tile) {
            let first_id = i64::try_from(observations).unwrap_or(i64::MAX);
            observations += insert_reports(
                &mut tx,
                &indicators,
                &starts,
                tenants,
                (load_millis, first_id),
            )
            .await?;
            tile += 1;
            tracing::info!(tile, tiles, observations, "synthetic reports stored");
        }
    }

    let (indicators, starts): (Vec<uuid::Uuid>, Vec<chrono::NaiveDate>) =
        keys.iter().copied().unzip();
    sqlx::query("SELECT official_figure_refresh($1, $2)")
        .bind(&indicators)
        .bind(&starts)
        .execute(&mut *tx)
        .await?;
    sqlx::query("ALTER TABLE observation ENABLE TRIGGER observation_official_figures_insert")
        .execute(&mut *tx)
        .await?;

    tx.commit().await?;
    // Fresh statistics, so the planner sees the new sizes at once, and the visibility map set
    // (as autovacuum would later on a live installation), so the index-only scans the pages
    // are built on (`observation_pending_idx`, migration 0041) are chosen: without it, CE-07's
    // page read its pending reports through the heap, 0.8 s at 2,000 tenants instead of 13 ms.
    // The late tally (migration 0045) likewise: the overview's late organisations are read
    // from its partial indexes alone once the map vouches for the rows.
    // One statement in the simple protocol: VACUUM runs outside a transaction block.
    sqlx::raw_sql(
        "VACUUM (ANALYZE) observation, assignment, organisation, official_figure,
                          organisation_late_tally",
    )
    .execute(pool)
    .await?;
    Ok(SyntheticCounts {
        tenants: count(added_tenants),
        assignments: count(assignments),
        observations: count(observations),
    })
}

fn count(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Stores the given tenants' reports for the given (indicator, period start) pairs, in one
/// statement, in the order of the organisation-led indexes, with ids from `ids` (the load's
/// milliseconds and the number of reports stored before); returns how many.
async fn insert_reports(
    tx: &mut sqlx::PgConnection,
    indicators: &[uuid::Uuid],
    period_starts: &[chrono::NaiveDate],
    tenants: &[uuid::Uuid],
    ids: (i64, i64),
) -> Result<u64, sqlx::Error> {
    // `r` and `s` are two independent pseudo-random numbers in [0, 1) per report.
    Ok(sqlx::query(
        "WITH periods AS (
             SELECT i.id AS indicator_id, i.kind,
                    coalesce(array_length(i.stage_labels_en, 1), 1) AS stages,
                    k.period_start,
                    (k.period_start + make_interval(months => f.months) - interval '1 day')::date
                        AS period_end
               FROM unnest($1::uuid[], $2::date[]) AS k(indicator_id, period_start)
               JOIN indicator i ON i.id = k.indicator_id
               CROSS JOIN LATERAL (SELECT CASE i.frequency WHEN 'monthly' THEN 1
                                                           WHEN 'quarterly' THEN 3
                                                           WHEN 'semi_annual' THEN 6
                                                           ELSE 12 END AS months) f
         ), reports AS (
             SELECT p.*, a.organisation_id,
                    (hashtextextended(a.organisation_id::text || p.indicator_id::text
                                      || p.period_start::text, 1) & 65535)::float8 / 65536 AS r,
                    (hashtextextended(a.organisation_id::text || p.indicator_id::text
                                      || p.period_start::text, 2) & 65535)::float8 / 65536 AS s
               FROM periods p
               JOIN assignment a ON a.indicator_id = p.indicator_id
              WHERE a.organisation_id = ANY($3::uuid[])
         ), shaped AS (
             SELECT r.*, 100 + floor(900 * r.s) AS denominator,
                    $5::int8 + row_number() OVER (ORDER BY r.organisation_id, r.indicator_id,
                                                          r.period_start) AS n,
                    CASE WHEN r.s < 0.90 THEN 'approved'
                         WHEN r.s < 0.95 THEN 'submitted'
                         WHEN r.s < 0.97 THEN 'returned'
                         ELSE 'draft' END AS status,
                    (r.period_end + 1 + floor(20 * r.r)::int)::timestamptz
                        + make_interval(secs => floor(86400 * r.s)) AS submitted
               FROM reports r
         )
         INSERT INTO observation (id, indicator_id, organisation_id, period_start, period_end, value,
                                  numerator, denominator, stage, text_value, data_quality, status,
                                  first_submitted_at, submitted_at, reviewed_at, review_note,
                                  created_at, updated_at)
         SELECT (lpad(to_hex($4::int8), 12, '0') || '7' || lpad(to_hex(n >> 60), 3, '0') || '8'
                 || lpad(to_hex(n & 1152921504606846975), 15, '0'))::uuid,
                indicator_id, organisation_id, period_start, period_end,
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
           FROM shaped
          ORDER BY n",
    )
    .bind(indicators)
    .bind(period_starts)
    .bind(tenants)
    .bind(ids.0)
    .bind(ids.1)
    .execute(&mut *tx)
    .await?
    .rows_affected())
}
