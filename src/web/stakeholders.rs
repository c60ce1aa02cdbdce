//! `/stakeholders`: the organisations around the program, filterable by kind and pillar,
//! [`PAGE_SIZE`](super::pager::PAGE_SIZE) a page (`&page=2`);
//! `/stakeholders/{code}`: one organisation's roles, assigned indicators and reporting record,
//! and for reviewers its latest reports, each linked to its review page.
//!
//! Tenant users read the directory and each organisation's public part (name, kind,
//! description, website, roles, milestones); the contact, the assigned indicators and the
//! reporting record of an organisation other than their own are not shown to them.
//!
//! Reads, kept in the page cache until the data changes: directory — the program's facts, how
//! many organisations match the filter (counted in the database) and the page's organisations
//! alone (two queries whatever the number of tenants), and each page's content rendered once
//! per language; organisation — the program and the
//! organisation at once, then four at once (roles, assignments, expected reports, milestones).

use std::collections::BTreeMap;
use std::sync::Arc;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Html;
use axum::routing::get;
use axum::{Extension, Router};
use serde::Deserialize;

use super::facts;
use super::format;
use super::layout::{Layout, Nav};
use super::overview::{MilestoneLine, milestone_line};
use super::pager::{self, Pager};
use super::view;
use crate::auth::CurrentUser;
use crate::cache::Scope as CacheScope;
use crate::domain::Role;
use crate::domain::compliance::{self, Compliance, ComplianceSummary};
use crate::domain::kinds::{OrganisationKind, ProgramRole};
use crate::domain::period::Period;
use crate::error::AppError;
use crate::i18n::Strings;
use crate::state::AppState;
use crate::store;
use crate::store::compliance::ExpectedReport;
use crate::store::compliance::Scope;
use crate::store::milestones::Milestone;
use crate::store::program::Pillar;
use crate::store::stakeholders::{
    AssignedIndicator, LatestReport, Organisation, Role as ProgramRoleRow, Stakeholder,
};
use chrono::NaiveDate;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/stakeholders", get(directory))
        .route("/stakeholders/{code}", get(organisation))
}

/// `?kind=tenant&pillar=CE`; an empty or unknown value means "all". `&page=2`: the second
/// page of the matching organisations (read leniently, see [`pager::requested_page`]).
#[derive(Debug, Deserialize)]
struct DirectoryQuery {
    kind: Option<String>,
    pillar: Option<String>,
    page: Option<String>,
}

#[derive(Template)]
#[template(path = "stakeholders.html")]
struct DirectoryPage {
    t: &'static Strings,
    layout: Layout,
    /// The content (`templates/stakeholders_body.html`): the same for every reader of a
    /// language, filter and page until the data changes or the day turns, so rendered once
    /// and kept.
    body: Arc<String>,
}

#[derive(Template)]
#[template(path = "stakeholders_body.html")]
struct DirectoryBody {
    t: &'static Strings,
    kinds: Vec<Choice>,
    pillars: Vec<Choice>,
    filtered: bool,
    count: String,
    rows: Vec<StakeholderRow>,
    pager: Pager,
    empty: &'static str,
}

struct Choice {
    value: String,
    label: String,
    selected: bool,
}

struct StakeholderRow {
    code: String,
    name: String,
    short_name: String,
    demo: bool,
    kind: &'static str,
    roles: String,
    pillars: String,
    route: String,
}

fn pillar_codes_in_order(codes: &[String], pillars: &[Pillar]) -> Vec<String> {
    let mut known: Vec<String> = pillars
        .iter()
        .filter(|p| codes.contains(&p.code))
        .map(|p| p.code.clone())
        .collect();
    // Pillars of another program (or archived) keep their code, at the end.
    let others: Vec<String> = codes
        .iter()
        .filter(|c| !known.contains(c))
        .cloned()
        .collect();
    known.extend(others);
    known
}

fn role_list(roles: &[ProgramRole], t: &Strings) -> String {
    ProgramRole::ALL
        .iter()
        .filter(|r| roles.contains(r))
        .map(|r| t.program_role(*r))
        .collect::<Vec<_>>()
        .join(", ")
}

