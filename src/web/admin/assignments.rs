//! `/admin/assignments`: the matrix of organisations × indicators that says who reports what,
//! one pillar at a time. Saving, the check that nobody saved the pillar's matrix meanwhile, and
//! the audit are `crate::workflow::structure::assignments`'; this module reads the ticks and
//! shows the outcome, with one message for the whole matrix.
//! Reads through `store/`; no SQL, no write of its own and no rule here.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Extension, Form, Router};
use serde::Deserialize;

use super::structure::{
    Choice, conflict, live_pillar_choices, problem_text, program, strings, unprocessable,
};
use crate::auth::CurrentUser;
use crate::domain::structure::first_open_period_start;
use crate::domain::{Actor, AuditOrigin};
use crate::error::AppError;
use crate::i18n::StructureStrings;
use crate::state::AppState;
use crate::store;
use crate::store::structure::PillarRecord;
use crate::web::layout::Layout;
use crate::workflow::structure::StructureError;
use crate::workflow::structure::assignments::{self, AssignmentsInput};

pub fn router() -> Router<AppState> {
    Router::new().route(
        "/admin/assignments",
        get(assignments_page).post(save_assignments),
    )
}

#[derive(Template)]
#[template(path = "admin/assignments.html")]
struct AssignmentsPage {
    layout: Layout,
    s: &'static StructureStrings,
    pillar: String,
    pillars: Vec<Choice>,
    indicators: Vec<Choice>,
    rows: Vec<MatrixRow>,
    starts_on: String,
    /// The live assignments of the pillar as this page shows them, so that a save over
    /// someone else's newer one is noticed (see [`seen_token`]).
    seen: String,
    error: String,
    notice: String,
}

struct MatrixRow {
    code: String,
    name: String,
    /// One cell per indicator column: (the checkbox value, ticked).
    cells: Vec<(String, String, bool)>,
}

#[derive(Deserialize, Default)]
struct MatrixQuery {
    pillar: Option<String>,
    done: Option<String>,
}

/// Assignments as one comparable text: sorted `ORG|IND` pairs.
fn token<'a>(pairs: impl Iterator<Item = &'a (String, String)>) -> String {
    let mut seen: Vec<String> = pairs.map(|(o, i)| format!("{o}|{i}")).collect();
    seen.sort();
    seen.join(",")
}

/// The live assignments among `columns` and `rows` (the cells the matrix shows), as one
/// comparable text (see [`token`]).
fn seen_token(pairs: &[(String, String)], columns: &[&str], rows: &[&str]) -> String {
    token(
        pairs
            .iter()
            .filter(|(o, i)| columns.contains(&i.as_str()) && rows.contains(&o.as_str())),
    )
}

struct MatrixInput {
    ticked: Vec<String>,
    starts_on: String,
    seen: String,
}

async fn render_matrix(
    state: &AppState,
    layout: Layout,
    pillar: Option<String>,
    input: Option<MatrixInput>,
    error: String,
    notice: String,
) -> Result<(String, bool), AppError> {
    let ticked_override = input.as_ref().map(|i| i.ticked.clone());
    let program = program()?;
    let pool = &state.pool;
    let (pillars, indicators, organisations, pairs) = tokio::try_join!(
        store::structure::pillars(pool, program.id),
        store::structure::indicators(pool, program.id),
        store::organisations::choices(pool),
        store::structure::assignment_pairs(pool, program.id)
    )?;
    let live: Vec<&PillarRecord> = pillars.iter().filter(|p| !p.archived).collect();
    let pillar = pillar
        .filter(|c| live.iter().any(|p| &p.code == c))
        .or_else(|| live.first().map(|p| p.code.clone()))
        .unwrap_or_default();
    let columns: Vec<_> = indicators
        .iter()
        .filter(|i| !i.archived && i.pillar_code == pillar)
        .collect();
    let ticked = |org: &str, ind: &str| match &ticked_override {
        Some(list) => list.iter().any(|v| v == &format!("{org}|{ind}")),
        None => pairs.iter().any(|(o, i)| o == org && i == ind),
    };
    let rows = organisations
        .iter()
        .map(|o| MatrixRow {
            cells: columns
                .iter()
                .map(|i| {
                    (
                        format!("{}|{}", o.code, i.code),
                        format!("{} — {}", o.name, i.code),
                        ticked(&o.code, &i.code),
                    )
                })
                .collect(),
            code: o.code.clone(),
            name: o.name.clone(),
        })
        .collect();
    let s = strings(&layout);
    let found = !pillar.is_empty();
    let codes: Vec<&str> = columns.iter().map(|i| i.code.as_str()).collect();
    let shown: Vec<&str> = organisations.iter().map(|o| o.code.as_str()).collect();
    let seen = input
        .as_ref()
        .map(|i| i.seen.clone())
        .unwrap_or_else(|| seen_token(&pairs, &codes, &shown));
    Ok((
        AssignmentsPage {
            s,
            pillars: live_pillar_choices(&pillars, layout.locale),
            indicators: columns
                .iter()
                .map(|i| Choice {
                    value: i.code.clone(),
                    label: layout.locale.text(&i.name).to_string(),
                })
                .collect(),
            pillar,
            rows,
            starts_on: input.map(|i| i.starts_on).unwrap_or_else(|| {
                first_open_period_start(state.clock.today(), program.starts_on).to_string()
            }),
            seen,
            error,
            notice,
            layout,
        }
        .render()?,
        found,
    ))
}

