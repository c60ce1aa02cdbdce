//! `/ghg`: the park's greenhouse-gas inventory for a year or a quarter — by scope, source and
//! gas, a stacked chart by month and source (server-side SVG), the reconciliation that counts
//! captive power once, intensity by process route against the published ranges, the
//! inventories and factor versions used, and one organisation's lines traced to their
//! activity rows (any organisation for dashboard readers, its own for a tenant user).
//! `/ghg/activity` a tenant's activity data (form, submit); `/ghg/review` the managers'
//! decisions; `/ghg/compute` a recomputation; `/ghg/factors` the factor sets, and
//! `/ghg/factors/new` an admin's new version. The rules are `domain::ghg` and
//! `workflow::ghg`'s; this module reads, renders and hands forms over.

use std::collections::{BTreeMap, HashMap};

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Form, Router};
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use uuid::Uuid;

use super::format::{self, Locale, fixed};
use super::layout::Layout;
use super::refusal::Refusal;
use super::review_context::reviewer;
use crate::auth::CurrentUser;
use crate::domain::ghg::{Emission, Inventory, sanity_range};
use crate::domain::kinds::{
    ActivityKind, Carbonate, EmissionSource, EnergyCarrier, Frequency, Fuel, FuelUnit, Gas,
    ObservationStatus, Role, Scope,
};
use crate::domain::period::Period;
use crate::domain::report_period::ReportPeriod;
use crate::domain::{Actor, AuditOrigin, FieldError, InputProblem, Missing, privacy};
use crate::error::AppError;
use crate::i18n::GhgStrings;
use crate::state::AppState;
use crate::store;
use crate::store::ghg::{EmissionLine, InventoryRecord, ParkOrganisation};
use crate::workflow::ghg::{self as flow, ActivityInput, Decision, Reporter};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/ghg", get(inventory_page))
        .route("/ghg/compute", post(compute))
        .route("/ghg/activity", get(activity_page).post(save_activity))
        .route("/ghg/activity/{id}/submit", post(submit_activity))
        .route("/ghg/review", get(review_page))
        .route("/ghg/review/{id}", post(decide))
        .route("/ghg/factors", get(factors_page))
        .route("/ghg/factors/new", post(add_factor_version))
}

async fn park_id(state: &AppState) -> Result<(Uuid, crate::store::program::Program), AppError> {
    let program = crate::auth::program::current()?.ok_or(AppError::NotFound(Missing::Program))?;
    let id = store::ghg::park_id(&state.pool, &program.park_code)
        .await?
        .ok_or(AppError::NotFound(Missing::Program))?;
    Ok((id, program))
}

fn t_co2e(value: f64, locale: Locale) -> String {
    format::number(value, 0, locale)
}

// ---------------------------------------------------------------------------------------
// The inventory page

#[derive(Deserialize, Default)]
struct InventoryQuery {
    period: Option<String>,
    org: Option<String>,
    recomputed: Option<String>,
}

struct Figure {
    label: &'static str,
    value: String,
    note: &'static str,
}

