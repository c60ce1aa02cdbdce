//! Hand-computed inventories. Factors: IPCC 2006 Vol. 2 Ch. 2 defaults (sub-bituminous coal
//! 18.9 GJ/t, 96,100 / 1 / 1.5 kg per TJ; diesel 43.0 GJ/t, 74,100 / 3 / 0.6 kg per TJ,
//! 0.844 kg/L), grid 0.867 t CO₂/MWh, GWP AR5 (CH₄ 28, N₂O 265).

use super::*;

fn ipcc_ar5() -> Factors {
    Factors {
        fuels: vec![
            FuelFactor {
                fuel: Fuel::SubBituminousCoal,
                ncv_gj_per_t: 18.9,
                co2_kg_per_tj: 96_100.0,
                ch4_kg_per_tj: 1.0,
                n2o_kg_per_tj: 1.5,
                density_kg_per_l: None,
            },
            FuelFactor {
                fuel: Fuel::Diesel,
                ncv_gj_per_t: 43.0,
                co2_kg_per_tj: 74_100.0,
                ch4_kg_per_tj: 3.0,
                n2o_kg_per_tj: 0.6,
                density_kg_per_l: Some(0.844),
            },
        ],
        carbonates: vec![(Carbonate::Limestone, 0.43971)],
        grid_t_co2_per_mwh: 0.867,
        gwp: Gwp {
            name: "AR5".into(),
            ch4: 28.0,
            n2o: 265.0,
        },
    }
}

const JAN: NaiveDate = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();

