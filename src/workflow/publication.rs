//! Publishing a period's figures into the transparency log: the statement when a period is
//! published, a restatement when an approval changes a figure of a published period, an
//! attestation by an assurance provider. Each is one log entry appended, with a freshly
//! signed checkpoint, its publication or attestation row and its audit entry, in one
//! transaction (docs/transparency.md).

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use crate::domain::kinds::{Assurance, Frequency};
use crate::domain::period::Period;
use crate::domain::transparency::statement::{self, Restates, Statement, StatementFigure};
use crate::domain::transparency::{Hash, NoteSigner, PublishedIndicator, merkle, rotation};
use crate::domain::{Actor, AuditOrigin, Clash, Missing};
use crate::error::AppError;
use crate::store;
use crate::store::audit::AuditEntry;
use crate::store::program::Program;

/// Who publishes, when, and the key that signs the checkpoint.
pub struct Publisher<'a> {
    pub signer: &'a NoteSigner,
    pub actor: &'a Actor,
    pub context: &'a AuditOrigin,
    pub now: DateTime<Utc>,
}

impl Publisher<'_> {
    fn user_id(&self) -> Option<Uuid> {
        match self.actor {
            Actor::User { id, .. } => Some(*id),
            _ => None,
        }
    }
}

/// What an append left in the log.
#[derive(Debug, Clone)]
pub struct Appended {
    pub position: u64,
    pub size: u64,
    pub root: Hash,
    pub checkpoint: String,
}

/// Reads a period to publish: `2026-Q1` (a quarter) or `2026` (a year).
pub fn parse_period(label: &str) -> Option<Period> {
    let label = label.trim();
    let frequency = if label.contains('-') {
        Frequency::Quarterly
    } else {
        Frequency::Annual
    };
    Period::parse_label(frequency, label).ok()
}

/// The label of a period to publish (quarter or year).
pub fn period_label(period: &Period) -> String {
    let frequency = if period.start().format("%m-%d").to_string() == "01-01"
        && period.end().format("%m-%d").to_string() == "12-31"
    {
        Frequency::Annual
    } else {
        Frequency::Quarterly
    };
    period.label(frequency)
}

/// Appends one entry with its checkpoint. The caller holds the log's lock
/// ([`store::transparency::lock_log`]) in its transaction.
async fn append(
    conn: &mut PgConnection,
    signer: &NoteSigner,
    kind: &str,
    body: &[u8],
    now: DateTime<Utc>,
) -> Result<Appended, sqlx::Error> {
    let mut leaves = store::transparency::leaf_hashes(conn).await?;
    let position = leaves.len() as u64;
    let leaf = merkle::leaf_hash(body);
    store::transparency::append_entry(conn, position, kind, body, &leaf, now).await?;
    leaves.push(leaf);
    let size = leaves.len() as u64;
    let root = merkle::root(&leaves);
    let checkpoint = signer.sign(size, &root);
    store::transparency::insert_checkpoint(conn, size, &root, &checkpoint, now).await?;
    Ok(Appended {
        position,
        size,
        root,
        checkpoint,
    })
}

/// The program's indicators as statements name them.
async fn published_indicators(
    pool: &PgPool,
    program: &Program,
) -> Result<Vec<(Uuid, PublishedIndicator)>, sqlx::Error> {
    let pillars = store::program::pillars(pool, program.id).await?;
    let versions = store::transparency::indicator_versions(pool, program.id).await?;
    let indicators = store::program::indicators(pool, program.id).await?;
    Ok(indicators
        .into_iter()
        .map(|i| {
            let pillar = pillars
                .iter()
                .find(|p| p.id == i.pillar_id)
                .map(|p| p.code.clone())
                .unwrap_or_default();
            let version = versions
                .iter()
                .find(|(id, _)| *id == i.id)
                .map_or(1, |(_, v)| *v);
            (
                i.id,
                PublishedIndicator {
                    code: i.code,
                    version,
                    pillar,
                    unit: i.unit,
                    rules: i.rules,
                    targets: i.targets,
                },
            )
        })
        .collect())
}

/// The publishable figures of a period as they stand in the transaction's view.
async fn current_figures(
    pool: &PgPool,
    conn: &mut PgConnection,
    program: &Program,
    period: &Period,
) -> Result<Vec<StatementFigure>, sqlx::Error> {
    let indicators = published_indicators(pool, program).await?;
    let series = store::figures::official_series_in(conn, program.id).await?;
    let empty = Vec::new();
    Ok(statement::statement_figures(
        period,
        indicators
            .iter()
            .map(|(id, indicator)| (indicator, series.get(id).unwrap_or(&empty).as_slice())),
    ))
}

