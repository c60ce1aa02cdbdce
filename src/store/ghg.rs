//! The greenhouse-gas inventory's data: emission-factor sets (versioned, never edited),
//! activity rows and their revisions, computed inventories with their lines and history, and
//! the official figures of computed indicators. `workflow::ghg` decides what is allowed;
//! `domain::ghg` computes.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::parse_column;
use crate::domain::ghg::{
    self, Activity, ActivityRow, Emission, Factors, FuelFactor, Gwp, Supplier,
};
use crate::domain::kinds::Frequency;
use crate::domain::kinds::{
    ActivityKind, Carbonate, EnergyCarrier, Fuel, FuelUnit, IndicatorKind, ObservationStatus,
    ProcessRoute,
};
use crate::domain::period::Period;

/// One version of an emission-factor set.
#[derive(Debug, Clone, sqlx::FromRow, Serialize, utoipa::ToSchema)]
pub struct FactorSet {
    pub id: Uuid,
    pub name: String,
    pub version: i32,
    pub source: String,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    pub reason: String,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

const FACTOR_SET_COLUMNS: &str =
    "id, name, version, source, valid_from, valid_to, reason, created_by, created_at";

/// Every factor set version, newest first within a name.
#[tracing::instrument(skip(pool))]
pub async fn factor_sets(pool: &PgPool) -> Result<Vec<FactorSet>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {FACTOR_SET_COLUMNS} FROM emission_factor_set ORDER BY name, version DESC"
    ))
    .fetch_all(pool)
    .await
}

/// One factor set version.
#[tracing::instrument(skip(conn))]
pub async fn factor_set(
    conn: &mut PgConnection,
    id: Uuid,
) -> Result<Option<FactorSet>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {FACTOR_SET_COLUMNS} FROM emission_factor_set WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// The newest version of any set valid on `day`: what an inventory uses unless told otherwise.
#[tracing::instrument(skip(conn))]
pub async fn current_factor_set(
    conn: &mut PgConnection,
    day: NaiveDate,
) -> Result<Option<FactorSet>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {FACTOR_SET_COLUMNS} FROM emission_factor_set
          WHERE valid_from <= $1 AND (valid_to IS NULL OR valid_to >= $1)
          ORDER BY created_at DESC, version DESC LIMIT 1"
    ))
    .bind(day)
    .fetch_optional(conn)
    .await
}

/// The GWP sets' names, in order.
#[tracing::instrument(skip(pool))]
pub async fn gwp_sets(pool: &PgPool) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT name FROM gwp_set ORDER BY name")
        .fetch_all(pool)
        .await
}

#[derive(sqlx::FromRow)]
struct FuelFactorRow {
    fuel: String,
    ncv_gj_per_t: f64,
    co2_kg_per_tj: f64,
    ch4_kg_per_tj: f64,
    n2o_kg_per_tj: f64,
    density_kg_per_l: Option<f64>,
}

/// The factors of one set for one year with one GWP set; `None` when the set has no grid
/// factor for the year or the GWP set does not exist.
#[tracing::instrument(skip(conn))]
pub async fn factors(
    conn: &mut PgConnection,
    factor_set_id: Uuid,
    gwp_set: &str,
    year: i32,
) -> Result<Option<Factors>, sqlx::Error> {
    let gwp: Option<(String, f64, f64)> =
        sqlx::query_as("SELECT name, ch4, n2o FROM gwp_set WHERE name = $1")
            .bind(gwp_set)
            .fetch_optional(&mut *conn)
            .await?;
    let grid: Option<f64> = sqlx::query_scalar(
        "SELECT t_co2_per_mwh FROM grid_factor WHERE factor_set_id = $1 AND year = $2",
    )
    .bind(factor_set_id)
    .bind(i16::try_from(year).unwrap_or(i16::MAX))
    .fetch_optional(&mut *conn)
    .await?;
    let (Some((name, ch4, n2o)), Some(grid)) = (gwp, grid) else {
        return Ok(None);
    };
    let fuel_rows: Vec<FuelFactorRow> = sqlx::query_as(
        "SELECT fuel, ncv_gj_per_t, co2_kg_per_tj, ch4_kg_per_tj, n2o_kg_per_tj, density_kg_per_l
           FROM fuel_factor WHERE factor_set_id = $1 ORDER BY fuel",
    )
    .bind(factor_set_id)
    .fetch_all(&mut *conn)
    .await?;
    let carbonate_rows: Vec<(String, f64)> = sqlx::query_as(
        "SELECT carbonate, t_co2_per_t FROM carbonate_factor WHERE factor_set_id = $1 ORDER BY carbonate",
    )
    .bind(factor_set_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut fuels = Vec::with_capacity(fuel_rows.len());
    for r in fuel_rows {
        fuels.push(FuelFactor {
            fuel: parse_column("fuel", &r.fuel)?,
            ncv_gj_per_t: r.ncv_gj_per_t,
            co2_kg_per_tj: r.co2_kg_per_tj,
            ch4_kg_per_tj: r.ch4_kg_per_tj,
            n2o_kg_per_tj: r.n2o_kg_per_tj,
            density_kg_per_l: r.density_kg_per_l,
        });
    }
    let mut carbonates = Vec::with_capacity(carbonate_rows.len());
    for (c, f) in carbonate_rows {
        carbonates.push((parse_column::<Carbonate>("carbonate", &c)?, f));
    }
    Ok(Some(Factors {
        fuels,
        carbonates,
        grid_t_co2_per_mwh: grid,
        gwp: Gwp { name, ch4, n2o },
    }))
}

/// A new version of a factor set, copying another version's factors, with the grid factors
/// and fuel factors given replacing the copied ones. Returns the new set's id.
#[allow(clippy::too_many_arguments)]
#[tracing::instrument(skip(conn, grid, fuels))]
pub async fn insert_factor_version(
    conn: &mut PgConnection,
    base: &FactorSet,
    source: &str,
    reason: &str,
    created_by: &str,
    at: DateTime<Utc>,
    grid: &[(i16, f64)],
    fuels: &[FuelFactor],
) -> Result<Uuid, sqlx::Error> {
    let id = Uuid::new_v4();
    sqlx::query(
        "INSERT INTO emission_factor_set (id, name, version, source, valid_from, valid_to, reason, created_by, created_at)
         SELECT $1, name, (SELECT max(version) + 1 FROM emission_factor_set WHERE name = b.name),
                $3, valid_from, valid_to, $4, $5, $6
           FROM emission_factor_set b WHERE b.id = $2",
    )
    .bind(id)
    .bind(base.id)
    .bind(source)
    .bind(reason)
    .bind(created_by)
    .bind(at)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO fuel_factor (factor_set_id, fuel, ncv_gj_per_t, co2_kg_per_tj, ch4_kg_per_tj, n2o_kg_per_tj, density_kg_per_l, source)
         SELECT $1, fuel, ncv_gj_per_t, co2_kg_per_tj, ch4_kg_per_tj, n2o_kg_per_tj, density_kg_per_l, source
           FROM fuel_factor WHERE factor_set_id = $2",
    )
    .bind(id)
    .bind(base.id)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO carbonate_factor (factor_set_id, carbonate, t_co2_per_t, source)
         SELECT $1, carbonate, t_co2_per_t, source FROM carbonate_factor WHERE factor_set_id = $2",
    )
    .bind(id)
    .bind(base.id)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO grid_factor (factor_set_id, year, t_co2_per_mwh, source)
         SELECT $1, year, t_co2_per_mwh, source FROM grid_factor WHERE factor_set_id = $2",
    )
    .bind(id)
    .bind(base.id)
    .execute(&mut *conn)
    .await?;
    let (years, rates): (Vec<i16>, Vec<f64>) = grid.iter().copied().unzip();
    sqlx::query(
        "INSERT INTO grid_factor (factor_set_id, year, t_co2_per_mwh, source)
         SELECT $1, u.year, u.rate, $4 FROM unnest($2::smallint[], $3::float8[]) AS u(year, rate)
         ON CONFLICT (factor_set_id, year) DO UPDATE
            SET t_co2_per_mwh = EXCLUDED.t_co2_per_mwh, source = EXCLUDED.source",
    )
    .bind(id)
    .bind(&years)
    .bind(&rates)
    .bind(source)
    .execute(&mut *conn)
    .await?;
    for f in fuels {
        sqlx::query(
            "INSERT INTO fuel_factor (factor_set_id, fuel, ncv_gj_per_t, co2_kg_per_tj, ch4_kg_per_tj, n2o_kg_per_tj, density_kg_per_l, source)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
             ON CONFLICT (factor_set_id, fuel) DO UPDATE
                SET ncv_gj_per_t = EXCLUDED.ncv_gj_per_t, co2_kg_per_tj = EXCLUDED.co2_kg_per_tj,
                    ch4_kg_per_tj = EXCLUDED.ch4_kg_per_tj, n2o_kg_per_tj = EXCLUDED.n2o_kg_per_tj,
                    density_kg_per_l = EXCLUDED.density_kg_per_l, source = EXCLUDED.source",
        )
        .bind(id)
        .bind(f.fuel.as_str())
        .bind(f.ncv_gj_per_t)
        .bind(f.co2_kg_per_tj)
        .bind(f.ch4_kg_per_tj)
        .bind(f.n2o_kg_per_tj)
        .bind(f.density_kg_per_l)
        .bind(source)
        .execute(&mut *conn)
        .await?;
    }
    Ok(id)
}

