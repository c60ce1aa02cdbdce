//! Indicators with every attribute and their framework references: created, changed (the code
//! stays; the kind and the frequency too once data is reported), removed — deleted when
//! nothing refers to them, archived otherwise — and restored.
//! Rules from `domain::structure` ("percentages are pooled" among them), SQL in
//! `store::structure`; no HTML, forms or wording here.

use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::{Postgres, Transaction};
use uuid::Uuid;

use super::{
    FieldProblem, Problem, Problems, Saved, StructureError, code_taken_or, optional_text,
    record_archive_change, record_created, record_updated,
};
use crate::domain::bounds::is_storable;
use crate::domain::coverage::DEFAULT_MIN_COVERAGE_PERCENT;
use crate::domain::kinds::{Aggregation, ComputedFrom, Direction, Frequency, IndicatorKind};
use crate::domain::structure::{
    DECIMALS, FrameworkReference, StagesProblem, YEARS, allows_aggregation, baseline_is_whole,
    is_indicator_code, is_position, needs_fraction_labels, normalise_code, repeats_reference,
    shape_is_fixed, stages_problems,
};
use crate::domain::{Actor, AuditOrigin, Bilingual};
use crate::store;
use crate::store::audit::AuditEntry;
use crate::store::structure::{IndicatorDraft, IndicatorRecord, PillarRecord};

/// An indicator as the caller sends it. `None` in a closed set means none was chosen.
#[derive(Debug, Clone, Default)]
pub struct IndicatorInput {
    /// The code of the (live) pillar it belongs to.
    pub pillar: String,
    /// The new indicator's code; an update keeps the stored one.
    pub code: String,
    pub name: Bilingual,
    pub definition: Bilingual,
    pub unit: String,
    pub kind: Option<IndicatorKind>,
    pub direction: Option<Direction>,
    pub aggregation: Option<Aggregation>,
    pub cumulative: bool,
    pub frequency: Option<Frequency>,
    pub decimals: i16,
    pub baseline_value: Option<f64>,
    pub baseline_year: Option<i16>,
    /// What the numerator and the denominator count (percentages and ratios only).
    pub numerator_label: Bilingual<Option<String>>,
    pub denominator_label: Bilingual<Option<String>>,
    /// The stages of a milestone indicator, in order, in both languages.
    pub stage_labels: Bilingual<Vec<String>>,
    pub frameworks: Vec<FrameworkReference>,
    pub position: i16,
    /// The share of the assigned organisations (1–100 %) a park figure needs before it is
    /// headlined and judged; `None`: the default (`domain::coverage`).
    pub min_coverage_percent: Option<i16>,
    /// The hard bounds of the figures (`None`: the catalogue's default for the kind and unit).
    pub bound_min: Option<f64>,
    pub bound_max: Option<f64>,
    pub bound_parts_max: Option<f64>,
    /// Where its official figures come from instead of reports; `None`: organisations report it.
    pub computed_from: Option<ComputedFrom>,
    /// Fields the caller could not read (`decimals`, `baseline_value`, `baseline_year`,
    /// `frameworks`, `position`): reported with the rules' problems.
    pub reading_problems: Vec<FieldProblem>,
}

/// What removing an indicator did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Removal {
    /// Nothing referred to it: it is gone.
    Deleted,
    /// Observations, targets or assignments refer to it: it is archived.
    Archived,
}

