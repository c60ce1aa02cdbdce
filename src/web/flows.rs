//! `/flows`: the park's material flows for a material and a period — a Sankey diagram drawn
//! on the server (readable without JavaScript) with a table of the same flows beside it, the
//! park's totals and the indicators the ledger computes, each organisation's inputs and
//! outputs, the transfers with their flags — and the forms: a tenant's ledger month, a
//! transfer, the receiver's confirmation or dispute, a manager's approval or return.
//!
//! Who sees what is `auth::policy`'s flow rules ([`FlowReader`]); the rules of the forms are
//! `workflow::flows`'s, refusals worded by `web::refusal` as for reports.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{MethodRouter, get, post};
use axum::{Extension, Form, Router};
use chrono::{Datelike, Months, NaiveDate};
use serde::Deserialize;
use uuid::Uuid;

use super::format::{self, Locale};
use super::layout::{Layout, Nav};
use super::refusal::Refusal;
use super::sankey::{self, Diagram, Flow};
use crate::auth::CurrentUser;
use crate::auth::policy::{self, FlowReader};
use crate::domain::flows::{self, FlowEnd, FlowLink, FlowSource, TransferFacts, TransferFlag};
use crate::domain::kinds::{
    Frequency, HazardClass, IntendedUse, MaterialUnit, ObservationStatus, TransferState,
};
use crate::domain::{
    Actor, AuditOrigin, Denied, FieldError, InputProblem, Period, Reading, read_number,
};
use crate::error::AppError;
use crate::i18n::{FlowStrings, Strings};
use crate::state::AppState;
use crate::store;
use crate::store::flows::{LedgerFilter, LedgerRow, Material, Transfer};
use crate::workflow::flows::{
    self as ledger, LedgerDecision, LedgerInput, TransferAnswer, TransferInput,
};
use crate::workflow::publication::{self, Publisher};
use crate::workflow::reports::review::Reviewer;
use crate::workflow::reports::{Reporter, ReportingError};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/flows", get(page))
        .route("/flows/ledger", post(save_month))
        .route("/flows/transfers", post(record_transfer))
        .route(
            "/flows/transfers/{id}/confirm",
            answer_route(|request| answer(request, true)),
        )
        .route(
            "/flows/transfers/{id}/dispute",
            answer_route(|request| answer(request, false)),
        )
        .route(
            "/flows/review/{id}/approve",
            answer_route(|request| decide(request, LedgerDecision::Approve)),
        )
        .route(
            "/flows/review/{id}/return",
            answer_route(|request| decide(request, LedgerDecision::Return)),
        )
        // A manager reopens an approved month: back to its organisation as returned, with the
        // reason (required, the form's `note`) as its note; it leaves the park's flows and
        // CE-05/CE-08.
        .route(
            "/flows/review/{id}/reopen",
            answer_route(|request| decide(request, LedgerDecision::Reopen)),
        )
}

/// What each answer on the page reads from its request (the state, the frame, the user, the
/// audit origin, the transfer's or month's id, the form): a transfer confirmed or disputed by
/// its receiver, a month approved, returned or reopened by a manager.
type AnswerRequest = (
    AppState,
    Layout,
    CurrentUser,
    AuditOrigin,
    String,
    AnswerForm,
);

/// The five answers read the same request and differ only in what the route says they are:
/// one handler, given the answer.
fn answer_route<Answer, Answered>(respond: Answer) -> MethodRouter<AppState>
where
    Answer: Fn(AnswerRequest) -> Answered + Clone + Send + Sync + 'static,
    Answered: Future<Output = Result<Response, AppError>> + Send + 'static,
{
    post(
        move |State(state): State<AppState>,
              layout: Layout,
              Extension(user): Extension<CurrentUser>,
              context: AuditOrigin,
              Path(id): Path<String>,
              Form(form): Form<AnswerForm>| {
            respond((state, layout, user, context, id, form))
        },
    )
}

/// `?material=NI-SLAG&period=2026-10&month=2026-09&done=saved`.
#[derive(Debug, Default, Deserialize)]
struct FlowsQuery {
    material: Option<String>,
    period: Option<String>,
    /// A month of the tenant's ledger to fill the form with.
    month: Option<String>,
    done: Option<String>,
}

/// A period label of any frequency: `2026-10`, `2026-Q3`, `2026-H1`, `2026`.
fn parse_period(label: &str) -> Option<(Period, Frequency)> {
    crate::domain::period::parse_any_label(label)
}

/// The first day of the period's last month.
fn last_month(period: &Period) -> NaiveDate {
    let end = period.end();
    NaiveDate::from_ymd_opt(end.year(), end.month(), 1).unwrap_or(end)
}

fn unit_symbol(unit: MaterialUnit) -> &'static str {
    match unit {
        MaterialUnit::Tonne => "t",
        MaterialUnit::CubicMetre => "m³",
        MaterialUnit::MegawattHour => "MWh",
        MaterialUnit::Gigajoule => "GJ",
    }
}

fn quantity(value: f64, unit: MaterialUnit, locale: Locale) -> String {
    format!("{} {}", format::number(value, 1, locale), unit_symbol(unit))
}

struct Choice {
    value: String,
    label: String,
    selected: bool,
}

struct SummaryRow {
    label: &'static str,
    value: String,
}

