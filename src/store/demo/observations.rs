//! Synthetic reports of the demo tenants, January–October 2026.
//!
//! Two passes, both driven only by [`SplitMix64`] generators keyed by indicator, organisation
//! and period:
//!
//! 1. For every assignment and every period of the indicator's frequency that has ended by
//!    31 October 2026, decide what happened to the report (missing, draft, submitted, approved,
//!    returned, or returned then corrected and approved), when each step happened (fixed dates
//!    derived from the period's end, never the clock), and whether it came in late.
//! 2. Per indicator, generate the figures: each tenant's figure follows a path from the
//!    baseline toward the 2026 target, scaled by the tenant's size and route, with a little
//!    noise; the series is then scaled once so that the official (approved) year-to-date
//!    figure lands where the indicator's [`Outlook`] says, so the scorecards show a mix of
//!    on track, at risk and off track whatever the exact noise.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Days, NaiveDate, Utc};

use super::catalogue::indicator;
use super::model::{
    Assignment, DEMO_DATE, Figure, Indicator, Observation, REPORTS_UNTIL, Revision, RevisionAction,
    Snapshot, at,
};
use super::prng::SplitMix64;
use super::stakeholders::ASSIGNMENTS;
use crate::domain::kinds::{
    Assurance, DataQuality, Direction, Frequency, IndicatorKind, ObservationStatus,
};
use crate::domain::period::{Period, periods_between};

// ---------------------------------------------------------------------------------------------
// The demo tenants: size and reporting habits
// ---------------------------------------------------------------------------------------------

const RKEF: &str = "DEMO-RKEF-A";
const HPAL: &str = "DEMO-HPAL-B";
const POWER: &str = "DEMO-POWER-C";
const MATTE: &str = "DEMO-MATTE-D";
const REFINERY: &str = "DEMO-REFINERY-E";
const PCAM: &str = "DEMO-PCAM-F";
const CELL: &str = "DEMO-CELL-G";
const MINE: &str = "DEMO-MINE-H";
const OFFICE: &str = "DEMO-PARK-OFFICE";

// Headcounts at the start of 2026 (employees and on-site contractors).
const HC_RKEF: f64 = 14_000.0;
const HC_HPAL: f64 = 6_500.0;
const HC_POWER: f64 = 3_200.0;
const HC_MATTE: f64 = 4_800.0;
const HC_REFINERY: f64 = 2_600.0;
const HC_PCAM: f64 = 3_000.0;
const HC_CELL: f64 = 1_800.0;
const HC_MINE: f64 = 5_500.0;

/// How an organisation reports: the chance that a closed period's report is missing, and the
/// chance that a report comes in after the grace period.
struct Habits {
    organisation: &'static str,
    missing: f64,
    late: f64,
}

/// The captive power company and the mine are the demo's laggards; the park office always
/// reports on time and its reports are always approved.
const HABITS: &[Habits] = &[
    Habits {
        organisation: RKEF,
        missing: 0.02,
        late: 0.05,
    },
    Habits {
        organisation: HPAL,
        missing: 0.02,
        late: 0.03,
    },
    Habits {
        organisation: POWER,
        missing: 0.08,
        late: 0.25,
    },
    Habits {
        organisation: MATTE,
        missing: 0.03,
        late: 0.06,
    },
    Habits {
        organisation: REFINERY,
        missing: 0.02,
        late: 0.03,
    },
    Habits {
        organisation: PCAM,
        missing: 0.03,
        late: 0.05,
    },
    Habits {
        organisation: CELL,
        missing: 0.05,
        late: 0.10,
    },
    Habits {
        organisation: MINE,
        missing: 0.06,
        late: 0.15,
    },
    Habits {
        organisation: OFFICE,
        missing: 0.0,
        late: 0.0,
    },
];

fn habits(organisation: &str) -> &'static Habits {
    HABITS
        .iter()
        .find(|h| h.organisation == organisation)
        .expect("every demo organisation has reporting habits")
}

/// Size over the year: the cell plant ramps up (it starts producing in July), the others grow
/// a little. `tau` is the share of 2026 elapsed at the period's end.
fn growth(organisation: &str, tau: f64) -> f64 {
    if organisation == CELL {
        0.55 + 0.45 * tau
    } else {
        1.0 + 0.03 * tau
    }
}

// ---------------------------------------------------------------------------------------------
// How each indicator's figures are made
// ---------------------------------------------------------------------------------------------

/// Where an indicator's official year-to-date figure is built to stand against its target
/// path (status rules in `domain::status`): on track, at risk, or off track.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outlook {
    OnTrack,
    AtRisk,
    OffTrack,
}

impl Outlook {
    /// The shortfall to build in, as a share of the year's planned change (negative: ahead).
    /// Chosen well inside the status bands (≤ 0.25 on track, ≤ 0.5 at risk, beyond off track).
    fn shortfall(self) -> f64 {
        match self {
            Outlook::OnTrack => -0.2,
            Outlook::AtRisk => 0.37,
            Outlook::OffTrack => 0.8,
        }
    }

    /// How much of the year's planned change the series itself moves through the year.
    fn trend(self) -> f64 {
        match self {
            Outlook::OnTrack => 0.6,
            Outlook::AtRisk => 0.3,
            Outlook::OffTrack => 0.1,
        }
    }
}

/// A figure given outright (park-level indicators, milestones, tiny counts).
#[derive(Debug, Clone, Copy)]
enum Scripted {
    Value(f64),
    Fraction(f64, f64),
    Stage(i16),
}

