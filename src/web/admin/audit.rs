//! `/admin/audit`: read the audit log, newest first, filtered by entity, action and actor.

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::Html;
use axum::routing::get;
use serde::Deserialize;

use crate::error::AppError;
use crate::state::AppState;
use crate::store;
use crate::store::audit::AuditFilter;
use crate::web::account_strings::{self, AccountStrings};
use crate::web::layout::Layout;

/// Events per page.
const PAGE_SIZE: i64 = 100;

pub fn router() -> Router<AppState> {
    Router::new().route("/admin/audit", get(audit_log))
}

#[derive(Template)]
#[template(path = "admin/audit.html")]
struct AuditPage {
    a: &'static AccountStrings,
    layout: Layout,
    entity: String,
    action: String,
    actor: String,
    events: Vec<EventLine>,
    older: Option<String>,
}

struct EventLine {
    occurred_at: String,
    actor: String,
    actor_kind: String,
    action: String,
    entity: String,
    entity_id: String,
    before: String,
    after: String,
    reason: String,
    request_id: String,
    client_addr: String,
}

#[derive(Deserialize, Default)]
struct AuditQuery {
    entity: Option<String>,
    action: Option<String>,
    actor: Option<String>,
    before: Option<i64>,
}

fn non_empty(value: Option<String>) -> Option<String> {
    value
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

fn pretty(value: Option<serde_json::Value>) -> String {
    value
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or_default()
}

async fn audit_log(
    State(state): State<AppState>,
    layout: Layout,
    Query(query): Query<AuditQuery>,
) -> Result<Html<String>, AppError> {
    let filter = AuditFilter {
        entity: non_empty(query.entity),
        action: non_empty(query.action),
        actor: non_empty(query.actor),
        before_id: query.before,
    };
    let events = store::audit::list(&state.pool, &filter, PAGE_SIZE).await?;
    let older = (events.len() as i64 == PAGE_SIZE).then(|| {
        let last = events.last().map(|e| e.id).unwrap_or_default();
        let mut query = form_urlencoded::Serializer::new(String::new());
        for (key, value) in [
            ("entity", &filter.entity),
            ("action", &filter.action),
            ("actor", &filter.actor),
        ] {
            if let Some(value) = value {
                query.append_pair(key, value);
            }
        }
        query.append_pair("before", &last.to_string());
        format!("/admin/audit?{}", query.finish())
    });
    let events = events
        .into_iter()
        .map(|e| EventLine {
            occurred_at: e.occurred_at.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
            actor: e.actor_label,
            actor_kind: e.actor_kind,
            action: e.action,
            entity: e.entity,
            entity_id: e.entity_id.unwrap_or_default(),
            before: pretty(e.before),
            after: pretty(e.after),
            reason: e.reason.unwrap_or_default(),
            request_id: e.request_id.unwrap_or_default(),
            client_addr: e.client_addr.unwrap_or_default(),
        })
        .collect();
    let page = AuditPage {
        a: account_strings::for_locale(layout.locale),
        layout,
        entity: filter.entity.unwrap_or_default(),
        action: filter.action.unwrap_or_default(),
        actor: filter.actor.unwrap_or_default(),
        events,
        older,
    };
    Ok(Html(page.render()?))
}