fn new_statement(
    signer: &NoteSigner,
    program: &Program,
    period: &Period,
    kind: &str,
    now: DateTime<Utc>,
    figures: Vec<StatementFigure>,
    restates: Option<Restates>,
) -> Statement {
    Statement {
        format: statement::FORMAT.to_owned(),
        kind: kind.to_owned(),
        log: signer.name().to_owned(),
        program: program.code.clone(),
        park: program.park_code.clone(),
        period: period_label(period),
        period_start: period.start(),
        period_end: period.end(),
        published_at: now.to_rfc3339_opts(SecondsFormat::Secs, true),
        figures,
        restates,
    }
}

/// Publishes a period (a quarter or a year that has ended): freezes its publishable park
/// figures as a statement in the log. A period is published once; later changes are
/// restatements.
pub async fn publish(
    pool: &PgPool,
    publisher: &Publisher<'_>,
    program: &Program,
    period: &Period,
    today: NaiveDate,
) -> Result<Appended, AppError> {
    if period.end() >= today {
        return Err(AppError::Conflict(Clash::PeriodNotOver));
    }
    let mut tx = pool.begin().await?;
    store::transparency::lock_log(&mut tx).await?;
    if store::transparency::latest_of_period(&mut tx, program.id, period.start(), period.end())
        .await?
        .is_some()
    {
        return Err(AppError::Conflict(Clash::AlreadyPublished));
    }
    let figures = current_figures(pool, &mut tx, program, period).await?;
    if figures.is_empty() {
        return Err(AppError::Conflict(Clash::NothingToPublish));
    }
    let count = figures.len();
    let statement = new_statement(
        publisher.signer,
        program,
        period,
        "statement",
        publisher.now,
        figures,
        None,
    );
    let appended = record(&mut tx, publisher, program, period, &statement, count).await?;
    tx.commit().await?;
    Ok(appended)
}

/// Appends a (re)statement with its publication row and audit entry.
async fn record(
    conn: &mut PgConnection,
    publisher: &Publisher<'_>,
    program: &Program,
    period: &Period,
    statement: &Statement,
    figures: usize,
) -> Result<Appended, AppError> {
    let body = statement.canonical();
    let appended = append(
        conn,
        publisher.signer,
        &statement.kind,
        &body,
        publisher.now,
    )
    .await?;
    let id = store::transparency::insert_publication(
        conn,
        &store::transparency::NewPublication {
            program_id: program.id,
            period_label: &statement.period,
            period_start: period.start(),
            period_end: period.end(),
            kind: &statement.kind,
            entry_position: appended.position,
            published_by: publisher.user_id(),
            published_at: publisher.now,
        },
    )
    .await?;
    store::audit::record(
        conn,
        publisher.actor,
        publisher.context,
        AuditEntry {
            action: if statement.kind == "statement" {
                "publish"
            } else {
                "restate"
            },
            entity: "publication",
            entity_id: Some(id.to_string()),
            before: None,
            after: Some(serde_json::json!({
                "period": statement.period,
                "entry": appended.position,
                "tree_size": appended.size,
                "figures": figures,
            })),
            reason: None,
        },
    )
    .await?;
    Ok(appended)
}

fn label_of(start: NaiveDate, end: NaiveDate) -> String {
    let period = Period::new(Frequency::Annual, start, end)
        .or_else(|_| Period::new(Frequency::Quarterly, start, end));
    period.map(|p| period_label(&p)).unwrap_or_default()
}

/// A restatement of one published period when its figures changed; `None` when they did not.
/// The caller holds the log's lock.
pub async fn restate(
    pool: &PgPool,
    conn: &mut PgConnection,
    publisher: &Publisher<'_>,
    program: &Program,
    period: &Period,
) -> Result<Option<Appended>, AppError> {
    let Some((position, body)) =
        store::transparency::latest_of_period(conn, program.id, period.start(), period.end())
            .await?
    else {
        return Err(AppError::NotFound(Missing::Period(period_label(period))));
    };
    let published: Statement = serde_json::from_slice(&body).map_err(|e| {
        AppError::Unexpected(anyhow::anyhow!("a published statement reads back: {e}"))
    })?;
    let now = current_figures(pool, conn, program, period).await?;
    let reasons =
        store::transparency::reopen_reasons(conn, program.id, period.start(), period.end()).await?;
    let changes = statement::changes(&published.figures, &now, |code, start| {
        reasons
            .iter()
            .find(|(c, s, _)| c == code && *s == start)
            .map(|(_, _, r)| r.clone())
            .unwrap_or_default()
    });
    if changes.is_empty() {
        return Ok(None);
    }
    let count = now.len();
    let statement = new_statement(
        publisher.signer,
        program,
        period,
        "restatement",
        publisher.now,
        now,
        Some(Restates {
            entry: u64::try_from(position).unwrap_or(0),
            changes,
        }),
    );
    record(conn, publisher, program, period, &statement, count)
        .await
        .map(Some)
}