struct FlowRow {
    from: String,
    to: String,
    quantity: String,
}

struct OrganisationRow {
    name: String,
    opening: String,
    generated: String,
    received: String,
    used_on_site: String,
    sent: String,
    disposed: String,
    closing: String,
}

struct ComputedRow {
    code: &'static str,
    name: &'static str,
    organisation: String,
    value: String,
    basis: String,
}

struct TransferRow {
    id: Uuid,
    version: i32,
    month: String,
    material: String,
    sender: String,
    receiver: String,
    quantity: String,
    intended_use: &'static str,
    state: &'static str,
    state_class: &'static str,
    received: String,
    note: String,
    flags: Vec<String>,
    /// The reader is its receiver and it is pending: the forms are shown.
    answerable: bool,
    quantity_input: String,
}

struct LedgerLine {
    id: Uuid,
    version: i32,
    organisation: String,
    material: String,
    month: String,
    month_label: String,
    opening: String,
    generated: String,
    received: String,
    used_on_site: String,
    sent: String,
    disposed: String,
    closing: String,
    balance: String,
    balanced: bool,
    status: &'static str,
    comment: String,
    review_note: String,
    editable: bool,
}

struct MaterialRow {
    code: String,
    name: String,
    unit: &'static str,
    hazard: &'static str,
    indicators: String,
}

/// The ledger form's fields, as typed (kept when refused).
#[derive(Debug, Default, Clone, Deserialize)]
struct MonthForm {
    #[serde(default)]
    material: String,
    #[serde(default)]
    month: String,
    #[serde(default)]
    opening: String,
    #[serde(default)]
    generated: String,
    #[serde(default)]
    received: String,
    #[serde(default)]
    used_on_site: String,
    #[serde(default)]
    sent: String,
    #[serde(default)]
    disposed_landfill: String,
    #[serde(default)]
    disposed_storage: String,
    #[serde(default)]
    disposed_sea: String,
    #[serde(default)]
    closing: String,
    #[serde(default)]
    comment: String,
    #[serde(default)]
    version: String,
    /// `draft` or `submitted`, from the button pressed.
    #[serde(default)]
    status: String,
    /// The period the page showed, to come back to it.
    #[serde(default)]
    period: String,
}

#[derive(Debug, Default, Clone, Deserialize)]
struct TransferForm {
    #[serde(default)]
    material: String,
    #[serde(default)]
    month: String,
    #[serde(default)]
    receiver: String,
    #[serde(default)]
    quantity: String,
    #[serde(default)]
    intended_use: String,
    #[serde(default)]
    period: String,
}

#[derive(Debug, Default, Deserialize)]
struct AnswerForm {
    #[serde(default)]
    received_quantity: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    version: String,
    #[serde(default)]
    material: String,
    #[serde(default)]
    period: String,
}

#[derive(Template)]
#[template(path = "flows.html")]
struct FlowsPage {
    layout: Layout,
    f: &'static FlowStrings,
    materials: Vec<Choice>,
    period: String,
    period_label: String,
    material_code: String,
    material_name: String,
    unit: &'static str,
    notice: String,
    problem: String,
    /// What the park part shows: totals, or why not.
    park_visible: bool,
    park_hidden: String,
    diagram_title: String,
    diagram: Option<Diagram>,
    flow_rows: Vec<FlowRow>,
    summary: Vec<SummaryRow>,
    computed: Vec<ComputedRow>,
    organisations: Vec<OrganisationRow>,
    organisations_title: &'static str,
    transfers: Vec<TransferRow>,
    attention: Vec<TransferRow>,
    tenant: bool,
    reviewer: bool,
    own_ledger: Vec<LedgerLine>,
    awaiting_review: Vec<LedgerLine>,
    /// For managers: the approved months of the material and period, each to reopen.
    approved_months: Vec<LedgerLine>,
    form: MonthForm,
    transfer_form: TransferForm,
    receivers: Vec<Choice>,
    uses: Vec<Choice>,
    material_table: Vec<MaterialRow>,
    field_messages: Vec<crate::error::FieldMessage>,
}

impl FlowsPage {
    fn message(&self, field: &str) -> String {
        super::form::message_for(&self.field_messages, field)
    }
}

fn reader_of(user: &CurrentUser) -> Result<FlowReader, AppError> {
    FlowReader::of_user(user.role, user.organisation_id)
        .ok_or(AppError::Forbidden(Denied::NoAccess))
}

fn hazard_label(f: &FlowStrings, hazard: Option<HazardClass>) -> &'static str {
    match hazard {
        None => f.hazard_none,
        Some(HazardClass::B3) => f.hazard_b3,
        Some(HazardClass::B3Exempt) => f.hazard_b3_exempt,
        Some(HazardClass::NonB3) => f.hazard_non_b3,
    }
}

fn use_label(f: &FlowStrings, intended_use: IntendedUse) -> &'static str {
    match intended_use {
        IntendedUse::Reuse => f.use_reuse,
        IntendedUse::Recycling => f.use_recycling,
        IntendedUse::Recovery => f.use_recovery,
        IntendedUse::ThirdPartyDisposal => f.use_third_party_disposal,
    }
}

fn state_label(f: &FlowStrings, state: TransferState) -> (&'static str, &'static str) {
    match state {
        TransferState::Pending => (f.state_pending, "pending"),
        TransferState::Confirmed => (f.state_confirmed, "confirmed"),
        TransferState::Disputed => (f.state_disputed, "disputed"),
    }
}