/// How an indicator's figures are generated. `places` are decimal places of rounding
/// (negative: tens, hundreds…).
#[derive(Debug, Clone, Copy)]
enum Shape {
    /// Percentage or ratio. Each tenant has a denominator `weight` (per month, or a stock such
    /// as a headcount when `stock`) and a relative `level` of the ratio.
    Fraction {
        stock: bool,
        numerator_places: i32,
        denominator_places: i32,
        noise: f64,
    },
    /// A flow added up across tenants; `weight` is each tenant's share of the park total.
    Flow { places: i32, noise: f64 },
    /// A cumulative stock added up across tenants; `weight` is each tenant's share.
    Stock { places: i32, noise: f64 },
    /// Figures given per organisation, one per eligible period.
    Script(&'static [(&'static str, &'static [Scripted])]),
}

struct Plan {
    outlook: Option<Outlook>,
    shape: Shape,
    /// (organisation, weight, level); see [`Shape`]. Empty for scripted and annual indicators.
    profile: &'static [(&'static str, f64, f64)],
}

const fn fraction(numerator_places: i32, denominator_places: i32, noise: f64) -> Shape {
    Shape::Fraction {
        stock: false,
        numerator_places,
        denominator_places,
        noise,
    }
}

const fn fraction_of_stock(numerator_places: i32, noise: f64) -> Shape {
    Shape::Fraction {
        stock: true,
        numerator_places,
        denominator_places: 0,
        noise,
    }
}

const fn plan(
    outlook: Outlook,
    shape: Shape,
    profile: &'static [(&'static str, f64, f64)],
) -> Plan {
    Plan {
        outlook: Some(outlook),
        shape,
        profile,
    }
}

const fn scripted(
    outlook: Outlook,
    script: &'static [(&'static str, &'static [Scripted])],
) -> Plan {
    Plan {
        outlook: Some(outlook),
        shape: Shape::Script(script),
        profile: &[],
    }
}

/// Suppliers contracted per month, shared by the two screening indicators.
const NEW_SUPPLIERS: [(&str, f64); 8] = [
    (RKEF, 14.0),
    (HPAL, 9.0),
    (POWER, 6.0),
    (MATTE, 5.0),
    (REFINERY, 5.0),
    (PCAM, 6.0),
    (CELL, 8.0),
    (MINE, 7.0),
];

