//! `/admin/audit`: read the audit log, newest first, filtered by entity, action, actor and a
//! range of days; each event names what it touched (an email, a code) and lists the fields it
//! changed; `/admin/audit.csv` and `/admin/audit.xlsx` download the filtered log.

use std::collections::{BTreeSet, HashMap};

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::Value;
use uuid::Uuid;

use crate::error::{AppError, FieldMessage};
use crate::i18n::AccountStrings;
use crate::state::AppState;
use crate::store;
use crate::store::audit::{AuditEvent, AuditFilter};
use crate::web::csv::{Csv, Field};
use crate::web::export::xlsx::{Cell, Table, Workbook};
use crate::web::layout::Layout;

/// Events per page.
const PAGE_SIZE: i64 = 100;
/// The most events one download holds (the newest); narrow the days for older ones.
const CSV_LIMIT: i64 = 100_000;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/audit", get(audit_log))
        .route("/admin/audit.csv", get(audit_csv))
        .route("/admin/audit.xlsx", get(audit_xlsx))
}

#[derive(Template)]
#[template(path = "admin/audit.html")]
struct AuditPage {
    a: &'static AccountStrings,
    layout: Layout,
    entity: String,
    action: String,
    actor: String,
    from: String,
    to: String,
    events: Vec<EventLine>,
    older: Option<String>,
    download: String,
    download_xlsx: String,
}

struct EventLine {
    occurred_at: String,
    actor: String,
    actor_kind: String,
    action: String,
    entity: String,
    /// The entity's name today, or its id.
    entity_label: String,
    entity_id: String,
    changes: Vec<Change>,
    reason: String,
    request_id: String,
    client_addr: String,
}

/// One field an event changed, with its value before and after, in words.
struct Change {
    field: String,
    before: String,
    after: String,
}

#[derive(Deserialize, Default)]
struct AuditQuery {
    entity: Option<String>,
    action: Option<String>,
    actor: Option<String>,
    from: Option<String>,
    to: Option<String>,
    before: Option<i64>,
}

fn non_empty(value: Option<String>) -> Option<String> {
    value
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// A day of the range filter: empty means open; anything else must be YYYY-MM-DD.
fn day(field: &str, value: &Option<String>) -> Result<Option<NaiveDate>, FieldMessage> {
    match non_empty(value.clone()) {
        None => Ok(None),
        Some(text) => NaiveDate::parse_from_str(&text, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| FieldMessage::new(field, "enter the day as YYYY-MM-DD")),
    }
}

fn filter_of(query: &AuditQuery) -> Result<AuditFilter, AppError> {
    let from = day("from", &query.from);
    let to = day("to", &query.to);
    let errors: Vec<FieldMessage> = [&from, &to]
        .into_iter()
        .filter_map(|d| d.as_ref().err().cloned())
        .collect();
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    Ok(AuditFilter {
        entity: non_empty(query.entity.clone()),
        action: non_empty(query.action.clone()),
        actor: non_empty(query.actor.clone()),
        from: from.ok().flatten(),
        to: to.ok().flatten(),
        before_id: query.before,
    })
}

/// The filter as query parameters, for the next page and the download.
fn query_string(filter: &AuditFilter) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (key, value) in [
        ("entity", filter.entity.clone()),
        ("action", filter.action.clone()),
        ("actor", filter.actor.clone()),
        ("from", filter.from.map(|d| d.to_string())),
        ("to", filter.to.map(|d| d.to_string())),
    ] {
        if let Some(value) = value {
            query.append_pair(key, &value);
        }
    }
    query.finish()
}

/// A JSON value in words: text as it is, absent as a dash, an id by the name it has.
fn words(value: Option<&Value>, names: &HashMap<Uuid, String>) -> String {
    match value {
        None | Some(Value::Null) => "—".into(),
        Some(Value::String(text)) => text
            .parse::<Uuid>()
            .ok()
            .and_then(|id| names.get(&id).cloned())
            .unwrap_or_else(|| text.clone()),
        Some(Value::Bool(b)) => b.to_string(),
        Some(Value::Number(n)) => n.to_string(),
        Some(other) => other.to_string(),
    }
}

