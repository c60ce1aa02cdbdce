//! `/publish`: a program manager publishes a quarter or a year into the transparency log
//! (the statement of its publishable park figures), and sees every statement and
//! restatement published so far with links to its exact bytes and its inclusion proof. The
//! rules are `crate::workflow::publication`'s.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Extension, Form, Router};
use serde::Deserialize;

use super::format;
use super::layout::Layout;
use crate::auth::CurrentUser;
use crate::domain::{Actor, AuditOrigin, Missing};
use crate::error::AppError;
use crate::i18n::PublicationStrings;
use crate::state::AppState;
use crate::store;
use crate::workflow::publication::{self, Publisher};

pub fn router() -> Router<AppState> {
    Router::new().route("/publish", get(page).post(publish))
}

/// One publication as the list shows it.
struct PublicationRow {
    period: String,
    kind: &'static str,
    entry: i64,
    published_at: String,
    published_by: String,
    figures: usize,
}

#[derive(Template)]
#[template(path = "publish.html")]
struct PublishPage {
    layout: Layout,
    p: &'static PublicationStrings,
    periods: Vec<String>,
    rows: Vec<PublicationRow>,
    tree_size: u64,
    notice: String,
    problem: String,
}

#[derive(Deserialize, Default)]
struct Done {
    #[serde(default)]
    period: String,
    #[serde(default)]
    entry: Option<u64>,
}

#[derive(Deserialize)]
struct PublishForm {
    #[serde(default)]
    period: String,
}

async fn render(
    state: &AppState,
    layout: Layout,
    notice: String,
    problem: String,
) -> Result<String, AppError> {
    let p = &layout.t.publication;
    let program = crate::auth::program::current()?.ok_or(AppError::NotFound(Missing::Program))?;
    let publications = store::transparency::publications(&state.pool, program.id).await?;
    let published: Vec<_> = publications
        .iter()
        .map(|p| (p.period_start, p.period_end))
        .collect();
    let periods = publication::periods_to_publish(&program, state.clock.today(), &published)
        .iter()
        .map(publication::period_label)
        .collect();
    let tree_size = store::transparency::latest_tree_head(&state.pool)
        .await?
        .map_or(0, |(s, _)| s);
    let rows = publications
        .iter()
        .map(|row| PublicationRow {
            period: row.period_label.clone(),
            kind: if row.kind == "restatement" {
                p.kind_restatement
            } else {
                p.kind_statement
            },
            entry: row.entry_position,
            published_at: format::date(row.published_at.date_naive(), layout.locale),
            published_by: row.published_by.clone().unwrap_or_default(),
            figures: serde_json::from_slice::<serde_json::Value>(&row.body)
                .ok()
                .and_then(|v| v.get("figures").and_then(|f| f.as_array()).map(Vec::len))
                .unwrap_or(0),
        })
        .collect();
    Ok(PublishPage {
        p,
        periods,
        rows,
        tree_size,
        notice,
        problem,
        layout: layout.at(super::layout::Nav::None),
    }
    .render()?)
}

async fn page(
    State(state): State<AppState>,
    layout: Layout,
    Query(done): Query<Done>,
) -> Result<Html<String>, AppError> {
    let notice = match done.entry {
        Some(entry) if !done.period.is_empty() => {
            (layout.t.publication.published_notice)(&done.period, entry)
        }
        _ => String::new(),
    };
    Ok(Html(render(&state, layout, notice, String::new()).await?))
}

async fn publish(
    State(state): State<AppState>,
    layout: Layout,
    Extension(user): Extension<CurrentUser>,
    context: AuditOrigin,
    Form(form): Form<PublishForm>,
) -> Result<Response, AppError> {
    let program = crate::auth::program::current()?.ok_or(AppError::NotFound(Missing::Program))?;
    let Some(period) = publication::parse_period(&form.period) else {
        let problem = (layout.t.workflow.unknown_period)(form.period.trim());
        let html = render(&state, layout, String::new(), problem).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response());
    };
    let actor = Actor::from(&user);
    let publisher = Publisher {
        signer: &state.log_signer,
        actor: &actor,
        context: &context,
        now: state.clock.now(),
    };
    match publication::publish(
        &state.pool,
        &publisher,
        &program,
        &period,
        state.clock.today(),
    )
    .await
    {
        Ok(appended) => Ok(Redirect::to(&format!(
            "/publish?period={}&entry={}",
            publication::period_label(&period),
            appended.position
        ))
        .into_response()),
        Err(AppError::Conflict(clash)) => {
            let problem = (layout.t.errors.clash)(&clash);
            let html = render(&state, layout, String::new(), problem).await?;
            Ok((StatusCode::CONFLICT, Html(html)).into_response())
        }
        Err(other) => Err(other),
    }
}