/// The plan of each indicator that has figures in January–October 2026 (the annual ones,
/// CE-09, SK-06 and SC-05, have none: their first period ends on 31 December; CE-01 and CE-02
/// are computed from the GHG inventory, `super::activity`).
fn plan_for(code: &str) -> Option<Plan> {
    use Outlook::{AtRisk, OffTrack, OnTrack};
    let plan = match code {
        // MWh per month; the power company's generation dominates the pool.
        "CE-03" => plan(
            OffTrack,
            fraction(0, -1, 0.05),
            &[
                (POWER, 900_000.0, 1.0),
                (REFINERY, 40_000.0, 1.2),
                (PCAM, 30_000.0, 2.0),
                (CELL, 15_000.0, 3.0),
            ],
        ),
        // GJ ÷ t Ni.
        "CE-04" => plan(
            OnTrack,
            fraction(0, 0, 0.03),
            &[
                (RKEF, 5_000.0, 1.15),
                (HPAL, 1_500.0, 0.55),
                (MATTE, 1_200.0, 0.90),
                (REFINERY, 800.0, 0.30),
                (PCAM, 600.0, 0.25),
            ],
        ),
        // t residue per month (≈ 100 t residue per t Ni (e)).
        "CE-06" => plan(AtRisk, fraction(-1, -2, 0.01), &[(HPAL, 200_000.0, 1.0)]),
        // ML per month of recycled + fresh water.
        "CE-07" => plan(
            OnTrack,
            fraction(1, 1, 0.05),
            &[
                (RKEF, 900.0, 0.8),
                (HPAL, 1_500.0, 1.2),
                (POWER, 600.0, 0.9),
                (REFINERY, 300.0, 1.1),
                (PCAM, 250.0, 1.0),
                (CELL, 80.0, 0.7),
            ],
        ),
        // Training hours ÷ employee-years (headcount ÷ 12 per month).
        "SK-01" => plan(
            OnTrack,
            fraction(0, 1, 0.06),
            &[
                (RKEF, HC_RKEF / 12.0, 1.0),
                (HPAL, HC_HPAL / 12.0, 1.1),
                (POWER, HC_POWER / 12.0, 0.9),
                (MATTE, HC_MATTE / 12.0, 1.0),
                (REFINERY, HC_REFINERY / 12.0, 1.2),
                (PCAM, HC_PCAM / 12.0, 1.15),
                (CELL, HC_CELL / 12.0, 1.4),
                (MINE, HC_MINE / 12.0, 0.75),
            ],
        ),
        // Shares of the park's people trained to date.
        "SK-02" => plan(
            OnTrack,
            Shape::Stock {
                places: 0,
                noise: 0.15,
            },
            &[
                (RKEF, 0.36, 1.0),
                (HPAL, 0.16, 1.0),
                (POWER, 0.07, 1.0),
                (MATTE, 0.11, 1.0),
                (REFINERY, 0.06, 1.0),
                (PCAM, 0.07, 1.0),
                (CELL, 0.04, 1.0),
                (MINE, 0.13, 1.0),
            ],
        ),
        "SK-03" => plan(
            OnTrack,
            Shape::Flow {
                places: 0,
                noise: 0.12,
            },
            &[
                (RKEF, 0.40, 1.0),
                (HPAL, 0.20, 1.0),
                (POWER, 0.10, 1.0),
                (MATTE, 0.15, 1.0),
                (MINE, 0.15, 1.0),
            ],
        ),
        // Supervisory and technical roles ≈ 15% of the headcount.
        "SK-04" => plan(
            OnTrack,
            fraction_of_stock(0, 0.03),
            &[
                (RKEF, HC_RKEF * 0.15, 0.95),
                (HPAL, HC_HPAL * 0.15, 0.90),
                (POWER, HC_POWER * 0.15, 1.05),
                (MATTE, HC_MATTE * 0.15, 0.95),
                (REFINERY, HC_REFINERY * 0.15, 1.0),
                (PCAM, HC_PCAM * 0.15, 1.0),
                (CELL, HC_CELL * 0.15, 0.85),
                (MINE, HC_MINE * 0.15, 1.2),
            ],
        ),
        "SK-05" => plan(
            AtRisk,
            fraction_of_stock(0, 0.03),
            &[
                (RKEF, HC_RKEF, 0.8),
                (HPAL, HC_HPAL, 1.0),
                (POWER, HC_POWER, 0.7),
                (MATTE, HC_MATTE, 0.8),
                (REFINERY, HC_REFINERY, 1.5),
                (PCAM, HC_PCAM, 1.6),
                (CELL, HC_CELL, 2.2),
                (MINE, HC_MINE, 0.6),
            ],
        ),
        // Lost-time injuries ÷ million hours (≈ 200 h per person per month).
        "SK-07" => plan(
            OnTrack,
            fraction(0, 3, 0.10),
            &[
                (RKEF, HC_RKEF * 200.0 / 1e6, 1.1),
                (HPAL, HC_HPAL * 200.0 / 1e6, 0.8),
                (POWER, HC_POWER * 200.0 / 1e6, 0.6),
                (MATTE, HC_MATTE * 200.0 / 1e6, 1.0),
                (REFINERY, HC_REFINERY * 200.0 / 1e6, 0.7),
                (PCAM, HC_PCAM * 200.0 / 1e6, 0.7),
                (CELL, HC_CELL * 200.0 / 1e6, 0.9),
                (MINE, HC_MINE * 200.0 / 1e6, 1.5),
            ],
        ),
        "SK-08" => scripted(
            OnTrack,
            &[(
                OFFICE,
                &[Scripted::Stage(1), Scripted::Stage(1), Scripted::Stage(2)],
            )],
        ),
        // Origin within North Maluku: the mine hires mostly from the ring-1 villages.
        "CM-01" => plan(
            OnTrack,
            fraction_of_stock(0, 0.02),
            &[
                (RKEF, HC_RKEF, 0.95),
                (HPAL, HC_HPAL, 0.90),
                (POWER, HC_POWER, 1.0),
                (MATTE, HC_MATTE, 0.90),
                (REFINERY, HC_REFINERY, 0.85),
                (PCAM, HC_PCAM, 0.90),
                (CELL, HC_CELL, 0.80),
                (MINE, HC_MINE, 1.45),
            ],
        ),
        // IDR bn of procurement per month; coal dominates the power company's spend.
        "CM-02" => plan(
            AtRisk,
            fraction(1, 1, 0.05),
            &[
                (RKEF, 1_600.0, 1.0),
                (HPAL, 1_100.0, 0.8),
                (POWER, 900.0, 0.5),
                (MATTE, 500.0, 0.9),
                (REFINERY, 400.0, 0.7),
                (MINE, 350.0, 3.0),
            ],
        ),
        "CM-03" => plan(
            OnTrack,
            Shape::Flow {
                places: 1,
                noise: 0.08,
            },
            &[
                (RKEF, 0.45, 1.0),
                (HPAL, 0.20, 1.0),
                (POWER, 0.15, 1.0),
                (MINE, 0.20, 1.0),
            ],
        ),
        "CM-04" => plan(
            OnTrack,
            Shape::Flow {
                places: 1,
                noise: 0.10,
            },
            &[(RKEF, 0.50, 1.0), (HPAL, 0.25, 1.0), (MINE, 0.25, 1.0)],
        ),
        // Grievances falling due per month.
        "CM-05" => plan(
            OffTrack,
            fraction(0, 0, 0.06),
            &[
                (RKEF, 26.0, 1.0),
                (HPAL, 12.0, 1.1),
                (POWER, 15.0, 0.9),
                (MINE, 31.0, 0.95),
            ],
        ),
        // Ten ring-1 villages; six with an agreed plan by June.
        "CM-06" => scripted(OnTrack, &[(OFFICE, &[Scripted::Fraction(6.0, 10.0)])]),
        "CM-07" => plan(
            AtRisk,
            Shape::Stock {
                places: 1,
                noise: 0.10,
            },
            &[(POWER, 0.4, 1.0), (MINE, 0.6, 1.0)],
        ),
        // River samples per month.
        "CM-08" => plan(
            OffTrack,
            fraction(0, 0, 0.05),
            &[(HPAL, 16.0, 1.0), (POWER, 12.0, 1.05), (MINE, 20.0, 0.95)],
        ),
        // Wet tonnes of ore per month; the mine itself is not assured yet.
        "SC-01" => plan(
            OffTrack,
            fraction(-2, -2, 0.08),
            &[
                (RKEF, 300_000.0, 1.4),
                (HPAL, 250_000.0, 1.6),
                (MINE, 400_000.0, 0.0),
            ],
        ),
        "SC-02" => plan(
            OnTrack,
            fraction(0, 0, 0.08),
            &[
                (NEW_SUPPLIERS[0].0, NEW_SUPPLIERS[0].1, 1.1),
                (NEW_SUPPLIERS[1].0, NEW_SUPPLIERS[1].1, 1.0),
                (NEW_SUPPLIERS[2].0, NEW_SUPPLIERS[2].1, 0.8),
                (NEW_SUPPLIERS[3].0, NEW_SUPPLIERS[3].1, 1.0),
                (NEW_SUPPLIERS[4].0, NEW_SUPPLIERS[4].1, 1.0),
                (NEW_SUPPLIERS[5].0, NEW_SUPPLIERS[5].1, 1.2),
                (NEW_SUPPLIERS[6].0, NEW_SUPPLIERS[6].1, 1.3),
                (NEW_SUPPLIERS[7].0, NEW_SUPPLIERS[7].1, 0.6),
            ],
        ),
        "SC-03" => plan(
            AtRisk,
            fraction(0, 0, 0.08),
            &[
                (NEW_SUPPLIERS[0].0, NEW_SUPPLIERS[0].1, 1.0),
                (NEW_SUPPLIERS[1].0, NEW_SUPPLIERS[1].1, 0.9),
                (NEW_SUPPLIERS[2].0, NEW_SUPPLIERS[2].1, 0.8),
                (NEW_SUPPLIERS[3].0, NEW_SUPPLIERS[3].1, 1.1),
                (NEW_SUPPLIERS[4].0, NEW_SUPPLIERS[4].1, 1.1),
                (NEW_SUPPLIERS[5].0, NEW_SUPPLIERS[5].1, 1.3),
                (NEW_SUPPLIERS[6].0, NEW_SUPPLIERS[6].1, 1.2),
                (NEW_SUPPLIERS[7].0, NEW_SUPPLIERS[7].1, 0.7),
            ],
        ),
        "SC-04" => plan(
            OnTrack,
            fraction(-2, -2, 0.02),
            &[
                (RKEF, 300_000.0, 1.0),
                (HPAL, 250_000.0, 1.04),
                (MINE, 400_000.0, 0.97),
            ],
        ),
        "SC-06" => scripted(
            OnTrack,
            &[
                (REFINERY, &[Scripted::Value(1.0)]),
                (PCAM, &[Scripted::Value(1.0)]),
            ],
        ),
        // Haul trucks in service.
        "SC-07" => plan(
            AtRisk,
            fraction_of_stock(0, 0.05),
            &[
                (MINE, 420.0, 0.9),
                (RKEF, 120.0, 1.2),
                (POWER, 90.0, 1.3),
                (HPAL, 80.0, 1.0),
            ],
        ),
        // Still stage 0 in June while stage 1 is due by December: half a step behind, at risk.
        "SC-08" => scripted(AtRisk, &[(OFFICE, &[Scripted::Stage(0)])]),
        _ => return None,
    };
    Some(plan)
}

