//! Hand-computed expectations for the ledger's rules (the worked month of
//! `docs/material-flows.md` among them).

use chrono::NaiveDate;
use uuid::Uuid;

use super::*;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// The worked month: an RKEF smelter's slag in October 2026 (t).
fn worked_month() -> LedgerMonth {
    LedgerMonth {
        opening: 2_000.0,
        generated: 10_000.0,
        received: 0.0,
        used_on_site: 1_500.0,
        sent: 6_000.0,
        disposed: Disposal {
            landfill: 0.0,
            storage: 2_300.0,
            sea: 0.0,
        },
        closing: 2_200.0,
    }
}

#[test]
fn the_worked_month_balances() {
    // in: 2,000 + 10,000 + 0 = 12,000; out: 1,500 + 6,000 + 2,300 + 2,200 = 12,000.
    let b = balance(&worked_month());
    assert_eq!(b.inflow, 12_000.0);
    assert_eq!(b.outflow, 12_000.0);
    assert_eq!(b.imbalance, 0.0);
    // 0.5 % of 12,000 = 60.
    assert_eq!(b.tolerance, 60.0);
    assert!(b.holds());
    assert_eq!(unexplained_imbalance(&worked_month(), ""), None);
}

#[test]
fn a_month_within_the_tolerance_balances_and_one_beyond_it_does_not() {
    // Closing 60 t lower: out 11,940, imbalance +60 = exactly the tolerance.
    let edge = LedgerMonth {
        closing: 2_140.0,
        ..worked_month()
    };
    let b = balance(&edge);
    assert_eq!(b.imbalance, 60.0);
    assert!(b.holds());
    // 61 t lower: out 11,939, imbalance +61 > 60 (the larger side is still 12,000).
    let beyond = LedgerMonth {
        closing: 2_139.0,
        ..worked_month()
    };
    let b = balance(&beyond);
    assert_eq!(b.imbalance, 61.0);
    assert_eq!(b.tolerance, 60.0);
    assert!(!b.holds());
    // More going out than came in: closing 2,300 → out 12,100, imbalance −100; tolerance is
    // 0.5 % of the larger side, 12,100 → 60.5.
    let over = LedgerMonth {
        closing: 2_300.0,
        ..worked_month()
    };
    let b = balance(&over);
    assert_eq!(b.imbalance, -100.0);
    assert_eq!(b.tolerance, 60.5);
    assert!(!b.holds());
}

#[test]
fn an_imbalance_needs_a_comment_to_be_submitted() {
    let beyond = LedgerMonth {
        closing: 2_000.0,
        ..worked_month()
    };
    assert_eq!(
        unexplained_imbalance(&beyond, "  "),
        Some(InputProblem::Unbalanced { imbalance: 200.0 })
    );
    assert_eq!(
        unexplained_imbalance(&beyond, "Stockpile resurveyed after the rain"),
        None
    );
}

#[test]
fn small_quantities_keep_a_floor_of_tolerance_and_an_empty_month_balances() {
    let empty = LedgerMonth::default();
    let b = balance(&empty);
    assert_eq!(b.tolerance, BALANCE_TOLERANCE_FLOOR);
    assert!(b.holds());
    // 1 in, 0.995 out: 0.005 ≤ 0.01.
    let tiny = LedgerMonth {
        generated: 1.0,
        used_on_site: 0.995,
        ..LedgerMonth::default()
    };
    assert!(balance(&tiny).holds());
    let off = LedgerMonth {
        generated: 1.0,
        used_on_site: 0.98,
        ..LedgerMonth::default()
    };
    assert!(!balance(&off).holds());
}

#[test]
fn the_opening_stock_is_the_previous_closing_stock() {
    assert_eq!(opening(Some(2_000.0), 5.0), 2_000.0);
    assert_eq!(opening(None, 5.0), 5.0);
    assert_eq!(opening(Some(0.0), 5.0), 0.0);
}

