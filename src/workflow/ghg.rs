//! The greenhouse-gas inventory's use cases, for the `/ghg` pages, the API and the seeders:
//! activity rows in the reports' workflow (the same states, refusals and errors as
//! `workflow::reports`: draft → submitted → approved | returned, a version and a revision per
//! change, the audit entry in the same transaction), computing a park's quarterly inventory
//! from approved rows with a versioned factor set (the old inventory stays, superseded), the
//! official figures of the indicators computed from it, and new factor-set versions.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::Deserialize;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::domain::ghg::{self, Activity, Supplier};
use crate::domain::kinds::{
    ActivityKind, Carbonate, EnergyCarrier, Frequency, Fuel, FuelUnit, ObservationStatus,
};
use crate::domain::period::Period;
use crate::domain::{Actor, AuditOrigin, FieldError, InputProblem, ReportRefusal};
use crate::store;
use crate::store::audit::AuditEntry;
use crate::store::ghg::{
    ActivityColumns, ActivityRecord, ActivityRevisionEntry, FactorSet, ParkOrganisation,
};

pub use crate::workflow::reports::{Reporter, ReportingError, Reviewer};

/// The GWP set an inventory uses when none is named and the quarter has none yet.
pub const DEFAULT_GWP: &str = "AR5";

/// One row of activity data as typed in a form or sent to the API, before it is checked.
/// Closed sets are their database text (`fuel_use`, `sub_bituminous_coal`…); numbers are
/// already read in the writer's convention.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActivityInput {
    /// First day of the month (`2026-03-01`).
    pub month: Option<NaiveDate>,
    #[schema(value_type = Option<crate::domain::kinds::ActivityKind>)]
    pub kind: Option<String>,
    /// Fuel in `unit`; tonnes C in (process carbon); tonnes carbonate; MWh; t Ni contained.
    pub quantity: Option<f64>,
    #[schema(value_type = Option<crate::domain::kinds::Fuel>)]
    pub fuel: Option<String>,
    #[schema(value_type = Option<crate::domain::kinds::FuelUnit>)]
    pub unit: Option<String>,
    /// Measured net calorific value of the cargo, GJ/t (Tier 2); leave out for the default.
    pub ncv: Option<f64>,
    /// Process carbon: tonnes C leaving in products and slag.
    pub carbon_out: Option<f64>,
    #[schema(value_type = Option<crate::domain::kinds::Carbonate>)]
    pub carbonate: Option<String>,
    #[schema(value_type = Option<crate::domain::kinds::EnergyCarrier>)]
    pub carrier: Option<String>,
    /// A purchase's supplier or a delivery's customer: an organisation code of the park;
    /// leave out (or `GRID`) for the PLN grid.
    pub counterparty: Option<String>,
    pub comment: Option<String>,
    /// `draft` (default) or `submitted`.
    #[schema(value_type = Option<crate::domain::SubmissionStatus>)]
    pub status: Option<String>,
}

/// A checked input: what to store.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedActivity {
    pub month: NaiveDate,
    pub activity: Activity,
    pub comment: String,
    pub status: ObservationStatus,
}

fn choice<T: std::str::FromStr>(
    problems: &mut Vec<FieldError>,
    field: &'static str,
    value: Option<&str>,
) -> Option<T> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => {
            problems.push(FieldError::new(field, InputProblem::Required));
            None
        }
        Some(v) => v.parse().ok().or_else(|| {
            problems.push(FieldError::new(field, InputProblem::NotAChoice));
            None
        }),
    }
}

fn required(problems: &mut Vec<FieldError>, field: &'static str, value: Option<f64>) -> f64 {
    value.unwrap_or_else(|| {
        problems.push(FieldError::new(field, InputProblem::Required));
        0.0
    })
}

