//! Writes the demo data set (the sibling modules) to the database: once, in one transaction.
//!
//! Two loaders started at the same time (two server instances on a fresh database) must not
//! both load: the transaction first takes a transaction-scoped advisory lock, then looks for
//! the `data_set` row named `demo`; the second loader waits on the lock, then finds the row
//! and does nothing. Every table is filled by one set-based `INSERT … SELECT FROM UNNEST(…)`
//! with the rows passed as arrays, never one statement per row.
//!
//! Row ids are computed by the data set's modules (stable across machines), so no statement needs to
//! read back what an earlier one wrote.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::Value as JsonValue;
use sqlx::{PgPool, Postgres, Transaction};
use uuid::Uuid;

use super::catalogue::PARKS;
use super::data::{DemoData, demo_data};
use super::model as demo;

/// How many rows the loader wrote, for the main tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DemoCounts {
    pub parks: u64,
    pub indicators: u64,
    pub organisations: u64,
    pub assignments: u64,
    pub milestones: u64,
    pub observations: u64,
}

/// What [`load_demo`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemoOutcome {
    /// The demo data set was written, with these counts.
    Loaded(DemoCounts),
    /// The `data_set` row `demo` already existed: nothing was written.
    AlreadyLoaded,
}

/// The advisory-lock key that serialises demo loaders ("pilar:demo" in ASCII, truncated to
/// eight bytes). Any fixed key works as long as every loader uses the same one.
const DEMO_LOCK_KEY: i64 = i64::from_be_bytes(*b"pilar:de");

type Tx<'c> = Transaction<'c, Postgres>;

/// Loads the demo data set unless it is already loaded. All or nothing: on any error the
/// transaction rolls back and the database is as before.
#[tracing::instrument(skip_all)]
pub async fn load_demo(pool: &PgPool) -> Result<DemoOutcome, sqlx::Error> {
    // Pure and deterministic; built before the transaction so the lock is held briefly.
    let data = demo_data();
    let mut tx = pool.begin().await?;
    sqlx::query("SELECT pg_advisory_xact_lock($1)")
        .bind(DEMO_LOCK_KEY)
        .execute(&mut *tx)
        .await?;
    let loaded: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM data_set WHERE name = $1)")
        .bind(demo::DATA_SET_NAME)
        .fetch_one(&mut *tx)
        .await?;
    if loaded {
        tx.rollback().await?;
        tracing::info!("demo data already loaded");
        return Ok(DemoOutcome::AlreadyLoaded);
    }
    let parks = insert_parks(&mut tx, &data).await?;
    insert_program(&mut tx, &data).await?;
    insert_pillars(&mut tx, &data).await?;
    let indicators = insert_indicators(&mut tx, &data).await?;
    insert_framework_references(&mut tx, &data).await?;
    insert_targets(&mut tx, &data).await?;
    let organisations = insert_organisations(&mut tx, &data).await?;
    insert_roles(&mut tx, &data).await?;
    let assignments = insert_assignments(&mut tx, &data).await?;
    let milestones = insert_milestones(&mut tx, &data).await?;
    let observations = insert_observations(&mut tx, &data).await?;
    insert_observation_revisions(&mut tx, &data).await?;
    insert_activity_and_inventories(&mut tx).await?;
    super::flows::insert_flows(&mut tx).await?;
    // The second program (IMIP), written by the same set-based steps; its park is in `parks`.
    let second = super::imip::imip_data();
    insert_program(&mut tx, &second).await?;
    insert_pillars(&mut tx, &second).await?;
    let second_indicators = insert_indicators(&mut tx, &second).await?;
    insert_framework_references(&mut tx, &second).await?;
    insert_targets(&mut tx, &second).await?;
    let second_organisations = insert_organisations(&mut tx, &second).await?;
    insert_roles(&mut tx, &second).await?;
    let second_assignments = insert_assignments(&mut tx, &second).await?;
    let second_observations = insert_observations(&mut tx, &second).await?;
    insert_observation_revisions(&mut tx, &second).await?;
    let (indicators, organisations, assignments, observations) = (
        indicators + second_indicators,
        organisations + second_organisations,
        assignments + second_assignments,
        observations + second_observations,
    );
    // CE-05 and CE-08 are computed from the ledger just loaded (`computed_from`).
    crate::store::flows::refresh_computed_figures(&mut tx, None, None).await?;
    sqlx::query("INSERT INTO data_set (name, version) VALUES ($1, $2)")
        .bind(demo::DATA_SET_NAME)
        .bind(demo::DATA_SET_VERSION)
        .execute(&mut *tx)
        .await?;
    // The load is a write like any other: one audit entry, in the same transaction.
    crate::store::audit::record(
        &mut tx,
        &crate::domain::Actor::System {
            label: "demo data".into(),
        },
        &crate::domain::AuditOrigin::default(),
        crate::store::audit::AuditEntry {
            action: "load",
            entity: "data_set",
            entity_id: Some(demo::DATA_SET_NAME.to_string()),
            before: None,
            after: Some(serde_json::json!({
                "version": demo::DATA_SET_VERSION,
                "indicators": indicators,
                "organisations": organisations,
                "observations": observations,
            })),
            reason: None,
        },
    )
    .await?;
    tx.commit().await?;
    let counts = DemoCounts {
        parks,
        indicators,
        organisations,
        assignments,
        milestones,
        observations,
    };
    tracing::info!(?counts, "demo data loaded");
    Ok(DemoOutcome::Loaded(counts))
}