// ---------------------------------------------------------------------------------------
// Activity data

/// One stored row of activity data, as pages and the API show it.
#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct ActivityRecord {
    pub id: Uuid,
    pub organisation_id: Uuid,
    pub organisation: String,
    pub month: NaiveDate,
    pub kind: String,
    pub quantity: f64,
    pub fuel: Option<String>,
    pub unit: Option<String>,
    pub ncv_gj_per_t: Option<f64>,
    pub carbon_out_t: Option<f64>,
    pub carbonate: Option<String>,
    pub carrier: Option<String>,
    pub counterparty_id: Option<Uuid>,
    pub counterparty: Option<String>,
    pub comment: String,
    pub status: String,
    pub version: i32,
    pub review_note: Option<String>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

impl ActivityRecord {
    /// The workflow status.
    pub fn status(&self) -> Result<ObservationStatus, sqlx::Error> {
        parse_column("status", &self.status)
    }

    /// The row as the domain reads it.
    pub fn activity(&self) -> Result<Activity, sqlx::Error> {
        let kind: ActivityKind = parse_column("kind", &self.kind)?;
        let carrier = || -> Result<EnergyCarrier, sqlx::Error> {
            parse_column("carrier", self.carrier.as_deref().unwrap_or_default())
        };
        Ok(match kind {
            ActivityKind::FuelUse => Activity::Fuel {
                fuel: parse_column::<Fuel>("fuel", self.fuel.as_deref().unwrap_or_default())?,
                quantity: self.quantity,
                unit: parse_column::<FuelUnit>("unit", self.unit.as_deref().unwrap_or_default())?,
                measured_ncv_gj_per_t: self.ncv_gj_per_t,
            },
            ActivityKind::ProcessCarbon => Activity::ProcessCarbon {
                carbon_in_t: self.quantity,
                carbon_out_t: self.carbon_out_t.unwrap_or(0.0),
            },
            ActivityKind::Carbonate => Activity::Carbonate {
                carbonate: parse_column(
                    "carbonate",
                    self.carbonate.as_deref().unwrap_or_default(),
                )?,
                tonnes: self.quantity,
            },
            ActivityKind::EnergyPurchase => Activity::Purchase {
                carrier: carrier()?,
                mwh: self.quantity,
                supplier: self.counterparty_id.map_or(Supplier::Grid, Supplier::Plant),
            },
            ActivityKind::EnergyDelivery => Activity::Delivery {
                carrier: carrier()?,
                mwh: self.quantity,
                customer: self.counterparty_id,
            },
            ActivityKind::Production => Activity::Production {
                nickel_t: self.quantity,
            },
        })
    }
}

const ACTIVITY_SELECT: &str =
    "SELECT a.id, a.organisation_id, o.code AS organisation, a.month, a.kind,
        a.quantity, a.fuel, a.unit, a.ncv_gj_per_t, a.carbon_out_t, a.carbonate, a.carrier,
        a.counterparty_id, c.code AS counterparty, a.comment, a.status, a.version, a.review_note,
        a.submitted_at, a.reviewed_at, a.updated_at
   FROM activity_record a
   JOIN organisation o ON o.id = a.organisation_id
   LEFT JOIN organisation c ON c.id = a.counterparty_id";

