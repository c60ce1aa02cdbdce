//! Closed sets of the domain, stored as text in PostgreSQL.
//!
//! The string of each variant (`as_str`, `Display`, `FromStr`, serde) is the database value
//! and must never change once data exists; the conversion lives here and nowhere else.

/// A text value that names no variant of a closed set.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown {kind} \"{value}\"")]
pub struct UnknownVariant {
    /// The set that was parsed, in words (e.g. `indicator kind`).
    pub kind: &'static str,
    /// The text that matched no variant.
    pub value: String,
}

/// Declares a closed set: the enum with its serde names, its OpenAPI schema, `ALL`, `as_str`,
/// `FromStr` and `Display` (ordered by declaration, so a set can key a sorted map), all from one list so the names cannot drift apart. A new variant
/// reaches the forms, the API and its document in one edit (and the database's check
/// constraint in one migration).
macro_rules! closed_set {
    (
        $(#[$meta:meta])*
        pub enum $name:ident ($what:literal) {
            $( $(#[$vmeta:meta])* $variant:ident = $text:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(
            Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, serde::Deserialize, utoipa::ToSchema,
        )]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &[Self] = &[ $( Self::$variant, )+ ];

            /// The text stored in the database for this variant.
            pub fn as_str(self) -> &'static str {
                match self {
                    $( Self::$variant => $text, )+
                }
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::domain::kinds::UnknownVariant;

            /// Parses the exact database text (case-sensitive, no trimming).
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $( $text => Ok(Self::$variant), )+
                    _ => Err($crate::domain::kinds::UnknownVariant {
                        kind: $what,
                        value: s.to_owned(),
                    }),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use closed_set;

closed_set! {
    /// What an indicator measures, which decides the shape of its values.
    pub enum IndicatorKind ("indicator kind") {
        /// A measured amount in the indicator's unit (tonnes, MWh, IDR bn…).
        Quantity = "quantity",
        /// A whole number of things (people trained, incidents…).
        Count = "count",
        /// Numerator ÷ denominator × 100, with 0 ≤ numerator ≤ denominator.
        Percentage = "percentage",
        /// Numerator ÷ denominator, unbounded (e.g. t CO₂ per t Ni).
        Ratio = "ratio",
        /// An ordinal stage 0..n of a defined list of stage labels.
        Milestone = "milestone",
        /// A narrative text; not aggregated.
        Qualitative = "qualitative",
    }
}

impl IndicatorKind {
    /// Whether values are reported as numerator and denominator (percentage, ratio).
    pub fn uses_fraction(self) -> bool {
        matches!(self, Self::Percentage | Self::Ratio)
    }

    /// Whether values have a numeric reading (all kinds but qualitative).
    pub fn is_numeric(self) -> bool {
        !matches!(self, Self::Qualitative)
    }
}

closed_set! {
    /// Which way an indicator improves.
    pub enum Direction ("direction") {
        /// More is better (e.g. renewable share).
        HigherIsBetter = "higher_is_better",
        /// Less is better (e.g. emissions intensity).
        LowerIsBetter = "lower_is_better",
    }
}

closed_set! {
    /// How organisations' figures for one period combine into the park's figure.
    pub enum Aggregation ("aggregation") {
        /// Add the figures up (pooled ratio for fraction kinds).
        Sum = "sum",
        /// Σ numerators ÷ Σ denominators; never an average of ratios.
        RatioOfSums = "ratio_of_sums",
        /// Arithmetic mean of the organisations' figures.
        Mean = "mean",
        /// The most recently approved figure.
        Latest = "latest",
        /// The largest figure.
        Max = "max",
        /// The smallest figure.
        Min = "min",
        /// Reported once for the whole park.
        Park = "park",
    }
}

closed_set! {
    /// How often an indicator is reported; periods are calendar-aligned.
    pub enum Frequency ("frequency") {
        /// Calendar months.
        Monthly = "monthly",
        /// Calendar quarters (Jan–Mar, Apr–Jun, Jul–Sep, Oct–Dec).
        Quarterly = "quarterly",
        /// Half-years (Jan–Jun, Jul–Dec).
        SemiAnnual = "semi_annual",
        /// Calendar years.
        Annual = "annual",
    }
}

impl Frequency {
    /// Length of one period in months.
    pub fn months(self) -> u32 {
        match self {
            Self::Monthly => 1,
            Self::Quarterly => 3,
            Self::SemiAnnual => 6,
            Self::Annual => 12,
        }
    }

    /// Number of periods in a calendar year.
    pub fn periods_per_year(self) -> u32 {
        12 / self.months()
    }
}

closed_set! {
    /// Workflow state of an observation: `draft → submitted → approved | returned`.
    pub enum ObservationStatus ("observation status") {
        /// Being prepared by the reporting organisation.
        Draft = "draft",
        /// Sent for review.
        Submitted = "submitted",
        /// Accepted by the program; counts in official figures.
        Approved = "approved",
        /// Sent back to the organisation for correction.
        Returned = "returned",
    }
}

impl ObservationStatus {
    /// Whether the value counts in official figures (approved only).
    pub fn is_official(self) -> bool {
        matches!(self, Self::Approved)
    }

    /// Whether the value may be shown as provisional (submitted, awaiting review).
    pub fn is_provisional(self) -> bool {
        matches!(self, Self::Submitted)
    }
}

closed_set! {
    /// How a reported value was obtained.
    pub enum DataQuality ("data quality") {
        /// Read from a meter or a count.
        Measured = "measured",
        /// Derived from measured values.
        Calculated = "calculated",
        /// An estimate.
        Estimated = "estimated",
    }
}

closed_set! {
    /// What kind of body a stakeholder organisation is.
    pub enum OrganisationKind ("organisation kind") {
        /// A government ministry or agency.
        Government = "government",
        /// The industrial park's operator.
        ParkOperator = "park_operator",
        /// A company operating in the park.
        Tenant = "tenant",
        /// An industry association.
        Association = "association",
        /// A bank or other financial institution.
        FinancialInstitution = "financial_institution",
        /// A United Nations agency.
        UnAgency = "un_agency",
        /// A community organisation.
        CommunityOrganisation = "community_organisation",
        /// A university or research institute.
        Academia = "academia",
        /// A non-governmental organisation.
        Ngo = "ngo",
    }
}

closed_set! {
    /// The production step a tenant operates.
    pub enum ProcessRoute ("process route") {
        /// Rotary kiln – electric furnace (nickel pig iron).
        Rkef = "rkef",
        /// Converting NPI to nickel matte.
        MatteConverter = "matte_converter",
        /// High-pressure acid leaching (MHP).
        Hpal = "hpal",
        /// Nickel/cobalt refining.
        Refinery = "refinery",
        /// Battery precursor (pCAM) production.
        Precursor = "precursor",
        /// Battery cell production.
        Cell = "cell",
        /// Aluminium smelting.
        AluminiumSmelter = "aluminium_smelter",
        /// Captive power generation.
        CaptivePower = "captive_power",
        /// Ore mining.
        Mining = "mining",
    }
}

closed_set! {
    /// The part an organisation plays in the program.
    pub enum ProgramRole ("program role") {
        /// Signed the program agreement.
        Signatory = "signatory",
        /// Leads the program.
        Lead = "lead",
        /// Carries out program activities.
        ImplementingPartner = "implementing_partner",
        /// Funds the program.
        Funder = "funder",
        /// Hosts a pilot.
        PilotSite = "pilot_site",
        /// Reports indicator data.
        ReportingTenant = "reporting_tenant",
        /// Benefits from program activities.
        Beneficiary = "beneficiary",
        /// Verifies reported data.
        Verifier = "verifier",
        /// Follows the program without a formal role.
        Observer = "observer",
    }
}

closed_set! {
    /// Where a program milestone stands.
    pub enum MilestoneStatus ("milestone status") {
        /// Not started.
        Planned = "planned",
        /// Under way.
        InProgress = "in_progress",
        /// Completed.
        Done = "done",
        /// Past its due date and not done.
        Late = "late",
        /// Dropped.
        Cancelled = "cancelled",
    }
}

closed_set! {
    /// External assurance of a reported figure.
    pub enum Assurance ("assurance") {
        /// Not externally assured.
        None = "none",
        /// Limited assurance (ISAE 3000 review).
        Limited = "limited",
        /// Reasonable assurance (audit).
        Reasonable = "reasonable",
    }
}

closed_set! {
    /// What a reporter may ask for: keep a report as a draft, or submit it for review.
    pub enum SubmissionStatus ("status") {
        /// Keep it editable.
        Draft = "draft",
        /// Send it for review.
        Submitted = "submitted",
    }
}

impl From<SubmissionStatus> for ObservationStatus {
    fn from(status: SubmissionStatus) -> Self {
        match status {
            SubmissionStatus::Draft => ObservationStatus::Draft,
            SubmissionStatus::Submitted => ObservationStatus::Submitted,
        }
    }
}

closed_set! {
    /// What a user may do, from least to most (`app_user.role`).
    pub enum Role ("role") {
        /// Reads every dashboard; changes nothing.
        Viewer = "viewer",
        /// Bound to one organisation: reads and reports its own figures only.
        Tenant = "tenant",
        /// Reads everything; reviews reports and keeps milestones.
        Manager = "manager",
        /// Everything, including structure, users and tokens.
        Admin = "admin",
        /// An independent assurance provider: reads published statements and attests them
        /// (`/attest`); sees no dashboard.
        Verifier = "verifier",
    }
}

closed_set! {
    /// What an API token may do (`api_token.scope`).
    pub enum TokenScope ("scope") {
        /// Read the organisation's own data and the program's published structure.
        Read = "read",
        /// Read, and create or change the organisation's own reports.
        Write = "write",
    }
}

impl TokenScope {
    /// Whether the token may create or change anything.
    pub fn allows_writes(self) -> bool {
        self == TokenScope::Write
    }
}

closed_set! {
    /// The one unit every quantity of a material is in (`material.unit`).
    pub enum MaterialUnit ("material unit") {
        /// Tonnes, t (slag, ash, residue, scrap, acid).
        Tonne = "tonne",
        /// Cubic metres, m³ (water).
        CubicMetre = "cubic_metre",
        /// Megawatt-hours, MWh (electricity).
        MegawattHour = "megawatt_hour",
        /// Gigajoules, GJ (steam, waste heat).
        Gigajoule = "gigajoule",
    }
}

closed_set! {
    /// A material's class under the Indonesian waste rules (`material.hazard_class`).
    pub enum HazardClass ("hazard class") {
        /// Hazardous and toxic waste (limbah B3).
        B3 = "b3",
        /// Exempted from B3 status (nickel slag, PP 101/2014 art. 54).
        B3Exempt = "b3_exempt",
        /// Not B3 (fly and bottom ash since 2021).
        NonB3 = "non_b3",
    }
}

closed_set! {
    /// What the receiver of a transfer is to do with it (`material_transfer.intended_use`).
    pub enum IntendedUse ("intended use") {
        /// Used again as it is (slag as aggregate).
        Reuse = "reuse",
        /// Made into something else (bricks).
        Recycling = "recycling",
        /// Its energy or a component recovered.
        Recovery = "recovery",
        /// Disposed of by a third party on the sender's behalf.
        ThirdPartyDisposal = "third_party_disposal",
    }
}

impl IntendedUse {
    /// Whether the material is put to use again (not disposed of): industrial symbiosis.
    pub fn is_circular(self) -> bool {
        !matches!(self, Self::ThirdPartyDisposal)
    }
}

closed_set! {
    /// Where a transfer stands with its receiver (`material_transfer.state`).
    pub enum TransferState ("transfer state") {
        /// Recorded by the sender, not yet answered.
        Pending = "pending",
        /// The receiver confirmed it with its own quantity.
        Confirmed = "confirmed",
        /// The receiver disputes it, with a note.
        Disputed = "disputed",
    }
}

#[cfg(test)]
mod tests {
    use std::fmt;
    use std::str::FromStr;

    use serde::Deserialize;
    use serde::de::IntoDeserializer;

    use super::*;
    use serde::de::value::{Error as DeError, StrDeserializer};
    use std::collections::HashSet;

    /// Checks every variant of a set: `as_str` round-trips through `FromStr`, `Display`
    /// equals `as_str`, serde's name equals the database text, and names are distinct.
    fn check_set<T>(all: &[T], as_str: fn(T) -> &'static str, expected: &[&str])
    where
        T: Copy + PartialEq + fmt::Debug + fmt::Display + FromStr + for<'de> Deserialize<'de>,
        <T as FromStr>::Err: fmt::Debug,
    {
        let names: Vec<&str> = all.iter().map(|v| as_str(*v)).collect();
        assert_eq!(names, expected);
        assert_eq!(names.iter().collect::<HashSet<_>>().len(), names.len());
        for &v in all {
            let text = as_str(v);
            assert_eq!(text.parse::<T>().unwrap(), v);
            assert_eq!(v.to_string(), text);
            let de: StrDeserializer<'_, DeError> = text.into_deserializer();
            assert_eq!(T::deserialize(de).unwrap(), v, "serde name of {text}");
        }
    }

    #[test]
    fn database_texts_are_exact_and_agree_with_serde() {
        check_set(
            IndicatorKind::ALL,
            IndicatorKind::as_str,
            &[
                "quantity",
                "count",
                "percentage",
                "ratio",
                "milestone",
                "qualitative",
            ],
        );
        check_set(
            Direction::ALL,
            Direction::as_str,
            &["higher_is_better", "lower_is_better"],
        );
        check_set(
            Aggregation::ALL,
            Aggregation::as_str,
            &[
                "sum",
                "ratio_of_sums",
                "mean",
                "latest",
                "max",
                "min",
                "park",
            ],
        );
        check_set(
            Frequency::ALL,
            Frequency::as_str,
            &["monthly", "quarterly", "semi_annual", "annual"],
        );
        check_set(
            ObservationStatus::ALL,
            ObservationStatus::as_str,
            &["draft", "submitted", "approved", "returned"],
        );
        check_set(
            DataQuality::ALL,
            DataQuality::as_str,
            &["measured", "calculated", "estimated"],
        );
        check_set(
            OrganisationKind::ALL,
            OrganisationKind::as_str,
            &[
                "government",
                "park_operator",
                "tenant",
                "association",
                "financial_institution",
                "un_agency",
                "community_organisation",
                "academia",
                "ngo",
            ],
        );
        check_set(
            ProcessRoute::ALL,
            ProcessRoute::as_str,
            &[
                "rkef",
                "matte_converter",
                "hpal",
                "refinery",
                "precursor",
                "cell",
                "aluminium_smelter",
                "captive_power",
                "mining",
            ],
        );
        check_set(
            ProgramRole::ALL,
            ProgramRole::as_str,
            &[
                "signatory",
                "lead",
                "implementing_partner",
                "funder",
                "pilot_site",
                "reporting_tenant",
                "beneficiary",
                "verifier",
                "observer",
            ],
        );
        check_set(
            MilestoneStatus::ALL,
            MilestoneStatus::as_str,
            &["planned", "in_progress", "done", "late", "cancelled"],
        );
    }

    #[test]
    fn material_flow_sets_are_exact() {
        check_set(
            MaterialUnit::ALL,
            MaterialUnit::as_str,
            &["tonne", "cubic_metre", "megawatt_hour", "gigajoule"],
        );
        check_set(
            HazardClass::ALL,
            HazardClass::as_str,
            &["b3", "b3_exempt", "non_b3"],
        );
        check_set(
            IntendedUse::ALL,
            IntendedUse::as_str,
            &["reuse", "recycling", "recovery", "third_party_disposal"],
        );
        check_set(
            TransferState::ALL,
            TransferState::as_str,
            &["pending", "confirmed", "disputed"],
        );
        let circular: Vec<_> = IntendedUse::ALL
            .iter()
            .copied()
            .filter(|u| u.is_circular())
            .collect();
        assert_eq!(
            circular,
            [
                IntendedUse::Reuse,
                IntendedUse::Recycling,
                IntendedUse::Recovery
            ]
        );
    }

    #[test]
    fn unknown_text_is_rejected_with_a_readable_message() {
        let err = "foo".parse::<IndicatorKind>().unwrap_err();
        assert_eq!(
            err,
            UnknownVariant {
                kind: "indicator kind",
                value: "foo".into()
            }
        );
        assert_eq!(err.to_string(), r#"unknown indicator kind "foo""#);
        // Database values are exact: no case folding, no trimming.
        assert!("Quantity".parse::<IndicatorKind>().is_err());
        assert!(" sum".parse::<Aggregation>().is_err());
        assert_eq!(
            "semiannual".parse::<Frequency>().unwrap_err().to_string(),
            r#"unknown frequency "semiannual""#
        );
    }

    #[test]
    fn frequency_lengths() {
        let months: Vec<u32> = Frequency::ALL.iter().map(|f| f.months()).collect();
        assert_eq!(months, [1, 3, 6, 12]);
        let per_year: Vec<u32> = Frequency::ALL
            .iter()
            .map(|f| f.periods_per_year())
            .collect();
        assert_eq!(per_year, [12, 4, 2, 1]);
    }

    #[test]
    fn indicator_kind_predicates() {
        let fraction: Vec<IndicatorKind> = IndicatorKind::ALL
            .iter()
            .copied()
            .filter(|k| k.uses_fraction())
            .collect();
        assert_eq!(fraction, [IndicatorKind::Percentage, IndicatorKind::Ratio]);
        let non_numeric: Vec<IndicatorKind> = IndicatorKind::ALL
            .iter()
            .copied()
            .filter(|k| !k.is_numeric())
            .collect();
        assert_eq!(non_numeric, [IndicatorKind::Qualitative]);
    }

    #[test]
    fn only_approved_is_official_and_only_submitted_is_provisional() {
        use ObservationStatus::*;
        let official: Vec<_> = ObservationStatus::ALL
            .iter()
            .copied()
            .filter(|s| s.is_official())
            .collect();
        assert_eq!(official, [Approved]);
        let provisional: Vec<_> = ObservationStatus::ALL
            .iter()
            .copied()
            .filter(|s| s.is_provisional())
            .collect();
        assert_eq!(provisional, [Submitted]);
    }
}

closed_set! {
    /// What a notification is about. The first five are chosen per person (how often, or
    /// never); the account notices are always sent at once.
    pub enum NotificationKind ("notification kind") {
        /// A tenant's reports falling due in a few days, or late since today.
        ReportsDue = "reports_due",
        /// A tenant's report returned for correction, with the reviewer's note.
        ReportReturned = "report_returned",
        /// Reports submitted and waiting for a manager's review.
        ReviewsWaiting = "reviews_waiting",
        /// A manager's week: what came in, what is late, what changed, milestones due.
        WeeklySummary = "weekly_summary",
        /// A milestone past its due date and not done.
        MilestoneOverdue = "milestone_overdue",
        /// A link to set a new password, asked for on the sign-in page.
        PasswordReset = "password_reset",
        /// Notice that the account's password changed.
        PasswordChanged = "password_changed",
        /// A material transfer flagged: confirmed with a difference beyond the tolerance,
        /// disputed, or unanswered after 30 days (both parties and the program's managers).
        TransferFlagged = "transfer_flagged",
    }
}

closed_set! {
    /// How often a person hears of one kind of notification.
    pub enum Cadence ("cadence") {
        /// At the next dispatch (within a minute).
        Immediately = "immediately",
        /// Gathered into one message a day.
        Daily = "daily",
        /// Gathered into one message on the week's first day.
        Weekly = "weekly",
        /// Never sent.
        Never = "never",
    }
}

closed_set! {
    /// Where a message of the outbox stands (`outbox_message.status`).
    pub enum OutboxStatus ("outbox status") {
        /// Waiting to be sent, being sent, or waiting for its next attempt after a failure.
        Queued = "queued",
        /// Accepted by the SMTP server.
        Sent = "sent",
        /// No SMTP server was configured: written to the log instead.
        Logged = "logged",
        /// Given up after the last attempt, or refused for good by the server.
        Failed = "failed",
    }
}

closed_set! {
    /// What an imported file holds (`workflow::imports`).
    pub enum ImportKind ("import kind") {
        /// Reports of one organisation: one row per indicator and period.
        Reports = "reports",
        /// Yearly targets and baselines of the catalogue's indicators (admins).
        Targets = "targets",
        /// Which organisation reports which indicator, from which first period (admins).
        Assignments = "assignments",
        /// Monthly activity data of one organisation for the GHG inventory (tenants).
        Activity = "activity",
        /// One organisation's material-flow ledger: its months of each material and the
        /// transfers it sends (`workflow::imports::ledger`).
        Ledger = "ledger",
    }
}

closed_set! {
    /// Where a computed indicator's official figures come from, instead of tenants' reports
    /// (`indicator.computed_from`). A computed indicator cannot be reported: the forms, the
    /// API, imports, templates and due lists refuse or skip it.
    pub enum ComputedFrom ("computed from") {
        /// The park's greenhouse-gas inventory (`domain::ghg`): approved activity data ×
        /// versioned emission factors, captive power counted once.
        GhgInventory = "ghg_inventory",
        /// The park's material-flow ledger.
        MaterialLedger = "material_ledger",
    }
}

closed_set! {
    /// A fuel burned, with its factors in each emission-factor set.
    pub enum Fuel ("fuel") {
        /// Sub-bituminous coal (Indonesian thermal coal, ~4,200 kcal/kg GAR).
        SubBituminousCoal = "sub_bituminous_coal",
        /// Other bituminous coal.
        OtherBituminousCoal = "other_bituminous_coal",
        /// Gas/diesel oil (haul trucks, generators).
        Diesel = "diesel",
        /// Residual fuel oil.
        FuelOil = "fuel_oil",
        /// Liquefied natural gas.
        Lng = "lng",
    }
}

closed_set! {
    /// The unit a fuel quantity is reported in.
    pub enum FuelUnit ("fuel unit") {
        /// Tonnes (coal, fuel oil, LNG).
        Tonnes = "t",
        /// Litres (diesel), converted with the factor set's density.
        Litres = "l",
    }
}

closed_set! {
    /// A carbonate calcined in a process (limestone for fluxing, dolomite).
    pub enum Carbonate ("carbonate") {
        /// Limestone, CaCO₃.
        Limestone = "limestone",
        /// Dolomite, CaMg(CO₃)₂.
        Dolomite = "dolomite",
    }
}

closed_set! {
    /// A greenhouse gas of the inventory.
    pub enum Gas ("greenhouse gas") {
        /// Carbon dioxide.
        Co2 = "co2",
        /// Methane.
        Ch4 = "ch4",
        /// Nitrous oxide.
        N2o = "n2o",
    }
}

closed_set! {
    /// GHG Protocol scope of an emission.
    pub enum Scope ("scope") {
        /// Direct emissions from owned or controlled sources.
        Scope1 = "scope_1",
        /// Purchased electricity and steam (location-based).
        Scope2 = "scope_2",
    }
}

closed_set! {
    /// What caused an emission, for the inventory's breakdown.
    pub enum EmissionSource ("emission source") {
        /// Fuel burned in boilers, kilns, engines and vehicles.
        Combustion = "combustion",
        /// Reductant and electrode carbon (RKEF carbon balance).
        ProcessCarbon = "process_carbon",
        /// Carbonates calcined.
        Carbonates = "carbonates",
        /// Electricity and steam bought from the PLN grid (outside the park).
        GridEnergy = "grid_energy",
        /// Electricity and steam bought from a captive plant inside the park.
        CaptiveEnergy = "captive_energy",
    }
}

closed_set! {
    /// What one row of activity data records.
    pub enum ActivityKind ("activity kind") {
        /// Fuel burned: quantity, unit, measured NCV where known.
        FuelUse = "fuel_use",
        /// Carbon in (reductant, electrodes) and carbon out (products, slag), in tonnes C.
        ProcessCarbon = "process_carbon",
        /// Carbonate calcined, in tonnes.
        Carbonate = "carbonate",
        /// Electricity or steam bought, with its supplier (a plant in the park or the grid).
        EnergyPurchase = "energy_purchase",
        /// Electricity or steam generated and delivered by a power company, to whom.
        EnergyDelivery = "energy_delivery",
        /// Tonnes of nickel contained in products.
        Production = "production",
    }
}

closed_set! {
    /// Electricity or steam (steam in MWh of heat).
    pub enum EnergyCarrier ("energy carrier") {
        /// Electricity, MWh.
        Electricity = "electricity",
        /// Steam, MWh of heat.
        Steam = "steam",
    }
}

closed_set! {
    /// IPCC calculation tier of a combustion figure.
    pub enum Tier ("tier") {
        /// The factor set's default net calorific value.
        Tier1 = "tier_1",
        /// A measured net calorific value (per coal cargo).
        Tier2 = "tier_2",
    }
}