struct BreakdownRow {
    scope: &'static str,
    source: &'static str,
    /// (gas, t CO2e) in `Gas::ALL` order.
    gases: Vec<(&'static str, String)>,
    total: String,
    not_added: bool,
}

struct ReconRow {
    code: String,
    name: String,
    scope1: String,
    grid: String,
    captive: String,
    reported: String,
}

struct RouteRow {
    route: &'static str,
    organisations: usize,
    t_co2e: String,
    nickel: String,
    intensity: String,
    range: String,
    within: Option<bool>,
}

struct InventoryRow {
    quarter: String,
    factor_set: String,
    gwp: String,
    computed: String,
    computed_by: String,
    reason: String,
    rows: i32,
    park_total: String,
    current: bool,
    gaps: Vec<String>,
}

struct LineRow {
    month: String,
    scope: &'static str,
    source: &'static str,
    gas: &'static str,
    activity: String,
    quantity: String,
    tier: String,
    supplier: String,
    t_co2e: String,
    factor_set: String,
}

struct Bar {
    x: String,
    label: String,
    segments: Vec<Segment>,
}

struct Segment {
    class: &'static str,
    y: String,
    height: String,
    title: String,
}

struct Chart {
    bars: Vec<Bar>,
    ticks: Vec<(String, String)>,
    bar_width: String,
    legend: Vec<(&'static str, &'static str)>,
}

struct Choice {
    value: String,
    label: String,
    selected: bool,
}

#[derive(Template)]
#[template(path = "ghg.html")]
struct InventoryPage {
    layout: Layout,
    g: &'static GhgStrings,
    title: String,
    period_label: String,
    periods: Vec<Choice>,
    notice: &'static str,
    /// Park figures are shown (dashboard readers; a tenant where ≥ 3 organisations count).
    park_shown: bool,
    /// Park details (breakdown by source, reconciliation, other organisations): readers only.
    details_shown: bool,
    has_inventory: bool,
    figures: Vec<Figure>,
    chart: Option<Chart>,
    chart_aria: String,
    gas_labels: Vec<&'static str>,
    breakdown: Vec<BreakdownRow>,
    recon: Vec<ReconRow>,
    recon_sum: String,
    recon_twice: String,
    recon_total: String,
    routes: Vec<RouteRow>,
    park_intensity: String,
    target: String,
    inventories: Vec<InventoryRow>,
    organisations: Vec<Choice>,
    lines_title: &'static str,
    lines: Vec<LineRow>,
    lines_shown: bool,
    may_recompute: bool,
    quarters: Vec<Choice>,
    factor_sets: Vec<Choice>,
    gwp_sets: Vec<Choice>,
}

/// Rebuilds a domain inventory from stored lines (the page reads what was computed, never
/// computes afresh).
fn stored_inventory(lines: &[EmissionLine], nickel: &[(Uuid, f64)]) -> Inventory {
    let mut inventory = Inventory::default();
    for l in lines {
        let (Ok(scope), Ok(source), Ok(gas)) = (
            l.scope.parse::<Scope>(),
            l.source.parse::<EmissionSource>(),
            l.gas.parse::<Gas>(),
        ) else {
            continue;
        };
        inventory.emissions.push(Emission {
            activity_id: l.activity_id,
            organisation: l.organisation_id,
            month: l.month,
            scope,
            source,
            gas,
            tonnes: l.tonnes,
            t_co2e: l.t_co2e,
            tier: l.tier.as_deref().and_then(|t| t.parse().ok()),
            supplier: None,
        });
    }
    for (org, t) in nickel {
        inventory.nickel_t.insert(*org, *t);
    }
    inventory
}

fn chart(inventory: &Inventory, locale: Locale, g: &GhgStrings) -> Option<Chart> {
    let by_month = inventory.park_by_month_and_source();
    if by_month.is_empty() {
        return None;
    }
    let max = by_month
        .values()
        .map(|s| s.values().sum::<f64>())
        .fold(0.0_f64, f64::max);
    if max <= 0.0 {
        return None;
    }
    let (ticks, decimals) = super::charts::nice_ticks(0.0, max, 4);
    let top = ticks.last().copied().unwrap_or(max).max(max);
    let (plot_top, plot_bottom, left, right) = (10.0, 190.0, 70.0, 590.0);
    let y = super::charts::LinearScale::new((0.0, top), (plot_bottom, plot_top));
    let slot = (right - left) / by_month.len() as f64;
    let bar_width = (slot * 0.6).min(60.0);
    let order = [
        EmissionSource::Combustion,
        EmissionSource::ProcessCarbon,
        EmissionSource::Carbonates,
        EmissionSource::GridEnergy,
    ];
    let bars = by_month
        .iter()
        .enumerate()
        .map(|(i, (month, sources))| {
            let mut base = 0.0;
            let segments = order
                .iter()
                .filter_map(|s| {
                    let v = *sources.get(s)?;
                    let (y0, y1) = (y.at(base), y.at(base + v));
                    base += v;
                    Some(Segment {
                        class: s.as_str(),
                        y: fixed(y1, 1),
                        height: fixed((y0 - y1).max(0.5), 1),
                        title: format!(
                            "{} · {}: {} t CO2e",
                            format::month(*month, locale),
                            g.source(*s),
                            t_co2e(v, locale)
                        ),
                    })
                })
                .collect();
            Bar {
                x: fixed(left + slot * i as f64 + (slot - bar_width) / 2.0, 1),
                label: format::month(*month, locale),
                segments,
            }
        })
        .collect();
    Some(Chart {
        bars,
        ticks: ticks
            .iter()
            .map(|t| (fixed(y.at(*t), 1), format::number(*t, decimals, locale)))
            .collect(),
        bar_width: fixed(bar_width, 1),
        legend: order.iter().map(|s| (s.as_str(), g.source(*s))).collect(),
    })
}

fn gap_text(gap: &serde_json::Value, g: &GhgStrings, codes: &HashMap<Uuid, String>) -> String {
    let id = gap["activity_id"].as_str().unwrap_or_default();
    let short = id.get(..8).unwrap_or(id);
    if gap["gap"] == "plant_without_deliveries" {
        let plant = gap["plant"]
            .as_str()
            .and_then(|p| p.parse::<Uuid>().ok())
            .and_then(|p| codes.get(&p).cloned())
            .unwrap_or_default();
        (g.gap_plant)(short, &plant)
    } else {
        (g.gap_no_factor)(short)
    }
}

fn activity_label(l: &EmissionLine, g: &GhgStrings) -> String {
    let kind = l
        .activity_kind
        .parse::<ActivityKind>()
        .map(|k| g.activity_kind(k))
        .unwrap_or_default();
    match l.fuel.as_deref().and_then(|f| f.parse::<Fuel>().ok()) {
        Some(fuel) => format!("{kind}: {}", g.fuel(fuel)),
        None => kind.to_string(),
    }
}

fn unit_of(kind: &str, unit: Option<&str>, g: &GhgStrings) -> &'static str {
    match (kind, unit) {
        ("fuel_use", Some("l")) => g.litres,
        ("energy_purchase" | "energy_delivery", _) => "MWh",
        ("process_carbon", _) => "t C",
        _ => g.tonnes,
    }
}