/// Checks an input of `organisation` against the park's organisations (`park`) and `today`:
/// the month's first day, not in the future; the fields the kind needs; a counterparty of the
/// park other than the organisation itself; the domain's amount rules.
pub fn check_activity(
    input: &ActivityInput,
    organisation_id: Uuid,
    park: &[ParkOrganisation],
    today: NaiveDate,
) -> Result<CheckedActivity, Vec<FieldError>> {
    let mut problems = Vec::new();
    let month = match input.month {
        None => {
            problems.push(FieldError::new("month", InputProblem::Required));
            None
        }
        Some(m) if m.day() != 1 => {
            problems.push(FieldError::new(
                "month",
                InputProblem::Period(crate::domain::PeriodError::StartNotAligned {
                    start: m,
                    frequency: Frequency::Monthly,
                }),
            ));
            None
        }
        Some(m) if m > today => {
            problems.push(FieldError::new(
                "month",
                InputProblem::InFuture {
                    period: Period::containing(Frequency::Monthly, m).label(Frequency::Monthly),
                    starts: m,
                },
            ));
            None
        }
        Some(m) => Some(m),
    };
    let status = match input.status.as_deref().map(str::trim) {
        None | Some("") | Some("draft") => ObservationStatus::Draft,
        Some("submitted") => ObservationStatus::Submitted,
        Some(_) => {
            problems.push(FieldError::new("status", InputProblem::StatusNotAllowed));
            ObservationStatus::Draft
        }
    };
    let comment = input.comment.as_deref().unwrap_or("").trim().to_string();
    if comment.chars().count() > 2000 {
        problems.push(FieldError::new(
            "comment",
            InputProblem::TooLong { max: 2000 },
        ));
    }
    let counterparty = match input
        .counterparty
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty() && *c != "GRID")
    {
        None => None,
        Some(code) => match park.iter().find(|o| o.code == code) {
            Some(o) if o.id != organisation_id => Some(o.id),
            _ => {
                problems.push(FieldError::new("counterparty", InputProblem::NotAChoice));
                None
            }
        },
    };
    let kind: Option<ActivityKind> = choice(&mut problems, "kind", input.kind.as_deref());
    let activity = kind.map(|kind| match kind {
        ActivityKind::FuelUse => Activity::Fuel {
            fuel: choice::<Fuel>(&mut problems, "fuel", input.fuel.as_deref())
                .unwrap_or(Fuel::Diesel),
            quantity: required(&mut problems, "quantity", input.quantity),
            unit: choice::<FuelUnit>(&mut problems, "unit", input.unit.as_deref())
                .unwrap_or(FuelUnit::Tonnes),
            measured_ncv_gj_per_t: input.ncv,
        },
        ActivityKind::ProcessCarbon => Activity::ProcessCarbon {
            carbon_in_t: required(&mut problems, "quantity", input.quantity),
            carbon_out_t: required(&mut problems, "carbon_out", input.carbon_out),
        },
        ActivityKind::Carbonate => Activity::Carbonate {
            carbonate: choice::<Carbonate>(&mut problems, "carbonate", input.carbonate.as_deref())
                .unwrap_or(Carbonate::Limestone),
            tonnes: required(&mut problems, "quantity", input.quantity),
        },
        ActivityKind::EnergyPurchase => Activity::Purchase {
            carrier: choice::<EnergyCarrier>(&mut problems, "carrier", input.carrier.as_deref())
                .unwrap_or(EnergyCarrier::Electricity),
            mwh: required(&mut problems, "quantity", input.quantity),
            supplier: counterparty.map_or(Supplier::Grid, Supplier::Plant),
        },
        ActivityKind::EnergyDelivery => Activity::Delivery {
            carrier: choice::<EnergyCarrier>(&mut problems, "carrier", input.carrier.as_deref())
                .unwrap_or(EnergyCarrier::Electricity),
            mwh: required(&mut problems, "quantity", input.quantity),
            customer: counterparty,
        },
        ActivityKind::Production => Activity::Production {
            nickel_t: required(&mut problems, "quantity", input.quantity),
        },
    });
    // Fields the kind does not use are refused rather than silently dropped.
    if let Some(kind) = kind {
        let unused: &[(&str, bool)] = &[
            (
                "fuel",
                input.fuel.is_some() && kind != ActivityKind::FuelUse,
            ),
            (
                "unit",
                input.unit.is_some() && kind != ActivityKind::FuelUse,
            ),
            ("ncv", input.ncv.is_some() && kind != ActivityKind::FuelUse),
            (
                "carbon_out",
                input.carbon_out.is_some() && kind != ActivityKind::ProcessCarbon,
            ),
            (
                "carbonate",
                input.carbonate.is_some() && kind != ActivityKind::Carbonate,
            ),
            (
                "carrier",
                input.carrier.is_some()
                    && !matches!(
                        kind,
                        ActivityKind::EnergyPurchase | ActivityKind::EnergyDelivery
                    ),
            ),
            (
                "counterparty",
                counterparty.is_some()
                    && !matches!(
                        kind,
                        ActivityKind::EnergyPurchase | ActivityKind::EnergyDelivery
                    ),
            ),
        ];
        for (field, is) in unused {
            if *is {
                problems.push(FieldError::new(*field, InputProblem::Unreadable(None)));
            }
        }
    }
    if let Some(activity) = &activity
        && problems.is_empty()
    {
        problems.extend(ghg::check(activity));
    }
    match (month, activity) {
        (Some(month), Some(activity)) if problems.is_empty() => Ok(CheckedActivity {
            month,
            activity,
            comment,
            status,
        }),
        _ => Err(problems),
    }
}

