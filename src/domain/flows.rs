//! The material-flow ledger's rules (issue 18), pure: the mass balance of one organisation's
//! month of one material, the checks on a transfer between two organisations (the receiver's
//! quantity against the sender's, an answer overdue), and what the park's flows and the
//! indicators computed from them are, from approved ledger months and confirmed transfers.
//!
//! ```text
//! opening + generated + received  =  used on site + sent + disposed + closing   (± tolerance)
//! ```
//!
//! The opening stock is the previous month's closing stock ([`opening`]). A month that does
//! not balance may be kept as a draft; it is submitted only with a comment explaining it
//! ([`unexplained_imbalance`]). The worked example is in `docs/material-flows.md`.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::Serialize;
use uuid::Uuid;

use crate::domain::field_error::InputProblem;
use crate::domain::kinds::{IntendedUse, TransferState};

/// The share of the larger side of the balance by which the two sides may differ (0.5 %):
/// meters and weighbridges round, stock is surveyed.
pub const BALANCE_TOLERANCE_SHARE: f64 = 0.005;
/// The least difference always accepted, whatever the quantities (0.01 of the unit).
pub const BALANCE_TOLERANCE_FLOOR: f64 = 0.01;
/// How far the receiver's confirmed quantity may be from the sender's before the transfer is
/// flagged (2 % of the sender's quantity).
pub const TRANSFER_TOLERANCE: f64 = 0.02;
/// Days a receiver has to confirm or dispute a transfer; after them it is flagged for both
/// parties and the managers.
pub const ANSWER_WITHIN_DAYS: i64 = 30;

/// What left a site for good, by route.
#[derive(Clone, Copy, Debug, PartialEq, Default, Serialize)]
pub struct Disposal {
    /// Landfill.
    pub landfill: f64,
    /// Engineered storage (dry stacks, tailings facilities).
    pub storage: f64,
    /// Placement at sea.
    pub sea: f64,
}

impl Disposal {
    /// Every route together.
    pub fn total(&self) -> f64 {
        self.landfill + self.storage + self.sea
    }

    fn add(&mut self, other: &Disposal) {
        self.landfill += other.landfill;
        self.storage += other.storage;
        self.sea += other.sea;
    }
}

/// One organisation's month of one material, in the material's unit.
#[derive(Clone, Copy, Debug, PartialEq, Default, Serialize)]
pub struct LedgerMonth {
    /// Stock at the start of the month: the previous month's closing stock.
    pub opening: f64,
    pub generated: f64,
    /// Received from other organisations.
    pub received: f64,
    pub used_on_site: f64,
    /// Sent to other organisations (in the park or outside).
    pub sent: f64,
    pub disposed: Disposal,
    /// Stock at the end of the month.
    pub closing: f64,
}

/// The two sides of a month's mass balance.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Balance {
    /// opening + generated + received.
    pub inflow: f64,
    /// used on site + sent + disposed + closing.
    pub outflow: f64,
    /// inflow − outflow: positive when material is unaccounted for, negative when more left
    /// than came in.
    pub imbalance: f64,
    /// The largest |imbalance| accepted for these quantities.
    pub tolerance: f64,
}

impl Balance {
    /// Whether the two sides agree within the tolerance.
    pub fn holds(&self) -> bool {
        self.imbalance.abs() <= self.tolerance
    }
}

/// The mass balance of a month: its two sides, their difference and the tolerance
/// (0.5 % of the larger side, at least 0.01).
pub fn balance(month: &LedgerMonth) -> Balance {
    let inflow = month.opening + month.generated + month.received;
    let outflow = month.used_on_site + month.sent + month.disposed.total() + month.closing;
    let tolerance = (BALANCE_TOLERANCE_SHARE * inflow.max(outflow)).max(BALANCE_TOLERANCE_FLOOR);
    Balance {
        inflow,
        outflow,
        imbalance: inflow - outflow,
        tolerance,
    }
}

/// A month's opening stock: the previous month's closing stock when that month is in the
/// ledger, else the stock the organisation declared for its first month.
pub fn opening(previous_closing: Option<f64>, declared: f64) -> f64 {
    previous_closing.unwrap_or(declared)
}

/// Why a month may not be submitted as it stands: it does not balance and no comment says
/// why. `None` when it balances or is explained.
pub fn unexplained_imbalance(month: &LedgerMonth, comment: &str) -> Option<InputProblem> {
    let balance = balance(month);
    (!balance.holds() && comment.trim().is_empty()).then_some(InputProblem::Unbalanced {
        imbalance: balance.imbalance,
    })
}