/// Approved activity rows of a park's organisations for the months `from..=to`: the
/// inventory's input.
#[tracing::instrument(skip(conn))]
pub async fn approved_activity(
    conn: &mut PgConnection,
    park_id: Uuid,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<ActivityRow>, sqlx::Error> {
    let records: Vec<ActivityRecord> = sqlx::query_as(&format!(
        "{ACTIVITY_SELECT}
          WHERE o.park_id = $1 AND a.month BETWEEN $2 AND $3 AND a.status = 'approved'
          ORDER BY a.month, o.code, a.created_at, a.id"
    ))
    .bind(park_id)
    .bind(from)
    .bind(to)
    .fetch_all(conn)
    .await?;
    records
        .iter()
        .map(|r| {
            Ok(ActivityRow {
                id: r.id,
                organisation: r.organisation_id,
                month: r.month,
                activity: r.activity()?,
            })
        })
        .collect()
}

/// Activity rows of the months `from..=to`, of one organisation or (`None`) of all, and of
/// the organisations of one park (by code) when given, in any status, for the activity pages
/// and the API.
#[tracing::instrument(skip(pool))]
pub async fn activity_records(
    pool: &PgPool,
    organisation_id: Option<Uuid>,
    park_code: Option<&str>,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<ActivityRecord>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{ACTIVITY_SELECT}
          WHERE ($1::uuid IS NULL OR a.organisation_id = $1) AND a.month BETWEEN $2 AND $3
            AND ($4::text IS NULL OR o.park_id = (SELECT id FROM park WHERE code = $4))
          ORDER BY a.month DESC, o.code, a.kind, a.created_at"
    ))
    .bind(organisation_id)
    .bind(from)
    .bind(to)
    .bind(park_code)
    .fetch_all(pool)
    .await
}

/// An organisation's activity rows of the months `from..=to` and those named by `ids`, in
/// any status, locked (`FOR UPDATE`): what an import of its activity data compares its rows
/// with, so that a row already stored is not stored again.
#[tracing::instrument(skip(conn, ids))]
pub async fn lock_activity_of(
    conn: &mut PgConnection,
    organisation_id: Uuid,
    from: NaiveDate,
    to: NaiveDate,
    ids: &[Uuid],
) -> Result<Vec<ActivityRecord>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{ACTIVITY_SELECT}
          WHERE a.organisation_id = $1 AND (a.month BETWEEN $2 AND $3 OR a.id = ANY($4))
          ORDER BY a.month, a.created_at, a.id
            FOR UPDATE OF a"
    ))
    .bind(organisation_id)
    .bind(from)
    .bind(to)
    .bind(ids)
    .fetch_all(conn)
    .await
}

/// Activity rows by id, locked (`FOR UPDATE`), in no particular order.
#[tracing::instrument(skip_all, fields(rows = ids.len()))]
pub async fn lock_activities(
    conn: &mut PgConnection,
    ids: &[Uuid],
) -> Result<Vec<ActivityRecord>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{ACTIVITY_SELECT} WHERE a.id = ANY($1) FOR UPDATE OF a"
    ))
    .bind(ids)
    .fetch_all(conn)
    .await
}

/// Activity rows awaiting review, oldest first.
#[tracing::instrument(skip(pool))]
pub async fn submitted_activity(pool: &PgPool) -> Result<Vec<ActivityRecord>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{ACTIVITY_SELECT} WHERE a.status = 'submitted' ORDER BY a.submitted_at, a.id LIMIT 500"
    ))
    .fetch_all(pool)
    .await
}

/// Rows by id, read with `FOR UPDATE` so a change cannot interleave with another.
#[tracing::instrument(skip(conn))]
pub async fn lock_activity(
    conn: &mut PgConnection,
    id: Uuid,
) -> Result<Option<ActivityRecord>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{ACTIVITY_SELECT} WHERE a.id = $1 FOR UPDATE OF a"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// The columns of a new or changed activity row.
#[derive(Debug, Clone, Serialize)]
pub struct ActivityColumns {
    pub organisation_id: Uuid,
    pub month: NaiveDate,
    pub kind: ActivityKind,
    pub quantity: f64,
    pub fuel: Option<Fuel>,
    pub unit: Option<FuelUnit>,
    pub ncv_gj_per_t: Option<f64>,
    pub carbon_out_t: Option<f64>,
    pub carbonate: Option<Carbonate>,
    pub carrier: Option<EnergyCarrier>,
    pub counterparty_id: Option<Uuid>,
    pub comment: String,
    pub status: ObservationStatus,
}

impl ActivityColumns {
    /// The columns of a checked activity.
    pub fn of(
        organisation_id: Uuid,
        month: NaiveDate,
        activity: &Activity,
        comment: String,
        status: ObservationStatus,
    ) -> ActivityColumns {
        let mut c = ActivityColumns {
            organisation_id,
            month,
            kind: ActivityKind::Production,
            quantity: 0.0,
            fuel: None,
            unit: None,
            ncv_gj_per_t: None,
            carbon_out_t: None,
            carbonate: None,
            carrier: None,
            counterparty_id: None,
            comment,
            status,
        };
        match *activity {
            Activity::Fuel {
                fuel,
                quantity,
                unit,
                measured_ncv_gj_per_t,
            } => {
                c.kind = ActivityKind::FuelUse;
                c.quantity = quantity;
                c.fuel = Some(fuel);
                c.unit = Some(unit);
                c.ncv_gj_per_t = measured_ncv_gj_per_t;
            }
            Activity::ProcessCarbon {
                carbon_in_t,
                carbon_out_t,
            } => {
                c.kind = ActivityKind::ProcessCarbon;
                c.quantity = carbon_in_t;
                c.carbon_out_t = Some(carbon_out_t);
            }
            Activity::Carbonate { carbonate, tonnes } => {
                c.kind = ActivityKind::Carbonate;
                c.quantity = tonnes;
                c.carbonate = Some(carbonate);
            }
            Activity::Purchase {
                carrier,
                mwh,
                supplier,
            } => {
                c.kind = ActivityKind::EnergyPurchase;
                c.quantity = mwh;
                c.carrier = Some(carrier);
                c.counterparty_id = match supplier {
                    Supplier::Grid => None,
                    Supplier::Plant(p) => Some(p),
                };
            }
            Activity::Delivery {
                carrier,
                mwh,
                customer,
            } => {
                c.kind = ActivityKind::EnergyDelivery;
                c.quantity = mwh;
                c.carrier = Some(carrier);
                c.counterparty_id = customer;
            }
            Activity::Production { nickel_t } => {
                c.kind = ActivityKind::Production;
                c.quantity = nickel_t;
            }
        }
        c
    }
}

/// Inserts a new activity row (version 1).
#[tracing::instrument(skip(conn))]
pub async fn insert_activity(
    conn: &mut PgConnection,
    id: Uuid,
    c: &ActivityColumns,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    insert_activities(conn, &[id], &[c], at).await
}