#[allow(clippy::too_many_lines)]
async fn inventory_page(
    State(state): State<AppState>,
    layout: Layout,
    Extension(user): Extension<CurrentUser>,
    Query(query): Query<InventoryQuery>,
) -> Result<Html<String>, AppError> {
    let (park_id, program) = park_id(&state).await?;
    let (g, locale) = (&layout.t.ghg, layout.locale);
    let today = state.clock.today();
    let own = (user.role == Role::Tenant)
        .then_some(user.organisation_id)
        .flatten();
    let is_tenant = user.role == Role::Tenant;
    // The period: as asked, else the latest quarter with an inventory, else this year.
    let all =
        store::ghg::current_inventories(&state.pool, park_id, program.starts_on, program.ends_on)
            .await?;
    let label = query
        .period
        .clone()
        .filter(|p| !p.trim().is_empty())
        .unwrap_or_else(|| {
            all.last()
                .map(|i| {
                    Period::containing(Frequency::Quarterly, i.period_start)
                        .label(Frequency::Quarterly)
                })
                .unwrap_or_else(|| today.year().to_string())
        });
    let period = ReportPeriod::parse(&label, program.starts_on, program.ends_on)
        .map_err(|_| AppError::NotFound(Missing::Period(label.clone())))?
        .period();
    let inventories: Vec<&InventoryRecord> = all
        .iter()
        .filter(|i| i.period_start >= period.start() && i.period_end <= period.end())
        .collect();
    let ids: Vec<Uuid> = inventories.iter().map(|i| i.id).collect();
    let mut conn = state.pool.acquire().await?;
    let organisations = store::ghg::park_organisations(&mut conn, park_id).await?;
    drop(conn);
    let codes: HashMap<Uuid, String> = organisations
        .iter()
        .map(|o| (o.id, o.code.clone()))
        .collect();
    let lines = store::ghg::emission_lines(&state.pool, &ids, None).await?;
    let nickel = store::ghg::inventory_nickel(&state.pool, &ids).await?;
    let inventory = stored_inventory(&lines, &nickel);
    let park = inventory.park_total();
    let contributing = inventories
        .iter()
        .map(|i| i.organisations)
        .max()
        .unwrap_or(0);
    let details_shown = !is_tenant;
    let park_shown = !is_tenant
        || privacy::park_figure_visible_to_tenant(usize::try_from(contributing).unwrap_or(0));
    let routes = store::ghg::routes(&organisations)?;
    let intensities = inventory.intensity(&routes);

    let mut figures = vec![
        Figure {
            label: g.park_total,
            value: t_co2e(park.total, locale),
            note: g.park_total_explained,
        },
        Figure {
            label: g.scope1,
            value: t_co2e(park.scope1, locale),
            note: "",
        },
        Figure {
            label: g.scope2_grid,
            value: t_co2e(park.scope2_grid, locale),
            note: "",
        },
        Figure {
            label: g.nickel,
            value: format::number(intensities.park_nickel_t, 0, locale),
            note: "",
        },
    ];
    if let Some(i) = intensities.park_per_t_ni() {
        figures.push(Figure {
            label: g.intensity,
            value: format::number(i, 1, locale),
            note: "",
        });
    }

    let breakdown_map = inventory.breakdown(None);
    let mut keys: Vec<(Scope, EmissionSource)> =
        breakdown_map.keys().map(|(s, src, _)| (*s, *src)).collect();
    keys.dedup();
    let breakdown = keys
        .iter()
        .map(|(scope, source)| {
            let of = |gas| {
                breakdown_map
                    .get(&(*scope, *source, gas))
                    .copied()
                    .unwrap_or(0.0)
            };
            BreakdownRow {
                scope: g.scope(*scope),
                source: g.source(*source),
                gases: Gas::ALL
                    .iter()
                    .map(|gas| (g.gas(*gas), t_co2e(of(*gas), locale)))
                    .collect(),
                total: t_co2e(Gas::ALL.iter().map(|gas| of(*gas)).sum(), locale),
                not_added: *source == EmissionSource::CaptiveEnergy,
            }
        })
        .collect();

    let names: HashMap<Uuid, &ParkOrganisation> = organisations.iter().map(|o| (o.id, o)).collect();
    let recon = inventory
        .organisation_totals()
        .iter()
        .map(|(org, t)| ReconRow {
            code: names.get(org).map(|o| o.code.clone()).unwrap_or_default(),
            name: names.get(org).map(|o| o.name.clone()).unwrap_or_default(),
            scope1: t_co2e(t.scope1, locale),
            grid: t_co2e(t.scope2_grid, locale),
            captive: t_co2e(t.scope2_captive, locale),
            reported: t_co2e(t.reported(), locale),
        })
        .collect();

    let mut route_rows: Vec<RouteRow> = intensities
        .routes
        .iter()
        .filter(|r| r.nickel_t > 0.0)
        .map(|r| {
            let per = r.per_t_ni();
            let range = sanity_range(r.route);
            RouteRow {
                route: layout.t.process_route(r.route),
                organisations: r.organisations,
                t_co2e: t_co2e(r.t_co2e, locale),
                nickel: format::number(r.nickel_t, 0, locale),
                intensity: per
                    .map(|v| format::number(v, 1, locale))
                    .unwrap_or_default(),
                range: range
                    .map(|s| {
                        format!(
                            "{}–{} [{}]",
                            format::number(s.low, 0, locale),
                            format::number(s.high, 0, locale),
                            s.source
                        )
                    })
                    .unwrap_or_default(),
                within: range.zip(per).map(|(s, v)| (s.low..=s.high).contains(&v)),
            }
        })
        .collect();
    // A route with a single producer would show that producer's figures: readers only.
    if is_tenant {
        route_rows.clear();
    }
    let targets = store::ghg::intensity_target(&state.pool, program.id, period.year()).await?;

    let quarters_labels: BTreeMap<NaiveDate, String> = all
        .iter()
        .map(|i| {
            (
                i.period_start,
                Period::containing(Frequency::Quarterly, i.period_start)
                    .label(Frequency::Quarterly),
            )
        })
        .collect();
    let history = if is_tenant {
        Vec::new()
    } else {
        store::ghg::inventory_history(&state.pool, park_id, period.start(), period.end()).await?
    };
    let inventory_rows = if is_tenant {
        inventories.iter().map(|i| (*i).clone()).collect::<Vec<_>>()
    } else {
        history
    }
    .iter()
    .map(|i| InventoryRow {
        quarter: Period::containing(Frequency::Quarterly, i.period_start)
            .label(Frequency::Quarterly),
        factor_set: format!("{} v{}", i.factor_set, i.factor_set_version),
        gwp: i.gwp_set.clone(),
        computed: format::date(i.computed_at.date_naive(), locale),
        computed_by: if is_tenant {
            String::new()
        } else {
            i.computed_by.clone()
        },
        reason: i.reason.clone(),
        rows: i.activity_rows,
        park_total: if park_shown {
            t_co2e(i.park_total_t, locale)
        } else {
            String::new()
        },
        current: i.superseded_at.is_none(),
        gaps: if is_tenant {
            Vec::new()
        } else {
            i.gaps
                .as_array()
                .map(|a| a.iter().map(|gap| gap_text(gap, g, &codes)).collect())
                .unwrap_or_default()
        },
    })
    .collect();

    // One organisation's lines: a tenant's own; a reader's choice.
    let chosen: Option<Uuid> = match own {
        Some(org) => Some(org),
        None if is_tenant => None,
        None => query
            .org
            .as_deref()
            .and_then(|c| organisations.iter().find(|o| o.code == c))
            .map(|o| o.id),
    };
    let set_of: HashMap<Uuid, String> = inventories
        .iter()
        .map(|i| {
            (
                i.id,
                format!("{} v{} · {}", i.factor_set, i.factor_set_version, i.gwp_set),
            )
        })
        .collect();
    let line_rows = match chosen {
        None => Vec::new(),
        Some(org) => lines
            .iter()
            .filter(|l| l.organisation_id == org)
            .map(|l| LineRow {
                month: format::month(l.month, locale),
                scope: l.scope.parse().map(|s| g.scope(s)).unwrap_or_default(),
                source: l.source.parse().map(|s| g.source(s)).unwrap_or_default(),
                gas: l.gas.parse().map(|s| g.gas(s)).unwrap_or_default(),
                activity: activity_label(l, g),
                quantity: format!(
                    "{} {}",
                    format::number(l.quantity, 1, locale),
                    unit_of(&l.activity_kind, l.unit.as_deref(), g)
                ),
                tier: match (l.tier.as_deref(), l.ncv_gj_per_t) {
                    (Some("tier_2"), Some(ncv)) => {
                        format!("2 · {} GJ/t", format::number(ncv, 2, locale))
                    }
                    (Some("tier_2"), None) => "2".into(),
                    (Some(_), _) => "1".into(),
                    (None, _) => String::new(),
                },
                supplier: l.supplier.clone().unwrap_or_default(),
                t_co2e: format::number(l.t_co2e, 2, locale),
                factor_set: set_of.get(&l.inventory_id).cloned().unwrap_or_default(),
            })
            .collect(),
    };

    let may_recompute = matches!(user.role, Role::Manager | Role::Admin);
    let (factor_sets, gwp_sets) = if may_recompute {
        (
            store::ghg::factor_sets(&state.pool).await?,
            store::ghg::gwp_sets(&state.pool).await?,
        )
    } else {
        (Vec::new(), Vec::new())
    };
    let current_gwp = inventories.first().map(|i| i.gwp_set.clone());
    let mut period_choices: Vec<Choice> = Vec::new();
    let mut year = program.starts_on.year();
    while year <= program.ends_on.year() {
        period_choices.push(Choice {
            value: year.to_string(),
            label: year.to_string(),
            selected: label == year.to_string(),
        });
        for q in 1..=4 {
            let v = format!("{year}-Q{q}");
            period_choices.push(Choice {
                selected: label == v,
                label: v.clone(),
                value: v,
            });
        }
        year += 1;
    }
    let quarter_choices: Vec<Choice> = Period::containing(Frequency::Quarterly, period.start())
        .label(Frequency::Quarterly)
        .pipe(|first| {
            let mut out = Vec::new();
            let mut q = Period::containing(Frequency::Quarterly, period.start());
            while q.end() <= period.end() && q.start() <= today {
                let v = q.label(Frequency::Quarterly);
                out.push(Choice {
                    selected: v == first,
                    label: v.clone(),
                    value: v,
                });
                q = q.next(Frequency::Quarterly);
            }
            out
        });
    let _ = quarters_labels;
    let page = InventoryPage {
        title: (g.title_for)(&label),
        period_label: label.clone(),
        periods: period_choices,
        notice: if query.recomputed.is_some() {
            g.recomputed_notice
        } else {
            ""
        },
        park_shown,
        details_shown,
        has_inventory: !inventories.is_empty(),
        figures,
        chart: if park_shown {
            chart(&inventory, locale, g)
        } else {
            None
        },
        chart_aria: (g.chart_aria)(&label),
        gas_labels: Gas::ALL.iter().map(|gas| g.gas(*gas)).collect(),
        breakdown,
        recon,
        recon_sum: t_co2e(park.reported_sum, locale),
        recon_twice: t_co2e(park.counted_twice, locale),
        recon_total: t_co2e(park.total, locale),
        routes: route_rows,
        park_intensity: intensities
            .park_per_t_ni()
            .map(|v| format::number(v, 1, locale))
            .unwrap_or_default(),
        target: targets
            .map(|v| format::number(v, 1, locale))
            .unwrap_or_default(),
        inventories: inventory_rows,
        organisations: if is_tenant {
            Vec::new()
        } else {
            organisations
                .iter()
                .filter(|o| o.process_route.is_some())
                .map(|o| Choice {
                    value: o.code.clone(),
                    label: format!("{} {}", o.code, o.name),
                    selected: Some(o.id) == chosen,
                })
                .collect()
        },
        lines_title: if is_tenant {
            g.own_inventory
        } else {
            g.tenant_inventory
        },
        lines_shown: chosen.is_some(),
        lines: line_rows,
        may_recompute,
        quarters: quarter_choices,
        factor_sets: factor_sets
            .iter()
            .enumerate()
            .map(|(i, s)| Choice {
                value: s.id.to_string(),
                label: format!("{} v{}", s.name, s.version),
                selected: i == 0,
            })
            .collect(),
        gwp_sets: gwp_sets
            .iter()
            .map(|s| Choice {
                selected: Some(s) == current_gwp.as_ref()
                    || (current_gwp.is_none() && s == flow::DEFAULT_GWP),
                label: s.clone(),
                value: s.clone(),
            })
            .collect(),
        g,
        layout: layout.at(super::layout::Nav::Ghg),
    };
    Ok(Html(page.render()?))
}

