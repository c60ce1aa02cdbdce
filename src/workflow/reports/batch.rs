//! Batches of up to [`MAX_BATCH`] observations, all or nothing: every item is checked, every
//! problem listed, and nothing is stored unless every item passes.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::json;
use sqlx::{Postgres, Transaction};
use uuid::Uuid;

use crate::domain::kinds::ObservationStatus;
use crate::domain::{AuditOrigin, FieldError, InputProblem, ReportRefusal};
use crate::store;
use crate::store::audit::AuditEntry;
use crate::store::observations::{Figures, Written};

use super::common::*;
use super::input::{self, Checked, ObservationInput};

/// One item of a batch, as the caller read it: the input, and the problems the caller found
/// reading it (a field of the wrong type, a required field the channel insists on).
#[derive(Debug, Clone, Default)]
pub struct BatchItem {
    pub input: Option<ObservationInput>,
    pub reading_problems: Vec<FieldError>,
}

/// What a batch did to one of its items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedItem {
    pub index: usize,
    pub id: Uuid,
    pub indicator: String,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub status: ObservationStatus,
    pub version: i32,
    /// True when the observation was created, false when an existing one was changed.
    pub created: bool,
}

/// Saves up to [`MAX_BATCH`] observations of the reporter's organisation, all or nothing: new
/// ones are created, existing ones (named with the `version` read) are changed. Every invalid
/// item is listed; then every item that conflicts with a stored observation; then every stale
/// one. Set-based: a handful of statements whatever the batch size.
pub async fn save_batch(
    tx: &mut Transaction<'_, Postgres>,
    reporter: &Reporter,
    context: &AuditOrigin,
    now: DateTime<Utc>,
    items: &[BatchItem],
) -> Result<Vec<SavedItem>, ReportingError> {
    if items.is_empty() || items.len() > MAX_BATCH {
        return Err(ReportingError::Invalid(vec![item_error(
            None,
            Some("items"),
            InputProblem::Refused(ReportRefusal::BatchSize {
                max: MAX_BATCH,
                got: items.len(),
            }),
        )]));
    }
    let specs = store::observations::reporting_specs(tx, reporter.organisation_id).await?;
    let mut errors = Vec::new();
    let mut checked: Vec<(usize, Checked)> = Vec::with_capacity(items.len());
    let mut seen: HashMap<(Uuid, NaiveDate), usize> = HashMap::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let reading = item
            .reading_problems
            .iter()
            .cloned()
            .map(|p| p.in_item(Some(index)));
        errors.extend(reading);
        let Some(input) = &item.input else { continue };
        match input::check(&specs, input, now.date_naive()) {
            Ok(c) => {
                let key = (c.indicator_id, c.period.start());
                if let Some(first) = seen.insert(key, index) {
                    errors.push(item_error(
                        Some(index),
                        Some("period_start"),
                        InputProblem::Refused(ReportRefusal::DuplicateInBatch {
                            first,
                            indicator: c.indicator.clone(),
                            starts: c.period.start(),
                        }),
                    ));
                } else if item.reading_problems.is_empty() {
                    checked.push((index, c));
                }
            }
            Err(problems) => errors.extend(problems.into_iter().map(|p| p.in_item(Some(index)))),
        }
    }
    if errors.is_empty() {
        let submitted: Vec<ToSubmit> = checked
            .iter()
            .filter_map(|(index, c)| ToSubmit::of(Some(*index), c))
            .collect();
        errors = unexplained_unusual(tx, reporter.organisation_id, &submitted).await?;
    }
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.item);
        return Err(ReportingError::Invalid(errors));
    }

    let keys: Vec<(Uuid, NaiveDate)> = checked
        .iter()
        .map(|(_, c)| (c.indicator_id, c.period.start()))
        .collect();
    let existing: HashMap<(Uuid, NaiveDate), store::observations::Existing> =
        store::observations::lock_existing(tx, reporter.organisation_id, &keys)
            .await?
            .into_iter()
            .map(|e| ((e.indicator_id, e.period_start), e))
            .collect();
    let mut conflicts = Vec::new();
    let mut stale = Vec::new();
    let mut new = Figures::default();
    let mut changed = Figures::default();
    let mut new_indices = Vec::new();
    let mut changed_indices = Vec::new();
    // New rows go in in key order, so that two batches creating overlapping observations wait
    // for each other instead of deadlocking.
    let mut in_key_order: Vec<&(usize, Checked)> = checked.iter().collect();
    in_key_order.sort_by_key(|(_, c)| (c.indicator_id, c.period.start()));
    for (index, c) in in_key_order {
        let index = Some(*index);
        match existing.get(&(c.indicator_id, c.period.start())) {
            None => {
                if c.version.is_some() {
                    stale.push(item_error(
                        index,
                        Some("version"),
                        InputProblem::Refused(ReportRefusal::NothingToChange {
                            indicator: c.indicator.clone(),
                            starts: c.period.start(),
                        }),
                    ));
                } else {
                    push_figure(&mut new, c);
                    new_indices.push(index);
                }
            }
            Some(e) => {
                let status: ObservationStatus = e
                    .status
                    .parse()
                    .map_err(|err| ReportingError::Database(sqlx::Error::Decode(Box::new(err))))?;
                if let Some(refusal) = locked(status, e.id) {
                    conflicts.push(item_error(index, None, InputProblem::Refused(refusal)));
                } else if c.version.is_none() {
                    conflicts.push(item_error(
                        index,
                        Some("version"),
                        InputProblem::Refused(ReportRefusal::VersionNeeded {
                            indicator: c.indicator.clone(),
                            starts: c.period.start(),
                            id: e.id,
                            version: e.version,
                        }),
                    ));
                } else if c.version != Some(e.version) {
                    stale.push(item_error(
                        index,
                        Some("version"),
                        InputProblem::Refused(ReportRefusal::ItemStale {
                            id: e.id,
                            current: e.version,
                        }),
                    ));
                } else {
                    push_figure(&mut changed, c);
                    changed.ids.push(e.id);
                    changed.versions.push(e.version);
                    changed_indices.push(index);
                }
            }
        }
    }
    conflicts.sort_by_key(|e| e.item);
    stale.sort_by_key(|e| e.item);
    if !conflicts.is_empty() {
        return Err(ReportingError::Conflict {
            refusal: ReportRefusal::ItemsConflict {
                count: conflicts.len(),
            },
            items: conflicts,
        });
    }
    if !stale.is_empty() {
        return Err(ReportingError::Stale {
            refusal: ReportRefusal::ItemsStale { count: stale.len() },
            items: stale,
        });
    }

    let author = writer(&reporter.actor, now);
    let mut written: Vec<(Written, bool)> = Vec::with_capacity(checked.len());
    if !new.is_empty() {
        let rows = store::observations::insert(tx, reporter.organisation_id, &new, author).await?;
        if rows.len() != new.len() {
            return Err(ReportingError::Conflict {
                refusal: ReportRefusal::BatchCreatedMeanwhile,
                items: Vec::new(),
            });
        }
        written.extend(rows.into_iter().map(|r| (r, true)));
    }
    if !changed.is_empty() {
        let rows = store::observations::update(tx, &changed, author).await?;
        if rows.len() != changed.len() {
            return Err(ReportingError::Stale {
                refusal: ReportRefusal::BatchChangedMeanwhile,
                items: Vec::new(),
            });
        }
        written.extend(rows.into_iter().map(|r| (r, false)));
    }

    let by_key: HashMap<(Uuid, NaiveDate), (Written, bool)> = written
        .into_iter()
        .map(|(w, created)| ((w.indicator_id, w.period_start), (w, created)))
        .collect();
    let mut saved = Vec::with_capacity(checked.len());
    for (index, c) in &checked {
        let Some((w, created)) = by_key.get(&(c.indicator_id, c.period.start())) else {
            continue;
        };
        saved.push(SavedItem {
            index: *index,
            id: w.id,
            indicator: c.indicator.clone(),
            period_start: w.period_start,
            period_end: w.period_end,
            status: c.status,
            version: w.version,
            created: *created,
        });
    }
    let summary: Vec<serde_json::Value> = saved
        .iter()
        .map(|s| {
            json!({
                "id": s.id,
                "indicator": s.indicator,
                "period_start": s.period_start,
                "version": s.version,
                "action": match (s.created, s.status) {
                    (true, _) => "create",
                    (false, ObservationStatus::Submitted) => "submit",
                    (false, _) => "update",
                },
            })
        })
        .collect();
    store::audit::record(
        tx,
        &reporter.actor,
        context,
        AuditEntry {
            action: "save_batch",
            entity: "observation",
            entity_id: None,
            before: None,
            after: Some(json!({
                "created": new_indices.len(),
                "changed": changed_indices.len(),
                "observations": summary,
            })),
            reason: None,
        },
    )
    .await?;
    Ok(saved)
}