async fn directory(
    State(state): State<AppState>,
    layout: Layout,
    Query(query): Query<DirectoryQuery>,
) -> Result<Html<String>, AppError> {
    let facts = facts::program_facts(&state).await?;
    let program_id = facts.as_ref().as_ref().map(|f| f.program.id);
    let kind: Option<OrganisationKind> = query.kind.as_deref().and_then(|k| k.parse().ok());
    let pillars: &[Pillar] = facts.as_ref().as_ref().map_or(&[], |f| &f.pillars);
    // The filters and the page as understood (an unknown value filters nothing, a page out of
    // range shows the nearest), so that the kept bodies are as many as the pages there are.
    let pillar = query
        .pillar
        .as_deref()
        .filter(|code| pillars.iter().any(|p| p.code == *code));
    // Kept per filter: how many organisations match, counted in the database; and each page's
    // content, rendered once per language from that page's rows alone (LIMIT/OFFSET in the
    // directory's order), so a miss reads the page shown, not every organisation. Both are
    // structure (organisations, their roles and pillars; no report): a report approved or
    // submitted keeps them.
    let today = state.clock.today();
    let filter_key = format!("stakeholders:{program_id:?}:{kind:?}:{pillar:?}");
    let total = directory_count(&state, &filter_key, program_id, kind, pillar).await?;
    let requested = pager::requested_page(query.page.as_deref());
    let page_number = Pager::page_for(*total, requested);
    let (t, locale) = (layout.t, layout.locale);
    let body = state
        .page_cache
        .get_or_load_in(
            &format!(
                "stakeholders-page:{filter_key}:{page_number}:{}",
                locale.tag()
            ),
            CacheScope::Structure,
            today,
            || async {
                // Read again inside: an entry must not be made of facts older than its own
                // generation (a change between the two reads would keep it stale).
                let facts = facts::program_facts(&state).await?;
                let pillars: &[Pillar] = facts.as_ref().as_ref().map_or(&[], |f| &f.pillars);
                let total = directory_count(&state, &filter_key, program_id, kind, pillar).await?;
                let filter = DirectoryFilter { kind, pillar };
                let pager = filter.pager(*total, requested, t);
                let organisations = store::stakeholders::directory_page(
                    &state.pool,
                    program_id,
                    kind,
                    pillar,
                    pager.start,
                    pager.end - pager.start,
                )
                .await?;
                Ok(
                    directory_body(&organisations, *total, pager, pillars, filter, locale, t)
                        .render()?,
                )
            },
        )
        .await?;
    let page = DirectoryPage {
        layout: layout.at(Nav::Stakeholders),
        body,
        t,
    };
    Ok(Html(view::render_around(&page, page.body.len())?))
}

/// How many organisations one filter matches, kept as structure: counted in the database.
async fn directory_count(
    state: &AppState,
    filter_key: &str,
    program_id: Option<uuid::Uuid>,
    kind: Option<OrganisationKind>,
    pillar: Option<&str>,
) -> Result<Arc<usize>, AppError> {
    let pool = &state.pool;
    state
        .page_cache
        .get_or_load_in(
            filter_key,
            CacheScope::Structure,
            state.clock.today(),
            || async {
                Ok(store::stakeholders::directory_count(pool, program_id, kind, pillar).await?)
            },
        )
        .await
}

/// The directory's filters as understood (an unknown value filters nothing).
#[derive(Clone, Copy)]
struct DirectoryFilter<'a> {
    kind: Option<OrganisationKind>,
    pillar: Option<&'a str>,
}

impl DirectoryFilter<'_> {
    /// The pager over `total` organisations; the links to other pages keep the filters as
    /// understood (an unknown value filtered nothing, so it is dropped).
    fn pager(self, total: usize, requested: Option<usize>, t: &'static Strings) -> Pager {
        Pager::new(total, requested, t, |n| {
            pager::page_href(
                "/stakeholders",
                &[
                    ("kind", self.kind.map_or("", OrganisationKind::as_str)),
                    ("pillar", self.pillar.unwrap_or("")),
                ],
                n,
            )
        })
    }
}

/// The directory's content for one filter and page: `organisations` are the page's rows.
fn directory_body(
    organisations: &[Stakeholder],
    total: usize,
    pager: Pager,
    pillars: &[Pillar],
    filter: DirectoryFilter<'_>,
    locale: crate::i18n::Locale,
    t: &'static Strings,
) -> DirectoryBody {
    let DirectoryFilter { kind, pillar } = filter;
    let filtered = kind.is_some() || pillar.is_some();
    DirectoryBody {
        kinds: OrganisationKind::ALL
            .iter()
            .map(|k| Choice {
                value: k.as_str().to_string(),
                label: t.organisation_kind(*k).to_string(),
                selected: Some(*k) == kind,
            })
            .collect(),
        pillars: pillars
            .iter()
            .map(|p| Choice {
                value: p.code.clone(),
                label: format!("{} {}", p.code, locale.text(&p.name)),
                selected: Some(p.code.as_str()) == pillar,
            })
            .collect(),
        count: (t.organisations_shown)(total),
        rows: organisations
            .iter()
            .map(|o| StakeholderRow {
                code: o.code.clone(),
                name: o.name.clone(),
                short_name: o.short_name.clone(),
                demo: o.is_demo,
                kind: t.organisation_kind(o.kind),
                roles: role_list(&o.roles, t),
                pillars: pillar_codes_in_order(&o.pillar_codes, pillars).join(" "),
                route: o
                    .process_route
                    .map(|r| t.process_route(r).to_string())
                    .unwrap_or_default(),
            })
            .collect(),
        empty: if filtered {
            t.no_stakeholders_match
        } else {
            t.no_stakeholders
        },
        filtered,
        pager,
        t,
    }
}