trait Pipe: Sized {
    fn pipe<T>(self, f: impl FnOnce(Self) -> T) -> T {
        f(self)
    }
}
impl Pipe for String {}

#[derive(Deserialize)]
struct ComputeForm {
    #[serde(default)]
    quarter: String,
    #[serde(default)]
    factor_set: String,
    #[serde(default)]
    gwp: String,
    #[serde(default)]
    reason: String,
}

async fn compute(
    State(state): State<AppState>,
    layout: Layout,
    Extension(user): Extension<CurrentUser>,
    origin: AuditOrigin,
    Form(form): Form<ComputeForm>,
) -> Result<Response, AppError> {
    let (park_id, program) = park_id(&state).await?;
    let quarter = ReportPeriod::parse(form.quarter.trim(), program.starts_on, program.ends_on)
        .ok()
        .map(|p| p.period())
        .filter(|p| p.frequency_of() == Some(Frequency::Quarterly));
    let factor_set = form.factor_set.trim().parse::<Uuid>().ok();
    let reason = form.reason.trim();
    let mut problems = Vec::new();
    if quarter.is_none() {
        problems.push(FieldError::new("quarter", InputProblem::NotAChoice));
    }
    if factor_set.is_none() {
        problems.push(FieldError::new("factor_set", InputProblem::NotAChoice));
    }
    if reason.is_empty() {
        problems.push(FieldError::new("reason", InputProblem::Required));
    }
    let refused = |problems: Vec<FieldError>| -> Response {
        let sentence = Refusal::invalid(problems).sentence(layout.t);
        (StatusCode::UNPROCESSABLE_ENTITY, sentence).into_response()
    };
    let (Some(quarter), Some(factor_set)) = (quarter, factor_set) else {
        return Ok(refused(problems));
    };
    if !problems.is_empty() {
        return Ok(refused(problems));
    }
    let mut tx = state.pool.begin().await?;
    let done = flow::compute_inventory(
        &mut tx,
        &Actor::from(&user),
        &origin,
        state.clock.now(),
        park_id,
        quarter,
        Some(factor_set),
        Some(form.gwp.trim()).filter(|g| !g.is_empty()),
        reason,
    )
    .await;
    match done {
        Ok(_) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!(
                "/ghg?period={}&recomputed=1",
                quarter.label(Frequency::Quarterly)
            ))
            .into_response())
        }
        Err(e) => {
            let refusal = Refusal::of(e)?;
            Ok(refused(refusal.fields))
        }
    }
}