/// An attestation of a published statement, as the log holds it.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct AttestationEntry {
    pub format: String,
    pub kind: String,
    pub log: String,
    /// The log index of the statement attested and SHA-256 leaf hash of it (base64).
    pub statement_entry: u64,
    pub statement_leaf_hash: String,
    pub assurance: Assurance,
    pub note: String,
    pub attested_by: String,
    pub attested_at: String,
}

/// Who attests: the verifier account (its name goes into the public entry, never its
/// email), whether it signed in or used a token issued for it.
#[derive(Debug, Clone)]
pub struct AttestingAccount {
    pub user_id: Option<Uuid>,
    pub name: String,
}

/// Attests a published statement: an entry of its own in the log, appended with its
/// checkpoint, attestation row and audit entry in the caller's transaction (the page's own,
/// or the API's with its idempotency key). Takes the log's lock.
pub async fn attest(
    conn: &mut PgConnection,
    publisher: &Publisher<'_>,
    attester: &AttestingAccount,
    statement_entry: u64,
    assurance: Assurance,
    note: &str,
) -> Result<Appended, AppError> {
    if assurance == Assurance::None {
        return Err(AppError::BadRequest(
            "assurance: limited or reasonable".into(),
        ));
    }
    let note = note.trim();
    if note.chars().count() > MAX_NOTE_CHARS {
        return Err(AppError::BadRequest(format!(
            "note: at most {MAX_NOTE_CHARS} characters"
        )));
    }
    store::transparency::lock_log(conn).await?;
    let Some((kind, body)) = store::transparency::entry(&mut *conn, statement_entry).await? else {
        return Err(AppError::NotFound(Missing::Period(
            statement_entry.to_string(),
        )));
    };
    // Statements and restatements are attested; not attestations nor key rotations.
    if kind != "statement" && kind != "restatement" {
        return Err(AppError::NotFound(Missing::Period(
            statement_entry.to_string(),
        )));
    }
    use base64::Engine;
    let entry = AttestationEntry {
        format: "pilar-attestation/1".into(),
        kind: "attestation".into(),
        log: publisher.signer.name().to_owned(),
        statement_entry,
        statement_leaf_hash: base64::engine::general_purpose::STANDARD
            .encode(merkle::leaf_hash(&body)),
        assurance,
        note: note.to_owned(),
        attested_by: attester.name.clone(),
        attested_at: publisher.now.to_rfc3339_opts(SecondsFormat::Secs, true),
    };
    let value = serde_json::to_value(&entry)
        .map_err(|e| AppError::Unexpected(anyhow::anyhow!("attestation as JSON: {e}")))?;
    let bytes = crate::domain::transparency::canonical::to_canonical(&value).into_bytes();
    let appended = append(conn, publisher.signer, "attestation", &bytes, publisher.now).await?;
    store::transparency::insert_attestation(
        conn,
        statement_entry,
        appended.position,
        assurance.as_str(),
        note,
        attester.user_id,
        publisher.now,
    )
    .await?;
    store::audit::record(
        conn,
        publisher.actor,
        publisher.context,
        AuditEntry {
            action: "attest",
            entity: "transparency_entry",
            entity_id: Some(statement_entry.to_string()),
            before: None,
            after: Some(serde_json::json!({
                "entry": appended.position,
                "assurance": assurance.as_str(),
            })),
            reason: Some(note),
        },
    )
    .await?;
    Ok(appended)
}

