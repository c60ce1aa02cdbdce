//! The precomputed reporting tallies (migration 0010) give what the domain's compliance rules
//! give over `expected_reports`, for every scope of the demo program, for all closed periods
//! and for the latest round, before and after every kind of write the triggers must follow.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use sqlx::PgPool;
use uuid::Uuid;

use pilar::domain::compliance::{self, ComplianceSummary};
use pilar::domain::kinds::Frequency;
use pilar::domain::period::{Period, closed_periods, periods_between};
use pilar::store;
use pilar::store::compliance::Scope;
use pilar::store::program::Program;
use pilar::store::tally::{LateOrganisation, LateOrganisations};

use crate::common::{Template, database, today};
use crate::expected;

/// Every closed period of the program as of `today`, for every frequency.
fn closed(program: &Program, today: NaiveDate) -> Vec<(Frequency, Period)> {
    Frequency::ALL
        .iter()
        .flat_map(|f| {
            closed_periods(*f, program.starts_on, program.ends_on, today)
                .into_iter()
                .map(move |p| (*f, p))
        })
        .collect()
}

/// The round the overview shows: the latest closed period of each frequency.
fn latest_rounds(program: &Program, today: NaiveDate) -> Vec<(Frequency, Period)> {
    Frequency::ALL
        .iter()
        .filter_map(|f| {
            compliance::latest_closed_period(*f, program.starts_on, program.ends_on, today)
                .map(|p| (*f, p))
        })
        .collect()
}

/// Every period of the program, closed or not.
fn every_period(program: &Program) -> Vec<(Frequency, Period)> {
    Frequency::ALL
        .iter()
        .flat_map(|f| {
            periods_between(*f, program.starts_on, program.ends_on)
                .into_iter()
                .map(move |p| (*f, p))
        })
        .collect()
}

/// The domain's compliance items of `scope` and `periods` as of `today`.
async fn items(
    pool: &PgPool,
    program: &Program,
    scope: Scope,
    periods: &[(Frequency, Period)],
    today: NaiveDate,
) -> Vec<(store::compliance::ExpectedReport, compliance::Compliance)> {
    store::compliance::expected_reports(pool, program.id, scope, periods)
        .await
        .unwrap()
        .into_iter()
        .filter(|r| compliance::is_expected(r.starts_on, &r.period))
        .filter_map(|r| {
            let c = compliance::compliance(&r.period, r.report.as_ref(), today)?;
            Some((r, c))
        })
        .collect()
}

/// The overview's late organisations, computed as `web::overview::round_view` does: late
/// items grouped by (short name, code), most late first, then by name and code.
fn domain_late(
    items: &[(store::compliance::ExpectedReport, compliance::Compliance)],
    limit: usize,
) -> LateOrganisations {
    let mut late: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for (report, item) in items {
        if item.late {
            *late
                .entry((&report.organisation_name, &report.organisation_code))
                .or_default() += 1;
        }
    }
    let mut late: Vec<((&str, &str), usize)> = late.into_iter().collect();
    late.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    LateOrganisations {
        total: late.len(),
        top: late
            .into_iter()
            .take(limit)
            .map(|((name, code), late)| LateOrganisation {
                code: code.to_string(),
                name: name.to_string(),
                late,
            })
            .collect(),
    }
}

/// Every scope worth comparing: the program, each pillar, each indicator and each
/// organisation (archived ones included: they must count for nothing).
async fn scopes(pool: &PgPool, program: &Program) -> Vec<Scope> {
    let pillars: Vec<Uuid> = sqlx::query_scalar("SELECT id FROM pillar WHERE program_id = $1")
        .bind(program.id)
        .fetch_all(pool)
        .await
        .unwrap();
    let indicators: Vec<Uuid> =
        sqlx::query_scalar("SELECT id FROM indicator WHERE program_id = $1 ORDER BY code")
            .bind(program.id)
            .fetch_all(pool)
            .await
            .unwrap();
    let organisations: Vec<Uuid> = sqlx::query_scalar("SELECT id FROM organisation ORDER BY code")
        .fetch_all(pool)
        .await
        .unwrap();
    let mut scopes = vec![Scope::Program];
    scopes.extend(pillars.into_iter().map(Scope::Pillar));
    scopes.extend(indicators.into_iter().map(Scope::Indicator));
    scopes.extend(organisations.into_iter().map(Scope::Organisation));
    scopes
}

