//! The greenhouse-gas inventory through the API (read): the park's current quarterly
//! inventories with the factor-set version and GWP set each used, and each organisation's
//! Scope 1 and 2 — every organisation for a program manager's token, the caller's own for a
//! tenant's, and the park's totals for a tenant only where at least three organisations
//! contribute (`domain::privacy`). The method is `domain::ghg`'s (docs/ghg.md).

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::principal::Principal;
use super::problem::ApiError;
use crate::domain::kinds::{EmissionSource, Scope};
use crate::domain::{Missing, privacy};
use crate::error::AppError;
use crate::state::AppState;
use crate::store;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list))
}

/// One organisation's emissions in an inventory, t CO2e.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrganisationEmissions {
    pub organisation: String,
    pub scope1: f64,
    /// Scope 2 from the grid (outside the park).
    pub scope2_grid: f64,
    /// Scope 2 from captive plants in the park (already in their Scope 1).
    pub scope2_captive: f64,
}

/// A park's inventory of one quarter.
#[derive(Debug, Serialize, ToSchema)]
pub struct InventoryBody {
    pub id: Uuid,
    pub period_start: chrono::NaiveDate,
    pub period_end: chrono::NaiveDate,
    /// The factor set and its version, and the GWP set (AR5, AR6) the figures used.
    pub factor_set: String,
    pub factor_set_version: i32,
    pub gwp_set: String,
    pub computed_at: String,
    /// Σ Scope 1 + Scope 2 from outside the park, t CO2e (absent for a tenant's token when
    /// fewer than three organisations contribute).
    pub park_total_t: Option<f64>,
    /// Σ of every organisation's own Scope 1 + 2, and the captive deliveries counted twice
    /// in it: reported_sum − counted_twice = park_total (managers' tokens only).
    pub reported_sum_t: Option<f64>,
    pub counted_twice_t: Option<f64>,
    pub nickel_t: Option<f64>,
    pub organisations: i32,
    /// Every organisation's Scope 1 and 2 for a manager; the caller's own for a tenant.
    pub emissions: Vec<OrganisationEmissions>,
}

/// List inventories
///
/// The park's current greenhouse-gas inventories, one per computed quarter, oldest first.
#[utoipa::path(
    get,
    path = "/api/v1/ghg/inventories",
    tag = "figures",
    operation_id = "list_ghg_inventories",
    responses((status = 200, description = "Current inventories, by quarter", body = [InventoryBody]))
)]
async fn list(
    State(state): State<AppState>,
    principal: Principal,
) -> Result<Json<Vec<InventoryBody>>, ApiError> {
    let program = crate::auth::program::current()?.ok_or(AppError::NotFound(Missing::Program))?;
    let park_id = store::ghg::park_id(&state.pool, &program.park_code)
        .await?
        .ok_or(AppError::NotFound(Missing::Program))?;
    let inventories =
        store::ghg::current_inventories(&state.pool, park_id, program.starts_on, program.ends_on)
            .await?;
    let ids: Vec<Uuid> = inventories.iter().map(|i| i.id).collect();
    let scope = principal.read_scope();
    let lines = store::ghg::emission_lines(&state.pool, &ids, scope).await?;
    let mut per: BTreeMap<(Uuid, String), OrganisationEmissions> = BTreeMap::new();
    for l in &lines {
        let e = per
            .entry((l.inventory_id, l.organisation.clone()))
            .or_insert_with(|| OrganisationEmissions {
                organisation: l.organisation.clone(),
                scope1: 0.0,
                scope2_grid: 0.0,
                scope2_captive: 0.0,
            });
        match (
            l.scope.parse::<Scope>().ok(),
            l.source.parse::<EmissionSource>().ok(),
        ) {
            (Some(Scope::Scope1), _) => e.scope1 += l.t_co2e,
            (Some(Scope::Scope2), Some(EmissionSource::CaptiveEnergy)) => {
                e.scope2_captive += l.t_co2e;
            }
            (Some(Scope::Scope2), _) => e.scope2_grid += l.t_co2e,
            _ => {}
        }
    }
    let manager = principal.manager;
    Ok(Json(
        inventories
            .into_iter()
            .map(|i| {
                let park_visible = manager
                    || privacy::park_figure_visible_to_tenant(
                        usize::try_from(i.organisations).unwrap_or(0),
                    );
                let emissions = per
                    .iter()
                    .filter(|((id, _), _)| *id == i.id)
                    .map(|(_, e)| OrganisationEmissions {
                        organisation: e.organisation.clone(),
                        scope1: e.scope1,
                        scope2_grid: e.scope2_grid,
                        scope2_captive: e.scope2_captive,
                    })
                    .collect();
                InventoryBody {
                    id: i.id,
                    period_start: i.period_start,
                    period_end: i.period_end,
                    factor_set: i.factor_set,
                    factor_set_version: i.factor_set_version,
                    gwp_set: i.gwp_set,
                    computed_at: i.computed_at.to_rfc3339(),
                    park_total_t: park_visible.then_some(i.park_total_t),
                    reported_sum_t: manager.then_some(i.reported_sum_t),
                    counted_twice_t: manager.then_some(i.counted_twice_t),
                    nickel_t: park_visible.then_some(i.nickel_t),
                    organisations: i.organisations,
                    emissions,
                }
            })
            .collect(),
    ))
}
