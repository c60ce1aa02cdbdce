//! The demo material-flow ledger (issue 18): four materials, two fictional receivers (a brick
//! maker and a road contractor), and January–October 2026 of plausible flows — the RKEF
//! smelter's slag to the brick maker, the captive power company's fly and bottom ash to the
//! road contractor, the HPAL plant's residue to engineered storage, the matte converter's
//! slag to landfill. Among them: one transfer disputed (September's ash), one unanswered for
//! weeks (October's slag), one confirmed 2.4 % short (April's slag), one month that does not
//! balance (the power company's October draft), one month awaiting review (the HPAL plant's
//! October). Every figure is synthetic and deterministic (no clock, no randomness).

use chrono::{DateTime, Days, NaiveDate, Utc};
use sqlx::{Postgres, Transaction};
use uuid::Uuid;

use super::model::organisation_id;
use super::prng::entity_id;

const RKEF: &str = "DEMO-RKEF-A";
const HPAL: &str = "DEMO-HPAL-B";
const POWER: &str = "DEMO-POWER-C";
const MATTE: &str = "DEMO-MATTE-D";
/// The fictional brick maker that turns slag (and some ash) into bricks.
pub const BRICK: &str = "DEMO-BRICK-I";
/// The fictional road contractor that lays fly and bottom ash as road base.
pub const ROAD: &str = "DEMO-ROAD-J";

/// (code, English name, Indonesian name, unit, hazard class, indicators it feeds).
type MaterialRow = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    &'static [&'static str],
);

const MATERIALS: &[MaterialRow] = &[
    (
        "NI-SLAG",
        "Nickel slag",
        "Slag nikel",
        "tonne",
        Some("b3_exempt"),
        &["CE-05", "CE-08"],
    ),
    (
        "FABA",
        "Fly and bottom ash (FABA)",
        "Abu terbang dan abu dasar (FABA)",
        "tonne",
        Some("non_b3"),
        &["CE-08"],
    ),
    (
        "HPAL-RES",
        "HPAL leach residue",
        "Residu pelindian HPAL",
        "tonne",
        Some("b3"),
        &["CE-06", "CE-08"],
    ),
    (
        "STEAM",
        "Process steam",
        "Uap proses",
        "gigajoule",
        None,
        &["CE-08"],
    ),
];

fn material_id(code: &str) -> Uuid {
    entity_id("material", code)
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a demo date")
}

fn at(day: NaiveDate) -> DateTime<Utc> {
    day.and_hms_opt(9, 0, 0).expect("09:00").and_utc()
}

/// One ledger month of the demo.
struct Month {
    organisation: &'static str,
    material: &'static str,
    month: u32,
    opening: f64,
    generated: f64,
    received: f64,
    used: f64,
    sent: f64,
    landfill: f64,
    storage: f64,
    closing: f64,
    status: &'static str,
}

/// One transfer of the demo.
struct Move {
    sender: &'static str,
    receiver: &'static str,
    material: &'static str,
    month: u32,
    quantity: f64,
    intended_use: &'static str,
    state: &'static str,
    received: Option<f64>,
    note: Option<&'static str>,
    recorded_on: NaiveDate,
}

/// What the brick maker counted of the smelter's slag: April arrived 2.4 % short.
fn slag_received(month: u32, sent: f64) -> f64 {
    if month == 4 { sent * 0.976 } else { sent }
}

