//! `/admin/outbox`: the e-mail Pilar writes (`outbox_message`), newest first, filtered by
//! status — queued, sent, logged (no mail server), failed with its last error — with the
//! attempts and the next try; and putting a failed message (or one waiting after a failed
//! attempt) back in the queue (`workflow::notifications::resend_message`, audited).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Form, Router};
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::domain::kinds::OutboxStatus;
use crate::domain::notifications::{OUTBOX_LENGTH, may_resend};
use crate::domain::{Actor, AuditOrigin, Missing};
use crate::error::AppError;
use crate::i18n::NotificationStrings;
use crate::state::AppState;
use crate::store;
use crate::web::layout::Layout;
use crate::workflow::notifications::{Resend, resend_message};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/outbox", get(outbox))
        .route("/admin/outbox/{id}/resend", post(resend))
}

/// One message as the list shows it.
struct MessageLine {
    id: i64,
    to: String,
    subject: String,
    status: OutboxStatus,
    status_name: &'static str,
    attempts: i32,
    created: String,
    /// When the next attempt is due, for a queued message; else empty.
    next_try: String,
    sent: String,
    last_error: String,
    /// The resend button's words, when it may be resent.
    resend: Option<&'static str>,
}

#[derive(Template)]
#[template(path = "admin/outbox.html")]
struct OutboxPage {
    n: &'static NotificationStrings,
    layout: Layout,
    /// The status filtered on ("" for all).
    filter: &'static str,
    statuses: Vec<(&'static str, &'static str)>,
    messages: Vec<MessageLine>,
    notice: String,
}

#[derive(Deserialize, Default)]
struct OutboxQuery {
    #[serde(default)]
    status: String,
    resent: Option<i64>,
    unchanged: Option<String>,
}

const MOMENT: &str = "%Y-%m-%d %H:%M UTC";

async fn outbox(
    State(state): State<AppState>,
    layout: Layout,
    Query(query): Query<OutboxQuery>,
) -> Result<Html<String>, AppError> {
    // An unknown status filters on nothing: the page shows every message.
    let status = query.status.parse::<OutboxStatus>().ok();
    let n = &layout.locale.strings().notifications;
    let messages = store::notifications::recent_messages(&state.pool, status, OUTBOX_LENGTH)
        .await?
        .into_iter()
        .map(|m| MessageLine {
            id: m.id,
            to: m.to_address,
            subject: m.subject,
            status: m.status,
            status_name: n.outbox_status_name(m.status),
            attempts: m.attempts,
            created: m.created_at.format(MOMENT).to_string(),
            next_try: if m.status == OutboxStatus::Queued {
                m.next_attempt_at.format(MOMENT).to_string()
            } else {
                String::new()
            },
            sent: m
                .sent_at
                .map(|t| t.format(MOMENT).to_string())
                .unwrap_or_default(),
            last_error: m.last_error.unwrap_or_default(),
            resend: may_resend(m.status, m.attempts).then_some(
                if m.status == OutboxStatus::Queued {
                    n.outbox_retry_now
                } else {
                    n.outbox_resend
                },
            ),
        })
        .collect();
    let notice = match (query.resent, query.unchanged) {
        (Some(id), _) => (n.outbox_requeued)(id),
        (None, Some(_)) => n.outbox_not_resendable.to_string(),
        (None, None) => String::new(),
    };
    let page = OutboxPage {
        n,
        filter: status.map(OutboxStatus::as_str).unwrap_or(""),
        statuses: OutboxStatus::ALL
            .iter()
            .map(|s| (s.as_str(), n.outbox_status_name(*s)))
            .collect(),
        messages,
        notice,
        layout,
    };
    Ok(Html(page.render()?))
}

#[derive(Deserialize)]
struct ResendForm {
    /// The status the list was filtered on, to come back to it.
    #[serde(default)]
    status: String,
}

async fn resend(
    State(state): State<AppState>,
    Extension(admin): Extension<CurrentUser>,
    context: AuditOrigin,
    Path(id): Path<String>,
    Form(form): Form<ResendForm>,
) -> Result<Response, AppError> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound(Missing::Page))?;
    let done = resend_message(
        &state.pool,
        &Actor::from(&admin),
        &context,
        id,
        state.clock.now(),
    )
    .await?;
    let filter = form
        .status
        .parse::<OutboxStatus>()
        .map(|s| format!("status={}&", s.as_str()))
        .unwrap_or_default();
    let back = match done {
        Resend::Queued => format!("/admin/outbox?{filter}resent={id}"),
        Resend::Unchanged => format!("/admin/outbox?{filter}unchanged=1"),
    };
    Ok(Redirect::to(&back).into_response())
}
