//! Small helpers to read the pages in tests: fetch a page, cut out a section or a row.

use pilar::domain::Role;

use crate::common::{Template, TestApp, add_user};

/// The app over an empty database, signed in as a viewer.
pub async fn empty_signed_in() -> TestApp {
    let app = TestApp::spawn(Template::Empty).await;
    add_user(&app.pool, "viewer@example.org", Role::Viewer, None).await;
    let response = app
        .sign_in("viewer@example.org", "a long enough password")
        .await;
    assert_eq!(response.status(), 303);
    app
}

/// The body of a page that must answer 200 with HTML.
pub async fn page(app: &TestApp, path: &str) -> String {
    let response = app.get(path).await;
    assert_eq!(response.status(), 200, "GET {path}");
    let content_type = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        content_type.starts_with("text/html"),
        "GET {path}: {content_type}"
    );
    response.text().await.unwrap()
}

/// The text from the first `start` to the next `end` after it (both excluded).
pub fn between<'a>(body: &'a str, start: &str, end: &str) -> &'a str {
    let from = body
        .find(start)
        .unwrap_or_else(|| panic!("{start:?} not found"))
        + start.len();
    let to = body[from..]
        .find(end)
        .unwrap_or_else(|| panic!("{end:?} not found after {start:?}"));
    &body[from..from + to]
}

/// The table row that holds `marker` (an attribute of the `<tr>`).
pub fn row<'a>(body: &'a str, marker: &str) -> &'a str {
    between(body, marker, "</tr>")
}

/// The section that starts at `marker`.
pub fn section<'a>(body: &'a str, marker: &str) -> &'a str {
    between(body, marker, "</section>")
}

/// The text of the element carrying `data-figure="{name}"` in `html`.
pub fn figure<'a>(html: &'a str, name: &str) -> &'a str {
    between(html, &format!("data-figure=\"{name}\">"), "<")
}

/// The organisation codes of the table rows in `html` (`<tr data-organisation="…">`), in
/// order.
pub fn organisation_rows(html: &str) -> Vec<String> {
    const MARKER: &str = "<tr data-organisation=\"";
    html.split(MARKER)
        .skip(1)
        .map(|rest| rest[..rest.find('"').expect("a closing quote")].to_string())
        .collect()
}

/// The address of the pager's link `rel` ("next" or "prev"), unescaped, if the page has one.
pub fn pager_link(html: &str, rel: &str) -> Option<String> {
    let marker = format!(r#"<a rel="{rel}" href=""#);
    let from = html.find(&marker)? + marker.len();
    let to = html[from..].find('"')?;
    Some(
        html[from..from + to]
            .replace("&#38;", "&")
            .replace("&amp;", "&"),
    )
}