fn as_json(record: &ActivityRecord) -> serde_json::Value {
    serde_json::to_value(record).unwrap_or(serde_json::Value::Null)
}

async fn reread(conn: &mut PgConnection, id: Uuid) -> Result<ActivityRecord, ReportingError> {
    store::ghg::lock_activity(conn, id)
        .await?
        .ok_or(ReportingError::NotFound)
}

#[allow(clippy::too_many_arguments)]
async fn written(
    conn: &mut PgConnection,
    actor: &Actor,
    origin: &AuditOrigin,
    now: DateTime<Utc>,
    action: &'static str,
    before: Option<&ActivityRecord>,
    id: Uuid,
    reason: Option<&str>,
) -> Result<ActivityRecord, ReportingError> {
    let after = reread(conn, id).await?;
    store::ghg::record_activity_revision(
        conn,
        id,
        after.version,
        action,
        actor.label(),
        now,
        reason,
        before.map(as_json),
        as_json(&after),
    )
    .await?;
    store::audit::record(
        conn,
        actor,
        origin,
        AuditEntry {
            action,
            entity: "activity_record",
            entity_id: Some(id.to_string()),
            before: before.map(as_json),
            after: Some(as_json(&after)),
            reason,
        },
    )
    .await?;
    Ok(after)
}

/// Saves an organisation's activity row: a new one (`id` = `None`), or a change of its draft
/// or returned row at the version read. Draft or submitted as the input says.
#[allow(clippy::too_many_arguments)]
pub async fn save_activity(
    conn: &mut PgConnection,
    reporter: &Reporter,
    origin: &AuditOrigin,
    now: DateTime<Utc>,
    today: NaiveDate,
    park_id: Uuid,
    existing: Option<(Uuid, i32)>,
    input: &ActivityInput,
) -> Result<ActivityRecord, ReportingError> {
    let park = store::ghg::park_organisations(conn, park_id).await?;
    save_activity_in_park(conn, reporter, origin, now, today, &park, existing, input).await
}

/// [`save_activity`] for one of many rows written in one transaction (an API batch, an
/// import): the park's organisations (`store::ghg::park_organisations`) are read once by the
/// caller, not once a row.
#[allow(clippy::too_many_arguments)]
pub async fn save_activity_in_park(
    conn: &mut PgConnection,
    reporter: &Reporter,
    origin: &AuditOrigin,
    now: DateTime<Utc>,
    today: NaiveDate,
    park: &[ParkOrganisation],
    existing: Option<(Uuid, i32)>,
    input: &ActivityInput,
) -> Result<ActivityRecord, ReportingError> {
    let checked = check_activity(input, reporter.organisation_id, park, today)
        .map_err(ReportingError::Invalid)?;
    let columns = ActivityColumns::of(
        reporter.organisation_id,
        checked.month,
        &checked.activity,
        checked.comment,
        checked.status,
    );
    let write = match existing {
        None => ActivityWrite::Create(columns),
        Some((id, version)) => {
            let current = reread(conn, id).await?;
            if current.organisation_id != reporter.organisation_id {
                return Err(ReportingError::NotFound);
            }
            changeable(&current, version)?;
            ActivityWrite::Change {
                current: Box::new(current),
                version,
                columns,
            }
        }
    };
    let mut saved = save_activities(conn, &reporter.actor, origin, now, &[write]).await?;
    saved.pop().ok_or(ReportingError::NotFound)
}