/// What a transfer is, for its checks.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TransferFacts {
    pub state: TransferState,
    /// The sender's quantity.
    pub quantity: f64,
    /// The receiver's confirmed quantity.
    pub received: Option<f64>,
    /// The day the sender recorded it (by the application's clock).
    pub recorded_on: NaiveDate,
}

/// Something about a transfer that both parties and the managers should look at.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(tag = "flag", rename_all = "snake_case")]
pub enum TransferFlag {
    /// Confirmed with a quantity that differs from the sender's by more than the tolerance;
    /// `share` is (received − sent) ÷ sent.
    Difference { share: f64 },
    /// Not confirmed or disputed `days` days after it was recorded.
    Unanswered { days: i64 },
    /// The receiver disputes it.
    Disputed,
}

/// (received − sent) ÷ sent when it is beyond [`TRANSFER_TOLERANCE`] either way.
pub fn difference_beyond_tolerance(sent: f64, received: f64) -> Option<f64> {
    if sent <= 0.0 {
        return None;
    }
    let share = (received - sent) / sent;
    // A hair over 2 % by floating point is still 2 %: compare rounded to a millionth.
    ((share.abs() * 1e6).round() > TRANSFER_TOLERANCE * 1e6).then_some(share)
}

/// The flags of a transfer on `today`.
pub fn transfer_flags(transfer: &TransferFacts, today: NaiveDate) -> Vec<TransferFlag> {
    match transfer.state {
        TransferState::Pending => {
            let days = (today - transfer.recorded_on).num_days();
            if days > ANSWER_WITHIN_DAYS {
                vec![TransferFlag::Unanswered { days }]
            } else {
                Vec::new()
            }
        }
        TransferState::Confirmed => transfer
            .received
            .and_then(|received| difference_beyond_tolerance(transfer.quantity, received))
            .map(|share| vec![TransferFlag::Difference { share }])
            .unwrap_or_default(),
        TransferState::Disputed => vec![TransferFlag::Disputed],
    }
}

/// What a transfer counts for in the park's flows: a confirmed transfer counts the smaller of
/// the two parties' quantities (neither side's figure is taken on trust beyond the other's);
/// a pending or disputed one counts nothing.
pub fn counted_quantity(state: TransferState, quantity: f64, received: Option<f64>) -> Option<f64> {
    match (state, received) {
        (TransferState::Confirmed, Some(received)) => Some(quantity.min(received)),
        _ => None,
    }
}

/// One organisation's approved ledger months of one material (or of several, of one unit)
/// in a period, added up.
#[derive(Clone, Copy, Debug, PartialEq, Default, Serialize)]
pub struct OrganisationFlows {
    pub organisation_id: Uuid,
    /// Its stock at the start of the period (the first month's opening).
    pub opening: f64,
    pub generated: f64,
    pub received: f64,
    pub used_on_site: f64,
    pub sent: f64,
    pub disposed: Disposal,
    /// Its stock at the end of the period (the last month's closing).
    pub closing: f64,
}

impl OrganisationFlows {
    /// What it used on site of its own material: its use beyond what it received. A receiver
    /// (a brick maker) uses first what it received, which the park already counts as its
    /// sender's reuse; counting it again would reuse the same tonne twice.
    pub fn own_use(&self) -> f64 {
        (self.used_on_site - self.received).max(0.0)
    }
}

/// A transfer as the park's flows read it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TransferLink {
    pub sender_id: Uuid,
    pub receiver_id: Uuid,
    /// Whether the receiver is an organisation of the same park.
    pub receiver_in_park: bool,
    pub intended_use: IntendedUse,
    pub state: TransferState,
    pub quantity: f64,
    pub received: Option<f64>,
}

impl TransferLink {
    /// The quantity it counts for (see [`counted_quantity`]).
    pub fn counted(&self) -> Option<f64> {
        counted_quantity(self.state, self.quantity, self.received)
    }

    /// A confirmed transfer to an organisation of the park that puts the material to use
    /// again (reuse, recycling, recovery): industrial symbiosis.
    pub fn is_symbiosis(&self) -> bool {
        self.receiver_in_park && self.intended_use.is_circular() && self.counted().is_some()
    }

    /// Recorded as going to an organisation of the park and not disputed: it did not leave
    /// the park, whatever its receiver says of the quantity.
    fn stays_in_park(&self) -> bool {
        self.receiver_in_park && self.state != TransferState::Disputed
    }
}

