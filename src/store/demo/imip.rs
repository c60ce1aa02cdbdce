//! The second program of the demo: IMIP's replication of the pilot, phase 1, from April 2026.
//! Its own three pillars and six indicators, four of which share their definition and unit
//! with an IWIP indicator (so the national view `/parks` can set the two parks side by side
//! on them); four clearly fictional demo tenants in Morowali, their assignments and their
//! reports from April to October 2026.
//!
//! Codes stay unique across the installation (pages, tests and files address an indicator by
//! its code): a shared indicator keeps its IWIP code's family and takes 100 more (CE-05 →
//! CE-105), IMIP's own pillars and indicators have codes IWIP does not use. Pure data and a
//! deterministic generator, like the rest of the demo; nothing here changes IWIP's figures.

use std::sync::LazyLock;

use super::catalogue::indicator;
use super::data::DemoData;
use super::model::{
    Assignment, Bilingual, Figure, Indicator, Observation, Organisation, Pillar, Program, Revision,
    RevisionAction, Role, Snapshot, at, date, tr,
};
use super::prng::SplitMix64;
use crate::domain::kinds::Aggregation::{RatioOfSums, Sum};
use crate::domain::kinds::Direction::HigherIsBetter as Up;
use crate::domain::kinds::Frequency::{self, Monthly, Quarterly};
use crate::domain::kinds::IndicatorKind::{self, Count, Percentage};
use crate::domain::kinds::OrganisationKind::Tenant;
use crate::domain::kinds::{Assurance, DataQuality, ObservationStatus, ProcessRoute, ProgramRole};
use crate::domain::period::{Period, periods_between};

/// The IMIP program's code.
pub const IMIP_PROGRAM_CODE: &str = "IMIP-P1";

/// IMIP's replication of the pilot. It starts a quarter after IWIP's, so IWIP stays the
/// installation's first program (the one every existing address reads by default).
pub static IMIP_PROGRAM: Program = Program {
    code: IMIP_PROGRAM_CODE,
    park: "IMIP",
    name: tr(
        "IMIP sustainable-nickel replication, phase 1",
        "Replikasi nikel berkelanjutan IMIP, fase 1",
    ),
    phase: "1",
    description: tr(
        "The replication of the IWIP pilot at PT Indonesia Morowali Industrial Park: the \
         circular economy, workforce safety and skills, and community development, measured \
         where they can be compared with IWIP on the same definitions. Demo data.",
        "Replikasi proyek percontohan IWIP di PT Indonesia Morowali Industrial Park: ekonomi \
         sirkular, keselamatan dan keterampilan tenaga kerja, serta pengembangan masyarakat, \
         diukur dengan definisi yang sama dengan IWIP agar dapat dibandingkan. Data demo.",
    ),
    starts_on: date(2026, 4, 1),
    ends_on: date(2028, 12, 31),
};

/// IMIP's pillars (codes IWIP does not use).
pub static IMIP_PILLARS: &[Pillar] = &[
    Pillar {
        code: "EC",
        name: tr(
            "Environment & circular economy",
            "Lingkungan & ekonomi sirkular",
        ),
        description: tr(
            "Slag and water put back to use, and the coastal waters the park discharges into.",
            "Slag dan air yang dimanfaatkan kembali, serta perairan pesisir tempat kawasan \
             membuang air.",
        ),
        position: 1,
    },
    Pillar {
        code: "WS",
        name: tr(
            "Workforce safety & skills",
            "Keselamatan & keterampilan tenaga kerja",
        ),
        description: tr(
            "Safe work and jobs for the people of Morowali.",
            "Kerja yang aman dan lapangan kerja bagi warga Morowali.",
        ),
        position: 2,
    },
    Pillar {
        code: "CD",
        name: tr("Community development", "Pengembangan masyarakat"),
        description: tr(
            "What the park's tenants buy from local suppliers.",
            "Apa yang dibeli tenant kawasan dari pemasok lokal.",
        ),
        position: 3,
    },
];

/// An IMIP indicator that shares an IWIP indicator's definition, unit, kind and labels: the
/// IWIP one with IMIP's code, pillar, position, baseline and targets.
fn shared(
    iwip: &str,
    code: &'static str,
    pillar: &'static str,
    position: i16,
    baseline_value: f64,
    targets: [(i16, f64); 3],
) -> Indicator {
    let base = indicator(iwip).expect("a shared indicator names an IWIP indicator");
    Indicator {
        code,
        pillar,
        position,
        baseline_value,
        targets,
        // The same measure, reported by IMIP's tenants: IMIP keeps no material ledger or
        // inventory in the demo, so nothing there would compute it.
        computed_from: None,
        ..*base
    }
}

