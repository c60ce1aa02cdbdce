//! The bad-input corpus (issue 13, "A reliability suite that stays"): a table of requests a
//! careless or hostile client sends — wrong types, missing and unknown fields, numbers too
//! big or not numbers at all, periods that are malformed, misaligned, in the future or before
//! the program, unknown codes, other tenants' resources, malformed ids and headers, bodies too
//! big, not UTF-8, with NUL bytes or not JSON, forms without their CSRF token or with a stale
//! version, bad dates and over-long texts in the admin forms. Every case must answer its 4xx
//! with a message naming what is wrong (problem+json naming the field on the API, the form
//! page again with the field's message for forms) and store nothing: the tables a write
//! touches are fingerprinted before and after each case, and for the whole corpus.
//!
//! `docs/reliability.md` quotes the corpus size; `BAD_INPUT_DUMP=1` prints every answer.

use reqwest::Method;
use serde_json::{Value, json};

use crate::common::{DemoUser, Template, TestApp};

/// Who sends a case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Who {
    /// No credentials at all.
    Nobody,
    /// DEMO-RKEF-A's read token.
    Reader,
    /// DEMO-RKEF-A's write token.
    Writer,
    /// UNIDO's write token (a program manager's organisation: reviews).
    Reviewer,
    /// The demo tenant user's browser session (DEMO-RKEF-A).
    Tenant,
    /// The demo manager's browser session.
    Manager,
    /// The demo admin's browser session.
    Admin,
    /// A browser without a session (the sign-in form).
    Visitor,
}

/// What a case sends as its body.
#[derive(Clone, Debug)]
enum Body {
    None,
    Json(Value),
    /// Exact bytes with a content type (`None`: no content-type header).
    Raw(Option<&'static str>, Vec<u8>),
    /// A form with the session's CSRF token added.
    Form(Vec<(String, String)>),
    /// A form body as typed (already encoded; `~FF~` for a byte 0xFF), with the session's
    /// CSRF token added.
    RawForm(String),
    /// A form sent without any CSRF token.
    FormWithoutCsrf(Vec<(String, String)>),
    /// A form with a CSRF token that is not the session's.
    FormWithForgedCsrf(Vec<(String, String)>),
}

/// One request and what it must answer.
struct Case {
    who: Who,
    method: Method,
    path: String,
    headers: Vec<(&'static str, String)>,
    body: Body,
    /// The exact status expected (always a 4xx).
    status: u16,
    /// Texts the answer's body must contain: a field's pointer, its message; on a form page a
    /// bare field name means the field is flagged with its message.
    says: Vec<String>,
    /// Tables the case may change by design (a wrong password is recorded).
    records: Vec<&'static str>,
}

fn case(who: Who, method: Method, path: impl Into<String>, body: Body, status: u16) -> Case {
    Case {
        who,
        method,
        path: path.into(),
        headers: Vec::new(),
        body,
        status,
        says: Vec::new(),
        records: Vec::new(),
    }
}

impl Case {
    fn says(mut self, text: impl Into<String>) -> Self {
        self.says.push(text.into());
        self
    }