// ---------------------------------------------------------------------------------------
// Activity data

#[derive(Deserialize, Default)]
struct ActivityQuery {
    year: Option<i32>,
    edit: Option<Uuid>,
    saved: Option<String>,
}

/// The form's fields as typed: numbers are read in the page's language.
#[derive(Deserialize, Default, Clone)]
struct ActivityForm {
    #[serde(default)]
    id: String,
    #[serde(default)]
    version: String,
    #[serde(default)]
    month: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    quantity: String,
    #[serde(default)]
    fuel: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    ncv: String,
    #[serde(default)]
    carbon_out: String,
    #[serde(default)]
    carbonate: String,
    #[serde(default)]
    carrier: String,
    #[serde(default)]
    counterparty: String,
    #[serde(default)]
    comment: String,
    #[serde(default)]
    action: String,
}

fn read(
    problems: &mut Vec<FieldError>,
    field: &'static str,
    text: &str,
    locale: Locale,
) -> Option<f64> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    match crate::domain::read_number(text, locale.number_convention()) {
        Ok(crate::domain::Reading::Exact(v)) => Some(v),
        Ok(crate::domain::Reading::Confirm(v)) => {
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

impl ActivityForm {
    /// The workflow's input, and what could not be read.
    fn input(&self, locale: Locale) -> (ActivityInput, Vec<FieldError>) {
        let mut problems = Vec::new();
        let some = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
        let month = match self.month.trim() {
            "" => None,
            m => match NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d") {
                Ok(d) => Some(d),
                Err(_) => {
                    problems.push(FieldError::new("month", InputProblem::Unreadable(None)));
                    None
                }
            },
        };
        let kind = some(&self.kind);
        let is = |k: ActivityKind| kind.as_deref() == Some(k.as_str());
        let fuel_use = is(ActivityKind::FuelUse);
        let energy = is(ActivityKind::EnergyPurchase) || is(ActivityKind::EnergyDelivery);
        let input = ActivityInput {
            month,
            quantity: read(&mut problems, "quantity", &self.quantity, locale),
            fuel: some(&self.fuel).filter(|_| fuel_use),
            unit: some(&self.unit).filter(|_| fuel_use),
            ncv: read(&mut problems, "ncv", &self.ncv, locale).filter(|_| fuel_use),
            carbon_out: read(&mut problems, "carbon_out", &self.carbon_out, locale)
                .filter(|_| is(ActivityKind::ProcessCarbon)),
            carbonate: some(&self.carbonate).filter(|_| is(ActivityKind::Carbonate)),
            carrier: some(&self.carrier).filter(|_| energy),
            counterparty: some(&self.counterparty).filter(|_| energy),
            comment: some(&self.comment),
            status: Some(
                if self.action == "submit" {
                    "submitted"
                } else {
                    "draft"
                }
                .into(),
            ),
            kind,
        };
        (input, problems)
    }
}

struct ActivityRow {
    id: Uuid,
    version: i32,
    month: String,
    kind: String,
    detail: String,
    quantity: String,
    status_class: String,
    status: &'static str,
    review_note: String,
    editable: bool,
}

#[derive(Template)]
#[template(path = "ghg_activity.html")]
struct ActivityPage {
    layout: Layout,
    g: &'static GhgStrings,
    organisation: String,
    year: i32,
    years: Vec<i32>,
    rows: Vec<ActivityRow>,
    form: ActivityForm,
    editing: bool,
    kinds: Vec<Choice>,
    fuels: Vec<Choice>,
    units: Vec<Choice>,
    carbonates: Vec<Choice>,
    carriers: Vec<Choice>,
    counterparties: Vec<Choice>,
    problem: String,
    field_messages: Vec<(String, String)>,
    notice: &'static str,
}

impl ActivityPage {
    fn message_for(&self, field: &str) -> String {
        self.field_messages
            .iter()
            .filter(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn choices<T: Copy + PartialEq>(
    all: &[T],
    value: impl Fn(T) -> &'static str,
    label: impl Fn(T) -> &'static str,
    selected: &str,
) -> Vec<Choice> {
    all.iter()
        .map(|v| Choice {
            value: value(*v).to_string(),
            label: label(*v).to_string(),
            selected: value(*v) == selected,
        })
        .collect()
}

fn describe(r: &store::ghg::ActivityRecord, g: &GhgStrings) -> String {
    let mut parts = Vec::new();
    if let Some(f) = r.fuel.as_deref().and_then(|f| f.parse::<Fuel>().ok()) {
        parts.push(g.fuel(f).to_string());
    }
    if let Some(ncv) = r.ncv_gj_per_t {
        parts.push(format!("NCV {ncv} GJ/t"));
    }
    if let Some(c) = r
        .carbonate
        .as_deref()
        .and_then(|c| c.parse::<Carbonate>().ok())
    {
        parts.push(g.carbonate(c).to_string());
    }
    if let Some(c) = r
        .carrier
        .as_deref()
        .and_then(|c| c.parse::<EnergyCarrier>().ok())
    {
        parts.push(g.carrier(c).to_string());
    }
    if let Some(out) = r.carbon_out_t {
        parts.push(format!("{}: {out}", g.carbon_out));
    }
    if r.kind == "energy_purchase" || r.kind == "energy_delivery" {
        parts.push(r.counterparty.clone().unwrap_or_else(|| g.grid.to_string()));
    }
    parts.join(" · ")
}

#[allow(clippy::too_many_arguments)]
async fn render_activity(
    state: &AppState,
    layout: Layout,
    organisation_id: Uuid,
    year: i32,
    form: ActivityForm,
    editing: bool,
    refusal: Option<Refusal>,
    notice: &'static str,
) -> Result<String, AppError> {
    let (park_id, program) = park_id(state).await?;
    let g = &layout.t.ghg;
    let from = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(program.starts_on);
    let to = NaiveDate::from_ymd_opt(year, 12, 1).unwrap_or(program.ends_on);
    let records =
        store::ghg::activity_records(&state.pool, Some(organisation_id), None, from, to).await?;
    let mut conn = state.pool.acquire().await?;
    let park = store::ghg::park_organisations(&mut conn, park_id).await?;
    let organisation = park
        .iter()
        .find(|o| o.id == organisation_id)
        .map(|o| o.name.clone())
        .unwrap_or_default();
    let rows = records
        .iter()
        .map(|r| {
            let status: ObservationStatus = r.status.parse().unwrap_or(ObservationStatus::Draft);
            ActivityRow {
                id: r.id,
                version: r.version,
                month: format::month(r.month, layout.locale),
                kind: r
                    .kind
                    .parse::<ActivityKind>()
                    .map(|k| g.activity_kind(k))
                    .unwrap_or_default()
                    .to_string(),
                detail: describe(r, g),
                quantity: format!(
                    "{} {}",
                    format::number(r.quantity, 1, layout.locale),
                    unit_of(&r.kind, r.unit.as_deref(), g)
                ),
                status_class: r.status.clone(),
                status: layout.t.observation_status(status),
                review_note: r.review_note.clone().unwrap_or_default(),
                editable: matches!(
                    status,
                    ObservationStatus::Draft | ObservationStatus::Returned
                ),
            }
        })
        .collect();
    let (problem, field_messages) = match &refusal {
        None => (String::new(), Vec::new()),
        Some(r) => (
            r.reason(layout.t),
            r.fields
                .iter()
                .map(|e| (e.field.clone().unwrap_or_default(), layout.t.field_error(e)))
                .collect(),
        ),
    };
    let mut counterparties = vec![Choice {
        value: String::new(),
        label: g.grid.to_string(),
        selected: form.counterparty.is_empty(),
    }];
    counterparties.extend(
        park.iter()
            .filter(|o| o.id != organisation_id && o.process_route.is_some())
            .map(|o| Choice {
                value: o.code.clone(),
                label: format!("{} {}", o.code, o.name),
                selected: form.counterparty == o.code,
            }),
    );
    let first = program.starts_on.year();
    let last = program.ends_on.year().min(state.clock.today().year());
    Ok(ActivityPage {
        organisation,
        year,
        years: (first..=last).collect(),
        rows,
        kinds: choices(
            ActivityKind::ALL,
            ActivityKind::as_str,
            |k| g.activity_kind(k),
            &form.kind,
        ),
        fuels: choices(Fuel::ALL, Fuel::as_str, |f| g.fuel(f), &form.fuel),
        units: vec![
            Choice {
                value: FuelUnit::Tonnes.as_str().into(),
                label: g.tonnes.into(),
                selected: form.unit != "l",
            },
            Choice {
                value: FuelUnit::Litres.as_str().into(),
                label: g.litres.into(),
                selected: form.unit == "l",
            },
        ],
        carbonates: choices(
            Carbonate::ALL,
            Carbonate::as_str,
            |c| g.carbonate(c),
            &form.carbonate,
        ),
        carriers: choices(
            EnergyCarrier::ALL,
            EnergyCarrier::as_str,
            |c| g.carrier(c),
            &form.carrier,
        ),
        counterparties,
        editing,
        form,
        problem,
        field_messages,
        notice,
        g,
        layout,
    }
    .render()?)
}

fn tenant_of(user: &CurrentUser, layout: &Layout) -> Result<Uuid, AppError> {
    let _ = layout;
    user.organisation_id
        .ok_or(AppError::Forbidden(crate::domain::Denied::ReportersOnly))
}

async fn activity_page(
    State(state): State<AppState>,
    layout: Layout,
    Extension(user): Extension<CurrentUser>,
    Query(query): Query<ActivityQuery>,
) -> Result<Html<String>, AppError> {
    let organisation_id = tenant_of(&user, &layout)?;
    let today = state.clock.today();
    let year = query.year.unwrap_or(today.year());
    let mut form = ActivityForm {
        month: today
            .with_day(1)
            .and_then(|d| d.checked_sub_months(chrono::Months::new(1)))
            .map(|d| d.format("%Y-%m").to_string())
            .unwrap_or_default(),
        ..ActivityForm::default()
    };
    let mut editing = false;
    if let Some(id) = query.edit {
        let records = store::ghg::activity_records(
            &state.pool,
            Some(organisation_id),
            None,
            NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default(),
            NaiveDate::from_ymd_opt(2100, 12, 31).unwrap_or_default(),
        )
        .await?;
        let r = records
            .into_iter()
            .find(|r| r.id == id)
            .ok_or(AppError::NotFound(Missing::Observation))?;
        let n = |v: Option<f64>| {
            v.map(|v| {
                crate::i18n::validation::written_number(
                    v,
                    '\u{0}',
                    if layout.locale == Locale::Id {
                        ','
                    } else {
                        '.'
                    },
                )
                .replace('\u{0}', "")
            })
            .unwrap_or_default()
        };
        form = ActivityForm {
            id: r.id.to_string(),
            version: r.version.to_string(),
            month: r.month.format("%Y-%m").to_string(),
            kind: r.kind.clone(),
            quantity: n(Some(r.quantity)),
            fuel: r.fuel.clone().unwrap_or_default(),
            unit: r.unit.clone().unwrap_or_default(),
            ncv: n(r.ncv_gj_per_t),
            carbon_out: n(r.carbon_out_t),
            carbonate: r.carbonate.clone().unwrap_or_default(),
            carrier: r.carrier.clone().unwrap_or_default(),
            counterparty: r.counterparty.clone().unwrap_or_default(),
            comment: r.comment.clone(),
            action: String::new(),
        };
        editing = true;
    }
    let notice = if query.saved.is_some() {
        layout.t.ghg.saved_notice
    } else {
        ""
    };
    Ok(Html(
        render_activity(
            &state,
            layout,
            organisation_id,
            year,
            form,
            editing,
            None,
            notice,
        )
        .await?,
    ))
}

async fn save_activity(
    State(state): State<AppState>,
    layout: Layout,
    Extension(user): Extension<CurrentUser>,
    origin: AuditOrigin,
    Form(form): Form<ActivityForm>,
) -> Result<Response, AppError> {
    let organisation_id = tenant_of(&user, &layout)?;
    let (park_id, _) = park_id(&state).await?;
    let today = state.clock.today();
    let (input, mut problems) = form.input(layout.locale);
    let existing = match (form.id.trim(), form.version.trim()) {
        ("", _) => None,
        (id, version) => match (id.parse::<Uuid>(), version.parse::<i32>()) {
            (Ok(id), Ok(v)) => Some((id, v)),
            _ => {
                problems.push(FieldError::new("version", InputProblem::Unreadable(None)));
                None
            }
        },
    };
    let year = input.month.map_or(today.year(), |m| m.year());
    let editing = existing.is_some();
    if !problems.is_empty() {
        let html = render_activity(
            &state,
            layout,
            organisation_id,
            year,
            form,
            editing,
            Some(Refusal::invalid(problems)),
            "",
        )
        .await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response());
    }
    let reporter = Reporter {
        organisation_id,
        actor: Actor::from(&user),
    };
    let mut tx = state.pool.begin().await?;
    match flow::save_activity(
        &mut tx,
        &reporter,
        &origin,
        state.clock.now(),
        today,
        park_id,
        existing,
        &input,
    )
    .await
    {
        Ok(saved) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!(
                "/ghg/activity?year={}&saved=1",
                saved.month.year()
            ))
            .into_response())
        }
        Err(e) => {
            drop(tx);
            let refusal = Refusal::of(e)?;
            let status = refusal.status;
            let html = render_activity(
                &state,
                layout,
                organisation_id,
                year,
                form,
                editing,
                Some(refusal),
                "",
            )
            .await?;
            Ok((status, Html(html)).into_response())
        }
    }
}