fn transfer(state: TransferState, quantity: f64, received: Option<f64>) -> TransferFacts {
    TransferFacts {
        state,
        quantity,
        received,
        recorded_on: day(2026, 10, 20),
    }
}

#[test]
fn a_confirmed_quantity_beyond_two_percent_is_flagged() {
    let today = day(2026, 11, 29);
    // 1,000 sent, 980 received: −2 % exactly, within.
    assert!(
        transfer_flags(
            &transfer(TransferState::Confirmed, 1_000.0, Some(980.0)),
            today
        )
        .is_empty()
    );
    // 1,020 received: +2 %, within.
    assert!(
        transfer_flags(
            &transfer(TransferState::Confirmed, 1_000.0, Some(1_020.0)),
            today
        )
        .is_empty()
    );
    // 979 received: −2.1 %, flagged.
    let flags = transfer_flags(
        &transfer(TransferState::Confirmed, 1_000.0, Some(979.0)),
        today,
    );
    assert_eq!(flags.len(), 1);
    let TransferFlag::Difference { share } = flags[0] else {
        panic!("{flags:?}")
    };
    assert!((share - -0.021).abs() < 1e-12);
    assert_eq!(difference_beyond_tolerance(500.0, 511.0), Some(0.022));
    assert_eq!(difference_beyond_tolerance(0.0, 5.0), None);
}

#[test]
fn an_unanswered_transfer_is_flagged_after_thirty_days() {
    let pending = transfer(TransferState::Pending, 1_000.0, None);
    // Recorded 20 Oct: 30 days later is 19 Nov, still within; 20 Nov is day 31.
    assert!(transfer_flags(&pending, day(2026, 11, 19)).is_empty());
    assert_eq!(
        transfer_flags(&pending, day(2026, 11, 20)),
        [TransferFlag::Unanswered { days: 31 }]
    );
    assert_eq!(
        transfer_flags(&pending, day(2026, 11, 29)),
        [TransferFlag::Unanswered { days: 40 }]
    );
    assert_eq!(
        transfer_flags(
            &transfer(TransferState::Disputed, 10.0, None),
            day(2026, 10, 21)
        ),
        [TransferFlag::Disputed]
    );
}

#[test]
fn a_confirmed_transfer_counts_the_smaller_quantity_and_others_count_nothing() {
    assert_eq!(
        counted_quantity(TransferState::Confirmed, 1_000.0, Some(990.0)),
        Some(990.0)
    );
    assert_eq!(
        counted_quantity(TransferState::Confirmed, 1_000.0, Some(1_010.0)),
        Some(1_000.0)
    );
    assert_eq!(
        counted_quantity(TransferState::Pending, 1_000.0, None),
        None
    );
    assert_eq!(
        counted_quantity(TransferState::Disputed, 1_000.0, None),
        None
    );
}