/// The fields an event changed: for a change, those whose value differs; for a creation or a
/// record of facts, every field of the after; for a removal, every field of the before.
fn changes(event: &AuditEvent, names: &HashMap<Uuid, String>) -> Vec<Change> {
    let object = |v: &Option<Value>| v.as_ref().and_then(Value::as_object).cloned();
    let (before, after) = (object(&event.before), object(&event.after));
    let fields: BTreeSet<String> = before
        .iter()
        .chain(after.iter())
        .flat_map(|o| o.keys().cloned())
        .collect();
    fields
        .into_iter()
        .filter_map(|field| {
            let old = before.as_ref().and_then(|o| o.get(&field));
            let new = after.as_ref().and_then(|o| o.get(&field));
            (old != new).then(|| Change {
                before: if before.is_some() {
                    words(old, names)
                } else {
                    String::new()
                },
                after: if after.is_some() {
                    words(new, names)
                } else {
                    String::new()
                },
                field,
            })
        })
        .collect()
}

/// Every id the events' before and after values hold, to name them in one lookup.
fn referenced_ids(events: &[AuditEvent]) -> Vec<Uuid> {
    let mut ids = BTreeSet::new();
    for event in events {
        for value in [&event.before, &event.after].into_iter().flatten() {
            if let Some(object) = value.as_object() {
                ids.extend(
                    object
                        .values()
                        .filter_map(Value::as_str)
                        .filter_map(|s| s.parse::<Uuid>().ok()),
                );
            }
        }
    }
    ids.into_iter().collect()
}

async fn events_with_names(
    state: &AppState,
    filter: &AuditFilter,
    limit: i64,
) -> Result<(Vec<AuditEvent>, HashMap<Uuid, String>), AppError> {
    let events = store::audit::list(&state.pool, filter, limit).await?;
    let names = store::audit::names_of(&state.pool, &referenced_ids(&events)).await?;
    Ok((events, names))
}

fn line(event: AuditEvent, names: &HashMap<Uuid, String>) -> EventLine {
    let changes = changes(&event, names);
    let entity_id = event.entity_id.unwrap_or_default();
    EventLine {
        occurred_at: event
            .occurred_at
            .format("%Y-%m-%d %H:%M:%S UTC")
            .to_string(),
        actor: event.actor_label,
        actor_kind: event.actor_kind,
        action: event.action,
        entity: event.entity,
        entity_label: event.entity_label.unwrap_or_else(|| entity_id.clone()),
        entity_id,
        changes,
        reason: event.reason.unwrap_or_default(),
        request_id: event.request_id.unwrap_or_default(),
        client_addr: event.client_addr.unwrap_or_default(),
    }
}

async fn audit_log(
    State(state): State<AppState>,
    layout: Layout,
    Query(query): Query<AuditQuery>,
) -> Result<Response, AppError> {
    let filter = filter_of(&query)?;
    let (events, names) = events_with_names(&state, &filter, PAGE_SIZE).await?;
    let filters = query_string(&filter);
    let older = (events.len() as i64 == PAGE_SIZE).then(|| {
        let last = events.last().map(|e| e.id).unwrap_or_default();
        let separator = if filters.is_empty() { "" } else { "&" };
        format!("/admin/audit?{filters}{separator}before={last}")
    });
    let events = events.into_iter().map(|e| line(e, &names)).collect();
    let page = AuditPage {
        a: &layout.locale.strings().accounts,
        layout,
        entity: filter.entity.clone().unwrap_or_default(),
        action: filter.action.clone().unwrap_or_default(),
        actor: filter.actor.clone().unwrap_or_default(),
        from: filter.from.map(|d| d.to_string()).unwrap_or_default(),
        to: filter.to.map(|d| d.to_string()).unwrap_or_default(),
        events,
        older,
        download: format!("/admin/audit.csv?{filters}"),
        download_xlsx: format!("/admin/audit.xlsx?{filters}"),
    };
    Ok(Html(page.render()?).into_response())
}

