//! Checks of the demo data set against the reference page, the schema's rules and the domain's
//! rules.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use chrono::Days;

use uuid::Uuid;

use super::*;
use crate::domain::kinds::{
    Aggregation, DataQuality, Frequency, IndicatorKind, MilestoneStatus, ObservationStatus,
    OrganisationKind, ProgramRole,
};
use crate::domain::period::Period;
use crate::domain::rollup::{Contribution, PeriodFigure, aggregate_organisations};
use crate::domain::scorecard::{IndicatorRules, scorecard};
use crate::domain::status::{Status, TargetPath};
use crate::domain::value::{RawValue, parse_value};

fn data() -> DemoData {
    demo_data()
}

#[test]
fn the_catalogue_has_the_33_indicators_of_the_reference() {
    assert_eq!(INDICATORS.len(), 33);
    let codes: HashSet<&str> = INDICATORS.iter().map(|i| i.code).collect();
    assert_eq!(codes.len(), 33, "codes are unique");
    let per_pillar = |p: &str| INDICATORS.iter().filter(|i| i.pillar == p).count();
    assert_eq!(
        (
            per_pillar("CE"),
            per_pillar("SK"),
            per_pillar("CM"),
            per_pillar("SC")
        ),
        (9, 8, 8, 8)
    );
    for indicator in INDICATORS {
        assert!(
            indicator.code.starts_with(indicator.pillar),
            "{} is in its pillar",
            indicator.code
        );
        let suffix: i16 = indicator.code[3..].parse().unwrap();
        assert_eq!(indicator.position, suffix, "{} position", indicator.code);
        assert!(PILLARS.iter().any(|p| p.code == indicator.pillar));
    }
    let ids: HashSet<Uuid> = INDICATORS.iter().map(|i| i.id()).collect();
    assert_eq!(ids.len(), 33);
}

#[test]
fn every_indicator_attribute_follows_the_schema_rules() {
    for i in INDICATORS {
        let code = i.code;
        for text in [
            i.name.en,
            i.name.ind,
            i.definition.en,
            i.definition.ind,
            i.unit,
        ] {
            assert!(!text.trim().is_empty(), "{code}: blank text");
        }
        assert_eq!(i.baseline_year, 2025, "{code}");
        assert_eq!(i.targets.map(|(y, _)| y), [2026, 2027, 2028], "{code}");
        assert!((0..=6).contains(&i.decimals), "{code}");
        let fraction = i.kind.uses_fraction();
        assert_eq!(
            i.numerator_label.is_some(),
            fraction,
            "{code}: numerator label"
        );
        assert_eq!(
            i.denominator_label.is_some(),
            fraction,
            "{code}: denominator label"
        );
        if i.kind == IndicatorKind::Milestone {
            assert!(i.stage_labels.len() >= 2, "{code}: stages");
            assert!(
                !i.cumulative,
                "{code}: milestones are not flagged cumulative"
            );
            let stages = i.stage_labels.len() as f64;
            assert!(
                i.baseline_value < stages && i.targets.iter().all(|(_, t)| *t < stages),
                "{code}"
            );
        } else {
            assert!(i.stage_labels.is_empty(), "{code}: no stages");
        }
        if i.kind == IndicatorKind::Percentage {
            let all = std::iter::once(i.baseline_value).chain(i.targets.iter().map(|(_, t)| *t));
            assert!(
                all.into_iter().all(|v| (0.0..=100.0).contains(&v)),
                "{code}: 0–100 %"
            );
        }
        assert!(!i.frameworks.is_empty(), "{code}: framework references");
        let keys: HashSet<_> = i
            .frameworks
            .iter()
            .map(|f| (f.framework, f.code, f.version))
            .collect();
        assert_eq!(
            keys.len(),
            i.frameworks.len(),
            "{code}: references are unique"
        );
    }
    let cumulative: Vec<&str> = INDICATORS
        .iter()
        .filter(|i| i.cumulative)
        .map(|i| i.code)
        .collect();
    assert_eq!(cumulative, ["SK-02", "SK-06", "CM-07"]);
    let park: Vec<&str> = INDICATORS
        .iter()
        .filter(|i| i.aggregation == Aggregation::Park)
        .map(|i| i.code)
        .collect();
    assert_eq!(park, ["CE-08", "SK-08", "CM-06", "SC-08"]);
}