/// Whether `signer` is the log's key now: the new key of its latest rotation (any key before
/// the first one). A server started with a key the log has retired would sign checkpoints
/// that verifiers following the chain of keys refuse, so it does not start.
pub async fn check_signing_key(pool: &PgPool, signer: &NoteSigner) -> Result<(), AppError> {
    let Some(body) = store::transparency::latest_key_rotation(pool).await? else {
        return Ok(());
    };
    let last: rotation::KeyRotation = serde_json::from_slice(&body)
        .map_err(|e| AppError::Unexpected(anyhow::anyhow!("a key rotation reads back: {e}")))?;
    if last.new_key != signer.verifier_key() {
        return Err(AppError::Unexpected(anyhow::anyhow!(
            "the transparency log key {} is not the log's current key {} (rotated at {}): restore that key's file",
            signer.verifier_key(),
            last.new_key,
            last.rotated_at
        )));
    }
    Ok(())
}

/// Rotates the log's key from `old` to `new`: appends the rotation, signed by `old`, with a
/// checkpoint signed by `old` too (it is still the log's key until the rotation is in), and
/// its audit entry, in one transaction. `old` must be the log's current key.
pub async fn rotate_key(
    pool: &PgPool,
    old: &NoteSigner,
    new: &NoteSigner,
    actor: &Actor,
    context: &AuditOrigin,
    now: DateTime<Utc>,
) -> Result<Appended, AppError> {
    if old.name() != new.name() {
        return Err(AppError::BadRequest(
            "the new key must sign for the same log origin".into(),
        ));
    }
    check_signing_key(pool, old).await?;
    let entry = rotation::rotation(old, new, now.to_rfc3339_opts(SecondsFormat::Secs, true));
    let value = serde_json::to_value(&entry)
        .map_err(|e| AppError::Unexpected(anyhow::anyhow!("key rotation as JSON: {e}")))?;
    let bytes = crate::domain::transparency::canonical::to_canonical(&value).into_bytes();
    let mut tx = pool.begin().await?;
    store::transparency::lock_log(&mut tx).await?;
    let appended = append(&mut tx, old, rotation::KIND, &bytes, now).await?;
    store::audit::record(
        &mut tx,
        actor,
        context,
        AuditEntry {
            action: "rotate_key",
            entity: "transparency_entry",
            entity_id: Some(appended.position.to_string()),
            before: Some(serde_json::json!({ "key": entry.old_key })),
            after: Some(serde_json::json!({ "key": entry.new_key, "tree_size": appended.size })),
            reason: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(appended)
}

/// The longest attestation note kept.
pub const MAX_NOTE_CHARS: usize = 2000;

/// The quarters and years of a program that have ended by `today` and that are not in
/// `published` (period starts and ends), newest first: what a manager may publish.
pub fn periods_to_publish(
    program: &Program,
    today: NaiveDate,
    published: &[(NaiveDate, NaiveDate)],
) -> Vec<Period> {
    let mut out = Vec::new();
    for frequency in [Frequency::Quarterly, Frequency::Annual] {
        let mut period = Period::containing(frequency, program.starts_on);
        while period.end() < today && period.start() <= program.ends_on {
            if !published.contains(&(period.start(), period.end())) {
                out.push(period);
            }
            let next = period.next(frequency);
            if next == period {
                break;
            }
            period = next;
        }
    }
    out.sort_by_key(|p| std::cmp::Reverse((p.end(), p.start())));
    out
}

/// What an approval passes on so that published periods it changes get their restatement:
/// called in the approval's transaction, after the approvals, so both commit together.
/// `approved` names each approved report's indicator and period: each published period of
/// the indicator's program containing it whose figures changed is restated (an approval of
/// IMIP's restates IMIP's statements only).
pub async fn restate_after_approvals(
    pool: &PgPool,
    conn: &mut PgConnection,
    publisher: &Publisher<'_>,
    approved: &[(Uuid, NaiveDate, NaiveDate)],
) -> Result<Vec<Appended>, AppError> {
    if approved.is_empty() {
        return Ok(Vec::new());
    }
    let indicators: Vec<Uuid> = approved.iter().map(|(id, _, _)| *id).collect();
    let programs = store::program::programs_of_indicators(conn, &indicators).await?;
    let mut spans: std::collections::BTreeMap<Uuid, Vec<(NaiveDate, NaiveDate)>> =
        std::collections::BTreeMap::new();
    for (indicator, start, end) in approved {
        if let Some((_, program_id)) = programs.iter().find(|(id, _)| id == indicator) {
            spans.entry(*program_id).or_default().push((*start, *end));
        }
    }
    restate_programs(pool, conn, publisher, spans).await
}

/// Restates, program by program, the published periods containing the spans of each.
async fn restate_programs(
    pool: &PgPool,
    conn: &mut PgConnection,
    publisher: &Publisher<'_>,
    spans: std::collections::BTreeMap<Uuid, Vec<(NaiveDate, NaiveDate)>>,
) -> Result<Vec<Appended>, AppError> {
    let mut out = Vec::new();
    for (program_id, periods) in spans {
        let Some(program) = store::program::program_by_id(conn, program_id).await? else {
            continue;
        };
        out.extend(restate_periods(pool, conn, publisher, &program, &periods).await?);
    }
    Ok(out)
}

/// What a ledger month's approval or reopening passes on: the official figures of the
/// indicators computed from the ledger that its material feeds (CE-05, CE-08) were rewritten
/// in the same transaction (`workflow::flows::review_month`); each published period of their
/// programs containing the month's figure period (the indicator's frequency) whose figures
/// changed gets its restatement, committed with the review. A return changes nothing that
/// counts and is not passed on.
pub async fn restate_after_ledger_review(
    pool: &PgPool,
    conn: &mut PgConnection,
    publisher: &Publisher<'_>,
    material_id: Uuid,
    month: NaiveDate,
) -> Result<Vec<Appended>, AppError> {
    let mut spans: std::collections::BTreeMap<Uuid, Vec<(NaiveDate, NaiveDate)>> =
        std::collections::BTreeMap::new();
    for (program_id, frequency) in
        store::flows::ledger_indicator_programs(conn, material_id).await?
    {
        let Ok(frequency) = frequency.parse::<Frequency>() else {
            continue;
        };
        let period = Period::containing(frequency, month);
        spans
            .entry(program_id)
            .or_default()
            .push((period.start(), period.end()));
    }
    restate_programs(pool, conn, publisher, spans).await
}

/// Restates each published period of `program` containing one of `periods` whose figures
/// changed. Takes the log's lock when one is published.
async fn restate_periods(
    pool: &PgPool,
    conn: &mut PgConnection,
    publisher: &Publisher<'_>,
    program: &Program,
    periods: &[(NaiveDate, NaiveDate)],
) -> Result<Vec<Appended>, AppError> {
    let mut spans = periods.to_vec();
    spans.sort_unstable();
    spans.dedup();
    let mut out = Vec::new();
    let mut done: Vec<(NaiveDate, NaiveDate)> = Vec::new();
    for span in spans {
        let published =
            store::transparency::published_periods_containing(conn, program.id, span.0, span.1)
                .await?;
        if published.is_empty() {
            continue;
        }
        store::transparency::lock_log(conn).await?;
        for (_, start, end) in published {
            if done.contains(&(start, end)) {
                continue;
            }
            done.push((start, end));
            let Some(period) = parse_period(&label_of(start, end)) else {
                continue;
            };
            if let Some(appended) = restate(pool, conn, publisher, program, &period).await? {
                out.push(appended);
            }
        }
    }
    Ok(out)
}

/// The demo's publications, made after the demo data, for each of the demo's programs
/// (IWIP's, then IMIP's: earliest first): the quarters of Q1–Q3 2026 that have ended and that
/// the program runs in published (IMIP's from Q2, its first), one report of Q2 reopened,
/// corrected and approved again (so Q2 is restated), and a Q1 statement attested with
/// limited assurance. A program that has any publication is left alone (another instance,
/// or an earlier start, made them). Answers the log's size.
pub async fn publish_demo(
    pool: &PgPool,
    signer: &NoteSigner,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Result<u64, AppError> {
    let demo = [store::demo::PROGRAM.code, store::demo::IMIP_PROGRAM_CODE];
    for program in store::program::programs(pool).await? {
        if demo.contains(&program.code.as_str())
            && store::transparency::publications(pool, program.id)
                .await?
                .is_empty()
        {
            publish_demo_program(pool, signer, now, today, &program).await?;
        }
    }
    let size = store::transparency::latest_tree_head(pool)
        .await?
        .map_or(0, |(s, _)| s);
    Ok(size)
}

/// One demo program's publications (see [`publish_demo`]).
async fn publish_demo_program(
    pool: &PgPool,
    signer: &NoteSigner,
    now: DateTime<Utc>,
    today: NaiveDate,
    program: &Program,
) -> Result<(), AppError> {
    let office = Actor::System {
        label: "Demo program office".into(),
    };
    let context = AuditOrigin::default();
    let publisher = Publisher {
        signer,
        actor: &office,
        context: &context,
        now,
    };
    let mut statements: Vec<(String, u64)> = Vec::new();
    for label in ["2026-Q1", "2026-Q2", "2026-Q3"] {
        let Some(period) = parse_period(label) else {
            continue;
        };
        if period.end() >= today
            || period.end() < program.starts_on
            || period.start() > program.ends_on
        {
            continue;
        }
        match publish(pool, &publisher, program, &period, today).await {
            Ok(appended) => statements.push((label.to_owned(), appended.position)),
            // Published meanwhile by another instance, or nothing publishable: no statement.
            Err(AppError::Conflict(Clash::AlreadyPublished | Clash::NothingToPublish)) => {}
            Err(other) => return Err(other),
        }
    }
    if let Some((_, q2)) = statements.iter().find(|(l, _)| l == "2026-Q2") {
        restate_demo(pool, &publisher, program, *q2).await?;
    }
    if let Some((_, q1)) = statements.iter().find(|(l, _)| l == "2026-Q1") {
        let verifier = Actor::System {
            label: "Demo assurance provider".into(),
        };
        let attester = Publisher {
            signer,
            actor: &verifier,
            context: &context,
            now,
        };
        let account = AttestingAccount {
            user_id: None,
            name: verifier.label().to_owned(),
        };
        let mut tx = pool.begin().await?;
        attest(
            &mut tx,
            &attester,
            &account,
            *q1,
            Assurance::Limited,
            "Limited assurance (ISAE 3000) over the Q1 2026 park figures: recomputed from the approved reports, no exception found.",
        )
        .await?;
        tx.commit().await?;
    }
    Ok(())
}

/// Reopens, corrects (+2 %) and approves again one approved report behind a summed quantity of
/// the statement at `entry`, which restates its period.
async fn restate_demo(
    pool: &PgPool,
    publisher: &Publisher<'_>,
    program: &Program,
    entry: u64,
) -> Result<(), AppError> {
    use crate::workflow::reports::{self, ObservationInput, Reporter, Reviewer};
    let Some((_, body)) = store::transparency::entry(pool, entry).await? else {
        return Ok(());
    };
    let statement: Statement = serde_json::from_slice(&body)
        .map_err(|e| AppError::Unexpected(anyhow::anyhow!("the demo statement reads back: {e}")))?;
    // The first summed quantity with an approved report (a computed one, CE-02, has none).
    let mut found = None;
    for figure in statement
        .figures
        .iter()
        .filter(|f| f.aggregation == "sum" && f.kind == "quantity" && f.period == statement.period)
    {
        if let Some(report) = store::transparency::an_approved_report(
            pool,
            program.id,
            &figure.indicator,
            figure.period_start,
        )
        .await?
        {
            found = Some((figure, report));
            break;
        }
    }
    let Some((figure, report)) = found else {
        return Ok(());
    };
    let reviewer = Reviewer {
        actor: Actor::System {
            label: "Demo program office".into(),
        },
        organisation_id: None,
    };
    let reporter = Reporter {
        organisation_id: report.organisation_id,
        actor: Actor::System {
            label: "Demo tenant data officer".into(),
        },
    };
    let now = publisher.now;
    let context = publisher.context;
    let refused = |e: reports::ReportingError| {
        AppError::Unexpected(anyhow::anyhow!("the demo restatement: {e:?}"))
    };
    let mut tx = pool.begin().await?;
    let reopened = reports::reopen(
        &mut tx,
        &reviewer,
        context,
        now,
        report.id,
        Some(report.version),
        Some("The weighbridge was recalibrated: March deliveries were under-weighed by 2 %."),
    )
    .await
    .map_err(refused)?;
    let corrected = reports::update(
        &mut tx,
        &reporter,
        context,
        now,
        report.id,
        reopened.version,
        &ObservationInput {
            indicator: Some(figure.indicator.clone()),
            period_start: Some(figure.period_start),
            value: Some((report.value * 1.02 * 1000.0).round() / 1000.0),
            unit: Some(figure.unit.clone()),
            data_quality: Some("measured".into()),
            status: Some("submitted".into()),
            reason: Some("Recalibrated weighbridge readings".into()),
            ..ObservationInput::default()
        },
    )
    .await
    .map_err(refused)?;
    let approved = reports::approve(
        &mut tx,
        &reviewer,
        context,
        now,
        report.id,
        Some(corrected.version),
        None,
    )
    .await
    .map_err(refused)?;
    restate_after_approvals(
        pool,
        &mut tx,
        publisher,
        &[(
            approved.indicator_id,
            approved.period_start,
            approved.period_end,
        )],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
