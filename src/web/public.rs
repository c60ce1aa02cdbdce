//! `/public`: the program at a glance from published statements only, for anyone (no
//! sign-in, whatever the public-view setting says): per pillar, each published indicator's
//! latest published figure with its target, status, coverage, restatement and attestation,
//! the period and the log entry it comes from with its inclusion proof, and the current
//! checkpoint with the public key. Nothing unpublished and nothing per organisation is read.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Html;
use axum::routing::get;

use super::format;
use super::layout::{Layout, Nav};
use crate::domain::transparency::Statement;
use crate::domain::transparency::statement::public_figures;
use crate::error::AppError;
use crate::i18n::PublicationStrings;
use crate::state::AppState;
use crate::store;

pub fn router() -> Router<AppState> {
    Router::new().route("/public", get(page))
}

struct FigureRow {
    code: String,
    name: String,
    period: String,
    value: String,
    target: String,
    status_class: String,
    status: &'static str,
    coverage: String,
    restated: String,
    attested: Vec<String>,
    entry: u64,
}

/// One statement, restatement or attestation's target, with its attestations.
struct PublicationRow {
    period: String,
    kind: &'static str,
    entry: i64,
    published_on: String,
    attested: Vec<String>,
    /// A restatement's changes: "CE-02 2026-Q2 — restated on … (was …): reason".
    restated: Vec<String>,
}

struct PillarBlock {
    code: String,
    name: String,
    rows: Vec<FigureRow>,
}

#[derive(Template)]
#[template(path = "public.html")]
struct PublicPage {
    layout: Layout,
    p: &'static PublicationStrings,
    pillars: Vec<PillarBlock>,
    publications: Vec<PublicationRow>,
    checkpoint: String,
    verifier_key: String,
    tree_size: u64,
}

async fn page(State(state): State<AppState>, layout: Layout) -> Result<Html<String>, AppError> {
    let p = &layout.t.publication;
    let locale = layout.locale;
    let checkpoint =
        super::transparency::current_checkpoint(&state.pool, &state.log_signer).await?;
    let tree_size = store::transparency::latest_tree_head(&state.pool)
        .await?
        .map_or(0, |(s, _)| s);
    let mut pillars: Vec<PillarBlock> = Vec::new();
    let mut publication_rows: Vec<PublicationRow> = Vec::new();
    if let Some(program) = crate::auth::program::current()? {
        let (publications, attestations, program_pillars, indicators) = tokio::try_join!(
            store::transparency::publications(&state.pool, program.id),
            store::transparency::attestations(&state.pool),
            store::program::pillars(&state.pool, program.id),
            store::program::indicators(&state.pool, program.id),
        )?;
        let entries: Vec<(u64, Statement)> = publications
            .iter()
            .filter_map(|row| {
                let statement = serde_json::from_slice(&row.body).ok()?;
                Some((u64::try_from(row.entry_position).ok()?, statement))
            })
            .collect();
        let figures = public_figures(&entries);
        let attested_words = |a: &store::transparency::Attestation| {
            let scope = if a.assurance == "reasonable" {
                p.reasonable
            } else {
                p.limited
            };
            (p.attested)(scope, &a.note)
        };
        publication_rows = publications
            .iter()
            .map(|row| PublicationRow {
                period: row.period_label.clone(),
                kind: if row.kind == "restatement" {
                    p.kind_restatement
                } else {
                    p.kind_statement
                },
                entry: row.entry_position,
                published_on: format::date(row.published_at.date_naive(), locale),
                attested: attestations
                    .iter()
                    .filter(|a| a.attested_position == row.entry_position)
                    .map(attested_words)
                    .collect(),
                restated: serde_json::from_slice::<Statement>(&row.body)
                    .ok()
                    .and_then(|s| s.restates.map(|r| (s.published_at, r)))
                    .map(|(at, r)| {
                        r.changes
                            .iter()
                            .map(|c| {
                                let decimals = indicators
                                    .iter()
                                    .find(|i| i.code == c.indicator)
                                    .map_or(2, |i| i.decimals);
                                let old = c
                                    .old_value
                                    .map(|v| format::number(v, decimals, locale))
                                    .unwrap_or_else(|| "—".into());
                                format!(
                                    "{} {} — {}",
                                    c.indicator,
                                    c.period,
                                    (p.restated)(at.get(..10).unwrap_or(&at), &old, &c.reason)
                                )
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
            })
            .collect();
        for pillar in &program_pillars {
            let rows: Vec<FigureRow> = indicators
                .iter()
                .filter(|i| i.pillar_id == pillar.id)
                .filter_map(|i| {
                    let f = figures.iter().find(|f| f.figure.indicator == i.code)?;
                    let number =
                        |v: f64| format::with_unit(&format::number(v, i.decimals, locale), &i.unit);
                    let status = crate::domain::status::Status::ALL
                        .iter()
                        .copied()
                        .find(|s| s.as_str() == f.figure.status)
                        .unwrap_or(crate::domain::status::Status::NoData);
                    Some(FigureRow {
                        code: i.code.clone(),
                        name: locale.text(&i.name).to_owned(),
                        period: f.figure.period.clone(),
                        value: number(f.figure.value),
                        target: f.figure.target.map(&number).unwrap_or_else(|| "—".into()),
                        status_class: f.figure.status.clone(),
                        status: layout.t.status(status),
                        coverage: (p.coverage_of)(f.figure.contributors, f.figure.assigned),
                        restated: f
                            .restated
                            .as_ref()
                            .map(|(at, change)| {
                                (p.restated)(
                                    at.get(..10).unwrap_or(at),
                                    &change.old_value.map(&number).unwrap_or_else(|| "—".into()),
                                    &change.reason,
                                )
                            })
                            .unwrap_or_default(),
                        attested: attestations
                            .iter()
                            .filter(|a| u64::try_from(a.attested_position).ok() == Some(f.entry))
                            .map(attested_words)
                            .collect(),
                        entry: f.entry,
                    })
                })
                .collect();
            if !rows.is_empty() {
                pillars.push(PillarBlock {
                    code: pillar.code.clone(),
                    name: locale.text(&pillar.name).to_owned(),
                    rows,
                });
            }
        }
    }
    Ok(Html(
        PublicPage {
            p,
            pillars,
            publications: publication_rows,
            checkpoint,
            verifier_key: state.log_signer.verifier_key(),
            tree_size,
            layout: layout.at(Nav::None),
        }
        .render()?,
    ))
}
