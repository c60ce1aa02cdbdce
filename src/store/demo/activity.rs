//! The demo tenants' activity data for the greenhouse-gas inventory, January–October 2026:
//! a captive coal power company (DEMO-POWER-C) selling to the smelters and plants of the
//! park, and the grid's few MWh; RKEF and matte carbon balances, HPAL coal, limestone and
//! diesel; nickel contained by the three primary producers. Synthetic and deterministic, sized
//! so that the routes' intensities land where the reference says they do (coal-powered RKEF
//! ≈ 57–70 t CO₂e/t Ni, HPAL ≈ 20), and the power plant runs at ≈ 1.25 t CO₂e/MWh.
//!
//! January–September are approved (one March row approved late, so Q1 was recomputed and its
//! first inventory kept in the history); October has rows submitted, one returned and one
//! draft, so the review page and the tenant's page have something to show.

use chrono::{DateTime, NaiveDate, Utc};

use super::model::{at, date};
use crate::domain::ghg::{Activity, Supplier};
use crate::domain::kinds::{Carbonate, EnergyCarrier, Fuel, FuelUnit, ObservationStatus};

pub const POWER: &str = "DEMO-POWER-C";
const RKEF: &str = "DEMO-RKEF-A";
const HPAL: &str = "DEMO-HPAL-B";
const MATTE: &str = "DEMO-MATTE-D";
const REFINERY: &str = "DEMO-REFINERY-E";
const PCAM: &str = "DEMO-PCAM-F";
const CELL: &str = "DEMO-CELL-G";
const MINE: &str = "DEMO-MINE-H";

/// One demo activity row.
#[derive(Debug, Clone)]
pub struct DemoActivity {
    pub organisation: &'static str,
    pub month: NaiveDate,
    pub activity: Activity,
    /// A purchase's supplier or a delivery's customer, by code (`None`: the grid).
    pub counterparty: Option<&'static str>,
    pub status: ObservationStatus,
    pub review_note: Option<&'static str>,
    pub submitted_at: DateTime<Utc>,
    pub reviewed_at: Option<DateTime<Utc>>,
}

/// A small deterministic monthly swing (±4 %) so the months differ.
fn swing(month: u32, salt: u32) -> f64 {
    1.0 + 0.02 * (f64::from((month * 7 + salt * 3) % 5) - 2.0)
}

fn round(x: f64, places: i32) -> f64 {
    let p = 10f64.powi(places);
    (x * p).round() / p
}

/// The customers of the power company in a month, with the MWh each bought.
fn customers(month: u32) -> Vec<(&'static str, f64)> {
    let mut c = vec![
        (RKEF, 150_000.0 * swing(month, 1)),
        (HPAL, 25_000.0 * swing(month, 2)),
        (MATTE, 45_000.0 * swing(month, 3)),
        (REFINERY, 20_000.0 * swing(month, 4)),
        (PCAM, 12_000.0 * swing(month, 5)),
    ];
    // The cell plant started in July.
    if month >= 7 {
        c.push((CELL, 8_000.0 * swing(month, 6)));
    }
    c.into_iter().map(|(o, m)| (o, round(m, 0))).collect()
}