#[test]
fn framework_references_carry_versions_and_effective_dates() {
    let ce01 = indicator("CE-01").unwrap();
    assert!(ce01.frameworks.contains(&FrameworkRef {
        framework: "GRI",
        code: "305-4",
        version: "2016",
        effective_from: None
    }));
    assert!(ce01.frameworks.contains(&FrameworkRef {
        framework: "GRI",
        code: "102",
        version: "2025",
        effective_from: Some(date(2027, 1, 1))
    }));
    assert!(
        ce01.frameworks
            .iter()
            .any(|f| f.framework == "EIP Framework" && f.version == "2.0")
    );
    assert!(
        indicator("SC-05")
            .unwrap()
            .frameworks
            .iter()
            .any(|f| f.framework == "PROPER")
    );
    assert!(
        indicator("SC-01")
            .unwrap()
            .frameworks
            .iter()
            .any(|f| f.framework == "Nickel Mark")
    );
}

#[test]
fn organisations_are_the_14_stakeholders_and_the_fictional_demo_tenants() {
    let codes: HashSet<&str> = ORGANISATIONS.iter().map(|o| o.code).collect();
    assert_eq!(codes.len(), ORGANISATIONS.len(), "codes are unique");
    assert_eq!(ORGANISATIONS.iter().filter(|o| !o.is_demo).count(), 14);
    let demo: Vec<&Organisation> = ORGANISATIONS.iter().filter(|o| o.is_demo).collect();
    assert_eq!(demo.len(), 9);
    for o in ORGANISATIONS {
        let valid_code = o.code.len() >= 2
            && o.code.len() <= 32
            && o.code.starts_with(|c: char| c.is_ascii_uppercase())
            && o.code
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-');
        assert!(valid_code, "{}: code matches the schema's pattern", o.code);
        if o.process_route.is_some() {
            assert!(
                matches!(
                    o.kind,
                    OrganisationKind::Tenant | OrganisationKind::ParkOperator
                ),
                "{}",
                o.code
            );
        }
        if o.is_demo {
            assert!(o.name.starts_with("Demo "), "{}: clearly fictional", o.code);
            assert!(o.contact_email.unwrap().ends_with(".example.org"));
        } else {
            assert!(
                o.contact_name.is_none() && o.contact_email.is_none(),
                "{}: no contacts invented",
                o.code
            );
        }
    }
    let routes: BTreeSet<&str> = demo
        .iter()
        .filter_map(|o| o.process_route)
        .map(|r| r.as_str())
        .collect();
    let expected: BTreeSet<&str> = [
        "rkef",
        "hpal",
        "captive_power",
        "matte_converter",
        "refinery",
        "precursor",
        "cell",
        "mining",
    ]
    .into();
    assert_eq!(routes, expected);
    let office = organisation("DEMO-PARK-OFFICE").unwrap();
    assert_eq!(office.kind, OrganisationKind::ParkOperator);
}

#[test]
fn every_demo_organisation_is_a_reporting_tenant_with_its_pillars() {
    let roles = data().roles;
    let keys: HashSet<(&str, ProgramRole)> =
        roles.iter().map(|r| (r.organisation, r.role)).collect();
    assert_eq!(keys.len(), roles.len(), "one row per organisation and role");
    for role in &roles {
        assert!(
            organisation(role.organisation).is_some(),
            "{}",
            role.organisation
        );
        assert!(!role.pillars.is_empty());
        assert!(
            role.pillars
                .iter()
                .all(|p| PILLARS.iter().any(|q| q.code == *p))
        );
    }
    for o in ORGANISATIONS {
        let has_reporting_role = roles
            .iter()
            .any(|r| r.organisation == o.code && r.role == ProgramRole::ReportingTenant);
        assert_eq!(has_reporting_role, o.is_demo, "{}", o.code);
        assert!(
            roles.iter().any(|r| r.organisation == o.code),
            "{} has a role",
            o.code
        );
    }
    let rkef = roles
        .iter()
        .find(|r| r.organisation == "DEMO-RKEF-A")
        .unwrap();
    assert_eq!(rkef.pillars, ["CE", "SK", "CM", "SC"]);
}