/// Inserts new activity rows (version 1), `ids[i]` holding `rows[i]`, in one statement.
#[tracing::instrument(skip_all, fields(rows = rows.len()))]
pub async fn insert_activities(
    conn: &mut PgConnection,
    ids: &[Uuid],
    rows: &[&ActivityColumns],
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let organisations: Vec<Uuid> = rows.iter().map(|c| c.organisation_id).collect();
    let columns = ColumnArrays::of(rows);
    columns
        .bind(
            sqlx::query(
                "INSERT INTO activity_record (id, organisation_id, month, kind, quantity, fuel,
                        unit, ncv_gj_per_t, carbon_out_t, carbonate, carrier, counterparty_id,
                        comment, status, submitted_at, created_at, updated_at)
                 SELECT r.id, r.organisation_id, r.month, r.kind, r.quantity, r.fuel, r.unit,
                        r.ncv_gj_per_t, r.carbon_out_t, r.carbonate, r.carrier,
                        r.counterparty_id, r.comment, r.status,
                        CASE WHEN r.status = 'submitted' THEN $15 END, $15, $15
                   FROM UNNEST($1::uuid[], $2::uuid[], $3::date[], $4::text[], $5::float8[],
                               $6::text[], $7::text[], $8::float8[], $9::float8[], $10::text[],
                               $11::text[], $12::uuid[], $13::text[], $14::text[])
                        WITH ORDINALITY
                        AS r(id, organisation_id, month, kind, quantity, fuel, unit, ncv_gj_per_t,
                             carbon_out_t, carbonate, carrier, counterparty_id, comment, status, n)
                  ORDER BY r.n",
            )
            .bind(ids)
            .bind(&organisations),
        )
        .bind(at)
        .execute(conn)
        .await?;
    Ok(())
}

/// Replaces a draft or returned row's values, bumping its version if it is still `version`.
#[tracing::instrument(skip(conn))]
pub async fn update_activity(
    conn: &mut PgConnection,
    id: Uuid,
    version: i32,
    c: &ActivityColumns,
    at: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    Ok(update_activities(conn, &[(id, version)], &[c], at).await? == 1)
}

/// Changes rows, `rows[i]` the new columns of `changes[i]` (an id and the version it must
/// still have), in one statement; how many were still at their version and changed.
#[tracing::instrument(skip_all, fields(rows = rows.len()))]
pub async fn update_activities(
    conn: &mut PgConnection,
    changes: &[(Uuid, i32)],
    rows: &[&ActivityColumns],
    at: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    let (ids, versions): (Vec<Uuid>, Vec<i32>) = changes.iter().copied().unzip();
    let columns = ColumnArrays::of(rows);
    let done = columns
        .bind(
            sqlx::query(
                "UPDATE activity_record a
                    SET month = r.month, kind = r.kind, quantity = r.quantity, fuel = r.fuel,
                        unit = r.unit, ncv_gj_per_t = r.ncv_gj_per_t,
                        carbon_out_t = r.carbon_out_t, carbonate = r.carbonate,
                        carrier = r.carrier, counterparty_id = r.counterparty_id,
                        comment = r.comment, status = r.status,
                        submitted_at = CASE WHEN r.status = 'submitted' THEN $15
                                            ELSE a.submitted_at END,
                        version = a.version + 1, updated_at = $15
                   FROM UNNEST($1::uuid[], $2::int4[], $3::date[], $4::text[], $5::float8[],
                               $6::text[], $7::text[], $8::float8[], $9::float8[], $10::text[],
                               $11::text[], $12::uuid[], $13::text[], $14::text[])
                        AS r(id, version, month, kind, quantity, fuel, unit, ncv_gj_per_t,
                             carbon_out_t, carbonate, carrier, counterparty_id, comment, status)
                  WHERE a.id = r.id AND a.version = r.version",
            )
            .bind(&ids)
            .bind(&versions),
        )
        .bind(at)
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}

/// The stored columns of activity rows, a column an array (bound as `$3`…`$14`), for the
/// statements that write many rows at once.
struct ColumnArrays<'a> {
    months: Vec<NaiveDate>,
    kinds: Vec<&'static str>,
    quantities: Vec<f64>,
    fuels: Vec<Option<&'static str>>,
    units: Vec<Option<&'static str>>,
    ncvs: Vec<Option<f64>>,
    carbon_out: Vec<Option<f64>>,
    carbonates: Vec<Option<&'static str>>,
    carriers: Vec<Option<&'static str>>,
    counterparties: Vec<Option<Uuid>>,
    comments: Vec<&'a str>,
    statuses: Vec<&'static str>,
}

impl<'a> ColumnArrays<'a> {
    fn of(rows: &[&'a ActivityColumns]) -> Self {
        ColumnArrays {
            months: rows.iter().map(|c| c.month).collect(),
            kinds: rows.iter().map(|c| c.kind.as_str()).collect(),
            quantities: rows.iter().map(|c| c.quantity).collect(),
            fuels: rows.iter().map(|c| c.fuel.map(Fuel::as_str)).collect(),
            units: rows.iter().map(|c| c.unit.map(FuelUnit::as_str)).collect(),
            ncvs: rows.iter().map(|c| c.ncv_gj_per_t).collect(),
            carbon_out: rows.iter().map(|c| c.carbon_out_t).collect(),
            carbonates: rows
                .iter()
                .map(|c| c.carbonate.map(Carbonate::as_str))
                .collect(),
            carriers: rows
                .iter()
                .map(|c| c.carrier.map(EnergyCarrier::as_str))
                .collect(),
            counterparties: rows.iter().map(|c| c.counterparty_id).collect(),
            comments: rows.iter().map(|c| c.comment.as_str()).collect(),
            statuses: rows.iter().map(|c| c.status.as_str()).collect(),
        }
    }

    /// Binds the columns as `$3`…`$14` of `query`, whose `$1` and `$2` are bound.
    fn bind<'q>(
        &'q self,
        query: sqlx::query::Query<'q, sqlx::Postgres, sqlx::postgres::PgArguments>,
    ) -> sqlx::query::Query<'q, sqlx::Postgres, sqlx::postgres::PgArguments> {
        query
            .bind(&self.months)
            .bind(&self.kinds)
            .bind(&self.quantities)
            .bind(&self.fuels)
            .bind(&self.units)
            .bind(&self.ncvs)
            .bind(&self.carbon_out)
            .bind(&self.carbonates)
            .bind(&self.carriers)
            .bind(&self.counterparties)
            .bind(&self.comments)
            .bind(&self.statuses)
    }
}

/// Moves a row to `status` (submitted, approved, returned, draft on reopen) if it is still
/// `version`; `false` when it changed meanwhile.
#[tracing::instrument(skip(conn))]
pub async fn move_activity(
    conn: &mut PgConnection,
    id: Uuid,
    version: i32,
    status: ObservationStatus,
    note: Option<&str>,
    at: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE activity_record
            SET status = $3,
                submitted_at = CASE WHEN $3 = 'submitted' THEN $5 ELSE submitted_at END,
                reviewed_at = CASE WHEN $3 IN ('approved', 'returned') THEN $5 ELSE reviewed_at END,
                review_note = CASE WHEN $3 = 'submitted' THEN review_note ELSE $4 END,
                version = version + 1, updated_at = $5
          WHERE id = $1 AND version = $2",
    )
    .bind(id)
    .bind(version)
    .bind(status.as_str())
    .bind(note)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Appends a revision of an activity row.
