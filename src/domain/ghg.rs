//! The greenhouse-gas inventory: approved activity data × a versioned emission-factor set →
//! tonnes CO₂e by organisation, month, scope, source and gas; the park total that counts
//! captive power once; intensity per tonne of nickel by process route.
//!
//! The method (docs/ghg.md):
//! - **Combustion** (Scope 1): energy TJ = tonnes × NCV (GJ/t) ÷ 1,000, with the cargo's
//!   measured NCV where known (Tier 2), else the factor set's default (Tier 1); litres become
//!   tonnes through the set's density. Each gas = TJ × its factor (kg/TJ) ÷ 1,000, and
//!   t CO₂e = CO₂ + CH₄ × GWP(CH₄) + N₂O × GWP(N₂O) with the inventory's GWP set.
//! - **Process carbon** (Scope 1, RKEF): (C in reductant and electrodes − C in products and
//!   slag) × 44/12, because IPCC has no ferronickel default factor.
//! - **Carbonates** (Scope 1): tonnes × the set's stoichiometric factor.
//! - **Scope 2, location-based**: grid MWh × the grid factor of the year; MWh from a captive
//!   plant × that plant's own rate for the month = its Scope 1 ÷ the MWh it delivered, gas by gas.
//! - **Park**: Σ Scope 1 of every organisation + Scope 2 from outside the park (the grid)
//!   only; the captive plant's Scope 1 already holds what it sold to its neighbours. The
//!   reconciliation: Σ each organisation's Scope 1 + 2 − captive deliveries counted twice =
//!   the park total.
//!
//! Pure: no I/O; the store hands over the rows and the factors.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, NaiveDate};
use uuid::Uuid;

use crate::domain::field_error::{FieldError, InputProblem};
use crate::domain::kinds::{
    Carbonate, EmissionSource, EnergyCarrier, Fuel, FuelUnit, Gas, IndicatorKind, ProcessRoute,
    Scope, Tier,
};
use crate::domain::period::Period;

/// Molar mass of CO₂ over that of carbon: tonnes C → tonnes CO₂.
pub const CO2_PER_C: f64 = 44.0 / 12.0;

/// One fuel's factors in a factor set (IPCC 2006 Vol. 2 Ch. 2 defaults, or a national set).
#[derive(Debug, Clone, PartialEq)]
pub struct FuelFactor {
    pub fuel: Fuel,
    /// Default net calorific value, GJ per tonne (= TJ/Gg): the Tier 1 value.
    pub ncv_gj_per_t: f64,
    pub co2_kg_per_tj: f64,
    pub ch4_kg_per_tj: f64,
    pub n2o_kg_per_tj: f64,
    /// kg per litre, for fuels reported in litres.
    pub density_kg_per_l: Option<f64>,
}

/// Global-warming potentials over 100 years of one IPCC assessment (AR5, AR6).
#[derive(Debug, Clone, PartialEq)]
pub struct Gwp {
    pub name: String,
    pub ch4: f64,
    pub n2o: f64,
}

impl Gwp {
    /// The GWP of a gas (CO₂ is 1 by definition).
    pub fn of(&self, gas: Gas) -> f64 {
        match gas {
            Gas::Co2 => 1.0,
            Gas::Ch4 => self.ch4,
            Gas::N2o => self.n2o,
        }
    }
}

/// Everything a computation needs from the versioned factor data, for one year.
#[derive(Debug, Clone, PartialEq)]
pub struct Factors {
    pub fuels: Vec<FuelFactor>,
    /// Tonnes CO₂ per tonne of carbonate calcined.
    pub carbonates: Vec<(Carbonate, f64)>,
    /// Grid electricity, t CO₂ per MWh (location-based, for the inventory's year).
    pub grid_t_co2_per_mwh: f64,
    pub gwp: Gwp,
}

impl Factors {
    fn fuel(&self, fuel: Fuel) -> Option<&FuelFactor> {
        self.fuels.iter().find(|f| f.fuel == fuel)
    }

    fn carbonate(&self, carbonate: Carbonate) -> Option<f64> {
        self.carbonates
            .iter()
            .find(|(c, _)| *c == carbonate)
            .map(|(_, f)| *f)
    }
}

/// Who supplied bought electricity or steam.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Supplier {
    /// The PLN grid: outside the park boundary.
    Grid,
    /// A captive plant inside the park (an organisation of the park).
    Plant(Uuid),
}