/// A checked activity row to store: a new one, or a change of a stored row (as read, locked)
/// from the version read.
pub enum ActivityWrite {
    Create(ActivityColumns),
    Change {
        // Boxed: a stored row is four times a new row's columns, and imports hold many writes.
        current: Box<ActivityRecord>,
        version: i32,
        columns: ActivityColumns,
    },
}

/// Stores checked rows of one writer in one transaction, a statement a table whatever their
/// number: the new rows and the changed ones, then each one's revision and audit entry, in the
/// rows' order. Each row is checked (`check_activity`) and each change allowed
/// ([`changeable`]) by the caller. The rows as stored, in order.
pub async fn save_activities(
    conn: &mut PgConnection,
    actor: &Actor,
    origin: &AuditOrigin,
    now: DateTime<Utc>,
    writes: &[ActivityWrite],
) -> Result<Vec<ActivityRecord>, ReportingError> {
    let ids: Vec<Uuid> = writes
        .iter()
        .map(|w| match w {
            ActivityWrite::Create(_) => Uuid::new_v4(),
            ActivityWrite::Change { current, .. } => current.id,
        })
        .collect();
    let (mut created, mut new_rows) = (Vec::new(), Vec::new());
    let (mut changed, mut new_values) = (Vec::new(), Vec::new());
    for (id, write) in ids.iter().zip(writes) {
        match write {
            ActivityWrite::Create(columns) => {
                created.push(*id);
                new_rows.push(columns);
            }
            ActivityWrite::Change {
                version, columns, ..
            } => {
                changed.push((*id, *version));
                new_values.push(columns);
            }
        }
    }
    if !created.is_empty() {
        store::ghg::insert_activities(conn, &created, &new_rows, now).await?;
    }
    if !changed.is_empty() {
        store::ghg::update_activities(conn, &changed, &new_values, now).await?;
    }
    let mut stored: HashMap<Uuid, ActivityRecord> = store::ghg::lock_activities(conn, &ids)
        .await?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    let after: Vec<ActivityRecord> = ids
        .iter()
        .map(|id| stored.remove(id).ok_or(ReportingError::NotFound))
        .collect::<Result<_, _>>()?;
    let steps: Vec<(&str, Option<serde_json::Value>)> = writes
        .iter()
        .map(|w| match w {
            ActivityWrite::Create(_) => ("create", None),
            ActivityWrite::Change { current, .. } => ("update", Some(as_json(current))),
        })
        .collect();
    let revisions: Vec<ActivityRevisionEntry> = steps
        .iter()
        .zip(&after)
        .map(|((action, before), row)| ActivityRevisionEntry {
            id: row.id,
            version: row.version,
            action,
            before: before.clone(),
            after: as_json(row),
        })
        .collect();
    store::ghg::record_activity_revisions(conn, actor.label(), now, None, &revisions).await?;
    let entries: Vec<AuditEntry> = revisions
        .into_iter()
        .map(|r| AuditEntry {
            action: r.action,
            entity: "activity_record",
            entity_id: Some(r.id.to_string()),
            before: r.before,
            after: Some(r.after),
            reason: None,
        })
        .collect();
    store::audit::record_all(conn, actor, origin, &entries).await?;
    Ok(after)
}

/// Whether a stored row may be changed from `version`: not locked (approved, or awaiting
/// review) and not changed since it was read.
pub fn changeable(current: &ActivityRecord, version: i32) -> Result<(), ReportingError> {
    if let Some(why) = crate::workflow::reports::locked(current.status()?, current.id) {
        return Err(ReportingError::Conflict {
            refusal: why,
            items: Vec::new(),
        });
    }
    stale(current, version)
}

