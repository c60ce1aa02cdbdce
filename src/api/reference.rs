//! The public description of the API: the OpenAPI document at `/api/v1/openapi.json`, and a
//! reference page rendered from it on the server at `/api/docs` (plain HTML with its own
//! stylesheet: no script, no inline style, nothing from another origin, as the CSP demands).
//! The page's frame is in the reader's language; the descriptions are the document's, in
//! English, as the API speaks.

use std::fmt::Write as _;
use std::sync::OnceLock;

use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Router};
use serde_json::Value;

use crate::i18n::{ApiDocsStrings, Locale};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/openapi.json", get(openapi_json))
        .route("/api/docs", get(reference_page))
        .route("/api/docs/reference.css", get(stylesheet))
}

/// The document as JSON, and the reference page in each language (in `Locale::ALL` order).
fn document() -> &'static (String, Vec<String>) {
    static DOCUMENT: OnceLock<(String, Vec<String>)> = OnceLock::new();
    DOCUMENT.get_or_init(|| {
        let document = super::resources::openapi_document();
        let json = document.to_pretty_json().unwrap_or_else(|_| "{}".into());
        let value: Value = serde_json::from_str(&json).unwrap_or(Value::Null);
        let pages = Locale::ALL
            .iter()
            .map(|locale| render(&value, locale.tag(), &locale.strings().api_docs))
            .collect();
        (json, pages)
    })
}

async fn openapi_json() -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        document().0.clone(),
    )
        .into_response()
}

async fn reference_page(locale: Option<Extension<Locale>>) -> Response {
    let locale = locale.map(|Extension(l)| l).unwrap_or_default();
    let index = Locale::ALL.iter().position(|l| *l == locale).unwrap_or(0);
    (
        [(header::CACHE_CONTROL, "public, max-age=300")],
        Html(document().1[index].clone()),
    )
        .into_response()
}

async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        STYLESHEET,
    )
        .into_response()
}