#[allow(clippy::too_many_arguments)]
#[tracing::instrument(skip(conn, before, after))]
pub async fn record_activity_revision(
    conn: &mut PgConnection,
    id: Uuid,
    version: i32,
    action: &str,
    changed_by: &str,
    at: DateTime<Utc>,
    reason: Option<&str>,
    before: Option<serde_json::Value>,
    after: serde_json::Value,
) -> Result<(), sqlx::Error> {
    let revision = ActivityRevisionEntry {
        id,
        version,
        action,
        before,
        after,
    };
    record_activity_revisions(conn, changed_by, at, reason, &[revision]).await
}

/// One revision of [`record_activity_revisions`]: the row, the version it is at now, what was
/// done and the row before and after.
pub struct ActivityRevisionEntry<'a> {
    pub id: Uuid,
    pub version: i32,
    pub action: &'a str,
    pub before: Option<serde_json::Value>,
    pub after: serde_json::Value,
}

/// Records revisions of activity rows made by one writer at one time, in their order, in one
/// statement.
#[tracing::instrument(skip_all, fields(rows = revisions.len()))]
pub async fn record_activity_revisions(
    conn: &mut PgConnection,
    changed_by: &str,
    at: DateTime<Utc>,
    reason: Option<&str>,
    revisions: &[ActivityRevisionEntry<'_>],
) -> Result<(), sqlx::Error> {
    let ids: Vec<Uuid> = revisions.iter().map(|r| r.id).collect();
    let versions: Vec<i32> = revisions.iter().map(|r| r.version).collect();
    let actions: Vec<&str> = revisions.iter().map(|r| r.action).collect();
    let befores: Vec<Option<&serde_json::Value>> =
        revisions.iter().map(|r| r.before.as_ref()).collect();
    let afters: Vec<&serde_json::Value> = revisions.iter().map(|r| &r.after).collect();
    sqlx::query(
        "INSERT INTO activity_revision (activity_id, version, action, changed_by, changed_at,
                                        reason, before, after)
         SELECT r.id, r.version, r.action, $4, $5, $6, r.before, r.after
           FROM UNNEST($1::uuid[], $2::int4[], $3::text[], $7::jsonb[], $8::jsonb[])
                WITH ORDINALITY AS r(id, version, action, before, after, n)
          ORDER BY r.n",
    )
    .bind(&ids)
    .bind(&versions)
    .bind(&actions)
    .bind(changed_by)
    .bind(at)
    .bind(reason)
    .bind(&befores)
    .bind(&afters)
    .execute(conn)
    .await?;
    Ok(())
}

/// One revision of an activity row.
#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct ActivityRevision {
    pub version: i32,
    pub action: String,
    pub changed_by: String,
    pub changed_at: DateTime<Utc>,
    pub reason: Option<String>,
}

/// An activity row's revisions, oldest first.
#[tracing::instrument(skip(pool))]
pub async fn activity_revisions(
    pool: &PgPool,
    id: Uuid,
) -> Result<Vec<ActivityRevision>, sqlx::Error> {
    sqlx::query_as(
        "SELECT version, action, changed_by, changed_at, reason FROM activity_revision
          WHERE activity_id = $1 ORDER BY version",
    )
    .bind(id)
    .fetch_all(pool)
    .await
}

/// Organisations of a park with their process route: who the forms offer as suppliers and
/// customers, and the routes of intensity.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ParkOrganisation {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub process_route: Option<String>,
}

/// The live organisations of a park, by code.
#[tracing::instrument(skip(conn))]
pub async fn park_organisations(
    conn: &mut PgConnection,
    park_id: Uuid,
) -> Result<Vec<ParkOrganisation>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, code, name, process_route FROM organisation
          WHERE park_id = $1 AND archived_at IS NULL ORDER BY code",
    )
    .bind(park_id)
    .fetch_all(conn)
    .await
}

/// The park an organisation belongs to, if any.
#[tracing::instrument(skip(conn))]
pub async fn park_of(
    conn: &mut PgConnection,
    organisation_id: Uuid,
) -> Result<Option<Uuid>, sqlx::Error> {
    sqlx::query_scalar("SELECT park_id FROM organisation WHERE id = $1")
        .bind(organisation_id)
        .fetch_optional(conn)
        .await
        .map(Option::flatten)
}

/// The process routes of a park's organisations.
pub fn routes(
    organisations: &[ParkOrganisation],
) -> Result<HashMap<Uuid, ProcessRoute>, sqlx::Error> {
    let mut routes = HashMap::new();
    for o in organisations {
        if let Some(route) = &o.process_route {
            routes.insert(o.id, parse_column("process_route", route)?);
        }
    }
    Ok(routes)
}

// ---------------------------------------------------------------------------------------
// Inventories

/// One computed inventory (a park's quarter), current or superseded.
#[derive(Debug, Clone, sqlx::FromRow, Serialize, utoipa::ToSchema)]
pub struct InventoryRecord {
    pub id: Uuid,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub factor_set_id: Uuid,
    pub factor_set: String,
    pub factor_set_version: i32,
    pub gwp_set: String,
    /// Σ Scope 1 + Scope 2 from outside the park, t CO₂e.
    pub park_total_t: f64,
    /// Σ of every organisation's own Scope 1 + 2, t CO₂e.
    pub reported_sum_t: f64,
    /// Captive deliveries counted twice in that sum, t CO₂e.
    pub counted_twice_t: f64,
    pub nickel_t: f64,
    pub activity_rows: i32,
    pub organisations: i32,
    #[schema(value_type = Object)]
    pub gaps: serde_json::Value,
    pub reason: String,
    pub computed_by: String,
    pub computed_at: DateTime<Utc>,
    pub superseded_at: Option<DateTime<Utc>>,
}

const INVENTORY_SELECT: &str = "SELECT g.id, g.period_start, g.period_end, g.factor_set_id,
        s.name AS factor_set, s.version AS factor_set_version, g.gwp_set, g.park_total_t,
        g.reported_sum_t, g.counted_twice_t, g.nickel_t, g.activity_rows, g.organisations,
        g.gaps, g.reason, g.computed_by, g.computed_at, g.superseded_at
   FROM ghg_inventory g JOIN emission_factor_set s ON s.id = g.factor_set_id";

/// What a new inventory stores besides its lines.
#[derive(Debug, Clone)]
pub struct NewInventory<'a> {
    pub id: Uuid,
    pub park_id: Uuid,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub factor_set_id: Uuid,
    pub gwp_set: &'a str,
    pub park_total_t: f64,
    pub reported_sum_t: f64,
    pub counted_twice_t: f64,
    pub nickel_t: f64,
    pub activity_rows: i32,
    pub organisations: i32,
    pub gaps: serde_json::Value,
    pub reason: &'a str,
    pub computed_by: &'a str,
    pub computed_at: DateTime<Utc>,
}