fn rows() -> (Vec<Month>, Vec<Move>) {
    let mut months = Vec::new();
    let mut moves = Vec::new();
    for m in 1..=10u32 {
        let k = f64::from(m);
        let month_end = date(2026, m, 1)
            .checked_add_months(chrono::Months::new(1))
            .and_then(|d| d.checked_sub_days(Days::new(1)))
            .expect("a month end");
        // The RKEF smelter: slag grows with the furnaces; 1,500 t crushed on site as
        // aggregate, the brick maker takes a rising share, the rest to engineered storage;
        // the stockpile holds at 2,000 t.
        let generated = 9_000.0 + 100.0 * k;
        let sent = 5_000.0 + 50.0 * k;
        months.push(Month {
            organisation: RKEF,
            material: "NI-SLAG",
            month: m,
            opening: 2_000.0,
            generated,
            received: 0.0,
            used: 1_500.0,
            sent,
            landfill: 0.0,
            storage: generated - 1_500.0 - sent,
            closing: 2_000.0,
            status: "approved",
        });
        // October's load is recorded at dispatch and never answered: flagged after 30 days.
        let pending = m == 10;
        moves.push(Move {
            sender: RKEF,
            receiver: BRICK,
            material: "NI-SLAG",
            month: m,
            quantity: sent,
            intended_use: "recycling",
            state: if pending { "pending" } else { "confirmed" },
            received: (!pending).then(|| slag_received(m, sent)),
            note: None,
            recorded_on: if pending {
                date(2026, 10, 20)
            } else {
                month_end + Days::new(3)
            },
        });
        // The brick maker uses all it receives (85 % slag bricks).
        let received = slag_received(m, sent);
        months.push(Month {
            organisation: BRICK,
            material: "NI-SLAG",
            month: m,
            opening: 0.0,
            generated: 0.0,
            received,
            used: received,
            sent: 0.0,
            landfill: 0.0,
            storage: 0.0,
            closing: 0.0,
            status: "approved",
        });
        // The matte converter's slag goes to landfill: a third organisation with slag, so
        // tenants see the park's slag totals.
        months.push(Month {
            organisation: MATTE,
            material: "NI-SLAG",
            month: m,
            opening: 0.0,
            generated: 2_000.0,
            received: 0.0,
            used: 0.0,
            sent: 0.0,
            landfill: 2_000.0,
            storage: 0.0,
            closing: 0.0,
            status: "approved",
        });
        // The power company's ash: 8,000 t a month to the road contractor as road base, the
        // rest to the ash landfill; October's draft does not balance (1,000 t unaccounted).
        let ash = 30_000.0 + 500.0 * k;
        let disputed = m == 9;
        months.push(Month {
            organisation: POWER,
            material: "FABA",
            month: m,
            opening: 5_000.0,
            generated: ash,
            received: 0.0,
            used: 0.0,
            sent: 8_000.0,
            landfill: if m == 10 {
                ash - 9_000.0
            } else {
                ash - 8_000.0
            },
            storage: 0.0,
            closing: 5_000.0,
            status: if m == 10 { "draft" } else { "approved" },
        });
        moves.push(Move {
            sender: POWER,
            receiver: ROAD,
            material: "FABA",
            month: m,
            quantity: 8_000.0,
            intended_use: "reuse",
            state: if disputed { "disputed" } else { "confirmed" },
            received: (!disputed).then_some(8_000.0),
            note: disputed.then_some(
                "Only about 6,100 t arrived; the weighbridge tickets for the rest are missing.",
            ),
            recorded_on: month_end + Days::new(3),
        });
        let road = if disputed { 6_100.0 } else { 8_000.0 };
        months.push(Month {
            organisation: ROAD,
            material: "FABA",
            month: m,
            opening: 0.0,
            generated: 0.0,
            received: road,
            used: road,
            sent: 0.0,
            landfill: 0.0,
            storage: 0.0,
            closing: 0.0,
            status: "approved",
        });
        // The HPAL plant's residue: all of it to the dry-stack facility; October awaits
        // review.
        let residue = 60_000.0 + 1_000.0 * k;
        months.push(Month {
            organisation: HPAL,
            material: "HPAL-RES",
            month: m,
            opening: 0.0,
            generated: residue,
            received: 0.0,
            used: 0.0,
            sent: 0.0,
            landfill: 0.0,
            storage: residue,
            closing: 0.0,
            status: if m == 10 { "submitted" } else { "approved" },
        });
    }
    (months, moves)
}

