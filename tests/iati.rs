//! The IATI results file (`/exports/iati-activities.xml` and its API twin): the file the
//! demo data makes validates against the official IATI 2.03 schema (`xmllint`, with the
//! schema kept in `tests/data/iati-2.03/`), keeps the rules the schema cannot check (periods
//! end after they start, values are decimals, one actual per period, only publishable park
//! figures and never an organisation's own), and reaches managers, admins and viewers and a
//! program manager's token, never a tenant.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;

use quick_xml::Reader;
use quick_xml::events::Event;

use crate::api::{get as api_get, token};
use crate::common::{DemoUser, Template, TestApp};
use pilar::domain::iati::decimal;
use pilar::domain::kinds::Aggregation;
use pilar::domain::privacy::MIN_CONTRIBUTORS_FOR_TENANTS;
use pilar::store;

const PATH: &str = "/exports/iati-activities.xml";
const API_PATH: &str = "/api/v1/exports/iati-activities.xml";

// --- a small element tree, enough to walk the file ------------------------------------------

#[derive(Debug, Default)]
struct Element {
    name: String,
    attributes: BTreeMap<String, String>,
    children: Vec<Element>,
    text: String,
}

impl Element {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attributes.get(name).map(String::as_str)
    }

    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    fn one<'a>(&'a self, name: &'a str) -> &'a Element {
        let mut found = self.all(name);
        let first = found
            .next()
            .unwrap_or_else(|| panic!("no <{name}> in <{}>", self.name));
        assert!(found.next().is_none(), "two <{name}> in <{}>", self.name);
        first
    }

    /// The narrative in a language (`xml:lang`).
    fn narrative(&self, lang: &str) -> Option<&str> {
        self.all("narrative")
            .find(|n| n.attr("xml:lang") == Some(lang))
            .map(|n| n.text.as_str())
    }
}

fn parse(xml: &str) -> Element {
    let mut reader = Reader::from_str(xml);
    let mut stack: Vec<Element> = vec![Element::default()];
    let element = |e: &quick_xml::events::BytesStart| Element {
        name: String::from_utf8(e.name().as_ref().to_vec()).unwrap(),
        attributes: e
            .attributes()
            .map(|a| {
                let a = a.unwrap();
                (
                    String::from_utf8(a.key.as_ref().to_vec()).unwrap(),
                    a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .unwrap()
                        .into_owned(),
                )
            })
            .collect(),
        ..Element::default()
    };
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) => stack.push(element(&e)),
            Event::Empty(e) => {
                let child = element(&e);
                stack.last_mut().unwrap().children.push(child);
            }
            Event::Text(t) => stack
                .last_mut()
                .unwrap()
                .text
                .push_str(&t.decode().unwrap()),
            Event::GeneralRef(r) => {
                let name = String::from_utf8(r.to_vec()).unwrap();
                let text = match name.as_str() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    other => panic!("unexpected entity &{other};"),
                };
                stack.last_mut().unwrap().text.push_str(text);
            }
            Event::End(_) => {
                let done = stack.pop().unwrap();
                stack.last_mut().unwrap().children.push(done);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let mut root = stack.pop().unwrap();
    assert!(stack.is_empty(), "unbalanced document");
    assert_eq!(root.children.len(), 1, "one root element");
    root.children.pop().unwrap()
}

/// Whether a value is a plain decimal: digits, an optional sign and fraction, no exponent.
fn is_decimal(value: &str) -> bool {
    let digits = value.strip_prefix('-').unwrap_or(value);
    let mut parts = digits.splitn(2, '.');
    let whole = parts.next().unwrap_or("");
    let fraction = parts.next();
    !whole.is_empty()
        && whole.chars().all(|c| c.is_ascii_digit())
        && fraction.is_none_or(|f| !f.is_empty() && f.chars().all(|c| c.is_ascii_digit()))
}

async fn demo_file(app: &TestApp) -> String {
    let response = app.get(PATH).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "application/xml; charset=utf-8"
    );
    response.text().await.unwrap()
}

// --- the official schema ------------------------------------------------------------------