/// The designed outlook of an indicator (None: no figures in 2026 yet).
#[cfg(test)]
pub(crate) fn outlook(code: &str) -> Option<Outlook> {
    plan_for(code).and_then(|p| p.outlook)
}

/// The organisations a plan has figures for (to check it against the assignments).
#[cfg(test)]
pub(crate) fn planned_organisations(code: &str) -> Vec<&'static str> {
    match plan_for(code) {
        None => Vec::new(),
        Some(Plan {
            shape: Shape::Script(script),
            ..
        }) => script.iter().map(|(o, _)| *o).collect(),
        Some(plan) => plan.profile.iter().map(|(o, _, _)| *o).collect(),
    }
}

// ---------------------------------------------------------------------------------------------
// Pass 1: what happened to each report, and when
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Missing,
    Draft,
    Submitted,
    Approved,
    Returned,
    /// Returned, corrected by the tenant, resubmitted and approved.
    Corrected,
}

impl Outcome {
    fn is_approved(self) -> bool {
        matches!(self, Outcome::Approved | Outcome::Corrected)
    }
}

/// The moments of a report's life (a `None` step did not happen).
#[derive(Debug, Clone, Copy)]
struct Timeline {
    created: DateTime<Utc>,
    submitted: Option<DateTime<Utc>>,
    returned: Option<DateTime<Utc>>,
    corrected: Option<DateTime<Utc>>,
    resubmitted: Option<DateTime<Utc>>,
    reviewed: Option<DateTime<Utc>>,
}

/// One expected report (an assignment and a closed period) before its figure is known.
struct Report {
    assignment: &'static Assignment,
    indicator: &'static Indicator,
    period: Period,
    outcome: Outcome,
    timeline: Option<Timeline>,
    data_quality: DataQuality,
    assurance: Assurance,
    comment: String,
    evidence_url: Option<String>,
    review_note: Option<String>,
}

const REVIEW_NOTES: &[&str] = &[
    "Please attach the evidence (meter readings, invoices or the register extract) for this figure.",
    "The figure is far from last period's; please confirm it or explain the change in a comment.",
    "The denominator does not match the headcount reported for the same period; please reconcile.",
    "On-site contractors' employees seem to be missing; please include them.",
];

const COMMENTS: &[&str] = &[
    "Includes on-site contractors.",
    "Compiled from the new ERP; earlier months were compiled by hand.",
    "The last month of the period is estimated; meter data is pending.",
    "Heavy rain in the period slowed hauling and construction.",
    "One production line was down for maintenance for two weeks.",
    "Figure checked by the site's internal audit team.",
];

/// Days from the period's end to the demo date; the reports of a period that ended recently
/// are still moving through review.
fn days_since_end(period: &Period) -> i64 {
    (DEMO_DATE - period.end()).num_days()
}

/// Whether the reviewers have been through an indicator's reports for a recent period yet.
/// They review an indicator's period as a batch, so a recent period is either still waiting
/// or reviewed for every tenant (which keeps park sums from counting half a period); they
/// clear the quarterly and half-yearly reports first, the monthly ones later.
fn batch_reviewed(indicator: &Indicator, period: &Period) -> bool {
    let chance = if indicator.frequency == Frequency::Monthly {
        0.1
    } else {
        0.3
    };
    let start = period.start().to_string();
    SplitMix64::keyed(&[indicator.code, &start, "review batch"]).chance(chance)
}

fn decide_outcome(
    rng: &mut SplitMix64,
    assignment: &Assignment,
    indicator: &Indicator,
    period: &Period,
) -> Outcome {
    let organisation = assignment.organisation;
    if organisation == OFFICE {
        return Outcome::Approved;
    }
    let habits = habits(organisation);
    let age = days_since_end(period);
    // (missing, draft, returned, submitted); the rest is approved.
    let (missing, draft, returned, submitted) = if age <= 30 {
        // Due date not reached yet: nothing is approved so far.
        (0.06 + habits.missing, 0.20, 0.05, 1.0)
    } else if age <= 75 {
        if batch_reviewed(indicator, period) {
            (habits.missing, 0.02, 0.08, 0.0)
        } else {
            (habits.missing, 0.05, 0.0, 1.0)
        }
    } else if age <= 120 {
        (habits.missing * 0.7, 0.01, 0.05, 0.06)
    } else {
        (habits.missing * 0.5, 0.0, 0.02, 0.01)
    };
    let roll = rng.unit();
    let mut threshold = missing;
    if roll < threshold {
        return Outcome::Missing;
    }
    threshold += draft;
    if roll < threshold {
        return Outcome::Draft;
    }
    threshold += returned;
    if roll < threshold {
        return Outcome::Returned;
    }
    threshold += submitted;
    if roll < threshold {
        return Outcome::Submitted;
    }
    // Of the approved older reports, a few went through a return and a correction first.
    if age > 75 && rng.chance(0.07) {
        Outcome::Corrected
    } else {
        Outcome::Approved
    }
}

