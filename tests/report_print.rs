//! The progress report printed by a real browser: headless Chromium prints `/reports/2026` to
//! PDF through chromedriver's WebDriver Print command (`POST /session/{id}/print`, A4), and
//! `pdftotext` (Debian's poppler-utils) reads it back: a page per pillar at least, besides the
//! cover, and every pillar's name in the text. The PDF stays in `target/screenshots/` for
//! people to look at.
//!
//! Without chromium, chromedriver or pdftotext the test says so and passes, except under
//! `CI=true`, where a missing tool fails it (`.ci/run` installs them).

use std::path::Path;
use std::process::Command;

use base64::Engine;
use fantoccini::Locator;
use serde_json::{Value, json};

use crate::browser::{CHROMEDRIVER, CHROMIUM, Driver, browser, installed, sign_in};
use crate::common::{DemoUser, Template, TestApp};

const PDFTOTEXT: &str = "/usr/bin/pdftotext";

/// What the manager writes for the circular-economy pillar.
const NARRATIVE: &str = "Slag utilisation kept its course through the third quarter.";

/// The pillars of the demo program, as each language names them.
const PILLAR_NAMES: [(&str, [&str; 2]); 4] = [
    ("CE", ["Circular economy", "Ekonomi sirkular"]),
    ("SK", ["Industrial skills", "Pengembangan keterampilan"]),
    ("CM", ["Community empowerment", "Pemberdayaan masyarakat"]),
    ("SC", ["Green supply-chain", "Pengelolaan rantai pasok"]),
];

#[tokio::test]
async fn the_progress_report_prints_to_a_clean_pdf_with_a_page_per_pillar() {
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    let (Some(chromium), Some(chromedriver), Some(pdftotext)) = (
        installed(CHROMIUM),
        installed(CHROMEDRIVER),
        installed(PDFTOTEXT),
    ) else {
        assert!(
            !ci,
            "CI=true but chromium, chromedriver or pdftotext is missing (apt-get install chromium chromium-driver poppler-utils)"
        );
        eprintln!("skipping the print test: chromium, chromedriver or pdftotext is not installed");
        return;
    };
    let app = TestApp::spawn(Template::Demo).await;
    let driver = Driver::start(&chromedriver).await;
    let profile = tempfile::tempdir().unwrap();
    let client = browser(&driver, &chromium, profile.path()).await;
    sign_in(&client, &app, DemoUser::Manager).await;
    // A manager writes the circular-economy narrative through the form, as a person would.
    let form = "/reports/2026/narrative/CE";
    client
        .goto(&app.url(&format!("{form}?lang=en")))
        .await
        .unwrap();
    client
        .find(Locator::Css("textarea[name=body]"))
        .await
        .unwrap()
        .send_keys(NARRATIVE)
        .await
        .unwrap();
    client
        .find(Locator::Css("form.stacked button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let started = std::time::Instant::now();
    while client.current_url().await.unwrap().query() != Some("saved=1") {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(10),
            "the narrative form did not answer with ?saved=1"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&out).unwrap();

    for (index, lang) in ["en", "id"].into_iter().enumerate() {
        client
            .goto(&app.url(&format!("/reports/2026?lang={lang}")))
            .await
            .unwrap();
        let session = client.session_id().await.unwrap().expect("a session id");
        // WebDriver Print: A4 in centimetres, the page's own backgrounds, no browser header.
        let printed: Value = reqwest::Client::new()
            .post(format!("{}/session/{session}/print", driver.url()))
            .json(&json!({
                "page": { "width": 21.0, "height": 29.7 },
                "background": true,
                "shrinkToFit": true,
            }))
            .send()
            .await
            .expect("chromedriver print endpoint")
            .json()
            .await
            .unwrap();
        let encoded = printed["value"]
            .as_str()
            .unwrap_or_else(|| panic!("chromedriver printed no PDF: {printed}"));
        let pdf = base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .unwrap();
        assert!(pdf.starts_with(b"%PDF"), "{lang}: not a PDF");
        let file = out.join(format!("report-2026-{lang}.pdf"));
        std::fs::write(&file, &pdf).unwrap();

        let text = Command::new(&pdftotext)
            .args(["-layout", "-enc", "UTF-8"])
            .arg(&file)
            .arg("-")
            .output()
            .expect("pdftotext runs");
        assert!(text.status.success(), "{lang}: pdftotext failed");
        let text = String::from_utf8(text.stdout).unwrap();
        // pdftotext separates pages with a form feed.
        let pages: Vec<&str> = text
            .split('\u{c}')
            .filter(|p| !p.trim().is_empty())
            .collect();
        assert!(
            pages.len() > PILLAR_NAMES.len(),
            "{lang}: {} pages for {} pillars and the cover",
            pages.len(),
            PILLAR_NAMES.len()
        );
        // The cover is the first page; each pillar starts a page of its own.
        let title = ["Progress report", "Laporan kemajuan"][index];
        assert!(pages[0].contains(title), "{lang}: cover: {}", pages[0]);
        for (code, names) in PILLAR_NAMES {
            let name = names[index];
            assert!(text.contains(name), "{lang}: {name} missing from the PDF");
            let heading = format!("{code} {name}");
            let starts_a_page = pages.iter().any(|p| {
                p.trim_start()
                    .lines()
                    .next()
                    .is_some_and(|l| l.contains(&heading))
            });
            assert!(
                starts_a_page
                    || pages
                        .iter()
                        .any(|p| p.lines().take(4).any(|l| l.contains(&heading))),
                "{lang}: {heading} does not start a page"
            );
        }
        assert!(
            text.contains("Slag utilisation kept its course"),
            "{lang}: the narrative"
        );
        // No navigation in print.
        assert!(
            !pages[0].contains("Stakeholders") && !pages[0].contains("Pemangku"),
            "{lang}: navigation printed"
        );
    }
    client.close().await.unwrap();
}