#[test]
fn assignments_go_to_demo_organisations_only_and_fit_the_process_routes() {
    let keys: HashSet<(&str, &str)> = ASSIGNMENTS
        .iter()
        .map(|a| (a.indicator, a.organisation))
        .collect();
    assert_eq!(
        keys.len(),
        ASSIGNMENTS.len(),
        "one assignment per indicator and organisation"
    );
    for a in ASSIGNMENTS {
        let o = organisation(a.organisation).unwrap();
        let i = indicator(a.indicator).unwrap();
        assert!(o.is_demo, "{} is real: no assignments", o.code);
        assert_eq!(
            i.aggregation == Aggregation::Park,
            o.code == "DEMO-PARK-OFFICE",
            "{} {}",
            i.code,
            o.code
        );
        assert!(a.starts_on >= PROGRAM.starts_on);
        // The rule the database keeps (migration 0016): park-level from the park office only.
        assert!(
            crate::domain::structure::may_be_assigned(i.aggregation, o.kind),
            "{} {}",
            i.code,
            o.code
        );
    }
    let reporters = |code: &str| -> BTreeSet<&str> {
        ASSIGNMENTS
            .iter()
            .filter(|a| a.indicator == code)
            .map(|a| a.organisation)
            .collect()
    };
    assert_eq!(reporters("CE-06"), ["DEMO-HPAL-B"].into());
    assert!(
        reporters("SC-01").contains("DEMO-MINE-H") && reporters("SC-04").contains("DEMO-MINE-H")
    );
    // Every reported indicator has a reporter; most non-park ones have at least three, a few
    // fewer. A computed one has none: its figures come from activity data.
    let mut few = Vec::new();
    for i in INDICATORS {
        let n = reporters(i.code).len();
        if i.computed_from.is_some() {
            assert_eq!(n, 0, "{} is computed, nobody's report", i.code);
            continue;
        }
        assert!(n >= 1, "{} has no reporter", i.code);
        if i.aggregation != Aggregation::Park && n < 3 {
            few.push(i.code);
        }
    }
    assert!(
        (3..=6).contains(&few.len()),
        "a few non-park indicators below three reporters: {few:?}"
    );
    let mid_year = ASSIGNMENTS
        .iter()
        .filter(|a| a.starts_on > PROGRAM.starts_on)
        .count();
    assert!((1..=2).contains(&mid_year));
}

#[test]
fn the_generator_covers_exactly_the_assignments() {
    for i in INDICATORS {
        let mut planned = observations::planned_organisations(i.code);
        planned.sort();
        let mut assigned: Vec<&str> = ASSIGNMENTS
            .iter()
            .filter(|a| a.indicator == i.code)
            .map(|a| a.organisation)
            .collect();
        assigned.sort();
        if i.computed_from.is_some() {
            // Computed from activity data or the ledger: nobody reports it.
            assert!(planned.is_empty(), "{}: computed, never reported", i.code);
        } else if i.frequency == Frequency::Annual {
            assert!(
                planned.is_empty(),
                "{}: annual, no figures before December",
                i.code
            );
        } else {
            assert_eq!(
                planned, assigned,
                "{}: generator profile and assignments agree",
                i.code
            );
        }
    }
}