fn moment(
    rng: &mut SplitMix64,
    end: NaiveDate,
    days_after: i64,
    hours: (i64, i64),
) -> DateTime<Utc> {
    let day = end + Days::new(days_after.max(0) as u64);
    let hour = rng.between(hours.0, hours.1) as u32;
    let minute = rng.between(0, 59) as u32;
    at(day, hour, minute)
}

/// Day offsets from the period's end: creation on day ≥ 1, submission within the 30-day grace
/// period unless late, review a few days later; nothing after the day before the demo date.
/// Creations happen at 01–03 UTC, corrections at 04, submissions at 05–07, reviews at 02–09
/// on a later day, so a report's steps are strictly ordered.
fn schedule(
    rng: &mut SplitMix64,
    outcome: Outcome,
    period: &Period,
    late: bool,
) -> Option<Timeline> {
    let end = period.end();
    let last = days_since_end(period) - 1;
    let room = match outcome {
        Outcome::Missing => return None,
        Outcome::Draft => {
            let created = rng.between(1, last.min(25));
            return Some(Timeline {
                created: moment(rng, end, created, (1, 3)),
                submitted: None,
                returned: None,
                corrected: None,
                resubmitted: None,
                reviewed: None,
            });
        }
        Outcome::Submitted => 0,
        Outcome::Approved | Outcome::Returned => 2,
        Outcome::Corrected => 9,
    };
    let latest_submission = last - room;
    let submitted_day = if late && latest_submission >= 31 {
        rng.between(31, latest_submission.min(70))
    } else {
        rng.between(2, latest_submission.min(27))
    };
    let created_day = (submitted_day - rng.between(0, 4)).max(1);
    let created = moment(rng, end, created_day, (1, 3));
    let submitted = moment(rng, end, submitted_day, (5, 7));
    let mut timeline = Timeline {
        created,
        submitted: Some(submitted),
        returned: None,
        corrected: None,
        resubmitted: None,
        reviewed: None,
    };
    match outcome {
        Outcome::Approved | Outcome::Returned => {
            let reviewed_day = submitted_day + rng.between(2, (last - submitted_day).min(14));
            let reviewed = moment(rng, end, reviewed_day, (2, 9));
            if outcome == Outcome::Returned {
                timeline.returned = Some(reviewed);
            } else {
                timeline.reviewed = Some(reviewed);
            }
        }
        Outcome::Corrected => {
            let returned_day = submitted_day + rng.between(2, 4);
            let corrected_day = returned_day + rng.between(1, 3);
            let approved_day = corrected_day + rng.between(1, 2);
            timeline.returned = Some(moment(rng, end, returned_day, (2, 9)));
            timeline.corrected = Some(moment(rng, end, corrected_day, (4, 4)));
            timeline.resubmitted = Some(moment(rng, end, corrected_day, (5, 7)));
            timeline.reviewed = Some(moment(rng, end, approved_day, (2, 9)));
        }
        Outcome::Missing | Outcome::Draft | Outcome::Submitted => {}
    }
    Some(timeline)
}

fn base_quality(code: &str) -> DataQuality {
    match code {
        // Emissions and energy are calculated from activity data and factors.
        "CE-04" | "SK-01" => DataQuality::Calculated,
        _ => DataQuality::Measured,
    }
}

fn evidence_url(assignment: &Assignment, period: &Period, indicator: &Indicator) -> String {
    format!(
        "https://example.org/demo/evidence/{}/{}-{}.pdf",
        assignment.organisation.to_lowercase(),
        assignment.indicator.to_lowercase(),
        period.label(indicator.frequency).to_lowercase(),
    )
}

/// Every expected report of every assignment, in assignment then period order.
fn plan_reports() -> Vec<Report> {
    let mut reports = Vec::new();
    for assignment in ASSIGNMENTS {
        let indicator =
            indicator(assignment.indicator).expect("assignments name catalogue indicators");
        // Computed indicators take their figures from activity data, never from reports.
        if indicator.computed_from.is_some() {
            continue;
        }
        for period in periods_between(indicator.frequency, assignment.starts_on, REPORTS_UNTIL) {
            let label = period.label(indicator.frequency);
            let mut rng = SplitMix64::keyed(&[
                assignment.indicator,
                assignment.organisation,
                &label,
                "report",
            ]);
            let outcome = decide_outcome(&mut rng, assignment, indicator, &period);
            let late =
                outcome != Outcome::Draft && rng.chance(habits(assignment.organisation).late);
            let timeline = schedule(&mut rng, outcome, &period, late);
            let data_quality =
                if rng.chance(0.10) || (assignment.organisation == CELL && rng.chance(0.2)) {
                    DataQuality::Estimated
                } else if rng.chance(0.12) {
                    // Some tenants calculate what others meter, and the reverse.
                    match base_quality(assignment.indicator) {
                        DataQuality::Measured => DataQuality::Calculated,
                        _ => DataQuality::Measured,
                    }
                } else {
                    base_quality(assignment.indicator)
                };
            let assurance = if outcome.is_approved()
                // The energy figures the verifier checked beside the GHG inventory.
                && matches!(assignment.indicator, "CE-03" | "CE-04")
                && matches!(assignment.organisation, RKEF | POWER)
                && period.end() <= super::model::date(2026, 6, 30)
            {
                Assurance::Limited
            } else {
                Assurance::None
            };
            let comment = if rng.chance(0.12) {
                rng.pick(COMMENTS).to_string()
            } else {
                String::new()
            };
            let evidence_url = (outcome != Outcome::Draft
                && (rng.chance(0.3)
                    || outcome == Outcome::Corrected
                    || assignment.organisation == OFFICE))
                .then(|| evidence_url(assignment, &period, indicator));
            let review_note = matches!(outcome, Outcome::Returned | Outcome::Corrected)
                .then(|| rng.pick(REVIEW_NOTES).to_string());
            reports.push(Report {
                assignment,
                indicator,
                period,
                outcome,
                timeline,
                data_quality,
                assurance,
                comment,
                evidence_url,
                review_note,
            });
        }
    }
    reports
}

