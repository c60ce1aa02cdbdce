//! The API's contract: the OpenAPI document (snapshot-tested, so that a change of the contract
//! shows in review), that it covers every route and error, and the reference page.

use serde_json::Value;

use crate::common::{Template, TestApp};

fn document() -> Value {
    serde_json::to_value(pilar::api::openapi_document()).unwrap()
}

#[test]
fn api_openapi_document_matches_the_reviewed_snapshot() {
    // A change here is a change of the public contract: review the diff of
    // tests/snapshots/main__api_contract__openapi.snap as carefully as code
    // (`INSTA_UPDATE=always cargo test --test main api_openapi` rewrites it).
    insta::assert_json_snapshot!("openapi", document());
}

#[test]
fn api_openapi_document_covers_every_operation_error_and_the_bearer_scheme() {
    let doc = document();
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    assert_eq!(doc["security"][0]["bearer"], serde_json::json!([]));
    let mut operations = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            operations.push(format!("{} {path}", method.to_uppercase()));
            let responses = op["responses"].as_object().unwrap();
            assert!(op["operationId"].is_string(), "{method} {path}");
            assert!(
                responses.keys().any(|s| s.starts_with('2')),
                "{method} {path} has a success answer"
            );
            for status in ["401", "403", "429"] {
                assert!(responses.contains_key(status), "{method} {path} {status}");
            }
            // Every operation takes `?program=` (the bearer step reads it on any call).
            assert!(
                op["parameters"].as_array().is_some_and(|all| all
                    .iter()
                    .any(|p| p["name"] == "program" && p["in"] == "query")),
                "{method} {path} declares ?program="
            );
            if method != "get" {
                for status in ["400", "403", "413"] {
                    assert!(responses.contains_key(status), "{method} {path} {status}");
                }
            }
            if op.get("requestBody").is_some() {
                for status in ["415", "422"] {
                    assert!(responses.contains_key(status), "{method} {path} {status}");
                }
            }
            // Every error is problem+json.
            for (status, response) in responses {
                if status.starts_with('4') {
                    let name = response["$ref"]
                        .as_str()
                        .expect("errors are shared responses");
                    let name = name.rsplit('/').next().unwrap();
                    let content = &doc["components"]["responses"][name]["content"];
                    assert_eq!(
                        content["application/problem+json"]["schema"]["$ref"],
                        "#/components/schemas/Problem",
                        "{method} {path} {status}"
                    );
                }
            }
        }
    }
    operations.sort();
    assert_eq!(
        operations,
        [
            "GET /api/v1/assignments",
            "GET /api/v1/exports/iati-activities.xml",
            "GET /api/v1/flows/ledger",
            "GET /api/v1/flows/materials",
            "GET /api/v1/flows/park",
            "GET /api/v1/flows/transfers",
            "GET /api/v1/ghg/activity",
            "GET /api/v1/ghg/inventories",
            "GET /api/v1/imports/{id}",
            "GET /api/v1/indicators",
            "GET /api/v1/indicators/{code}",
            "GET /api/v1/indicators/{code}/series",
            "GET /api/v1/me",
            "GET /api/v1/milestones",
            "GET /api/v1/observations",
            "GET /api/v1/observations/{id}",
            "GET /api/v1/observations/{id}/revisions",
            "GET /api/v1/organisations",
            "GET /api/v1/parks",
            "GET /api/v1/pillars",
            "GET /api/v1/program",
            "GET /api/v1/publications",
            "POST /api/v1/assignments",
            "POST /api/v1/flows/ledger/batch",
            "POST /api/v1/flows/ledger/{id}/approve",
            "POST /api/v1/flows/ledger/{id}/reopen",
            "POST /api/v1/flows/ledger/{id}/return",
            "POST /api/v1/flows/transfers",
            "POST /api/v1/flows/transfers/{id}/confirm",
            "POST /api/v1/flows/transfers/{id}/dispute",
            "POST /api/v1/ghg/activity/batch",
            "POST /api/v1/imports",
            "POST /api/v1/imports/{id}/commit",
            "POST /api/v1/observations",
            "POST /api/v1/observations/batch",
            "POST /api/v1/observations/{id}/approve",
            "POST /api/v1/observations/{id}/reopen",
            "POST /api/v1/observations/{id}/return",
            "POST /api/v1/observations/{id}/submit",
            "POST /api/v1/publications",
            "POST /api/v1/publications/{id}/attestations",
            "PUT /api/v1/observations/{id}",
        ]
    );
    // Every schema referenced is defined.
    let text = doc.to_string();
    for reference in text.split("\"$ref\":\"").skip(1) {
        let target = &reference[..reference.find('"').unwrap()];
        let mut node = &doc;
        for part in target.trim_start_matches("#/").split('/') {
            node = &node[part];
        }
        assert!(!node.is_null(), "{target} is defined");
    }
}

#[tokio::test]
async fn api_openapi_document_and_reference_page_are_served_publicly() {
    let app = TestApp::spawn(Template::Empty).await;
    let response = app.get("/api/v1/openapi.json").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/json");
    let served: Value = response.json().await.unwrap();
    assert_eq!(served, document());

    let page = app.get("/api/docs").await;
    assert_eq!(page.status(), 200);
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"));
    let html = page.text().await.unwrap();
    assert!(html.contains("<link rel=\"stylesheet\" href=\"/api/docs/reference.css\">"));
    assert!(!html.contains("<script") && !html.contains("style=") && !html.contains("<style"));
    assert!(!html.contains("http://") && !html.contains("https://cdn"));
    for expected in [
        "/api/v1/observations/batch",
        "Idempotency-Key",
        "If-Match",
        "application/problem+json",
        "id=\"schema-Observation\"",
        "id=\"op-save_observation_batch\"",
    ] {
        assert!(html.contains(expected), "{expected}");
    }
    let css = app.get("/api/docs/reference.css").await;
    assert_eq!(css.status(), 200);
    assert!(
        css.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
}