fn stale(current: &ActivityRecord, version: i32) -> Result<(), ReportingError> {
    if current.version != version {
        return Err(ReportingError::Stale {
            refusal: ReportRefusal::Stale {
                current: current.version,
            },
            items: Vec::new(),
        });
    }
    Ok(())
}

/// Submits a draft or returned row for review.
pub async fn submit_activity(
    conn: &mut PgConnection,
    reporter: &Reporter,
    origin: &AuditOrigin,
    now: DateTime<Utc>,
    id: Uuid,
    version: i32,
) -> Result<ActivityRecord, ReportingError> {
    let current = reread(conn, id).await?;
    if current.organisation_id != reporter.organisation_id {
        return Err(ReportingError::NotFound);
    }
    changeable(&current, version)?;
    store::ghg::move_activity(conn, id, version, ObservationStatus::Submitted, None, now).await?;
    written(
        conn,
        &reporter.actor,
        origin,
        now,
        "submit",
        Some(&current),
        id,
        None,
    )
    .await
}

/// A manager's decision on a submitted row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Approve,
    Return,
}

/// Approves or returns (with a note) a submitted row. An approval recomputes the inventory of
/// the row's quarter (with the newest valid factor set), so the official figures follow.
#[allow(clippy::too_many_arguments)]
pub async fn decide_activity(
    conn: &mut PgConnection,
    reviewer: &Reviewer,
    origin: &AuditOrigin,
    now: DateTime<Utc>,
    id: Uuid,
    version: i32,
    decision: Decision,
    note: Option<&str>,
) -> Result<ActivityRecord, ReportingError> {
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    if decision == Decision::Return && note.is_none() {
        return Err(ReportingError::Invalid(vec![FieldError::new(
            "note",
            InputProblem::NoteRequired,
        )]));
    }
    let current = reread(conn, id).await?;
    if reviewer.organisation_id == Some(current.organisation_id) {
        return Err(ReportingError::Forbidden(ReportRefusal::OwnOrganisation));
    }
    stale(&current, version)?;
    let status = current.status()?;
    if status != ObservationStatus::Submitted {
        return Err(ReportingError::Conflict {
            refusal: if status == ObservationStatus::Approved {
                ReportRefusal::AlreadyApproved
            } else {
                ReportRefusal::NotSubmitted { status }
            },
            items: Vec::new(),
        });
    }
    let (to, action) = match decision {
        Decision::Approve => (ObservationStatus::Approved, "approve"),
        Decision::Return => (ObservationStatus::Returned, "return"),
    };
    store::ghg::move_activity(conn, id, version, to, note, now).await?;
    let decided = written(
        conn,
        &reviewer.actor,
        origin,
        now,
        action,
        Some(&current),
        id,
        note,
    )
    .await?;
    if decision == Decision::Approve {
        let park_id: Option<Uuid> = store::ghg::park_of(conn, current.organisation_id).await?;
        if let Some(park_id) = park_id {
            let quarter = Period::containing(Frequency::Quarterly, current.month);
            compute_inventory(
                conn,
                &reviewer.actor,
                origin,
                now,
                park_id,
                quarter,
                None,
                None,
                "activity data approved",
            )
            .await?;
        }
    }
    Ok(decided)
}