/// The filtered log as CSV, newest first, one row per event, its changes in one column
/// (`field: before → after`, separated by semicolons).
async fn audit_csv(
    State(state): State<AppState>,
    Query(query): Query<AuditQuery>,
) -> Result<Response, AppError> {
    let mut filter = filter_of(&query)?;
    filter.before_id = None;
    let (events, names) = events_with_names(&state, &filter, CSV_LIMIT).await?;
    let mut csv = Csv::new(&[
        "occurred_at_utc",
        "actor_kind",
        "actor",
        "action",
        "entity",
        "entity_name",
        "entity_id",
        "changes",
        "reason",
        "request_id",
        "client_address",
    ]);
    for event in events {
        let line = line(event, &names);
        let changes = changes_text(&line.changes, "; ");
        csv.row([
            Field::Text(&line.occurred_at),
            Field::Text(&line.actor_kind),
            Field::Text(&line.actor),
            Field::Text(&line.action),
            Field::Text(&line.entity),
            Field::Text(&line.entity_label),
            Field::Text(&line.entity_id),
            Field::Text(&changes),
            Field::Text(&line.reason),
            Field::Text(&line.request_id),
            Field::Text(&line.client_addr),
        ]);
    }
    Ok(csv.into_download("pilar-audit-log.csv"))
}

/// An event's changes in one text (`field: before → after`), joined by `separator`.
fn changes_text(changes: &[Change], separator: &str) -> String {
    changes
        .iter()
        .map(|c| match (c.before.is_empty(), c.after.is_empty()) {
            (true, _) => format!("{}: {}", c.field, c.after),
            (_, true) => format!("{}: {} →", c.field, c.before),
            _ => format!("{}: {} → {}", c.field, c.before, c.after),
        })
        .collect::<Vec<_>>()
        .join(separator)
}

/// The filtered log as a workbook: the same rows as the CSV, headers in the page's language,
/// a change a line in its cell.
async fn audit_xlsx(
    State(state): State<AppState>,
    layout: Layout,
    Query(query): Query<AuditQuery>,
) -> Result<Response, AppError> {
    let mut filter = filter_of(&query)?;
    filter.before_id = None;
    let (events, names) = events_with_names(&state, &filter, CSV_LIMIT).await?;
    let e = &layout.t.exports;
    let rows: Vec<Vec<Cell>> = events
        .into_iter()
        .map(|event| {
            let line = line(event, &names);
            vec![
                Cell::text(line.occurred_at),
                Cell::text(line.actor_kind),
                Cell::text(line.actor),
                Cell::text(line.action),
                Cell::text(line.entity),
                Cell::text(line.entity_label),
                Cell::text(line.entity_id),
                Cell::text(changes_text(&line.changes, "\n")),
                Cell::text(line.reason),
                Cell::text(line.request_id),
                Cell::text(line.client_addr),
            ]
        })
        .collect();
    let filters = query_string(&filter);
    let now = state.clock.now();
    let mut book = Workbook::new(e.audit_title, now);
    book.about(
        e.about_sheet,
        e.audit_title,
        &[
            (e.what_label, e.audit_what.to_string()),
            (
                e.filters_label,
                if filters.is_empty() {
                    e.no_filter.to_string()
                } else {
                    filters.replace('&', ", ")
                },
            ),
            (e.made_label, now.format("%Y-%m-%d %H:%M UTC").to_string()),
            (e.rows_label, rows.len().to_string()),
        ],
    )?;
    book.table(&Table {
        name: e.audit_title,
        groups: Vec::new(),
        headers: [
            e.when_utc,
            e.actor_kind,
            e.actor,
            e.action,
            e.entity,
            e.entity_name,
            e.entity_id,
            e.changes,
            e.reason,
            e.request_id,
            e.client_address,
        ]
        .iter()
        .map(|h| h.to_string())
        .collect(),
        rows,
        frozen_columns: 1,
    })?;
    book.into_download("pilar-audit-log.xlsx")
}
