//! Both languages on every page, the language choice and how it is remembered, and what every
//! page must not contain (scripts, inline styles, outside resources).

use pilar::i18n::Locale;
use pilar::store;
use pilar::web::format;

use crate::common::{DemoUser, Template, TestApp};
use crate::expected;
use crate::html::{page, row};

/// One page of each family, and the downloads' neighbours.
const PAGES: &[&str] = &[
    "/",
    "/pillars/CE",
    "/indicators/CE-01",
    "/indicators/SK-08",
    "/stakeholders",
    "/stakeholders/DEMO-RKEF-A",
    "/timeline",
    "/reporting",
    "/reporting?indicator=CE-03",
    "/flows?material=FABA&period=2026-Q3",
];

#[tokio::test]
async fn every_page_is_in_both_languages() {
    let app = TestApp::signed_in(DemoUser::Viewer).await;
    for path in PAGES {
        let sep = if path.contains('?') { '&' } else { '?' };
        let en = page(&app, &format!("{path}{sep}lang=en")).await;
        assert!(en.contains(r#"<html lang="en">"#), "{path}");
        assert!(en.contains("Skip to content"), "{path}");
        let id = page(&app, &format!("{path}{sep}lang=id")).await;
        assert!(id.contains(r#"<html lang="id">"#), "{path}");
        assert!(id.contains("Langsung ke konten"), "{path}");
        assert!(id.contains("Data demo"), "{path}: demo marker");
        for english in ["Skip to content", ">Overview<", ">Timeline<", ">Demo data<"] {
            assert!(!id.contains(english), "{path}: {english} in Indonesian");
        }
    }
}

#[tokio::test]
async fn indonesian_pages_use_indonesian_words_numbers_and_dates() {
    let app = TestApp::signed_in(DemoUser::Viewer).await;
    let body = page(&app, "/?lang=id").await;
    assert!(body.contains("Bulan ke-11 dari 36"));
    assert!(body.contains("1 Jan 2026 – 31 Des 2028"));
    assert!(body.contains("Proyek percontohan nikel berkelanjutan IWIP, fase 1"));
    assert!(
        body.contains("Ekonomi sirkular"),
        "pillar names in Indonesian"
    );
    assert!(body.contains("Sesuai target"));

    // Thousands with dots, decimals with a comma: the numerator of a report (t CO2e).
    let numerator: f64 = sqlx::query_scalar(
        "SELECT o.numerator FROM observation o JOIN indicator i ON i.id = o.indicator_id
           JOIN organisation org ON org.id = o.organisation_id
          WHERE i.code = 'SK-01' AND org.code = 'DEMO-RKEF-A' AND o.period_start = '2026-04-01'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert!(numerator >= 1000.0);
    let id = page(&app, "/indicators/SK-01?period=2026-Q2&lang=id").await;
    let line = row(&id, r#"<tr data-organisation="DEMO-RKEF-A""#);
    let formatted = format::number(numerator, 1, Locale::Id);
    assert!(
        formatted.contains('.') && formatted.contains(','),
        "{formatted}"
    );
    assert!(line.contains(&formatted), "{formatted}");
    assert!(id.contains("Rata-rata jam pelatihan per karyawan"));
    assert!(id.contains("Makin tinggi makin baik"));
    assert!(id.contains("Menurut organisasi pelapor: TW II 2026"));

    // The domain's latest official value, formatted the Indonesian way.
    let cards = expected::scorecards(&app.pool).await;
    let (entry, _, card) = cards
        .iter()
        .find(|(e, _, _)| e.indicator.code == "SK-02")
        .unwrap();
    let latest = card.latest.unwrap().aggregate.value;
    let sk = page(&app, "/pillars/SK?lang=id").await;
    assert!(sk.contains(&format::number(
        latest,
        entry.indicator.decimals,
        Locale::Id
    )));
    assert!(sk.contains("63.000"), "the 2026 target");
}

#[tokio::test]
async fn the_choice_is_remembered_in_a_cookie() {
    let app = TestApp::signed_in(DemoUser::Viewer).await;
    let response = app.get("/timeline?lang=id").await;
    let cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("lang="))
        .expect("the language is remembered")
        .to_string();
    assert!(cookie.starts_with("lang=id;"), "{cookie}");
    assert!(cookie.contains("Path=/") && cookie.contains("SameSite=Lax"));
    assert_eq!(response.headers()["content-language"], "id");
    // The switch keeps the page and its filters.
    let body = page(&app, "/timeline?pillar=CE&lang=id").await;
    assert!(
        body.contains(r#"href="/timeline?pillar=CE&#38;lang=en""#)
            || body.contains(r#"href="/timeline?pillar=CE&amp;lang=en""#)
    );
    // The browser sends the cookie back: later pages stay in Indonesian, whatever it prefers.
    let later = app
        .client
        .get(app.url("/reporting"))
        .header("accept-language", "en")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        later.contains(r#"<html lang="id">"#),
        "the cookie keeps Indonesian"
    );
    let back = page(&app, "/reporting?lang=en").await;
    assert!(back.contains(r#"<html lang="en">"#));
    let after = page(&app, "/").await;
    assert!(
        after.contains(r#"<html lang="en">"#),
        "and English again once chosen"
    );
}

#[tokio::test]
async fn before_sign_in_the_default_comes_from_accept_language() {
    let app = TestApp::spawn(Template::Demo).await;
    let get = |accept: &'static str| {
        app.client
            .get(app.url("/login"))
            .header("accept-language", accept)
            .send()
    };
    let id = get("id-ID,id;q=0.9,en;q=0.8").await.unwrap();
    assert!(
        id.headers()["vary"]
            .to_str()
            .unwrap()
            .contains("Accept-Language")
    );
    assert!(id.text().await.unwrap().contains(r#"<html lang="id">"#));
    let en = get("fr-FR, en;q=0.5").await.unwrap().text().await.unwrap();
    assert!(en.contains(r#"<html lang="en">"#));
    let other = get("de").await.unwrap().text().await.unwrap();
    assert!(
        other.contains(r#"<html lang="en">"#),
        "neither language asked for: English"
    );
}

#[tokio::test]
async fn the_language_a_person_chose_wins_over_the_browser() {
    // The demo viewer's account says English: a browser asking for Indonesian does not change it.
    let app = TestApp::signed_in(DemoUser::Viewer).await;
    let page_for = |accept: &'static str| {
        app.client
            .get(app.url("/"))
            .header("accept-language", accept)
            .send()
    };
    let body = page_for("id-ID,id;q=0.9")
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        body.contains(r#"<html lang="en">"#),
        "the account's English wins"
    );

    // A user created with Indonesian sees Indonesian though the browser asks for English.
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
    assert_eq!(
        app.sign_in("budi@unido.example", "a long enough password")
            .await
            .status(),
        303
    );
    let page_for = |path: &'static str| {
        app.client
            .get(app.url(path))
            .header("accept-language", "en-US,en;q=0.9")
            .send()
    };
    let body = page_for("/").await.unwrap().text().await.unwrap();
    assert!(
        body.contains(r#"<html lang="id">"#),
        "the account's Indonesian wins"
    );
    // An explicit choice still beats the account.
    let body = page_for("/?lang=en").await.unwrap().text().await.unwrap();
    assert!(body.contains(r#"<html lang="en">"#), "?lang= wins");
}

#[tokio::test]
async fn pages_need_no_script_inline_style_or_outside_resource() {
    let app = TestApp::signed_in(DemoUser::Viewer).await;
    let program = expected::program(&app.pool).await;
    let organisations = store::stakeholders::directory(&app.pool, Some(program.id), None, None)
        .await
        .unwrap();
    let mut paths: Vec<String> = PAGES.iter().map(|p| p.to_string()).collect();
    paths.extend(["/pillars/SK", "/pillars/CM", "/pillars/SC"].map(String::from));
    paths.extend(
        organisations
            .iter()
            .map(|o| format!("/stakeholders/{}", o.code)),
    );
    for path in paths {
        let body = page(&app, &path).await;
        assert!(!body.contains("<script"), "{path}: script");
        assert!(!body.contains(" style="), "{path}: inline style");
        assert!(
            !body.contains(" src="),
            "{path}: no image or script to load"
        );
        assert!(
            !has_event_handler(&body),
            "{path}: no event handler attribute"
        );
        // The stylesheet and the icon (without it, browsers ask for a missing /favicon.ico).
        assert_eq!(body.matches("<link ").count(), 2, "{path}");
        assert!(body.contains(r#"<link rel="stylesheet" href="/static/pilar.css">"#));
        assert!(
            body.contains(r#"<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">"#)
        );
        assert!(
            body.contains("<main id=\"main\">"),
            "{path}: skip link target"
        );
    }
}

/// Whether the HTML has an attribute like ` onclick="` (an inline script).
fn has_event_handler(body: &str) -> bool {
    body.match_indices(" on").any(|(i, _)| {
        let rest = &body[i + 3..];
        let name_len = rest.chars().take_while(|c| c.is_ascii_lowercase()).count();
        name_len > 0 && rest[name_len..].starts_with("=\"")
    })
}