async fn assignments_page(
    State(state): State<AppState>,
    layout: Layout,
    Query(query): Query<MatrixQuery>,
) -> Result<Html<String>, AppError> {
    let notice = if query.done.is_some() {
        strings(&layout).saved.to_string()
    } else {
        String::new()
    };
    let (html, _) =
        render_matrix(&state, layout, query.pillar, None, String::new(), notice).await?;
    Ok(Html(html))
}

/// The pairs of a `seen` token.
fn seen_pairs(token: &str) -> Vec<(String, String)> {
    token
        .split(',')
        .filter(|p| !p.is_empty())
        .map(pair)
        .collect()
}

/// An `ORG|IND` checkbox value as (organisation code, indicator code).
fn pair(value: &str) -> (String, String) {
    let (org, ind) = value.split_once('|').unwrap_or(("", ""));
    (org.to_string(), ind.to_string())
}

async fn save_assignments(
    State(state): State<AppState>,
    layout: Layout,
    Extension(admin): Extension<CurrentUser>,
    context: AuditOrigin,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let s = strings(&layout);
    let value = |key: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_default()
    };
    let pillar = value("pillar");
    let starts_text = value("starts_on");
    let seen = value("seen");
    let ticked: Vec<String> = pairs
        .iter()
        .filter(|(k, _)| k == "a")
        .map(|(_, v)| v.clone())
        .collect();
    let input = AssignmentsInput {
        pillar: pillar.clone(),
        starts_on: chrono::NaiveDate::parse_from_str(&starts_text, "%Y-%m-%d").ok(),
        ticked: ticked.iter().map(|t| pair(t)).collect(),
        seen: seen_pairs(&seen),
    };
    let program = program()?;
    let mut tx = state.pool.begin().await?;
    let saved = assignments::save(
        &mut tx,
        &Actor::from(&admin),
        &context,
        program.id,
        &input,
        state.clock.now(),
    )
    .await;
    match saved {
        Ok(_) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/admin/assignments?pillar={pillar}&done=1")).into_response())
        }
        Err(StructureError::Invalid(problems)) => {
            drop(tx);
            // One message for the matrix: the last problem found (a wrong tick or pillar says
            // more than a wrong date).
            let error = problems
                .last()
                .map(|p| problem_text(s, p.problem).to_string())
                .unwrap_or_default();
            let input = MatrixInput {
                ticked,
                starts_on: starts_text,
                seen,
            };
            let (html, _) = render_matrix(
                &state,
                layout,
                Some(pillar),
                Some(input),
                error,
                String::new(),
            )
            .await?;
            Ok(unprocessable(html))
        }
        Err(StructureError::AssignmentsChanged { current }) => {
            drop(tx);
            // Someone saved this pillar's matrix since this page was shown: say what changed
            // and keep the ticks; the page now carries the current state, so saving again is
            // deliberate.
            let now = token(current.iter());
            let before: Vec<&str> = seen.split(',').filter(|p| !p.is_empty()).collect();
            let after: Vec<&str> = now.split(',').filter(|p| !p.is_empty()).collect();
            let mut changed: Vec<String> = after
                .iter()
                .filter(|p| !before.contains(p))
                .map(|p| format!("+ {}", p.replace('|', " ")))
                .chain(
                    before
                        .iter()
                        .filter(|p| !after.contains(p))
                        .map(|p| format!("− {}", p.replace('|', " "))),
                )
                .collect();
            changed.sort();
            let message = format!("{} {}", s.matrix_conflict, changed.join(", "));
            let input = MatrixInput {
                ticked,
                starts_on: starts_text,
                seen: now,
            };
            let (html, _) = render_matrix(
                &state,
                layout,
                Some(pillar),
                Some(input),
                message,
                String::new(),
            )
            .await?;
            Ok(conflict(html))
        }
        Err(e) => Err(e.into()),
    }
}