/// What one row of activity data says, already parsed and checked.
#[derive(Debug, Clone, PartialEq)]
pub enum Activity {
    /// Fuel burned; `measured_ncv_gj_per_t` makes it Tier 2.
    Fuel {
        fuel: Fuel,
        quantity: f64,
        unit: FuelUnit,
        measured_ncv_gj_per_t: Option<f64>,
    },
    /// RKEF carbon balance, tonnes of carbon.
    ProcessCarbon { carbon_in_t: f64, carbon_out_t: f64 },
    /// Carbonate calcined.
    Carbonate { carbonate: Carbonate, tonnes: f64 },
    /// Electricity or steam bought.
    Purchase {
        carrier: EnergyCarrier,
        mwh: f64,
        supplier: Supplier,
    },
    /// Electricity or steam delivered by a power company (to a customer in the park, or
    /// `None`: to the grid or outside).
    Delivery {
        carrier: EnergyCarrier,
        mwh: f64,
        customer: Option<Uuid>,
    },
    /// Tonnes of nickel contained in products: the denominator of intensity.
    Production { nickel_t: f64 },
}

/// One approved row of activity data: whose, which month (its first day), what.
#[derive(Debug, Clone, PartialEq)]
pub struct ActivityRow {
    pub id: Uuid,
    pub organisation: Uuid,
    pub month: NaiveDate,
    pub activity: Activity,
}

/// One line of the inventory: one gas of one activity row, traceable to that row.
#[derive(Debug, Clone, PartialEq)]
pub struct Emission {
    pub activity_id: Uuid,
    pub organisation: Uuid,
    pub month: NaiveDate,
    pub scope: Scope,
    pub source: EmissionSource,
    pub gas: Gas,
    /// Tonnes of the gas itself.
    pub tonnes: f64,
    /// Tonnes CO₂e (tonnes × the gas's GWP).
    pub t_co2e: f64,
    /// For combustion: which tier the NCV came from.
    pub tier: Option<Tier>,
    /// For Scope 2 from a captive plant: the plant.
    pub supplier: Option<Uuid>,
}

/// A captive plant's emission rate for one month: its Scope 1 ÷ the MWh it delivered.
#[derive(Debug, Clone, PartialEq)]
pub struct PlantRate {
    pub plant: Uuid,
    pub month: NaiveDate,
    pub delivered_mwh: f64,
    /// Scope 1 of the month, t CO₂e, per gas (CO₂, CH₄, N₂O in [`Gas::ALL`] order).
    pub scope1_t_co2e: [f64; 3],
}

impl PlantRate {
    /// t CO₂e per MWh delivered, all gases.
    pub fn t_co2e_per_mwh(&self) -> f64 {
        self.scope1_t_co2e.iter().sum::<f64>() / self.delivered_mwh
    }
}

/// Why an activity row could not be counted: shown beside the inventory, never ignored.
#[derive(Debug, Clone, PartialEq)]
pub enum Gap {
    /// The factor set has no factors for this fuel (or no density for litres).
    NoFuelFactor { activity_id: Uuid, fuel: Fuel },
    /// The factor set has no factor for this carbonate.
    NoCarbonateFactor {
        activity_id: Uuid,
        carbonate: Carbonate,
    },
    /// Bought from a captive plant that delivered nothing in the month (no approved
    /// deliveries), so it has no emission rate.
    PlantWithoutDeliveries {
        activity_id: Uuid,
        plant: Uuid,
        month: NaiveDate,
    },
}

/// Scope 1 and Scope 2 of one organisation (or of all), t CO₂e.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Totals {
    pub scope1: f64,
    /// Scope 2 from the grid: from outside the park.
    pub scope2_grid: f64,
    /// Scope 2 from captive plants inside the park: already in their Scope 1.
    pub scope2_captive: f64,
}

impl Totals {
    /// Scope 1 + 2 as the organisation itself reports them (location-based).
    pub fn reported(&self) -> f64 {
        self.scope1 + self.scope2_grid + self.scope2_captive
    }

    fn add(&mut self, e: &Emission) {
        match (e.scope, e.source) {
            (Scope::Scope1, _) => self.scope1 += e.t_co2e,
            (Scope::Scope2, EmissionSource::CaptiveEnergy) => self.scope2_captive += e.t_co2e,
            (Scope::Scope2, _) => self.scope2_grid += e.t_co2e,
        }
    }
}