fn end_label(
    f: &FlowStrings,
    end: FlowEnd,
    names: &HashMap<Uuid, String>,
) -> (String, &'static str) {
    match end {
        FlowEnd::UsedOnSite => (f.end_used_on_site.into(), "onsite"),
        FlowEnd::Organisation(id) => (
            names.get(&id).cloned().unwrap_or_else(|| id.to_string()),
            "reuse",
        ),
        FlowEnd::InPark => (f.end_in_park.into(), "reuse"),
        FlowEnd::Outside => (f.end_outside.into(), "outside"),
        FlowEnd::Landfill => (f.end_landfill.into(), "disposal"),
        FlowEnd::Storage => (f.end_storage.into(), "storage"),
        FlowEnd::Sea => (f.end_sea.into(), "sea"),
    }
}

fn source_label(f: &FlowStrings, source: FlowSource, names: &HashMap<Uuid, String>) -> String {
    match source {
        FlowSource::Organisation(id) => names.get(&id).cloned().unwrap_or_else(|| id.to_string()),
        FlowSource::Park => f.park.into(),
    }
}

fn transfer_row(
    t: &Transfer,
    f: &FlowStrings,
    locale: Locale,
    today: NaiveDate,
    reader: FlowReader,
) -> TransferRow {
    let facts = TransferFacts {
        state: t.state,
        quantity: t.quantity,
        received: t.received_quantity,
        recorded_on: t.recorded_at.date_naive(),
    };
    let flags = flows::transfer_flags(&facts, today)
        .into_iter()
        .map(|flag| match flag {
            TransferFlag::Difference { share } => {
                (f.flag_difference)(&format::number(share * 100.0, 1, locale))
            }
            TransferFlag::Unanswered { days } => (f.flag_unanswered)(days),
            TransferFlag::Disputed => f.flag_disputed.to_string(),
        })
        .collect();
    let (state, state_class) = state_label(f, t.state);
    TransferRow {
        id: t.id,
        version: t.version,
        month: format::month(t.month, locale),
        material: t.material.clone(),
        sender: t.sender_name.clone(),
        receiver: t.receiver_name.clone(),
        quantity: quantity(t.quantity, t.unit, locale),
        intended_use: use_label(f, t.intended_use),
        state,
        state_class,
        received: t
            .received_quantity
            .map(|q| quantity(q, t.unit, locale))
            .unwrap_or_default(),
        note: t.dispute_note.clone().unwrap_or_default(),
        flags,
        answerable: t.state == TransferState::Pending
            && reader == FlowReader::Organisation(t.receiver_id),
        quantity_input: crate::domain::write_for_input(t.quantity, locale.number_convention()),
    }
}

fn ledger_line(row: &LedgerRow, t: &Strings, locale: Locale) -> LedgerLine {
    let f = &t.flows;
    let q = |v: f64| quantity(v, row.unit, locale);
    let balance = flows::balance(&row.figures());
    LedgerLine {
        id: row.id,
        version: row.version,
        organisation: row.organisation_name.clone(),
        material: row.material.clone(),
        month: format!("{:04}-{:02}", row.month.year(), row.month.month()),
        month_label: format::month(row.month, locale),
        opening: q(row.opening),
        generated: q(row.generated),
        received: q(row.received),
        used_on_site: q(row.used_on_site),
        sent: q(row.sent),
        disposed: q(row.disposed_landfill + row.disposed_storage + row.disposed_sea),
        closing: q(row.closing),
        balance: if balance.holds() {
            f.balances.to_string()
        } else {
            (f.imbalance)(&q(balance.imbalance))
        },
        balanced: balance.holds(),
        status: t.observation_status(row.status),
        comment: row.comment.clone(),
        review_note: row.review_note.clone().unwrap_or_default(),
        editable: matches!(
            row.status,
            ObservationStatus::Draft | ObservationStatus::Returned
        ),
    }
}

/// What the page is about: the material and the period it shows.
struct Scope {
    materials: Vec<Material>,
    material: Option<Material>,
    period: Period,
    frequency: Frequency,
}

/// The request's program code for the page cache's keys (`-` in no program: see
/// [`directory`]).
fn program_key() -> String {
    crate::auth::program::scope()
        .current
        .map_or_else(|| "-".to_string(), |p| p.code)
}

/// What every reader of `/flows` shares whatever the material and period: the materials, the
/// latest month with approved figures of each, the organisations' names. Kept in the page
/// cache until the data changes (the ledger's tables notify: migration 0032).
struct Directory {
    /// The park of the request's program: the ledger shown is its organisations' (`None`
    /// before any program exists).
    park: Option<Uuid>,
    materials: Vec<Material>,
    latest: HashMap<Uuid, NaiveDate>,
    names: HashMap<Uuid, String>,
}