/// The tallies' summaries and late organisations equal the domain's for every scope, for the
/// given period sets, as of `today`. Returns the program-wide summary of the first set.
async fn assert_tallies_equal_the_domain(
    pool: &PgPool,
    period_sets: &[Vec<(Frequency, Period)>],
    today: NaiveDate,
) -> ComplianceSummary {
    let program = expected::program(pool).await;
    let scopes = scopes(pool, &program).await;
    let mut first = None;
    for periods in period_sets {
        for scope in &scopes {
            let domain = items(pool, &program, *scope, periods, today).await;
            let domain = compliance::summarise(domain.iter().map(|(_, c)| c));
            let tally = store::tally::scope_summary(pool, program.id, *scope, periods, today)
                .await
                .unwrap();
            assert_eq!(
                tally,
                domain,
                "{scope:?}, {} periods, today {today}",
                periods.len()
            );
            if *scope == Scope::Program && first.is_none() {
                first = Some(domain);
            }
        }
        let program_items = items(pool, &program, Scope::Program, periods, today).await;
        for limit in [0, 3, 10, usize::MAX] {
            let tally = store::tally::late_organisations(pool, program.id, periods, today, limit)
                .await
                .unwrap();
            assert_eq!(
                tally,
                domain_late(&program_items, limit),
                "late organisations, limit {limit}, {} periods, today {today}",
                periods.len()
            );
        }
    }
    first.unwrap_or_default()
}

/// The maintained tallies hold exactly what counting from scratch gives (zero rows left by
/// deltas read as no row).
pub async fn assert_tallies_equal_a_recount(pool: &PgPool) {
    for (table, counted) in [
        (
            "indicator_report_tally",
            "(draft, submitted, approved, returned, submitted_late, unsubmitted) <> (0, 0, 0, 0, 0, 0)",
        ),
        (
            "organisation_report_tally",
            "(draft, submitted, approved, returned, submitted_late, unsubmitted) <> (0, 0, 0, 0, 0, 0)",
        ),
        ("indicator_assignment_tally", "assignments <> 0"),
        ("organisation_assignment_tally", "assignments <> 0"),
        (
            "organisation_late_tally",
            "(submitted_late, outstanding) <> (0, 0)",
        ),
    ] {
        // The late tally's recount holds a row for every report expected, zero or not.
        let sql = format!(
            "SELECT (SELECT count(*) FROM (SELECT * FROM {table} WHERE {counted}
                                           EXCEPT SELECT * FROM {table}_recount) d),
                    (SELECT count(*) FROM (SELECT * FROM {table}_recount WHERE {counted}
                                           EXCEPT SELECT * FROM {table} WHERE {counted}) d)"
        );
        let (extra, lacking): (i64, i64) = sqlx::query_as(&sql).fetch_one(pool).await.unwrap();
        assert_eq!((extra, lacking), (0, 0), "{table} against a recount");
    }
}

pub async fn assert_all_equal(pool: &PgPool) -> ComplianceSummary {
    let program = expected::program(pool).await;
    assert_tallies_equal_a_recount(pool).await;
    assert_tallies_equal_the_domain(
        pool,
        &[
            expected::all_closed(&program),
            latest_rounds(&program, today()),
        ],
        today(),
    )
    .await
}

pub(crate) async fn execute(pool: &PgPool, sql: &str) -> u64 {
    sqlx::query(sql)
        .execute(pool)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .rows_affected()
}

#[tokio::test]
async fn tallies_equal_the_domain_rules_on_the_demo_data() {
    let pool = database(Template::Demo).await;
    let summary = assert_all_equal(&pool).await;
    // The comparison covered every state, and both late and on-time reports.
    assert!(summary.expected > 0 && summary.late > 0 && summary.on_time > 0);
    assert!(summary.missing > 0 && summary.approved > 0, "{summary:?}");
    let program = expected::program(&pool).await;
    let late = store::tally::late_organisations(
        &pool,
        program.id,
        &latest_rounds(&program, today()),
        today(),
        5,
    )
    .await
    .unwrap();
    assert!(late.total > 0, "the demo round has late organisations");
}