fn labels(lines: &[String]) -> Vec<String> {
    lines
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

/// Checks an input against the rules: `pillars` are the program's pillars, `stored` the
/// indicator being changed (its kind and frequency are fixed once data is reported).
fn check(
    input: &IndicatorInput,
    code: &str,
    pillars: &[PillarRecord],
    stored: Option<&IndicatorRecord>,
) -> Result<IndicatorDraft, StructureError> {
    let mut problems = Problems::new(&input.reading_problems);
    let pillar_id = pillars
        .iter()
        .find(|p| p.code == input.pillar && !p.archived)
        .map(|p| p.id);
    if pillar_id.is_none() {
        problems.push("pillar", Problem::Choose);
    }
    let code = normalise_code(code);
    if !is_indicator_code(&code) {
        problems.push("code", Problem::IndicatorCode);
    }
    for (field, value) in [
        ("name_en", &input.name.english),
        ("name_id", &input.name.indonesian),
        ("unit", &input.unit),
    ] {
        if value.trim().is_empty() {
            problems.push(field, Problem::Required);
        }
    }
    problems.limit(
        Problem::NameTooLong,
        &[
            ("name_en", &input.name.english),
            ("name_id", &input.name.indonesian),
            ("unit", &input.unit),
            (
                "numerator_label_en",
                input.numerator_label.english.as_deref().unwrap_or_default(),
            ),
            (
                "numerator_label_id",
                input
                    .numerator_label
                    .indonesian
                    .as_deref()
                    .unwrap_or_default(),
            ),
            (
                "denominator_label_en",
                input
                    .denominator_label
                    .english
                    .as_deref()
                    .unwrap_or_default(),
            ),
            (
                "denominator_label_id",
                input
                    .denominator_label
                    .indonesian
                    .as_deref()
                    .unwrap_or_default(),
            ),
        ],
    );
    problems.limit(
        Problem::TextTooLong,
        &[
            ("definition_en", &input.definition.english),
            ("definition_id", &input.definition.indonesian),
        ],
    );
    let (kind, direction, aggregation, frequency) = (
        input.kind,
        input.direction,
        input.aggregation,
        input.frequency,
    );
    for (field, chosen) in [
        ("kind", kind.is_some()),
        ("direction", direction.is_some()),
        ("aggregation", aggregation.is_some()),
        ("frequency", frequency.is_some()),
    ] {
        if !chosen {
            problems.push(field, Problem::Choose);
        }
    }
    if let (Some(k), Some(a)) = (kind, aggregation)
        && !allows_aggregation(k, a)
    {
        problems.push("aggregation", Problem::FractionPooled);
    }
    if let Some(existing) = stored.filter(|r| shape_is_fixed(r.observations)) {
        if kind.is_some_and(|k| k.as_str() != existing.kind) {
            problems.push("kind", Problem::KindLocked);
        }
        if frequency.is_some_and(|f| f.as_str() != existing.frequency) {
            problems.push("frequency", Problem::KindLocked);
        }
    }
    if !problems.unread("decimals") && !DECIMALS.contains(&input.decimals) {
        problems.push("decimals", Problem::Decimals);
    }
    if input.baseline_year.is_some_and(|y| !YEARS.contains(&y)) {
        problems.push("baseline_year", Problem::Year);
    }
    let value_given = problems.given("baseline_value", input.baseline_value.is_some());
    let year_given = problems.given("baseline_year", input.baseline_year.is_some());
    if !baseline_is_whole(value_given, year_given) {
        problems.push("baseline_year", Problem::BaselinePair);
    }
    let fraction = kind.is_some_and(needs_fraction_labels);
    let optional = |text: &Option<String>| optional_text(text.as_deref()).filter(|_| fraction);
    let numerator_label = input.numerator_label.as_ref().map(optional);
    let denominator_label = input.denominator_label.as_ref().map(optional);
    if fraction {
        if numerator_label.english.is_none() {
            problems.push("numerator_label_en", Problem::FractionLabels);
        }
        if denominator_label.english.is_none() {
            problems.push("denominator_label_en", Problem::FractionLabels);
        }
    }
    let milestone = kind == Some(IndicatorKind::Milestone);
    let stages = input.stage_labels.as_ref().map(|lines| labels(lines));
    if milestone {
        for problem in stages_problems(&stages.english, &stages.indonesian) {
            match problem {
                StagesProblem::TooFew => problems.push("stage_labels_en", Problem::Stages),
                StagesProblem::Unmatched => problems.push("stage_labels_id", Problem::StagesSame),
            }
        }
    }
    for (field, value) in [
        ("baseline_value", input.baseline_value),
        ("bound_min", input.bound_min),
        ("bound_max", input.bound_max),
        ("bound_parts_max", input.bound_parts_max),
    ] {
        if value.is_some_and(|v| !is_storable(v)) {
            problems.push(field, Problem::Implausible);
        }
    }
    // The range in force must admit something, a blank bound taking the catalogue's default
    // (a lowest figure of 200 for a percentage would otherwise refuse every report).
    if let Some(kind) = kind {
        let bounds = crate::domain::bounds::Bounds::effective(
            kind,
            input.unit.trim(),
            input.bound_min,
            input.bound_max,
            input.bound_parts_max,
        );
        if bounds.min > bounds.max {
            let field = if input.bound_max.is_some() {
                "bound_max"
            } else {
                "bound_min"
            };
            problems.push(field, Problem::BoundsOrder);
        }
    }
    if input.bound_parts_max.is_some_and(|p| p <= 0.0) {
        problems.push("bound_parts_max", Problem::BoundsOrder);
    }
    if repeats_reference(&input.frameworks) {
        problems.push("frameworks", Problem::FrameworksTwice);
    }
    // Not given: the stored minimum stays (a new indicator takes the default).
    let min_coverage_percent = input.min_coverage_percent.unwrap_or_else(|| {
        stored.map_or(i16::from(DEFAULT_MIN_COVERAGE_PERCENT), |r| {
            r.min_coverage_percent
        })
    });
    if !problems.unread("min_coverage_percent") && !(1..=100).contains(&min_coverage_percent) {
        problems.push("min_coverage_percent", Problem::MinCoverage);
    }
    if !problems.unread("position") && !is_position(input.position) {
        problems.push("position", Problem::Position);
    }
    let (Some(pillar_id), Some(kind), Some(direction), Some(aggregation), Some(frequency)) =
        (pillar_id, kind, direction, aggregation, frequency)
    else {
        return Err(problems.into_error());
    };
    problems.finish()?;
    Ok(IndicatorDraft {
        pillar_id,
        code,
        name: input.name.trimmed(),
        definition: input.definition.trimmed(),
        unit: input.unit.trim().into(),
        kind: kind.as_str().into(),
        direction: direction.as_str().into(),
        aggregation: aggregation.as_str().into(),
        cumulative: input.cumulative,
        frequency: frequency.as_str().into(),
        decimals: input.decimals,
        baseline_value: input.baseline_value,
        baseline_year: input.baseline_year,
        numerator_label,
        denominator_label,
        stage_labels: stages.map(|labels| milestone.then_some(labels)),
        position: input.position,
        frameworks: input.frameworks.clone(),
        min_coverage_percent,
        bound_min: input.bound_min,
        bound_max: input.bound_max,
        bound_parts_max: input.bound_parts_max,
        computed_from: input.computed_from.map(|c| c.as_str().to_string()),
    })
}

/// An indicator newly computed from the GHG inventory takes its figures from the park's current
/// inventories at once. (Made reported again, the indicator's update trigger of migration 0007
/// recomputes its figures from approved reports; the material ledger writes its own.)
async fn refresh_if_inventory(
    tx: &mut Transaction<'_, Postgres>,
    program_id: Uuid,
    stored: Option<&IndicatorRecord>,
    draft: &IndicatorDraft,
) -> Result<(), StructureError> {
    let inventory = Some(ComputedFrom::GhgInventory.as_str());
    if draft.computed_from.as_deref() == inventory
        && stored.and_then(|r| r.computed_from.as_deref()) != inventory
    {
        store::ghg::refresh_computed_figures_of_program(tx, program_id).await?;
    }
    Ok(())
}

/// The program's indicator `code`, archived or not, locked for the change.
async fn lock(
    tx: &mut Transaction<'_, Postgres>,
    program_id: Uuid,
    code: &str,
) -> Result<IndicatorRecord, StructureError> {
    store::structure::lock_indicator(tx, program_id, code)
        .await?
        .ok_or_else(|| {
            StructureError::NotFound(crate::domain::Missing::Indicator(code.to_string()))
        })
}

/// Adds an indicator to the program with its framework references.
pub async fn create(
    tx: &mut Transaction<'_, Postgres>,
    actor: &Actor,
    origin: &AuditOrigin,
    program_id: Uuid,
    input: &IndicatorInput,
) -> Result<Saved, StructureError> {
    let pillars = store::structure::pillars(&mut **tx, program_id).await?;
    let draft = check(input, &input.code, &pillars, None)?;
    let id = store::structure::insert_indicator(tx, program_id, &draft)
        .await
        .map_err(code_taken_or)?;
    store::structure::replace_frameworks(tx, id, &draft.frameworks).await?;
    store::structure::set_indicator_min_coverage(tx, id, draft.min_coverage_percent).await?;
    store::structure::set_indicator_bounds(tx, id, &draft).await?;
    store::structure::set_indicator_computed_from(tx, id, draft.computed_from.as_deref()).await?;
    refresh_if_inventory(tx, program_id, None, &draft).await?;
    record_created(tx, actor, origin, "indicator", id, json!(draft)).await?;
    Ok(Saved {
        id,
        code: draft.code,
    })
}

/// Changes the indicator `code` if it is still at `expected_version`. The code names the
/// indicator in addresses, the API and reported data: it is not edited.
pub async fn update(
    tx: &mut Transaction<'_, Postgres>,
    actor: &Actor,
    origin: &AuditOrigin,
    program_id: Uuid,
    code: &str,
    expected_version: Option<i32>,
    input: &IndicatorInput,
) -> Result<(), StructureError> {
    let record = lock(tx, program_id, code).await?;
    let pillars = store::structure::pillars(&mut **tx, program_id).await?;
    let draft = check(input, &record.code, &pillars, Some(&record))?;
    let version = expected_version.ok_or(StructureError::VersionMissing)?;
    if store::structure::update_indicator(tx, record.id, version, &draft)
        .await?
        .is_none()
    {
        return Err(StructureError::Stale);
    }
    store::structure::replace_frameworks(tx, record.id, &draft.frameworks).await?;
    store::structure::set_indicator_min_coverage(tx, record.id, draft.min_coverage_percent).await?;
    store::structure::set_indicator_bounds(tx, record.id, &draft).await?;
    store::structure::set_indicator_computed_from(tx, record.id, draft.computed_from.as_deref())
        .await?;
    refresh_if_inventory(tx, program_id, Some(&record), &draft).await?;
    record_updated(
        tx,
        actor,
        origin,
        "indicator",
        record.id,
        json!(record),
        json!(draft),
    )
    .await?;
    Ok(())
}

/// Removes the indicator `code`: deleted when no observation, target or assignment refers to
/// it, archived otherwise (the store checks inside the transaction, so that a report arriving
/// meanwhile cannot be orphaned).
pub async fn remove(
    tx: &mut Transaction<'_, Postgres>,
    actor: &Actor,
    origin: &AuditOrigin,
    program_id: Uuid,
    code: &str,
    now: DateTime<Utc>,
) -> Result<Removal, StructureError> {
    let record = lock(tx, program_id, code).await?;
    let deleted = store::structure::delete_unreferenced_indicator(tx, record.id).await?;
    if !deleted {
        store::structure::set_indicator_archived(tx, record.id, true, now).await?;
    }
    store::audit::record(
        tx,
        actor,
        origin,
        AuditEntry {
            action: if deleted { "delete" } else { "archive" },
            entity: "indicator",
            entity_id: Some(record.id.to_string()),
            before: Some(json!(record)),
            after: None,
            reason: None,
        },
    )
    .await?;
    Ok(if deleted {
        Removal::Deleted
    } else {
        Removal::Archived
    })
}

/// Restores the archived indicator `code`.
pub async fn restore(
    tx: &mut Transaction<'_, Postgres>,
    actor: &Actor,
    origin: &AuditOrigin,
    program_id: Uuid,
    code: &str,
    now: DateTime<Utc>,
) -> Result<(), StructureError> {
    let record = lock(tx, program_id, code).await?;
    store::structure::set_indicator_archived(tx, record.id, false, now).await?;
    // Recorded as a restore of an archived indicator, as it always has been.
    record_archive_change(tx, actor, origin, "indicator", record.id, true, false).await
}

/// An indicator's baseline as the caller sends it (a spreadsheet import: the indicator form
/// changes it with the rest of the indicator).
#[derive(Debug, Clone, Default)]
pub struct BaselineInput {
    pub value: Option<f64>,
    pub year: Option<i16>,
    /// The indicator's version the caller read.
    pub expected_version: Option<i32>,
    /// Why the baseline changes (required unless the indicator had none).
    pub reason: String,
    /// The reason recorded for a first baseline set without one, in the caller's language.
    pub first_reason: String,
}

/// Sets the baseline of the indicator `code` by the indicator form's rules for a baseline (a
/// year from 2000 to 2100 and a value within what may be stored, both given), asking for a
/// reason when it replaces one, like a changed target. The audit entry keeps the old baseline
/// and the reason. Problems by field: `baseline_year`, `baseline_value`, `reason`,
/// `indicator` (archived).
pub async fn set_baseline(
    tx: &mut Transaction<'_, Postgres>,
    actor: &Actor,
    origin: &AuditOrigin,
    program_id: Uuid,
    code: &str,
    input: &BaselineInput,
    now: DateTime<Utc>,
) -> Result<(), StructureError> {
    let record = lock(tx, program_id, code).await?;
    let mut problems = Problems::new(&[]);
    let year = input.year.filter(|y| YEARS.contains(y));
    if year.is_none() {
        problems.push("baseline_year", Problem::Year);
    }
    let value = input.value.filter(|v| v.is_finite());
    match value {
        None => problems.push("baseline_value", Problem::Number),
        Some(v) if !is_storable(v) => problems.push("baseline_value", Problem::Implausible),
        Some(_) => {}
    }
    let reason = input.reason.trim();
    let first = record.baseline_value.is_none();
    if !crate::domain::structure::target_change_is_explained(first, reason) {
        problems.push("reason", Problem::Reason);
    }
    if record.archived {
        problems.push("indicator", Problem::Archived);
    }
    let (Some(year), Some(value)) = (year, value) else {
        return Err(problems.into_error());
    };
    problems.finish()?;
    if input.expected_version != Some(record.version) {
        return Err(StructureError::Stale);
    }
    let written =
        store::structure::set_indicator_baseline(tx, record.id, record.version, value, year, now)
            .await?;
    if written.is_none() {
        return Err(StructureError::Stale);
    }
    let reason = if reason.is_empty() {
        input.first_reason.as_str()
    } else {
        reason
    };
    store::audit::record(
        tx,
        actor,
        origin,
        AuditEntry {
            action: "set_baseline",
            entity: "indicator",
            entity_id: Some(record.code.clone()),
            before: record
                .baseline_value
                .map(|v| json!({ "baseline_value": v, "baseline_year": record.baseline_year })),
            after: Some(json!({ "baseline_value": value, "baseline_year": year })),
            reason: Some(reason),
        },
    )
    .await?;
    Ok(())
}
