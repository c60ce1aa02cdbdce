//! `/inbox`: a signed-in person's notifications inside Pilar — what they were told of (or
//! would have been, had a mail server been set up), newest first, each with its time and a
//! link to the thing it is about, unread ones marked, and marking them read. Every page's
//! header shows the unread count (`Layout::unread`, read with the session). Only the person's
//! own notifications: the store's query is by the session's user.

use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Form, Router};

use crate::auth::CurrentUser;
use crate::domain::kinds::NotificationKind;
use crate::domain::notifications::INBOX_LENGTH;
use crate::error::AppError;
use crate::i18n::NotificationStrings;
use crate::i18n::notifications::in_app;
use crate::state::AppState;
use crate::store;
use crate::web::format;
use crate::web::layout::Layout;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/inbox", get(inbox_page))
        .route("/inbox/read", post(mark_read))
}

/// One notification, worded for the page.
pub struct InboxLine {
    pub id: i64,
    pub heading: &'static str,
    pub lines: Vec<String>,
    /// "30 Nov 2026, 09:15 UTC".
    pub when: String,
    /// The moment as `<time datetime>` reads it.
    pub datetime: String,
    pub unread: bool,
    /// Where to act on it, and the link's words.
    pub link: (&'static str, &'static str),
}

/// Where a notification's link leads: the page to act on it.
fn link_of(kind: NotificationKind, n: &NotificationStrings) -> (&'static str, &'static str) {
    match kind {
        NotificationKind::ReportsDue | NotificationKind::ReportReturned => {
            ("/submit", n.submit_link)
        }
        NotificationKind::ReviewsWaiting | NotificationKind::WeeklySummary => {
            ("/review", n.review_link)
        }
        NotificationKind::MilestoneOverdue => ("/timeline", n.timeline_link),
        NotificationKind::TransferFlagged => ("/flows", n.flows_link),
        NotificationKind::PasswordReset | NotificationKind::PasswordChanged => {
            ("/account", n.inbox_account_link)
        }
    }
}

#[derive(Template)]
#[template(path = "inbox.html")]
struct InboxPage {
    n: &'static NotificationStrings,
    layout: Layout,
    items: Vec<InboxLine>,
    any_unread: bool,
}

async fn inbox_page(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    layout: Layout,
) -> Result<Html<String>, AppError> {
    let locale = layout.locale;
    let n = &locale.strings().notifications;
    let items: Vec<InboxLine> = store::notifications::inbox(&state.pool, user.id, INBOX_LENGTH)
        .await?
        .into_iter()
        .map(|item| {
            let (heading, lines) = in_app(n, item.kind, &item.payload);
            InboxLine {
                id: item.id,
                heading,
                lines,
                when: format!(
                    "{}, {} UTC",
                    format::date(item.occurred_at.date_naive(), locale),
                    item.occurred_at.format("%H:%M")
                ),
                datetime: item.occurred_at.to_rfc3339(),
                unread: item.read_at.is_none(),
                link: link_of(item.kind, n),
            }
        })
        .collect();
    let page = InboxPage {
        n,
        any_unread: items.iter().any(|i| i.unread),
        layout,
        items,
    };
    Ok(Html(page.render()?))
}

/// The form: `id` to mark one notification read, none to mark them all.
async fn mark_read(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let ids: Vec<i64> = fields
        .iter()
        .filter(|(name, _)| name == "id")
        .filter_map(|(_, value)| value.parse().ok())
        .collect();
    // A form naming only ids that are not numbers marks nothing (never all of them).
    let named = fields.iter().any(|(name, _)| name == "id");
    if !(named && ids.is_empty()) {
        let ids = (!ids.is_empty()).then_some(ids.as_slice());
        crate::workflow::notifications::mark_read(&state.pool, user.id, ids, state.clock.now())
            .await?;
    }
    Ok(Redirect::to("/inbox").into_response())
}