/// The park's total and its reconciliation with the organisations' own figures.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ParkTotal {
    /// Σ of every organisation's Scope 1 + 2.
    pub reported_sum: f64,
    /// Captive deliveries counted twice in that sum (the buyers' captive Scope 2).
    pub counted_twice: f64,
    /// Σ Scope 1 + Scope 2 from outside the park = reported_sum − counted_twice.
    pub total: f64,
    pub scope1: f64,
    pub scope2_grid: f64,
}

/// The inventory of a set of months: every emission line, the plants' rates, production and
/// what could not be counted.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Inventory {
    pub emissions: Vec<Emission>,
    pub plant_rates: Vec<PlantRate>,
    /// Tonnes of nickel contained, per organisation, over the months.
    pub nickel_t: BTreeMap<Uuid, f64>,
    pub gaps: Vec<Gap>,
}

fn gas_index(gas: Gas) -> usize {
    match gas {
        Gas::Co2 => 0,
        Gas::Ch4 => 1,
        Gas::N2o => 2,
    }
}

/// The gases of one fuel row: (gas, tonnes of gas), and the tier; `None` without factors.
fn combustion(
    factors: &Factors,
    fuel: Fuel,
    quantity: f64,
    unit: FuelUnit,
    measured_ncv: Option<f64>,
) -> Option<([(Gas, f64); 3], Tier)> {
    let f = factors.fuel(fuel)?;
    let tonnes = match unit {
        FuelUnit::Tonnes => quantity,
        FuelUnit::Litres => quantity * f.density_kg_per_l? / 1000.0,
    };
    let (ncv, tier) = match measured_ncv {
        Some(ncv) => (ncv, Tier::Tier2),
        None => (f.ncv_gj_per_t, Tier::Tier1),
    };
    let tj = tonnes * ncv / 1000.0;
    Some((
        [
            (Gas::Co2, tj * f.co2_kg_per_tj / 1000.0),
            (Gas::Ch4, tj * f.ch4_kg_per_tj / 1000.0),
            (Gas::N2o, tj * f.n2o_kg_per_tj / 1000.0),
        ],
        tier,
    ))
}