const STYLESHEET: &str = "\
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:0;color:#1d2733;background:#fafbfc;line-height:1.5}
header,main{max-width:64rem;margin:0 auto;padding:0 1.5rem}
header{padding-top:1.5rem;border-bottom:1px solid #d9dee4}
h1{font-size:1.6rem;margin:.2rem 0}
h2{font-size:1.25rem;margin-top:2.5rem;border-bottom:1px solid #d9dee4;padding-bottom:.3rem}
h3{font-size:1.05rem;margin:1.8rem 0 .4rem}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.9em}
pre{background:#eef1f4;padding:.8rem;overflow-x:auto;white-space:pre-wrap}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}
th,td{text-align:left;vertical-align:top;border-bottom:1px solid #e3e7eb;padding:.3rem .5rem}
th{font-weight:600;background:#f0f3f6}
.method{display:inline-block;min-width:3.6rem;font-weight:700;font-family:ui-monospace,monospace}
.get{color:#17663a}.post{color:#1c4f9c}.put{color:#8a5a00}.delete{color:#9c1c1c}
.operation{border:1px solid #d9dee4;background:#fff;padding:.6rem 1rem;margin:1rem 0}
.muted{color:#5b6773}
nav ul{columns:2;padding-left:1.2rem}
";

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Paragraphs of a description, with `code` spans.
fn prose(text: &str) -> String {
    text.split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|p| {
            let mut html = String::new();
            for (i, part) in escape(p.trim()).split('`').enumerate() {
                if i % 2 == 1 {
                    let _ = write!(html, "<code>{part}</code>");
                } else {
                    html.push_str(part);
                }
            }
            format!("<p>{html}</p>")
        })
        .collect()
}

/// A schema in a few words: `Observation`, `array of Observation`, `string (date)`…
fn type_name(schema: &Value) -> String {
    if let Some(reference) = schema["$ref"].as_str() {
        let name = reference.rsplit('/').next().unwrap_or(reference);
        return format!("<a href=\"#schema-{0}\">{0}</a>", escape(name));
    }
    if let Some(variants) = schema["oneOf"].as_array().or(schema["anyOf"].as_array()) {
        return variants
            .iter()
            .map(type_name)
            .collect::<Vec<_>>()
            .join(" or ");
    }
    let kind = match &schema["type"] {
        Value::String(t) => t.clone(),
        Value::Array(ts) => ts
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(" or "),
        _ => "any".into(),
    };
    if kind.starts_with("array") {
        return format!("array of {}", type_name(&schema["items"]));
    }
    match schema["format"].as_str() {
        Some(format) => format!("{} ({})", escape(&kind), escape(format)),
        None => escape(&kind),
    }
}

fn render(doc: &Value, lang: &str, w: &ApiDocsStrings) -> String {
    let mut html = String::new();
    let info = &doc["info"];
    let title = info["title"].as_str().unwrap_or("API");
    let _ = write!(
        html,
        "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{r}</title><link rel=\"stylesheet\" href=\"/api/docs/reference.css\"></head><body>\
         <header><h1>{t} v{v}</h1><p class=\"muted\">{o} \
         <a href=\"/api/v1/openapi.json\"><code>/api/v1/openapi.json</code></a></p>{n}</header><main>{d}",
        r = escape(&(w.reference_of)(title)),
        t = escape(title),
        v = escape(info["version"].as_str().unwrap_or("")),
        o = escape(&(w.machine_readable)(doc["openapi"].as_str().unwrap_or(""))),
        n = if w.english_note.is_empty() {
            String::new()
        } else {
            format!("<p class=\"muted\">{}</p>", escape(w.english_note))
        },
        d = prose(info["description"].as_str().unwrap_or("")),
    );
    let paths = doc["paths"].as_object().cloned().unwrap_or_default();
    let methods = ["get", "post", "put", "delete"];
    let _ = write!(html, "<nav><h2>{}</h2><ul>", w.contents);
    for (path, item) in &paths {
        for method in methods {
            if let Some(op) = item.get(method) {
                let id = op["operationId"].as_str().unwrap_or("");
                let _ = write!(
                    html,
                    "<li><a href=\"#op-{id}\"><span class=\"method {method}\">{}</span> <code>{}</code></a></li>",
                    method.to_uppercase(),
                    escape(path),
                    id = escape(id),
                );
            }
        }
    }
    let _ = write!(html, "</ul></nav><h2>{}</h2>", w.operations);
    for (path, item) in &paths {
        for method in methods {
            let Some(op) = item.get(method) else { continue };
            let _ = write!(
                html,
                "<section class=\"operation\" id=\"op-{id}\"><h3><span class=\"method {method}\">{m}</span> <code>{p}</code></h3><p><strong>{s}</strong></p>{d}",
                id = escape(op["operationId"].as_str().unwrap_or("")),
                m = method.to_uppercase(),
                p = escape(path),
                s = escape(op["summary"].as_str().unwrap_or("")),
                d = prose(op["description"].as_str().unwrap_or("")),
            );
            if let Some(params) = op["parameters"].as_array().filter(|p| !p.is_empty()) {
                let _ = write!(
                    html,
                    "<table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
                    w.parameter, w.located_in, w.type_, w.required, w.description
                );
                for p in params {
                    let _ = write!(
                        html,
                        "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                        escape(p["name"].as_str().unwrap_or("")),
                        escape(p["in"].as_str().unwrap_or("")),
                        type_name(&p["schema"]),
                        if p["required"].as_bool().unwrap_or(false) {
                            w.yes
                        } else {
                            w.no
                        },
                        escape(p["description"].as_str().unwrap_or("")),
                    );
                }
                html.push_str("</table>");
            }
            if let Some(content) = op["requestBody"]["content"].as_object() {
                for (media, body) in content {
                    let _ = write!(
                        html,
                        "<p>{} (<code>{}</code>): {}</p>",
                        w.request_body,
                        escape(media),
                        type_name(&body["schema"])
                    );
                }
            }
            let _ = write!(
                html,
                "<table><tr><th>{}</th><th>{}</th><th>{}</th></tr>",
                w.status, w.meaning, w.body
            );
            if let Some(responses) = op["responses"].as_object() {
                for (status, response) in responses {
                    let (description, body) = match response["$ref"].as_str() {
                        Some(reference) => {
                            let name = reference.rsplit('/').next().unwrap_or("");
                            let resolved = &doc["components"]["responses"][name];
                            (
                                resolved["description"].as_str().unwrap_or(name).to_string(),
                                "<a href=\"#schema-Problem\">Problem</a> (application/problem+json)".to_string(),
                            )
                        }
                        None => {
                            let body = response["content"]
                                .as_object()
                                .and_then(|c| c.iter().next())
                                .map(|(media, c)| {
                                    format!("{} ({})", type_name(&c["schema"]), escape(media))
                                })
                                .unwrap_or_else(|| "—".into());
                            (
                                response["description"].as_str().unwrap_or("").to_string(),
                                body,
                            )
                        }
                    };
                    let _ = write!(
                        html,
                        "<tr><td><code>{}</code></td><td>{}</td><td>{}</td></tr>",
                        escape(status),
                        escape(&description),
                        body
                    );
                }
            }
            html.push_str("</table></section>");
        }
    }
    let _ = write!(html, "<h2>{}</h2>", w.schemas);
    if let Some(schemas) = doc["components"]["schemas"].as_object() {
        for (name, schema) in schemas {
            let _ = write!(
                html,
                "<section id=\"schema-{n}\"><h3>{n}</h3>{d}",
                n = escape(name),
                d = prose(schema["description"].as_str().unwrap_or("")),
            );
            if let Some(values) = schema["enum"].as_array() {
                let list: Vec<String> = values
                    .iter()
                    .filter_map(Value::as_str)
                    .map(|v| format!("<code>{}</code>", escape(v)))
                    .collect();
                let _ = write!(html, "<p>{} {}</p>", w.one_of, list.join(", "));
            }
            if let Some(properties) = schema["properties"].as_object() {
                let required: Vec<&str> = schema["required"]
                    .as_array()
                    .map(|r| r.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                let _ = write!(
                    html,
                    "<table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
                    w.field, w.type_, w.required, w.description
                );
                for (field, property) in properties {
                    let _ = write!(
                        html,
                        "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>",
                        escape(field),
                        type_name(property),
                        if required.contains(&field.as_str()) {
                            w.yes
                        } else {
                            w.no
                        },
                        escape(property["description"].as_str().unwrap_or("")),
                    );
                }
                html.push_str("</table>");
            }
            html.push_str("</section>");
        }
    }
    html.push_str("</main></body></html>");
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert_eq!(
            prose("use `If-Match`\n\nnext"),
            "<p>use <code>If-Match</code></p><p>next</p>"
        );
    }
}