fn org(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

/// Slag in October: smelter A (1) and converter D (4) generate it, brick maker I (9)
/// receives A's; a transfer from D to I is disputed, one from A to a road contractor outside
/// the park (10) is confirmed.
fn slag_october() -> (Vec<OrganisationFlows>, Vec<TransferLink>) {
    let a = OrganisationFlows {
        organisation_id: org(1),
        opening: 2_000.0,
        closing: 2_200.0,
        generated: 10_000.0,
        received: 0.0,
        used_on_site: 1_500.0,
        sent: 6_000.0,
        disposed: Disposal {
            storage: 2_300.0,
            ..Disposal::default()
        },
    };
    let d = OrganisationFlows {
        organisation_id: org(4),
        opening: 0.0,
        closing: 0.0,
        generated: 2_000.0,
        received: 0.0,
        used_on_site: 0.0,
        sent: 500.0,
        disposed: Disposal {
            landfill: 1_500.0,
            ..Disposal::default()
        },
    };
    let i = OrganisationFlows {
        organisation_id: org(9),
        opening: 0.0,
        closing: 0.0,
        generated: 0.0,
        received: 5_880.0,
        used_on_site: 5_880.0,
        sent: 0.0,
        disposed: Disposal::default(),
    };
    let link = |sender, receiver, in_park, state, quantity, received| TransferLink {
        sender_id: org(sender),
        receiver_id: org(receiver),
        receiver_in_park: in_park,
        intended_use: IntendedUse::Reuse,
        state,
        quantity,
        received,
    };
    let transfers = vec![
        // A → I: 5,000 sent, 4,880 received (−2.4 %: flagged, counts 4,880).
        link(1, 9, true, TransferState::Confirmed, 5_000.0, Some(4_880.0)),
        // A → I again, 1,000 confirmed as 1,000.
        link(1, 9, true, TransferState::Confirmed, 1_000.0, Some(1_000.0)),
        // D → I: disputed, counts nothing and is not "in the park".
        link(4, 9, true, TransferState::Disputed, 500.0, None),
    ];
    (vec![a, d, i], transfers)
}

#[test]
fn park_flows_by_hand() {
    let (organisations, transfers) = slag_october();
    let flows = park_flows(&organisations, &transfers);
    // generated 10,000 + 2,000 + 0
    assert_eq!(flows.generated, 12_000.0);
    // own use on site: A 1,500, D 0, I 5,880 − 5,880 received = 0 (what the brick maker
    // uses is A's slag, counted once, as A's transfer)
    assert_eq!(flows.used_on_site, 1_500.0);
    // confirmed reuse transfers in the park: 4,880 + 1,000
    assert_eq!(flows.reused_by_transfer, 5_880.0);
    assert_eq!(flows.reused, 7_380.0);
    // sent 6,500 − in the park and not disputed 6,000 = 500 (D's disputed load)
    assert_eq!(flows.sent_outside, 500.0);
    assert_eq!(flows.disposed.storage, 2_300.0);
    assert_eq!(flows.disposed.landfill, 1_500.0);
    assert_eq!(flows.disposed.total(), 3_800.0);
    // 7,380 ÷ 12,000 = 61.5 %
    assert_eq!(flows.share_reused, Some(0.615));
    // one pair A → I (twice), the disputed D → I does not count
    assert_eq!(flows.links, 1);
    assert_eq!(flows.contributors, 3);
}

#[test]
fn slag_utilisation_is_pooled_and_capped_at_the_generation() {
    let (organisations, transfers) = slag_october();
    let values = slag_utilisation(&organisations, &transfers);
    // A: (1,500 on site + 5,880 transferred) ÷ 10,000 = 73.8 %
    assert_eq!(values[0].organisation_id, Some(org(1)));
    assert_eq!(values[0].numerator, Some(7_380.0));
    assert_eq!(values[0].denominator, Some(10_000.0));
    assert!((values[0].value - 73.8).abs() < 1e-9);
    // D: nothing reused of 2,000 = 0 %
    assert_eq!(values[1].organisation_id, Some(org(4)));
    assert_eq!(values[1].value, 0.0);
    // I generated nothing: no figure. The park pools: 7,380 ÷ 12,000 = 61.5 %, not the mean
    // of 73.8 % and 0 %.
    assert_eq!(values.len(), 3);
    assert_eq!(values[2].organisation_id, None);
    assert_eq!(values[2].numerator, Some(7_380.0));
    assert_eq!(values[2].denominator, Some(12_000.0));
    assert!((values[2].value - 61.5).abs() < 1e-9);
    // Using 150 t from stock in a month that generated 100 t reads 100 %, not 150 %.
    let from_stock = OrganisationFlows {
        organisation_id: org(5),
        generated: 100.0,
        used_on_site: 150.0,
        ..OrganisationFlows::default()
    };
    let capped = slag_utilisation(&[from_stock], &[]);
    assert_eq!(capped[0].numerator, Some(100.0));
    assert_eq!(capped[0].value, 100.0);
}

#[test]
fn slag_utilisation_of_the_worked_month() {
    // docs/material-flows.md: smelter A alone, 1,500 used on site and 5,880 confirmed to the
    // brick maker out of 10,000 generated → 73.8 %; the park pools the same.
    let (organisations, transfers) = slag_october();
    let only_a = &organisations[..1];
    let values = slag_utilisation(only_a, &transfers);
    assert_eq!(values.len(), 2);
    assert!((values[1].value - 73.8).abs() < 1e-9);
}

#[test]
fn symbiosis_links_count_distinct_confirmed_circular_pairs_in_the_park() {
    let (_, mut transfers) = slag_october();
    assert_eq!(symbiosis_link_count(&transfers).value, 1.0);
    // A confirmed third-party disposal is not symbiosis; nor is a transfer out of the park.
    transfers.push(TransferLink {
        sender_id: org(4),
        receiver_id: org(9),
        receiver_in_park: true,
        intended_use: IntendedUse::ThirdPartyDisposal,
        state: TransferState::Confirmed,
        quantity: 10.0,
        received: Some(10.0),
    });
    transfers.push(TransferLink {
        sender_id: org(4),
        receiver_id: org(10),
        receiver_in_park: false,
        intended_use: IntendedUse::Recycling,
        state: TransferState::Confirmed,
        quantity: 10.0,
        received: Some(10.0),
    });
    assert_eq!(symbiosis_links(&transfers), 1);
    // A confirmed recovery from D to I makes a second pair.
    transfers.push(TransferLink {
        sender_id: org(4),
        receiver_id: org(9),
        receiver_in_park: true,
        intended_use: IntendedUse::Recovery,
        state: TransferState::Confirmed,
        quantity: 10.0,
        received: Some(10.0),
    });
    assert_eq!(symbiosis_links(&transfers), 2);
    assert_eq!(symbiosis_links(&[]), 0);
}

#[test]
fn the_sankey_bands_by_organisation_and_for_the_park() {
    let (organisations, transfers) = slag_october();
    let links = flow_links(&organisations, &transfers);
    let band = |from: Uuid, to: FlowEnd| {
        links
            .iter()
            .find(|l| l.from == FlowSource::Organisation(from) && l.to == to)
            .map(|l| l.quantity)
    };
    assert_eq!(band(org(1), FlowEnd::UsedOnSite), Some(1_500.0));
    assert_eq!(band(org(1), FlowEnd::Organisation(org(9))), Some(5_880.0));
    assert_eq!(band(org(1), FlowEnd::Storage), Some(2_300.0));
    // A sent 6,000, all of it in the park: nothing outside.
    assert_eq!(band(org(1), FlowEnd::Outside), None);
    // D's 500 is disputed: it shows as sent outside the recorded park flows.
    assert_eq!(band(org(4), FlowEnd::Outside), Some(500.0));
    assert_eq!(band(org(4), FlowEnd::Landfill), Some(1_500.0));
    // The brick maker's use is A's band to it, not a second band of its own.
    assert_eq!(band(org(9), FlowEnd::UsedOnSite), None);
    assert_eq!(links.len(), 5);
    let park = park_links(&links);
    let total: f64 = park.iter().map(|l| l.quantity).sum();
    assert_eq!(total, links.iter().map(|l| l.quantity).sum::<f64>());
    assert!(park.iter().all(|l| l.from == FlowSource::Park));
    assert_eq!(
        park.iter()
            .find(|l| l.to == FlowEnd::InPark)
            .map(|l| l.quantity),
        Some(5_880.0)
    );
    assert_eq!(
        park.iter()
            .find(|l| l.to == FlowEnd::UsedOnSite)
            .map(|l| l.quantity),
        Some(1_500.0)
    );
}

#[test]
fn measures_name_their_indicators() {
    assert_eq!(
        LedgerMeasure::for_code("CE-05"),
        Some(LedgerMeasure::SlagUtilisation)
    );
    assert_eq!(
        LedgerMeasure::for_code("CE-08"),
        Some(LedgerMeasure::SymbiosisLinks)
    );
    assert_eq!(LedgerMeasure::for_code("CE-06"), None);
    assert_eq!(LedgerMeasure::SymbiosisLinks.code(), "CE-08");
}