/// Stores a new inventory with its lines and nickel, superseding the park's current one for
/// the same quarter (kept, marked superseded by the new one).
#[tracing::instrument(skip_all)]
pub async fn insert_inventory(
    conn: &mut PgConnection,
    new: &NewInventory<'_>,
    emissions: &[Emission],
    nickel: &[(Uuid, f64)],
) -> Result<Option<Uuid>, sqlx::Error> {
    lock_quarter(conn, new.park_id, new.period_start).await?;
    let previous: Option<Uuid> = sqlx::query_scalar(
        "SELECT id FROM ghg_inventory
          WHERE park_id = $1 AND period_start = $2 AND superseded_at IS NULL",
    )
    .bind(new.park_id)
    .bind(new.period_start)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(previous) = previous {
        // Superseded first (the unique index admits one current inventory), pointing at
        // the new one once it exists: deferred by writing the pointer after the insert.
        sqlx::query(
            "UPDATE ghg_inventory SET superseded_at = $2, superseded_by = id WHERE id = $1",
        )
        .bind(previous)
        .bind(new.computed_at)
        .execute(&mut *conn)
        .await?;
    }
    sqlx::query(
        "INSERT INTO ghg_inventory (id, park_id, period_start, period_end, factor_set_id, gwp_set,
                park_total_t, reported_sum_t, counted_twice_t, nickel_t, activity_rows, organisations,
                gaps, reason, computed_by, computed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
    )
    .bind(new.id)
    .bind(new.park_id)
    .bind(new.period_start)
    .bind(new.period_end)
    .bind(new.factor_set_id)
    .bind(new.gwp_set)
    .bind(new.park_total_t)
    .bind(new.reported_sum_t)
    .bind(new.counted_twice_t)
    .bind(new.nickel_t)
    .bind(new.activity_rows)
    .bind(new.organisations)
    .bind(&new.gaps)
    .bind(new.reason)
    .bind(new.computed_by)
    .bind(new.computed_at)
    .execute(&mut *conn)
    .await?;
    if let Some(previous) = previous {
        sqlx::query("UPDATE ghg_inventory SET superseded_by = $2 WHERE id = $1")
            .bind(previous)
            .bind(new.id)
            .execute(&mut *conn)
            .await?;
    }
    let mut activity = Vec::with_capacity(emissions.len());
    let mut organisation = Vec::with_capacity(emissions.len());
    let mut month = Vec::with_capacity(emissions.len());
    let mut scope = Vec::with_capacity(emissions.len());
    let mut source = Vec::with_capacity(emissions.len());
    let mut gas = Vec::with_capacity(emissions.len());
    let mut tonnes = Vec::with_capacity(emissions.len());
    let mut co2e = Vec::with_capacity(emissions.len());
    let mut tier = Vec::with_capacity(emissions.len());
    let mut supplier = Vec::with_capacity(emissions.len());
    for e in emissions {
        activity.push(e.activity_id);
        organisation.push(e.organisation);
        month.push(e.month);
        scope.push(e.scope.as_str());
        source.push(e.source.as_str());
        gas.push(e.gas.as_str());
        tonnes.push(e.tonnes);
        co2e.push(e.t_co2e);
        tier.push(e.tier.map(|t| t.as_str()));
        supplier.push(e.supplier);
    }
    sqlx::query(
        "INSERT INTO ghg_emission (inventory_id, activity_id, organisation_id, month, scope, source,
                gas, tonnes, t_co2e, tier, supplier_id)
         SELECT $1, * FROM unnest($2::uuid[], $3::uuid[], $4::date[], $5::text[], $6::text[],
                $7::text[], $8::float8[], $9::float8[], $10::text[], $11::uuid[])",
    )
    .bind(new.id)
    .bind(&activity)
    .bind(&organisation)
    .bind(&month)
    .bind(&scope)
    .bind(&source)
    .bind(&gas)
    .bind(&tonnes)
    .bind(&co2e)
    .bind(&tier)
    .bind(&supplier)
    .execute(&mut *conn)
    .await?;
    let (orgs, ni): (Vec<Uuid>, Vec<f64>) = nickel.iter().copied().unzip();
    sqlx::query(
        "INSERT INTO ghg_inventory_nickel (inventory_id, organisation_id, nickel_t)
         SELECT $1, * FROM unnest($2::uuid[], $3::float8[])",
    )
    .bind(new.id)
    .bind(&orgs)
    .bind(&ni)
    .execute(&mut *conn)
    .await?;
    Ok(previous)
}

/// Serialises the inventories of one park and quarter for the rest of the transaction (taken
/// again by the same transaction, it is held already).
async fn lock_quarter(
    conn: &mut PgConnection,
    park_id: Uuid,
    period_start: NaiveDate,
) -> Result<(), sqlx::Error> {
    sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended('ghg_inventory:' || $1::text || $2::text, 0))")
        .bind(park_id)
        .bind(period_start)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The park's current inventories of the quarters starting in `from..=to`.
#[tracing::instrument(skip(pool))]
pub async fn current_inventories(
    pool: &PgPool,
    park_id: Uuid,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<InventoryRecord>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{INVENTORY_SELECT}
          WHERE g.park_id = $1 AND g.period_start BETWEEN $2 AND $3 AND g.superseded_at IS NULL
          ORDER BY g.period_start"
    ))
    .bind(park_id)
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await
}

/// [`current_inventories`] on a transaction's connection.
#[tracing::instrument(skip(conn))]
pub async fn current_inventories_in(
    conn: &mut PgConnection,
    park_id: Uuid,
) -> Result<Vec<InventoryRecord>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{INVENTORY_SELECT} WHERE g.park_id = $1 AND g.superseded_at IS NULL ORDER BY g.period_start"
    ))
    .bind(park_id)
    .fetch_all(conn)
    .await
}

/// Every inventory of the park's quarters in `from..=to`, current and superseded, newest
/// first: the history.
#[tracing::instrument(skip(pool))]
pub async fn inventory_history(
    pool: &PgPool,
    park_id: Uuid,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<InventoryRecord>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{INVENTORY_SELECT}
          WHERE g.park_id = $1 AND g.period_start BETWEEN $2 AND $3
          ORDER BY g.period_start, g.computed_at DESC"
    ))
    .bind(park_id)
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await
}

