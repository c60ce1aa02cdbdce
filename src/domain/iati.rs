//! The IATI results file: a program as one IATI 2.03 activity (`iati-activities.xml`), with a
//! `result` per pillar and an `indicator` per indicator. The rules that decide what leaves
//! Pilar live here: which park figures may be published (approved, coverage met, enough
//! organisations that no single one's figure can be read off — never an organisation's own
//! figure), how values are written (decimals, never exponents), the codes IATI's code lists
//! give our closed sets, and the document itself, written in the schema's element order.
//!
//! Pure: the caller brings the program's data (see `store::iati`), the publisher's settings
//! (`config`), the time, and the words of each comment in both languages (`i18n::iati`).

use chrono::{DateTime, NaiveDate, Utc};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use super::coverage::Coverage;
use super::kinds::{Aggregation, Direction, IndicatorKind, OrganisationKind, ProgramRole};
use super::privacy;
use super::rollup::{self, PeriodFigure};
use super::scorecard::IndicatorRules;
use super::status::TargetPath;
use super::text::Bilingual;

/// The IATI standard version the file follows.
pub const VERSION: &str = "2.03";

/// IATI's IndicatorVocabulary code for the UN Sustainable Development Goals' indicators.
pub const VOCABULARY_SDG: &str = "9";
/// IATI's IndicatorVocabulary code for a vocabulary of the reporting organisation's own.
pub const VOCABULARY_REPORTING_ORGANISATION: &str = "99";
/// Where the GRI disclosures (vocabulary 99 here) are published.
pub const GRI_STANDARDS_URI: &str = "https://www.globalreporting.org/standards/";

/// Who publishes the file: the reporting organisation and the activity's identifier, from
/// the settings (`config::Settings::iati_publisher`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publisher {
    /// The reporting organisation's IATI identifier (UNIDO: `XM-DAC-41123`).
    pub org_ref: String,
    /// Its IATI OrganisationType code (40: multilateral).
    pub org_type: String,
    /// Its name, as the file's `reporting-org` narrative.
    pub org_name: String,
    /// The code of the same organisation in Pilar's directory, so its `participating-org`
    /// carries the identifier too.
    pub org_code: String,
    /// The activity's `iati-identifier`; when `None`, `{org_ref}-{program code}`.
    pub activity_identifier: Option<String>,
}

impl Default for Publisher {
    fn default() -> Self {
        Publisher {
            org_ref: "XM-DAC-41123".into(),
            org_type: "40".into(),
            org_name: "United Nations Industrial Development Organization (UNIDO)".into(),
            org_code: "UNIDO".into(),
            activity_identifier: None,
        }
    }
}

impl Publisher {
    /// The activity's identifier: the configured one, or the reporting organisation's
    /// identifier followed by the program's code (IATI asks that it start with the former).
    pub fn identifier(&self, program_code: &str) -> String {
        self.activity_identifier
            .clone()
            .filter(|id| !id.trim().is_empty())
            .unwrap_or_else(|| format!("{}-{program_code}", self.org_ref))
    }
}

/// The program as the file describes it.
#[derive(Debug, Clone)]
pub struct Activity {
    pub program_code: String,
    pub title: Bilingual,
    pub description: Bilingual,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub participants: Vec<Participant>,
    pub location: Location,
    /// One per pillar, in the program's order.
    pub results: Vec<PillarResult>,
}

/// An organisation taking part, with its roles in the program.
#[derive(Debug, Clone)]
pub struct Participant {
    pub code: String,
    pub name: String,
    pub kind: OrganisationKind,
    pub roles: Vec<ProgramRole>,
}

/// Where the program runs: the park.
#[derive(Debug, Clone)]
pub struct Location {
    pub code: String,
    pub name: String,
    /// Regency and province, as the directory holds them.
    pub regency: Option<String>,
    pub province: Option<String>,
    /// ISO 3166-1 alpha-2 code of the country.
    pub country: String,
}

