//! `/timeline`: the program's milestones as a Gantt chart grouped by pillar, with a today
//! marker, status colours and owners, and the same milestones as a list that reads well on a
//! phone; filters by pillar and status.
//!
//! Reads the program's facts (its pillars and milestones among them), kept in the page cache
//! until the data changes; the content of each filter and language is rendered once and kept
//! with them, the frame (who reads) per request.

use std::sync::Arc;

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::Html;
use axum::routing::get;
use chrono::{Datelike, Days, NaiveDate};
use serde::Deserialize;

use super::charts::DateScale;
use super::facts::{self, ProgramFacts};
use super::format::{self, Locale, fixed};
use super::layout::{Layout, Nav};
use super::overview::empty_page;
use super::view;
use crate::domain::kinds::MilestoneStatus;
use crate::domain::milestones;
use crate::error::AppError;
use crate::i18n::Strings;
use crate::state::AppState;
use crate::store::milestones::Milestone;
use crate::store::program::{Pillar, Program};

pub fn router() -> Router<AppState> {
    Router::new().route("/timeline", get(timeline))
}

/// The `pillar` filter value for milestones that belong to no pillar.
const PROGRAM_WIDE: &str = "program";

/// `?pillar=CE&status=late`; an empty or unknown value means "all".
#[derive(Debug, Deserialize)]
struct TimelineQuery {
    pillar: Option<String>,
    status: Option<String>,
}

#[derive(Template)]
#[template(path = "timeline.html")]
struct TimelinePage {
    t: &'static Strings,
    layout: Layout,
    /// The content (`templates/timeline_body.html`): the same for every reader of a language
    /// and filter until the data changes or the day turns, so rendered once and kept.
    body: Arc<String>,
}

#[derive(Template)]
#[template(path = "timeline_body.html")]
struct TimelineBody {
    t: &'static Strings,
    pillars: Vec<Choice>,
    program_wide_selected: bool,
    statuses: Vec<Choice>,
    filtered: bool,
    count: String,
    legend: Vec<(&'static str, &'static str)>,
    gantt: Option<Gantt>,
    groups: Vec<ListGroup>,
    empty: &'static str,
}

struct Choice {
    value: String,
    label: String,
    selected: bool,
}

struct ListGroup {
    id: String,
    name: String,
    rows: Vec<ListRow>,
}

struct ListRow {
    code: String,
    title: String,
    description: String,
    owner_code: Option<String>,
    owner_name: Option<String>,
    starts: String,
    due: String,
    completed: Option<String>,
    status_class: &'static str,
    status_label: &'static str,
}

struct Gantt {
    width: u32,
    height: u32,
    plot_left: String,
    plot_right: String,
    axis_bottom: String,
    bottom: String,
    years: Vec<(String, String, String)>,
    today_x: Option<String>,
    groups: Vec<GanttGroup>,
}

struct GanttGroup {
    y: String,
    line_y: String,
    name: String,
    bars: Vec<GanttBar>,
}

struct GanttBar {
    y: String,
    text_y: String,
    x: String,
    width: String,
    class: &'static str,
    label: String,
    title: String,
    owner: String,
    owner_x: String,
    owner_anchor: &'static str,
}

/// A group of the timeline: a pillar (in program order), or the program-wide milestones.
struct Group<'a> {
    id: String,
    name: String,
    milestones: Vec<&'a Milestone>,
}

fn groups<'a>(
    milestones: &'a [&'a Milestone],
    pillars: &[Pillar],
    locale: Locale,
    t: &Strings,
) -> Vec<Group<'a>> {
    let mut groups = vec![Group {
        id: PROGRAM_WIDE.to_string(),
        name: t.program_wide.to_string(),
        milestones: milestones
            .iter()
            .copied()
            .filter(|m| m.pillar_code.is_none())
            .collect(),
    }];
    for pillar in pillars {
        groups.push(Group {
            id: pillar.code.clone(),
            name: format!("{} {}", pillar.code, locale.text(&pillar.name)),
            milestones: milestones
                .iter()
                .copied()
                .filter(|m| m.pillar_code.as_deref() == Some(pillar.code.as_str()))
                .collect(),
        });
    }
    // Milestones of a pillar that is not listed (archived) keep a group of their own.
    let listed: Vec<&str> = pillars.iter().map(|p| p.code.as_str()).collect();
    for m in milestones {
        if let Some(code) = m.pillar_code.as_deref().filter(|c| !listed.contains(c)) {
            match groups.iter_mut().find(|g| g.id == code) {
                Some(group) => group.milestones.push(m),
                None => groups.push(Group {
                    id: code.to_string(),
                    name: code.to_string(),
                    milestones: vec![m],
                }),
            }
        }
    }
    groups.retain(|g| !g.milestones.is_empty());
    groups
}