/// The late organisations are judged in the database (`store::tally::late_organisations`),
/// with the day passed in, never the database's clock: on days before a period closes, inside
/// its grace days, on its due date and after it, they equal the domain's rules over every
/// expected report, for the latest round and for every closed period (several periods of each
/// frequency; reports late, on time, missing, drafts, submitted, approved and returned).
#[tokio::test]
async fn late_organisations_judged_in_the_database_follow_the_domain_on_any_day() {
    let pool = database(Template::Demo).await;
    let program = expected::program(&pool).await;
    // The tests' day (2026-11-29) is inside October's grace days: due 2026-11-30.
    let october = Period::parse_label(Frequency::Monthly, "2026-10").unwrap();
    let due = compliance::due_date(&october);
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    let days = [
        october.end(),    // October still open: September is the latest month.
        day(2026, 11, 1), // October closed, inside its grace days.
        today(),
        due,                     // October's due date: still on time.
        due.succ_opt().unwrap(), // October overdue.
        day(2027, 2, 15),        // a later round (Q4 and January overdue or in grace).
    ];
    let mut late_reports = Vec::new();
    for on in days {
        for periods in [latest_rounds(&program, on), closed(&program, on)] {
            let domain = items(&pool, &program, Scope::Program, &periods, on).await;
            for limit in [0, 1, 10, usize::MAX] {
                let judged =
                    store::tally::late_organisations(&pool, program.id, &periods, on, limit)
                        .await
                        .unwrap();
                assert_eq!(
                    judged,
                    domain_late(&domain, limit),
                    "late organisations on {on}, limit {limit}, {} periods",
                    periods.len()
                );
            }
        }
        let every = store::tally::late_organisations(
            &pool,
            program.id,
            &closed(&program, on),
            on,
            usize::MAX,
        )
        .await
        .unwrap();
        late_reports.push(every.top.iter().map(|o| o.late).sum::<usize>());
    }
    // The comparison saw October's missing and unsubmitted reports turn late the day after
    // its due date, and not before (November, closed that day, is inside its grace days).
    assert!(late_reports[4] > late_reports[3], "{late_reports:?}");
}