/// IMIP's six indicators: four shared with IWIP, two of its own.
pub static IMIP_INDICATORS: LazyLock<Vec<Indicator>> = LazyLock::new(|| {
    vec![
        shared(
            "CE-05",
            "CE-105",
            "EC",
            1,
            15.0,
            [(2026, 22.0), (2027, 32.0), (2028, 45.0)],
        ),
        shared(
            "CE-07",
            "CE-107",
            "EC",
            2,
            28.0,
            [(2026, 33.0), (2027, 42.0), (2028, 52.0)],
        ),
        own(
            "EC-21",
            "EC",
            3,
            tr(
                "Coastal water samples meeting the marine standard",
                "Sampel air pesisir yang memenuhi baku mutu laut",
            ),
            tr(
                "Share of the quarter's coastal water samples, taken at the park's outfalls, \
                 that meet the national marine water-quality standard.",
                "Persentase sampel air pesisir triwulan ini, diambil di titik buangan kawasan, \
                 yang memenuhi baku mutu air laut nasional.",
            ),
            "%",
            Percentage,
            Some((
                tr("Samples meeting the standard", "Sampel memenuhi baku mutu"),
                tr("Samples taken", "Sampel diambil"),
            )),
            80.0,
            [(2026, 85.0), (2027, 90.0), (2028, 95.0)],
        ),
        shared(
            "SK-07",
            "SK-107",
            "WS",
            1,
            0.35,
            [(2026, 0.32), (2027, 0.28), (2028, 0.24)],
        ),
        own(
            "WS-21",
            "WS",
            2,
            tr(
                "Morowali residents newly hired",
                "Warga Morowali yang baru direkrut",
            ),
            tr(
                "People with a Morowali residence card hired by the tenants in the quarter.",
                "Orang ber-KTP Morowali yang direkrut tenant dalam triwulan ini.",
            ),
            "persons",
            Count,
            None,
            2_000.0,
            [(2026, 2_400.0), (2027, 2_800.0), (2028, 3_200.0)],
        ),
        shared(
            "CM-03",
            "CM-103",
            "CD",
            1,
            1_400.0,
            [(2026, 1_600.0), (2027, 1_800.0), (2028, 2_000.0)],
        ),
    ]
});

/// An indicator of IMIP's own, quarterly.
#[allow(clippy::too_many_arguments)]
fn own(
    code: &'static str,
    pillar: &'static str,
    position: i16,
    name: Bilingual,
    definition: Bilingual,
    unit: &'static str,
    kind: IndicatorKind,
    labels: Option<(Bilingual, Bilingual)>,
    baseline_value: f64,
    targets: [(i16, f64); 3],
) -> Indicator {
    Indicator {
        code,
        pillar,
        position,
        name,
        definition,
        unit,
        kind,
        direction: Up,
        aggregation: if labels.is_some() { RatioOfSums } else { Sum },
        cumulative: false,
        frequency: Quarterly,
        decimals: if labels.is_some() { 1 } else { 0 },
        baseline_value,
        baseline_year: 2025,
        targets,
        numerator_label: labels.map(|l| l.0),
        denominator_label: labels.map(|l| l.1),
        stage_labels: &[],
        computed_from: None,
        frameworks: &[],
    }
}

const fn tenant(
    code: &'static str,
    name: &'static str,
    short_name: &'static str,
    process_route: ProcessRoute,
) -> Organisation {
    Organisation {
        code,
        name,
        short_name,
        kind: Tenant,
        process_route: Some(process_route),
        park: Some("IMIP"),
        description: tr(
            "A fictional IMIP tenant of the demo data.",
            "Tenant IMIP fiktif dalam data demo.",
        ),
        website: None,
        contact_name: None,
        contact_email: None,
        is_demo: true,
    }
}