async fn timeline(
    State(state): State<AppState>,
    layout: Layout,
    Query(query): Query<TimelineQuery>,
) -> Result<Html<String>, AppError> {
    let facts = facts::program_facts(&state).await?;
    let Some(ProgramFacts { pillars, .. }) = facts.as_ref() else {
        return empty_page(layout.at(Nav::Timeline));
    };
    let (t, locale) = (layout.t, layout.locale);
    let today = state.clock.today();
    // The filters as understood (an unknown value filters nothing), so that the kept bodies
    // are as many as the filters' values, whatever a client sends.
    let pillar = query
        .pillar
        .as_deref()
        .filter(|p| *p == PROGRAM_WIDE || pillars.iter().any(|x| x.code == *p));
    let status: Option<MilestoneStatus> = query.status.as_deref().and_then(|s| s.parse().ok());
    let body = state
        .page_cache
        .get_or_load(
            &format!(
                "timeline:{}:{pillar:?}:{status:?}:{}",
                facts::program_key()?,
                locale.tag()
            ),
            today,
            || async {
                // The facts are read again inside: an entry must not be made of facts older
                // than its own generation (a change between the two reads would keep it stale).
                let facts = facts::program_facts(&state).await?;
                let facts = facts
                    .as_ref()
                    .as_ref()
                    .ok_or(AppError::NotFound(crate::domain::Missing::Program))?;
                Ok(timeline_body(facts, pillar, status, today, locale, t).render()?)
            },
        )
        .await?;
    let page = TimelinePage {
        layout: layout.at(Nav::Timeline),
        body,
        t,
    };
    Ok(Html(view::render_around(&page, page.body.len())?))
}

/// The timeline's content for one filter: the chart and the list of the milestones shown.
fn timeline_body(
    facts: &ProgramFacts,
    pillar: Option<&str>,
    status: Option<MilestoneStatus>,
    today: NaiveDate,
    locale: Locale,
    t: &'static Strings,
) -> TimelineBody {
    let ProgramFacts {
        program,
        pillars,
        milestones,
        ..
    } = facts;
    let pillar = pillar.filter(|p| *p == PROGRAM_WIDE || pillars.iter().any(|x| x.code == *p));
    let shown: Vec<&Milestone> = milestones
        .iter()
        .filter(|m| match pillar {
            None => true,
            Some(PROGRAM_WIDE) => m.pillar_code.is_none(),
            Some(code) => m.pillar_code.as_deref() == Some(code),
        })
        .filter(|m| {
            status.is_none_or(|s| milestones::effective_status(m.status, m.due_on, today) == s)
        })
        .collect();
    let groups = groups(&shown, pillars, locale, t);
    let filtered = pillar.is_some() || status.is_some();
    TimelineBody {
        pillars: pillars
            .iter()
            .map(|p| Choice {
                value: p.code.clone(),
                label: format!("{} {}", p.code, locale.text(&p.name)),
                selected: pillar == Some(p.code.as_str()),
            })
            .collect(),
        program_wide_selected: pillar == Some(PROGRAM_WIDE),
        statuses: MilestoneStatus::ALL
            .iter()
            .map(|s| Choice {
                value: s.as_str().to_string(),
                label: t.milestone_status(*s).to_string(),
                selected: Some(*s) == status,
            })
            .collect(),
        count: (t.milestones_shown)(shown.len()),
        legend: MilestoneStatus::ALL
            .iter()
            .map(|s| (s.as_str(), t.milestone_status(*s)))
            .collect(),
        gantt: gantt(program, &groups, today, locale, t),
        groups: groups
            .iter()
            .map(|g| ListGroup {
                id: g.id.clone(),
                name: g.name.clone(),
                rows: g
                    .milestones
                    .iter()
                    .map(|m| list_row(m, today, locale, t))
                    .collect(),
            })
            .collect(),
        empty: if filtered {
            t.no_milestones_match
        } else {
            t.no_milestones
        },
        filtered,
        t,
    }
}

fn list_row(m: &Milestone, today: NaiveDate, locale: Locale, t: &Strings) -> ListRow {
    let status = milestones::effective_status(m.status, m.due_on, today);
    ListRow {
        code: m.code.clone(),
        title: locale.text(&m.title).to_string(),
        description: locale.text(&m.description).to_string(),
        owner_code: m.owner_code.clone(),
        owner_name: m.owner_name.clone(),
        starts: format::date(m.starts_on, locale),
        due: format::date(m.due_on, locale),
        completed: m
            .completed_on
            .map(|d| (t.completed)(&format::date(d, locale))),
        status_class: status.as_str(),
        status_label: t.milestone_status(status),
    }
}

