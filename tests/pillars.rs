//! `/pillars/{code}`: every indicator of the pillar with the domain's figures.

use pilar::i18n::Locale;
use pilar::web::format;

use crate::common::{DemoUser, TestApp};
use crate::expected;
use crate::html::{between, empty_signed_in, figure, page, row};

#[tokio::test]
async fn every_indicator_has_a_row_with_the_domain_figures() {
    let app = TestApp::signed_in(DemoUser::Viewer).await;
    let cards = expected::scorecards(&app.pool).await;
    let mut rows = 0;
    for pillar in ["CE", "SK", "CM", "SC"] {
        let body = page(&app, &format!("/pillars/{pillar}")).await;
        rows += body.matches("<tr data-indicator=").count();
        for (entry, _, card) in cards.iter().filter(|(e, _, _)| e.pillar_code == pillar) {
            let indicator = &entry.indicator;
            let line = row(
                &body,
                &format!(r#"<tr data-indicator="{}""#, indicator.code),
            );
            assert!(
                line.contains(&format!(r#"data-status="{}""#, card.status.as_str())),
                "{} status",
                indicator.code
            );
            match card.latest {
                Some(latest) => {
                    if indicator.rules.kind != pilar::domain::kinds::IndicatorKind::Milestone {
                        assert_eq!(
                            figure(line, "latest"),
                            format::number(latest.aggregate.value, indicator.decimals, Locale::En),
                            "{} latest",
                            indicator.code
                        );
                    }
                    // Coverage: organisations in the latest figure, of those assigned.
                    // Counted here from the assignments themselves. A computed indicator is
                    // assigned to nobody (its figures count the inventory's organisations):
                    // its coverage is left out here.
                    let (assigned, computed): (i64, bool) = sqlx::query_as(
                        "SELECT count(a.id),
                                bool_or(i.computed_from IS NOT NULL)
                           FROM indicator i
                           LEFT JOIN assignment a ON a.indicator_id = i.id
                                AND a.archived_at IS NULL AND a.starts_on <= $2
                                AND EXISTS (SELECT 1 FROM organisation org
                                             WHERE org.id = a.organisation_id
                                               AND org.archived_at IS NULL)
                          WHERE i.code = $1",
                    )
                    .bind(&indicator.code)
                    .bind(latest.period.end())
                    .fetch_one(&app.pool)
                    .await
                    .unwrap();
                    assert!(
                        computed
                            || line.contains(&format!(
                                "{} of {}",
                                latest.aggregate.contributors,
                                // Never fewer assigned than contributors (`Coverage::new`).
                                (assigned as usize).max(latest.aggregate.contributors)
                            )),
                        "{} coverage",
                        indicator.code
                    );
                    assert!(
                        line.contains("<svg class=\"sparkline\""),
                        "{} trend",
                        indicator.code
                    );
                }
                None => assert_eq!(figure(line, "latest"), "—"),
            }
        }
    }
    assert_eq!(
        rows, 33,
        "every catalogue indicator has a row on its pillar's page"
    );
}

#[tokio::test]
async fn the_pillar_page_shows_targets_progress_and_its_milestones() {
    let app = TestApp::signed_in(DemoUser::Viewer).await;
    let body = page(&app, "/pillars/SK").await;
    assert!(body.contains("Target 2026") && body.contains("Target 2028"));
    let line = row(&body, r#"<tr data-indicator="SK-02""#);
    // People trained: baseline 55,000 (2025), target 63,000 in 2026 and 80,000 in 2028.
    assert!(line.contains("55,000"));
    assert!(line.contains("63,000"));
    assert!(line.contains("80,000"));
    assert!(line.contains("<meter min=\"0\" max=\"100\""));
    let milestones = between(&body, "pillar-milestones-title", "</section>");
    assert!(milestones.contains(r#"data-milestone="M14""#));
}

#[tokio::test]
async fn an_unknown_pillar_is_a_404() {
    let app = TestApp::signed_in(DemoUser::Viewer).await;
    let response = app.get("/pillars/XX").await;
    assert_eq!(response.status(), 404);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Pillar XX does not exist")
    );
    let empty = empty_signed_in().await;
    assert_eq!(empty.get("/pillars/CE").await.status(), 404);
}

#[tokio::test]
async fn a_pillar_without_indicators_says_so() {
    let app = TestApp::signed_in(DemoUser::Viewer).await;
    sqlx::query("UPDATE indicator SET archived_at = now() WHERE code LIKE 'CM-%'")
        .execute(&app.pool)
        .await
        .unwrap();
    let body = page(&app, "/pillars/CM").await;
    assert!(body.contains("No indicators yet. An admin adds them to this pillar."));
}

#[tokio::test]
async fn pillar_names_are_escaped() {
    let app = TestApp::signed_in(DemoUser::Viewer).await;
    sqlx::query("UPDATE pillar SET description_en = '<script>alert(1)</script>' WHERE code = 'SC'")
        .execute(&app.pool)
        .await
        .unwrap();
    let body = page(&app, "/pillars/SC").await;
    assert!(!body.contains("<script>alert(1)</script>"));
    assert!(body.contains("&#60;script&#62;") || body.contains("&lt;script&gt;"));
}