// ---------------------------------------------------------------------------------------------
// Pass 2: the figures
// ---------------------------------------------------------------------------------------------

/// Share of 2026 elapsed at the end of the day `date` (the target path is interpolated by days
/// from 2025-12-31 to 2026-12-31).
fn tau(date: NaiveDate) -> f64 {
    (date - super::model::date(2025, 12, 31)).num_days() as f64 / 365.0
}

const POWERS_OF_TEN: [f64; 7] = [1.0, 10.0, 100.0, 1_000.0, 10_000.0, 100_000.0, 1_000_000.0];

/// Rounds to `places` decimal places (negative: to tens, hundreds…), through an exact power of
/// ten so that a figure like 12.3 is stored as the double nearest to 12.3.
fn round_to(x: f64, places: i32) -> f64 {
    let scale = POWERS_OF_TEN[places.unsigned_abs() as usize];
    if places >= 0 {
        (x * scale).round() / scale
    } else {
        (x / scale).round() * scale
    }
}

fn smallest(places: i32) -> f64 {
    let scale = POWERS_OF_TEN[places.unsigned_abs() as usize];
    if places >= 0 { 1.0 / scale } else { scale }
}

/// The values the generator aims at for one indicator, from its target path and the set of
/// periods that have official figures.
struct Aim {
    /// The official year-to-date figure to build (annual rate for flows, stock for stocks).
    desired: f64,
    /// Periods with at least one approved report, and the latest of them.
    approved_periods: BTreeSet<Period>,
    latest: Option<Period>,
    /// Slope of the park-level series per unit of `tau`, and the mean `tau` of the approved
    /// periods (the series is centred there).
    slope: f64,
    mean_tau: f64,
}

fn aim(indicator: &Indicator, outlook: Outlook, reports: &[&Report]) -> Aim {
    let approved_periods: BTreeSet<Period> = reports
        .iter()
        .filter(|r| r.outcome.is_approved())
        .map(|r| r.period)
        .collect();
    let latest = approved_periods.iter().next_back().copied();
    let tau_latest = match latest {
        Some(p) => tau(p.end()),
        None => reports
            .iter()
            .map(|r| tau(r.period.end()))
            .fold(0.0, f64::max),
    };
    let mean_tau = if approved_periods.is_empty() {
        tau_latest
    } else {
        approved_periods.iter().map(|p| tau(p.end())).sum::<f64>() / approved_periods.len() as f64
    };
    let baseline = indicator.baseline_value;
    let target = indicator
        .target(2026)
        .expect("every catalogue indicator has a 2026 target");
    let change = target - baseline;
    let expected = baseline + change * tau_latest;
    let good_side = match indicator.direction {
        Direction::HigherIsBetter => 1.0,
        Direction::LowerIsBetter => -1.0,
    };
    let desired = expected - good_side * outlook.shortfall() * change.abs();
    Aim {
        desired,
        approved_periods,
        latest,
        slope: change * outlook.trend(),
        mean_tau,
    }
}

/// Rounds one organisation's series in period order, carrying the rounding error forward so
/// that sums over periods stay close to the unrounded total (whole injuries, whole samples).
fn round_series(values: &mut [f64], places: i32) {
    let mut carry = 0.0;
    for v in values.iter_mut() {
        let wanted = *v + carry;
        // `+ 0.0` turns a rounded −0.0 into 0.0.
        let rounded = round_to(wanted, places).max(0.0) + 0.0;
        carry = wanted - rounded;
        *v = rounded;
    }
}

/// Reports grouped by organisation, each group in period order (indices into `reports`).
fn by_organisation(reports: &[&Report]) -> BTreeMap<&'static str, Vec<usize>> {
    let mut groups: BTreeMap<&'static str, Vec<usize>> = BTreeMap::new();
    for (i, report) in reports.iter().enumerate() {
        groups
            .entry(report.assignment.organisation)
            .or_default()
            .push(i);
    }
    for indices in groups.values_mut() {
        indices.sort_by_key(|&i| reports[i].period);
    }
    groups
}

fn noise(report: &Report, amplitude: f64, what: &str) -> f64 {
    let label = report.period.label(report.indicator.frequency);
    let mut rng = SplitMix64::keyed(&[
        report.indicator.code,
        report.assignment.organisation,
        &label,
        what,
    ]);
    1.0 + rng.symmetric(amplitude)
}

fn profile_of(plan: &Plan, organisation: &str) -> (f64, f64) {
    plan.profile
        .iter()
        .find(|(o, _, _)| *o == organisation)
        .map(|(_, w, l)| (*w, *l))
        .unwrap_or_else(|| panic!("no generator profile for {organisation}"))
}