/// A pillar and its indicators.
#[derive(Debug, Clone)]
pub struct PillarResult {
    pub code: String,
    pub name: Bilingual,
    pub description: Bilingual,
    pub indicators: Vec<ResultIndicator>,
}

/// A framework reference as the catalogue holds it (`GRI 305-4 (2016)`, `SDG 9.4.1`).
#[derive(Debug, Clone)]
pub struct CatalogueReference {
    pub framework: String,
    pub code: String,
    pub version: String,
}

/// An indicator with its targets and official figures.
#[derive(Debug, Clone)]
pub struct ResultIndicator {
    pub code: String,
    pub name: Bilingual,
    pub definition: Bilingual,
    pub unit: String,
    pub rules: IndicatorRules,
    pub decimals: u8,
    pub references: Vec<CatalogueReference>,
    pub baseline: Option<(i32, f64)>,
    pub targets: TargetPath,
    /// The park's official figures (approved reports only), any order.
    pub figures: Vec<PeriodFigure>,
}

/// What a comment in the file says; worded in each language by `i18n::iati`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Note {
    /// An indicator's description: its definition and unit.
    Definition,
    /// The period's target: the target path's value at the period's end; for a flow, its
    /// share for one period (the path's yearly value ÷ periods in a year).
    TargetPath { flow: bool, periods_per_year: u32 },
    /// The actual value pools the approved reports of `reporters` of `assigned` organisations
    /// (fewer than all of them, but enough).
    PartialCoverage { reporters: usize, assigned: usize },
    /// No value: too few of the assigned organisations had an approved report.
    Incomplete(Coverage),
    /// No value: fewer organisations contribute than keep each one's figure unreadable.
    TooFewContributors {
        contributors: usize,
        required: usize,
    },
}

/// What may be published of one park figure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Publication {
    /// The value, and the coverage when not every assigned organisation reported.
    Actual {
        value: f64,
        partial: Option<(usize, usize)>,
    },
    /// No value, and why.
    Withheld(Note),
}

/// The rule for one period's actual value. A figure below the indicator's minimum coverage
/// is not the park's; one pooled from fewer than three organisations would let a reader
/// subtract out a single organisation's figure, unless the indicator is reported by the park
/// itself (`aggregation = park`).
pub fn publication(rules: &IndicatorRules, figure: &PeriodFigure) -> Publication {
    let coverage = rules.coverage(figure);
    if let Some(c) = coverage.filter(|c| !c.is_complete()) {
        return Publication::Withheld(Note::Incomplete(c));
    }
    let contributors = figure.aggregate.contributors;
    if rules.aggregation != Aggregation::Park
        && !privacy::park_figure_visible_to_tenant(contributors)
    {
        return Publication::Withheld(Note::TooFewContributors {
            contributors,
            required: privacy::MIN_CONTRIBUTORS_FOR_TENANTS,
        });
    }
    if !figure.aggregate.value.is_finite() {
        return Publication::Withheld(Note::TooFewContributors {
            contributors: 0,
            required: privacy::MIN_CONTRIBUTORS_FOR_TENANTS,
        });
    }
    Publication::Actual {
        value: figure.aggregate.value,
        partial: coverage
            .filter(|c| c.reporters < c.assigned)
            .map(|c| (c.reporters, c.assigned)),
    }
}

/// The target of a period: the target path's value at its end; a flow's (a quantity summed
/// over periods) is the path's yearly value spread evenly over the year's periods, as the
/// status rule compares them. `None` when the indicator has no usable baseline or targets.
pub fn period_target(indicator: &ResultIndicator, figure: &PeriodFigure) -> Option<f64> {
    let rules = &indicator.rules;
    let yearly = indicator.targets.expected_at(figure.period.end())?;
    let value = if is_flow(rules) {
        yearly / f64::from(rules.frequency.periods_per_year().max(1))
    } else {
        yearly
    };
    value.is_finite().then_some(value)
}