fn park_id(code: &str) -> Uuid {
    PARKS
        .iter()
        .find(|p| p.code == code)
        .map(demo::Park::id)
        .expect("demo rows name demo parks")
}

async fn insert_parks(tx: &mut Tx<'_>, data: &DemoData) -> Result<u64, sqlx::Error> {
    let parks = data.parks;
    let result = sqlx::query(
        "INSERT INTO park (id, code, name, province, regency, area_ha, area_as_of, created_at)
         SELECT u.id, u.code, u.name, u.province, u.regency, u.area_ha::numeric(10, 1), u.area_as_of, $8
           FROM UNNEST($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::float8[], $7::date[])
                AS u(id, code, name, province, regency, area_ha, area_as_of)",
    )
    .bind(parks.iter().map(|p| p.id()).collect::<Vec<Uuid>>())
    .bind(parks.iter().map(|p| p.code).collect::<Vec<&str>>())
    .bind(parks.iter().map(|p| p.name).collect::<Vec<&str>>())
    .bind(parks.iter().map(|p| p.province).collect::<Vec<Option<&str>>>())
    .bind(parks.iter().map(|p| p.regency).collect::<Vec<Option<&str>>>())
    .bind(parks.iter().map(|p| p.area_ha).collect::<Vec<Option<f64>>>())
    .bind(parks.iter().map(|p| p.area_as_of).collect::<Vec<Option<NaiveDate>>>())
    .bind(demo::catalogue_entered_at())
    .execute(&mut **tx)
    .await?;
    Ok(result.rows_affected())
}