fn schema_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/iati-2.03")
}

fn xmllint() -> Option<PathBuf> {
    let found = Command::new("xmllint").arg("--version").output().is_ok();
    found.then(|| PathBuf::from("xmllint"))
}

#[tokio::test]
async fn the_demo_file_validates_against_the_official_iati_schema() {
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    let schema = schema_dir().join("iati-activities-schema.xsd");
    for file in ["iati-activities-schema.xsd", "iati-common.xsd", "xml.xsd"] {
        assert!(
            schema_dir().join(file).is_file(),
            "the IATI 2.03 schema file {file} is missing from tests/data/iati-2.03/"
        );
    }
    let Some(xmllint) = xmllint() else {
        assert!(
            !ci,
            "CI=true but xmllint is missing (apt-get install libxml2-utils)"
        );
        eprintln!("skipping the IATI schema check: xmllint is not installed");
        return;
    };
    let app = TestApp::signed_in(DemoUser::Manager).await;
    let xml = demo_file(&app).await;
    // Kept under target/exports/ for people to look at (docs/exports.md quotes it).
    let kept = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/exports");
    std::fs::create_dir_all(&kept).unwrap();
    std::fs::write(kept.join("iati-activities.xml"), &xml).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("iati-activities.xml");
    std::fs::write(&file, &xml).unwrap();
    let output = Command::new(xmllint)
        .arg("--noout")
        .arg("--schema")
        .arg(&schema)
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "xmllint rejects the IATI file:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );

    // And a file the schema must reject is rejected: the check is not vacuous.
    let broken = xml.replacen("<reporting-org", "<reporting-organisation", 1);
    std::fs::write(&file, broken).unwrap();
    let rejected = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(&schema)
        .arg(&file)
        .output()
        .unwrap();
    assert!(!rejected.status.success(), "xmllint accepts a broken file");
}

// --- what the schema cannot check -------------------------------------------------------------