/// The park's flows of a material in a period.
#[derive(Clone, Copy, Debug, PartialEq, Default, Serialize)]
pub struct ParkFlows {
    pub generated: f64,
    /// Used on the site that generated it ([`OrganisationFlows::own_use`]).
    pub used_on_site: f64,
    /// Confirmed transfers to organisations of the park for reuse, recycling or recovery.
    pub reused_by_transfer: f64,
    /// used on site + reused by transfer.
    pub reused: f64,
    /// Sent that did not go to an organisation of the park by a recorded transfer.
    pub sent_outside: f64,
    pub disposed: Disposal,
    /// reused ÷ generated; `None` when nothing was generated.
    pub share_reused: Option<f64>,
    /// Distinct sender → receiver pairs with a confirmed symbiosis transfer.
    pub links: usize,
    /// Organisations with an approved ledger month in the period (the privacy rule's count).
    pub contributors: usize,
}

/// The park's flows from its organisations' approved months and the transfers of the same
/// material and period.
pub fn park_flows(organisations: &[OrganisationFlows], transfers: &[TransferLink]) -> ParkFlows {
    let mut flows = ParkFlows {
        contributors: organisations.len(),
        ..ParkFlows::default()
    };
    let mut sent = 0.0;
    for o in organisations {
        flows.generated += o.generated;
        flows.used_on_site += o.own_use();
        flows.disposed.add(&o.disposed);
        sent += o.sent;
    }
    flows.reused_by_transfer = transfers
        .iter()
        .filter(|t| t.is_symbiosis())
        .filter_map(TransferLink::counted)
        .sum();
    let sent_in_park: f64 = transfers
        .iter()
        .filter(|t| t.stays_in_park())
        .map(|t| t.quantity)
        .sum();
    flows.sent_outside = (sent - sent_in_park).max(0.0);
    flows.reused = flows.used_on_site + flows.reused_by_transfer;
    flows.share_reused = (flows.generated > 0.0).then(|| flows.reused / flows.generated);
    flows.links = symbiosis_links(transfers);
    flows
}

/// Distinct sender → receiver pairs with at least one confirmed symbiosis transfer.
pub fn symbiosis_links(transfers: &[TransferLink]) -> usize {
    transfers
        .iter()
        .filter(|t| t.is_symbiosis())
        .map(|t| (t.sender_id, t.receiver_id))
        .collect::<BTreeSet<_>>()
        .len()
}

/// The catalogue indicators whose figure the ledger computes, and why these: CE-05 (slag
/// utilisation) is literally "t reused ÷ t generated" of a material the ledger holds; CE-08
/// (active industrial-symbiosis exchanges) is the count of distinct tenant-to-tenant flows,
/// which only confirmed transfers can establish. CE-06 (residue in storage *meeting design
/// criteria*) and CE-07 (water recycled against *freshwater withdrawn*) need facts the ledger
/// does not hold, so they stay reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LedgerMeasure {
    /// CE-05: (used on site + confirmed reuse transfers in the park) ÷ generated, in %.
    SlagUtilisation,
    /// CE-08: distinct sender → receiver pairs with a confirmed symbiosis transfer.
    SymbiosisLinks,
}

impl LedgerMeasure {
    /// Every measure, with the catalogue code it computes.
    pub const ALL: &[(&str, LedgerMeasure)] = &[
        ("CE-05", LedgerMeasure::SlagUtilisation),
        ("CE-08", LedgerMeasure::SymbiosisLinks),
    ];

    /// The measure computing the indicator with this code, if the ledger computes it.
    pub fn for_code(code: &str) -> Option<LedgerMeasure> {
        Self::ALL
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, measure)| *measure)
    }

    /// The indicator code it computes.
    pub fn code(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, m)| *m == self)
            .map(|(c, _)| *c)
            .unwrap_or_default()
    }
}

/// A computed figure of one organisation (or of the park: `organisation_id` `None`), in the
/// shape of an observation of the indicator's kind: a percentage as numerator and
/// denominator, a count as a value.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct ComputedValue {
    pub organisation_id: Option<Uuid>,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    /// The figure: a percentage 0–100, or the count.
    pub value: f64,
}

/// A utilisation share as a percentage figure. Reuse drawn from earlier stock can exceed the
/// period's generation; the numerator is capped at the denominator so that the figure obeys
/// the percentage rule (0 ≤ numerator ≤ denominator) and reads at most 100 %.
fn share(organisation_id: Option<Uuid>, reused: f64, generated: f64) -> Option<ComputedValue> {
    (generated > 0.0).then(|| {
        let numerator = reused.min(generated);
        ComputedValue {
            organisation_id,
            numerator: Some(numerator),
            denominator: Some(generated),
            value: numerator / generated * 100.0,
        }
    })
}