/// The figures of one indicator's reports, in the order given.
fn figures(indicator: &Indicator, plan: &Plan, reports: &[&Report]) -> Vec<Figure> {
    let outlook = plan.outlook.unwrap_or(Outlook::OnTrack);
    let aim = aim(indicator, outlook, reports);
    let level_at = |t: f64| aim.desired + aim.slope * (t - aim.mean_tau);
    match plan.shape {
        Shape::Script(script) => reports
            .iter()
            .map(|r| {
                let (_, values) = script
                    .iter()
                    .find(|(o, _)| *o == r.assignment.organisation)
                    .expect("scripts cover their indicator's assignments");
                let index =
                    periods_between(indicator.frequency, r.assignment.starts_on, REPORTS_UNTIL)
                        .iter()
                        .position(|p| *p == r.period)
                        .expect("a report's period is one of its assignment's periods");
                match values[index] {
                    Scripted::Value(v) => value_figure(v),
                    Scripted::Fraction(n, d) => fraction_figure(n, d),
                    Scripted::Stage(s) => Figure {
                        value: None,
                        numerator: None,
                        denominator: None,
                        stage: Some(s),
                    },
                }
            })
            .collect(),
        Shape::Fraction {
            stock,
            numerator_places,
            denominator_places,
            noise: amplitude,
        } => {
            let unit = if indicator.kind == IndicatorKind::Percentage {
                100.0
            } else {
                1.0
            };
            // Normalise the tenants' levels so that the denominator-weighted mean is 1.
            let total_weight: f64 = plan.profile.iter().map(|(_, w, _)| w).sum();
            let weighted_level: f64 =
                plan.profile.iter().map(|(_, w, l)| w * l).sum::<f64>() / total_weight;
            let mut numerators = Vec::with_capacity(reports.len());
            let mut denominators = Vec::with_capacity(reports.len());
            for r in reports {
                let (weight, level) = profile_of(plan, r.assignment.organisation);
                let t = tau(r.period.end());
                let months = if stock {
                    1.0
                } else {
                    f64::from(indicator.frequency.months())
                };
                let denominator = round_to(
                    weight
                        * months
                        * growth(r.assignment.organisation, t)
                        * noise(r, 0.04, "denominator"),
                    denominator_places,
                )
                .max(smallest(denominator_places));
                let ratio = level_at(t) * level / weighted_level * noise(r, amplitude, "ratio");
                numerators.push((ratio / unit * denominator).max(0.0));
                denominators.push(denominator);
            }
            // One scale for the whole indicator, so that the official pooled figure is the aim.
            let (n, d) = reports
                .iter()
                .enumerate()
                .filter(|(_, r)| r.outcome.is_approved())
                .fold((0.0, 0.0), |(n, d), (i, _)| {
                    (n + numerators[i], d + denominators[i])
                });
            if n > 0.0 && d > 0.0 {
                let scale = aim.desired / (unit * n / d);
                numerators.iter_mut().for_each(|x| *x *= scale);
            }
            for indices in by_organisation(reports).values() {
                let mut series: Vec<f64> = indices.iter().map(|&i| numerators[i]).collect();
                round_series(&mut series, numerator_places);
                for (k, &i) in indices.iter().enumerate() {
                    numerators[i] = if unit == 100.0 {
                        series[k].min(denominators[i])
                    } else {
                        series[k]
                    };
                }
            }
            numerators
                .iter()
                .zip(&denominators)
                .map(|(n, d)| fraction_figure(*n, *d))
                .collect()
        }
        Shape::Flow {
            places,
            noise: amplitude,
        } => {
            let total_share: f64 = plan.profile.iter().map(|(_, w, _)| w).sum();
            let months = f64::from(indicator.frequency.months());
            let mut values: Vec<f64> = reports
                .iter()
                .map(|r| {
                    let (share, _) = profile_of(plan, r.assignment.organisation);
                    let annual_rate = level_at(tau(r.period.end()));
                    (annual_rate * months / 12.0 * share / total_share
                        * noise(r, amplitude, "value"))
                    .max(0.0)
                })
                .collect();
            // Annualised official figure: Σ approved × periods a year ÷ periods with figures.
            let approved_sum: f64 = reports
                .iter()
                .zip(&values)
                .filter(|(r, _)| r.outcome.is_approved())
                .map(|(_, v)| v)
                .sum();
            if approved_sum > 0.0 && !aim.approved_periods.is_empty() {
                let annualised = approved_sum * 12.0 / months / aim.approved_periods.len() as f64;
                let scale = aim.desired / annualised;
                values.iter_mut().for_each(|v| *v *= scale);
            }
            for indices in by_organisation(reports).values() {
                let mut series: Vec<f64> = indices.iter().map(|&i| values[i]).collect();
                round_series(&mut series, places);
                for (k, &i) in indices.iter().enumerate() {
                    values[i] = series[k];
                }
            }
            values.into_iter().map(value_figure).collect()
        }
        Shape::Stock {
            places,
            noise: amplitude,
        } => {
            let total_share: f64 = plan.profile.iter().map(|(_, w, _)| w).sum();
            let baseline = indicator.baseline_value;
            let tau_latest = aim.latest.map_or(1.0, |p| tau(p.end()));
            // The park's stock grows in a straight line from the baseline to the aim.
            let park_stock = |t: f64| baseline + (aim.desired - baseline) * t / tau_latest;
            let mut values = vec![0.0; reports.len()];
            for (organisation, indices) in by_organisation(reports) {
                let (share, _) = profile_of(plan, organisation);
                let share = share / total_share;
                let mut stock = share * baseline;
                let mut previous_tau = 0.0;
                for &i in &indices {
                    let t = tau(reports[i].period.end());
                    let increment = share * (park_stock(t) - park_stock(previous_tau)).max(0.0);
                    stock += increment * noise(reports[i], amplitude, "increment");
                    values[i] = stock;
                    previous_tau = t;
                }
            }
            // Official figure: the latest approved period's sum over its approved reports.
            if let Some(latest) = aim.latest {
                let official: f64 = reports
                    .iter()
                    .zip(&values)
                    .filter(|(r, _)| r.outcome.is_approved() && r.period == latest)
                    .map(|(_, v)| v)
                    .sum();
                if official > 0.0 {
                    let scale = aim.desired / official;
                    values.iter_mut().for_each(|v| *v *= scale);
                }
            }
            // Rounding a non-decreasing series with a monotone rule keeps it non-decreasing.
            values
                .into_iter()
                .map(|v| value_figure(round_to(v, places)))
                .collect()
        }
    }
}