#[tokio::test]
async fn the_file_holds_the_program_its_pillars_and_publishable_park_figures_only() {
    let app = TestApp::signed_in(DemoUser::Viewer).await;
    let xml = demo_file(&app).await;
    let root = parse(&xml);
    assert_eq!(root.name, "iati-activities");
    assert_eq!(root.attr("version"), Some("2.03"));
    let activity = root.one("iati-activity");

    // Identity from the settings (defaults: UNIDO's organisation identifier).
    assert_eq!(activity.one("iati-identifier").text, "XM-DAC-41123-IWIP-P1");
    let reporting = activity.one("reporting-org");
    assert_eq!(reporting.attr("ref"), Some("XM-DAC-41123"));
    assert_eq!(reporting.attr("type"), Some("40"));

    // Title and description in English and Indonesian.
    let title = activity.one("title");
    assert_eq!(
        title.narrative("en"),
        Some("IWIP sustainable-nickel pilot, phase 1")
    );
    assert_eq!(
        title.narrative("id"),
        Some("Proyek percontohan nikel berkelanjutan IWIP, fase 1")
    );
    let description = activity.one("description");
    assert!(description.narrative("en").unwrap().contains("Riyadh"));
    assert!(description.narrative("id").unwrap().contains("Riyadh"));

    // Participants with their roles: UNIDO accountable (with its identifier), the park
    // implementing; the fictional demo tenants are not participants.
    let participants: Vec<(&str, &str, Option<&str>)> = activity
        .all("participating-org")
        .map(|p| {
            (
                p.narrative("en")
                    .or(p.all("narrative").next().map(|n| n.text.as_str()))
                    .unwrap_or(""),
                p.attr("role").unwrap(),
                p.attr("ref"),
            )
        })
        .collect();
    assert!(
        participants
            .iter()
            .any(|(name, role, r)| name.contains("UNIDO")
                && *role == "2"
                && *r == Some("XM-DAC-41123")),
        "{participants:?}"
    );
    assert!(
        participants
            .iter()
            .any(|(name, role, _)| name.contains("Weda Bay Industrial Park") && *role == "4"),
        "{participants:?}"
    );
    assert!(
        participants
            .iter()
            .all(|(name, _, _)| !name.contains("Demo")),
        "{participants:?}"
    );
    // Status "implementation" on the test's date (inside the program), planned and actual start.
    assert_eq!(activity.one("activity-status").attr("code"), Some("2"));
    let dates: Vec<(&str, &str)> = activity
        .all("activity-date")
        .map(|d| (d.attr("type").unwrap(), d.attr("iso-date").unwrap()))
        .collect();
    assert_eq!(
        dates,
        [
            ("1", "2026-01-01"),
            ("2", "2026-01-01"),
            ("3", "2028-12-31")
        ]
    );
    let location = activity.one("location");
    assert_eq!(location.attr("ref"), Some("IWIP"));
    assert!(
        location
            .one("name")
            .all("narrative")
            .next()
            .unwrap()
            .text
            .contains("Weda Bay")
    );

    // A result per pillar, an indicator per live indicator.
    let results: Vec<&Element> = activity.all("result").collect();
    assert_eq!(results.len(), 4);
    assert_eq!(
        results
            .iter()
            .map(|r| r.one("title").narrative("en").unwrap())
            .collect::<Vec<_>>(),
        [
            "Circular economy & eco-industrial park",
            "Industrial skills development",
            "Community empowerment",
            "Green supply-chain management"
        ]
    );
    let indicators: HashMap<String, &Element> = results
        .iter()
        .flat_map(|r| r.all("indicator"))
        .map(|i| {
            let title = i.one("title").narrative("en").unwrap();
            (title.split(' ').next().unwrap().to_string(), i)
        })
        .collect();
    let program = crate::common::first_program(&app.pool)
        .await
        .unwrap()
        .unwrap();
    let entries = store::catalogue::entries(&app.pool, program.id, None)
        .await
        .unwrap();
    assert_eq!(indicators.len(), entries.len());

    // Measures, directions, references and baselines.
    let ce01 = indicators["CE-01"];
    assert_eq!(ce01.attr("measure"), Some("1"));
    assert_eq!(ce01.attr("ascending"), Some("0"));
    let references: Vec<(&str, &str)> = ce01
        .all("reference")
        .map(|r| (r.attr("vocabulary").unwrap(), r.attr("code").unwrap()))
        .collect();
    assert!(references.contains(&("9", "9.4.1")), "{references:?}");
    assert!(
        references.contains(&("99", "GRI 305-4 (2016)")),
        "{references:?}"
    );
    assert!(
        ce01.all("reference")
            .filter(|r| r.attr("vocabulary") == Some("99"))
            .all(|r| r.attr("indicator-uri").is_some())
    );
    let baseline = ce01.one("baseline");
    assert_eq!(
        (baseline.attr("year"), baseline.attr("value")),
        (Some("2025"), Some("58.0"))
    );
    assert_eq!(indicators["CE-05"].attr("measure"), Some("2"));
    assert!(
        indicators["CE-05"]
            .all("reference")
            .any(|r| r.attr("vocabulary") == Some("9") && r.attr("code") == Some("12.5.1"))
    );
    assert!(
        indicators["SK-07"]
            .all("reference")
            .any(|r| r.attr("vocabulary") == Some("9") && r.attr("code") == Some("8.8.1"))
    );
    assert_eq!(indicators["SK-08"].attr("measure"), Some("4"));
    assert_eq!(indicators["SK-01"].attr("ascending"), Some("1"));

    // Every period against the official figures in the database.
    let series = store::figures::official_series(&app.pool, program.id)
        .await
        .unwrap();
    let mut published = 0;
    let mut withheld = 0;
    for entry in &entries {
        let i = &entry.indicator;
        let element = indicators[&i.code];
        let figures = series.get(&i.id).map_or(&[][..], Vec::as_slice);
        let periods: Vec<&Element> = element.all("period").collect();
        // A period for every period with an official value, and no other.
        assert_eq!(periods.len(), figures.len(), "{}", i.code);
        for value in element.all("baseline").filter_map(|b| b.attr("value")) {
            assert!(is_decimal(value), "{}: baseline {value}", i.code);
        }
        for period in periods {
            let start = period.one("period-start").attr("iso-date").unwrap();
            let end = period.one("period-end").attr("iso-date").unwrap();
            assert!(end > start, "{}: period {start} … {end}", i.code);
            for target in period.all("target") {
                assert!(is_decimal(target.attr("value").unwrap()), "{}", i.code);
            }
            // One actual per period (the file uses no dimensions).
            let actual = period.one("actual");
            assert!(actual.all("dimension").next().is_none());
            let figure = figures
                .iter()
                .find(|f| f.period.start().to_string() == start)
                .unwrap_or_else(|| panic!("{}: no official figure for {start}", i.code));
            assert_eq!(figure.period.end().to_string(), end);
            let contributors = figure.aggregate.contributors;
            let complete = i.rules.is_complete(figure);
            let park_level = i.rules.aggregation == Aggregation::Park;
            match actual.attr("value") {
                Some(value) => {
                    published += 1;
                    assert!(is_decimal(value), "{}: actual {value}", i.code);
                    // Only the park's figure, complete, of enough organisations or the park's own.
                    assert!(complete, "{} {start}: incomplete figure published", i.code);
                    assert!(
                        park_level || contributors >= MIN_CONTRIBUTORS_FOR_TENANTS,
                        "{} {start}: a figure of {contributors} organisation(s) published",
                        i.code
                    );
                    assert_eq!(
                        Some(value.to_string()),
                        decimal(figure.aggregate.value, i.decimals),
                        "{} {start}",
                        i.code
                    );
                }
                None => {
                    withheld += 1;
                    assert!(
                        !complete || (!park_level && contributors < MIN_CONTRIBUTORS_FOR_TENANTS),
                        "{} {start}: a publishable figure withheld",
                        i.code
                    );
                    // Why, in both languages.
                    let comment = actual.one("comment");
                    let english = comment.narrative("en").unwrap();
                    assert!(comment.narrative("id").is_some());
                    if !complete {
                        assert!(english.starts_with("Coverage incomplete"), "{english}");
                    }
                }
            }
        }
    }
    assert!(published > 10, "only {published} periods published");
    assert!(withheld > 0, "the demo data has incomplete periods");

    // No organisation is named beside a figure: the reporting (demo) organisations appear
    // nowhere in the file.
    assert!(!xml.contains("DEMO-"), "an organisation's code in the file");
    assert!(!xml.contains("Demo "), "an organisation's name in the file");
}