fn is_flow(rules: &IndicatorRules) -> bool {
    rollup::is_flow(rules.kind, rules.aggregation, rules.cumulative)
}

/// A value as IATI reads it: a decimal with the indicator's decimals, never in exponent
/// notation, never `-0`. `None` for a value that is not a finite number.
pub fn decimal(value: f64, decimals: u8) -> Option<String> {
    if !value.is_finite() {
        return None;
    }
    let text = format!("{value:.*}", usize::from(decimals.min(12)));
    // "-0.0" is a decimal, but says a sign the value does not have.
    if text.starts_with('-') && text[1..].chars().all(|c| c == '0' || c == '.') {
        Some(text[1..].to_string())
    } else {
        Some(text)
    }
}

/// IATI's IndicatorMeasure code: 1 unit, 2 percentage, 4 ordinal (a milestone's stage),
/// 5 qualitative.
pub fn measure(kind: IndicatorKind) -> &'static str {
    match kind {
        IndicatorKind::Quantity | IndicatorKind::Count | IndicatorKind::Ratio => "1",
        IndicatorKind::Percentage => "2",
        IndicatorKind::Milestone => "4",
        IndicatorKind::Qualitative => "5",
    }
}

/// IATI's OrganisationType code for an organisation kind.
pub fn organisation_type(kind: OrganisationKind) -> &'static str {
    match kind {
        OrganisationKind::Government => "10",
        OrganisationKind::ParkOperator | OrganisationKind::Tenant => "70",
        OrganisationKind::UnAgency => "40",
        OrganisationKind::CommunityOrganisation => "24",
        OrganisationKind::Ngo => "22",
        OrganisationKind::Academia => "80",
        OrganisationKind::Association | OrganisationKind::FinancialInstitution => "90",
    }
}

/// IATI's OrganisationRole code for a role in the program (1 funding, 2 accountable,
/// 4 implementing); `None` for roles that do not make an organisation a participant of the
/// activity (reporting tenants, beneficiaries, verifiers, observers).
pub fn participant_role(role: ProgramRole) -> Option<&'static str> {
    match role {
        ProgramRole::Funder => Some("1"),
        ProgramRole::Signatory | ProgramRole::Lead => Some("2"),
        ProgramRole::ImplementingPartner | ProgramRole::PilotSite => Some("4"),
        ProgramRole::ReportingTenant
        | ProgramRole::Beneficiary
        | ProgramRole::Verifier
        | ProgramRole::Observer => None,
    }
}

/// IATI's ActivityStatus on `today`: 1 pipeline before the start, 2 implementation, 3
/// finalisation after the end.
pub fn activity_status(starts_on: NaiveDate, ends_on: NaiveDate, today: NaiveDate) -> &'static str {
    if today < starts_on {
        "1"
    } else if today <= ends_on {
        "2"
    } else {
        "3"
    }
}

/// An indicator reference from a catalogue reference: SDG indicators in vocabulary 9, GRI
/// disclosures in the reporting organisation's vocabulary 99 (with the standards' address);
/// other frameworks (EIP Framework topics, IRMA) have no code an IATI reader could resolve
/// and are left out.
pub fn reference(r: &CatalogueReference) -> Option<(&'static str, String, Option<&'static str>)> {
    let code = r.code.trim();
    if code.is_empty() {
        return None;
    }
    match r.framework.trim() {
        "SDG" => Some((VOCABULARY_SDG, code.to_string(), None)),
        "GRI" => {
            let code = if r.version.trim().is_empty() {
                format!("GRI {code}")
            } else {
                format!("GRI {code} ({})", r.version.trim())
            };
            Some((
                VOCABULARY_REPORTING_ORGANISATION,
                code,
                Some(GRI_STANDARDS_URI),
            ))
        }
        _ => None,
    }
}

type Xml = Writer<Vec<u8>>;

