//! People's words in both languages: validation messages worded from the domain's problems (on
//! the pages in the page's language, in problem+json in the one `Accept-Language` prefers),
//! the error pages and the API reference in the page's language, a form too large for a
//! field's limit, and the `maxlength` of text fields.

use reqwest::Method;
use serde_json::{Value, json};

use crate::api::{call, ce02_q2, problem, token};
use crate::common::{DemoUser, Template, TestApp};
use crate::html::page;
use crate::submit::{arrange_percentage, stored};

const FORM: &str = "/submit/CE-99/2026-07-01";

fn figures<'a>(
    numerator: &'a str,
    denominator: &'a str,
    comment: &'a str,
    evidence: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("numerator", numerator),
        ("denominator", denominator),
        ("data_quality", "measured"),
        ("comment", comment),
        ("evidence_url", evidence),
        ("action", "draft"),
    ]
}

#[tokio::test]
async fn an_indonesian_form_says_what_is_wrong_in_indonesian() {
    let app = TestApp::signed_in(DemoUser::Tenant).await;
    arrange_percentage(&app).await;
    app.get(&format!("{FORM}?lang=id")).await;
    let response = app
        .post_form(FORM, FORM, &figures("1000", "10", "", ""))
        .await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains(r#"<html lang="id">"#));
    assert!(
        html.contains("Pembilang (1.000) tidak boleh lebih besar dari penyebut (10)."),
        "{html}"
    );
    assert!(!html.contains("cannot exceed"));
    assert!(html.contains(r#"value="1000""#), "the input is kept");
    assert_eq!(stored(&app, "2026-07-01").await, None);

    // The same in English, as a whole sentence with the field named once.
    app.get(&format!("{FORM}?lang=en")).await;
    let html = app
        .post_form(FORM, FORM, &figures("1000", "10", "", ""))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("The numerator (1,000) cannot be larger than the denominator (10)."));
    assert!(!html.contains("numerator: numerator"));
}

#[tokio::test]
async fn the_evidence_message_is_in_peoples_words_in_both_languages() {
    let app = TestApp::signed_in(DemoUser::Tenant).await;
    crate::common::add_reportable_quantity(&app.pool).await;
    arrange_percentage(&app).await;
    for (lang, expected) in [
        (
            "en",
            "Evidence must be a full web address, such as https://example.org/report.pdf.",
        ),
        (
            "id",
            "Bukti harus berupa alamat web lengkap, misalnya https://example.org/laporan.pdf.",
        ),
    ] {
        app.get(&format!("{FORM}?lang={lang}")).await;
        let response = app
            .post_form(FORM, FORM, &figures("30", "120", "", "report.pdf"))
            .await;
        assert_eq!(response.status(), 422, "{lang}");
        let html = response.text().await.unwrap();
        assert!(html.contains(expected), "{lang}: {html}");
        assert!(!html.contains("relative URL"), "{lang}: no parser's words");
        assert!(
            !html.contains("evidence_url is") && !html.contains("evidence_url:"),
            "{lang}: no field's code name in the message"
        );
    }

    // The API words it too: in English by default, in Indonesian when asked; the pointers stay.
    let w = token(&app, "DEMO-RKEF-A", "write").await;
    let mut item = ce02_q2();
    item["evidence_url"] = json!("report.pdf");
    for (accept, expected) in [
        (None, "Evidence must be a full web address"),
        (
            Some("id-ID,id;q=0.9,en;q=0.5"),
            "Bukti harus berupa alamat web lengkap",
        ),
    ] {
        let headers: Vec<(&str, &str)> =
            accept.map(|a| ("accept-language", a)).into_iter().collect();
        let body: Value = problem(
            call(
                &app,
                Method::POST,
                "/api/v1/observations",
                &w,
                &headers,
                Some(&item),
            )
            .await,
            422,
        )
        .await;
        assert_eq!(body["errors"][0]["pointer"], "/evidence_url");
        let message = body["errors"][0]["message"].as_str().unwrap();
        assert!(message.starts_with(expected), "{message}");
    }
}

#[tokio::test]
async fn error_pages_speak_the_pages_language() {
    let admin = TestApp::signed_in(DemoUser::Admin).await;
    let missing = admin.get("/no-such-page?lang=id").await;
    assert_eq!(missing.status(), 404);
    let html = missing.text().await.unwrap();
    assert!(html.contains(r#"<html lang="id">"#), "{html}");
    assert!(html.contains("Tidak ditemukan"));
    assert!(html.contains("Kembali ke ringkasan"));
    assert!(!html.contains("does not exist"));

    // An unknown indicator: the page names it, in the page's language.
    let unknown = admin.get("/indicators/XX-99?lang=id").await;
    assert_eq!(unknown.status(), 404);
    let html = unknown.text().await.unwrap();
    assert!(html.contains("Indikator XX-99 tidak ada."), "{html}");
    let html = admin
        .get("/indicators/XX-99?lang=en")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Indicator XX-99 does not exist."), "{html}");
    admin.get("/?lang=id").await;

    // A tenant may not read the admin pages: 403, in the language the cookie remembers.
    let app = TestApp::signed_in(DemoUser::Tenant).await;
    app.get("/my?lang=id").await;
    let forbidden = app.get("/admin").await;
    assert_eq!(forbidden.status(), 403);
    let html = forbidden.text().await.unwrap();
    assert!(html.contains(r#"<html lang="id">"#), "{html}");
    assert!(html.contains("Akses ditolak"));
    assert!(
        html.contains("Akun Anda tidak memberi akses ke halaman ini."),
        "the reason, in Indonesian: {html}"
    );
    assert!(!html.contains("Forbidden"));

    // A method an address does not take: 405, a page in the same language, `Allow` kept.
    let wrong = admin
        .get("/admin/organisations/DEMO-RKEF-A/restore?lang=id")
        .await;
    assert_eq!(wrong.status(), 405);
    assert!(wrong.headers().contains_key("allow"));
    let html = wrong.text().await.unwrap();
    assert!(html.contains(r#"<html lang="id">"#) && html.contains("Metode tidak diizinkan"));

    // And in English when that is the choice.
    let html = admin
        .get("/no-such-page?lang=en")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains(r#"<html lang="en">"#) && html.contains("Not found"));
}

#[tokio::test]
async fn the_api_reference_speaks_the_pages_language() {
    let app = TestApp::spawn(Template::Demo).await;
    let html = page(&app, "/api/docs?lang=id").await;
    assert!(html.contains(r#"<html lang="id">"#));
    assert!(html.contains("Daftar isi") && html.contains("Skema"));
    assert!(!html.contains("<h2>Contents</h2>"));
    let html = page(&app, "/api/docs?lang=en").await;
    assert!(html.contains(r#"<html lang="en">"#) && html.contains("<h2>Contents</h2>"));
}

#[tokio::test]
async fn a_comment_past_its_limit_comes_back_to_the_form_with_the_limit_named() {
    let app = TestApp::signed_in(DemoUser::Tenant).await;
    arrange_percentage(&app).await;
    let comment = "x".repeat(300 * 1024);
    app.get(&format!("{FORM}?lang=id")).await;
    let response = app
        .post_form(FORM, FORM, &figures("30", "120", &comment, ""))
        .await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("Komentar paling banyak 2.000 karakter."),
        "the limit is named"
    );
    assert!(html.contains(r#"value="30""#), "the figures are kept");
    assert!(html.contains(&comment), "the comment is kept");
    assert_eq!(stored(&app, "2026-07-01").await, None);

    // Past the body limit itself, a page in the reader's language names the limit in KB.
    let huge = "x".repeat(1100 * 1024);
    let response = app
        .post_form(FORM, FORM, &figures("30", "120", &huge, ""))
        .await;
    assert_eq!(response.status(), 413);
    let html = response.text().await.unwrap();
    assert!(html.contains(r#"<html lang="id">"#));
    assert!(
        html.contains("1024 KB") && html.contains("tombol Kembali"),
        "{html}"
    );
}

#[tokio::test]
async fn text_fields_carry_the_limits_the_server_enforces() {
    let app = TestApp::signed_in(DemoUser::Tenant).await;
    arrange_percentage(&app).await;
    let form = page(&app, FORM).await;
    assert!(form.contains(r#"<textarea name="comment" rows="3" maxlength="2000">"#));
    assert!(form.contains(r#"name="evidence_url" maxlength="2048""#));
    let admin = TestApp::signed_in(DemoUser::Admin).await;
    let organisations = page(&admin, "/admin/organisations").await;
    assert!(organisations.contains(r#"name="website" maxlength="2048""#));
}

#[tokio::test]
async fn admin_form_messages_are_whole_sentences_in_the_pages_language() {
    let admin = TestApp::signed_in(DemoUser::Admin).await;
    for (lang, code, position) in [
        (
            "en",
            "Use 2 to 4 capital letters, such as CE.",
            "Enter a whole number, 0 or more.",
        ),
        (
            "id",
            "Gunakan 2 sampai 4 huruf kapital, misalnya CE.",
            "Isi bilangan bulat, 0 atau lebih.",
        ),
    ] {
        admin.get(&format!("/admin/pillars?lang={lang}")).await;
        let bad = admin
            .post_form(
                "/admin/pillars",
                "/admin/pillars",
                &[("code", "toolong"), ("position", "x")],
            )
            .await;
        assert_eq!(bad.status(), 422, "{lang}");
        let html = bad.text().await.unwrap();
        assert!(html.contains(&format!(r#"<html lang="{lang}">"#)), "{lang}");
        assert!(html.contains(code), "{lang}: {html}");
        assert!(html.contains(position), "{lang}");
    }
}

#[tokio::test]
async fn user_and_token_forms_say_what_is_wrong_in_the_pages_language() {
    let admin = TestApp::signed_in(DemoUser::Admin).await;
    let (id, version): (uuid::Uuid, i32) =
        sqlx::query_as("SELECT id, version FROM app_user WHERE email = 'viewer@demo.pilar'")
            .fetch_one(&admin.pool)
            .await
            .unwrap();
    let path = format!("/admin/users/{id}");
    let version = version.to_string();
    let edit = [
        ("display_name", "  "),
        ("role", "viewer"),
        ("organisation", ""),
        ("language", "en"),
        ("password", "short"),
        ("version", version.as_str()),
    ];
    for (lang, name, password) in [
        (
            "id",
            "Beri nama untuk pengguna ini.",
            "Kata sandi harus terdiri dari paling sedikit 12 karakter.",
        ),
        (
            "en",
            "Give the user a name.",
            "The password must be at least 12 characters long.",
        ),
    ] {
        admin.get(&format!("{path}?lang={lang}")).await;
        let refused = admin.post_form(&path, &path, &edit).await;
        assert_eq!(refused.status(), 422, "{lang}");
        let html = refused.text().await.unwrap();
        assert!(html.contains(&format!(r#"<html lang="{lang}">"#)), "{lang}");
        assert!(html.contains(name), "{lang}: {html}");
        assert!(html.contains(password), "{lang}: {html}");
    }
    // The limits the rules keep are the forms' `maxlength`.
    assert!(
        page(&admin, &path)
            .await
            .contains(r#"name="display_name" value="Demo Viewer" maxlength="200""#)
    );
    assert!(
        page(&admin, "/admin/users")
            .await
            .contains(r#"maxlength="200""#)
    );

    admin.get("/admin/tokens?lang=id").await;
    let tokens = page(&admin, "/admin/tokens").await;
    assert!(
        tokens.contains(r#"name="name" value="" maxlength="100""#),
        "{tokens}"
    );
    let refused = admin
        .post_form(
            "/admin/tokens",
            "/admin/tokens",
            &[
                ("organisation", "DEMO-RKEF-A"),
                ("name", ""),
                ("scope", "write"),
                ("expires", ""),
            ],
        )
        .await;
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    assert!(
        html.contains("Beri token nama 1 sampai 100 karakter"),
        "{html}"
    );
}

#[tokio::test]
async fn a_refused_report_says_why_in_the_pages_language() {
    let app = TestApp::signed_in(DemoUser::Tenant).await;
    arrange_percentage(&app).await;
    app.get(&format!("{FORM}?lang=id")).await;
    let mut draft = figures("30", "120", "", "");
    assert_eq!(app.post_form(FORM, FORM, &draft).await.status(), 303);
    // A version read before a change: refused, in Indonesian.
    draft.push(("version", "7"));
    let stale = app.post_form(FORM, FORM, &draft).await;
    assert_eq!(stale.status(), 409);
    let html = stale.text().await.unwrap();
    assert!(html.contains(r#"<html lang="id">"#));
    assert!(
        html.contains("Data ini berubah sejak Anda membacanya (kini versi 1)"),
        "{html}"
    );
    assert!(!html.contains("changed since you read it"));
    // Submitted, the report awaits review: a change is refused, in Indonesian.
    let version = crate::review::form_version(&app, FORM).await;
    let mut submit = figures("30", "120", "", "");
    submit.retain(|(k, _)| *k != "action");
    submit.extend([("action", "submit"), ("version", version.as_str())]);
    assert_eq!(app.post_form(FORM, FORM, &submit).await.status(), 303);
    // The form is read-only now; a page kept open from before still posts its version.
    let version = stored(&app, "2026-07-01").await.unwrap().3.to_string();
    let mut change = figures("31", "120", "", "");
    change.push(("version", version.as_str()));
    let locked = app.post_form(FORM, FORM, &change).await;
    assert_eq!(locked.status(), 409);
    let html = locked.text().await.unwrap();
    assert!(
        html.contains("sudah diajukan dan menunggu tinjauan"),
        "{html}"
    );
    assert!(!html.contains("awaits review"));
}

#[tokio::test]
async fn api_refusals_speak_the_language_the_request_prefers() {
    let app = TestApp::spawn(Template::Demo).await;
    crate::common::add_reportable_quantity(&app.pool).await;
    let w = token(&app, "DEMO-RKEF-A", "write").await;
    let item = ce02_q2();
    let created = call(
        &app,
        Method::POST,
        "/api/v1/observations",
        &w,
        &[],
        Some(&item),
    )
    .await;
    assert_eq!(created.status(), 201);
    for (accept, expected) in [
        (None, "is already reported for"),
        (Some("id"), "sudah dilaporkan untuk"),
    ] {
        let headers: Vec<(&str, &str)> =
            accept.map(|a| ("accept-language", a)).into_iter().collect();
        let body = problem(
            call(
                &app,
                Method::POST,
                "/api/v1/observations",
                &w,
                &headers,
                Some(&item),
            )
            .await,
            409,
        )
        .await;
        let detail = body["detail"].as_str().unwrap();
        assert!(detail.contains(expected), "{detail}");
    }
    // A field message of a batch item: Indonesian when asked, English otherwise.
    let batch = json!({ "items": [ce02_q2(), ce02_q2()] });
    for (accept, expected) in [
        (None, "Item 0 already reports"),
        (Some("id"), "Butir 0 sudah melaporkan"),
    ] {
        let headers: Vec<(&str, &str)> =
            accept.map(|a| ("accept-language", a)).into_iter().collect();
        let body = problem(
            call(
                &app,
                Method::POST,
                "/api/v1/observations/batch",
                &w,
                &headers,
                Some(&batch),
            )
            .await,
            422,
        )
        .await;
        let message = body["errors"][0]["message"].as_str().unwrap();
        assert!(message.starts_with(expected), "{message}");
    }
}

#[tokio::test]
async fn a_rule_the_database_keeps_is_worded_in_the_pages_language() {
    let admin = TestApp::signed_in(DemoUser::Admin).await;
    admin.get("/admin/users?lang=id").await;
    let duplicate = admin
        .post_form(
            "/admin/users",
            "/admin/users",
            &[
                ("email", "VIEWER@demo.pilar"),
                ("display_name", ""),
                ("role", "viewer"),
                ("organisation", ""),
                ("language", "en"),
                ("password", "a long enough password"),
            ],
        )
        .await;
    assert_eq!(duplicate.status(), 422);
    let html = duplicate.text().await.unwrap();
    assert!(html.contains("Sudah ada akun dengan email ini."), "{html}");
    assert!(
        html.contains(r#"value="VIEWER@demo.pilar""#),
        "the form is kept"
    );
}

#[tokio::test]
async fn a_page_refused_before_the_session_is_read_speaks_the_accounts_language() {
    let app = TestApp::signed_in(DemoUser::Tenant).await;
    sqlx::query("UPDATE app_user SET preferred_language = 'id' WHERE email = 'tenant@demo.pilar'")
        .execute(&app.pool)
        .await
        .unwrap();
    let forbidden = app.get("/admin").await;
    assert_eq!(forbidden.status(), 403);
    let html = forbidden.text().await.unwrap();
    assert!(html.contains(r#"<html lang="id">"#), "{html}");
    assert!(html.contains("Akun Anda tidak memberi akses ke halaman ini."));
    // An explicit choice still wins.
    let html = app.get("/admin?lang=en").await.text().await.unwrap();
    assert!(
        html.contains(r#"<html lang="en">"#) && html.contains("Forbidden"),
        "{html}"
    );
}
