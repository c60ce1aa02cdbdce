//! `/attest`: a verifier (an independent assurance provider) reads the published statements
//! and attests one: limited or reasonable assurance, with a note. The attestation is an entry
//! of its own in the transparency log (`crate::workflow::publication::attest`).

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Extension, Form, Router};
use serde::Deserialize;

use super::format;
use super::layout::{Layout, Nav};
use crate::auth::CurrentUser;
use crate::domain::kinds::Assurance;
use crate::domain::{Actor, AuditOrigin, Missing};
use crate::error::AppError;
use crate::i18n::PublicationStrings;
use crate::state::AppState;
use crate::store;
use crate::workflow::publication::{self, Publisher};

pub fn router() -> Router<AppState> {
    Router::new().route("/attest", get(page).post(attest))
}

struct StatementRow {
    entry: i64,
    label: String,
    attested: Vec<String>,
}

#[derive(Template)]
#[template(path = "attest.html")]
struct AttestPage {
    layout: Layout,
    p: &'static PublicationStrings,
    rows: Vec<StatementRow>,
    notice: String,
    problem: String,
}

#[derive(Deserialize, Default)]
struct Done {
    #[serde(default)]
    entry: Option<u64>,
}

#[derive(Deserialize)]
struct AttestForm {
    #[serde(default)]
    entry: String,
    #[serde(default)]
    assurance: String,
    #[serde(default)]
    note: String,
}

async fn render(
    state: &AppState,
    layout: Layout,
    notice: String,
    problem: String,
) -> Result<String, AppError> {
    let p = &layout.t.publication;
    let program = crate::auth::program::current()?.ok_or(AppError::NotFound(Missing::Program))?;
    let (publications, attestations) = tokio::try_join!(
        store::transparency::publications(&state.pool, program.id),
        store::transparency::attestations(&state.pool),
    )?;
    let rows = publications
        .iter()
        .map(|row| StatementRow {
            entry: row.entry_position,
            label: format!(
                "{} · {} · {} {} · {}",
                row.period_label,
                if row.kind == "restatement" {
                    p.kind_restatement
                } else {
                    p.kind_statement
                },
                p.entry,
                row.entry_position,
                format::date(row.published_at.date_naive(), layout.locale)
            ),
            attested: attestations
                .iter()
                .filter(|a| a.attested_position == row.entry_position)
                .map(|a| {
                    let scope = if a.assurance == "reasonable" {
                        p.reasonable
                    } else {
                        p.limited
                    };
                    (p.attested)(scope, &a.note)
                })
                .collect(),
        })
        .collect();
    Ok(AttestPage {
        p,
        rows,
        notice,
        problem,
        layout: layout.at(Nav::None),
    }
    .render()?)
}

async fn page(
    State(state): State<AppState>,
    layout: Layout,
    Query(done): Query<Done>,
) -> Result<Html<String>, AppError> {
    let notice = done
        .entry
        .map(|e| (layout.t.publication.attested_notice)(e))
        .unwrap_or_default();
    Ok(Html(render(&state, layout, notice, String::new()).await?))
}

async fn attest(
    State(state): State<AppState>,
    layout: Layout,
    Extension(user): Extension<CurrentUser>,
    context: AuditOrigin,
    Form(form): Form<AttestForm>,
) -> Result<Response, AppError> {
    let entry = form.entry.trim().parse::<u64>().ok();
    let assurance = match form.assurance.as_str() {
        "limited" => Some(Assurance::Limited),
        "reasonable" => Some(Assurance::Reasonable),
        _ => None,
    };
    let (Some(entry), Some(assurance)) = (entry, assurance) else {
        let problem = layout.t.errors.bad_request.to_owned();
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
    let account = publication::AttestingAccount {
        user_id: Some(user.id),
        name: user.display_name.clone(),
    };
    let mut tx = state.pool.begin().await?;
    let appended =
        publication::attest(&mut tx, &publisher, &account, entry, assurance, &form.note).await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/attest?entry={}", appended.position)).into_response())
}