/// IMIP's fictional demo tenants.
pub static IMIP_ORGANISATIONS: &[Organisation] = &[
    tenant(
        "DEMO-IMIP-RKEF-M",
        "Demo RKEF Smelter M (IMIP)",
        "Smelter M",
        ProcessRoute::Rkef,
    ),
    tenant(
        "DEMO-IMIP-RKEF-N",
        "Demo RKEF Smelter N (IMIP)",
        "Smelter N",
        ProcessRoute::Rkef,
    ),
    tenant(
        "DEMO-IMIP-HPAL",
        "Demo HPAL Plant (IMIP)",
        "HPAL IMIP",
        ProcessRoute::Hpal,
    ),
    tenant(
        "DEMO-IMIP-POWER",
        "Demo Captive Power (IMIP)",
        "Power IMIP",
        ProcessRoute::CaptivePower,
    ),
];

/// Each tenant reports to the IMIP program, in every pillar.
fn roles() -> Vec<Role> {
    IMIP_ORGANISATIONS
        .iter()
        .map(|o| Role {
            organisation: o.code,
            role: ProgramRole::ReportingTenant,
            note: tr("Demo reporting tenant", "Tenant pelapor demo"),
            pillars: IMIP_PILLARS.iter().map(|p| p.code).collect(),
        })
        .collect()
}

const fn from_april(indicator: &'static str, organisation: &'static str) -> Assignment {
    Assignment {
        indicator,
        organisation,
        starts_on: date(2026, 4, 1),
    }
}

/// Who reports what. SK-107 has two reporters only, so its park figure stays below the
/// three-organisation minimum for readers who may not see tenants.
pub static IMIP_ASSIGNMENTS: &[Assignment] = &[
    from_april("CE-105", "DEMO-IMIP-RKEF-M"),
    from_april("CE-105", "DEMO-IMIP-RKEF-N"),
    from_april("CE-105", "DEMO-IMIP-HPAL"),
    from_april("CE-107", "DEMO-IMIP-RKEF-M"),
    from_april("CE-107", "DEMO-IMIP-RKEF-N"),
    from_april("CE-107", "DEMO-IMIP-HPAL"),
    from_april("CE-107", "DEMO-IMIP-POWER"),
    from_april("EC-21", "DEMO-IMIP-RKEF-M"),
    from_april("EC-21", "DEMO-IMIP-HPAL"),
    from_april("EC-21", "DEMO-IMIP-POWER"),
    from_april("SK-107", "DEMO-IMIP-RKEF-M"),
    from_april("SK-107", "DEMO-IMIP-HPAL"),
    from_april("WS-21", "DEMO-IMIP-RKEF-M"),
    from_april("WS-21", "DEMO-IMIP-RKEF-N"),
    from_april("WS-21", "DEMO-IMIP-HPAL"),
    from_april("WS-21", "DEMO-IMIP-POWER"),
    from_april("CM-103", "DEMO-IMIP-RKEF-M"),
    from_april("CM-103", "DEMO-IMIP-RKEF-N"),
    from_april("CM-103", "DEMO-IMIP-HPAL"),
];

/// A figure for one report: fractions from a plausible denominator and share, counts and
/// quantities from a plausible range.
fn figure(code: &str, rng: &mut SplitMix64) -> Figure {
    let fraction = |denominator: f64, share: f64, places: i32| {
        let scale = 10f64.powi(places);
        let denominator = (denominator * scale).round() / scale;
        Figure {
            value: None,
            numerator: Some(((denominator * share) * scale).round() / scale),
            denominator: Some(denominator),
            stage: None,
        }
    };
    let value = |v: f64| Figure {
        value: Some(v.round()),
        numerator: None,
        denominator: None,
        stage: None,
    };
    match code {
        "CE-105" => fraction(
            400_000.0 + rng.unit() * 500_000.0,
            0.17 + rng.unit() * 0.09,
            0,
        ),
        "CE-107" => fraction(300.0 + rng.unit() * 500.0, 0.26 + rng.unit() * 0.12, 0),
        "EC-21" => fraction(20.0 + rng.between(0, 20) as f64, 0.8 + rng.unit() * 0.15, 0),
        "SK-107" => Figure {
            value: None,
            numerator: Some(rng.between(0, 1) as f64),
            denominator: Some(((1.5 + rng.unit() * 2.0) * 100.0).round() / 100.0),
            stage: None,
        },
        "WS-21" => value(100.0 + rng.unit() * 200.0),
        _ => value(90.0 + rng.unit() * 70.0),
    }
}