#[test]
fn milestones_follow_the_timeline_as_of_the_demo_date() {
    assert_eq!(MILESTONES.len(), 15);
    for (n, m) in MILESTONES.iter().enumerate() {
        assert_eq!(m.code, format!("M{:02}", n + 1));
        assert!(m.due_on >= m.starts_on, "{}", m.code);
        assert_eq!(
            m.status == MilestoneStatus::Done,
            m.completed_on.is_some(),
            "{}",
            m.code
        );
        if let Some(owner) = m.owner {
            assert!(
                organisation(owner).is_some_and(|o| !o.is_demo),
                "{}: owner is a stakeholder",
                m.code
            );
        }
        if let Some(p) = m.pillar {
            assert!(PILLARS.iter().any(|q| q.code == p));
        }
        match m.status {
            MilestoneStatus::Done => assert!(m.completed_on.unwrap() <= DEMO_DATE),
            MilestoneStatus::Late => assert!(m.due_on < DEMO_DATE, "{}", m.code),
            MilestoneStatus::InProgress => {
                assert!(m.starts_on <= DEMO_DATE && m.due_on >= DEMO_DATE)
            }
            MilestoneStatus::Planned => assert!(m.starts_on > DEMO_DATE, "{}", m.code),
            MilestoneStatus::Cancelled => {}
        }
        assert!(
            m.evidence_url
                .is_none_or(|u| u.starts_with("https://example.org/"))
        );
    }
    let first_three_done = MILESTONES[..3]
        .iter()
        .all(|m| m.status == MilestoneStatus::Done);
    assert!(first_three_done, "the reported events are done");
    assert_eq!(MILESTONES[14].due_on, date(2028, 11, 24));
}

#[test]
fn the_generator_is_deterministic() {
    let a = demo_data().observations;
    let b = demo_data().observations;
    assert_eq!(a, b);
    let ids: HashSet<Uuid> = a.iter().map(|o| o.id()).collect();
    assert_eq!(ids.len(), a.len(), "observation ids are unique");
}

#[test]
fn every_observation_is_for_an_assignment_and_an_aligned_closed_period() {
    let observations = data().observations;
    assert!(
        observations.len() > 400,
        "{} observations",
        observations.len()
    );
    let mut seen = HashSet::new();
    for o in &observations {
        let i = indicator(o.indicator).unwrap();
        let a = ASSIGNMENTS
            .iter()
            .find(|a| a.indicator == o.indicator && a.organisation == o.organisation)
            .expect("observations only for assignments");
        assert!(
            organisation(o.organisation).unwrap().is_demo,
            "real organisations have no figures"
        );
        assert!(
            Period::new(i.frequency, o.period.start(), o.period.end()).is_ok(),
            "aligned"
        );
        assert!(
            o.period.end() <= REPORTS_UNTIL,
            "no observation after 2026-10-31"
        );
        assert!(o.period.end() >= a.starts_on, "not before the assignment");
        assert!(o.period.start() >= PROGRAM.starts_on);
        assert!(
            seen.insert((o.indicator, o.organisation, o.period.start())),
            "one per period"
        );
        if let Some(url) = &o.evidence_url {
            assert!(url.starts_with("https://example.org/"));
        }
    }
}

#[test]
fn every_value_is_valid_for_its_kind() {
    for o in data().observations {
        let i = indicator(o.indicator).unwrap();
        for revision in &o.history {
            let f = revision.state.figure;
            let raw = RawValue {
                value: f.value,
                numerator: f.numerator,
                denominator: f.denominator,
                stage: f.stage.map(i32::from),
                text: None,
            };
            let parsed = parse_value(i.kind, i.stage_labels.len(), raw);
            assert!(
                parsed.is_ok(),
                "{} {} {:?}: {:?}",
                o.indicator,
                o.organisation,
                f,
                parsed
            );
            if let (Some(n), Some(d)) = (f.numerator, f.denominator) {
                assert!(d > 0.0 && n >= 0.0);
                if i.kind == IndicatorKind::Percentage {
                    assert!(
                        n <= d,
                        "{} {}: numerator ≤ denominator",
                        o.indicator,
                        o.organisation
                    );
                }
            }
            if i.kind == IndicatorKind::Count {
                assert_eq!(f.value.unwrap().fract(), 0.0, "counts are whole");
            }
        }
    }
}

#[test]
fn cumulative_series_never_decrease() {
    let observations = data().observations;
    for i in INDICATORS.iter().filter(|i| i.cumulative) {
        let mut series: BTreeMap<&str, Vec<(Period, f64)>> = BTreeMap::new();
        for o in observations.iter().filter(|o| o.indicator == i.code) {
            series
                .entry(o.organisation)
                .or_default()
                .push((o.period, o.figure().value.unwrap()));
        }
        for (org, mut points) in series {
            points.sort_by_key(|(p, _)| *p);
            assert!(
                points.windows(2).all(|w| w[0].1 <= w[1].1),
                "{} {org}: {points:?}",
                i.code
            );
        }
    }
}