    /// The problem names this field (`/value`, `/items/1/unit`…).
    fn field(self, pointer: &str) -> Self {
        self.says(format!(r#""pointer":"{pointer}""#))
    }

    fn answers(mut self, status: u16) -> Self {
        self.status = status;
        self
    }

    fn records(mut self, tables: &[&'static str]) -> Self {
        self.records = tables.to_vec();
        self
    }

    fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    fn is_api(&self) -> bool {
        self.path.starts_with("/api/")
    }

    fn label(&self) -> String {
        format!(
            "{:?} {} {} {:?}",
            self.who, self.method, self.path, self.body
        )
        .chars()
        .take(300)
        .collect()
    }
}

fn form(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// Rows a fixture prepared before the corpus runs.
struct Fixtures {
    /// DEMO-RKEF-A's draft of CE-99 2026-07-01 (id, version), made for the corpus.
    draft: (String, i32),
    /// A submitted report of DEMO-RKEF-A (id, version).
    submitted: (String, i32),
    /// An approved report of DEMO-RKEF-A (id, version).
    approved: (String, i32),
    /// A report of another tenant, DEMO-HPAL-B.
    foreign: String,
    /// The demo viewer's user id and version (admin user form).
    viewer: (String, i32),
    /// A live token of DEMO-RKEF-A (admin token pages).
    token_id: String,
}

// --- the corpus ---------------------------------------------------------------------------

/// A valid percentage item for DEMO-RKEF-A: CE-99 (quarterly, added by the fixture), due for
/// 2026-04-01 and not reported.
fn ce99(period_start: &str) -> Value {
    json!({
        "indicator": "CE-99",
        "period_start": period_start,
        "numerator": 30,
        "denominator": 120,
        "unit": "%",
        "data_quality": "measured",
        "status": "submitted"
    })
}

fn ce99_with(key: &str, value: Value) -> Value {
    let mut item = ce99("2026-04-01");
    item[key] = value;
    item
}

fn ce99_without(key: &str) -> Value {
    let mut item = ce99("2026-04-01");
    item.as_object_mut().unwrap().remove(key);
    item
}

fn api_cases(f: &Fixtures) -> Vec<Case> {
    use Who::*;
    let post = |body: Value| {
        case(
            Writer,
            Method::POST,
            "/api/v1/observations",
            Body::Json(body),
            422,
        )
    };
    let raw = |content_type: Option<&'static str>, bytes: &[u8], status: u16| {
        case(
            Writer,
            Method::POST,
            "/api/v1/observations",
            Body::Raw(content_type, bytes.to_vec()),
            status,
        )
    };
    let batch = |body: Value| {
        case(
            Writer,
            Method::POST,
            "/api/v1/observations/batch",
            Body::Json(body),
            422,
        )
    };
    let list = |query: &str, status: u16| {
        case(
            Reader,
            Method::GET,
            format!("/api/v1/observations?{query}"),
            Body::None,
            status,
        )
    };
    let (draft, draft_version) = (&f.draft.0, f.draft.1);
    let put = |body: Value| {
        case(
            Writer,
            Method::PUT,
            format!("/api/v1/observations/{draft}"),
            Body::Json(body),
            422,
        )
        .header("if-match", format!("\"{draft_version}\""))
    };
    let (submitted, submitted_version) = (&f.submitted.0, f.submitted.1);
    let review = |action: &str, body: Value| {
        case(
            Reviewer,
            Method::POST,
            format!("/api/v1/observations/{submitted}/{action}"),
            Body::Json(body),
            422,
        )
        .header("if-match", format!("\"{submitted_version}\""))
    };
    let long = "x".repeat(20_000);
    let mut cases = vec![
        // Wrong types.
        post(ce99_with("numerator", json!("30"))).field("/numerator"),
        post(ce99_with("numerator", json!(true))).field("/numerator"),
        post(ce99_with("numerator", json!({"n": 30}))).field("/numerator"),
        post(ce99_with("numerator", json!([30]))).field("/numerator"),
        post(ce99_with("indicator", json!(99))).field("/indicator"),
        post(ce99_with("period_start", json!(20260401))).field("/period_start"),
        post(ce99_with("unit", json!(null))).field("/unit"),
        post(ce99_with("data_quality", json!(1))).field("/data_quality"),
        post(ce99_with("comment", json!(["a"]))).field("/comment"),
        post(ce99_with("status", json!(false))).field("/status"),
        // NaN and infinities spelled as strings, and numbers too big for a double.
        post(ce99_with("numerator", json!("NaN"))).field("/numerator"),
        post(ce99_with("numerator", json!("Infinity"))).field("/numerator"),
        post(ce99_with("denominator", json!("-Infinity"))).field("/denominator"),
        raw(
            Some("application/json"),
            br#"{"indicator":"CE-99","period_start":"2026-04-01","numerator":1e400,"denominator":120,"unit":"%","data_quality":"measured"}"#,
            400,
        )
        .says("JSON"),
        raw(
            Some("application/json"),
            br#"{"indicator":"CE-99","period_start":"2026-04-01","numerator":NaN,"denominator":120,"unit":"%","data_quality":"measured"}"#,
            400,
        )
        .says("JSON"),
        // Values a percentage cannot take.
        post(ce99_with("numerator", json!(-1))).field("/numerator"),
        post(ce99_with("denominator", json!(0))).field("/denominator"),
        post(ce99_with("numerator", json!(130))).field("/numerator"),
        post(ce99_with("denominator", json!(-120))).field("/denominator"),
        post(ce99_with("denominator", json!(1e308))).field("/denominator"),
        post(ce99_with("numerator", json!(-2e15))).field("/numerator"),
        // Fields that do not belong to a percentage.
        post(ce99_with("value", json!(25))).field("/value"),
        post(ce99_with("stage", json!(2))).field("/stage"),
        post(ce99_with("text", json!("twenty-five"))).field("/text"),
        // Missing fields.
        post(ce99_without("indicator")).field("/indicator"),
        post(ce99_without("period_start")).field("/period_start"),
        post(ce99_without("unit")).field("/unit"),
        post(ce99_without("data_quality")).field("/data_quality"),
        post(ce99_without("numerator")).field("/numerator"),
        post(json!({})).field("/unit"),
        // Unknown fields are refused, not ignored.
        post(ce99_with("colour", json!("red"))).says("colour"),
        post(ce99_with("organisation", json!("DEMO-HPAL-B"))).says("organisation"),
        // Periods: malformed, misaligned, in the future, before the program.
        post(ce99_with("period_start", json!("2026-13-01"))).field("/period_start"),
        post(ce99_with("period_start", json!("2026-02-30"))).field("/period_start"),
        post(ce99_with("period_start", json!("01/04/2026"))).field("/period_start"),
        post(ce99_with("period_start", json!("2026-Q2"))).field("/period_start"),
        post(ce99_with("period_start", json!(""))).field("/period_start"),
        post(ce99_with("period_start", json!("2026-04-02"))).field("/period_start"),
        post(ce99_with("period_start", json!("2026-05-01"))).field("/period_start"),
        post(ce99_with("period_start", json!("2027-01-01"))).field("/period_start"),
        post(ce99_with("period_start", json!("2099-01-01"))).field("/period_start"),
        post(ce99_with("period_start", json!("2025-10-01"))).field("/period_start"),
        post(ce99_with("period_start", json!("1900-01-01"))).field("/period_start"),
        post(ce99_with("period_end", json!("2026-05-31"))).field("/period_end"),
        post(ce99_with("period_end", json!("not a date"))).field("/period_end"),
        // Unknown or foreign indicators, wrong units and closed sets.
        post(ce99_with("indicator", json!("XX-99"))).field("/indicator"),
        post(ce99_with("indicator", json!("ce-99"))).field("/indicator"),
        post(ce99_with("indicator", json!(""))).field("/indicator"),
        post(ce99_with("indicator", json!("CE-99\u{0}"))).field("/indicator"),
        post(ce99_with("unit", json!("kg"))).field("/unit"),
        post(ce99_with("data_quality", json!("guessed"))).field("/data_quality"),
        post(ce99_with("status", json!("approved"))).field("/status"),
        post(ce99_with("status", json!("bogus"))).field("/status"),
        post(ce99_with("assurance", json!("certainly"))).field("/assurance"),
        // Over-long texts, NUL characters, links that are not links.
        post(ce99_with("comment", json!(long))).field("/comment"),
        post(ce99_with("comment", json!("a\u{0}b"))).field("/comment"),
        post(ce99_with("reason", json!(long))).field("/reason"),
        post(ce99_with("evidence_url", json!("javascript:alert(1)"))).field("/evidence_url"),
        post(ce99_with("evidence_url", json!("not a link"))).field("/evidence_url"),
        post(ce99_with("evidence_url", json!(format!("https://example.org/{long}"))))
            .field("/evidence_url"),
        // Bodies that are not the object asked for.
        post(json!([ce99("2026-04-01")])).says("object"),
        post(json!(null)).says("object"),
        post(json!(42)).says("object"),
        post(json!("CE-99")).says("object"),
        // Bodies that are not JSON, not UTF-8, or not declared as JSON.
        raw(Some("application/json"), b"{", 400).says("JSON"),
        raw(Some("application/json"), b"{}x", 400).says("JSON"),
        raw(Some("application/json"), b"", 400).says("JSON"),
        raw(Some("application/json"), b"{\"indicator\": \"CE-\xff\xfe\"}", 400).says("JSON"),
        raw(Some("application/json"), b"\xef\xbb\xbf{}", 400).says("JSON"),
        raw(Some("application/json"), "[".repeat(10_000).as_bytes(), 400).says("JSON"),
        raw(Some("application/json"), b"{\"indicator\":\"CE-99\",\"indicator\":\"CE-01\"}", 422)
            .says("indicator"),
        raw(Some("text/plain"), br#"{"indicator":"CE-99"}"#, 415).says("application/json"),
        raw(None, br#"{"indicator":"CE-99"}"#, 415).says("application/json"),
        raw(Some("application/xml"), b"<observation/>", 415).says("application/json"),
        raw(
            Some("application/x-www-form-urlencoded"),
            b"indicator=CE-99",
            415,
        )
        .says("application/json"),
        raw(
            Some("application/json"),
            &vec![b' '; pilar::app::BODY_LIMIT + 1],
            413,
        )
        .says("4"),
        // Idempotency keys outside the documented pattern.
        post(ce99("2026-04-01"))
            .header("idempotency-key", "")
            .answers(400)
            .says("Idempotency-Key"),
        post(ce99("2026-04-01"))
            .header("idempotency-key", "k".repeat(256))
            .answers(400)
            .says("Idempotency-Key"),
        post(ce99("2026-04-01"))
            .header("idempotency-key", "tab\there")
            .answers(400)
            .says("Idempotency-Key"),
        // Credentials: none, malformed, unknown, or too weak for the write.
        case(Nobody, Method::POST, "/api/v1/observations", Body::Json(ce99("2026-04-01")), 401)
            .says("token"),
        case(Nobody, Method::GET, "/api/v1/me", Body::None, 401)
            .header("authorization", "Basic dXNlcjpwYXNz")
            .says("token"),
        case(Nobody, Method::GET, "/api/v1/me", Body::None, 401)
            .header("authorization", "Bearer pilar_not-a-real-token")
            .says("token"),
        case(Nobody, Method::GET, "/api/v1/me", Body::None, 401)
            .header("authorization", "Bearer ")
            .says("token"),
        case(Reader, Method::POST, "/api/v1/observations", Body::Json(ce99("2026-04-01")), 403)
            .says("write"),
        case(Reader, Method::POST, "/api/v1/observations/batch", Body::Json(json!({"items": [ce99("2026-04-01")]})), 403)
            .says("write"),
        // Batches.
        batch(json!({"items": []})).field("/items"),
        batch(json!({})).field("/items"),
        batch(json!({"items": ce99("2026-04-01")})).field("/items"),
        batch(json!({"items": [ce99("2026-04-01"), null]})).field("/items/1"),
        batch(json!({"items": [ce99("2026-04-01"), ce99_with("numerator", json!("lots"))]}))
            .field("/items/1/numerator"),
        batch(json!({"items": [ce99("2026-04-01"), ce99("2026-04-02")]}))
            .field("/items/1/period_start"),
        batch(json!({"items": [ce99("2026-04-01"), ce99("2026-04-01")]}))
            .field("/items/1/period_start"),
        batch(json!({"items": [ce99("2026-04-01")], "atomic": false})).says("atomic"),
        batch(json!({"items": vec![ce99("2026-04-01"); 1001]})).field("/items"),
        batch(json!({"items": [ce99("2026-04-01"), ce99_with("indicator", json!("CE-04"))]}))
            .field("/items/1/unit"),
        // Reading: filters and pages outside their ranges.
        list("limit=0", 400).says("limit"),
        list("limit=-1", 400).says("limit"),
        list("limit=1001", 400).says("limit"),
        list("limit=99999999999999999999", 400).says("limit"),
        list("limit=ten", 400).says("limit"),
        list("cursor=not-a-cursor", 400).says("cursor"),
        list("cursor=%00", 400).says("NUL"),
        list("period_from=2026-13-01", 400).says("period_from"),
        list("period_to=yesterday", 400).says("period_to"),
        list("status=bogus", 400).says("status"),
        list("indicator=%00", 400).says("NUL"),
        // Another tenant's organisation is not there for this token (not "forbidden": that
        // would confirm it exists).
        list("organisation=DEMO-HPAL-B", 404).says("does not exist"),
        case(Reader, Method::GET, "/api/v1/assignments?outstanding=maybe", Body::None, 400)
            .says("outstanding"),
        case(Reader, Method::GET, "/api/v1/indicators/XX-99", Body::None, 404).says("XX-99"),
        case(Reader, Method::GET, "/api/v1/indicators/%ff", Body::None, 400),
        case(Reader, Method::GET, "/api/v1/indicators/CE-01/series?from=2026-13-01", Body::None, 400)
            .says("from"),
        case(Reader, Method::GET, "/api/v1/indicators/CE-01/series?to=soon", Body::None, 400)
            .says("to"),
        case(Reader, Method::GET, "/api/v1/observations/not-a-uuid", Body::None, 404).says("does not exist"),
        case(Reader, Method::GET, "/api/v1/observations/00000000-0000-0000-0000-00000000000g", Body::None, 404).says("does not exist"),
        case(Reader, Method::GET, format!("/api/v1/observations/{}", f.foreign), Body::None, 404),
        case(Reader, Method::GET, format!("/api/v1/observations/{}/revisions", f.foreign), Body::None, 404),
        case(Reader, Method::GET, format!("/api/v1/observations/{}", uuid::Uuid::nil()), Body::None, 404),
        case(Reader, Method::DELETE, format!("/api/v1/observations/{draft}"), Body::None, 405),
        // Changing a report: its version, its owner, its state.
        put(ce99_with("numerator", json!("lots"))).field("/numerator"),
        put(ce99_with("period_start", json!("2026-07-02"))).field("/period_start"),
        put(ce99_with("indicator", json!("XX-99"))).field("/indicator"),
        put(ce99_with("extra", json!(1))).says("extra"),
        case(Writer, Method::PUT, format!("/api/v1/observations/{draft}"), Body::Json(ce99("2026-07-01")), 428)
            .says("If-Match"),
        case(Writer, Method::PUT, format!("/api/v1/observations/{draft}"), Body::Json(ce99("2026-07-01")), 412)
            .header("if-match", "version one"),
        case(Writer, Method::PUT, format!("/api/v1/observations/{draft}"), Body::Json(ce99("2026-07-01")), 412)
            .header("if-match", "\"9999999999\""),
        case(Writer, Method::PUT, format!("/api/v1/observations/{draft}"), Body::Json(ce99("2026-07-01")), 412)
            .header("if-match", format!("\"{}\"", draft_version + 1)),
        case(Writer, Method::PUT, format!("/api/v1/observations/{draft}"), Body::Json(ce99("2026-07-01")), 412)
            .header("if-match", "W/\"0\""),
        case(Writer, Method::PUT, format!("/api/v1/observations/{}", f.foreign), Body::Json(ce99("2026-07-01")), 404)
            .header("if-match", "\"1\"")
            .says("does not exist"),
        case(Writer, Method::PUT, "/api/v1/observations/not-a-uuid", Body::Json(ce99("2026-07-01")), 404)
            .header("if-match", "\"1\"")
            .says("does not exist"),
        case(Writer, Method::PUT, format!("/api/v1/observations/{}", f.approved.0), Body::Json(ce99("2026-07-01")), 409)
            .header("if-match", format!("\"{}\"", f.approved.1)),
        case(Writer, Method::POST, format!("/api/v1/observations/{draft}/submit"), Body::None, 412)
            .header("if-match", "\"77\""),
        case(Writer, Method::POST, format!("/api/v1/observations/{}/submit", f.foreign), Body::None, 404)
            .header("if-match", "\"1\""),
        // Reviews: by whom, with what note, on which version.
        case(Writer, Method::POST, format!("/api/v1/observations/{submitted}/approve"), Body::Json(json!({})), 403)
            .header("if-match", format!("\"{submitted_version}\"")),
        case(Reviewer, Method::POST, format!("/api/v1/observations/{submitted}/approve"), Body::Json(json!({})), 412)
            .header("if-match", format!("\"{}\"", submitted_version + 5)),
        case(Reviewer, Method::POST, format!("/api/v1/observations/{draft}/approve"), Body::Json(json!({})), 409)
            .header("if-match", format!("\"{draft_version}\"")),
        review("approve", json!({"note": 5})).field("/note"),
        review("approve", json!({"note": "ok", "grade": "A"})).says("grade"),
        review("return", json!({})).field("/note"),
        review("return", json!({"note": ""})).field("/note"),
        review("return", json!({"note": long})).field("/note"),
        review("return", json!({"note": "see\u{0}here"})).field("/note"),
        review("approve", json!({"note": long})).field("/note"),
        case(Reviewer, Method::POST, format!("/api/v1/observations/{submitted}/return"), Body::Raw(Some("text/plain"), b"note".to_vec()), 415)
            .header("if-match", format!("\"{submitted_version}\""))
            .says("application/json"),
        case(Reviewer, Method::POST, format!("/api/v1/observations/{}/reopen", f.approved.0), Body::Json(json!({})), 422)
            .header("if-match", format!("\"{}\"", f.approved.1))
            .field("/reason"),
        case(Reviewer, Method::POST, format!("/api/v1/observations/{}/reopen", f.approved.0), Body::Json(json!({"reason": long})), 422)
            .header("if-match", format!("\"{}\"", f.approved.1))
            .field("/reason"),
    ];
    // NUL in a path segment of every shape of address.
    for path in [
        "/api/v1/indicators/%00",
        "/api/v1/indicators/CE-01%00/series",
        "/api/v1/observations/%00",
    ] {
        cases.push(case(Reader, Method::GET, path, Body::None, 400).says("NUL"));
    }
    cases
}

fn form_cases(f: &Fixtures) -> Vec<Case> {
    use Who::*;
    const REPORT: &str = "/submit/CE-99/2026-07-01";
    let version = f.draft.1.to_string();
    let report = |pairs: &[(&str, &str)]| {
        let mut fields = form(&[
            ("numerator", "30"),
            ("denominator", "120"),
            ("data_quality", "measured"),
            ("comment", ""),
            ("evidence_url", ""),
            ("action", "draft"),
            ("version", &version),
        ]);
        for (k, v) in pairs {
            match fields.iter_mut().find(|(key, _)| key == k) {
                Some(field) => field.1 = v.to_string(),
                None => fields.push((k.to_string(), v.to_string())),
            }
        }
        case(Tenant, Method::POST, REPORT, Body::Form(fields), 422)
    };
    let long = "x".repeat(20_000);
    let token = |pairs: &[(&str, &str)]| {
        let mut fields = form(&[
            ("organisation", "DEMO-RKEF-A"),
            ("name", "corpus token"),
            ("scope", "read"),
            ("expires", ""),
        ]);
        for (k, v) in pairs {
            fields.iter_mut().find(|(key, _)| key == k).unwrap().1 = v.to_string();
        }
        case(
            Admin,
            Method::POST,
            "/admin/tokens",
            Body::Form(fields),
            422,
        )
    };
    let user = |pairs: &[(&str, &str)]| {
        let mut fields = form(&[
            ("email", "corpus@example.org"),
            ("display_name", "Corpus"),
            ("role", "viewer"),
            ("organisation", ""),
            ("language", "en"),
            ("password", "a long enough password"),
        ]);
        for (k, v) in pairs {
            fields.iter_mut().find(|(key, _)| key == k).unwrap().1 = v.to_string();
        }
        case(Admin, Method::POST, "/admin/users", Body::Form(fields), 422)
    };
    let milestone = |pairs: &[(&str, &str)]| {
        let mut fields = form(&[
            ("code", "M-CORPUS"),
            ("title_en", "Corpus milestone"),
            ("title_id", "Tonggak korpus"),
            ("description_en", ""),
            ("description_id", ""),
            ("pillar", ""),
            ("owner", ""),
            ("starts_on", "2026-01-01"),
            ("due_on", "2026-06-30"),
            ("status", "planned"),
            ("completed_on", ""),
            ("evidence_url", ""),
            ("version", ""),
        ]);
        for (k, v) in pairs {
            fields.iter_mut().find(|(key, _)| key == k).unwrap().1 = v.to_string();
        }
        case(
            Admin,
            Method::POST,
            "/admin/milestones",
            Body::Form(fields),
            422,
        )
    };
    let pillar = |pairs: &[(&str, &str)]| {
        let mut fields = form(&[
            ("code", "ZZ"),
            ("name_en", "Corpus pillar"),
            ("name_id", "Pilar korpus"),
            ("description_en", ""),
            ("description_id", ""),
            ("position", "9"),
            ("version", ""),
        ]);
        for (k, v) in pairs {
            fields.iter_mut().find(|(key, _)| key == k).unwrap().1 = v.to_string();
        }
        case(
            Admin,
            Method::POST,
            "/admin/pillars",
            Body::Form(fields),
            422,
        )
    };
    let indicator = |pairs: &[(&str, &str)]| {
        let mut fields = form(&[
            ("pillar", "CE"),
            ("code", "CE-77"),
            ("name_en", "Corpus indicator"),
            ("name_id", "Indikator korpus"),
            ("definition_en", ""),
            ("definition_id", ""),
            ("unit", "t"),
            ("kind", "quantity"),
            ("direction", "higher_is_better"),
            ("aggregation", "sum"),
            ("frequency", "quarterly"),
            ("decimals", "1"),
            ("baseline_value", ""),
            ("baseline_year", ""),
            ("version", ""),
        ]);
        for (k, v) in pairs {
            fields.iter_mut().find(|(key, _)| key == k).unwrap().1 = v.to_string();
        }
        case(
            Admin,
            Method::POST,
            "/admin/indicators/new",
            Body::Form(fields),
            422,
        )
    };
    let organisation = |pairs: &[(&str, &str)]| {
        let mut fields = form(&[
            ("code", "CORPUS-ORG"),
            ("name", "Corpus organisation"),
            ("short_name", "Corpus"),
            ("kind", "tenant"),
            ("process_route", "rkef"),
            ("description_en", ""),
            ("description_id", ""),
            ("website", ""),
            ("contact_name", ""),
            ("contact_email", ""),
            ("version", ""),
        ]);
        for (k, v) in pairs {
            fields.iter_mut().find(|(key, _)| key == k).unwrap().1 = v.to_string();
        }
        case(
            Admin,
            Method::POST,
            "/admin/organisations",
            Body::Form(fields),
            422,
        )
    };
    let target = |pairs: &[(&str, &str)]| {
        let mut fields = form(&[
            ("year", "2027"),
            ("value", "10"),
            ("reason", ""),
            ("version", ""),
        ]);
        for (k, v) in pairs {
            fields.iter_mut().find(|(key, _)| key == k).unwrap().1 = v.to_string();
        }
        case(
            Admin,
            Method::POST,
            "/admin/indicators/CE-99/targets",
            Body::Form(fields),
            422,
        )
    };
    let viewer = format!("/admin/users/{}", f.viewer.0);
    let viewer_version = f.viewer.1.to_string();
    let edit_user = |pairs: &[(&str, &str)]| {
        let mut fields = form(&[
            ("display_name", "Viewer"),
            ("role", "viewer"),
            ("organisation", ""),
            ("language", "en"),
            ("password", ""),
            ("version", &viewer_version),
        ]);
        for (k, v) in pairs {
            fields.iter_mut().find(|(key, _)| key == k).unwrap().1 = v.to_string();
        }
        case(Admin, Method::POST, viewer.clone(), Body::Form(fields), 422)
    };
    let password = |current: &str, new: &str, repeated: &str| {
        case(
            Tenant,
            Method::POST,
            "/account/password",
            Body::Form(form(&[
                ("current_password", current),
                ("new_password", new),
                ("repeat_password", repeated),
            ])),
            422,
        )
    };
    let not_a_number = "a number, such as 12.5";
    let cases = vec![
        // The report form: figures that are not numbers, or not a percentage's.
        report(&[("numerator", "lots")]).says(not_a_number),
        report(&[("numerator", "NaN")]).says(not_a_number),
        report(&[("numerator", "inf")]).says(not_a_number),
        report(&[("denominator", "-Infinity")]).says(not_a_number),
        report(&[("numerator", "1e400")]).says(not_a_number),
        report(&[("numerator", "1.2.3")]).says(not_a_number),
        report(&[("numerator", "-1")]).says("Nothing was saved"),
        report(&[("numerator", "130")]).says("Nothing was saved"),
        report(&[("denominator", "0")]).says("Nothing was saved"),
        report(&[("numerator", "")]).says("Nothing was saved"),
        report(&[("data_quality", "guessed")]).says("Nothing was saved"),
        report(&[("data_quality", "")]).says("Nothing was saved"),
        report(&[("comment", &long)]).says("Nothing was saved"),
        report(&[("evidence_url", "javascript:alert(1)")]).says("Nothing was saved"),
        report(&[("evidence_url", "not a link")]).says("Nothing was saved"),
        // Stale, missing or garbage versions are refused like the API's missing If-Match.
        report(&[("version", "")])
            .answers(409)
            .says("does not say which version"),
        report(&[("version", "abc")])
            .answers(409)
            .says("does not say which version"),
        report(&[("version", "-1")])
            .answers(409)
            .says("does not say which version"),
        report(&[("version", "99999999999")])
            .answers(409)
            .says("does not say which version"),
        {
            let mut stale = report(&[("version", "7")]);
            stale.status = 409;
            stale
        },
        // The action must be one the form offers.
        {
            let mut bogus = report(&[("action", "publish")]).says("Submit for review");
            bogus.status = 400;
            bogus
        },
        // Forms whose CSRF token is missing or forged store nothing.
        case(
            Tenant,
            Method::POST,
            REPORT,
            Body::FormWithoutCsrf(form(&[
                ("numerator", "1"),
                ("denominator", "2"),
                ("data_quality", "measured"),
                ("action", "draft"),
                ("version", &version),
            ])),
            403,
        ),
        case(
            Tenant,
            Method::POST,
            REPORT,
            Body::FormWithForgedCsrf(form(&[
                ("numerator", "1"),
                ("denominator", "2"),
                ("data_quality", "measured"),
                ("action", "draft"),
                ("version", &version),
            ])),
            403,
        ),
        case(
            Admin,
            Method::POST,
            "/admin/tokens",
            Body::FormWithoutCsrf(form(&[
                ("organisation", "DEMO-RKEF-A"),
                ("name", "x"),
                ("scope", "write"),
                ("expires", ""),
            ])),
            403,
        ),
        case(
            Admin,
            Method::POST,
            "/admin/users",
            Body::FormWithForgedCsrf(form(&[
                ("email", "forged@example.org"),
                ("role", "admin"),
                ("language", "en"),
                ("password", "a long enough password"),
            ])),
            403,
        ),
        case(
            Admin,
            Method::POST,
            format!("/admin/tokens/{}/revoke", f.token_id),
            Body::FormWithoutCsrf(Vec::new()),
            403,
        ),
        case(
            Manager,
            Method::POST,
            "/review",
            Body::FormWithoutCsrf(form(&[
                ("item", &format!("{}:{}", f.submitted.0, f.submitted.1)),
                ("action", "approve"),
            ])),
            403,
        ),
        case(
            Visitor,
            Method::POST,
            "/login",
            Body::FormWithoutCsrf(form(&[
                ("email", "viewer@demo.pilar"),
                ("password", "demo-viewer-pass"),
            ])),
            403,
        ),
        // Addresses that name no report of this tenant.
        case(
            Tenant,
            Method::POST,
            "/submit/CE-99/2026-07-02",
            Body::Form(form(&[
                ("numerator", "1"),
                ("denominator", "2"),
                ("data_quality", "measured"),
                ("action", "draft"),
            ])),
            404,
        ),
        case(
            Tenant,
            Method::POST,
            "/submit/XX-99/2026-07-01",
            Body::Form(form(&[
                ("numerator", "1"),
                ("denominator", "2"),
                ("data_quality", "measured"),
                ("action", "draft"),
            ])),
            404,
        ),
        case(
            Tenant,
            Method::POST,
            "/submit/CE-99/2026-13-01",
            Body::Form(form(&[
                ("numerator", "1"),
                ("denominator", "2"),
                ("data_quality", "measured"),
                ("action", "draft"),
            ])),
            404,
        ),
        case(
            Tenant,
            Method::POST,
            "/submit/CE-99/2027-01-01",
            Body::Form(form(&[
                ("numerator", "1"),
                ("denominator", "2"),
                ("data_quality", "measured"),
                ("action", "draft"),
            ])),
            422,
        )
        .says("in the future"),
        case(
            Tenant,
            Method::POST,
            "/submit/CE-99/2025-10-01",
            Body::Form(form(&[
                ("numerator", "1"),
                ("denominator", "2"),
                ("data_quality", "measured"),
                ("action", "draft"),
            ])),
            422,
        )
        .says("2025"),
        case(Tenant, Method::GET, "/submit/CE-99/%00", Body::None, 400).says("NUL"),
        case(
            Tenant,
            Method::GET,
            "/submit/period/weekly/2026-07-01",
            Body::None,
            404,
        ),
        case(
            Tenant,
            Method::GET,
            "/submit/period/quarterly/2026-07-02",
            Body::None,
            404,
        ),
        case(
            Tenant,
            Method::POST,
            "/submit/period/quarterly/2026-07-01",
            Body::Form(form(&[
                ("CE-99.numerator", "lots"),
                ("CE-99.denominator", "120"),
                ("CE-99.data_quality", "measured"),
                ("action", "submit"),
            ])),
            422,
        )
        .says(not_a_number),
        // Bodies that are not a form.
        case(
            Tenant,
            Method::POST,
            REPORT,
            Body::RawForm(format!(
                "numerator=%FF%FE&denominator=2&data_quality=measured&action=draft&version={version}"
            )),
            422,
        ),
        case(
            Tenant,
            Method::POST,
            REPORT,
            Body::RawForm(format!(
                "numerator=1~FF~&denominator=2&data_quality=measured&action=draft&version={version}"
            )),
            422,
        ),
        // JSON where a form belongs carries no CSRF token: refused as a forged post.
        case(
            Tenant,
            Method::POST,
            REPORT,
            Body::Raw(Some("application/json"), br#"{"numerator":"1"}"#.to_vec()),
            403,
        ),
        report(&[("comment", "a\u{0}b")]).says("NUL"),
        // The review queue: nothing valid ticked, an unknown action, a stale version.
        case(
            Manager,
            Method::POST,
            "/review",
            Body::Form(form(&[("item", "not-a-uuid:1"), ("action", "approve")])),
            422,
        ),
        case(
            Manager,
            Method::POST,
            "/review",
            Body::Form(form(&[("action", "approve")])),
            422,
        ),
        case(
            Manager,
            Method::POST,
            "/review",
            Body::Form(form(&[
                ("item", &format!("{}:{}", f.submitted.0, f.submitted.1)),
                ("action", "publish"),
            ])),
            400,
        ),
        case(
            Manager,
            Method::POST,
            "/review",
            Body::Form(form(&[
                ("item", &format!("{}:{}", f.submitted.0, f.submitted.1 + 3)),
                ("action", "approve"),
            ])),
            409,
        ),
        case(
            Manager,
            Method::POST,
            "/review",
            Body::Form(form(&[
                ("item", &format!("{}:{}", f.submitted.0, f.submitted.1)),
                ("action", "return"),
                ("note", ""),
            ])),
            422,
        ),
        case(
            Manager,
            Method::POST,
            "/review",
            Body::Form(form(&[
                ("item", &format!("{}:{}", uuid::Uuid::nil(), 1)),
                ("action", "approve"),
            ])),
            404,
        ),
        case(
            Manager,
            Method::POST,
            format!("/review/{}/reopen", f.approved.0),
            Body::Form(form(&[
                ("reason", ""),
                ("version", &f.approved.1.to_string()),
            ])),
            422,
        ),
        case(
            Manager,
            Method::POST,
            format!("/review/{}/reopen", f.approved.0),
            Body::Form(form(&[("reason", "why not"), ("version", "abc")])),
            409,
        )
        .says("does not say which version"),
        case(
            Manager,
            Method::POST,
            format!("/review/{}/reopen", f.approved.0),
            Body::Form(form(&[("reason", "why not")])),
            409,
        )
        .says("does not say which version"),
        case(
            Manager,
            Method::POST,
            "/review/not-a-uuid/reopen",
            Body::Form(form(&[("reason", "why not"), ("version", "1")])),
            404,
        )
        .says("does not exist"),
        // Tokens: names, scopes, dates, organisations.
        token(&[("name", "")]).says("name"),
        token(&[("name", &long)]).says("name"),
        token(&[("scope", "admin")]).says("scope"),
        token(&[("organisation", "NOWHERE")]).says("organisation"),
        token(&[("organisation", "")]).says("organisation"),
        token(&[("expires", "2026-02-30")]).says("expires"),
        token(&[("expires", "tomorrow")]).says("expires"),
        token(&[("expires", "2020-01-01")]).says("expires"),
        token(&[("expires", "99999-01-01")]).says("expires"),
        case(
            Admin,
            Method::POST,
            "/admin/tokens/not-a-uuid/revoke",
            Body::Form(Vec::new()),
            404,
        )
        .says("does not exist"),
        case(
            Admin,
            Method::POST,
            format!("/admin/tokens/{}/revoke", uuid::Uuid::nil()),
            Body::Form(Vec::new()),
            404,
        ),
        // Users: addresses, roles, languages, passwords, organisations.
        user(&[("email", "not an address")]).says("email"),
        user(&[("email", "")]).says("email"),
        user(&[("email", &format!("{long}@example.org"))]).says("email"),
        user(&[("email", "viewer@demo.pilar")]).says("email"),
        user(&[("role", "superuser")]).says("role"),
        user(&[("language", "fr")]).says("language"),
        user(&[("password", "short")]).says("password"),
        user(&[("role", "tenant")]).says("organisation"),
        user(&[("role", "tenant"), ("organisation", "NOWHERE")]).says("organisation"),
        user(&[("display_name", &long)]).says("display_name"),
        edit_user(&[("version", "")]),
        edit_user(&[("version", "abc")]),
        {
            let mut stale = edit_user(&[("version", "0")]);
            stale.status = 409;
            stale
        },
        edit_user(&[("role", "superuser")]).says("role"),
        edit_user(&[("password", "short")]).says("password"),
        case(
            Admin,
            Method::POST,
            "/admin/users/not-a-uuid",
            Body::Form(form(&[("role", "viewer")])),
            404,
        )
        .says("does not exist"),
        case(
            Admin,
            Method::POST,
            format!("/admin/users/{}", uuid::Uuid::nil()),
            Body::Form(form(&[
                ("display_name", "x"),
                ("role", "viewer"),
                ("organisation", ""),
                ("language", "en"),
                ("password", ""),
                ("version", "1"),
            ])),
            404,
        ),
        case(
            Admin,
            Method::POST,
            "/admin/users/not-a-uuid/deactivate",
            Body::Form(Vec::new()),
            404,
        )
        .says("does not exist"),
        // Milestones: dates that do not exist or do not follow each other.
        milestone(&[("due_on", "2026-02-30")]).says("due_on"),
        milestone(&[("starts_on", "2026/01/01")]).says("starts_on"),
        milestone(&[("starts_on", "2026-07-01")]).says("due_on"),
        milestone(&[("status", "someday")]).says("status"),
        milestone(&[("status", "done"), ("completed_on", "")]).says("completed_on"),
        milestone(&[("completed_on", "yesterday"), ("status", "done")]).says("completed_on"),
        milestone(&[("code", "")]).says("code"),
        milestone(&[("code", "has spaces")]).says("code"),
        milestone(&[("title_en", "")]).says("title_en"),
        milestone(&[("title_en", &long)]).says("title_en"),
        milestone(&[("pillar", "ZZ")]).says("pillar"),
        milestone(&[("evidence_url", "javascript:alert(1)")]).says("evidence_url"),
        milestone(&[("due_on", "10000-01-01")]).says("due_on"),
        // Pillars.
        pillar(&[("code", "")]).says("code"),
        pillar(&[("code", "CE")]).says("code"),
        pillar(&[("code", "lower case")]).says("code"),
        pillar(&[("name_en", "")]).says("name_en"),
        pillar(&[("position", "first")]).says("position"),
        pillar(&[("position", "99999999999")]).says("position"),
        pillar(&[("description_en", &long)]).says("description_en"),
        // Indicators.
        indicator(&[("code", "")]).says("code"),
        indicator(&[("code", "CE-01")]).says("code"),
        indicator(&[("kind", "vibes")]).says("kind"),
        indicator(&[("frequency", "weekly")]).says("frequency"),
        indicator(&[("direction", "sideways")]).says("direction"),
        indicator(&[("aggregation", "median")]).says("aggregation"),
        indicator(&[("decimals", "-1")]).says("decimals"),
        indicator(&[("decimals", "99")]).says("decimals"),
        indicator(&[("decimals", "two")]).says("decimals"),
        indicator(&[("pillar", "ZZ")]).says("pillar"),
        indicator(&[("baseline_value", "NaN"), ("baseline_year", "2025")]).says("baseline_value"),
        indicator(&[("baseline_year", "twenty"), ("baseline_value", "1")]).says("baseline_year"),
        indicator(&[("unit", "")]).says("unit"),
        indicator(&[("name_en", &long)]).says("name_en"),
        // Organisations.
        organisation(&[("code", "")]).says("code"),
        organisation(&[("code", "DEMO-RKEF-A")]).says("code"),
        organisation(&[("kind", "pirate")]).says("kind"),
        organisation(&[("contact_email", "not an address")]).says("contact_email"),
        organisation(&[("website", "javascript:alert(1)")]).says("website"),
        organisation(&[("name", "")]).says("name"),
        organisation(&[("name", &long)]).says("name"),
        // Targets.
        target(&[("year", "twenty")]).says("Enter a year from 2000 to 2100."),
        target(&[("year", "1999")]).says("Enter a year from 2000 to 2100."),
        target(&[("value", "NaN")]).says("Enter a number, such as 12.5."),
        target(&[("value", "")]).says("Enter a number, such as 12.5."),
        target(&[("value", "-5")]).says("a percentage is from 0 to 100"),
        target(&[("value", "100.5")]).says("a percentage is from 0 to 100"),
        // One's own password.
        // A wrong current password is recorded (throttling and the audit log): by design.
        password("wrong", "a brand new password", "a brand new password")
            .says("This is not your current password")
            .records(&["audit_event", "login_failure"]),
        password("demo-tenant-pass", "short", "short").says("new_password"),
        password(
            "demo-tenant-pass",
            "a brand new password",
            "another new password",
        )
        .says("The two new passwords differ"),
        // The sign-in form itself.
        {
            let mut missing = case(
                Visitor,
                Method::POST,
                "/login",
                Body::Form(form(&[("email", "viewer@demo.pilar")])),
                422,
            );
            missing.says.push("missing field `password`".into());
            missing
        },
        case(
            Visitor,
            Method::POST,
            "/login",
            Body::Form(form(&[
                ("email", "viewer@demo.pilar\u{0}"),
                ("password", "x"),
            ])),
            422,
        )
        .says("NUL"),
        // Pages asked for with addresses or filters that do not parse.
        case(
            Admin,
            Method::GET,
            "/admin/users/not-a-uuid",
            Body::None,
            404,
        )
        .says("does not exist"),
        case(Admin, Method::GET, "/admin/indicators/%00", Body::None, 400).says("NUL"),
        case(
            Admin,
            Method::GET,
            "/admin/audit?from=2026-13-01",
            Body::None,
            422,
        )
        .says("YYYY-MM-DD"),
        case(
            Admin,
            Method::GET,
            "/admin/audit?before=soon",
            Body::None,
            400,
        ),
        case(
            Manager,
            Method::GET,
            "/review?organisation=%00",
            Body::None,
            400,
        )
        .says("NUL"),
        case(Manager, Method::GET, "/review/not-a-uuid", Body::None, 404).says("does not exist"),
        case(
            Tenant,
            Method::GET,
            format!("/review/{}", f.foreign),
            Body::None,
            403,
        ),
        case(
            Tenant,
            Method::GET,
            "/indicators/CE-01?period=%00",
            Body::None,
            400,
        )
        .says("NUL"),
        case(Tenant, Method::GET, "/stakeholders/%00", Body::None, 400).says("NUL"),
        // Someone else's forms.
        case(
            Tenant,
            Method::POST,
            "/admin/tokens",
            Body::Form(form(&[
                ("organisation", "DEMO-RKEF-A"),
                ("name", "mine"),
                ("scope", "write"),
                ("expires", ""),
            ])),
            403,
        ),
        case(
            Tenant,
            Method::POST,
            "/review",
            Body::Form(form(&[
                ("item", &format!("{}:{}", f.submitted.0, f.submitted.1)),
                ("action", "approve"),
            ])),
            403,
        ),
    ];
    cases
}

// --- running it ---------------------------------------------------------------------------

/// Whether a form page shows a message beside the field named `field` (the form's markup puts
/// a `field-error` after the input, inside its label).
fn flags(html: &str, field: &str) -> bool {
    let name = format!(r#"name="{field}""#);
    html.match_indices(&name).any(|(at, _)| {
        let rest = &html[at..];
        let end = rest.find("</label>").unwrap_or(rest.len().min(3000));
        rest[..end].contains("field-error")
    })
}

/// A page's text without its tags, for the dump.
fn text_of(html: &str) -> String {
    let body = html.split("<main").nth(1).unwrap_or(html);
    let mut text = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The tables a write touches, each reduced to one comparable value: any row added, removed or
/// changed shows. Tables that reading itself changes (sessions, known browsers, tokens'
/// `last_used_at`) are fingerprinted on what reading leaves alone.
async fn fingerprint(app: &TestApp) -> Vec<(String, String)> {
    const TABLES: &[(&str, &str)] = &[
        (
            "observation",
            "SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM observation t",
        ),
        (
            "observation_revision",
            "SELECT count(*)::text FROM observation_revision",
        ),
        ("audit_event", "SELECT count(*)::text FROM audit_event"),
        (
            "api_token",
            "SELECT count(*)::text || '/' || count(revoked_at)::text FROM api_token",
        ),
        (
            "app_user",
            "SELECT md5(coalesce(string_agg((t.id, t.email, t.role, t.active, t.version, t.password_hash)::text, '|' ORDER BY t.id), '')) FROM app_user t",
        ),
        (
            "organisation",
            "SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM organisation t",
        ),
        (
            "indicator",
            "SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM indicator t",
        ),
        (
            "pillar",
            "SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM pillar t",
        ),
        (
            "milestone",
            "SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM milestone t",
        ),
        (
            "target",
            "SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM target t",
        ),
        (
            "assignment",
            "SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM assignment t",
        ),
        (
            "idempotency_key",
            "SELECT count(*)::text FROM idempotency_key",
        ),
        ("login_failure", "SELECT count(*)::text FROM login_failure"),
        ("user_session", "SELECT count(*)::text FROM user_session"),
    ];
    let mut out = Vec::new();
    for (table, sql) in TABLES {
        let value: String = sqlx::query_scalar(sql).fetch_one(&app.pool).await.unwrap();
        out.push((table.to_string(), value));
    }
    out
}

/// A browser signed in as a demo user, with its session's CSRF token.
async fn browser(app: &TestApp, user: Option<DemoUser>, page: &str) -> (reqwest::Client, String) {
    let client = TestApp::browser();
    if let Some(user) = user {
        let (email, password) = user.credentials();
        let login = client
            .get(app.url("/login"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let csrf = crate::common::hidden_csrf(&login).unwrap();
        let signed_in = client
            .post(app.url("/login"))
            .form(&[
                ("email", email),
                ("password", password),
                ("csrf_token", csrf.as_str()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(signed_in.status(), 303, "{email} signs in");
    }
    let html = client
        .get(app.url(page))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = crate::common::hidden_csrf(&html).unwrap_or_else(|| panic!("{page} has a form"));
    (client, csrf)
}

async fn fixtures(app: &TestApp, writer: &str) -> Fixtures {
    crate::submit::arrange_percentage(app).await;
    let mut draft = ce99("2026-07-01");
    draft["status"] = "draft".into();
    let created = crate::api::post(app, writer, "/api/v1/observations", &draft).await;
    assert_eq!(created.status(), 201, "the corpus's draft");
    let created: Value = created.json().await.unwrap();
    let viewer: (uuid::Uuid, i32) =
        sqlx::query_as("SELECT id, version FROM app_user WHERE email = 'viewer@demo.pilar'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    let token_id: uuid::Uuid = sqlx::query_scalar(
        "SELECT t.id FROM api_token t JOIN organisation o ON o.id = t.organisation_id
          WHERE o.code = 'DEMO-RKEF-A' AND t.revoked_at IS NULL ORDER BY t.created_at LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    Fixtures {
        draft: (
            created["id"].as_str().unwrap().to_string(),
            i32::try_from(created["version"].as_i64().unwrap()).unwrap(),
        ),
        submitted: crate::api::observation_of(app, "DEMO-RKEF-A", "submitted").await,
        approved: crate::api::observation_of(app, "DEMO-RKEF-A", "approved").await,
        foreign: crate::api::observation_of(app, "DEMO-HPAL-B", "approved")
            .await
            .0,
        viewer: (viewer.0.to_string(), viewer.1),
        token_id: token_id.to_string(),
    }
}

#[tokio::test]
async fn the_bad_input_corpus_is_refused_with_a_message_and_stores_nothing() {
    let app = TestApp::spawn(Template::Demo).await;
    let reader = crate::api::token(&app, "DEMO-RKEF-A", "read").await;
    let writer = crate::api::token(&app, "DEMO-RKEF-A", "write").await;
    let reviewer = crate::api::token(&app, "UNIDO", "write").await;
    let f = fixtures(&app, &writer).await;
    let (tenant, tenant_csrf) = browser(&app, Some(DemoUser::Tenant), "/account").await;
    let (manager, manager_csrf) = browser(&app, Some(DemoUser::Manager), "/account").await;
    let (admin, admin_csrf) = browser(&app, Some(DemoUser::Admin), "/account").await;
    let (visitor, visitor_csrf) = browser(&app, None, "/login").await;
    let anonymous = TestApp::browser();

    let mut cases = api_cases(&f);
    cases.extend(form_cases(&f));
    let dump = std::env::var_os("BAD_INPUT_DUMP").is_some();
    let before_all = fingerprint(&app).await;
    let mut failures = Vec::new();
    for case in &cases {
        let before = fingerprint(&app).await;
        let (client, token, csrf) = match case.who {
            Who::Nobody => (&anonymous, None, ""),
            Who::Reader => (&anonymous, Some(&reader), ""),
            Who::Writer => (&anonymous, Some(&writer), ""),
            Who::Reviewer => (&anonymous, Some(&reviewer), ""),
            Who::Tenant => (&tenant, None, tenant_csrf.as_str()),
            Who::Manager => (&manager, None, manager_csrf.as_str()),
            Who::Admin => (&admin, None, admin_csrf.as_str()),
            Who::Visitor => (&visitor, None, visitor_csrf.as_str()),
        };
        let mut request = client.request(case.method.clone(), app.url(&case.path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        for (name, value) in &case.headers {
            request = request.header(*name, value.as_str());
        }
        request = match &case.body {
            Body::None => request,
            Body::Json(value) => request.json(value),
            Body::Raw(content_type, bytes) => {
                let request = match content_type {
                    Some(content_type) => request.header("content-type", *content_type),
                    None => request,
                };
                request.body(bytes.clone())
            }
            Body::Form(fields) => {
                let mut fields = fields.clone();
                fields.push(("csrf_token".into(), csrf.to_string()));
                request.form(&fields)
            }
            Body::RawForm(encoded) => {
                // `~FF~` in the text stands for the byte 0xFF: not UTF-8 once sent.
                let mut bytes: Vec<u8> = encoded
                    .split("~FF~")
                    .map(|part| part.as_bytes().to_vec())
                    .collect::<Vec<_>>()
                    .join(&0xff_u8);
                bytes.extend_from_slice(format!("&csrf_token={csrf}").as_bytes());
                request
                    .header("content-type", "application/x-www-form-urlencoded")
                    .body(bytes)
            }
            Body::FormWithoutCsrf(fields) => request.form(fields),
            Body::FormWithForgedCsrf(fields) => {
                let mut fields = fields.clone();
                fields.push(("csrf_token".into(), pilar::auth::token::random_secret()));
                request.form(&fields)
            }
        };
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let body = response.text().await.unwrap_or_default();
        let after = fingerprint(&app).await;
        let mut wrong = Vec::new();
        if status != case.status {
            wrong.push(format!("status {status}, expected {}", case.status));
        }
        let expected_type = if case.is_api() {
            "application/problem+json"
        } else {
            "text/html"
        };
        if !content_type.starts_with(expected_type) {
            wrong.push(format!(
                "content-type {content_type:?}, expected {expected_type}"
            ));
        }
        if case.is_api() {
            let problem: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
            if problem["detail"].as_str().is_none_or(str::is_empty) {
                wrong.push("no detail".into());
            }
        }
        for text in &case.says {
            let is_field = text.chars().all(|c| c.is_ascii_lowercase() || c == '_');
            if !case.is_api() && is_field {
                if !flags(&body, text) {
                    wrong.push(format!("does not flag the field {text:?}"));
                }
            } else if !body.contains(text.as_str()) {
                wrong.push(format!("does not say {text:?}"));
            }
        }
        let changed: Vec<&str> = before
            .iter()
            .zip(&after)
            .filter(|(b, a)| b != a && !case.records.contains(&b.0.as_str()))
            .map(|(b, _)| b.0.as_str())
            .collect();
        if !changed.is_empty() {
            wrong.push(format!("stored something in {changed:?}"));
        }
        if dump {
            let detail: String = if case.is_api() {
                body.chars().take(400).collect()
            } else {
                text_of(&body).chars().take(300).collect()
            };
            eprintln!("{} -> {status} {detail}", case.label());
        }
        if !wrong.is_empty() {
            failures.push(format!("{}: {}", case.label(), wrong.join("; ")));
        }
    }
    assert!(
        cases.len() >= 150,
        "the corpus has {} cases, fewer than 150",
        cases.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
    // Over the whole corpus: nothing stored but the one wrong password's audit entry and
    // failure (counted rows), each once per case that records by design.
    let recording = cases.iter().filter(|c| !c.records.is_empty()).count();
    for ((table, before), (_, after)) in before_all.iter().zip(fingerprint(&app).await.iter()) {
        if cases.iter().any(|c| c.records.contains(&table.as_str())) {
            let grown = after.parse::<usize>().unwrap() - before.parse::<usize>().unwrap();
            assert_eq!(
                grown, recording,
                "{table}: only the recorded wrong password"
            );
        } else {
            assert_eq!(after, before, "the corpus stored nothing in {table}");
        }
    }
}