/// The reports from April to October 2026: approved a fortnight after the period, except the
/// last month's from one tenant, still waiting for review.
fn observations() -> Vec<Observation> {
    let mut out = Vec::new();
    for assignment in IMIP_ASSIGNMENTS {
        let indicator = IMIP_INDICATORS
            .iter()
            .find(|i| i.code == assignment.indicator)
            .expect("IMIP assignments name IMIP indicators");
        let frequency: Frequency = indicator.frequency;
        for period in periods_between(frequency, assignment.starts_on, date(2026, 10, 31)) {
            let mut rng = SplitMix64::keyed(&[
                "imip",
                assignment.indicator,
                assignment.organisation,
                &period.start().to_string(),
            ]);
            let figure = figure(indicator.code, &mut rng);
            let waiting = frequency == Monthly
                && period.start() == date(2026, 10, 1)
                && assignment.organisation == "DEMO-IMIP-RKEF-N";
            out.push(observation(assignment, indicator, period, figure, waiting));
        }
    }
    out
}

fn observation(
    assignment: &Assignment,
    indicator: &Indicator,
    period: Period,
    figure: Figure,
    waiting: bool,
) -> Observation {
    let end = period.end();
    let created = at(end + chrono::Duration::days(3), 1, 30);
    let submitted = at(end + chrono::Duration::days(5), 2, 0);
    let reviewed = at(end + chrono::Duration::days(14), 3, 0);
    let snapshot = |status, submitted_at: Option<_>, reviewed_at| Snapshot {
        status,
        figure,
        comment: String::new(),
        first_submitted_at: submitted_at.map(|_| submitted),
        submitted_at,
        reviewed_at,
        review_note: None,
    };
    let mut history = vec![
        Revision {
            version: 1,
            action: RevisionAction::Create,
            changed_at: created,
            reason: None,
            state: snapshot(ObservationStatus::Draft, None, None),
        },
        Revision {
            version: 2,
            action: RevisionAction::Submit,
            changed_at: submitted,
            reason: None,
            state: snapshot(ObservationStatus::Submitted, Some(submitted), None),
        },
    ];
    if !waiting {
        history.push(Revision {
            version: 3,
            action: RevisionAction::Approve,
            changed_at: reviewed,
            reason: None,
            state: snapshot(ObservationStatus::Approved, Some(submitted), Some(reviewed)),
        });
    }
    Observation {
        indicator: indicator.code,
        organisation: assignment.organisation,
        period,
        data_quality: DataQuality::Measured,
        assurance: Assurance::None,
        evidence_url: None,
        history,
    }
}

/// The IMIP program's part of the demo, in the shape the loader writes (its park is among
/// the demo's parks already; it has no milestones yet).
pub fn imip_data() -> DemoData {
    DemoData {
        parks: &[],
        program: &IMIP_PROGRAM,
        pillars: IMIP_PILLARS,
        indicators: IMIP_INDICATORS.as_slice(),
        organisations: IMIP_ORGANISATIONS,
        roles: roles(),
        assignments: IMIP_ASSIGNMENTS,
        milestones: &[],
        observations: observations(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_indicators_keep_the_iwip_definition_and_unit() {
        for (iwip, imip) in [
            ("CE-05", "CE-105"),
            ("CE-07", "CE-107"),
            ("SK-07", "SK-107"),
            ("CM-03", "CM-103"),
        ] {
            let a = indicator(iwip).unwrap();
            let b = IMIP_INDICATORS.iter().find(|i| i.code == imip).unwrap();
            assert_eq!(a.definition, b.definition, "{imip}");
            assert_eq!(a.unit, b.unit, "{imip}");
            assert_eq!(a.kind, b.kind, "{imip}");
        }
    }

    #[test]
    fn codes_do_not_collide_with_iwip_and_the_data_is_deterministic() {
        for i in IMIP_INDICATORS.iter() {
            assert!(indicator(i.code).is_none(), "{} is IWIP's", i.code);
        }
        for p in IMIP_PILLARS {
            assert!(!super::super::PILLARS.iter().any(|q| q.code == p.code));
        }
        let (a, b) = (observations(), observations());
        assert_eq!(a, b);
        // Quarterly: Q2, Q3; monthly: April to October.
        let ce107 = a.iter().filter(|o| o.indicator == "CE-107").count();
        assert_eq!(ce107, 4 * 7);
        assert_eq!(a.iter().filter(|o| o.indicator == "CE-105").count(), 3 * 2);
        assert!(a.iter().all(|o| o.period.end() <= date(2026, 10, 31)));
        assert_eq!(
            a.iter()
                .filter(|o| o.status() == ObservationStatus::Submitted)
                .count(),
            1
        );
    }
}