/// CE-05 for each organisation that generated the material and for the park (last, pooled:
/// Σ reused ÷ Σ generated, never an average of the organisations' shares). An organisation's
/// reuse is its own use on site ([`OrganisationFlows::own_use`]) plus its confirmed symbiosis
/// transfers to the park.
pub fn slag_utilisation(
    organisations: &[OrganisationFlows],
    transfers: &[TransferLink],
) -> Vec<ComputedValue> {
    let mut sent_for_reuse: BTreeMap<Uuid, f64> = BTreeMap::new();
    for t in transfers.iter().filter(|t| t.is_symbiosis()) {
        *sent_for_reuse.entry(t.sender_id).or_default() += t.counted().unwrap_or(0.0);
    }
    let mut values: Vec<ComputedValue> = organisations
        .iter()
        .filter_map(|o| {
            let reused = o.own_use() + sent_for_reuse.get(&o.organisation_id).unwrap_or(&0.0);
            share(Some(o.organisation_id), reused, o.generated)
        })
        .collect();
    let flows = park_flows(organisations, transfers);
    values.extend(share(None, flows.reused, flows.generated));
    values
}

/// CE-08 for the park: the number of active symbiosis links (a park-level count).
pub fn symbiosis_link_count(transfers: &[TransferLink]) -> ComputedValue {
    ComputedValue {
        organisation_id: None,
        numerator: None,
        denominator: None,
        value: symbiosis_links(transfers) as f64,
    }
}

/// The park's value among a measure's computed values (`organisation_id` `None`): what
/// becomes the indicator's official figure. `None` when the ledger has nothing to pool (no
/// generation for a share).
pub fn park_value(values: &[ComputedValue]) -> Option<ComputedValue> {
    values.iter().find(|v| v.organisation_id.is_none()).copied()
}

/// Where a flow of the park's Sankey diagram starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum FlowSource {
    /// An organisation's generation (and stock) of the material.
    Organisation(Uuid),
    /// The park as a whole (the view of a reader who may not see organisations' flows).
    Park,
}

/// Where a flow of the park's Sankey diagram ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum FlowEnd {
    /// Used on the site that generated it.
    UsedOnSite,
    /// A confirmed transfer to this organisation of the park.
    Organisation(Uuid),
    /// Confirmed transfers to organisations of the park, together.
    InPark,
    /// Sent out of the park.
    Outside,
    Landfill,
    Storage,
    Sea,
}

/// One band of the Sankey diagram.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct FlowLink {
    pub from: FlowSource,
    pub to: FlowEnd,
    pub quantity: f64,
}

/// The flows of a material in a period, organisation by organisation: what each used on site,
/// passed to each organisation of the park by confirmed transfers, sent outside and disposed
/// of by route. Zero flows are left out; the order is stable (by source, then end).
pub fn flow_links(
    organisations: &[OrganisationFlows],
    transfers: &[TransferLink],
) -> Vec<FlowLink> {
    let mut bands: BTreeMap<(FlowSource, FlowEnd), f64> = BTreeMap::new();
    let mut add = |from: Uuid, to: FlowEnd, quantity: f64| {
        *bands
            .entry((FlowSource::Organisation(from), to))
            .or_default() += quantity;
    };
    for o in organisations {
        let id = o.organisation_id;
        let in_park: f64 = transfers
            .iter()
            .filter(|t| t.sender_id == id && t.stays_in_park())
            .map(|t| t.quantity)
            .sum();
        add(id, FlowEnd::UsedOnSite, o.own_use());
        add(id, FlowEnd::Outside, (o.sent - in_park).max(0.0));
        add(id, FlowEnd::Landfill, o.disposed.landfill);
        add(id, FlowEnd::Storage, o.disposed.storage);
        add(id, FlowEnd::Sea, o.disposed.sea);
    }
    for t in transfers.iter().filter(|t| t.receiver_in_park) {
        if let Some(quantity) = t.counted() {
            add(t.sender_id, FlowEnd::Organisation(t.receiver_id), quantity);
        }
    }
    bands
        .into_iter()
        .filter(|(_, quantity)| *quantity > 0.0)
        .map(|((from, to), quantity)| FlowLink { from, to, quantity })
        .collect()
}

/// The same flows with the organisations taken out: the park as one source, transfers to
/// organisations of the park as one end. What a reader who may see park totals but not
/// organisations' figures is shown.
pub fn park_links(links: &[FlowLink]) -> Vec<FlowLink> {
    let mut bands: BTreeMap<FlowEnd, f64> = BTreeMap::new();
    for link in links {
        let to = match link.to {
            FlowEnd::Organisation(_) => FlowEnd::InPark,
            other => other,
        };
        *bands.entry(to).or_default() += link.quantity;
    }
    bands
        .into_iter()
        .map(|(to, quantity)| FlowLink {
            from: FlowSource::Park,
            to,
            quantity,
        })
        .collect()
}

#[cfg(test)]
mod tests;