#[tokio::test]
async fn tallies_follow_every_kind_of_write() {
    let pool = database(Template::Demo).await;
    assert_all_equal(&pool).await;

    // A new report (a draft) for Q3 2026 or July or H2 2026, where none was made: due by
    // 2026-10-30 at the latest, so late as of the tests' today while unsubmitted.
    let new_report = "(SELECT o.id FROM observation o WHERE o.comment = 'tally test')";
    let inserted = execute(
        &pool,
        "INSERT INTO observation (indicator_id, organisation_id, period_start, period_end, value,
                                  data_quality, status, comment)
         SELECT a.indicator_id, a.organisation_id, DATE '2026-07-01',
                report_period_end(i.frequency, DATE '2026-07-01'), 42, 'measured', 'draft',
                'tally test'
           FROM assignment a
           JOIN indicator i ON i.id = a.indicator_id
           JOIN organisation org ON org.id = a.organisation_id
          WHERE i.kind IN ('quantity', 'count')
            AND i.frequency IN ('monthly', 'quarterly', 'semi_annual')
            AND a.archived_at IS NULL AND i.archived_at IS NULL AND org.archived_at IS NULL
            AND a.starts_on <= DATE '2026-07-01'
            AND NOT EXISTS (SELECT FROM observation o
                             WHERE o.indicator_id = a.indicator_id
                               AND o.organisation_id = a.organisation_id
                               AND o.period_start = DATE '2026-07-01')
          ORDER BY i.code, org.code LIMIT 1",
    )
    .await;
    assert_eq!(inserted, 1, "a report to add");
    assert_all_equal(&pool).await;

    // Submitted late (after any due date of those periods), then approved.
    execute(
        &pool,
        &format!(
            "UPDATE observation SET status = 'submitted', first_submitted_at = '2026-11-15T23:30:00Z',
                    submitted_at = '2026-11-15T23:30:00Z'
              WHERE id = {new_report}"
        ),
    )
    .await;
    assert_all_equal(&pool).await;
    execute(
        &pool,
        &format!(
            "UPDATE observation SET status = 'approved', reviewed_at = now() WHERE id = {new_report}"
        ),
    )
    .await;
    assert_all_equal(&pool).await;

    // A submitted report returned; then every submitted report approved in one statement.
    let returned = execute(
        &pool,
        "UPDATE observation SET status = 'returned', review_note = 'Please check the unit.',
                reviewed_at = now()
          WHERE id = (SELECT id FROM observation WHERE status = 'submitted' ORDER BY id LIMIT 1)",
    )
    .await;
    assert_eq!(returned, 1, "a submitted report to return");
    assert_all_equal(&pool).await;
    let approved = execute(
        &pool,
        "UPDATE observation SET status = 'approved', reviewed_at = now() WHERE status = 'submitted'",
    )
    .await;
    assert!(approved > 0, "submitted reports to approve");
    assert_all_equal(&pool).await;

    // A report deleted (with its revisions, which point at it).
    let mut tx = pool.begin().await.unwrap();
    let victim: Uuid = sqlx::query_scalar(
        "SELECT id FROM observation WHERE status = 'approved' ORDER BY period_start DESC, id LIMIT 1",
    )
    .fetch_one(&mut *tx)
    .await
    .unwrap();
    // The revision history is append-only: deleting by hand means lifting the guard first.
    sqlx::query(
        "ALTER TABLE observation_revision DISABLE TRIGGER observation_revision_append_only",
    )
    .execute(&mut *tx)
    .await
    .unwrap();
    sqlx::query("DELETE FROM observation_revision WHERE observation_id = $1")
        .bind(victim)
        .execute(&mut *tx)
        .await
        .unwrap();
    sqlx::query("DELETE FROM observation WHERE id = $1")
        .bind(victim)
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_all_equal(&pool).await;

    // The assignment with the most reports archived.
    let busiest = "(SELECT a.id FROM assignment a
                      JOIN observation o ON o.indicator_id = a.indicator_id
                                        AND o.organisation_id = a.organisation_id
                     WHERE a.archived_at IS NULL
                     GROUP BY a.id ORDER BY count(*) DESC, a.id LIMIT 1)";
    let archived = execute(
        &pool,
        &format!("UPDATE assignment SET archived_at = now() WHERE id = {busiest}"),
    )
    .await;
    assert_eq!(archived, 1);
    assert_all_equal(&pool).await;

    // An organisation with reports archived, then brought back.
    let organisation: Uuid = sqlx::query_scalar(
        "SELECT a.organisation_id FROM assignment a
           JOIN observation o ON o.indicator_id = a.indicator_id
                             AND o.organisation_id = a.organisation_id
          WHERE a.archived_at IS NULL
          GROUP BY a.organisation_id ORDER BY count(*) DESC, a.organisation_id LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let before = assert_all_equal(&pool).await;
    sqlx::query("UPDATE organisation SET archived_at = now() WHERE id = $1")
        .bind(organisation)
        .execute(&pool)
        .await
        .unwrap();
    let while_archived = assert_all_equal(&pool).await;
    assert!(while_archived.expected < before.expected);
    sqlx::query("UPDATE organisation SET archived_at = NULL WHERE id = $1")
        .bind(organisation)
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(assert_all_equal(&pool).await, before);

    // An assignment's start moved to mid-2026: the reports before it no longer count.
    let moved = execute(
        &pool,
        &format!(
            "UPDATE assignment SET starts_on = DATE '2026-06-15' WHERE id = {busiest}
                     OR id = (SELECT a.id FROM assignment a
                               WHERE a.archived_at IS NULL AND a.starts_on < DATE '2026-06-15'
                               ORDER BY a.id LIMIT 1)"
        ),
    )
    .await;
    assert!(moved >= 1);
    assert_all_equal(&pool).await;
    // And the archived assignment brought back with its new start.
    execute(
        &pool,
        "UPDATE assignment SET archived_at = NULL WHERE archived_at IS NOT NULL",
    )
    .await;
    assert_all_equal(&pool).await;

    // A new assignment (no reports yet), then the indicator with the most reports archived.
    execute(
        &pool,
        "INSERT INTO assignment (indicator_id, organisation_id, starts_on)
         SELECT i.id, org.id, DATE '2026-02-10'
           FROM indicator i CROSS JOIN organisation org
          WHERE i.archived_at IS NULL AND org.archived_at IS NULL
            AND NOT EXISTS (SELECT FROM assignment a
                             WHERE a.indicator_id = i.id AND a.organisation_id = org.id)
          ORDER BY i.code, org.code LIMIT 2",
    )
    .await;
    assert_all_equal(&pool).await;
    let archived = execute(
        &pool,
        "UPDATE indicator SET archived_at = now()
          WHERE id = (SELECT indicator_id FROM observation
                       GROUP BY indicator_id ORDER BY count(*) DESC, indicator_id LIMIT 1)",
    )
    .await;
    assert_eq!(archived, 1);
    assert_all_equal(&pool).await;

    // A monthly indicator made quarterly: its monthly reports that start a quarter now count
    // as that quarter's, like `expected_reports` matches them.
    execute(
        &pool,
        "UPDATE indicator SET frequency = 'quarterly'
          WHERE id = (SELECT id FROM indicator WHERE frequency = 'monthly' AND archived_at IS NULL
                       ORDER BY code LIMIT 1)",
    )
    .await;
    assert_all_equal(&pool).await;

    // All reports gone (lifting the revision history's append-only guard first).
    execute(
        &pool,
        "ALTER TABLE observation_revision DISABLE TRIGGER observation_revision_no_truncate",
    )
    .await;
    execute(&pool, "TRUNCATE observation, observation_revision").await;
    let empty = assert_all_equal(&pool).await;
    assert_eq!(empty.missing, empty.expected);
}