#[derive(Deserialize)]
struct VersionForm {
    #[serde(default)]
    version: String,
    #[serde(default)]
    decision: String,
    #[serde(default)]
    note: String,
}

async fn submit_activity(
    State(state): State<AppState>,
    layout: Layout,
    Extension(user): Extension<CurrentUser>,
    origin: AuditOrigin,
    Path(id): Path<Uuid>,
    Form(form): Form<VersionForm>,
) -> Result<Response, AppError> {
    let organisation_id = tenant_of(&user, &layout)?;
    let version = form.version.trim().parse::<i32>().unwrap_or(0);
    let reporter = Reporter {
        organisation_id,
        actor: Actor::from(&user),
    };
    let mut tx = state.pool.begin().await?;
    match flow::submit_activity(&mut tx, &reporter, &origin, state.clock.now(), id, version).await {
        Ok(r) => {
            tx.commit().await?;
            Ok(
                Redirect::to(&format!("/ghg/activity?year={}&saved=1", r.month.year()))
                    .into_response(),
            )
        }
        Err(e) => {
            drop(tx);
            let refusal = Refusal::of(e)?;
            let status = refusal.status;
            let year = state.clock.today().year();
            let html = render_activity(
                &state,
                layout,
                organisation_id,
                year,
                ActivityForm::default(),
                false,
                Some(refusal),
                "",
            )
            .await?;
            Ok((status, Html(html)).into_response())
        }
    }
}