/// Computes the inventory of the given approved rows (any number of organisations and
/// months) with one factor set. Rows the set cannot price are listed as gaps.
pub fn compute(rows: &[ActivityRow], factors: &Factors) -> Inventory {
    let mut inventory = Inventory::default();
    let line = |row: &ActivityRow, scope, source, gas, tonnes: f64| Emission {
        activity_id: row.id,
        organisation: row.organisation,
        month: row.month,
        scope,
        source,
        gas,
        tonnes,
        t_co2e: tonnes * factors.gwp.of(gas),
        tier: None,
        supplier: None,
    };

    // Scope 1 first: the captive plants' rates depend on it.
    for row in rows {
        match &row.activity {
            Activity::Fuel {
                fuel,
                quantity,
                unit,
                measured_ncv_gj_per_t,
            } => match combustion(factors, *fuel, *quantity, *unit, *measured_ncv_gj_per_t) {
                Some((gases, tier)) => {
                    for (gas, tonnes) in gases {
                        inventory.emissions.push(Emission {
                            tier: Some(tier),
                            ..line(row, Scope::Scope1, EmissionSource::Combustion, gas, tonnes)
                        });
                    }
                }
                None => inventory.gaps.push(Gap::NoFuelFactor {
                    activity_id: row.id,
                    fuel: *fuel,
                }),
            },
            Activity::ProcessCarbon {
                carbon_in_t,
                carbon_out_t,
            } => inventory.emissions.push(line(
                row,
                Scope::Scope1,
                EmissionSource::ProcessCarbon,
                Gas::Co2,
                (carbon_in_t - carbon_out_t).max(0.0) * CO2_PER_C,
            )),
            Activity::Carbonate { carbonate, tonnes } => match factors.carbonate(*carbonate) {
                Some(f) => inventory.emissions.push(line(
                    row,
                    Scope::Scope1,
                    EmissionSource::Carbonates,
                    Gas::Co2,
                    tonnes * f,
                )),
                None => inventory.gaps.push(Gap::NoCarbonateFactor {
                    activity_id: row.id,
                    carbonate: *carbonate,
                }),
            },
            Activity::Production { nickel_t } => {
                *inventory.nickel_t.entry(row.organisation).or_default() += nickel_t;
            }
            Activity::Purchase { .. } | Activity::Delivery { .. } => {}
        }
    }

    // Each plant's rate for each month it delivered in: its Scope 1 ÷ its deliveries.
    let mut delivered: BTreeMap<(Uuid, NaiveDate), f64> = BTreeMap::new();
    for row in rows {
        if let Activity::Delivery { mwh, .. } = row.activity {
            *delivered.entry((row.organisation, row.month)).or_default() += mwh;
        }
    }
    let mut scope1: HashMap<(Uuid, NaiveDate), [f64; 3]> = HashMap::new();
    for e in &inventory.emissions {
        scope1.entry((e.organisation, e.month)).or_default()[gas_index(e.gas)] += e.t_co2e;
    }
    for (&(plant, month), &mwh) in &delivered {
        if mwh > 0.0 {
            inventory.plant_rates.push(PlantRate {
                plant,
                month,
                delivered_mwh: mwh,
                scope1_t_co2e: scope1.get(&(plant, month)).copied().unwrap_or_default(),
            });
        }
    }

    // Scope 2, location-based.
    for row in rows {
        let Activity::Purchase { mwh, supplier, .. } = row.activity else {
            continue;
        };
        match supplier {
            Supplier::Grid => inventory.emissions.push(line(
                row,
                Scope::Scope2,
                EmissionSource::GridEnergy,
                Gas::Co2,
                mwh * factors.grid_t_co2_per_mwh,
            )),
            Supplier::Plant(plant) => {
                let rate = inventory
                    .plant_rates
                    .iter()
                    .find(|r| r.plant == plant && r.month == row.month);
                let Some(rate) = rate else {
                    inventory.gaps.push(Gap::PlantWithoutDeliveries {
                        activity_id: row.id,
                        plant,
                        month: row.month,
                    });
                    continue;
                };
                for gas in Gas::ALL.iter().copied() {
                    let t_co2e = mwh * rate.scope1_t_co2e[gas_index(gas)] / rate.delivered_mwh;
                    inventory.emissions.push(Emission {
                        tonnes: t_co2e / factors.gwp.of(gas),
                        t_co2e,
                        supplier: Some(plant),
                        ..line(row, Scope::Scope2, EmissionSource::CaptiveEnergy, gas, 0.0)
                    });
                }
            }
        }
    }
    inventory
}

impl Inventory {
    /// Scope 1 and 2 per organisation.
    pub fn organisation_totals(&self) -> BTreeMap<Uuid, Totals> {
        let mut totals: BTreeMap<Uuid, Totals> = BTreeMap::new();
        for e in &self.emissions {
            totals.entry(e.organisation).or_default().add(e);
        }
        totals
    }

    /// The park total with captive power counted once, and its reconciliation.
    pub fn park_total(&self) -> ParkTotal {
        let mut all = Totals::default();
        for e in &self.emissions {
            all.add(e);
        }
        ParkTotal {
            reported_sum: all.reported(),
            counted_twice: all.scope2_captive,
            total: all.scope1 + all.scope2_grid,
            scope1: all.scope1,
            scope2_grid: all.scope2_grid,
        }
    }

    /// t CO₂e by scope, source and gas, for one organisation or all of them.
    pub fn breakdown(
        &self,
        organisation: Option<Uuid>,
    ) -> BTreeMap<(Scope, EmissionSource, Gas), f64> {
        let mut out: BTreeMap<(Scope, EmissionSource, Gas), f64> = BTreeMap::new();
        for e in &self.emissions {
            if organisation.is_none_or(|o| o == e.organisation) {
                *out.entry((e.scope, e.source, e.gas)).or_default() += e.t_co2e;
            }
        }
        out
    }

    /// The park's emissions (captive power counted once) by month and source: the bars of
    /// the park chart. Scope 2 from captive plants is left out: it is in their Scope 1.
    pub fn park_by_month_and_source(&self) -> BTreeMap<NaiveDate, BTreeMap<EmissionSource, f64>> {
        let mut out: BTreeMap<NaiveDate, BTreeMap<EmissionSource, f64>> = BTreeMap::new();
        for e in &self.emissions {
            if e.source != EmissionSource::CaptiveEnergy {
                *out.entry(e.month).or_default().entry(e.source).or_default() += e.t_co2e;
            }
        }
        out
    }