#[tokio::test]
async fn tallies_equal_the_domain_rules_whatever_the_day() {
    let pool = database(Template::Demo).await;
    let program = expected::program(&pool).await;
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    // Before anything closes; the day January closes; January's due date (2026-01-31 + 30 =
    // 2026-03-02) and the day after; Q1's due date (2026-04-30) and the day after; mid-year;
    // the tests' today; after the program ended.
    for day in [
        d(2026, 1, 15),
        d(2026, 2, 1),
        d(2026, 3, 2),
        d(2026, 3, 3),
        d(2026, 4, 30),
        d(2026, 5, 1),
        d(2026, 8, 14),
        today(),
        d(2029, 3, 1),
    ] {
        assert_tallies_equal_the_domain(
            &pool,
            &[
                closed(&program, day),
                latest_rounds(&program, day),
                // Open periods are asked for too: they must count for nothing.
                every_period(&program),
            ],
            day,
        )
        .await;
    }
}

#[tokio::test]
async fn tallies_follow_a_synthetic_load() {
    let pool = database(Template::Demo).await;
    let counts = store::synthetic::load_synthetic(&pool, 5, 6).await.unwrap();
    assert!(counts.observations > 0);
    assert_all_equal(&pool).await;
}

#[tokio::test]
async fn a_report_written_while_its_organisation_is_archived_counts_once() {
    let pool = database(Template::Demo).await;
    let (observation, organisation): (Uuid, Uuid) = sqlx::query_as(
        "SELECT o.id, o.organisation_id
           FROM observation o
           JOIN assignment a ON a.indicator_id = o.indicator_id
                            AND a.organisation_id = o.organisation_id
           JOIN organisation org ON org.id = o.organisation_id
          WHERE o.status = 'submitted' AND a.archived_at IS NULL AND org.archived_at IS NULL
          ORDER BY o.id LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();

    // A reviewer approves the report and has not committed yet…
    let mut review = pool.begin().await.unwrap();
    sqlx::query("UPDATE observation SET status = 'approved', reviewed_at = now() WHERE id = $1")
        .bind(observation)
        .execute(&mut *review)
        .await
        .unwrap();
    // …while an administrator archives the organisation: its tallies wait for the review,
    // then take away what the organisation counts with the approval in.
    let archive = tokio::spawn({
        let pool = pool.clone();
        async move {
            sqlx::query("UPDATE organisation SET archived_at = now() WHERE id = $1")
                .bind(organisation)
                .execute(&pool)
                .await
        }
    });
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(!archive.is_finished(), "the archive waits for the review");
    review.commit().await.unwrap();
    archive.await.unwrap().unwrap();
    assert_all_equal(&pool).await;
}

/// Tallies and official figures equal counting from scratch after each of a few statements
/// that change tens of thousands of reports at once.
async fn assert_both_equal_a_recount(pool: &PgPool) {
    assert_tallies_equal_a_recount(pool).await;
    assert!(crate::figures::assert_figures_equal_a_recount(pool).await > 0);
}

/// The synthetic tenants' reports.
const SYNTHETIC: &str = "organisation_id IN (SELECT id FROM organisation WHERE code LIKE 'SYN-%')";

#[tokio::test]
async fn tallies_and_figures_follow_statements_of_tens_of_thousands_of_rows() {
    let pool = database(Template::Demo).await;
    // 200 tenants over a year: about 32,000 reports, one INSERT statement.
    let counts = store::synthetic::load_synthetic(&pool, 200, 12)
        .await
        .unwrap();
    assert!(counts.observations > 20_000, "{counts:?}");
    assert_both_equal_a_recount(&pool).await;
    // And the figures equal the domain's roll-up (while every indicator is live: the domain's
    // reading covers the live catalogue only).
    crate::figures::assert_sql_figures_equal_the_domain_rules(&pool).await;

    // A review round turned over in one statement: approved reports returned and returned
    // ones approved, all first submitted 25 days later (so more of them late).
    let turned = execute(
        &pool,
        &format!(
            "UPDATE observation
                SET status = CASE status WHEN 'approved' THEN 'returned'
                                         WHEN 'returned' THEN 'approved' ELSE status END,
                    review_note = CASE status WHEN 'approved' THEN 'Recheck.' END,
                    first_submitted_at = first_submitted_at + interval '25 days'
              WHERE {SYNTHETIC}"
        ),
    )
    .await;
    assert_eq!(turned, counts.observations as u64);
    assert_both_equal_a_recount(&pool).await;

    // Every value changed and no counted fact: the tallies stay, the figures move.
    let revalued = execute(
        &pool,
        &format!(
            "UPDATE observation SET value = value + 1, data_quality = 'estimated'
              WHERE {SYNTHETIC}"
        ),
    )
    .await;
    assert_eq!(revalued, counts.observations as u64);
    assert_both_equal_a_recount(&pool).await;

    // Every synthetic tenant archived in one statement, then brought back.
    let archived = execute(
        &pool,
        "UPDATE organisation SET archived_at = now() WHERE code LIKE 'SYN-%'",
    )
    .await;
    assert_eq!(archived, 200);
    assert_both_equal_a_recount(&pool).await;
    execute(
        &pool,
        "UPDATE organisation SET archived_at = NULL WHERE code LIKE 'SYN-%'",
    )
    .await;
    assert_both_equal_a_recount(&pool).await;

    // Every synthetic assignment starts in April: the first quarter's reports no longer count.
    let moved = execute(
        &pool,
        &format!("UPDATE assignment SET starts_on = DATE '2026-04-01' WHERE {SYNTHETIC}"),
    )
    .await;
    assert_eq!(moved, counts.assignments as u64);
    assert_both_equal_a_recount(&pool).await;

    // The monthly indicator with the most reports made quarterly, and back.
    let busiest_monthly: Uuid = sqlx::query_scalar(
        "SELECT o.indicator_id FROM observation o JOIN indicator i ON i.id = o.indicator_id
          WHERE i.frequency = 'monthly'
          GROUP BY o.indicator_id ORDER BY count(*) DESC, o.indicator_id LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    for frequency in ["quarterly", "monthly"] {
        let changed = sqlx::query("UPDATE indicator SET frequency = $2 WHERE id = $1")
            .bind(busiest_monthly)
            .bind(frequency)
            .execute(&pool)
            .await
            .unwrap()
            .rows_affected();
        assert_eq!(changed, 1);
        assert_both_equal_a_recount(&pool).await;
    }

    // The indicator with the most reports archived.
    let archived = execute(
        &pool,
        "UPDATE indicator SET archived_at = now()
          WHERE id = (SELECT indicator_id FROM observation
                       GROUP BY indicator_id ORDER BY count(*) DESC, indicator_id LIMIT 1)",
    )
    .await;
    assert_eq!(archived, 1);
    assert_both_equal_a_recount(&pool).await;

    // A third of the synthetic reports deleted in one statement.
    let deleted = execute(
        &pool,
        &format!(
            "DELETE FROM observation
              WHERE extract(month FROM period_start) IN (1, 4, 7, 10) AND {SYNTHETIC}"
        ),
    )
    .await;
    assert!(deleted > 5_000, "{deleted}");
    assert_both_equal_a_recount(&pool).await;

    // Half the synthetic tenants leave the program: their reports, then their assignments, in
    // one statement each (an assignment is deleted only once its reports are gone).
    let leaving = "organisation_id IN (SELECT id FROM organisation
                                        WHERE starts_with(code, 'SYN-')
                                          AND right(code, 1) IN ('0','2','4','6','8'))";
    execute(&pool, &format!("DELETE FROM observation WHERE {leaving}")).await;
    let left = execute(&pool, &format!("DELETE FROM assignment WHERE {leaving}")).await;
    assert!(left > 1_000, "{left}");
    assert_both_equal_a_recount(&pool).await;
}

/// The advisory locks a statement holds until commit (one per touched organisation before
/// migration 0030), counted in its own transaction.
async fn advisory_locks_held(tx: &mut sqlx::PgConnection) -> i64 {
    sqlx::query_scalar(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()",
    )
    .fetch_one(tx)
    .await
    .unwrap()
}

#[tokio::test]
async fn a_statement_over_thousands_of_organisations_takes_a_bounded_number_of_locks() {
    let pool = database(Template::Demo).await;
    // 3,000 organisations; the tallies' locks map ids to 1,024 slots per kind.
    execute(
        &pool,
        "INSERT INTO organisation (code, name, short_name, kind, park_id, description_en,
                                   description_id, is_demo)
         SELECT 'LOCK-' || n, 'Lock test ' || n, 'Lock ' || n, 'tenant',
                (SELECT park_id FROM program ORDER BY code LIMIT 1), 'For a test.',
                'Untuk uji.', true
           FROM generate_series(1, 3000) AS n",
    )
    .await;

    // One indicator assigned to all of them in one statement.
    let mut tx = pool.begin().await.unwrap();
    let assigned = sqlx::query(
        "INSERT INTO assignment (indicator_id, organisation_id, starts_on)
         SELECT (SELECT id FROM indicator WHERE aggregation <> 'park' AND archived_at IS NULL
                  ORDER BY code LIMIT 1),
                org.id, DATE '2026-01-01'
           FROM organisation org WHERE org.code LIKE 'LOCK-%'",
    )
    .execute(&mut *tx)
    .await
    .unwrap()
    .rows_affected();
    assert_eq!(assigned, 3000);
    let locks = advisory_locks_held(&mut tx).await;
    assert!(
        (1..=1024 + 1).contains(&locks),
        "{locks} locks for 3,000 organisations and one indicator"
    );
    tx.commit().await.unwrap();
    assert_tallies_equal_a_recount(&pool).await;

    // All of them archived in one statement.
    let mut tx = pool.begin().await.unwrap();
    let archived =
        sqlx::query("UPDATE organisation SET archived_at = now() WHERE code LIKE 'LOCK-%'")
            .execute(&mut *tx)
            .await
            .unwrap()
            .rows_affected();
    assert_eq!(archived, 3000);
    let locks = advisory_locks_held(&mut tx).await;
    assert!((1..=1024 + 1).contains(&locks), "{locks} locks");
    tx.commit().await.unwrap();
    assert_tallies_equal_a_recount(&pool).await;
}
