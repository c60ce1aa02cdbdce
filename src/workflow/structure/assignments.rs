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