fn value_figure(value: f64) -> Figure {
    Figure {
        value: Some(value),
        numerator: None,
        denominator: None,
        stage: None,
    }
}

fn fraction_figure(numerator: f64, denominator: f64) -> Figure {
    Figure {
        value: None,
        numerator: Some(numerator),
        denominator: Some(denominator),
        stage: None,
    }
}

/// What the tenant first submitted before a review sent it back: off by a tenth, in the
/// denominator for fractions.
fn before_correction(figure: Figure, places: Option<i32>) -> Figure {
    let off = |x: f64| round_to(x * 1.1, places.unwrap_or(0));
    match figure {
        Figure {
            numerator: Some(n),
            denominator: Some(d),
            ..
        } => {
            let d = off(d).max(d + smallest(places.unwrap_or(0)));
            fraction_figure(n.min(d), d)
        }
        Figure { value: Some(v), .. } => value_figure(off(v)),
        other => other,
    }
}

fn figure_places(plan: &Plan) -> Option<i32> {
    match plan.shape {
        Shape::Fraction {
            denominator_places, ..
        } => Some(denominator_places),
        Shape::Flow { places, .. } | Shape::Stock { places, .. } => Some(places),
        Shape::Script(_) => None,
    }
}

// ---------------------------------------------------------------------------------------------
// Assembly: reports + figures → observations with their history
// ---------------------------------------------------------------------------------------------

fn history(report: &Report, figure: Figure, places: Option<i32>) -> Vec<Revision> {
    let timeline = report
        .timeline
        .expect("only reports that exist have a history");
    let first_figure = if report.outcome == Outcome::Corrected {
        before_correction(figure, places)
    } else {
        figure
    };
    let draft = Snapshot {
        status: ObservationStatus::Draft,
        figure: first_figure,
        comment: report.comment.clone(),
        first_submitted_at: None,
        submitted_at: None,
        reviewed_at: None,
        review_note: None,
    };
    let mut revisions = vec![Revision {
        version: 1,
        action: RevisionAction::Create,
        changed_at: timeline.created,
        reason: None,
        state: draft.clone(),
    }];
    let mut push = |action: RevisionAction,
                    changed_at: DateTime<Utc>,
                    reason: Option<&str>,
                    state: Snapshot| {
        let version = revisions.len() as i32 + 1;
        revisions.push(Revision {
            version,
            action,
            changed_at,
            reason: reason.map(str::to_string),
            state,
        });
    };
    let Some(submitted_at) = timeline.submitted else {
        return revisions;
    };
    let submitted = Snapshot {
        status: ObservationStatus::Submitted,
        first_submitted_at: Some(submitted_at),
        submitted_at: Some(submitted_at),
        ..draft
    };
    push(
        RevisionAction::Submit,
        submitted_at,
        None,
        submitted.clone(),
    );
    let mut last = submitted;
    if let Some(returned_at) = timeline.returned {
        let returned = Snapshot {
            status: ObservationStatus::Returned,
            reviewed_at: Some(returned_at),
            review_note: report.review_note.clone(),
            ..last
        };
        push(
            RevisionAction::Return,
            returned_at,
            report.review_note.as_deref(),
            returned.clone(),
        );
        last = returned;
    }
    if let (Some(corrected_at), Some(resubmitted_at)) = (timeline.corrected, timeline.resubmitted) {
        let corrected = Snapshot { figure, ..last };
        push(
            RevisionAction::Update,
            corrected_at,
            Some("Corrected as requested in the review."),
            corrected.clone(),
        );
        let resubmitted = Snapshot {
            status: ObservationStatus::Submitted,
            submitted_at: Some(resubmitted_at),
            review_note: None,
            ..corrected
        };
        push(
            RevisionAction::Submit,
            resubmitted_at,
            None,
            resubmitted.clone(),
        );
        last = resubmitted;
    }
    if let Some(reviewed_at) = timeline.reviewed {
        let approved = Snapshot {
            status: ObservationStatus::Approved,
            reviewed_at: Some(reviewed_at),
            ..last
        };
        push(RevisionAction::Approve, reviewed_at, None, approved);
    }
    revisions
}

/// All demo observations, in assignment then period order.
pub(crate) fn generate() -> Vec<Observation> {
    let reports = plan_reports();
    let mut by_indicator: BTreeMap<&'static str, Vec<usize>> = BTreeMap::new();
    for (i, report) in reports.iter().enumerate() {
        by_indicator
            .entry(report.indicator.code)
            .or_default()
            .push(i);
    }
    let mut figures_of: Vec<Option<(Figure, Option<i32>)>> = vec![None; reports.len()];
    for (code, indices) in &by_indicator {
        let indicator = indicator(code).expect("reports name catalogue indicators");
        let plan =
            plan_for(code).unwrap_or_else(|| panic!("{code} has reports but no generator plan"));
        let group: Vec<&Report> = indices.iter().map(|&i| &reports[i]).collect();
        let places = figure_places(&plan);
        for (&i, figure) in indices.iter().zip(figures(indicator, &plan, &group)) {
            figures_of[i] = Some((figure, places));
        }
    }
    reports
        .iter()
        .zip(figures_of)
        .filter(|(r, _)| r.outcome != Outcome::Missing)
        .map(|(report, figure)| {
            let (figure, places) = figure.expect("every report has a figure");
            Observation {
                indicator: report.indicator.code,
                organisation: report.assignment.organisation,
                period: report.period,
                data_quality: report.data_quality,
                assurance: report.assurance,
                evidence_url: report.evidence_url.clone(),
                history: history(report, figure, places),
            }
        })
        .collect()
}

/// How many expected reports are missing (no row), for the report and the tests.
#[cfg(test)]
pub(crate) fn missing_reports() -> usize {
    plan_reports()
        .iter()
        .filter(|r| r.outcome == Outcome::Missing)
        .count()
}