/// Computes a park's inventory for one quarter from its approved activity rows, with the
/// factor set named (else the newest valid at the quarter's start) and the GWP set named
/// (else the one the quarter's current inventory used, else [`DEFAULT_GWP`]). The current
/// inventory of the quarter, if any, is kept and marked superseded; the official figures of
/// the indicators computed from the inventory are rewritten. Returns the new inventory's id.
#[allow(clippy::too_many_arguments)]
pub async fn compute_inventory(
    conn: &mut PgConnection,
    actor: &Actor,
    origin: &AuditOrigin,
    now: DateTime<Utc>,
    park_id: Uuid,
    quarter: Period,
    factor_set_id: Option<Uuid>,
    gwp_set: Option<&str>,
    reason: &str,
) -> Result<Uuid, ReportingError> {
    let set: FactorSet = match factor_set_id {
        Some(id) => store::ghg::factor_set(conn, id).await?,
        None => store::ghg::current_factor_set(conn, quarter.start()).await?,
    }
    .ok_or_else(|| {
        ReportingError::Invalid(vec![FieldError::new(
            "factor_set",
            InputProblem::NotAChoice,
        )])
    })?;
    let current = store::ghg::current_inventories_in(conn, park_id)
        .await?
        .into_iter()
        .find(|i| i.period_start == quarter.start());
    let gwp = gwp_set
        .map(str::to_string)
        .or_else(|| current.as_ref().map(|c| c.gwp_set.clone()))
        .unwrap_or_else(|| DEFAULT_GWP.to_string());
    let computed = store::ghg::compute_quarter(
        conn,
        park_id,
        &quarter,
        set.id,
        &gwp,
        reason,
        actor.label(),
        now,
    )
    .await?
    .ok_or_else(|| {
        ReportingError::Invalid(vec![FieldError::new(
            "factor_set",
            InputProblem::NotAChoice,
        )])
    })?;
    store::audit::record(
        conn,
        actor,
        origin,
        AuditEntry {
            action: "compute",
            entity: "ghg_inventory",
            entity_id: Some(computed.id.to_string()),
            before: computed
                .previous
                .map(|p| serde_json::json!({ "inventory": p })),
            after: Some(serde_json::json!({
                "period_start": quarter.start(),
                "factor_set": set.name,
                "factor_set_version": set.version,
                "gwp_set": gwp,
                "park_total_t": computed.park_total_t,
                "activity_rows": computed.activity_rows,
            })),
            reason: Some(reason),
        },
    )
    .await?;
    Ok(computed.id)
}

/// A new version of a factor set: the base version's factors with the grid factors and fuel
/// factors given replacing theirs, its source and the reason (both required). Audited.
#[allow(clippy::too_many_arguments)]
pub async fn add_factor_version(
    conn: &mut PgConnection,
    actor: &Actor,
    origin: &AuditOrigin,
    now: DateTime<Utc>,
    base_id: Uuid,
    source: &str,
    reason: &str,
    grid: &[(i16, f64)],
    fuels: &[ghg::FuelFactor],
) -> Result<Uuid, ReportingError> {
    let mut problems = Vec::new();
    if source.trim().is_empty() {
        problems.push(FieldError::new("source", InputProblem::Required));
    }
    if reason.trim().is_empty() {
        problems.push(FieldError::new("reason", InputProblem::Required));
    }
    for (_, rate) in grid {
        if !rate.is_finite() || *rate < 0.0 || *rate > 5.0 {
            problems.push(FieldError::new(
                "grid",
                InputProblem::AboveMaximum { max: 5.0 },
            ));
        }
    }
    for f in fuels {
        let values = [
            f.ncv_gj_per_t,
            f.co2_kg_per_tj,
            f.ch4_kg_per_tj,
            f.n2o_kg_per_tj,
        ];
        if values.iter().any(|v| !v.is_finite() || *v < 0.0) || f.ncv_gj_per_t <= 0.0 {
            problems.push(FieldError::new(f.fuel.as_str(), InputProblem::NotPositive));
        }
    }
    if !problems.is_empty() {
        return Err(ReportingError::Invalid(problems));
    }
    let base = store::ghg::factor_set(conn, base_id)
        .await?
        .ok_or(ReportingError::NotFound)?;
    let id = store::ghg::insert_factor_version(
        conn,
        &base,
        source.trim(),
        reason.trim(),
        actor.label(),
        now,
        grid,
        fuels,
    )
    .await?;
    store::audit::record(
        conn,
        actor,
        origin,
        AuditEntry {
            action: "create",
            entity: "emission_factor_set",
            entity_id: Some(id.to_string()),
            before: Some(serde_json::json!({"base": base.id, "version": base.version})),
            after: Some(serde_json::json!({
                "name": base.name, "version": base.version + 1, "source": source.trim(),
                "grid": grid, "fuels": fuels.iter().map(|f| f.fuel.as_str()).collect::<Vec<_>>(),
            })),
            reason: Some(reason.trim()),
        },
    )
    .await?;
    Ok(id)
}