fn org(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

fn row(n: u128, organisation: Uuid, activity: Activity) -> ActivityRow {
    ActivityRow {
        id: Uuid::from_u128(1000 + n),
        organisation,
        month: JAN,
        activity,
    }
}

fn coal(tonnes: f64, ncv: Option<f64>) -> Activity {
    Activity::Fuel {
        fuel: Fuel::SubBituminousCoal,
        quantity: tonnes,
        unit: FuelUnit::Tonnes,
        measured_ncv_gj_per_t: ncv,
    }
}

fn buy(mwh: f64, supplier: Supplier) -> Activity {
    Activity::Purchase {
        carrier: EnergyCarrier::Electricity,
        mwh,
        supplier,
    }
}

fn deliver(mwh: f64, customer: Uuid) -> Activity {
    Activity::Delivery {
        carrier: EnergyCarrier::Electricity,
        mwh,
        customer: Some(customer),
    }
}

fn close(actual: f64, expected: f64) {
    assert!(
        (actual - expected).abs() < 0.005,
        "{actual} is not {expected} to 0.01 t"
    );
}

fn gas(inv: &Inventory, gas: Gas) -> f64 {
    inv.emissions
        .iter()
        .filter(|e| e.gas == gas)
        .map(|e| e.t_co2e)
        .sum()
}

const PLANT: u128 = 1;
const SMELTER_A: u128 = 2;
const HPAL_B: u128 = 3;
const PRECURSOR_C: u128 = 4;

#[test]
fn a_coal_cargo_with_measured_ncv_is_tier_2() {
    // 10,000 t × 16.0 GJ/t = 160 TJ. CO₂ 160 × 96,100 kg = 15,376 t; CH₄ 0.16 t × 28 = 4.48;
    // N₂O 0.24 t × 265 = 63.60; total 15,444.08 t CO₂e.
    let inv = compute(
        &[row(1, org(PLANT), coal(10_000.0, Some(16.0)))],
        &ipcc_ar5(),
    );
    close(gas(&inv, Gas::Co2), 15_376.0);
    close(gas(&inv, Gas::Ch4), 4.48);
    close(gas(&inv, Gas::N2o), 63.60);
    close(inv.park_total().total, 15_444.08);
    assert!(inv.emissions.iter().all(|e| e.tier == Some(Tier::Tier2)));
    let ch4 = inv.emissions.iter().find(|e| e.gas == Gas::Ch4).unwrap();
    close(ch4.tonnes, 0.16);
}

#[test]
fn a_coal_cargo_without_measured_ncv_takes_the_default_tier_1() {
    // 10,000 t × 18.9 GJ/t = 189 TJ. CO₂ 18,162.90; CH₄ 0.189 × 28 = 5.292;
    // N₂O 0.2835 × 265 = 75.1275; total 18,243.3195.
    let inv = compute(&[row(1, org(PLANT), coal(10_000.0, None))], &ipcc_ar5());
    close(gas(&inv, Gas::Co2), 18_162.90);
    close(inv.park_total().total, 18_243.32);
    assert!(inv.emissions.iter().all(|e| e.tier == Some(Tier::Tier1)));
}

#[test]
fn diesel_in_litres_goes_through_the_density() {
    // 100,000 L × 0.844 kg/L = 84.4 t × 43.0 GJ/t = 3.6292 TJ. CO₂ 3.6292 × 74.1 = 268.92372;
    // CH₄ 0.0108876 t × 28 = 0.3048528; N₂O 0.00217752 t × 265 = 0.5770428;
    // total 269.8056 t CO₂e (2.70 kg CO₂e per litre, as the reference derives).
    let diesel = Activity::Fuel {
        fuel: Fuel::Diesel,
        quantity: 100_000.0,
        unit: FuelUnit::Litres,
        measured_ncv_gj_per_t: None,
    };
    let inv = compute(&[row(1, org(SMELTER_A), diesel)], &ipcc_ar5());
    close(gas(&inv, Gas::Co2), 268.92);
    close(gas(&inv, Gas::Ch4), 0.30);
    close(gas(&inv, Gas::N2o), 0.58);
    close(inv.park_total().total, 269.81);
}

#[test]
fn an_rkef_carbon_balance_is_carbon_in_minus_out_times_44_over_12() {
    // 9,000 t C in (reductant coal and electrode paste) − 800 t C in ferronickel and slag
    // = 8,200 t C × 44/12 = 30,066.67 t CO₂.
    let balance = Activity::ProcessCarbon {
        carbon_in_t: 9_000.0,
        carbon_out_t: 800.0,
    };
    let inv = compute(&[row(1, org(SMELTER_A), balance)], &ipcc_ar5());
    assert_eq!(inv.emissions.len(), 1);
    assert_eq!(inv.emissions[0].source, EmissionSource::ProcessCarbon);
    assert_eq!(inv.emissions[0].gas, Gas::Co2);
    close(inv.emissions[0].t_co2e, 30_066.67);
}

#[test]
fn limestone_is_priced_by_the_sets_stoichiometric_factor() {
    // 1,000 t × 0.43971 = 439.71 t CO₂.
    let lime = Activity::Carbonate {
        carbonate: Carbonate::Limestone,
        tonnes: 1_000.0,
    };
    let inv = compute(&[row(1, org(SMELTER_A), lime)], &ipcc_ar5());
    close(inv.park_total().total, 439.71);
}

#[test]
fn a_smelter_buying_captive_and_grid_power() {
    // The plant: 15,444.08 t CO₂e (the Tier 2 cargo) for 12,000 MWh delivered, 9,000 of them
    // to the smelter → 9,000 / 12,000 × 15,444.08 = 11,583.06. Grid: 1,000 MWh × 0.867 =
    // 867.00. The smelter's Scope 2 = 12,450.06.
    let rows = [
        row(1, org(PLANT), coal(10_000.0, Some(16.0))),
        row(2, org(PLANT), deliver(9_000.0, org(SMELTER_A))),
        row(3, org(PLANT), deliver(3_000.0, org(HPAL_B))),
        row(4, org(SMELTER_A), buy(9_000.0, Supplier::Plant(org(PLANT)))),
        row(5, org(SMELTER_A), buy(1_000.0, Supplier::Grid)),
    ];
    let inv = compute(&rows, &ipcc_ar5());
    let smelter = inv.organisation_totals()[&org(SMELTER_A)];
    close(smelter.scope1, 0.0);
    close(smelter.scope2_captive, 11_583.06);
    close(smelter.scope2_grid, 867.00);
    close(smelter.reported(), 12_450.06);
    // Gas by gas through the plant's rate: CO₂ 15,376 × 0.75 = 11,532.
    let co2: f64 = inv
        .emissions
        .iter()
        .filter(|e| e.organisation == org(SMELTER_A) && e.supplier.is_some())
        .filter(|e| e.gas == Gas::Co2)
        .map(|e| e.t_co2e)
        .sum();
    close(co2, 11_532.0);
    let rate = &inv.plant_rates[0];
    close(rate.t_co2e_per_mwh() * 1000.0, 1_287.01);
    assert!(inv.gaps.is_empty());
}

fn three_customers() -> Vec<ActivityRow> {
    vec![
        row(1, org(PLANT), coal(10_000.0, Some(16.0))),
        row(2, org(PLANT), deliver(6_000.0, org(SMELTER_A))),
        row(3, org(PLANT), deliver(4_000.0, org(HPAL_B))),
        row(4, org(PLANT), deliver(2_000.0, org(PRECURSOR_C))),
        row(5, org(SMELTER_A), buy(6_000.0, Supplier::Plant(org(PLANT)))),
        row(6, org(HPAL_B), buy(4_000.0, Supplier::Plant(org(PLANT)))),
        row(
            7,
            org(PRECURSOR_C),
            buy(2_000.0, Supplier::Plant(org(PLANT))),
        ),
    ]
}

#[test]
fn the_power_company_delivering_to_three_tenants() {
    // Rate 15,444.08 / 12,000 MWh = 1.28700667 t/MWh: A 6,000 → 7,722.04; B 4,000 →
    // 5,148.03; C 2,000 → 2,574.01; together exactly the plant's Scope 1.
    let inv = compute(&three_customers(), &ipcc_ar5());
    let totals = inv.organisation_totals();
    close(totals[&org(PLANT)].scope1, 15_444.08);
    close(totals[&org(SMELTER_A)].scope2_captive, 7_722.04);
    close(totals[&org(HPAL_B)].scope2_captive, 5_148.03);
    close(totals[&org(PRECURSOR_C)].scope2_captive, 2_574.01);
    let delivered: f64 = [SMELTER_A, HPAL_B, PRECURSOR_C]
        .iter()
        .map(|o| totals[&org(*o)].scope2_captive)
        .sum();
    close(delivered, 15_444.08);
}

#[test]
fn the_park_counts_captive_power_once() {
    // Plant 15,444.08 (S1); smelter A: carbon balance 30,066.6667 + 100,000 L diesel
    // 269.8056 (S1), captive 7,722.04 + grid 1,000 MWh 867.00 (S2); B 5,148.0267 and
    // C 2,574.0133 captive (S2).
    // Σ as each reports = 15,444.08 + 30,336.4723 + 7,722.04 + 867 + 5,148.0267 + 2,574.0133
    //                    = 62,091.63
    // counted twice     = the captive deliveries = 15,444.08
    // park total        = 62,091.63 − 15,444.08 = 46,647.55
    //                   = 15,444.08 + 30,336.4723 + 867 (Scope 1 + grid only).
    let mut rows = three_customers();
    rows.push(row(
        8,
        org(SMELTER_A),
        Activity::ProcessCarbon {
            carbon_in_t: 9_000.0,
            carbon_out_t: 800.0,
        },
    ));
    rows.push(row(
        9,
        org(SMELTER_A),
        Activity::Fuel {
            fuel: Fuel::Diesel,
            quantity: 100_000.0,
            unit: FuelUnit::Litres,
            measured_ncv_gj_per_t: None,
        },
    ));
    rows.push(row(10, org(SMELTER_A), buy(1_000.0, Supplier::Grid)));
    let park = compute(&rows, &ipcc_ar5()).park_total();
    close(park.reported_sum, 62_091.63);
    close(park.counted_twice, 15_444.08);
    close(park.total, 46_647.55);
    close(park.reported_sum - park.counted_twice, park.total);
    close(park.scope1, 45_780.55);
    close(park.scope2_grid, 867.00);

    // Without the captive plant's deliveries (the buyers' captive purchases left out too),
    // nothing is counted twice: the park total is unchanged, the Σ as reported falls.
    let without: Vec<_> = rows
        .into_iter()
        .filter(|r| {
            !matches!(
                r.activity,
                Activity::Delivery { .. }
                    | Activity::Purchase {
                        supplier: Supplier::Plant(_),
                        ..
                    }
            )
        })
        .collect();
    let park = compute(&without, &ipcc_ar5()).park_total();
    close(park.counted_twice, 0.0);
    close(park.reported_sum, 46_647.55);
    close(park.total, 46_647.55);
}

#[test]
fn another_gwp_set_changes_only_the_non_co2_gases() {
    // AR6: CH₄ 0.16 t × 29.8 = 4.768; N₂O 0.24 t × 273 = 65.52; 15,376 + 4.768 + 65.52
    // = 15,446.288.
    let mut ar6 = ipcc_ar5();
    ar6.gwp = Gwp {
        name: "AR6".into(),
        ch4: 29.8,
        n2o: 273.0,
    };
    let inv = compute(&[row(1, org(PLANT), coal(10_000.0, Some(16.0)))], &ar6);
    close(inv.park_total().total, 15_446.29);
}

#[test]
fn intensity_by_process_route() {
    // A (RKEF): 30,066.6667 process + 7,722.04 captive = 37,788.7067 t for 600 t Ni → 62.98.
    // B (HPAL): 5,148.0267 captive for 300 t Ni → 17.16. C makes no nickel: no intensity.
    // Park: (15,444.08 + 30,066.6667) = 45,510.7467 t for 900 t Ni → 50.57.
    let mut rows = three_customers();
    rows.push(row(
        8,
        org(SMELTER_A),
        Activity::ProcessCarbon {
            carbon_in_t: 9_000.0,
            carbon_out_t: 800.0,
        },
    ));
    rows.push(row(
        9,
        org(SMELTER_A),
        Activity::Production { nickel_t: 600.0 },
    ));
    rows.push(row(
        10,
        org(HPAL_B),
        Activity::Production { nickel_t: 300.0 },
    ));
    let routes = HashMap::from([
        (org(PLANT), ProcessRoute::CaptivePower),
        (org(SMELTER_A), ProcessRoute::Rkef),
        (org(HPAL_B), ProcessRoute::Hpal),
        (org(PRECURSOR_C), ProcessRoute::Precursor),
    ]);
    let intensity = compute(&rows, &ipcc_ar5()).intensity(&routes);
    let of = |route| {
        intensity
            .routes
            .iter()
            .find(|r| r.route == route)
            .and_then(RouteIntensity::per_t_ni)
    };
    close(of(ProcessRoute::Rkef).unwrap(), 62.98);
    close(of(ProcessRoute::Hpal).unwrap(), 17.16);
    assert_eq!(of(ProcessRoute::Precursor), None);
    close(intensity.park_per_t_ni().unwrap(), 50.57);
    let rkef = sanity_range(ProcessRoute::Rkef).unwrap();
    assert!((rkef.low..=rkef.high).contains(&62.98));
}

#[test]
fn buying_from_a_plant_without_deliveries_is_a_gap_not_a_zero() {
    let rows = [row(
        1,
        org(SMELTER_A),
        buy(500.0, Supplier::Plant(org(PLANT))),
    )];
    let inv = compute(&rows, &ipcc_ar5());
    assert!(inv.emissions.is_empty());
    assert_eq!(
        inv.gaps,
        [Gap::PlantWithoutDeliveries {
            activity_id: Uuid::from_u128(1001),
            plant: org(PLANT),
            month: JAN,
        }]
    );
}

#[test]
fn a_fuel_the_set_does_not_price_is_a_gap() {
    let lng = Activity::Fuel {
        fuel: Fuel::Lng,
        quantity: 10.0,
        unit: FuelUnit::Tonnes,
        measured_ncv_gj_per_t: None,
    };
    let inv = compute(&[row(1, org(PLANT), lng)], &ipcc_ar5());
    assert!(matches!(
        inv.gaps[..],
        [Gap::NoFuelFactor {
            fuel: Fuel::Lng,
            ..
        }]
    ));
}

#[test]
fn checks_refuse_negative_amounts_implausible_ncv_and_carbon_out_above_in() {
    let fields = |a: &Activity| -> Vec<(Option<String>, InputProblem)> {
        check(a).into_iter().map(|e| (e.field, e.problem)).collect()
    };
    assert_eq!(
        fields(&coal(-1.0, Some(80.0))),
        [
            (
                Some("quantity".into()),
                InputProblem::Negative { got: -1.0 }
            ),
            (Some("ncv".into()), InputProblem::AboveMaximum { max: 60.0 })
        ]
    );
    assert_eq!(
        fields(&Activity::ProcessCarbon {
            carbon_in_t: 1.0,
            carbon_out_t: 2.0
        }),
        [(Some("carbon_out".into()), InputProblem::CarbonOutAboveIn)]
    );
    assert_eq!(
        fields(&buy(f64::NAN, Supplier::Grid)),
        [(Some("quantity".into()), InputProblem::NotANumber)]
    );
    assert!(check(&coal(5_000.0, Some(16.2))).is_empty());
}

fn quarter(q: u32, total: f64, nickel: f64) -> QuarterTotals {
    let start = NaiveDate::from_ymd_opt(2026, 3 * q - 2, 1).unwrap();
    QuarterTotals {
        start,
        end: Period::containing(crate::domain::Frequency::Quarterly, start).end(),
        park_total_t: total,
        nickel_t: nickel,
        organisations: 5,
    }
}

#[test]
fn computed_indicators_take_their_figure_by_kind_and_unit() {
    use crate::domain::Frequency::{Annual, Quarterly};
    let q2 = Period::containing(Quarterly, NaiveDate::from_ymd_opt(2026, 4, 1).unwrap());
    let quarters = [
        quarter(1, 7_000_000.0, 120_000.0),
        quarter(2, 7_500_000.0, 125_000.0),
    ];
    // CE-02: 7,500,000 t = 7.5 Mt CO2e in Q2.
    assert_eq!(
        computed_figure(IndicatorKind::Quantity, "Mt CO2e", &q2, &quarters),
        Some((7.5, None, None, 5))
    );
    // CE-01: 7,500,000 ÷ 125,000 = 60 t CO2e/t Ni, with its numerator and denominator.
    assert_eq!(
        computed_figure(IndicatorKind::Ratio, "t CO2e/t Ni", &q2, &quarters),
        Some((60.0, Some(7_500_000.0), Some(125_000.0), 5))
    );
    // A year with two quarters computed is not a year's figure.
    let year = Period::containing(Annual, NaiveDate::from_ymd_opt(2026, 1, 1).unwrap());
    assert_eq!(
        computed_figure(IndicatorKind::Quantity, "Mt CO2e", &year, &quarters),
        None
    );
    assert_eq!(
        computed_figure(IndicatorKind::Quantity, "GJ", &q2, &quarters),
        None
    );
}

#[test]
fn an_inventory_id_is_the_same_for_the_same_computation_and_new_for_a_recomputation() {
    let park = Uuid::from_u128(1);
    let set = Uuid::from_u128(2);
    let q1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let first = inventory_id(park, q1, set, "AR5", 0);
    assert_eq!(first, inventory_id(park, q1, set, "AR5", 0));
    assert_eq!(first.get_version_num(), 8);
    let others = [
        inventory_id(park, q1, set, "AR5", 1),
        inventory_id(park, q1, set, "AR6", 0),
        inventory_id(park, q1, Uuid::from_u128(3), "AR5", 0),
        inventory_id(
            park,
            NaiveDate::from_ymd_opt(2026, 4, 1).unwrap(),
            set,
            "AR5",
            0,
        ),
        inventory_id(Uuid::from_u128(4), q1, set, "AR5", 0),
    ];
    assert!(others.iter().all(|o| *o != first));
}
