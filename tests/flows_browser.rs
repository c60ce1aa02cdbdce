//! The Sankey diagram of `/flows` in a real browser (headless Chromium), at a phone's width
//! (390 px) in both languages, for a program reader (organisation by organisation) and a
//! tenant (the park as one source): drawn without JavaScript of ours, as wide as the screen
//! and no wider, one band per row of the table beside it, titled in the page's language.

use serde_json::Value;

use crate::browser::{CHROMEDRIVER, CHROMIUM, Driver, OVERFLOW, installed, phone, sign_in};
use crate::common::{DemoUser, Template, TestApp};

const MEASURE_SANKEY: &str = r#"
    const svg = document.querySelector('svg[data-sankey]');
    if (!svg) { return null; }
    const box = svg.getBoundingClientRect();
    return {
        width: box.width,
        height: box.height,
        title: svg.querySelector('title').textContent,
        bands: svg.querySelectorAll('path.band').length,
        labels: Array.from(svg.querySelectorAll('text.label')).map(t => t.textContent),
        rows: document.querySelectorAll('table.sankey-table tbody tr').length,
        caption: document.querySelector('table.sankey-table caption').textContent,
    };
"#;

#[tokio::test]
async fn the_sankey_reads_in_both_languages_on_a_phone() {
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    let (Some(chromium), Some(chromedriver)) = (installed(CHROMIUM), installed(CHROMEDRIVER))
    else {
        assert!(!ci, "CI=true but chromium or chromedriver is missing");
        eprintln!("skipping the Sankey browser test: chromium and chromedriver are not installed");
        return;
    };
    let app = TestApp::spawn(Template::Demo).await;
    let driver = Driver::start(&chromedriver).await;
    let profile = tempfile::tempdir().unwrap();
    let client = phone(&driver, &chromium, profile.path(), 390).await;
    for (user, park_label) in [
        (DemoUser::Viewer, None),
        (DemoUser::Tenant, Some(("The park", "Kawasan"))),
    ] {
        sign_in(&client, &app, user).await;
        for (lang, title, caption) in [
            ("en", "Flows of Nickel slag", "The same flows as a table"),
            (
                "id",
                "Aliran Slag nikel",
                "Aliran yang sama dalam bentuk tabel",
            ),
        ] {
            let url = app.url(&format!(
                "/flows?material=NI-SLAG&period=2026-09&lang={lang}"
            ));
            client.goto(&url).await.unwrap();
            let sankey: Value = client.execute(MEASURE_SANKEY, vec![]).await.unwrap();
            assert!(
                sankey.is_object(),
                "{user:?} {lang}: no Sankey diagram on {url}"
            );
            let width = sankey["width"].as_f64().unwrap();
            assert!(
                width > 300.0 && width <= 390.0,
                "{user:?} {lang}: the diagram is {width} px wide"
            );
            assert!(sankey["height"].as_f64().unwrap() > 100.0);
            assert!(
                sankey["title"].as_str().unwrap().starts_with(title),
                "{sankey}"
            );
            assert_eq!(sankey["caption"], caption);
            let bands = sankey["bands"].as_u64().unwrap();
            assert!(bands >= 2, "{sankey}");
            assert_eq!(
                sankey["rows"].as_u64().unwrap(),
                bands,
                "one table row per band"
            );
            let labels: Vec<&str> = sankey["labels"]
                .as_array()
                .unwrap()
                .iter()
                .map(|l| l.as_str().unwrap())
                .collect();
            match park_label {
                // A program reader sees the organisations.
                None => assert!(labels.contains(&"Demo RKEF Smelter A"), "{labels:?}"),
                // A tenant sees the park as one source, never a peer.
                Some((en, id)) => {
                    assert!(
                        labels.contains(&if lang == "en" { en } else { id }),
                        "{labels:?}"
                    );
                    assert!(!labels.contains(&"Demo Matte Converter D"), "{labels:?}");
                }
            }
            let measured = client.execute(OVERFLOW, vec![]).await.unwrap();
            assert_eq!(measured["viewport"], 390);
            assert!(
                measured["width"].as_u64().unwrap() <= 390,
                "{user:?} {lang}: the page is wider than the phone: {}",
                measured["culprits"]
            );
        }
    }
    client.close().await.unwrap();
}