    /// Intensity per tonne of nickel contained, per process route, and for the park.
    pub fn intensity(&self, routes: &HashMap<Uuid, ProcessRoute>) -> Intensities {
        let totals = self.organisation_totals();
        let mut by_route: BTreeMap<&'static str, RouteIntensity> = BTreeMap::new();
        for (org, nickel_t) in &self.nickel_t {
            let Some(route) = routes.get(org) else {
                continue;
            };
            let entry = by_route
                .entry(route.as_str())
                .or_insert_with(|| RouteIntensity {
                    route: *route,
                    t_co2e: 0.0,
                    nickel_t: 0.0,
                    organisations: 0,
                });
            entry.t_co2e += totals.get(org).map(Totals::reported).unwrap_or(0.0);
            entry.nickel_t += nickel_t;
            entry.organisations += 1;
        }
        let nickel_t: f64 = self.nickel_t.values().sum();
        let park = self.park_total().total;
        Intensities {
            routes: by_route.into_values().collect(),
            park_t_co2e: park,
            park_nickel_t: nickel_t,
        }
    }
}

/// Emissions per tonne of nickel of the producers of one process route: Σ their Scope 1 + 2
/// (captive power included, as each reports it) ÷ Σ their nickel.
#[derive(Debug, Clone, PartialEq)]
pub struct RouteIntensity {
    pub route: ProcessRoute,
    pub t_co2e: f64,
    pub nickel_t: f64,
    pub organisations: usize,
}

impl RouteIntensity {
    /// t CO₂e per t Ni; `None` without production.
    pub fn per_t_ni(&self) -> Option<f64> {
        (self.nickel_t > 0.0).then(|| self.t_co2e / self.nickel_t)
    }
}

/// Intensities by route and for the park.
#[derive(Debug, Clone, PartialEq)]
pub struct Intensities {
    pub routes: Vec<RouteIntensity>,
    /// The park total (captive power once) and the park's nickel.
    pub park_t_co2e: f64,
    pub park_nickel_t: f64,
}

impl Intensities {
    /// The park's t CO₂e per t Ni; `None` without production.
    pub fn park_per_t_ni(&self) -> Option<f64> {
        (self.park_nickel_t > 0.0).then(|| self.park_t_co2e / self.park_nickel_t)
    }
}

/// A published range a route's intensity can be set against (t CO₂e per t Ni), with its
/// source in the pilot's reference (iwip-pilot.md §3).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SanityRange {
    pub low: f64,
    pub high: f64,
    /// The reference's source key (S31, S33).
    pub source: &'static str,
}

/// The published range for a route: coal-powered RKEF (Antam, Harita, MBMA, 2023) 57–70
/// [S33]; HPAL about 20, i.e. well below [S31] (shown as 15–25 around that figure).
pub fn sanity_range(route: ProcessRoute) -> Option<SanityRange> {
    match route {
        ProcessRoute::Rkef | ProcessRoute::MatteConverter => Some(SanityRange {
            low: 57.0,
            high: 70.0,
            source: "S33",
        }),
        ProcessRoute::Hpal => Some(SanityRange {
            low: 15.0,
            high: 25.0,
            source: "S31",
        }),
        _ => None,
    }
}

/// Checks of one row of activity data before it is stored: quantities are finite, not
/// negative and below [`MAX_QUANTITY`]; a measured NCV is plausible for a fuel (1–60 GJ/t);
/// carbon out does not exceed carbon in.
pub fn check(activity: &Activity) -> Vec<FieldError> {
    let mut problems = Vec::new();
    let mut amount = |field: &'static str, v: f64| {
        if !v.is_finite() {
            problems.push(FieldError::new(field, InputProblem::NotANumber));
        } else if v < 0.0 {
            problems.push(FieldError::new(field, InputProblem::Negative { got: v }));
        } else if v >= MAX_QUANTITY {
            problems.push(FieldError::new(
                field,
                InputProblem::AboveMaximum { max: MAX_QUANTITY },
            ));
        }
    };
    match activity {
        Activity::Fuel {
            quantity,
            measured_ncv_gj_per_t,
            ..
        } => {
            amount("quantity", *quantity);
            match measured_ncv_gj_per_t {
                Some(ncv) if !ncv.is_finite() => {
                    problems.push(FieldError::new("ncv", InputProblem::NotANumber));
                }
                Some(ncv) if *ncv < NCV_MIN => problems.push(FieldError::new(
                    "ncv",
                    InputProblem::BelowMinimum { min: NCV_MIN },
                )),
                Some(ncv) if *ncv > NCV_MAX => problems.push(FieldError::new(
                    "ncv",
                    InputProblem::AboveMaximum { max: NCV_MAX },
                )),
                _ => {}
            }
        }
        Activity::ProcessCarbon {
            carbon_in_t,
            carbon_out_t,
        } => {
            amount("quantity", *carbon_in_t);
            amount("carbon_out", *carbon_out_t);
            if carbon_out_t > carbon_in_t {
                problems.push(FieldError::new(
                    "carbon_out",
                    InputProblem::CarbonOutAboveIn,
                ));
            }
        }
        Activity::Carbonate { tonnes, .. } => amount("quantity", *tonnes),
        Activity::Purchase { mwh, .. } | Activity::Delivery { mwh, .. } => amount("quantity", *mwh),
        Activity::Production { nickel_t } => amount("quantity", *nickel_t),
    }
    problems
}