#[derive(Template)]
#[template(path = "stakeholder.html")]
struct OrganisationPage {
    t: &'static Strings,
    layout: Layout,
    code: String,
    name: String,
    short_name: String,
    demo: bool,
    kind: &'static str,
    route: Option<&'static str>,
    park: Option<String>,
    description: String,
    website: Option<String>,
    contact: Option<String>,
    roles: Vec<RoleLine>,
    /// Whether the reader may see the assigned indicators and the reporting record (not a
    /// tenant user reading another organisation).
    shows_record: bool,
    /// Whether the assigned indicators link to their pillar (dashboard readers).
    links_pillars: bool,
    indicators: Vec<AssignedLine>,
    record: Option<Record>,
    milestones: Vec<MilestoneLine>,
    /// For reviewers: the latest reports, each to its review page.
    latest: Option<Vec<LatestLine>>,
}

struct LatestLine {
    href: String,
    indicator: String,
    name: String,
    period: String,
    state_class: &'static str,
    state_label: &'static str,
}

struct RoleLine {
    role: &'static str,
    note: String,
    pillars: String,
}

struct AssignedLine {
    code: String,
    name: String,
    pillar_code: String,
    frequency: &'static str,
    since: String,
    expected: usize,
    late: usize,
    missing: usize,
    returned: usize,
}

struct Record {
    on_time_share: String,
    on_time_percent: u32,
    expected: usize,
    late: usize,
    missing: usize,
    returned: usize,
}

/// What an organisation's page reads, kept until the data changes; `None`: no such
/// organisation.
type MaybeOrganisation = Option<OrganisationFacts>;

struct OrganisationFacts {
    organisation: Organisation,
    roles: Vec<ProgramRoleRow>,
    assigned: Vec<AssignedIndicator>,
    expected: Vec<ExpectedReport>,
    milestones: Vec<Milestone>,
    latest: Vec<LatestReport>,
}

/// The latest reports an organisation's page links to.
const LATEST_REPORTS: i64 = 20;

async fn organisation_facts(
    state: &AppState,
    code: &str,
    today: NaiveDate,
) -> Result<MaybeOrganisation, AppError> {
    let pool = &state.pool;
    let program = crate::auth::program::current()?;
    let organisation = store::stakeholders::organisation(pool, code).await?;
    let Some(organisation) = organisation else {
        return Ok(None);
    };
    // Another program's organisation is not found here (rights are per program).
    if let Some(program) = &program
        && !store::stakeholders::in_program(pool, program.id, organisation.id).await?
    {
        return Ok(None);
    }
    let (roles, assigned, expected, milestones, latest) = match &program {
        Some(program) => {
            let periods = view::all_closed_periods(program, today);
            tokio::try_join!(
                store::stakeholders::roles(pool, program.id, organisation.id),
                store::stakeholders::assigned_indicators(pool, program.id, organisation.id),
                store::compliance::expected_reports(
                    pool,
                    program.id,
                    Scope::Organisation(organisation.id),
                    &periods
                ),
                store::milestones::milestones(pool, program.id),
                store::stakeholders::latest_reports(
                    pool,
                    program.id,
                    organisation.id,
                    LATEST_REPORTS
                ),
            )?
        }
        None => Default::default(),
    };
    Ok(Some(OrganisationFacts {
        organisation,
        roles,
        assigned,
        expected,
        milestones,
        latest,
    }))
}