// Chart geometry, in SVG units; the chart scales to the page's width.
const GANTT_WIDTH: f64 = 960.0;
const LABEL_WIDTH: f64 = 290.0;
const PLOT_RIGHT: f64 = 950.0;
const AXIS_HEIGHT: f64 = 26.0;
const GROUP_HEIGHT: f64 = 28.0;
const ROW_HEIGHT: f64 = 24.0;
const BAR_HEIGHT: f64 = 14.0;
/// Characters of a title that fit the label column.
const LABEL_CHARS: usize = 40;
/// Rough width of a character of the owner label, to place it beside its bar.
const CHAR_WIDTH: f64 = 6.5;

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let cut: String = text.chars().take(max.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    }
}

fn gantt(
    program: &Program,
    groups: &[Group<'_>],
    today: NaiveDate,
    locale: Locale,
    t: &Strings,
) -> Option<Gantt> {
    let all: Vec<&Milestone> = groups
        .iter()
        .flat_map(|g| g.milestones.iter().copied())
        .collect();
    if all.is_empty() {
        return None;
    }
    let from = all
        .iter()
        .map(|m| m.starts_on)
        .min()?
        .min(program.starts_on);
    let to = all
        .iter()
        .map(|m| m.due_on)
        .max()?
        .max(program.ends_on)
        .checked_add_days(Days::new(1))
        .unwrap_or(program.ends_on);
    let plot_left = LABEL_WIDTH + 10.0;
    let x = DateScale::new(from, to, (plot_left, PLOT_RIGHT));
    let c = |v: f64| fixed(v, 1);
    let mut y = AXIS_HEIGHT;
    let mut gantt_groups = Vec::new();
    for group in groups {
        let header_y = y;
        y += GROUP_HEIGHT;
        let mut bars = Vec::new();
        for m in &group.milestones {
            let status = milestones::effective_status(m.status, m.due_on, today);
            let start = x.at(m.starts_on);
            let end = x.at(m.due_on.checked_add_days(Days::new(1)).unwrap_or(m.due_on));
            let width = (end - start).max(4.0);
            let owner = m.owner_name.clone().unwrap_or_default();
            let owner_width = owner.chars().count() as f64 * CHAR_WIDTH;
            let (owner_x, owner_anchor) = if start + width + 6.0 + owner_width <= PLOT_RIGHT {
                (start + width + 6.0, "start")
            } else if start - 6.0 - owner_width >= plot_left {
                (start - 6.0, "end")
            } else {
                (start + 4.0, "start")
            };
            let title = locale.text(&m.title).to_string();
            let mut tooltip = format!(
                "{} {title} · {} – {} · {}",
                m.code,
                format::date(m.starts_on, locale),
                format::date(m.due_on, locale),
                t.milestone_status(status)
            );
            if !owner.is_empty() {
                tooltip.push_str(&format!(" · {}: {owner}", t.owner));
            }
            bars.push(GanttBar {
                y: c(y + (ROW_HEIGHT - BAR_HEIGHT) / 2.0),
                text_y: c(y + ROW_HEIGHT / 2.0 + 4.0),
                x: c(start),
                width: c(width),
                class: status.as_str(),
                label: format!("{} {}", m.code, shorten(&title, LABEL_CHARS)),
                title: tooltip,
                owner,
                owner_x: c(owner_x),
                owner_anchor,
            });
            y += ROW_HEIGHT;
        }
        gantt_groups.push(GanttGroup {
            y: c(header_y + GROUP_HEIGHT / 2.0 + 5.0),
            line_y: c(header_y + 2.0),
            name: group.name.clone(),
            bars,
        });
    }
    let bottom = y + 6.0;
    Some(Gantt {
        width: GANTT_WIDTH as u32,
        height: bottom.ceil() as u32,
        plot_left: c(plot_left),
        plot_right: c(PLOT_RIGHT),
        axis_bottom: c(AXIS_HEIGHT),
        bottom: c(bottom),
        years: x
            .year_starts()
            .into_iter()
            .filter(|start| *start < to)
            .map(|start| {
                let end = NaiveDate::from_ymd_opt(start.year() + 1, 1, 1)
                    .unwrap_or(to)
                    .min(to);
                (
                    c(x.at(start)),
                    c((x.at(start) + x.at(end)) / 2.0),
                    start.year().to_string(),
                )
            })
            .collect(),
        today_x: (from..=to).contains(&today).then(|| c(x.at(today))),
        groups: gantt_groups,
    })
}

#[cfg(test)]
mod tests {
    use super::shorten;

    #[test]
    fn long_titles_are_shortened_with_an_ellipsis() {
        assert_eq!(shorten("UNIDO site visit", 40), "UNIDO site visit");
        assert_eq!(shorten("abcdefghij", 6), "abcde…");
        assert_eq!(shorten("abc def", 5), "abc…");
    }
}
