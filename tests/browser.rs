//! The pages in a real browser: headless Chromium driven through chromedriver (fantoccini).
//! Every page family opens in both languages for the role that sees it; a page fails on a
//! console error (script error, CSP violation, failed resource) or on a same-origin link or
//! asset that does not answer 200 or a redirect. A PNG screenshot of each page lands in
//! `target/screenshots/`.
//!
//! Without chromium and chromedriver the test says so and passes, except under `CI=true`,
//! where a missing browser fails it (`.ci/run` installs both).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

use crate::common::{DemoUser, Template, TestApp};

pub(crate) const CHROMIUM: &str = "/usr/bin/chromium";
pub(crate) const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// The pages each role opens (path without the language).
fn pages(user: DemoUser) -> &'static [&'static str] {
    match user {
        DemoUser::Viewer => &[
            "/",
            "/pillars/CE",
            "/indicators/CE-01",
            "/stakeholders",
            "/stakeholders/DEMO-RKEF-A",
            "/timeline",
            "/reporting?pillar=CE",
            "/reports/2026",
            "/public",
            "/ghg?period=2026-Q3&org=DEMO-POWER-C",
            "/ghg/factors",
            "/flows?material=NI-SLAG&period=2026-09",
            "/parks",
            "/parks?period=2026",
        ],
        DemoUser::Tenant => &[
            "/my",
            "/indicators/CE-04",
            "/timeline",
            "/stakeholders",
            "/stakeholders/DEMO-RKEF-A",
            "/stakeholders/DEMO-HPAL-B",
            "/import",
            "/inbox",
            "/ghg",
            "/ghg/activity",
            "/flows?material=NI-SLAG&period=2026-10",
            "/parks",
        ],
        DemoUser::Admin => &[
            "/admin",
            "/admin/users",
            "/admin/tokens",
            "/admin/audit",
            "/admin/outbox",
            "/import",
        ],
        DemoUser::Manager => &[],
    }
}

/// A program found by absolute path or on `PATH`.
pub(crate) fn installed(path: &str) -> Option<PathBuf> {
    let path = Path::new(path);
    if path.exists() {
        return Some(path.to_path_buf());
    }
    let name = path.file_name()?;
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.exists())
}

/// chromedriver on a free port; killed when dropped.
pub(crate) struct Driver {
    child: Child,
    url: String,
}

