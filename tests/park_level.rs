//! Park-level indicators come from the park (issue 11, part 3): SK-08 ("reported once for the
//! park", aggregation `park`) can be assigned to the park office only. The matrix form, the
//! API and the database each refuse it for a tenant, with a message naming the field.

use serde_json::json;

use crate::api::{pointers, post, problem, token};
use crate::common::{DemoUser, TestApp};

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&app.pool).await.unwrap()
}

/// Live assignments of SK-08, by organisation code.
async fn sk08_reporters(app: &TestApp) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT o.code FROM assignment a
           JOIN indicator i ON i.id = a.indicator_id JOIN organisation o ON o.id = a.organisation_id
          WHERE i.code = 'SK-08' AND a.archived_at IS NULL ORDER BY o.code",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn the_matrix_refuses_a_park_level_indicator_for_a_tenant() {
    let app = TestApp::signed_in(DemoUser::Admin).await;
    assert_eq!(sk08_reporters(&app).await, ["DEMO-PARK-OFFICE"]);
    let live_before = count(
        &app,
        "SELECT count(*) FROM assignment WHERE archived_at IS NULL",
    )
    .await;
    let html = app
        .get("/admin/assignments?pillar=SK")
        .await
        .text()
        .await
        .unwrap();
    let shown = crate::html::between(&html, r#"name="seen" value=""#, "\"").to_string();
    let mut fields: Vec<(&str, &str)> = vec![
        ("pillar", "SK"),
        ("starts_on", "2027-01-01"),
        ("seen", &shown),
    ];
    for e in shown.split(',').filter(|e| !e.is_empty()) {
        fields.push(("a", e));
    }
    fields.push(("a", "DEMO-RKEF-A|SK-08"));
    let refused = app
        .post_form(
            "/admin/assignments",
            "/admin/assignments?pillar=SK",
            &fields,
        )
        .await;
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    assert!(
        html.contains("Assignments: a park-level indicator (reported once for the park) can be assigned to the park office"),
        "{html}"
    );
    // The ticks are kept for correction, and nothing is stored.
    assert!(html.contains(r#"value="DEMO-RKEF-A|SK-08""#));
    assert_eq!(sk08_reporters(&app).await, ["DEMO-PARK-OFFICE"]);
    assert_eq!(
        count(
            &app,
            "SELECT count(*) FROM assignment WHERE archived_at IS NULL"
        )
        .await,
        live_before
    );
}

#[tokio::test]
async fn api_refuses_a_park_level_indicator_for_a_tenant_and_assigns_others() {
    let app = TestApp::spawn(crate::common::Template::Demo).await;
    let manager = token(&app, "UNIDO", "write").await;
    let body =
        json!({"organisation": "DEMO-RKEF-A", "indicator": "SK-08", "starts_on": "2026-01-01"});
    let refused = problem(
        post(&app, &manager, "/api/v1/assignments", &body).await,
        422,
    )
    .await;
    assert_eq!(pointers(&refused), ["/organisation"]);
    assert!(
        refused["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("reported once for the park"),
        "{refused}"
    );
    assert_eq!(sk08_reporters(&app).await, ["DEMO-PARK-OFFICE"]);

    // In Indonesian when asked.
    let indonesian = crate::api::call(
        &app,
        reqwest::Method::POST,
        "/api/v1/assignments",
        &manager,
        &[("Accept-Language", "id")],
        Some(&body),
    )
    .await;
    let indonesian = problem(indonesian, 422).await;
    assert!(
        indonesian["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("dilaporkan sekali untuk seluruh kawasan"),
        "{indonesian}"
    );

    // The park office itself may hold it (already does: 200, nothing changes).
    let office = json!({"organisation": "DEMO-PARK-OFFICE", "indicator": "SK-08", "starts_on": "2026-01-01"});
    let same = post(&app, &manager, "/api/v1/assignments", &office).await;
    assert_eq!(same.status(), 200);
    // Any other indicator goes to a tenant: 201, live, audited.
    let audits = count(
        &app,
        "SELECT count(*) FROM audit_event WHERE entity = 'assignment'",
    )
    .await;
    let other =
        json!({"organisation": "DEMO-MINE-H", "indicator": "CE-03", "starts_on": "2027-01-01"});
    let created = post(&app, &manager, "/api/v1/assignments", &other).await;
    assert_eq!(created.status(), 201);
    let created: serde_json::Value = created.json().await.unwrap();
    assert_eq!(
        created,
        json!({"organisation": "DEMO-MINE-H", "indicator": "CE-03", "added": true})
    );
    assert_eq!(
        count(
            &app,
            "SELECT count(*) FROM assignment a JOIN indicator i ON i.id = a.indicator_id
               JOIN organisation o ON o.id = a.organisation_id
              WHERE i.code = 'CE-03' AND o.code = 'DEMO-MINE-H' AND a.archived_at IS NULL
                AND a.starts_on = '2027-01-01'"
        )
        .await,
        1
    );
    assert_eq!(
        count(
            &app,
            "SELECT count(*) FROM audit_event WHERE entity = 'assignment'"
        )
        .await,
        audits + 1
    );

    // A tenant's token may not assign.
    let tenant = token(&app, "DEMO-RKEF-A", "write").await;
    problem(
        post(&app, &tenant, "/api/v1/assignments", &other).await,
        403,
    )
    .await;
}

#[tokio::test]
async fn the_database_refuses_a_park_level_assignment_to_anyone_but_the_park_office() {
    let app = TestApp::spawn(crate::common::Template::Demo).await;
    let insert = sqlx::query(
        "INSERT INTO assignment (indicator_id, organisation_id, starts_on)
         SELECT i.id, o.id, DATE '2026-01-01' FROM indicator i, organisation o
          WHERE i.code = 'SK-08' AND o.code = 'DEMO-RKEF-A'",
    )
    .execute(&app.pool)
    .await
    .unwrap_err();
    let violation = pilar::error::constraint_violation(&insert).expect("a mapped constraint");
    assert_eq!(violation.field, "organisation");
    assert_eq!(violation.rule, pilar::domain::Violated::ParkLevelOffice);
    // Worded for the person, naming the field.
    match pilar::error::AppError::from(insert) {
        pilar::error::AppError::Validation(fields) => {
            assert_eq!(fields[0].pointer, "organisation");
            assert!(
                fields[0]
                    .message
                    .starts_with("Organisation: this indicator is reported once for the park"),
                "{}",
                fields[0].message
            );
        }
        other => panic!("not a field message: {other:?}"),
    }

    // Bringing back an archived one is refused alike; archiving one never is.
    sqlx::query(
        "INSERT INTO assignment (indicator_id, organisation_id, starts_on, archived_at)
         SELECT i.id, o.id, DATE '2026-01-01', now() FROM indicator i, organisation o
          WHERE i.code = 'SK-08' AND o.code = 'DEMO-RKEF-A'",
    )
    .execute(&app.pool)
    .await
    .expect("an archived pair breaks nothing");
    let revive = sqlx::query(
        "UPDATE assignment SET archived_at = NULL
          WHERE indicator_id = (SELECT id FROM indicator WHERE code = 'SK-08')
            AND organisation_id = (SELECT id FROM organisation WHERE code = 'DEMO-RKEF-A')",
    )
    .execute(&app.pool)
    .await
    .unwrap_err();
    assert!(pilar::error::constraint_violation(&revive).is_some());

    // From the other sides: the park office turned tenant, a tenant's indicator made park-level.
    let office =
        sqlx::query("UPDATE organisation SET kind = 'tenant' WHERE code = 'DEMO-PARK-OFFICE'")
            .execute(&app.pool)
            .await
            .unwrap_err();
    assert!(pilar::error::constraint_violation(&office).is_some());
    let indicator = sqlx::query("UPDATE indicator SET aggregation = 'park' WHERE code = 'CE-03'")
        .execute(&app.pool)
        .await
        .unwrap_err();
    assert!(pilar::error::constraint_violation(&indicator).is_some());
    assert_eq!(sk08_reporters(&app).await, ["DEMO-PARK-OFFICE"]);
}
