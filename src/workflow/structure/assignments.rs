//! The assignment matrix: which organisation reports which indicator, one pillar at a time.
//! Saving makes the ticked pairs exactly the live assignments among the pillar's live
//! indicators and the live organisations — the cells the matrix shows; unticked ones are
//! archived, never deleted (observations refer to them). Rows the matrix does not show
//! (archived organisations) are left as they are.
//! SQL in `store::structure`; no HTML, forms or wording here.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::json;
use sqlx::{Postgres, Transaction};
use uuid::Uuid;

use super::{Problem, Problems, StructureError};
use crate::domain::kinds::{Aggregation, OrganisationKind};
use crate::domain::structure::may_be_assigned;
use crate::domain::{Actor, AuditOrigin};
use crate::store;
use crate::store::audit::AuditEntry;
use crate::store::structure::AssignmentChange;

/// One pillar's matrix as the caller sends it; pairs are (organisation code, indicator code).
#[derive(Debug, Clone, Default)]
pub struct AssignmentsInput {
    /// The code of the pillar whose indicators are the matrix's columns.
    pub pillar: String,
    /// When the new assignments start; `None`: not given (or not readable).
    pub starts_on: Option<NaiveDate>,
    /// The pairs to be live afterwards.
    pub ticked: Vec<(String, String)>,
    /// The live pairs of the pillar's indicators when the caller read them: a save over
    /// someone else's newer one is refused.
    pub seen: Vec<(String, String)>,
}

/// Saves one pillar's matrix: ticked pairs become (or stay) live from `starts_on`, the other
/// cells of the matrix (live organisations × the pillar's live indicators) are archived. Problems come in order: the date, the ticks, the pillar (a caller showing one
/// message shows the last). The change is audited when there is one.
pub async fn save(
    tx: &mut Transaction<'_, Postgres>,
    actor: &Actor,
    origin: &AuditOrigin,
    program_id: Uuid,
    input: &AssignmentsInput,
    now: DateTime<Utc>,
) -> Result<AssignmentChange, StructureError> {
    let indicators = store::structure::indicators(&mut **tx, program_id).await?;
    let organisations = store::structure::organisations(&mut **tx, program_id).await?;
    let current = store::structure::assignment_pairs(&mut **tx, program_id).await?;
    let columns: Vec<_> = indicators
        .iter()
        .filter(|i| !i.archived && i.pillar_code == input.pillar)
        .collect();
    let mut problems = Problems::new(&[]);
    if input.starts_on.is_none() {
        problems.push("starts_on", Problem::Date);
    }
    let mut wanted: Vec<(Uuid, Uuid)> = Vec::new();
    for (org, ind) in &input.ticked {
        let organisation = organisations.iter().find(|o| &o.code == org && !o.archived);
        let indicator = columns.iter().find(|i| &i.code == ind);
        match (indicator, organisation) {
            (Some(i), Some(o)) if !park_level_allowed(&i.aggregation, &o.kind) => {
                problems.push("assignments", Problem::ParkLevel)
            }
            // A computed indicator is nobody's report: no new tick (one live from before it
            // became computed may stay, and is skipped wherever reports are asked for).
            (Some(i), Some(_))
                if i.computed_from.is_some()
                    && !current.iter().any(|(o, c)| o == org && c == ind) =>
            {
                problems.push("assignments", Problem::Computed)
            }
            (Some(i), Some(o)) => wanted.push((i.id, o.id)),
            _ => problems.push("assignments", Problem::Choose),
        }
    }
    if columns.is_empty() {
        problems.push("pillar", Problem::Choose);
    }
    let Some(starts_on) = input.starts_on else {
        return Err(problems.into_error());
    };
    problems.finish()?;

    let rows: Vec<_> = organisations.iter().filter(|o| !o.archived).collect();
    let mut live: Vec<(String, String)> = current
        .into_iter()
        .filter(|(o, i)| columns.iter().any(|c| &c.code == i) && rows.iter().any(|r| &r.code == o))
        .collect();
    live.sort();
    let mut seen = input.seen.clone();
    seen.sort();
    if live != seen {
        return Err(StructureError::AssignmentsChanged { current: live });
    }

    let column_ids: Vec<Uuid> = columns.iter().map(|i| i.id).collect();
    let row_ids: Vec<Uuid> = rows.iter().map(|o| o.id).collect();
    let change =
        store::structure::save_assignments(tx, &column_ids, &row_ids, &wanted, starts_on, now)
            .await?;
    if !change.added.is_empty() || !change.removed.is_empty() {
        store::audit::record(
            tx,
            actor,
            origin,
            AuditEntry {
                action: "assign",
                entity: "assignment",
                entity_id: Some(input.pillar.clone()),
                before: Some(json!({ "removed": change.removed })),
                after: Some(json!({ "added": change.added, "starts_on": starts_on })),
                reason: None,
            },
        )
        .await?;
    }
    Ok(change)
}