impl Driver {
    pub(crate) async fn start(binary: &Path) -> Driver {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(binary)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let driver = Driver {
            child,
            url: format!("http://127.0.0.1:{port}"),
        };
        let started = Instant::now();
        let client = reqwest::Client::new();
        loop {
            let ready = client
                .get(format!("{}/status", driver.url))
                .send()
                .await
                .ok()
                .filter(|r| r.status().is_success());
            if ready.is_some() {
                return driver;
            }
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "chromedriver did not answer on {}",
                driver.url
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

impl Driver {
    /// Where chromedriver listens, for the commands fantoccini does not wrap (print, logs).
    pub(crate) fn url(&self) -> &str {
        &self.url
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A headless Chromium session with a fresh profile, its browser log enabled.
pub(crate) async fn browser(driver: &Driver, chromium: &Path, profile: &Path) -> Client {
    session(driver, chromium, profile, None).await
}

/// A Chromium session that emulates a phone `width` CSS pixels wide (an iPhone 12–15 is 390).
pub(crate) async fn phone(driver: &Driver, chromium: &Path, profile: &Path, width: u32) -> Client {
    session(driver, chromium, profile, Some(width)).await
}

async fn session(
    driver: &Driver,
    chromium: &Path,
    profile: &Path,
    phone_width: Option<u32>,
) -> Client {
    let mut capabilities = json!({
        "browserName": "chrome",
        "goog:loggingPrefs": { "browser": "ALL" },
        "goog:chromeOptions": {
            "binary": chromium,
            "prefs": { "intl.accept_languages": "en-US,en" },
            "args": [
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--window-size=1280,1600",
                // The browser's own language is English, whatever the machine's locale, so
                // the language tests start from a known `Accept-Language`.
                "--lang=en-US",
                format!("--user-data-dir={}", profile.display()),
            ],
        },
    });
    if let Some(width) = phone_width {
        capabilities["goog:chromeOptions"]["mobileEmulation"] = json!({
            "deviceMetrics": { "width": width, "height": 844, "pixelRatio": 3.0, "touch": true },
        });
    }
    let Value::Object(capabilities) = capabilities else {
        unreachable!()
    };
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(capabilities)
        .connect(&driver.url)
        .await
        .expect("a Chromium session through chromedriver")
}

/// The browser's console entries since the last call (chromedriver's log endpoint).
pub(crate) async fn browser_log(driver: &Driver, client: &Client) -> Vec<Value> {
    let session = client.session_id().await.unwrap().expect("a session id");
    let response: Value = reqwest::Client::new()
        .post(format!("{}/session/{session}/se/log", driver.url))
        .json(&json!({ "type": "browser" }))
        .send()
        .await
        .expect("chromedriver log endpoint")
        .json()
        .await
        .unwrap();
    response["value"]
        .as_array()
        .cloned()
        .unwrap_or_else(|| panic!("chromedriver gave no browser log: {response}"))
}

/// Signs in through the form, as a person would.
pub(crate) async fn sign_in(client: &Client, app: &TestApp, user: DemoUser) {
    let (email, password) = user.credentials();
    sign_in_as(client, app, email, password).await;
}

/// Signs in through the form with these credentials.
async fn sign_in_as(client: &Client, app: &TestApp, email: &str, password: &str) {
    client.delete_all_cookies().await.unwrap();
    client.goto(&app.url("/login")).await.unwrap();
    client
        .find(Locator::Css("input[name=email]"))
        .await
        .unwrap()
        .send_keys(email)
        .await
        .unwrap();
    client
        .find(Locator::Css("input[name=password]"))
        .await
        .unwrap()
        .send_keys(password)
        .await
        .unwrap();
    client
        .find(Locator::Css("form[action='/login'] button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let started = Instant::now();
    while client.current_url().await.unwrap().path() == "/login" {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "sign-in of {email} did not leave /login"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Every same-origin address the page links to or loads (anchors, stylesheets, images,
/// scripts, form actions excluded: they want a POST).
const SAME_ORIGIN_LINKS: &str = r#"
    const urls = new Set();
    for (const el of document.querySelectorAll('a[href], link[href], img[src], script[src], source[src], use[href]')) {
        const raw = el.getAttribute('href') ?? el.getAttribute('src');
        if (!raw || raw.startsWith('#') || raw.startsWith('mailto:')) continue;
        const url = new URL(raw, document.baseURI);
        url.hash = '';
        if (url.origin === location.origin) urls.add(url.href);
    }
    return [...urls];
"#;

/// The status of each address as fetched by the page itself (with its cookies); a redirect
/// shows as `0` (`opaqueredirect`).
const FETCH_STATUSES: &str = r#"
    const [urls, done] = arguments;
    Promise.all(urls.map(u => fetch(u, { redirect: 'manual', credentials: 'same-origin' })
            .then(r => [u, r.type === 'opaqueredirect' ? 0 : r.status])
            .catch(e => [u, String(e)])))
        .then(done);
"#;

fn screenshot_path(user: DemoUser, path: &str, lang: &str) -> PathBuf {
    let slug: String = path
        .trim_start_matches('/')
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let slug = if slug.is_empty() {
        "overview".into()
    } else {
        slug
    };
    let role = format!("{user:?}").to_lowercase();
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/screenshots")
        .join(format!("{role}-{slug}-{lang}.png"))
}

#[tokio::test]
async fn every_page_renders_in_a_real_browser_without_errors_or_broken_links() {
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    let (Some(chromium), Some(chromedriver)) = (installed(CHROMIUM), installed(CHROMEDRIVER))
    else {
        assert!(
            !ci,
            "CI=true but chromium or chromedriver is missing (apt-get install chromium chromium-driver)"
        );
        eprintln!("skipping the browser test: chromium and chromedriver are not installed");
        return;
    };

    let app = TestApp::spawn(Template::Demo).await;
    let driver = Driver::start(&chromedriver).await;
    let profile = tempfile::tempdir().unwrap();
    let client = browser(&driver, &chromium, profile.path()).await;
    std::fs::create_dir_all(Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots"))
        .unwrap();

    let mut failures: Vec<String> = Vec::new();
    let mut checked: BTreeSet<String> = BTreeSet::new();
    for user in [DemoUser::Viewer, DemoUser::Tenant, DemoUser::Admin] {
        sign_in(&client, &app, user).await;
        browser_log(&driver, &client).await; // the sign-in's own entries are not a page's
        for path in pages(user) {
            for lang in ["en", "id"] {
                let separator = if path.contains('?') { '&' } else { '?' };
                let url = app.url(&format!("{path}{separator}lang={lang}"));
                client.goto(&url).await.unwrap();
                let landed = client.current_url().await.unwrap();
                if landed.path() == "/login" {
                    failures.push(format!("{url}: sent to the sign-in page"));
                }
                let html_lang = client
                    .execute("return document.documentElement.lang", vec![])
                    .await
                    .unwrap();
                if html_lang.as_str() != Some(lang) {
                    failures.push(format!("{url}: <html lang> is {html_lang}, not {lang}"));
                }

                let png = client.screenshot().await.unwrap();
                std::fs::write(screenshot_path(user, path, lang), png).unwrap();

                for entry in browser_log(&driver, &client).await {
                    if entry["level"] == "SEVERE" {
                        failures.push(format!("{url}: console error: {}", entry["message"]));
                    }
                }

                let links = client.execute(SAME_ORIGIN_LINKS, vec![]).await.unwrap();
                let unchecked: Vec<Value> = links
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|u| checked.insert(format!("{user:?} {}", u.as_str().unwrap())))
                    .cloned()
                    .collect();
                let statuses = client
                    .execute_async(FETCH_STATUSES, vec![Value::Array(unchecked)])
                    .await
                    .unwrap();
                for pair in statuses.as_array().unwrap() {
                    let ok = matches!(pair[1].as_u64(), Some(0 | 200));
                    if !ok {
                        failures.push(format!("{url}: link {} answers {}", pair[0], pair[1]));
                    }
                }
            }
        }
    }
    // Entries that arrived late (e.g. an icon fetched after the last screenshot) count too.
    tokio::time::sleep(Duration::from_millis(500)).await;
    for entry in browser_log(&driver, &client).await {
        if entry["level"] == "SEVERE" {
            failures.push(format!("late console error: {}", entry["message"]));
        }
    }
    client.close().await.unwrap();
    assert!(
        failures.is_empty(),
        "{} problems in the browser:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Every page a person can open, per role, for the phone test: the browser test's pages plus
/// the forms and queues (found from the demo data).
fn phone_pages(user: DemoUser) -> Vec<&'static str> {
    let mut pages = pages(user).to_vec();
    match user {
        DemoUser::Tenant => pages.extend([
            "/submit",
            "/submit/CE-04/2026-07-01",
            "/submit/period/monthly/2026-10-01",
        ]),
        DemoUser::Manager => pages.extend([
            "/review",
            "/review?status=approved",
            "/reports/2026-Q3",
            "/reports/2026-Q3/narrative/CE",
            "/publish",
            "/inbox",
            "/flows?material=FABA&period=2026-Q3",
        ]),
        DemoUser::Admin => pages.extend([
            "/admin/pillars",
            "/admin/pillars/CE",
            "/admin/indicators",
            "/admin/indicators/new",
            "/admin/indicators/CE-01",
            "/admin/organisations",
            "/admin/organisations/DEMO-RKEF-A",
            "/admin/assignments",
            "/admin/milestones",
            "/admin/materials",
            "/admin/materials/NI-SLAG",
            "/login",
            "/login/forgot",
        ]),
        DemoUser::Viewer => pages.extend([
            "/account",
            "/stakeholders?kind=tenant",
            "/timeline?view=list",
            "/reporting?indicator=CE-03",
        ]),
    }
    pages
}

/// How far the document reaches past the viewport, and the widest elements that push it.
pub(crate) const OVERFLOW: &str = r#"
    const viewport = document.documentElement.clientWidth;
    const width = document.documentElement.scrollWidth;
    const culprits = [];
    if (width > viewport) {
        for (const el of document.querySelectorAll('body *')) {
            const box = el.getBoundingClientRect();
            if (box.right > viewport + 1 && !el.closest('.table-wrap, .chart-wrap, pre')) {
                culprits.push(`${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).split(' ').join('.') : ''} (${Math.round(box.right)} px)`);
            }
        }
    }
    return { viewport, width, culprits: culprits.slice(0, 5) };
"#;

#[tokio::test]
async fn every_page_fits_a_phone_screen_in_both_languages() {
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    let (Some(chromium), Some(chromedriver)) = (installed(CHROMIUM), installed(CHROMEDRIVER))
    else {
        assert!(
            !ci,
            "CI=true but chromium or chromedriver is missing (apt-get install chromium chromium-driver)"
        );
        eprintln!("skipping the phone test: chromium and chromedriver are not installed");
        return;
    };

    let app = TestApp::spawn(Template::Demo).await;
    let driver = Driver::start(&chromedriver).await;
    let profile = tempfile::tempdir().unwrap();
    let client = phone(&driver, &chromium, profile.path(), 390).await;

    let mut failures: Vec<String> = Vec::new();
    let mut pages_seen = 0;
    for user in [
        DemoUser::Viewer,
        DemoUser::Tenant,
        DemoUser::Manager,
        DemoUser::Admin,
    ] {
        sign_in(&client, &app, user).await;
        for path in phone_pages(user) {
            for lang in ["en", "id"] {
                let separator = if path.contains('?') { '&' } else { '?' };
                let url = app.url(&format!("{path}{separator}lang={lang}"));
                client.goto(&url).await.unwrap();
                if client.current_url().await.unwrap().path() == "/login" && path != "/login" {
                    failures.push(format!("{url}: sent to the sign-in page"));
                }
                let measured = client.execute(OVERFLOW, vec![]).await.unwrap();
                pages_seen += 1;
                let viewport = measured["viewport"].as_u64().unwrap();
                let width = measured["width"].as_u64().unwrap();
                assert_eq!(viewport, 390, "{url}: the phone viewport is 390 px wide");
                if width > viewport {
                    failures.push(format!(
                        "{url}: the page is {width} px wide on a {viewport} px screen; widest: {}",
                        measured["culprits"]
                    ));
                }
            }
        }
    }
    client.close().await.unwrap();
    assert!(pages_seen >= 50, "only {pages_seen} pages were measured");
    assert!(
        failures.is_empty(),
        "{} pages are wider than a phone:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[tokio::test]
async fn the_grid_says_what_it_saved_in_a_real_browser_in_both_languages() {
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    let (Some(chromium), Some(chromedriver)) = (installed(CHROMIUM), installed(CHROMEDRIVER))
    else {
        assert!(!ci, "CI=true but chromium or chromedriver is missing");
        eprintln!("skipping the grid browser test: chromium and chromedriver are not installed");
        return;
    };
    let app = TestApp::spawn(Template::Demo).await;
    crate::submit::arrange_percentage(&app).await;
    let driver = Driver::start(&chromedriver).await;
    let profile = tempfile::tempdir().unwrap();
    let client = browser(&driver, &chromium, profile.path()).await;
    sign_in(&client, &app, DemoUser::Tenant).await;
    for (lang, start, action, query, said) in [
        ("en", "2026-04-01", "draft", "drafts=1", "1 draft saved."),
        (
            "id",
            "2026-07-01",
            "submit",
            "submitted=1",
            "1 laporan dikirim untuk ditinjau.",
        ),
    ] {
        let grid = format!("/submit/period/quarterly/{start}");
        client
            .goto(&app.url(&format!("{grid}?lang={lang}")))
            .await
            .unwrap();
        for (name, value) in [("CE-99.numerator", "45"), ("CE-99.denominator", "90")] {
            let field = client
                .find(Locator::Css(&format!("input[name='{name}']")))
                .await
                .unwrap_or_else(|_| panic!("{lang}: no field {name}"));
            field.clear().await.unwrap();
            field.send_keys(value).await.unwrap();
        }
        client
            .find(Locator::Css(&format!(
                "button[type=submit][name=action][value={action}]"
            )))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        let started = Instant::now();
        while client.current_url().await.unwrap().query() != Some(query) {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "{lang}: the grid did not answer with ?{query}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let notice = client
            .find(Locator::Css("p.notice[role=status]"))
            .await
            .unwrap_or_else(|_| panic!("{lang}: no notice"))
            .text()
            .await
            .unwrap();
        assert_eq!(notice, said, "{lang}");
    }
    client.close().await.unwrap();
}

/// The language a person chose wins in a real browser whose own language is English: the
/// account's Indonesian over the browser's `Accept-Language`, then an explicit choice over the
/// account, remembered on the next page.
#[tokio::test]
async fn the_chosen_language_wins_over_the_browser_in_a_real_browser() {
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    let (Some(chromium), Some(chromedriver)) = (installed(CHROMIUM), installed(CHROMEDRIVER))
    else {
        assert!(!ci, "CI=true but chromium or chromedriver is missing");
        eprintln!(
            "skipping the language browser test: chromium and chromedriver are not installed"
        );
        return;
    };
    let app = TestApp::spawn(Template::Demo).await;
    pilar::auth::accounts::create_user(
        &app.pool,
        &pilar::domain::Actor::System {
            label: "test".into(),
        },
        &pilar::domain::AuditOrigin::default(),
        pilar::auth::accounts::UserInput {
            email: "budi@unido.example".into(),
            display_name: None,
            role: pilar::domain::Role::Viewer,
            organisation_code: None,
            preferred_language: "id".into(),
            password: "a long enough password".into(),
        },
    )
    .await
    .unwrap();
    let driver = Driver::start(&chromedriver).await;
    let profile = tempfile::tempdir().unwrap();
    let client = browser(&driver, &chromium, profile.path()).await;
    let html_lang = async || {
        client
            .execute("return document.documentElement.lang", vec![])
            .await
            .unwrap()
    };
    let browser_asks: Value = client
        .execute("return navigator.languages", vec![])
        .await
        .unwrap();
    assert_eq!(
        browser_asks[0].as_str().map(|l| &l[..2]),
        Some("en"),
        "{browser_asks}"
    );

    client.goto(&app.url("/login")).await.unwrap();
    assert_eq!(
        html_lang().await,
        "en",
        "before sign-in: the browser's language"
    );
    sign_in_as(
        &client,
        &app,
        "budi@unido.example",
        "a long enough password",
    )
    .await;
    client.goto(&app.url("/")).await.unwrap();
    assert_eq!(html_lang().await, "id", "the account's Indonesian wins");
    client.goto(&app.url("/timeline?lang=en")).await.unwrap();
    assert_eq!(
        html_lang().await,
        "en",
        "an explicit choice wins over the account"
    );
    client.goto(&app.url("/")).await.unwrap();
    assert_eq!(html_lang().await, "en", "the explicit choice is remembered");
    client.close().await.unwrap();
}