/// The file: one `iati-activity` for the program, generated at `now`, its status judged on
/// `today`; `words` gives each comment in English and Indonesian.
pub fn activities_xml(
    activity: &Activity,
    publisher: &Publisher,
    now: DateTime<Utc>,
    today: NaiveDate,
    words: &dyn Fn(&Note, &ResultIndicator) -> Bilingual,
) -> std::io::Result<String> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let generated = now.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    w.create_element("iati-activities")
        .with_attribute(("version", VERSION))
        .with_attribute(("generated-datetime", generated.as_str()))
        .write_inner_content(|w| {
            w.create_element("iati-activity")
                .with_attribute(("last-updated-datetime", generated.as_str()))
                .with_attribute(("xml:lang", "en"))
                .with_attribute(("hierarchy", "1"))
                .write_inner_content(|w| write_activity(w, activity, publisher, today, words))?;
            Ok(())
        })?;
    String::from_utf8(w.into_inner()).map_err(std::io::Error::other)
}

fn write_activity(
    w: &mut Xml,
    a: &Activity,
    publisher: &Publisher,
    today: NaiveDate,
    words: &dyn Fn(&Note, &ResultIndicator) -> Bilingual,
) -> std::io::Result<()> {
    // The order of the elements is the schema's (iati-activities-schema.xsd, iati-activity).
    text_element(w, "iati-identifier", &publisher.identifier(&a.program_code))?;
    w.create_element("reporting-org")
        .with_attribute(("ref", publisher.org_ref.as_str()))
        .with_attribute(("type", publisher.org_type.as_str()))
        .write_inner_content(|w| narrative(w, &publisher.org_name, None))?;
    narratives(w, "title", &[], &a.title)?;
    narratives(w, "description", &[("type", "1")], &a.description)?;
    for p in &a.participants {
        let mut roles: Vec<&str> = p
            .roles
            .iter()
            .filter_map(|r| participant_role(*r))
            .collect();
        roles.sort_unstable();
        roles.dedup();
        for role in roles {
            let mut element = w
                .create_element("participating-org")
                .with_attribute(("role", role))
                .with_attribute(("type", organisation_type(p.kind)));
            if p.code == publisher.org_code {
                element = element.with_attribute(("ref", publisher.org_ref.as_str()));
            }
            element.write_inner_content(|w| narrative(w, &p.name, None))?;
        }
    }
    empty(
        w,
        "activity-status",
        &[("code", activity_status(a.starts_on, a.ends_on, today))],
    )?;
    let date = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    // Activity dates: 1 planned start, 2 actual start (once started), 3 planned end.
    empty(
        w,
        "activity-date",
        &[("type", "1"), ("iso-date", date(a.starts_on).as_str())],
    )?;
    if today >= a.starts_on {
        empty(
            w,
            "activity-date",
            &[("type", "2"), ("iso-date", date(a.starts_on).as_str())],
        )?;
    }
    empty(
        w,
        "activity-date",
        &[("type", "3"), ("iso-date", date(a.ends_on).as_str())],
    )?;
    // Scope 8: a single location, the park.
    empty(w, "activity-scope", &[("code", "8")])?;
    w.create_element("recipient-country")
        .with_attribute(("code", a.location.country.as_str()))
        .with_attribute(("percentage", "100"))
        .write_empty()?;
    write_location(w, &a.location)?;
    for result in &a.results {
        write_result(w, result, words)?;
    }
    Ok(())
}

