//! The words of the greenhouse-gas inventory: `/ghg` (the park's and each organisation's
//! inventory), `/ghg/activity` (a tenant's activity data), `/ghg/review` and `/ghg/factors`.
//! The shape only: the values are in `en.rs` and `id.rs`. Labels of the inventory's closed
//! sets are read through the methods below, which match on the variant: a new variant does
//! not compile until every language names it. May use `domain/` only.

use crate::domain::kinds::{
    ActivityKind, Carbonate, EmissionSource, EnergyCarrier, Fuel, Gas, Scope,
};

/// The inventory's strings.
#[derive(Debug)]
pub struct GhgStrings {
    /// On the page of an indicator computed from the inventory: where its figures come from,
    /// the link to `/ghg`, and the mark of a typed report from before it was computed.
    pub computed_note: &'static str,
    pub computed_link: &'static str,
    pub superseded_by_computation: &'static str,
    pub nav: &'static str,
    pub title: &'static str,
    pub intro: &'static str,
    pub period: &'static str,
    pub show: &'static str,
    /// "Greenhouse-gas inventory, {period}".
    pub title_for: fn(&str) -> String,
    pub no_inventory: &'static str,
    pub park_total: &'static str,
    pub park_total_explained: &'static str,
    pub scope1: &'static str,
    pub scope2_grid: &'static str,
    pub scope2_captive: &'static str,
    pub nickel: &'static str,
    pub intensity: &'static str,
    pub t_co2e: &'static str,
    pub chart_title: &'static str,
    /// The chart's accessible description: the period.
    pub chart_aria: fn(&str) -> String,
    pub by_scope_source_gas: &'static str,
    pub scope: &'static str,
    pub source: &'static str,
    pub total: &'static str,
    pub not_added: &'static str,
    pub reconciliation: &'static str,
    pub reconciliation_intro: &'static str,
    pub organisation: &'static str,
    pub reported_sum: &'static str,
    pub counted_twice: &'static str,
    pub equals_park_total: &'static str,
    pub intensity_by_route: &'static str,
    pub intensity_intro: &'static str,
    pub route: &'static str,
    pub organisations: &'static str,
    pub reference_range: &'static str,
    pub within_range: &'static str,
    pub outside_range: &'static str,
    pub park: &'static str,
    pub park_withheld: &'static str,
    pub target_path: &'static str,
    pub inventories_used: &'static str,
    pub quarter: &'static str,
    pub factor_set: &'static str,
    pub gwp_set: &'static str,
    pub computed: &'static str,
    pub reason: &'static str,
    pub activity_rows: &'static str,
    pub superseded: &'static str,
    pub current: &'static str,
    pub history: &'static str,
    pub gaps: &'static str,
    /// A gap: what could not be counted and why (the activity row's id).
    pub gap_no_factor: fn(&str) -> String,
    pub gap_plant: fn(&str, &str) -> String,
    pub recompute: &'static str,
    pub recompute_intro: &'static str,
    pub recomputed_notice: &'static str,
    pub tenant_inventory: &'static str,
    pub own_inventory: &'static str,
    pub choose_organisation: &'static str,
    pub lines_intro: &'static str,
    pub month: &'static str,
    pub gas: &'static str,
    pub activity: &'static str,
    pub quantity: &'static str,
    pub tier: &'static str,
    pub supplier: &'static str,
    pub no_lines: &'static str,
    // Activity data
    pub activity_nav: &'static str,
    pub activity_title: &'static str,
    pub activity_intro: &'static str,
    pub add_activity: &'static str,
    pub edit_activity: &'static str,
    pub kind: &'static str,
    pub fuel: &'static str,
    pub unit: &'static str,
    pub tonnes: &'static str,
    pub litres: &'static str,
    pub ncv: &'static str,
    pub ncv_help: &'static str,
    pub carbon_out: &'static str,
    pub carbon_help: &'static str,
    pub carbonate: &'static str,
    pub carrier: &'static str,
    pub counterparty: &'static str,
    pub counterparty_help: &'static str,
    pub grid: &'static str,
    pub quantity_help: &'static str,
    pub comment: &'static str,
    pub save_draft: &'static str,
    pub submit: &'static str,
    pub status: &'static str,
    pub edit: &'static str,
    pub no_activity: &'static str,
    pub saved_notice: &'static str,
    pub not_a_tenant: &'static str,
    // Review
    pub review_title: &'static str,
    pub review_intro: &'static str,
    pub approve: &'static str,
    pub return_: &'static str,
    pub note: &'static str,
    pub nothing_to_review: &'static str,
    pub decided_notice: &'static str,
    // Factors
    pub factors_title: &'static str,
    pub factors_intro: &'static str,
    pub version: &'static str,
    pub valid: &'static str,
    pub created: &'static str,
    pub ncv_default: &'static str,
    pub grid_factor: &'static str,
    pub year: &'static str,
    pub add_version: &'static str,
    pub add_version_intro: &'static str,
    pub version_added_notice: &'static str,
    pub computed_from_inventory: &'static str,
    pub scopes: ScopeLabels,
    pub sources: SourceLabels,
    pub gases: GasLabels,
    pub kinds: ActivityKindLabels,
    pub fuels: FuelLabels,
    pub carbonates: CarbonateLabels,
    pub carriers: CarrierLabels,
}