/// Whether the stored aggregation and organisation kind allow the assignment
/// (`domain::structure::may_be_assigned`). Text the domain cannot read is left to the
/// database's checks.
fn park_level_allowed(aggregation: &str, kind: &str) -> bool {
    match (
        aggregation.parse::<Aggregation>(),
        kind.parse::<OrganisationKind>(),
    ) {
        (Ok(aggregation), Ok(kind)) => may_be_assigned(aggregation, kind),
        _ => true,
    }
}

/// One assignment as a caller names it (the API): organisation and indicator by code.
#[derive(Debug, Clone, Default)]
pub struct AssignmentInput {
    pub organisation: String,
    pub indicator: String,
    /// When reports start to be expected; `None`: not given (or not readable).
    pub starts_on: Option<NaiveDate>,
}

/// What [`assign`] made live.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assigned {
    pub organisation: String,
    pub indicator: String,
    /// Whether the pair was not live before (a new or an archived assignment brought back).
    pub added: bool,
}

/// Assigns one indicator to one organisation from `starts_on` (a live pair stays as it is),
/// with its audit entry. Problems by field: `organisation`, `indicator`, `starts_on`; a
/// park-level indicator for any organisation but the park office is
/// [`Problem::ParkLevel`] on `organisation`.
pub async fn assign(
    tx: &mut Transaction<'_, Postgres>,
    actor: &Actor,
    origin: &AuditOrigin,
    program_id: Uuid,
    input: &AssignmentInput,
    now: DateTime<Utc>,
) -> Result<Assigned, StructureError> {
    let indicators = store::structure::indicators(&mut **tx, program_id).await?;
    let organisations = store::structure::organisations(&mut **tx, program_id).await?;
    let indicator_code = crate::domain::structure::normalise_code(&input.indicator);
    let organisation_code = crate::domain::structure::normalise_code(&input.organisation);
    let indicator = indicators
        .iter()
        .find(|i| !i.archived && i.code == indicator_code);
    let organisation = organisations
        .iter()
        .find(|o| !o.archived && o.code == organisation_code);
    let mut problems = Problems::new(&[]);
    if organisation.is_none() {
        problems.push("organisation", Problem::Choose);
    }
    if indicator.is_none() {
        problems.push("indicator", Problem::Choose);
    }
    if input.starts_on.is_none() {
        problems.push("starts_on", Problem::Date);
    }
    if let (Some(i), Some(o)) = (indicator, organisation)
        && !park_level_allowed(&i.aggregation, &o.kind)
    {
        problems.push("organisation", Problem::ParkLevel);
    }
    // Computed from activity data: nobody reports it, so nobody is assigned it.
    if indicator.is_some_and(|i| i.computed_from.is_some()) {
        problems.push("indicator", Problem::Computed);
    }
    let (Some(indicator), Some(organisation), Some(starts_on)) =
        (indicator, organisation, input.starts_on)
    else {
        return Err(problems.into_error());
    };
    problems.finish()?;
    let change = store::structure::save_assignments(
        tx,
        &[indicator.id],
        &[organisation.id],
        &[(indicator.id, organisation.id)],
        starts_on,
        now,
    )
    .await?;
    let added = !change.added.is_empty();
    if added {
        store::audit::record(
            tx,
            actor,
            origin,
            AuditEntry {
                action: "assign",
                entity: "assignment",
                entity_id: Some(indicator.pillar_code.clone()),
                before: Some(json!({ "removed": Vec::<String>::new() })),
                after: Some(json!({ "added": change.added, "starts_on": starts_on })),
                reason: None,
            },
        )
        .await?;
    }
    Ok(Assigned {
        organisation: organisation.code.clone(),
        indicator: indicator.code.clone(),
        added,
    })
}