async fn insert_program(tx: &mut Tx<'_>, data: &DemoData) -> Result<(), sqlx::Error> {
    let p = data.program;
    sqlx::query(
        "INSERT INTO program (id, park_id, code, name_en, name_id, phase, description_en, description_id,
                              starts_on, ends_on, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(p.id())
    .bind(park_id(p.park))
    .bind(p.code)
    .bind(p.name.en)
    .bind(p.name.ind)
    .bind(p.phase)
    .bind(p.description.en)
    .bind(p.description.ind)
    .bind(p.starts_on)
    .bind(p.ends_on)
    .bind(demo::catalogue_entered_at())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn insert_pillars(tx: &mut Tx<'_>, data: &DemoData) -> Result<(), sqlx::Error> {
    let pillars = data.pillars;
    sqlx::query(
        "INSERT INTO pillar (id, program_id, code, name_en, name_id, description_en, description_id, position)
         SELECT u.id, $1, u.code, u.name_en, u.name_id, u.description_en, u.description_id, u.position
           FROM UNNEST($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int2[])
                AS u(id, code, name_en, name_id, description_en, description_id, position)",
    )
    .bind(data.program.id())
    .bind(pillars.iter().map(|p| p.id()).collect::<Vec<Uuid>>())
    .bind(pillars.iter().map(|p| p.code).collect::<Vec<&str>>())
    .bind(pillars.iter().map(|p| p.name.en).collect::<Vec<&str>>())
    .bind(pillars.iter().map(|p| p.name.ind).collect::<Vec<&str>>())
    .bind(pillars.iter().map(|p| p.description.en).collect::<Vec<&str>>())
    .bind(pillars.iter().map(|p| p.description.ind).collect::<Vec<&str>>())
    .bind(pillars.iter().map(|p| p.position).collect::<Vec<i16>>())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A milestone's stage labels as a JSON array (arrays of arrays cannot be unnested row by
/// row), or null for other kinds.
fn stage_labels(
    labels: &[demo::Bilingual],
    pick: fn(&demo::Bilingual) -> &'static str,
) -> Option<JsonValue> {
    (!labels.is_empty()).then(|| JsonValue::from(labels.iter().map(pick).collect::<Vec<&str>>()))
}

async fn insert_indicators(tx: &mut Tx<'_>, data: &DemoData) -> Result<u64, sqlx::Error> {
    let indicators = data.indicators;
    let result = sqlx::query(
        "INSERT INTO indicator (id, program_id, pillar_id, code, name_en, name_id, definition_en, definition_id,
                                unit, kind, direction, aggregation, cumulative, frequency, decimals,
                                baseline_value, baseline_year, numerator_label_en, numerator_label_id,
                                denominator_label_en, denominator_label_id, stage_labels_en, stage_labels_id,
                                position, created_at, updated_at)
         SELECT u.id, $1, u.pillar_id, u.code, u.name_en, u.name_id, u.definition_en, u.definition_id,
                u.unit, u.kind, u.direction, u.aggregation, u.cumulative, u.frequency, u.decimals,
                u.baseline_value, u.baseline_year, u.numerator_en, u.numerator_id,
                u.denominator_en, u.denominator_id,
                CASE WHEN u.stages_en IS NOT NULL THEN ARRAY(
                    SELECT s.label FROM jsonb_array_elements_text(u.stages_en) WITH ORDINALITY AS s(label, n)
                     ORDER BY s.n) END,
                CASE WHEN u.stages_id IS NOT NULL THEN ARRAY(
                    SELECT s.label FROM jsonb_array_elements_text(u.stages_id) WITH ORDINALITY AS s(label, n)
                     ORDER BY s.n) END,
                u.position, $24, $24
           FROM UNNEST($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                       $9::text[], $10::text[], $11::text[], $12::text[], $13::bool[], $14::text[], $15::int2[],
                       $16::float8[], $17::int2[], $18::text[], $19::text[], $20::text[], $21::text[],
                       $22::jsonb[], $23::jsonb[], $25::int2[])
                AS u(id, pillar_id, code, name_en, name_id, definition_en, definition_id,
                     unit, kind, direction, aggregation, cumulative, frequency, decimals,
                     baseline_value, baseline_year, numerator_en, numerator_id, denominator_en, denominator_id,
                     stages_en, stages_id, position)",
    )
    .bind(data.program.id())
    .bind(indicators.iter().map(|i| i.id()).collect::<Vec<Uuid>>())
    .bind(indicators.iter().map(|i| demo::pillar_id(i.pillar)).collect::<Vec<Uuid>>())
    .bind(indicators.iter().map(|i| i.code).collect::<Vec<&str>>())
    .bind(indicators.iter().map(|i| i.name.en).collect::<Vec<&str>>())
    .bind(indicators.iter().map(|i| i.name.ind).collect::<Vec<&str>>())
    .bind(indicators.iter().map(|i| i.definition.en).collect::<Vec<&str>>())
    .bind(indicators.iter().map(|i| i.definition.ind).collect::<Vec<&str>>())
    .bind(indicators.iter().map(|i| i.unit).collect::<Vec<&str>>())
    .bind(indicators.iter().map(|i| i.kind.as_str()).collect::<Vec<&str>>())
    .bind(indicators.iter().map(|i| i.direction.as_str()).collect::<Vec<&str>>())
    .bind(indicators.iter().map(|i| i.aggregation.as_str()).collect::<Vec<&str>>())
    .bind(indicators.iter().map(|i| i.cumulative).collect::<Vec<bool>>())
    .bind(indicators.iter().map(|i| i.frequency.as_str()).collect::<Vec<&str>>())
    .bind(indicators.iter().map(|i| i.decimals).collect::<Vec<i16>>())
    .bind(indicators.iter().map(|i| i.baseline_value).collect::<Vec<f64>>())
    .bind(indicators.iter().map(|i| i.baseline_year).collect::<Vec<i16>>())
    .bind(indicators.iter().map(|i| i.numerator_label.map(|l| l.en)).collect::<Vec<Option<&str>>>())
    .bind(indicators.iter().map(|i| i.numerator_label.map(|l| l.ind)).collect::<Vec<Option<&str>>>())
    .bind(indicators.iter().map(|i| i.denominator_label.map(|l| l.en)).collect::<Vec<Option<&str>>>())
    .bind(indicators.iter().map(|i| i.denominator_label.map(|l| l.ind)).collect::<Vec<Option<&str>>>())
    .bind(indicators.iter().map(|i| stage_labels(i.stage_labels, |l| l.en)).collect::<Vec<Option<JsonValue>>>())
    .bind(indicators.iter().map(|i| stage_labels(i.stage_labels, |l| l.ind)).collect::<Vec<Option<JsonValue>>>())
    .bind(demo::catalogue_entered_at())
    .bind(indicators.iter().map(|i| i.position).collect::<Vec<i16>>())
    .execute(&mut **tx)
    .await?;
    sqlx::query("UPDATE indicator SET computed_from = u.c FROM unnest($1::uuid[], $2::text[]) AS u(id, c) WHERE indicator.id = u.id")
        .bind(indicators.iter().filter(|i| i.computed_from.is_some()).map(|i| i.id()).collect::<Vec<Uuid>>())
        .bind(indicators.iter().filter_map(|i| i.computed_from.map(|c| c.as_str())).collect::<Vec<&str>>())
        .execute(&mut **tx)
        .await?;
    Ok(result.rows_affected())
}

async fn insert_framework_references(tx: &mut Tx<'_>, data: &DemoData) -> Result<(), sqlx::Error> {
    let references: Vec<(Uuid, &demo::FrameworkRef)> = data
        .indicators
        .iter()
        .flat_map(|i| i.frameworks.iter().map(move |f| (i.id(), f)))
        .collect();
    sqlx::query(
        "INSERT INTO framework_reference (indicator_id, framework, code, version, effective_from)
         SELECT * FROM UNNEST($1::uuid[], $2::text[], $3::text[], $4::text[], $5::date[])",
    )
    .bind(references.iter().map(|(id, _)| *id).collect::<Vec<Uuid>>())
    .bind(
        references
            .iter()
            .map(|(_, f)| f.framework)
            .collect::<Vec<&str>>(),
    )
    .bind(
        references
            .iter()
            .map(|(_, f)| f.code)
            .collect::<Vec<&str>>(),
    )
    .bind(
        references
            .iter()
            .map(|(_, f)| f.version)
            .collect::<Vec<&str>>(),
    )
    .bind(
        references
            .iter()
            .map(|(_, f)| f.effective_from)
            .collect::<Vec<Option<NaiveDate>>>(),
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The targets and, for each, the revision that set it (so the target history is not empty).
async fn insert_targets(tx: &mut Tx<'_>, data: &DemoData) -> Result<(), sqlx::Error> {
    let targets: Vec<(Uuid, i16, f64)> = data
        .indicators
        .iter()
        .flat_map(|i| i.targets.iter().map(move |(y, v)| (i.id(), *y, *v)))
        .collect();
    let indicator_ids: Vec<Uuid> = targets.iter().map(|t| t.0).collect();
    let years: Vec<i16> = targets.iter().map(|t| t.1).collect();
    let values: Vec<f64> = targets.iter().map(|t| t.2).collect();
    sqlx::query(
        "INSERT INTO target (indicator_id, year, value, updated_at)
         SELECT u.indicator_id, u.year, u.value, $4
           FROM UNNEST($1::uuid[], $2::int2[], $3::float8[]) AS u(indicator_id, year, value)",
    )
    .bind(&indicator_ids)
    .bind(&years)
    .bind(&values)
    .bind(demo::catalogue_entered_at())
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO target_revision (indicator_id, year, old_value, new_value, reason, changed_by, changed_at)
         SELECT u.indicator_id, u.year, NULL, u.value, $4, $5, $6
           FROM UNNEST($1::uuid[], $2::int2[], $3::float8[]) AS u(indicator_id, year, value)",
    )
    .bind(&indicator_ids)
    .bind(&years)
    .bind(&values)
    .bind(demo::INITIAL_TARGET_REASON)
    .bind(demo::SEED_AUTHOR)
    .bind(demo::catalogue_entered_at())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn insert_organisations(tx: &mut Tx<'_>, data: &DemoData) -> Result<u64, sqlx::Error> {
    let organisations = data.organisations;
    let result = sqlx::query(
        "INSERT INTO organisation (id, code, name, short_name, kind, process_route, park_id, description_en,
                                   description_id, website, contact_name, contact_email, is_demo, created_at)
         SELECT u.id, u.code, u.name, u.short_name, u.kind, u.process_route, u.park_id, u.description_en,
                u.description_id, u.website, u.contact_name, u.contact_email, u.is_demo, $14
           FROM UNNEST($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::uuid[],
                       $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::bool[])
                AS u(id, code, name, short_name, kind, process_route, park_id, description_en, description_id,
                     website, contact_name, contact_email, is_demo)",
    )
    .bind(organisations.iter().map(|o| o.id()).collect::<Vec<Uuid>>())
    .bind(organisations.iter().map(|o| o.code).collect::<Vec<&str>>())
    .bind(organisations.iter().map(|o| o.name).collect::<Vec<&str>>())
    .bind(organisations.iter().map(|o| o.short_name).collect::<Vec<&str>>())
    .bind(organisations.iter().map(|o| o.kind.as_str()).collect::<Vec<&str>>())
    .bind(organisations.iter().map(|o| o.process_route.map(|r| r.as_str())).collect::<Vec<Option<&str>>>())
    .bind(organisations.iter().map(|o| o.park.map(park_id)).collect::<Vec<Option<Uuid>>>())
    .bind(organisations.iter().map(|o| o.description.en).collect::<Vec<&str>>())
    .bind(organisations.iter().map(|o| o.description.ind).collect::<Vec<&str>>())
    .bind(organisations.iter().map(|o| o.website).collect::<Vec<Option<&str>>>())
    .bind(organisations.iter().map(|o| o.contact_name).collect::<Vec<Option<&str>>>())
    .bind(organisations.iter().map(|o| o.contact_email).collect::<Vec<Option<&str>>>())
    .bind(organisations.iter().map(|o| o.is_demo).collect::<Vec<bool>>())
    .bind(demo::catalogue_entered_at())
    .execute(&mut **tx)
    .await?;
    Ok(result.rows_affected())
}

async fn insert_roles(tx: &mut Tx<'_>, data: &DemoData) -> Result<(), sqlx::Error> {
    let roles = &data.roles;
    sqlx::query(
        "INSERT INTO program_role (id, program_id, organisation_id, role, note_en, note_id)
         SELECT u.id, $1, u.organisation_id, u.role, u.note_en, u.note_id
           FROM UNNEST($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[])
                AS u(id, organisation_id, role, note_en, note_id)",
    )
    .bind(data.program.id())
    .bind(roles.iter().map(|r| r.id()).collect::<Vec<Uuid>>())
    .bind(
        roles
            .iter()
            .map(|r| demo::organisation_id(r.organisation))
            .collect::<Vec<Uuid>>(),
    )
    .bind(roles.iter().map(|r| r.role.as_str()).collect::<Vec<&str>>())
    .bind(roles.iter().map(|r| r.note.en).collect::<Vec<&str>>())
    .bind(roles.iter().map(|r| r.note.ind).collect::<Vec<&str>>())
    .execute(&mut **tx)
    .await?;
    let pairs: Vec<(Uuid, Uuid)> = roles
        .iter()
        .flat_map(|r| r.pillars.iter().map(move |p| (r.id(), demo::pillar_id(p))))
        .collect();
    sqlx::query(
        "INSERT INTO program_role_pillar (program_role_id, pillar_id)
         SELECT * FROM UNNEST($1::uuid[], $2::uuid[])",
    )
    .bind(pairs.iter().map(|p| p.0).collect::<Vec<Uuid>>())
    .bind(pairs.iter().map(|p| p.1).collect::<Vec<Uuid>>())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn insert_assignments(tx: &mut Tx<'_>, data: &DemoData) -> Result<u64, sqlx::Error> {
    let assignments = data.assignments;
    let result = sqlx::query(
        "INSERT INTO assignment (id, indicator_id, organisation_id, starts_on, created_at)
         SELECT u.id, u.indicator_id, u.organisation_id, u.starts_on, $5
           FROM UNNEST($1::uuid[], $2::uuid[], $3::uuid[], $4::date[])
                AS u(id, indicator_id, organisation_id, starts_on)",
    )
    .bind(assignments.iter().map(|a| a.id()).collect::<Vec<Uuid>>())
    .bind(
        assignments
            .iter()
            .map(|a| demo::indicator_id(a.indicator))
            .collect::<Vec<Uuid>>(),
    )
    .bind(
        assignments
            .iter()
            .map(|a| demo::organisation_id(a.organisation))
            .collect::<Vec<Uuid>>(),
    )
    .bind(
        assignments
            .iter()
            .map(|a| a.starts_on)
            .collect::<Vec<NaiveDate>>(),
    )
    .bind(demo::catalogue_entered_at())
    .execute(&mut **tx)
    .await?;
    Ok(result.rows_affected())
}

async fn insert_milestones(tx: &mut Tx<'_>, data: &DemoData) -> Result<u64, sqlx::Error> {
    let milestones = data.milestones;
    let result = sqlx::query(
        "INSERT INTO milestone (id, program_id, pillar_id, code, title_en, title_id, description_en, description_id,
                                owner_organisation_id, starts_on, due_on, status, completed_on, evidence_url,
                                updated_at)
         SELECT u.id, $1, u.pillar_id, u.code, u.title_en, u.title_id, u.description_en, u.description_id,
                u.owner_id, u.starts_on, u.due_on, u.status, u.completed_on, u.evidence_url,
                -- Last touched when completed, else when the catalogue was entered.
                COALESCE(u.completed_on::timestamp AT TIME ZONE 'UTC', $15)
           FROM UNNEST($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                       $9::uuid[], $10::date[], $11::date[], $12::text[], $13::date[], $14::text[])
                AS u(id, pillar_id, code, title_en, title_id, description_en, description_id,
                     owner_id, starts_on, due_on, status, completed_on, evidence_url)",
    )
    .bind(data.program.id())
    .bind(milestones.iter().map(|m| m.id()).collect::<Vec<Uuid>>())
    .bind(milestones.iter().map(|m| m.pillar.map(demo::pillar_id)).collect::<Vec<Option<Uuid>>>())
    .bind(milestones.iter().map(|m| m.code).collect::<Vec<&str>>())
    .bind(milestones.iter().map(|m| m.title.en).collect::<Vec<&str>>())
    .bind(milestones.iter().map(|m| m.title.ind).collect::<Vec<&str>>())
    .bind(milestones.iter().map(|m| m.description.en).collect::<Vec<&str>>())
    .bind(milestones.iter().map(|m| m.description.ind).collect::<Vec<&str>>())
    .bind(milestones.iter().map(|m| m.owner.map(demo::organisation_id)).collect::<Vec<Option<Uuid>>>())
    .bind(milestones.iter().map(|m| m.starts_on).collect::<Vec<NaiveDate>>())
    .bind(milestones.iter().map(|m| m.due_on).collect::<Vec<NaiveDate>>())
    .bind(milestones.iter().map(|m| m.status.as_str()).collect::<Vec<&str>>())
    .bind(milestones.iter().map(|m| m.completed_on).collect::<Vec<Option<NaiveDate>>>())
    .bind(milestones.iter().map(|m| m.evidence_url).collect::<Vec<Option<&str>>>())
    .bind(demo::catalogue_entered_at())
    .execute(&mut **tx)
    .await?;
    Ok(result.rows_affected())
}

async fn insert_observations(tx: &mut Tx<'_>, data: &DemoData) -> Result<u64, sqlx::Error> {
    let observations = &data.observations;
    let current = |f: fn(&demo::Snapshot) -> Option<DateTime<Utc>>| -> Vec<Option<DateTime<Utc>>> {
        observations.iter().map(|o| f(o.current())).collect()
    };
    let result = sqlx::query(
        "INSERT INTO observation (id, indicator_id, organisation_id, period_start, period_end, value, numerator,
                                  denominator, stage, data_quality, assurance, comment, evidence_url, status,
                                  version, first_submitted_at, submitted_at, reviewed_at, review_note,
                                  created_at, updated_at)
         SELECT * FROM UNNEST($1::uuid[], $2::uuid[], $3::uuid[], $4::date[], $5::date[], $6::float8[],
                              $7::float8[], $8::float8[], $9::int2[], $10::text[], $11::text[], $12::text[],
                              $13::text[], $14::text[], $15::int4[], $16::timestamptz[], $17::timestamptz[],
                              $18::timestamptz[], $19::text[], $20::timestamptz[], $21::timestamptz[])",
    )
    .bind(observations.iter().map(|o| o.id()).collect::<Vec<Uuid>>())
    .bind(observations.iter().map(|o| demo::indicator_id(o.indicator)).collect::<Vec<Uuid>>())
    .bind(observations.iter().map(|o| demo::organisation_id(o.organisation)).collect::<Vec<Uuid>>())
    .bind(observations.iter().map(|o| o.period.start()).collect::<Vec<NaiveDate>>())
    .bind(observations.iter().map(|o| o.period.end()).collect::<Vec<NaiveDate>>())
    .bind(observations.iter().map(|o| o.figure().value).collect::<Vec<Option<f64>>>())
    .bind(observations.iter().map(|o| o.figure().numerator).collect::<Vec<Option<f64>>>())
    .bind(observations.iter().map(|o| o.figure().denominator).collect::<Vec<Option<f64>>>())
    .bind(observations.iter().map(|o| o.figure().stage).collect::<Vec<Option<i16>>>())
    .bind(observations.iter().map(|o| o.data_quality.as_str()).collect::<Vec<&str>>())
    .bind(observations.iter().map(|o| o.assurance.as_str()).collect::<Vec<&str>>())
    .bind(observations.iter().map(|o| o.current().comment.as_str()).collect::<Vec<&str>>())
    .bind(observations.iter().map(|o| o.evidence_url.as_deref()).collect::<Vec<Option<&str>>>())
    .bind(observations.iter().map(|o| o.status().as_str()).collect::<Vec<&str>>())
    .bind(observations.iter().map(|o| o.version()).collect::<Vec<i32>>())
    .bind(current(|s| s.first_submitted_at))
    .bind(current(|s| s.submitted_at))
    .bind(current(|s| s.reviewed_at))
    .bind(observations.iter().map(|o| o.current().review_note.as_deref()).collect::<Vec<Option<&str>>>())
    .bind(observations.iter().map(|o| o.created_at()).collect::<Vec<DateTime<Utc>>>())
    .bind(observations.iter().map(|o| o.updated_at()).collect::<Vec<DateTime<Utc>>>())
    .execute(&mut **tx)
    .await?;
    Ok(result.rows_affected())
}

/// One revision per version of every observation. `after` is the observation row as JSON
/// (`to_jsonb`, as the observation store writes it) with the fields that differed at that
/// version overlaid; `before` is the previous version's `after`.
async fn insert_observation_revisions(tx: &mut Tx<'_>, data: &DemoData) -> Result<(), sqlx::Error> {
    let revisions: Vec<(Uuid, &demo::Revision)> = data
        .observations
        .iter()
        .flat_map(|o| o.history.iter().map(move |r| (o.id(), r)))
        .collect();
    let states = || revisions.iter().map(|(_, r)| &r.state);
    sqlx::query(
        "INSERT INTO observation_revision (observation_id, version, action, changed_by, changed_at, reason,
                                           before, after)
         SELECT r.observation_id, r.version, r.action, $16, r.changed_at, r.reason,
                lag(r.after) OVER (PARTITION BY r.observation_id ORDER BY r.version), r.after
           FROM (SELECT u.observation_id, u.version, u.action, u.changed_at, u.reason,
                        to_jsonb(o) || jsonb_build_object(
                            'version', u.version, 'status', u.status, 'value', u.value,
                            'numerator', u.numerator, 'denominator', u.denominator, 'stage', u.stage,
                            'comment', u.comment, 'first_submitted_at', u.first_submitted_at,
                            'submitted_at', u.submitted_at, 'reviewed_at', u.reviewed_at,
                            'review_note', u.review_note, 'updated_at', u.changed_at) AS after
                   FROM UNNEST($1::uuid[], $2::int4[], $3::text[], $4::timestamptz[], $5::text[], $6::text[],
                               $7::float8[], $8::float8[], $9::float8[], $10::int2[], $11::text[],
                               $12::timestamptz[], $13::timestamptz[], $14::timestamptz[], $15::text[])
                        AS u(observation_id, version, action, changed_at, reason, status, value, numerator,
                             denominator, stage, comment, first_submitted_at, submitted_at, reviewed_at,
                             review_note)
                   JOIN observation o ON o.id = u.observation_id) AS r",
    )
    .bind(revisions.iter().map(|(id, _)| *id).collect::<Vec<Uuid>>())
    .bind(revisions.iter().map(|(_, r)| r.version).collect::<Vec<i32>>())
    .bind(revisions.iter().map(|(_, r)| r.action.as_str()).collect::<Vec<&str>>())
    .bind(revisions.iter().map(|(_, r)| r.changed_at).collect::<Vec<DateTime<Utc>>>())
    .bind(revisions.iter().map(|(_, r)| r.reason.as_deref()).collect::<Vec<Option<&str>>>())
    .bind(states().map(|s| s.status.as_str()).collect::<Vec<&str>>())
    .bind(states().map(|s| s.figure.value).collect::<Vec<Option<f64>>>())
    .bind(states().map(|s| s.figure.numerator).collect::<Vec<Option<f64>>>())
    .bind(states().map(|s| s.figure.denominator).collect::<Vec<Option<f64>>>())
    .bind(states().map(|s| s.figure.stage).collect::<Vec<Option<i16>>>())
    .bind(states().map(|s| s.comment.as_str()).collect::<Vec<&str>>())
    .bind(states().map(|s| s.first_submitted_at).collect::<Vec<Option<DateTime<Utc>>>>())
    .bind(states().map(|s| s.submitted_at).collect::<Vec<Option<DateTime<Utc>>>>())
    .bind(states().map(|s| s.reviewed_at).collect::<Vec<Option<DateTime<Utc>>>>())
    .bind(states().map(|s| s.review_note.as_deref()).collect::<Vec<Option<&str>>>())
    .bind(demo::SEED_AUTHOR)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The demo tenants' activity data (approved, submitted, returned, draft) with their
/// revisions, and the park's inventories of Q1–Q3 2026 computed from the approved rows with
/// the first factor set of migration 0027 and AR5, Q1 twice (a row approved late), so the
/// first is in the history. Returns the number of activity rows.
async fn insert_activity_and_inventories(tx: &mut Tx<'_>) -> Result<u64, sqlx::Error> {
    use crate::domain::kinds::ObservationStatus;
    use crate::store::ghg::{self, ActivityColumns};

    let rows = super::activity::activity_rows();
    let org = |code: &str| {
        super::stakeholders::organisation(code)
            .map(demo::Organisation::id)
            .expect("demo activity names demo organisations")
    };
    let late = super::activity::inventory_runs()[1].1;
    let mut late_ids = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let id = super::prng::entity_id("activity", &format!("{i}"));
        let mut columns = ActivityColumns::of(
            org(row.organisation),
            row.month,
            &row.activity,
            String::new(),
            row.status,
        );
        columns.counterparty_id = row.counterparty.map(org);
        // The row approved late is still awaiting review when Q1 is first computed.
        let is_late = row
            .reviewed_at
            .is_some_and(|r| r > late - chrono::Duration::days(2))
            && row.month < super::model::date(2026, 4, 1);
        if is_late {
            columns.status = ObservationStatus::Submitted;
            late_ids.push(id);
        }
        // A returned row carries its note: stored as submitted, then returned below.
        let status = columns.status;
        if status == ObservationStatus::Returned {
            columns.status = ObservationStatus::Submitted;
        }
        let created = row.submitted_at - chrono::Duration::days(1);
        ghg::insert_activity(tx, id, &columns, created).await?;
        let reviewed = row.reviewed_at.filter(|_| !is_late);
        sqlx::query(
            "UPDATE activity_record
                SET status = $5,
                    submitted_at = CASE WHEN $5 = 'draft' THEN NULL ELSE $2 END,
                    reviewed_at = $3, review_note = $4,
                    version = CASE WHEN $3::timestamptz IS NULL THEN 1 ELSE 2 END,
                    updated_at = coalesce($3, $2)
              WHERE id = $1",
        )
        .bind(id)
        .bind(row.submitted_at)
        .bind(reviewed)
        .bind(row.review_note)
        .bind(status.as_str())
        .execute(&mut **tx)
        .await?;
    }
    // Revisions: the submission (or the draft), then the decision.
    sqlx::query(
        "INSERT INTO activity_revision (activity_id, version, action, changed_by, changed_at, reason, before, after)
         SELECT a.id, 1, CASE WHEN a.status = 'draft' THEN 'create' ELSE 'submit' END, 'demo data',
                coalesce(a.submitted_at, a.created_at), NULL::text, NULL::jsonb, to_jsonb(a)
           FROM activity_record a
         UNION ALL
         SELECT a.id, 2, CASE WHEN a.status = 'approved' THEN 'approve' ELSE 'return' END,
                'manager@demo.pilar', a.reviewed_at, a.review_note, NULL::jsonb, to_jsonb(a)
           FROM activity_record a WHERE a.reviewed_at IS NOT NULL",
    )
    .execute(&mut **tx)
    .await?;
    let park = park_id("IWIP");
    let set: uuid::Uuid = sqlx::query_scalar(
        "SELECT id FROM emission_factor_set ORDER BY created_at, version LIMIT 1",
    )
    .fetch_one(&mut **tx)
    .await?;
    for (n, (start, computed_at, reason)) in
        super::activity::inventory_runs().into_iter().enumerate()
    {
        if n == 1 {
            // The late row is approved before Q1 is computed again.
            sqlx::query(
                "UPDATE activity_record SET status = 'approved', reviewed_at = $2, version = 2,
                        updated_at = $2
                  WHERE id = ANY($1)",
            )
            .bind(&late_ids)
            .bind(computed_at - chrono::Duration::hours(20))
            .execute(&mut **tx)
            .await?;
            sqlx::query(
                "INSERT INTO activity_revision (activity_id, version, action, changed_by, changed_at, after)
                 SELECT a.id, 2, 'approve', 'manager@demo.pilar', a.reviewed_at, to_jsonb(a)
                   FROM activity_record a WHERE a.id = ANY($1)",
            )
            .bind(&late_ids)
            .execute(&mut **tx)
            .await?;
        }
        let quarter = crate::domain::period::Period::containing(
            crate::domain::kinds::Frequency::Quarterly,
            start,
        );
        ghg::compute_quarter(
            tx,
            park,
            &quarter,
            set,
            "AR5",
            reason,
            "demo data",
            computed_at,
        )
        .await?;
    }
    Ok(rows.len() as u64)
}