async fn organisation(
    State(state): State<AppState>,
    layout: Layout,
    user: Option<Extension<CurrentUser>>,
    Path(code): Path<String>,
) -> Result<Html<String>, AppError> {
    let Some(Extension(user)) = user else {
        return Err(AppError::Forbidden(crate::domain::Denied::SignIn));
    };
    let today = state.clock.today();
    let facts = state
        .page_cache
        .get_or_load(
            &format!("stakeholder:{}:{code}", facts::program_key()?),
            today,
            || organisation_facts(&state, &code, today),
        )
        .await?;
    let Some(OrganisationFacts {
        organisation,
        roles,
        assigned,
        expected,
        milestones,
        latest,
    }) = facts.as_ref()
    else {
        return Err(AppError::NotFound(crate::domain::Missing::Organisation(
            code.to_string(),
        )));
    };
    let tenant = user.role == Role::Tenant;
    let reviews = layout.is_manager;
    let shows_record = !tenant || user.organisation_id == Some(organisation.id);
    let (t, locale) = (layout.t, layout.locale);
    let items = view::compliance_items(expected, today);
    let mut per_indicator: BTreeMap<&str, Vec<Compliance>> = BTreeMap::new();
    for (report, item) in &items {
        per_indicator
            .entry(report.indicator_code.as_str())
            .or_default()
            .push(*item);
    }
    let summary = compliance::summarise(items.iter().map(|(_, c)| c));
    let page = OrganisationPage {
        layout: layout.at(Nav::Stakeholders),
        kind: t.organisation_kind(organisation.kind),
        route: organisation.process_route.map(|r| t.process_route(r)),
        description: locale.text(&organisation.description).to_string(),
        contact: match (&organisation.contact_name, &organisation.contact_email) {
            _ if !shows_record => None,
            (Some(name), Some(email)) => Some(format!("{name} <{email}>")),
            (Some(one), None) | (None, Some(one)) => Some(one.clone()),
            (None, None) => None,
        },
        roles: roles
            .iter()
            .map(|r| RoleLine {
                role: t.program_role(r.role),
                note: locale.text(&r.note).to_string(),
                pillars: r.pillar_codes.join(" "),
            })
            .collect(),
        indicators: assigned
            .iter()
            .filter(|_| shows_record)
            .map(|a| {
                let s: ComplianceSummary = per_indicator
                    .get(a.code.as_str())
                    .map(compliance::summarise)
                    .unwrap_or_default();
                AssignedLine {
                    code: a.code.clone(),
                    name: locale.text(&a.name).to_string(),
                    pillar_code: a.pillar_code.clone(),
                    frequency: t.frequency(a.frequency),
                    since: (t.reports_from)(&format::date(a.starts_on, locale)),
                    expected: s.expected,
                    late: s.late,
                    missing: s.missing,
                    returned: s.returned,
                }
            })
            .collect(),
        record: summary
            .on_time_share()
            .filter(|_| shows_record)
            .map(|share| Record {
                on_time_share: format::percent(share, locale),
                on_time_percent: (share * 100.0).round() as u32,
                expected: summary.expected,
                late: summary.late,
                missing: summary.missing,
                returned: summary.returned,
            }),
        milestones: milestones
            .iter()
            .filter(|m| m.owner_code.as_deref() == Some(organisation.code.as_str()))
            .map(|m| milestone_line(m, today, locale, t))
            .collect(),
        latest: reviews.then(|| {
            latest
                .iter()
                .map(|r| {
                    let state = compliance::ReportState::from(r.status);
                    LatestLine {
                        href: format!("/review/{}", r.id),
                        indicator: r.indicator_code.clone(),
                        name: locale.text(&r.name).to_string(),
                        period: format::period(
                            &Period::containing(r.frequency, r.period_start),
                            r.frequency,
                            locale,
                        ),
                        state_class: state.as_str(),
                        state_label: t.report_state(state),
                    }
                })
                .collect()
        }),
        shows_record,
        links_pillars: !tenant,
        code: organisation.code.clone(),
        name: organisation.name.clone(),
        short_name: organisation.short_name.clone(),
        demo: organisation.is_demo,
        park: organisation.park_name.clone(),
        website: organisation.website.clone(),
        t,
    };
    Ok(Html(page.render()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pillar_codes_follow_the_program_order() {
        let pillar = |code: &str| Pillar {
            id: uuid::Uuid::nil(),
            code: code.into(),
            name: Default::default(),
            description: Default::default(),
        };
        let pillars = [pillar("CE"), pillar("SK"), pillar("CM"), pillar("SC")];
        let codes = ["SC".to_string(), "CE".to_string(), "XX".to_string()];
        assert_eq!(pillar_codes_in_order(&codes, &pillars), ["CE", "SC", "XX"]);
    }

    #[test]
    fn roles_are_listed_in_a_fixed_order() {
        let t = crate::i18n::Locale::En.strings();
        assert_eq!(
            role_list(&[ProgramRole::Lead, ProgramRole::Signatory], t),
            "Signatory, Lead"
        );
    }
}