#[test]
fn histories_are_ordered_consistent_and_before_the_demo_date() {
    let end_of_demo = at(DEMO_DATE, 0, 0);
    for o in data().observations {
        let current = o.current();
        assert_eq!(o.version() as usize, o.history.len());
        assert_eq!(o.history[0].action, RevisionAction::Create);
        assert_eq!(o.history[0].state.status, ObservationStatus::Draft);
        for (n, r) in o.history.iter().enumerate() {
            assert_eq!(r.version as usize, n + 1);
            assert!(
                r.changed_at < end_of_demo,
                "{} {}: {}",
                o.indicator,
                o.organisation,
                r.changed_at
            );
            assert!(
                r.changed_at > at(o.period.end(), 0, 0),
                "after the period ended"
            );
        }
        assert!(
            o.history
                .windows(2)
                .all(|w| w[0].changed_at < w[1].changed_at),
            "strictly ordered"
        );
        assert_eq!(
            current.status == ObservationStatus::Draft,
            current.first_submitted_at.is_none()
        );
        if current.status == ObservationStatus::Returned {
            assert!(
                current
                    .review_note
                    .as_deref()
                    .is_some_and(|n| !n.trim().is_empty())
            );
        }
        if matches!(
            current.status,
            ObservationStatus::Approved | ObservationStatus::Returned
        ) {
            assert!(current.reviewed_at.is_some());
        }
        let last = o.history.last().unwrap();
        let expected_action = match current.status {
            ObservationStatus::Draft => RevisionAction::Create,
            ObservationStatus::Submitted => RevisionAction::Submit,
            ObservationStatus::Approved => RevisionAction::Approve,
            ObservationStatus::Returned => RevisionAction::Return,
        };
        assert_eq!(last.action, expected_action);
    }
}

#[test]
fn the_status_mix_has_every_case_the_pages_need() {
    let observations = data().observations;
    let count = |s: ObservationStatus| observations.iter().filter(|o| o.status() == s).count();
    let (draft, submitted, approved, returned) = (
        count(ObservationStatus::Draft),
        count(ObservationStatus::Submitted),
        count(ObservationStatus::Approved),
        count(ObservationStatus::Returned),
    );
    assert!(draft > 0 && submitted > 0 && approved > 0 && returned > 0);
    assert!(
        approved > submitted && submitted > returned,
        "mostly approved, a handful returned"
    );
    let late = observations
        .iter()
        .filter(|o| {
            o.current()
                .first_submitted_at
                .is_some_and(|t| t.date_naive() > o.period.end() + Days::new(30))
        })
        .count();
    assert!(late >= 5, "{late} late reports");
    assert!(
        observations::missing_reports() >= 5,
        "some reports are missing"
    );
    let corrected = observations
        .iter()
        .filter(|o| o.history.iter().any(|r| r.action == RevisionAction::Update))
        .count();
    assert!(
        corrected >= 1,
        "some returned reports were corrected and approved"
    );
    let estimated = observations
        .iter()
        .filter(|o| o.data_quality == DataQuality::Estimated)
        .count();
    assert!(estimated > 0 && estimated < observations.len() / 4);
    assert!(observations.iter().any(|o| !o.current().comment.is_empty()));
    assert!(observations.iter().any(|o| o.evidence_url.is_some()));
    // The latest month is still in review: nothing approved yet.
    let october = observations
        .iter()
        .filter(|o| o.period.start() == date(2026, 10, 1));
    assert!(
        october
            .clone()
            .all(|o| o.status() != ObservationStatus::Approved)
    );
    assert!(october.count() > 0);
}