/// The largest quantity one row may hold (tonnes, litres or MWh): keeps sums finite.
pub const MAX_QUANTITY: f64 = 1e12;
/// The plausible range of a measured net calorific value, GJ/t (the migration checks it too).
pub const NCV_MIN: f64 = 1.0;
pub const NCV_MAX: f64 = 60.0;

/// The totals of one current quarterly inventory, as a computed indicator reads them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QuarterTotals {
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// The park total, captive power once, t CO₂e.
    pub park_total_t: f64,
    pub nickel_t: f64,
    pub organisations: i64,
}

/// The official figure of an indicator computed from the inventory, for one of its periods,
/// from the quarters' inventories: (value, numerator, denominator, contributors).
///
/// What the indicator takes follows from its kind, not its code: a ratio is the park's
/// intensity (Σ park total ÷ Σ t Ni), a quantity the park total in the indicator's unit
/// (`t`, `kt` or `Mt CO2e`). `None` when the period's quarters are not all computed, there
/// is no nickel for a ratio, or the unit is not one of those.
pub fn computed_figure(
    kind: IndicatorKind,
    unit: &str,
    period: &Period,
    quarters: &[QuarterTotals],
) -> Option<(f64, Option<f64>, Option<f64>, i64)> {
    let inside: Vec<&QuarterTotals> = quarters
        .iter()
        .filter(|q| q.start >= period.start() && q.end <= period.end())
        .collect();
    let months = (period.end().year() - period.start().year()) * 12
        + i32::try_from(period.end().month()).unwrap_or(0)
        - i32::try_from(period.start().month()).unwrap_or(0)
        + 1;
    if inside.is_empty() || i32::try_from(inside.len()).unwrap_or(0) * 3 != months {
        return None;
    }
    let total: f64 = inside.iter().map(|q| q.park_total_t).sum();
    let nickel: f64 = inside.iter().map(|q| q.nickel_t).sum();
    let contributors = inside.iter().map(|q| q.organisations).max().unwrap_or(0);
    if contributors == 0 {
        return None;
    }
    match kind {
        IndicatorKind::Ratio => {
            (nickel > 0.0).then(|| (total / nickel, Some(total), Some(nickel), contributors))
        }
        IndicatorKind::Quantity => {
            let unit = unit.trim_start();
            let scale = if unit.starts_with("Mt") {
                1e6
            } else if unit.starts_with("kt") {
                1e3
            } else if unit.starts_with("t ") || unit == "t" {
                1.0
            } else {
                return None;
            };
            Some((total / scale, None, None, contributors))
        }
        _ => None,
    }
}

/// The id of a park's inventory of one quarter: a version-8 (custom) UUID from the SHA-256 of
/// the park, the quarter's first day, the factor-set version and GWP set it used and how many
/// inventories of that quarter came before it (`run`, from 0). The same computation gives the
/// same id on every machine — the demo's inventories keep their ids from one load to the
/// next — and a recomputation (a later run) a new one, so the old inventory stays beside it.
pub fn inventory_id(
    park_id: Uuid,
    quarter_start: NaiveDate,
    factor_set_id: Uuid,
    gwp_set: &str,
    run: u32,
) -> Uuid {
    use sha2::{Digest, Sha256};
    let key =
        format!("pilar-ghg-inventory|{park_id}|{quarter_start}|{factor_set_id}|{gwp_set}|{run}");
    let digest = Sha256::digest(key.as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_custom_bytes(bytes).into_uuid()
}

#[cfg(test)]
mod tests;