/// Writes the demo ledger: the receivers, the materials, the months and the transfers.
pub(super) async fn insert_flows(tx: &mut Transaction<'_, Postgres>) -> Result<(), sqlx::Error> {
    let entered = at(date(2025, 12, 15));
    // The two receivers: fictional tenants of the same park as the smelter.
    sqlx::query(
        "INSERT INTO organisation (id, code, name, short_name, kind, park_id, description_en,
                                   description_id, is_demo, created_at)
         SELECT u.id, u.code, u.name, u.short_name, 'tenant',
                (SELECT park_id FROM organisation WHERE code = $7), u.en, u.ind, true, $8
           FROM UNNEST($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
                AS u(id, code, name, short_name, en, ind)",
    )
    .bind(vec![organisation_id(BRICK), organisation_id(ROAD)])
    .bind(vec![BRICK, ROAD])
    .bind(vec!["Demo Brick Maker I", "Demo Road Contractor J"])
    .bind(vec!["Demo Brick I", "Demo Road J"])
    .bind(vec![
        "Fictional brick maker of the demo data: bricks of 85 % nickel slag; its figures are synthetic.",
        "Fictional road contractor of the demo data: fly and bottom ash as road base; its figures are synthetic.",
    ])
    .bind(vec![
        "Pembuat bata fiktif untuk data demo: bata dari 85 % slag nikel; angkanya sintetis.",
        "Kontraktor jalan fiktif untuk data demo: abu terbang dan abu dasar sebagai lapis pondasi jalan; angkanya sintetis.",
    ])
    .bind(RKEF)
    .bind(entered)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO material (id, code, name_en, name_id, unit, hazard_class, created_at)
         SELECT * FROM UNNEST($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[],
                              $6::text[], $7::timestamptz[])",
    )
    .bind(
        MATERIALS
            .iter()
            .map(|m| material_id(m.0))
            .collect::<Vec<_>>(),
    )
    .bind(MATERIALS.iter().map(|m| m.0).collect::<Vec<_>>())
    .bind(MATERIALS.iter().map(|m| m.1).collect::<Vec<_>>())
    .bind(MATERIALS.iter().map(|m| m.2).collect::<Vec<_>>())
    .bind(MATERIALS.iter().map(|m| m.3).collect::<Vec<_>>())
    .bind(MATERIALS.iter().map(|m| m.4).collect::<Vec<_>>())
    .bind(vec![entered; MATERIALS.len()])
    .execute(&mut **tx)
    .await?;
    let links: Vec<(Uuid, &str)> = MATERIALS
        .iter()
        .flat_map(|m| m.5.iter().map(move |code| (material_id(m.0), *code)))
        .collect();
    sqlx::query(
        "INSERT INTO material_indicator (material_id, indicator_id)
         SELECT u.material_id, i.id FROM UNNEST($1::uuid[], $2::text[]) AS u(material_id, code)
           JOIN indicator i ON i.code = u.code",
    )
    .bind(links.iter().map(|l| l.0).collect::<Vec<_>>())
    .bind(links.iter().map(|l| l.1).collect::<Vec<_>>())
    .execute(&mut **tx)
    .await?;

    let (months, moves) = rows();
    let month_start = |m: u32| date(2026, m, 1);
    // Reported ten days after the month, reviewed five days later.
    let reported = |m: u32| at(month_start(m) + chrono::Months::new(1) + Days::new(9));
    let reviewed = |m: u32| at(month_start(m) + chrono::Months::new(1) + Days::new(14));
    sqlx::query(
        "INSERT INTO material_ledger (id, organisation_id, material_id, month, opening_declared,
                 generated, received, used_on_site, sent, disposed_landfill, disposed_storage,
                 disposed_sea, closing, status, version, submitted_at, submitted_by, reviewed_at,
                 reviewed_by, created_at, updated_at)
         SELECT u.id, u.organisation_id, u.material_id, u.month, u.opening, u.generated,
                u.received, u.used, u.sent, u.landfill, u.storage, 0, u.closing, u.status,
                CASE u.status WHEN 'draft' THEN 1 WHEN 'submitted' THEN 1 ELSE 2 END,
                CASE WHEN u.status <> 'draft' THEN u.reported END,
                CASE WHEN u.status <> 'draft' THEN 'demo-seed' END,
                CASE WHEN u.status = 'approved' THEN u.reviewed END,
                CASE WHEN u.status = 'approved' THEN 'demo-seed' END,
                u.reported, coalesce(CASE WHEN u.status = 'approved' THEN u.reviewed END, u.reported)
           FROM UNNEST($1::uuid[], $2::uuid[], $3::uuid[], $4::date[], $5::float8[], $6::float8[],
                       $7::float8[], $8::float8[], $9::float8[], $10::float8[], $11::float8[],
                       $12::float8[], $13::text[], $14::timestamptz[], $15::timestamptz[])
                AS u(id, organisation_id, material_id, month, opening, generated, received, used,
                     sent, landfill, storage, closing, status, reported, reviewed)",
    )
    .bind(
        months
            .iter()
            .map(|r| {
                entity_id(
                    "material_ledger",
                    &format!("{}/{}/{}", r.organisation, r.material, r.month),
                )
            })
            .collect::<Vec<_>>(),
    )
    .bind(months.iter().map(|r| organisation_id(r.organisation)).collect::<Vec<_>>())
    .bind(months.iter().map(|r| material_id(r.material)).collect::<Vec<_>>())
    .bind(months.iter().map(|r| month_start(r.month)).collect::<Vec<_>>())
    .bind(months.iter().map(|r| r.opening).collect::<Vec<_>>())
    .bind(months.iter().map(|r| r.generated).collect::<Vec<_>>())
    .bind(months.iter().map(|r| r.received).collect::<Vec<_>>())
    .bind(months.iter().map(|r| r.used).collect::<Vec<_>>())
    .bind(months.iter().map(|r| r.sent).collect::<Vec<_>>())
    .bind(months.iter().map(|r| r.landfill).collect::<Vec<_>>())
    .bind(months.iter().map(|r| r.storage).collect::<Vec<_>>())
    .bind(months.iter().map(|r| r.closing).collect::<Vec<_>>())
    .bind(months.iter().map(|r| r.status).collect::<Vec<_>>())
    .bind(months.iter().map(|r| reported(r.month)).collect::<Vec<_>>())
    .bind(months.iter().map(|r| reviewed(r.month)).collect::<Vec<_>>())
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO material_transfer (id, sender_id, receiver_id, material_id, month, quantity,
                 intended_use, state, received_quantity, dispute_note, recorded_at, recorded_by,
                 answered_at, answered_by, version)
         SELECT u.id, u.sender_id, u.receiver_id, u.material_id, u.month, u.quantity,
                u.intended_use, u.state, u.received, u.note, u.recorded_at, 'demo-seed',
                CASE WHEN u.state <> 'pending' THEN u.recorded_at + interval '4 days' END,
                CASE WHEN u.state <> 'pending' THEN 'demo-seed' END,
                CASE WHEN u.state <> 'pending' THEN 2 ELSE 1 END
           FROM UNNEST($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::date[], $6::float8[],
                       $7::text[], $8::text[], $9::float8[], $10::text[], $11::timestamptz[])
                AS u(id, sender_id, receiver_id, material_id, month, quantity, intended_use, state,
                     received, note, recorded_at)",
    )
    .bind(
        moves
            .iter()
            .map(|t| {
                entity_id(
                    "material_transfer",
                    &format!("{}/{}/{}/{}", t.sender, t.receiver, t.material, t.month),
                )
            })
            .collect::<Vec<_>>(),
    )
    .bind(
        moves
            .iter()
            .map(|t| organisation_id(t.sender))
            .collect::<Vec<_>>(),
    )
    .bind(
        moves
            .iter()
            .map(|t| organisation_id(t.receiver))
            .collect::<Vec<_>>(),
    )
    .bind(
        moves
            .iter()
            .map(|t| material_id(t.material))
            .collect::<Vec<_>>(),
    )
    .bind(
        moves
            .iter()
            .map(|t| month_start(t.month))
            .collect::<Vec<_>>(),
    )
    .bind(moves.iter().map(|t| t.quantity).collect::<Vec<_>>())
    .bind(moves.iter().map(|t| t.intended_use).collect::<Vec<_>>())
    .bind(moves.iter().map(|t| t.state).collect::<Vec<_>>())
    .bind(moves.iter().map(|t| t.received).collect::<Vec<_>>())
    .bind(moves.iter().map(|t| t.note).collect::<Vec<_>>())
    .bind(moves.iter().map(|t| at(t.recorded_on)).collect::<Vec<_>>())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::flows::{Disposal, LedgerMonth, balance};

    #[test]
    fn every_demo_month_balances_but_the_power_companys_october() {
        let (months, moves) = rows();
        assert_eq!(months.len(), 60);
        assert_eq!(moves.len(), 20);
        let unbalanced: Vec<(&str, u32)> = months
            .iter()
            .filter(|r| {
                !balance(&LedgerMonth {
                    opening: r.opening,
                    generated: r.generated,
                    received: r.received,
                    used_on_site: r.used,
                    sent: r.sent,
                    disposed: Disposal {
                        landfill: r.landfill,
                        storage: r.storage,
                        sea: 0.0,
                    },
                    closing: r.closing,
                })
                .holds()
            })
            .map(|r| (r.organisation, r.month))
            .collect();
        assert_eq!(unbalanced, [(POWER, 10)]);
        assert_eq!(moves.iter().filter(|t| t.state == "disputed").count(), 1);
        assert_eq!(moves.iter().filter(|t| t.state == "pending").count(), 1);
    }
}