/// One inventory by id.
#[tracing::instrument(skip(pool))]
pub async fn inventory(pool: &PgPool, id: Uuid) -> Result<Option<InventoryRecord>, sqlx::Error> {
    sqlx::query_as(&format!("{INVENTORY_SELECT} WHERE g.id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await
}

/// One line of an inventory, with what traces it to its activity row.
#[derive(Debug, Clone, sqlx::FromRow, Serialize, utoipa::ToSchema)]
pub struct EmissionLine {
    pub inventory_id: Uuid,
    pub activity_id: Uuid,
    pub organisation_id: Uuid,
    pub organisation: String,
    pub month: NaiveDate,
    pub scope: String,
    pub source: String,
    pub gas: String,
    pub tonnes: f64,
    pub t_co2e: f64,
    pub tier: Option<String>,
    pub supplier: Option<String>,
    /// The activity row: its kind, quantity and fuel or carrier.
    pub activity_kind: String,
    pub quantity: f64,
    pub fuel: Option<String>,
    pub unit: Option<String>,
    pub ncv_gj_per_t: Option<f64>,
}

/// The lines of some inventories, of one organisation or of all.
#[tracing::instrument(skip(pool))]
pub async fn emission_lines(
    pool: &PgPool,
    inventory_ids: &[Uuid],
    organisation_id: Option<Uuid>,
) -> Result<Vec<EmissionLine>, sqlx::Error> {
    sqlx::query_as(
        "SELECT e.inventory_id, e.activity_id, e.organisation_id, o.code AS organisation, e.month,
                e.scope, e.source, e.gas, e.tonnes, e.t_co2e, e.tier, s.code AS supplier,
                a.kind AS activity_kind, a.quantity, a.fuel, a.unit, a.ncv_gj_per_t
           FROM ghg_emission e
           JOIN organisation o ON o.id = e.organisation_id
           JOIN activity_record a ON a.id = e.activity_id
           LEFT JOIN organisation s ON s.id = e.supplier_id
          WHERE e.inventory_id = ANY($1) AND ($2::uuid IS NULL OR e.organisation_id = $2)
          ORDER BY e.month, o.code, e.scope, e.source, e.activity_id, e.gas",
    )
    .bind(inventory_ids)
    .bind(organisation_id)
    .fetch_all(pool)
    .await
}

/// Nickel per organisation of some inventories.
#[tracing::instrument(skip(pool))]
pub async fn inventory_nickel(
    pool: &PgPool,
    inventory_ids: &[Uuid],
) -> Result<Vec<(Uuid, f64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT organisation_id, sum(nickel_t) FROM ghg_inventory_nickel
          WHERE inventory_id = ANY($1) GROUP BY organisation_id ORDER BY organisation_id",
    )
    .bind(inventory_ids)
    .fetch_all(pool)
    .await
}

// ---------------------------------------------------------------------------------------
// Computed indicators

/// An indicator computed from the inventory, in a program of the park.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ComputedIndicator {
    pub id: Uuid,
    pub code: String,
    pub kind: String,
    pub unit: String,
    pub frequency: String,
}

impl ComputedIndicator {
    pub fn kind(&self) -> Result<IndicatorKind, sqlx::Error> {
        parse_column("kind", &self.kind)
    }
}

/// The live indicators of the park's programs computed from the GHG inventory.
#[tracing::instrument(skip(conn))]
pub async fn inventory_indicators(
    conn: &mut PgConnection,
    park_id: Uuid,
) -> Result<Vec<ComputedIndicator>, sqlx::Error> {
    sqlx::query_as(
        "SELECT i.id, i.code, i.kind, i.unit, i.frequency FROM indicator i
           JOIN program p ON p.id = i.program_id
          WHERE p.park_id = $1 AND i.computed_from = 'ghg_inventory' AND i.archived_at IS NULL
          ORDER BY i.code",
    )
    .bind(park_id)
    .fetch_all(conn)
    .await
}

/// One official figure of a computed indicator.
#[derive(Debug, Clone)]
pub struct ComputedFigure {
    pub indicator_id: Uuid,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub frequency: String,
    pub value: f64,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    pub contributors: i64,
}

/// Replaces every official figure of the given computed indicators with `figures`.
#[tracing::instrument(skip(conn, figures))]
pub async fn replace_computed_figures(
    conn: &mut PgConnection,
    indicator_ids: &[Uuid],
    figures: &[ComputedFigure],
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM official_figure WHERE indicator_id = ANY($1)")
        .bind(indicator_ids)
        .execute(&mut *conn)
        .await?;
    for f in figures {
        sqlx::query(
            "INSERT INTO official_figure (indicator_id, period_start, period_end, frequency, value,
                    numerator, denominator, contributors)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(f.indicator_id)
        .bind(f.period_start)
        .bind(f.period_end)
        .bind(&f.frequency)
        .bind(f.value)
        .bind(f.numerator)
        .bind(f.denominator)
        .bind(f.contributors)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// The park's id by its code.
#[tracing::instrument(skip(pool))]
pub async fn park_id(pool: &PgPool, code: &str) -> Result<Option<Uuid>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM park WHERE code = $1")
        .bind(code)
        .fetch_optional(pool)
        .await
}

/// The year's target of the program's intensity indicator computed from the inventory (a
/// ratio computed from `ghg_inventory`: CE-01 in the pilot), if there is one.
#[tracing::instrument(skip(pool))]
pub async fn intensity_target(
    pool: &PgPool,
    program_id: Uuid,
    year: i32,
) -> Result<Option<f64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT t.value FROM target t JOIN indicator i ON i.id = t.indicator_id
          WHERE i.program_id = $1 AND i.computed_from = 'ghg_inventory' AND i.kind = 'ratio'
            AND i.archived_at IS NULL AND t.year = $2
          ORDER BY i.code LIMIT 1",
    )
    .bind(program_id)
    .bind(i16::try_from(year).unwrap_or(i16::MAX))
    .fetch_optional(pool)
    .await
}

/// A `fuel_factor` row: set, fuel, NCV, CO2, CH4, N2O, density.
type SetFuelFactorRow = (Uuid, String, f64, f64, f64, f64, Option<f64>);

/// The fuel factors of some factor sets.
#[tracing::instrument(skip(pool))]
pub async fn fuel_factors_of(
    pool: &PgPool,
    set_ids: &[Uuid],
) -> Result<Vec<(Uuid, FuelFactor)>, sqlx::Error> {
    let rows: Vec<SetFuelFactorRow> = sqlx::query_as(
        "SELECT factor_set_id, fuel, ncv_gj_per_t, co2_kg_per_tj, ch4_kg_per_tj, n2o_kg_per_tj,
                density_kg_per_l
           FROM fuel_factor WHERE factor_set_id = ANY($1) ORDER BY factor_set_id, fuel",
    )
    .bind(set_ids)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|(id, fuel, ncv, co2, ch4, n2o, density)| {
            Ok((
                id,
                FuelFactor {
                    fuel: parse_column("fuel", &fuel)?,
                    ncv_gj_per_t: ncv,
                    co2_kg_per_tj: co2,
                    ch4_kg_per_tj: ch4,
                    n2o_kg_per_tj: n2o,
                    density_kg_per_l: density,
                },
            ))
        })
        .collect()
}