// --- who may read it ----------------------------------------------------------------------

#[tokio::test]
async fn dashboard_readers_get_the_file_and_tenants_do_not() {
    let app = TestApp::spawn(Template::Demo).await;
    // Anonymous: to the sign-in page.
    let anonymous = app.get(PATH).await;
    assert_eq!(anonymous.status(), 303);
    assert!(
        anonymous.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/login")
    );
    for (user, status) in [
        (DemoUser::Viewer, 200),
        (DemoUser::Manager, 200),
        (DemoUser::Admin, 200),
        (DemoUser::Tenant, 403),
    ] {
        let client = TestApp::browser();
        let signed = TestApp {
            address: app.address.clone(),
            pool: app.pool.clone(),
            client,
            state: app.state.clone(),
        };
        let (email, password) = user.credentials();
        assert_eq!(signed.sign_in(email, password).await.status(), 303);
        let response = signed.get(PATH).await;
        assert_eq!(response.status(), status, "{user:?}");
        let body = response.text().await.unwrap();
        if status == 200 {
            assert!(body.starts_with("<?xml"), "{user:?}");
        } else {
            assert!(!body.contains("iati-activity"), "{user:?}");
        }
    }
}

#[tokio::test]
async fn the_api_gives_the_file_to_a_program_managers_token_only() {
    let app = TestApp::spawn(Template::Demo).await;
    let manager = token(&app, "UNIDO", "read").await;
    let response = api_get(&app, &manager, API_PATH).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "application/xml; charset=utf-8"
    );
    let xml = response.text().await.unwrap();
    let root = parse(&xml);
    assert_eq!(
        root.one("iati-activity").one("iati-identifier").text,
        "XM-DAC-41123-IWIP-P1"
    );

    // A tenant's token, read or write: 403 with a problem document.
    for scope in ["read", "write"] {
        let tenant = token(&app, "DEMO-RKEF-A", scope).await;
        let refused = api_get(&app, &tenant, API_PATH).await;
        assert_eq!(refused.status(), 403, "{scope}");
        assert_eq!(
            refused.headers()["content-type"],
            "application/problem+json"
        );
        let body = refused.text().await.unwrap();
        assert!(body.contains("program manager"), "{body}");
    }
    // No token: 401.
    let anonymous = app.client.get(app.url(API_PATH)).send().await.unwrap();
    assert_eq!(anonymous.status(), 401);
}