fn write_location(w: &mut Xml, l: &Location) -> std::io::Result<()> {
    let place: Vec<&str> = [l.regency.as_deref(), l.province.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    w.create_element("location")
        .with_attribute(("ref", l.code.as_str()))
        .write_inner_content(|w| {
            // Reach 1: the activity happens here.
            empty(w, "location-reach", &[("code", "1")])?;
            w.create_element("name")
                .write_inner_content(|w| narrative(w, &l.name, None))?;
            if !place.is_empty() {
                w.create_element("description")
                    .write_inner_content(|w| narrative(w, &place.join(", "), None))?;
            }
            // GeoNames feature code INDS: an industrial area.
            empty(w, "feature-designation", &[("code", "INDS")])
        })?;
    Ok(())
}

fn write_result(
    w: &mut Xml,
    result: &PillarResult,
    words: &dyn Fn(&Note, &ResultIndicator) -> Bilingual,
) -> std::io::Result<()> {
    if result.indicators.is_empty() {
        // The schema asks for at least one indicator per result.
        return Ok(());
    }
    // Type 2: an outcome.
    w.create_element("result")
        .with_attribute(("type", "2"))
        .write_inner_content(|w| {
            narratives(w, "title", &[], &result.name)?;
            narratives(w, "description", &[], &result.description)?;
            for indicator in &result.indicators {
                write_indicator(w, indicator, words)?;
            }
            Ok(())
        })?;
    Ok(())
}

fn write_indicator(
    w: &mut Xml,
    i: &ResultIndicator,
    words: &dyn Fn(&Note, &ResultIndicator) -> Bilingual,
) -> std::io::Result<()> {
    let kind = i.rules.kind;
    let mut element = w
        .create_element("indicator")
        .with_attribute(("measure", measure(kind)));
    if kind != IndicatorKind::Qualitative {
        let ascending = i.rules.direction == Direction::HigherIsBetter;
        element = element.with_attribute(("ascending", if ascending { "1" } else { "0" }));
    }
    element.write_inner_content(|w| {
        let title = Bilingual::new(
            format!("{} {}", i.code, i.name.english),
            format!("{} {}", i.code, i.name.indonesian),
        );
        narratives(w, "title", &[], &title)?;
        narratives(w, "description", &[], &words(&Note::Definition, i))?;
        for r in &i.references {
            if let Some((vocabulary, code, uri)) = reference(r) {
                let mut e = w
                    .create_element("reference")
                    .with_attribute(("vocabulary", vocabulary))
                    .with_attribute(("code", code.as_str()));
                if let Some(uri) = uri {
                    e = e.with_attribute(("indicator-uri", uri));
                }
                e.write_empty()?;
            }
        }
        if let Some((year, value)) = i.baseline.filter(|(year, _)| *year > 0) {
            let year = year.to_string();
            let value = decimal(value, i.decimals).filter(|_| kind.is_numeric());
            let mut e = w
                .create_element("baseline")
                .with_attribute(("year", year.as_str()));
            if let Some(value) = &value {
                e = e.with_attribute(("value", value.as_str()));
            }
            e.write_empty()?;
        }
        if kind.is_numeric() {
            let mut figures: Vec<&PeriodFigure> = i.figures.iter().collect();
            figures.sort_by_key(|f| f.period);
            for figure in figures {
                write_period(w, i, figure, words)?;
            }
        }
        Ok(())
    })?;
    Ok(())
}

fn write_period(
    w: &mut Xml,
    i: &ResultIndicator,
    figure: &PeriodFigure,
    words: &dyn Fn(&Note, &ResultIndicator) -> Bilingual,
) -> std::io::Result<()> {
    let start = figure.period.start().format("%Y-%m-%d").to_string();
    let end = figure.period.end().format("%Y-%m-%d").to_string();
    w.create_element("period").write_inner_content(|w| {
        empty(w, "period-start", &[("iso-date", start.as_str())])?;
        empty(w, "period-end", &[("iso-date", end.as_str())])?;
        if let Some(target) = period_target(i, figure).and_then(|t| decimal(t, i.decimals)) {
            let note = Note::TargetPath {
                flow: is_flow(&i.rules),
                periods_per_year: i.rules.frequency.periods_per_year(),
            };
            w.create_element("target")
                .with_attribute(("value", target.as_str()))
                .write_inner_content(|w| comment(w, &words(&note, i)))?;
        }
        let (value, note) = match publication(&i.rules, figure) {
            Publication::Actual { value, partial } => (
                decimal(value, i.decimals),
                partial.map(|(reporters, assigned)| Note::PartialCoverage {
                    reporters,
                    assigned,
                }),
            ),
            Publication::Withheld(note) => (None, Some(note)),
        };
        let mut e = w.create_element("actual");
        if let Some(value) = &value {
            e = e.with_attribute(("value", value.as_str()));
        }
        match note {
            Some(note) => {
                e.write_inner_content(|w| comment(w, &words(&note, i)))?;
            }
            None => {
                e.write_empty()?;
            }
        }
        Ok(())
    })?;
    Ok(())
}

fn comment(w: &mut Xml, text: &Bilingual) -> std::io::Result<()> {
    narratives(w, "comment", &[], text)
}

/// An element holding one narrative per language, each with its `xml:lang`.
fn narratives(
    w: &mut Xml,
    name: &str,
    attributes: &[(&str, &str)],
    text: &Bilingual,
) -> std::io::Result<()> {
    w.create_element(name)
        .with_attributes(attributes.iter().copied())
        .write_inner_content(|w| {
            narrative(w, &text.english, Some("en"))?;
            if !text.indonesian.trim().is_empty() {
                narrative(w, &text.indonesian, Some("id"))?;
            }
            Ok(())
        })?;
    Ok(())
}

fn narrative(w: &mut Xml, text: &str, lang: Option<&str>) -> std::io::Result<()> {
    let mut e = w.create_element("narrative");
    if let Some(lang) = lang {
        e = e.with_attribute(("xml:lang", lang));
    }
    e.write_text_content(BytesText::new(text))?;
    Ok(())
}

fn text_element(w: &mut Xml, name: &str, text: &str) -> std::io::Result<()> {
    w.create_element(name)
        .write_text_content(BytesText::new(text))?;
    Ok(())
}

fn empty(w: &mut Xml, name: &str, attributes: &[(&str, &str)]) -> std::io::Result<()> {
    w.create_element(name)
        .with_attributes(attributes.iter().copied())
        .write_empty()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::kinds::Frequency;
    use crate::domain::period::Period;
    use crate::domain::rollup::Aggregate;

    fn rules(kind: IndicatorKind, aggregation: Aggregation) -> IndicatorRules {
        IndicatorRules {
            kind,
            aggregation,
            direction: Direction::HigherIsBetter,
            cumulative: false,
            frequency: Frequency::Quarterly,
            min_coverage_percent: 50,
        }
    }

    fn figure(value: f64, contributors: usize, assigned: usize) -> PeriodFigure {
        PeriodFigure {
            period: Period::parse_label(Frequency::Quarterly, "2026-Q2").unwrap(),
            aggregate: Aggregate {
                value,
                numerator: None,
                denominator: None,
                contributors,
            },
            assigned: Some(assigned),
        }
    }

    #[test]
    fn decimals_never_use_exponents_nor_negative_zero() {
        assert_eq!(decimal(577.8046820276497, 1).as_deref(), Some("577.8"));
        assert_eq!(decimal(1e21, 0).as_deref(), Some("1000000000000000000000"));
        assert_eq!(decimal(1e-9, 2).as_deref(), Some("0.00"));
        assert_eq!(decimal(-0.001, 1).as_deref(), Some("0.0"));
        assert_eq!(decimal(-2.5, 1).as_deref(), Some("-2.5"));
        assert_eq!(decimal(f64::NAN, 1), None);
        assert_eq!(decimal(f64::INFINITY, 1), None);
    }

    #[test]
    fn only_complete_figures_of_three_organisations_or_the_park_are_published() {
        let pooled = rules(IndicatorKind::Percentage, Aggregation::RatioOfSums);
        // 3 of 4: complete and enough organisations; one did not report.
        assert_eq!(
            publication(&pooled, &figure(40.0, 3, 4)),
            Publication::Actual {
                value: 40.0,
                partial: Some((3, 4))
            }
        );
        // 4 of 4: nothing to say about coverage.
        assert_eq!(
            publication(&pooled, &figure(40.0, 4, 4)),
            Publication::Actual {
                value: 40.0,
                partial: None
            }
        );
        // 1 of 6: below the minimum coverage.
        assert!(matches!(
            publication(&pooled, &figure(40.0, 1, 6)),
            Publication::Withheld(Note::Incomplete(c)) if c.reporters == 1 && c.assigned == 6
        ));
        // 2 of 2: complete, but each organisation's figure could be read off.
        assert_eq!(
            publication(&pooled, &figure(40.0, 2, 2)),
            Publication::Withheld(Note::TooFewContributors {
                contributors: 2,
                required: 3
            })
        );
        // The park office's own figure is the park's.
        let park = rules(IndicatorKind::Count, Aggregation::Park);
        assert_eq!(
            publication(&park, &figure(5.0, 1, 1)),
            Publication::Actual {
                value: 5.0,
                partial: None
            }
        );
    }

    #[test]
    fn codes_follow_the_iati_code_lists() {
        assert_eq!(measure(IndicatorKind::Percentage), "2");
        assert_eq!(measure(IndicatorKind::Ratio), "1");
        assert_eq!(measure(IndicatorKind::Milestone), "4");
        assert_eq!(measure(IndicatorKind::Qualitative), "5");
        assert_eq!(participant_role(ProgramRole::Funder), Some("1"));
        assert_eq!(participant_role(ProgramRole::Lead), Some("2"));
        assert_eq!(participant_role(ProgramRole::PilotSite), Some("4"));
        assert_eq!(participant_role(ProgramRole::ReportingTenant), None);
        assert_eq!(organisation_type(OrganisationKind::UnAgency), "40");
        let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let end = NaiveDate::from_ymd_opt(2028, 12, 31).unwrap();
        assert_eq!(activity_status(start, end, start.pred_opt().unwrap()), "1");
        assert_eq!(activity_status(start, end, start), "2");
        assert_eq!(activity_status(start, end, end), "2");
        assert_eq!(activity_status(start, end, end.succ_opt().unwrap()), "3");
        let gri = CatalogueReference {
            framework: "GRI".into(),
            code: "305-4".into(),
            version: "2016".into(),
        };
        assert_eq!(
            reference(&gri),
            Some(("99", "GRI 305-4 (2016)".into(), Some(GRI_STANDARDS_URI)))
        );
        let sdg = CatalogueReference {
            framework: "SDG".into(),
            code: "9.4.1".into(),
            version: String::new(),
        };
        assert_eq!(reference(&sdg), Some(("9", "9.4.1".into(), None)));
        let eip = CatalogueReference {
            framework: "EIP Framework".into(),
            code: "Social".into(),
            version: "2.0".into(),
        };
        assert_eq!(reference(&eip), None);
    }

    #[test]
    fn a_flows_period_target_is_its_share_of_the_yearly_path() {
        let indicator = |kind, aggregation| ResultIndicator {
            code: "X-01".into(),
            name: Bilingual::default(),
            definition: Bilingual::default(),
            unit: "t".into(),
            rules: rules(kind, aggregation),
            decimals: 1,
            references: Vec::new(),
            baseline: Some((2025, 100.0)),
            targets: TargetPath::new(Some((2025, 100.0)), vec![(2026, 100.0)]),
            figures: Vec::new(),
        };
        let f = figure(30.0, 3, 3);
        let flow = indicator(IndicatorKind::Quantity, Aggregation::Sum);
        assert_eq!(period_target(&flow, &f), Some(25.0));
        let stock = indicator(IndicatorKind::Percentage, Aggregation::RatioOfSums);
        assert_eq!(period_target(&stock, &f), Some(100.0));
    }
}