/// Every demo activity row.
pub fn activity_rows() -> Vec<DemoActivity> {
    let mut rows = Vec::new();
    for month in 1..=10u32 {
        let first = date(2026, month, 1);
        let next = if month == 12 {
            date(2027, 1, 1)
        } else {
            date(2026, month + 1, 1)
        };
        let submitted = at(next, 3, 0) + chrono::Duration::days(9);
        let approved = Some(at(next, 6, 0) + chrono::Duration::days(14));
        let mut push = |organisation, activity, counterparty| {
            rows.push(DemoActivity {
                organisation,
                month: first,
                activity,
                counterparty,
                status: ObservationStatus::Approved,
                review_note: None,
                submitted_at: submitted,
                reviewed_at: approved,
            });
        };
        // The power company: coal (a measured NCV per cargo, Tier 2, except February's spot
        // cargo without one), diesel, and what it delivered.
        let ncv = [16.1, 0.0, 16.3, 15.9, 16.2, 16.0, 16.4, 16.1, 15.8, 16.2][month as usize - 1];
        push(
            POWER,
            Activity::Fuel {
                fuel: Fuel::SubBituminousCoal,
                quantity: round(205_000.0 * swing(month, 7), 0),
                unit: FuelUnit::Tonnes,
                measured_ncv_gj_per_t: (ncv > 0.0).then_some(ncv),
            },
            None,
        );
        push(
            POWER,
            Activity::Fuel {
                fuel: Fuel::Diesel,
                quantity: 60_000.0,
                unit: FuelUnit::Litres,
                measured_ncv_gj_per_t: None,
            },
            None,
        );
        for (customer, mwh) in customers(month) {
            push(
                POWER,
                Activity::Delivery {
                    carrier: EnergyCarrier::Electricity,
                    mwh,
                    customer: None,
                },
                Some(customer),
            );
            push(
                customer,
                Activity::Purchase {
                    carrier: EnergyCarrier::Electricity,
                    mwh,
                    supplier: Supplier::Grid,
                },
                Some(POWER),
            );
        }
        // About 5 MW to the local PLN grid.
        push(
            POWER,
            Activity::Delivery {
                carrier: EnergyCarrier::Electricity,
                mwh: 3_650.0,
                customer: None,
            },
            None,
        );
        // RKEF: reductant and electrode carbon against carbon in ferronickel and slag.
        push(
            RKEF,
            Activity::ProcessCarbon {
                carbon_in_t: round(30_000.0 * swing(month, 8), 0),
                carbon_out_t: round(2_700.0 * swing(month, 8), 0),
            },
            None,
        );
        push(
            RKEF,
            Activity::Fuel {
                fuel: Fuel::Diesel,
                quantity: 300_000.0,
                unit: FuelUnit::Litres,
                measured_ncv_gj_per_t: None,
            },
            None,
        );
        push(
            RKEF,
            Activity::Production {
                nickel_t: round(5_000.0 * swing(month, 1), 0),
            },
            None,
        );
        // Matte converter.
        push(
            MATTE,
            Activity::ProcessCarbon {
                carbon_in_t: round(10_000.0 * swing(month, 9), 0),
                carbon_out_t: 800.0,
            },
            None,
        );
        push(
            MATTE,
            Activity::Fuel {
                fuel: Fuel::Diesel,
                quantity: 100_000.0,
                unit: FuelUnit::Litres,
                measured_ncv_gj_per_t: None,
            },
            None,
        );
        push(
            MATTE,
            Activity::Production {
                nickel_t: round(1_500.0 * swing(month, 3), 0),
            },
            None,
        );
        // HPAL: coal for its boilers (default NCV), limestone for neutralisation, diesel.
        push(
            HPAL,
            Activity::Fuel {
                fuel: Fuel::SubBituminousCoal,
                quantity: round(10_000.0 * swing(month, 2), 0),
                unit: FuelUnit::Tonnes,
                measured_ncv_gj_per_t: None,
            },
            None,
        );
        push(
            HPAL,
            Activity::Carbonate {
                carbonate: Carbonate::Limestone,
                tonnes: round(30_000.0 * swing(month, 2), 0),
            },
            None,
        );
        push(
            HPAL,
            Activity::Fuel {
                fuel: Fuel::Diesel,
                quantity: 150_000.0,
                unit: FuelUnit::Litres,
                measured_ncv_gj_per_t: None,
            },
            None,
        );
        push(
            HPAL,
            Activity::Production {
                nickel_t: round(3_000.0 * swing(month, 2), 0),
            },
            None,
        );
        push(
            REFINERY,
            Activity::Fuel {
                fuel: Fuel::FuelOil,
                quantity: 500.0,
                unit: FuelUnit::Tonnes,
                measured_ncv_gj_per_t: None,
            },
            None,
        );
        push(
            PCAM,
            Activity::Fuel {
                fuel: Fuel::Diesel,
                quantity: 20_000.0,
                unit: FuelUnit::Litres,
                measured_ncv_gj_per_t: None,
            },
            None,
        );
        // The mine: its haul fleet's diesel and the camp on the PLN grid.
        push(
            MINE,
            Activity::Fuel {
                fuel: Fuel::Diesel,
                quantity: round(2_000_000.0 * swing(month, 4), 0),
                unit: FuelUnit::Litres,
                measured_ncv_gj_per_t: None,
            },
            None,
        );
        push(
            MINE,
            Activity::Purchase {
                carrier: EnergyCarrier::Electricity,
                mwh: 800.0,
                supplier: Supplier::Grid,
            },
            None,
        );
    }
    // October: awaiting review, except the mine's diesel (returned: litres or cubic metres?)
    // and the cell plant's purchase (still a draft).
    for row in rows.iter_mut().filter(|r| r.month == date(2026, 10, 1)) {
        row.reviewed_at = None;
        row.status = ObservationStatus::Submitted;
        if row.organisation == MINE && matches!(row.activity, Activity::Fuel { .. }) {
            row.status = ObservationStatus::Returned;
            row.review_note = Some(
                "Is this litres or cubic metres? The figure is 1,000 times the usual. / Liter atau meter kubik? Angkanya 1.000 kali biasanya.",
            );
            row.reviewed_at = Some(at(date(2026, 11, 20), 6, 0));
            if let Activity::Fuel { quantity, .. } = &mut row.activity {
                *quantity *= 1000.0;
            }
        }
        if row.organisation == CELL {
            row.status = ObservationStatus::Draft;
        }
    }
    // March's mine diesel was approved late (after Q1's first inventory).
    for row in rows.iter_mut().filter(|r| {
        r.month == date(2026, 3, 1)
            && r.organisation == MINE
            && matches!(r.activity, Activity::Fuel { .. })
    }) {
        row.reviewed_at = Some(at(date(2026, 5, 12), 6, 0));
    }
    rows
}

/// When the inventories of the demo are computed: each quarter three weeks after its rows
/// were approved, and Q1 again after its late row: (quarter start, computed at, rows approved
/// by then, reason).
pub fn inventory_runs() -> Vec<(NaiveDate, DateTime<Utc>, &'static str)> {
    vec![
        (
            date(2026, 1, 1),
            at(date(2026, 5, 5), 2, 0),
            "Quarter closed",
        ),
        (
            date(2026, 1, 1),
            at(date(2026, 5, 13), 2, 0),
            "DEMO-MINE-H March diesel approved late",
        ),
        (
            date(2026, 4, 1),
            at(date(2026, 8, 5), 2, 0),
            "Quarter closed",
        ),
        (
            date(2026, 7, 1),
            at(date(2026, 11, 5), 2, 0),
            "Quarter closed",
        ),
    ]
}