// ---------------------------------------------------------------------------------------
// Review

struct ReviewRow {
    id: Uuid,
    version: i32,
    organisation: String,
    month: String,
    kind: String,
    detail: String,
    quantity: String,
    comment: String,
}

#[derive(Template)]
#[template(path = "ghg_review.html")]
struct ReviewPage {
    layout: Layout,
    g: &'static GhgStrings,
    rows: Vec<ReviewRow>,
    problem: String,
    notice: &'static str,
}

#[derive(Deserialize, Default)]
struct ReviewQuery {
    done: Option<String>,
}

async fn render_review(
    state: &AppState,
    layout: Layout,
    problem: String,
    notice: &'static str,
) -> Result<String, AppError> {
    let g = &layout.t.ghg;
    let rows = store::ghg::submitted_activity(&state.pool)
        .await?
        .iter()
        .map(|r| ReviewRow {
            id: r.id,
            version: r.version,
            organisation: r.organisation.clone(),
            month: format::month(r.month, layout.locale),
            kind: r
                .kind
                .parse::<ActivityKind>()
                .map(|k| g.activity_kind(k))
                .unwrap_or_default()
                .to_string(),
            detail: describe(r, g),
            quantity: format!(
                "{} {}",
                format::number(r.quantity, 1, layout.locale),
                unit_of(&r.kind, r.unit.as_deref(), g)
            ),
            comment: r.comment.clone(),
        })
        .collect();
    Ok(ReviewPage {
        g,
        rows,
        problem,
        notice,
        layout,
    }
    .render()?)
}

async fn review_page(
    State(state): State<AppState>,
    layout: Layout,
    Query(query): Query<ReviewQuery>,
) -> Result<Html<String>, AppError> {
    let notice = if query.done.is_some() {
        layout.t.ghg.decided_notice
    } else {
        ""
    };
    Ok(Html(
        render_review(&state, layout, String::new(), notice).await?,
    ))
}

async fn decide(
    State(state): State<AppState>,
    layout: Layout,
    Extension(user): Extension<CurrentUser>,
    origin: AuditOrigin,
    Path(id): Path<Uuid>,
    Form(form): Form<VersionForm>,
) -> Result<Response, AppError> {
    let decision = match form.decision.as_str() {
        "approve" => Decision::Approve,
        _ => Decision::Return,
    };
    let version = form.version.trim().parse::<i32>().unwrap_or(0);
    let mut tx = state.pool.begin().await?;
    match flow::decide_activity(
        &mut tx,
        &reviewer(&user),
        &origin,
        state.clock.now(),
        id,
        version,
        decision,
        Some(form.note.as_str()),
    )
    .await
    {
        Ok(_) => {
            tx.commit().await?;
            Ok(Redirect::to("/ghg/review?done=1").into_response())
        }
        Err(e) => {
            drop(tx);
            let refusal = Refusal::of(e)?;
            let status = refusal.status;
            let sentence = refusal.sentence(layout.t);
            let html = render_review(&state, layout, sentence, "").await?;
            Ok((status, Html(html)).into_response())
        }
    }
}

// ---------------------------------------------------------------------------------------
// Factor sets