/// The grid factors of some factor sets: (set, year, t CO₂/MWh, source).
#[tracing::instrument(skip(pool))]
pub async fn grid_factors_of(
    pool: &PgPool,
    set_ids: &[Uuid],
) -> Result<Vec<(Uuid, i16, f64, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT factor_set_id, year, t_co2_per_mwh, source FROM grid_factor
          WHERE factor_set_id = ANY($1) ORDER BY factor_set_id, year",
    )
    .bind(set_ids)
    .fetch_all(pool)
    .await
}

// ---------------------------------------------------------------------------------------
// Computing (the set-based part of `workflow::ghg::compute_inventory`, which the demo
// seeder uses too)

/// What a computation stored.
#[derive(Debug, Clone)]
pub struct Computed {
    pub id: Uuid,
    /// The inventory it superseded.
    pub previous: Option<Uuid>,
    pub park_total_t: f64,
    pub activity_rows: usize,
}

/// Computes and stores a park's inventory of one quarter from its approved activity rows
/// with one factor-set version and GWP set (`domain::ghg::compute`), superseding the
/// quarter's current one, and rewrites the official figures of the computed indicators.
/// `None` when the set has no grid factor for the year or the GWP set does not exist.
#[allow(clippy::too_many_arguments)]
#[tracing::instrument(skip(conn))]
pub async fn compute_quarter(
    conn: &mut PgConnection,
    park_id: Uuid,
    quarter: &Period,
    factor_set_id: Uuid,
    gwp_set: &str,
    reason: &str,
    computed_by: &str,
    at: DateTime<Utc>,
) -> Result<Option<Computed>, sqlx::Error> {
    let Some(factors) = factors(conn, factor_set_id, gwp_set, quarter.year()).await? else {
        return Ok(None);
    };
    let rows = approved_activity(conn, park_id, quarter.start(), quarter.end()).await?;
    let inventory = ghg::compute(&rows, &factors);
    let park = inventory.park_total();
    let organisations: BTreeSet<Uuid> = rows.iter().map(|r| r.organisation).collect();
    let gaps = serde_json::Value::Array(inventory.gaps.iter().map(gap_json).collect());
    let nickel: Vec<(Uuid, f64)> = inventory.nickel_t.iter().map(|(o, t)| (*o, *t)).collect();
    lock_quarter(conn, park_id, quarter.start()).await?;
    let runs: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM ghg_inventory WHERE park_id = $1 AND period_start = $2",
    )
    .bind(park_id)
    .bind(quarter.start())
    .fetch_one(&mut *conn)
    .await?;
    let id = ghg::inventory_id(
        park_id,
        quarter.start(),
        factor_set_id,
        gwp_set,
        u32::try_from(runs).unwrap_or(u32::MAX),
    );
    let new = NewInventory {
        id,
        park_id,
        period_start: quarter.start(),
        period_end: quarter.end(),
        factor_set_id,
        gwp_set,
        park_total_t: park.total,
        reported_sum_t: park.reported_sum,
        counted_twice_t: park.counted_twice,
        nickel_t: nickel.iter().map(|(_, t)| t).sum(),
        activity_rows: i32::try_from(rows.len()).unwrap_or(i32::MAX),
        organisations: i32::try_from(organisations.len()).unwrap_or(i32::MAX),
        gaps,
        reason,
        computed_by,
        computed_at: at,
    };
    let previous = insert_inventory(conn, &new, &inventory.emissions, &nickel).await?;
    refresh_computed_figures(conn, park_id).await?;
    Ok(Some(Computed {
        id,
        previous,
        park_total_t: park.total,
        activity_rows: rows.len(),
    }))
}

fn gap_json(gap: &ghg::Gap) -> serde_json::Value {
    match gap {
        ghg::Gap::NoFuelFactor { activity_id, fuel } => {
            serde_json::json!({"gap": "no_fuel_factor", "activity_id": activity_id, "fuel": fuel})
        }
        ghg::Gap::NoCarbonateFactor {
            activity_id,
            carbonate,
        } => serde_json::json!({
            "gap": "no_carbonate_factor", "activity_id": activity_id, "carbonate": carbonate
        }),
        ghg::Gap::PlantWithoutDeliveries {
            activity_id,
            plant,
            month,
        } => serde_json::json!({
            "gap": "plant_without_deliveries", "activity_id": activity_id, "plant": plant,
            "month": month
        }),
    }
}

/// [`refresh_computed_figures`] for the park of a program.
#[tracing::instrument(skip(conn))]
pub async fn refresh_computed_figures_of_program(
    conn: &mut PgConnection,
    program_id: Uuid,
) -> Result<(), sqlx::Error> {
    let park: Uuid = sqlx::query_scalar("SELECT park_id FROM program WHERE id = $1")
        .bind(program_id)
        .fetch_one(&mut *conn)
        .await?;
    refresh_computed_figures(conn, park).await
}

/// Rewrites the official figures of every indicator of the park computed from the inventory,
/// from the park's current quarterly inventories (`domain::ghg::computed_figure`).
#[tracing::instrument(skip(conn))]
pub async fn refresh_computed_figures(
    conn: &mut PgConnection,
    park_id: Uuid,
) -> Result<(), sqlx::Error> {
    let indicators = inventory_indicators(conn, park_id).await?;
    if indicators.is_empty() {
        return Ok(());
    }
    let quarters: Vec<ghg::QuarterTotals> = current_inventories_in(conn, park_id)
        .await?
        .into_iter()
        .map(|i| ghg::QuarterTotals {
            start: i.period_start,
            end: i.period_end,
            park_total_t: i.park_total_t,
            nickel_t: i.nickel_t,
            organisations: i64::from(i.organisations),
        })
        .collect();
    let mut figures = Vec::new();
    for indicator in &indicators {
        let frequency: Frequency = parse_column("frequency", &indicator.frequency)?;
        let kind = indicator.kind()?;
        let starts: BTreeSet<NaiveDate> = quarters
            .iter()
            .map(|q| Period::containing(frequency, q.start).start())
            .collect();
        for start in starts {
            let period = Period::containing(frequency, start);
            if let Some((value, numerator, denominator, contributors)) =
                ghg::computed_figure(kind, &indicator.unit, &period, &quarters)
            {
                figures.push(ComputedFigure {
                    indicator_id: indicator.id,
                    period_start: period.start(),
                    period_end: period.end(),
                    frequency: indicator.frequency.clone(),
                    value,
                    numerator,
                    denominator,
                    contributors,
                });
            }
        }
    }
    let ids: Vec<Uuid> = indicators.iter().map(|i| i.id).collect();
    replace_computed_figures(conn, &ids, &figures).await
}