/// The park figure per period from the approved observations, the way the pages compute it.
fn official_figures(indicator: &Indicator, observations: &[Observation]) -> Vec<PeriodFigure> {
    let mut by_period: BTreeMap<Period, Vec<Contribution>> = BTreeMap::new();
    for o in observations
        .iter()
        .filter(|o| o.indicator == indicator.code && o.status() == ObservationStatus::Approved)
    {
        let f = o.figure();
        let reviewed = o.current().reviewed_at.unwrap().timestamp();
        by_period.entry(o.period).or_default().push(Contribution {
            value: f.value,
            numerator: f.numerator,
            denominator: f.denominator,
            stage: f.stage,
            order_key: (o.period.end(), reviewed),
        });
    }
    by_period
        .into_iter()
        .filter_map(|(period, contributions)| {
            aggregate_organisations(indicator.kind, indicator.aggregation, &contributions).map(
                |aggregate| PeriodFigure {
                    period,
                    aggregate,
                    assigned: None,
                },
            )
        })
        .collect()
}

fn scorecard_status(indicator: &Indicator, observations: &[Observation]) -> Status {
    let rules = IndicatorRules {
        kind: indicator.kind,
        aggregation: indicator.aggregation,
        direction: indicator.direction,
        cumulative: indicator.cumulative,
        frequency: indicator.frequency,
        min_coverage_percent: crate::domain::coverage::DEFAULT_MIN_COVERAGE_PERCENT,
    };
    let path = TargetPath::new(
        Some((i32::from(indicator.baseline_year), indicator.baseline_value)),
        indicator
            .targets
            .iter()
            .map(|(y, v)| (i32::from(*y), *v))
            .collect(),
    );
    scorecard(
        &rules,
        &path,
        &official_figures(indicator, observations),
        DEMO_DATE,
    )
    .status
}

#[test]
fn indicator_statuses_come_out_as_designed_and_mixed_in_every_pillar() {
    let observations = data().observations;
    let mut by_pillar: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for i in INDICATORS {
        let status = scorecard_status(i, &observations);
        let designed = match observations::outlook(i.code) {
            None => Status::NoData,
            Some(observations::Outlook::OnTrack) => Status::OnTrack,
            Some(observations::Outlook::AtRisk) => Status::AtRisk,
            Some(observations::Outlook::OffTrack) => Status::OffTrack,
        };
        assert_eq!(status, designed, "{}", i.code);
        by_pillar
            .entry(i.pillar)
            .or_default()
            .insert(status.as_str());
    }
    for (pillar, statuses) in &by_pillar {
        assert!(statuses.len() >= 2, "{pillar}: mixed statuses {statuses:?}");
    }
    let all: BTreeSet<&str> = by_pillar.values().flatten().copied().collect();
    assert_eq!(
        all.len(),
        4,
        "on track, at risk, off track and no data all appear"
    );
}

#[test]
fn summary_of_the_data_set() {
    // Not an assertion: prints the figures the report quotes (`cargo test -- --nocapture`).
    let d = data();
    let count = |s: ObservationStatus| d.observations.iter().filter(|o| o.status() == s).count();
    let reporters = |code: &str| ASSIGNMENTS.iter().filter(|a| a.indicator == code).count();
    let below_three: Vec<&str> = INDICATORS
        .iter()
        .map(|i| i.code)
        .filter(|c| (1..3).contains(&reporters(c)))
        .collect();
    let late = d
        .observations
        .iter()
        .filter(|o| {
            o.current()
                .first_submitted_at
                .is_some_and(|t| t.date_naive() > o.period.end() + Days::new(30))
        })
        .count();
    println!(
        "indicators {}, organisations {}, roles {}, assignments {}, milestones {}, observations {} \
         (draft {}, submitted {}, approved {}, returned {}), missing {}, late {}, revisions {}, \
         indicators with 1–2 reporters {:?}",
        d.indicators.len(),
        d.organisations.len(),
        d.roles.len(),
        d.assignments.len(),
        d.milestones.len(),
        d.observations.len(),
        count(ObservationStatus::Draft),
        count(ObservationStatus::Submitted),
        count(ObservationStatus::Approved),
        count(ObservationStatus::Returned),
        observations::missing_reports(),
        late,
        d.observations
            .iter()
            .map(|o| o.history.len())
            .sum::<usize>(),
        below_three,
    );
    for i in INDICATORS {
        println!(
            "{} {}",
            i.code,
            scorecard_status(i, &d.observations).as_str()
        );
    }
}