async fn directory(state: &AppState) -> Result<std::sync::Arc<Directory>, AppError> {
    state
        .page_cache
        .get_or_load(
            &format!("flows:directory:{}", program_key()),
            state.clock.today(),
            || async {
                // In no program (an organisation that only sends or receives transfers holds
                // no role in one; it reads only its own ledger and transfers anyway): every park.
                let park = match crate::auth::program::scope().current {
                    Some(program) => store::flows::park_of(&state.pool, &program.park_code).await?,
                    None => None,
                };
                let materials = store::flows::materials(&state.pool).await?;
                let ids: Vec<Uuid> = materials.iter().map(|m| m.id).collect();
                Ok(Directory {
                    park,
                    latest: store::flows::latest_approved_months(&state.pool, park, &ids)
                        .await?
                        .into_iter()
                        .collect(),
                    // Every organisation's name: a transfer may leave the park.
                    names: store::flows::counterparties(&state.pool, None)
                        .await?
                        .into_iter()
                        .map(|(id, _, name)| (id, name))
                        .collect(),
                    materials,
                })
            },
        )
        .await
}

/// What every reader shares of one material's flows in a period: the park's flows (each
/// reader then sees what the flow rule lets it) and the computed indicators. Kept in the page
/// cache until the data changes.
struct PeriodFacts {
    park: Option<store::flows::ParkPeriod>,
    computed: Vec<(&'static str, flows::LedgerMeasure, store::flows::Computed)>,
}

async fn period_facts(
    state: &AppState,
    in_park: Option<Uuid>,
    material: Option<Uuid>,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<std::sync::Arc<PeriodFacts>, AppError> {
    let key = format!(
        "flows:{}:{}:{from}:{to}",
        program_key(),
        material.map(|m| m.to_string()).unwrap_or_default()
    );
    state
        .page_cache
        .get_or_load(&key, state.clock.today(), || async {
            let park = match material {
                Some(id) => {
                    Some(store::flows::park_period(&state.pool, in_park, &[id], from, to).await?)
                }
                None => None,
            };
            let mut computed = Vec::new();
            for (code, measure) in flows::LedgerMeasure::ALL {
                let values =
                    store::flows::computed_values(&state.pool, in_park, code, from, to).await?;
                computed.push((*code, *measure, values));
            }
            Ok(PeriodFacts { park, computed })
        })
        .await
}

async fn scope(
    state: &AppState,
    directory: &Directory,
    material: Option<&str>,
    period: Option<&str>,
) -> Result<Scope, AppError> {
    let materials = directory.materials.clone();
    let chosen = material
        .and_then(|code| materials.iter().find(|m| m.code == code.trim()))
        .or(materials.first())
        .cloned();
    let parsed = period.and_then(|p| parse_period(p.trim()));
    let (period, frequency) = match (parsed, &chosen) {
        (Some(p), _) => p,
        (None, Some(m)) => {
            let latest = directory.latest.get(&m.id).copied();
            let month = latest.unwrap_or_else(|| state.clock.today() - Months::new(1));
            (
                Period::containing(Frequency::Monthly, month),
                Frequency::Monthly,
            )
        }
        (None, None) => (
            Period::containing(Frequency::Monthly, state.clock.today()),
            Frequency::Monthly,
        ),
    };
    Ok(Scope {
        materials,
        material: chosen,
        period,
        frequency,
    })
}

/// What a refused form brings back to the page.
#[derive(Default)]
struct Outcome {
    notice: String,
    problem: String,
    fields: Vec<crate::error::FieldMessage>,
    form: Option<MonthForm>,
    transfer_form: Option<TransferForm>,
}

#[allow(clippy::too_many_lines)]
async fn render(
    state: &AppState,
    layout: Layout,
    user: &CurrentUser,
    query: &FlowsQuery,
    outcome: Outcome,
) -> Result<String, AppError> {
    let reader = reader_of(user)?;
    let t = layout.t;
    let f = &t.flows;
    let locale = layout.locale;
    let today = state.clock.today();
    let directory = directory(state).await?;
    let scope = scope(
        state,
        &directory,
        query.material.as_deref(),
        query.period.as_deref(),
    )
    .await?;
    let names = &directory.names;
    let period_text = scope.period.label(scope.frequency);
    let period_label = format::period(&scope.period, scope.frequency, locale);
    let from = scope.period.start();
    let to = last_month(&scope.period);
    let in_park = directory.park;
    let facts = period_facts(
        state,
        in_park,
        scope.material.as_ref().map(|m| m.id),
        from,
        to,
    )
    .await?;

    let mut page = FlowsPage {
        f,
        materials: scope
            .materials
            .iter()
            .map(|m| Choice {
                value: m.code.clone(),
                label: format!("{} · {}", m.code, locale.text(&m.name)),
                selected: scope.material.as_ref().is_some_and(|c| c.id == m.id),
            })
            .collect(),
        period: period_text.clone(),
        period_label: period_label.clone(),
        material_code: String::new(),
        material_name: String::new(),
        unit: "",
        notice: outcome.notice,
        problem: outcome.problem,
        park_visible: false,
        park_hidden: String::new(),
        diagram_title: String::new(),
        diagram: None,
        flow_rows: Vec::new(),
        summary: Vec::new(),
        computed: Vec::new(),
        organisations: Vec::new(),
        organisations_title: if policy::may_read_organisations_flows(reader) {
            f.by_organisation
        } else {
            f.your_inputs_outputs
        },
        transfers: Vec::new(),
        attention: Vec::new(),
        tenant: matches!(reader, FlowReader::Organisation(_)),
        reviewer: layout.is_manager,
        own_ledger: Vec::new(),
        awaiting_review: Vec::new(),
        approved_months: Vec::new(),
        form: outcome.form.unwrap_or_default(),
        transfer_form: outcome.transfer_form.unwrap_or_default(),
        receivers: Vec::new(),
        uses: IntendedUse::ALL
            .iter()
            .map(|u| Choice {
                value: u.as_str().into(),
                label: use_label(f, *u).into(),
                selected: false,
            })
            .collect(),
        material_table: scope
            .materials
            .iter()
            .map(|m| MaterialRow {
                code: m.code.clone(),
                name: locale.text(&m.name).to_string(),
                unit: unit_symbol(m.unit),
                hazard: hazard_label(f, m.hazard_class),
                indicators: m.indicators.join(", "),
            })
            .collect(),
        field_messages: outcome.fields,
        layout: layout.at(Nav::Flows),
    };

    if let Some(material) = &scope.material {
        let unit = material.unit;
        page.material_code = material.code.clone();
        page.material_name = locale.text(&material.name).to_string();
        page.unit = unit_symbol(unit);
        let Some(park) = facts.park.as_ref() else {
            return Err(AppError::Unexpected(anyhow::anyhow!(
                "the flows of a chosen material were not read"
            )));
        };
        page.park_visible = policy::may_read_park_flows(reader, park.flows.contributors);
        // The bands the reader may see: every organisation's (program readers), the park as
        // one source (an organisation, where enough contribute), or its own only.
        let links: Vec<FlowLink> = if policy::may_read_organisations_flows(reader) {
            park.links.clone()
        } else if page.park_visible {
            flows::park_links(&park.links)
        } else {
            let own = reader.scope();
            park.links
                .iter()
                .filter(|l| matches!(l.from, FlowSource::Organisation(id) if Some(id) == own))
                .copied()
                .collect()
        };
        page.diagram_title = if page.park_visible {
            (f.diagram_title)(&page.material_name, &period_label)
        } else {
            (f.own_diagram_title)(&page.material_name, &period_label)
        };
        if !page.park_visible {
            page.park_hidden = (f.park_hidden)(park.flows.contributors);
        }
        let drawn: Vec<Flow> = links
            .iter()
            .map(|l| {
                let (to, class) = end_label(f, l.to, names);
                Flow {
                    from: source_label(f, l.from, names),
                    to,
                    quantity: l.quantity,
                    label: quantity(l.quantity, unit, locale),
                    class,
                }
            })
            .collect();
        page.flow_rows = drawn
            .iter()
            .map(|d| FlowRow {
                from: d.from.clone(),
                to: d.to.clone(),
                quantity: d.label.clone(),
            })
            .collect();
        page.diagram = sankey::layout(&drawn);
        if page.park_visible {
            let p = &park.flows;
            let q = |v: f64| quantity(v, unit, locale);
            page.summary = vec![
                SummaryRow {
                    label: f.generated,
                    value: q(p.generated),
                },
                SummaryRow {
                    label: f.used_on_site,
                    value: q(p.used_on_site),
                },
                SummaryRow {
                    label: f.reused_by_transfer,
                    value: q(p.reused_by_transfer),
                },
                SummaryRow {
                    label: f.reused_in_park,
                    value: q(p.reused),
                },
                SummaryRow {
                    label: f.share_reused,
                    value: p
                        .share_reused
                        .map(|s| format::percent(s * 100.0, locale))
                        .unwrap_or_else(|| "–".into()),
                },
                SummaryRow {
                    label: f.sent_outside,
                    value: q(p.sent_outside),
                },
                SummaryRow {
                    label: f.disposed,
                    value: q(p.disposed.total()),
                },
                SummaryRow {
                    label: f.active_links,
                    value: p.links.to_string(),
                },
                SummaryRow {
                    label: f.contributors,
                    value: p.contributors.to_string(),
                },
            ];
        }
        page.organisations = park
            .organisations
            .iter()
            .filter(|o| policy::may_read_ledger(reader, o.flows.organisation_id))
            .map(|o| {
                let q = |v: f64| quantity(v, unit, locale);
                OrganisationRow {
                    name: o.name.clone(),
                    opening: q(o.flows.opening),
                    generated: q(o.flows.generated),
                    received: q(o.flows.received),
                    used_on_site: q(o.flows.used_on_site),
                    sent: q(o.flows.sent),
                    disposed: q(o.flows.disposed.total()),
                    closing: q(o.flows.closing),
                }
            })
            .collect();
        page.transfers = store::flows::transfers(
            &state.pool,
            in_park,
            reader.scope(),
            Some(material.id),
            Some(from),
            Some(to),
        )
        .await?
        .iter()
        .filter(|t| policy::may_read_transfer(reader, t.sender_id, t.receiver_id))
        .map(|t| transfer_row(t, f, locale, today, reader))
        .collect();
        if let FlowReader::Organisation(own) = reader {
            let rows = store::flows::ledger(
                &state.pool,
                LedgerFilter {
                    park_id: in_park,
                    organisation_id: Some(own),
                    material_id: Some(material.id),
                    from: Some(today - Months::new(12)),
                    ..LedgerFilter::default()
                },
            )
            .await?;
            if page.form.material.is_empty() {
                let wanted = query.month.as_deref().unwrap_or_default();
                page.form = match rows
                    .iter()
                    .find(|r| format!("{:04}-{:02}", r.month.year(), r.month.month()) == wanted)
                {
                    Some(r)
                        if matches!(
                            r.status,
                            ObservationStatus::Draft | ObservationStatus::Returned
                        ) =>
                    {
                        form_of(r, locale)
                    }
                    _ => MonthForm {
                        material: material.code.clone(),
                        month: if wanted.is_empty() {
                            period_text.clone()
                        } else {
                            wanted.to_string()
                        },
                        ..MonthForm::default()
                    },
                };
            }
            page.own_ledger = rows.iter().map(|r| ledger_line(r, t, locale)).collect();
        }
    }
    page.computed = computed_rows(&facts.computed, reader, f, locale, names);
    page.attention =
        store::flows::transfers(&state.pool, in_park, reader.scope(), None, None, None)
            .await?
            .iter()
            .filter(|t| policy::may_read_transfer(reader, t.sender_id, t.receiver_id))
            .map(|t| transfer_row(t, f, locale, today, reader))
            .filter(|r| !r.flags.is_empty() || r.answerable)
            .collect();
    if page.tenant {
        let own = reader.scope();
        // Any organisation may receive: a transfer may leave the park.
        page.receivers = store::flows::counterparties(&state.pool, None)
            .await?
            .into_iter()
            .filter(|(id, _, _)| Some(*id) != own)
            .map(|(_, code, name)| Choice {
                selected: page.transfer_form.receiver == code,
                value: code,
                label: name,
            })
            .collect();
        if page.transfer_form.material.is_empty() {
            page.transfer_form.material = page.material_code.clone();
            page.transfer_form.month = if scope.frequency == Frequency::Monthly {
                period_text.clone()
            } else {
                String::new()
            };
        }
        for choice in &mut page.uses {
            choice.selected = choice.value == page.transfer_form.intended_use;
        }
    }
    if page.reviewer {
        page.awaiting_review = store::flows::ledger(
            &state.pool,
            LedgerFilter {
                park_id: in_park,
                status: Some(ObservationStatus::Submitted),
                ..LedgerFilter::default()
            },
        )
        .await?
        .iter()
        .map(|r| ledger_line(r, t, locale))
        .collect();
        if let Some(material) = &scope.material {
            page.approved_months = store::flows::ledger(
                &state.pool,
                LedgerFilter {
                    park_id: in_park,
                    status: Some(ObservationStatus::Approved),
                    material_id: Some(material.id),
                    from: Some(from),
                    to: Some(to),
                    ..LedgerFilter::default()
                },
            )
            .await?
            .iter()
            .map(|r| ledger_line(r, t, locale))
            .collect();
        }
    }
    Ok(page.render()?)
}

/// The ledger's computed indicators for the period: the park's figure where the reader may
/// see it, and each organisation's figure it may read.
fn computed_rows(
    computed: &[(&'static str, flows::LedgerMeasure, store::flows::Computed)],
    reader: FlowReader,
    f: &'static FlowStrings,
    locale: Locale,
    names: &HashMap<Uuid, String>,
) -> Vec<ComputedRow> {
    let mut rows = Vec::new();
    for (code, measure, computed) in computed {
        let code = *code;
        let name = match measure {
            flows::LedgerMeasure::SlagUtilisation => f.ce05,
            flows::LedgerMeasure::SymbiosisLinks => f.ce08,
        };
        let park_visible = policy::may_read_park_flows(reader, computed.contributors);
        for value in &computed.values {
            let visible = match value.organisation_id {
                None => park_visible,
                Some(id) => policy::may_read_ledger(reader, id),
            };
            if !visible {
                continue;
            }
            let (figure, basis) = match (value.numerator, value.denominator) {
                (Some(n), Some(d)) => (
                    format::percent(value.value, locale),
                    (f.basis_share)(&format::number(n, 1, locale), &format::number(d, 1, locale)),
                ),
                _ => (
                    format::number(value.value, 0, locale),
                    f.basis_links.to_string(),
                ),
            };
            rows.push(ComputedRow {
                code,
                name,
                organisation: value
                    .organisation_id
                    .map(|id| names.get(&id).cloned().unwrap_or_default())
                    .unwrap_or_else(|| f.park.to_string()),
                value: figure,
                basis,
            });
        }
    }
    rows
}

fn form_of(r: &LedgerRow, locale: Locale) -> MonthForm {
    let w = |v: f64| crate::domain::write_for_input(v, locale.number_convention());
    MonthForm {
        material: r.material.clone(),
        month: format!("{:04}-{:02}", r.month.year(), r.month.month()),
        opening: w(r.opening_declared),
        generated: w(r.generated),
        received: w(r.received),
        used_on_site: w(r.used_on_site),
        sent: w(r.sent),
        disposed_landfill: w(r.disposed_landfill),
        disposed_storage: w(r.disposed_storage),
        disposed_sea: w(r.disposed_sea),
        closing: w(r.closing),
        comment: r.comment.clone(),
        version: r.version.to_string(),
        status: String::new(),
        period: String::new(),
    }
}

async fn page(
    State(state): State<AppState>,
    layout: Layout,
    Extension(user): Extension<CurrentUser>,
    Query(query): Query<FlowsQuery>,
) -> Result<Html<String>, AppError> {
    let notice = match query.done.as_deref() {
        Some(done) => (layout.t.flows.done)(done).to_string(),
        None => String::new(),
    };
    let outcome = Outcome {
        notice,
        ..Outcome::default()
    };
    Ok(Html(render(&state, layout, &user, &query, outcome).await?))
}

/// A number typed in the page's language; empty is `None`. Problems are pushed.
fn typed_number(
    text: &str,
    field: &str,
    locale: Locale,
    problems: &mut Vec<FieldError>,
) -> Option<f64> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    match read_number(text, locale.number_convention()) {
        Ok(Reading::Exact(v)) => Some(v),
        Ok(Reading::Confirm(v)) => {
            problems.push(FieldError::new(
                field,
                InputProblem::Ambiguous {
                    typed: text.to_string(),
                    reading: v,
                },
            ));
            None
        }
        Err(_) => {
            problems.push(FieldError::new(field, InputProblem::NotANumber));
            None
        }
    }
}

fn back_to(material: &str, period: &str, done: &str) -> Redirect {
    let mut url = url::form_urlencoded::Serializer::new(String::new());
    if !material.is_empty() {
        url.append_pair("material", material);
    }
    if !period.is_empty() {
        url.append_pair("period", period);
    }
    url.append_pair("done", done);
    Redirect::to(&format!("/flows?{}", url.finish()))
}

fn reporter_of(user: &CurrentUser) -> Result<Reporter, AppError> {
    let organisation_id = user
        .organisation_id
        .ok_or(AppError::Forbidden(Denied::ReportersOnly))?;
    Ok(Reporter {
        organisation_id,
        actor: Actor::from(user),
    })
}

/// Renders the page again with a refusal: its status, its sentence, the fields' messages and
/// the forms as typed.
async fn refused(
    state: &AppState,
    layout: Layout,
    user: &CurrentUser,
    query: FlowsQuery,
    refusal: Refusal,
    mut outcome: Outcome,
) -> Result<Response, AppError> {
    outcome.problem = refusal.sentence(layout.t);
    outcome.fields = refusal.field_messages(layout.t);
    let html = render(state, layout, user, &query, outcome).await?;
    Ok((refusal.status, Html(html)).into_response())
}

async fn save_month(
    State(state): State<AppState>,
    layout: Layout,
    Extension(user): Extension<CurrentUser>,
    context: AuditOrigin,
    Form(form): Form<MonthForm>,
) -> Result<Response, AppError> {
    let reporter = reporter_of(&user)?;
    let locale = layout.locale;
    let query = FlowsQuery {
        material: Some(form.material.clone()),
        period: Some(form.period.clone()),
        ..FlowsQuery::default()
    };
    let keep = |form: &MonthForm| Outcome {
        form: Some(form.clone()),
        ..Outcome::default()
    };
    let mut problems = Vec::new();
    let mut number = |text: &str, field: &str| typed_number(text, field, locale, &mut problems);
    let input = LedgerInput {
        material: Some(form.material.clone()),
        month: Some(form.month.clone()),
        opening: number(&form.opening, "opening"),
        generated: number(&form.generated, "generated"),
        received: number(&form.received, "received"),
        used_on_site: number(&form.used_on_site, "used_on_site"),
        sent: number(&form.sent, "sent"),
        disposed_landfill: number(&form.disposed_landfill, "disposed_landfill"),
        disposed_storage: number(&form.disposed_storage, "disposed_storage"),
        disposed_sea: number(&form.disposed_sea, "disposed_sea"),
        closing: number(&form.closing, "closing"),
        comment: Some(form.comment.clone()),
        status: Some(form.status.clone()),
        version: form.version.trim().parse().ok(),
    };
    if !problems.is_empty() {
        let outcome = keep(&form);
        return refused(
            &state,
            layout,
            &user,
            query,
            Refusal::invalid(problems),
            outcome,
        )
        .await;
    }
    let mut tx = state.pool.begin().await?;
    match ledger::save_ledger(
        &mut tx,
        &reporter,
        &context,
        state.clock.now(),
        &[input],
        true,
    )
    .await
    {
        Ok(_) => {
            tx.commit().await?;
            Ok(back_to(&form.material, &form.period, "saved").into_response())
        }
        Err(err) => {
            drop(tx);
            let outcome = keep(&form);
            refused(&state, layout, &user, query, Refusal::of(err)?, outcome).await
        }
    }
}

async fn record_transfer(
    State(state): State<AppState>,
    layout: Layout,
    Extension(user): Extension<CurrentUser>,
    context: AuditOrigin,
    Form(form): Form<TransferForm>,
) -> Result<Response, AppError> {
    let reporter = reporter_of(&user)?;
    let query = FlowsQuery {
        material: Some(form.material.clone()),
        period: Some(form.period.clone()),
        ..FlowsQuery::default()
    };
    let keep = |form: &TransferForm| Outcome {
        transfer_form: Some(form.clone()),
        ..Outcome::default()
    };
    let mut problems = Vec::new();
    let quantity = typed_number(&form.quantity, "quantity", layout.locale, &mut problems);
    if !problems.is_empty() {
        let outcome = keep(&form);
        return refused(
            &state,
            layout,
            &user,
            query,
            Refusal::invalid(problems),
            outcome,
        )
        .await;
    }
    let input = TransferInput {
        material: Some(form.material.clone()),
        month: Some(form.month.clone()),
        receiver: Some(form.receiver.clone()),
        quantity,
        intended_use: Some(form.intended_use.clone()),
    };
    let mut tx = state.pool.begin().await?;
    match ledger::record_transfer(&mut tx, &reporter, &context, state.clock.now(), &input).await {
        Ok(_) => {
            tx.commit().await?;
            Ok(back_to(&form.material, &form.period, "recorded").into_response())
        }
        Err(err) => {
            drop(tx);
            let outcome = keep(&form);
            refused(&state, layout, &user, query, Refusal::of(err)?, outcome).await
        }
    }
}

fn transfer_id(raw: &str) -> Result<Uuid, AppError> {
    raw.parse()
        .map_err(|_| AppError::NotFound(crate::domain::Missing::Page))
}

async fn answer(
    (state, layout, user, context, id, form): AnswerRequest,
    confirm: bool,
) -> Result<Response, AppError> {
    let reporter = reporter_of(&user)?;
    let id = transfer_id(&id)?;
    let query = FlowsQuery {
        material: Some(form.material.clone()),
        period: Some(form.period.clone()),
        ..FlowsQuery::default()
    };
    let mut problems = Vec::new();
    let answer = if confirm {
        let received = typed_number(
            &form.received_quantity,
            "received_quantity",
            layout.locale,
            &mut problems,
        );
        TransferAnswer::Confirm { received }
    } else {
        TransferAnswer::Dispute {
            note: Some(form.note.clone()),
        }
    };
    if !problems.is_empty() {
        return refused(
            &state,
            layout,
            &user,
            query,
            Refusal::invalid(problems),
            Outcome::default(),
        )
        .await;
    }
    let version = form.version.trim().parse().ok();
    let mut tx = state.pool.begin().await?;
    let result = ledger::answer_transfer(
        &mut tx,
        &reporter,
        &context,
        state.clock.now(),
        (id, version),
        &answer,
    )
    .await;
    // A confirmation counts in CE-05 and CE-08: a published figure it changes is restated.
    if let Ok(t) = &result
        && t.state == TransferState::Confirmed
    {
        restate(&state, &user, &context, &mut tx, t.material_id, t.month).await?;
    }
    finish(
        state,
        layout,
        user,
        query,
        tx,
        result.map(|_| ()),
        if confirm { "confirmed" } else { "disputed" },
    )
    .await
}

async fn finish(
    state: AppState,
    layout: Layout,
    user: CurrentUser,
    query: FlowsQuery,
    tx: sqlx::Transaction<'_, sqlx::Postgres>,
    result: Result<(), ReportingError>,
    done: &str,
) -> Result<Response, AppError> {
    match result {
        Ok(()) => {
            tx.commit().await?;
            Ok(back_to(
                query.material.as_deref().unwrap_or_default(),
                query.period.as_deref().unwrap_or_default(),
                done,
            )
            .into_response())
        }
        Err(err) => {
            drop(tx);
            let refusal = Refusal::of(err)?;
            refused(&state, layout, &user, query, refusal, Outcome::default()).await
        }
    }
}

async fn decide(
    (state, layout, user, context, id, form): AnswerRequest,
    decision: LedgerDecision,
) -> Result<Response, AppError> {
    let id = transfer_id(&id)?;
    let reviewer = Reviewer {
        actor: Actor::from(&user),
        organisation_id: user.organisation_id,
    };
    let query = FlowsQuery {
        material: Some(form.material.clone()),
        period: Some(form.period.clone()),
        ..FlowsQuery::default()
    };
    // Another program's ledger month is not found from this one.
    if let Some(park) = directory(&state).await?.park
        && !store::flows::ledger_in_park(&state.pool, id, park).await?
    {
        return Err(AppError::NotFound(crate::domain::Missing::Page));
    }
    let version = form.version.trim().parse().ok();
    let note = Some(form.note.as_str());
    let mut tx = state.pool.begin().await?;
    let result = ledger::review_month(
        &mut tx,
        &reviewer,
        &context,
        state.clock.now(),
        (id, version),
        decision,
        note,
    )
    .await;
    // An approval or a reopening that changes a published CE-05 or CE-08 figure: its
    // restatement commits with the review.
    if let Ok(month) = &result
        && decision != LedgerDecision::Return
    {
        restate(
            &state,
            &user,
            &context,
            &mut tx,
            month.material_id,
            month.month,
        )
        .await?;
    }
    let done = match decision {
        LedgerDecision::Approve => "approved",
        LedgerDecision::Return => "returned",
        LedgerDecision::Reopen => "reopened",
    };
    finish(state, layout, user, query, tx, result.map(|_| ()), done).await
}

/// The restatements of published periods a change of the material's ledger in `month` makes
/// (`workflow::publication::restate_after_ledger_review`), in the write's transaction.
async fn restate(
    state: &AppState,
    user: &CurrentUser,
    context: &AuditOrigin,
    tx: &mut sqlx::PgConnection,
    material_id: Uuid,
    month: NaiveDate,
) -> Result<(), AppError> {
    let actor = Actor::from(user);
    let publisher = Publisher {
        signer: &state.log_signer,
        actor: &actor,
        context,
        now: state.clock.now(),
    };
    publication::restate_after_ledger_review(&state.pool, tx, &publisher, material_id, month)
        .await?;
    Ok(())
}