struct FactorSetView {
    id: Uuid,
    name: String,
    version: i32,
    source: String,
    valid: String,
    reason: String,
    created: String,
    fuels: Vec<(String, String, String, String, String)>,
    grid: Vec<(i16, String, String)>,
}

#[derive(Template)]
#[template(path = "ghg_factors.html")]
struct FactorsPage {
    layout: Layout,
    g: &'static GhgStrings,
    sets: Vec<FactorSetView>,
    may_add: bool,
    problem: String,
    notice: &'static str,
}

#[derive(Deserialize, Default)]
struct FactorsQuery {
    added: Option<String>,
}

async fn render_factors(
    state: &AppState,
    layout: Layout,
    may_add: bool,
    problem: String,
    notice: &'static str,
) -> Result<String, AppError> {
    let g = &layout.t.ghg;
    let locale = layout.locale;
    let sets = store::ghg::factor_sets(&state.pool).await?;
    let ids: Vec<Uuid> = sets.iter().map(|s| s.id).collect();
    let fuels = store::ghg::fuel_factors_of(&state.pool, &ids).await?;
    let grids = store::ghg::grid_factors_of(&state.pool, &ids).await?;
    let views = sets
        .iter()
        .map(|s| FactorSetView {
            id: s.id,
            name: s.name.clone(),
            version: s.version,
            source: s.source.clone(),
            valid: match s.valid_to {
                Some(to) => format!(
                    "{} – {}",
                    format::date(s.valid_from, locale),
                    format::date(to, locale)
                ),
                None => format!("{} –", format::date(s.valid_from, locale)),
            },
            reason: s.reason.clone(),
            created: format!(
                "{} · {}",
                format::date(s.created_at.date_naive(), locale),
                s.created_by
            ),
            fuels: fuels
                .iter()
                .filter(|(id, _)| *id == s.id)
                .map(|(_, f)| {
                    (
                        g.fuel(f.fuel).to_string(),
                        format::number(f.ncv_gj_per_t, 1, locale),
                        format::number(f.co2_kg_per_tj, 0, locale),
                        format::number(f.ch4_kg_per_tj, 1, locale),
                        format::number(f.n2o_kg_per_tj, 1, locale),
                    )
                })
                .collect(),
            grid: grids
                .iter()
                .filter(|(id, _, _, _)| *id == s.id)
                .map(|(_, y, v, src)| (*y, format::number(*v, 3, locale), src.clone()))
                .collect(),
        })
        .collect();
    Ok(FactorsPage {
        g,
        sets: views,
        may_add,
        problem,
        notice,
        layout,
    }
    .render()?)
}

async fn factors_page(
    State(state): State<AppState>,
    layout: Layout,
    Extension(user): Extension<CurrentUser>,
    Query(query): Query<FactorsQuery>,
) -> Result<Html<String>, AppError> {
    let notice = if query.added.is_some() {
        layout.t.ghg.version_added_notice
    } else {
        ""
    };
    Ok(Html(
        render_factors(
            &state,
            layout,
            user.role == Role::Admin,
            String::new(),
            notice,
        )
        .await?,
    ))
}

#[derive(Deserialize)]
struct NewVersionForm {
    #[serde(default)]
    base: String,
    #[serde(default)]
    year: String,
    #[serde(default)]
    grid: String,
    #[serde(default)]
    source: String,
    #[serde(default)]
    reason: String,
}

async fn add_factor_version(
    State(state): State<AppState>,
    layout: Layout,
    Extension(user): Extension<CurrentUser>,
    origin: AuditOrigin,
    Form(form): Form<NewVersionForm>,
) -> Result<Response, AppError> {
    let mut problems = Vec::new();
    let base = form.base.trim().parse::<Uuid>().ok();
    if base.is_none() {
        problems.push(FieldError::new("base", InputProblem::NotAChoice));
    }
    let year = form
        .year
        .trim()
        .parse::<i16>()
        .ok()
        .filter(|y| (2000..=2100).contains(y));
    if year.is_none() {
        problems.push(FieldError::new("year", InputProblem::NotAChoice));
    }
    let grid = read(&mut problems, "grid", &form.grid, layout.locale);
    if grid.is_none() && form.grid.trim().is_empty() {
        problems.push(FieldError::new("grid", InputProblem::Required));
    }
    let refuse = |state: AppState, layout: Layout, problems: Vec<FieldError>| async move {
        let sentence = Refusal::invalid(problems).sentence(layout.t);
        let html = render_factors(&state, layout, true, sentence, "").await?;
        Ok::<Response, AppError>((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
    };
    let (Some(base), Some(year), Some(grid)) = (base, year, grid) else {
        return refuse(state, layout, problems).await;
    };
    if !problems.is_empty() {
        return refuse(state, layout, problems).await;
    }
    let mut tx = state.pool.begin().await?;
    match flow::add_factor_version(
        &mut tx,
        &Actor::from(&user),
        &origin,
        state.clock.now(),
        base,
        &form.source,
        &form.reason,
        &[(year, grid)],
        &[],
    )
    .await
    {
        Ok(_) => {
            tx.commit().await?;
            Ok(Redirect::to("/ghg/factors?added=1").into_response())
        }
        Err(e) => {
            drop(tx);
            let refusal = Refusal::of(e)?;
            refuse(state, layout, refusal.fields).await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chart_stacks_the_park_sources_and_leaves_captive_power_out() {
        let jan = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let line = |source, t| Emission {
            activity_id: Uuid::nil(),
            organisation: Uuid::nil(),
            month: jan,
            scope: Scope::Scope1,
            source,
            gas: Gas::Co2,
            tonnes: t,
            t_co2e: t,
            tier: None,
            supplier: None,
        };
        let inventory = Inventory {
            emissions: vec![
                line(EmissionSource::Combustion, 300.0),
                line(EmissionSource::ProcessCarbon, 100.0),
                line(EmissionSource::CaptiveEnergy, 250.0),
            ],
            ..Inventory::default()
        };
        let chart = chart(&inventory, Locale::En, &crate::i18n::EN.ghg).unwrap();
        assert_eq!(chart.bars.len(), 1);
        let classes: Vec<_> = chart.bars[0].segments.iter().map(|s| s.class).collect();
        assert_eq!(classes, ["combustion", "process_carbon"]);
    }
}