#[tokio::test]
async fn the_identifiers_come_from_the_settings() {
    let app = TestApp::spawn_with(Template::Demo, |state| {
        state.iati = std::sync::Arc::new(pilar::domain::iati::Publisher {
            org_ref: "XI-TEST-1".into(),
            org_type: "10".into(),
            org_name: "Test & <Publisher>".into(),
            org_code: "NONE".into(),
            activity_identifier: Some("XI-TEST-1-PILOT".into()),
        });
    })
    .await;
    let manager = token(&app, "UNIDO", "read").await;
    let xml = api_get(&app, &manager, API_PATH)
        .await
        .text()
        .await
        .unwrap();
    assert!(xml.contains("Test &amp; &lt;Publisher&gt;"), "escaped");
    let activity = parse(&xml);
    let activity = activity.one("iati-activity");
    assert_eq!(activity.one("iati-identifier").text, "XI-TEST-1-PILOT");
    let reporting = activity.one("reporting-org");
    assert_eq!(reporting.attr("ref"), Some("XI-TEST-1"));
    assert_eq!(
        reporting.all("narrative").next().unwrap().text,
        "Test & <Publisher>"
    );
    // UNIDO is no longer the publisher: its entry carries no identifier.
    assert!(
        activity
            .all("participating-org")
            .all(|p| p.attr("ref").is_none())
    );
}

#[tokio::test]
async fn a_period_below_the_minimum_coverage_has_no_value_and_says_why() {
    let app = TestApp::signed_in(DemoUser::Manager).await;
    let before = parse(&demo_file(&app).await);
    let published = |root: &Element| -> Vec<Option<String>> {
        root.one("iati-activity")
            .all("result")
            .flat_map(|r| r.all("indicator"))
            .find(|i| {
                i.one("title")
                    .narrative("en")
                    .is_some_and(|t| t.starts_with("CE-04 "))
            })
            .unwrap()
            .all("period")
            .map(|p| p.one("actual").attr("value").map(str::to_string))
            .collect()
    };
    assert!(published(&before).iter().all(Option::is_some));

    // Ten more organisations assigned CE-04 that report nothing: the approved reports no
    // longer cover half of the assigned organisations.
    crate::common::add_tenants(&app.pool, 10, "CE-04").await;
    let after = parse(&demo_file(&app).await);
    let values = published(&after);
    assert_eq!(values.len(), published(&before).len(), "the periods stay");
    assert!(values.iter().all(Option::is_none), "{values:?}");
    let ce01 = after
        .one("iati-activity")
        .all("result")
        .flat_map(|r| r.all("indicator"))
        .find(|i| {
            i.one("title")
                .narrative("en")
                .is_some_and(|t| t.starts_with("CE-04 "))
        })
        .unwrap();
    for period in ce01.all("period") {
        let comment = period.one("actual").one("comment");
        let english = comment.narrative("en").unwrap();
        assert!(english.starts_with("Coverage incomplete"), "{english}");
        assert!(
            comment
                .narrative("id")
                .unwrap()
                .starts_with("Cakupan belum lengkap")
        );
        // The target stays: what the period was meant to reach.
        assert!(period.all("target").next().is_some());
    }
}