#[derive(Debug)]
pub struct ScopeLabels {
    pub scope_1: &'static str,
    pub scope_2: &'static str,
}

#[derive(Debug)]
pub struct SourceLabels {
    pub combustion: &'static str,
    pub process_carbon: &'static str,
    pub carbonates: &'static str,
    pub grid_energy: &'static str,
    pub captive_energy: &'static str,
}

#[derive(Debug)]
pub struct GasLabels {
    pub co2: &'static str,
    pub ch4: &'static str,
    pub n2o: &'static str,
}

#[derive(Debug)]
pub struct ActivityKindLabels {
    pub fuel_use: &'static str,
    pub process_carbon: &'static str,
    pub carbonate: &'static str,
    pub energy_purchase: &'static str,
    pub energy_delivery: &'static str,
    pub production: &'static str,
}

#[derive(Debug)]
pub struct FuelLabels {
    pub sub_bituminous_coal: &'static str,
    pub other_bituminous_coal: &'static str,
    pub diesel: &'static str,
    pub fuel_oil: &'static str,
    pub lng: &'static str,
}

#[derive(Debug)]
pub struct CarbonateLabels {
    pub limestone: &'static str,
    pub dolomite: &'static str,
}

#[derive(Debug)]
pub struct CarrierLabels {
    pub electricity: &'static str,
    pub steam: &'static str,
}

impl GhgStrings {
    pub fn scope(&self, scope: Scope) -> &'static str {
        match scope {
            Scope::Scope1 => self.scopes.scope_1,
            Scope::Scope2 => self.scopes.scope_2,
        }
    }

    pub fn source(&self, source: EmissionSource) -> &'static str {
        let l = &self.sources;
        match source {
            EmissionSource::Combustion => l.combustion,
            EmissionSource::ProcessCarbon => l.process_carbon,
            EmissionSource::Carbonates => l.carbonates,
            EmissionSource::GridEnergy => l.grid_energy,
            EmissionSource::CaptiveEnergy => l.captive_energy,
        }
    }

    pub fn gas(&self, gas: Gas) -> &'static str {
        match gas {
            Gas::Co2 => self.gases.co2,
            Gas::Ch4 => self.gases.ch4,
            Gas::N2o => self.gases.n2o,
        }
    }

    pub fn activity_kind(&self, kind: ActivityKind) -> &'static str {
        let l = &self.kinds;
        match kind {
            ActivityKind::FuelUse => l.fuel_use,
            ActivityKind::ProcessCarbon => l.process_carbon,
            ActivityKind::Carbonate => l.carbonate,
            ActivityKind::EnergyPurchase => l.energy_purchase,
            ActivityKind::EnergyDelivery => l.energy_delivery,
            ActivityKind::Production => l.production,
        }
    }

    pub fn fuel(&self, fuel: Fuel) -> &'static str {
        let l = &self.fuels;
        match fuel {
            Fuel::SubBituminousCoal => l.sub_bituminous_coal,
            Fuel::OtherBituminousCoal => l.other_bituminous_coal,
            Fuel::Diesel => l.diesel,
            Fuel::FuelOil => l.fuel_oil,
            Fuel::Lng => l.lng,
        }
    }

    pub fn carbonate(&self, carbonate: Carbonate) -> &'static str {
        match carbonate {
            Carbonate::Limestone => self.carbonates.limestone,
            Carbonate::Dolomite => self.carbonates.dolomite,
        }
    }

    pub fn carrier(&self, carrier: EnergyCarrier) -> &'static str {
        match carrier {
            EnergyCarrier::Electricity => self.carriers.electricity,
            EnergyCarrier::Steam => self.carriers.steam,
        }
    }
}
