//! What the domain says the pages should show on the demo data, computed in the tests from the
//! store and the domain functions, so a page that computed its own version would disagree.

use std::collections::HashMap;

use sqlx::PgPool;
use uuid::Uuid;

use pilar::domain::compliance::{self, Compliance, ComplianceSummary};
use pilar::domain::kinds::Frequency;
use pilar::domain::period::{Period, closed_periods};
use pilar::domain::rollup::PeriodFigure;
use pilar::domain::scorecard::{Scorecard, scorecard};
use pilar::store;
use pilar::store::catalogue::CatalogueEntry;
use pilar::store::compliance::{ExpectedReport, Scope};
use pilar::store::program::Program;

use crate::common::today;

pub async fn program(pool: &PgPool) -> Program {
    crate::common::first_program(pool)
        .await
        .unwrap()
        .expect("the demo program")
}

/// Every indicator with its official series and scorecard as of the tests' today.
pub async fn scorecards(pool: &PgPool) -> Vec<(CatalogueEntry, Vec<PeriodFigure>, Scorecard)> {
    let program = program(pool).await;
    let entries = store::catalogue::entries(pool, program.id, None)
        .await
        .unwrap();
    let series: HashMap<Uuid, Vec<PeriodFigure>> =
        store::figures::official_series(pool, program.id)
            .await
            .unwrap();
    entries
        .into_iter()
        .map(|e| {
            let figures = series.get(&e.indicator.id).cloned().unwrap_or_default();
            let card = scorecard(&e.indicator.rules, &e.indicator.targets, &figures, today());
            (e, figures, card)
        })
        .collect()
}

/// Every closed period of the program, for every frequency.
pub fn all_closed(program: &Program) -> Vec<(Frequency, Period)> {
    Frequency::ALL
        .iter()
        .flat_map(|f| {
            closed_periods(*f, program.starts_on, program.ends_on, today())
                .into_iter()
                .map(move |p| (*f, p))
        })
        .collect()
}

/// The compliance of every report due in `scope` for `periods`, by the domain's rules.
pub async fn compliance_of(
    pool: &PgPool,
    scope: Scope,
    periods: &[(Frequency, Period)],
) -> Vec<(ExpectedReport, Compliance)> {
    let program = program(pool).await;
    store::compliance::expected_reports(pool, program.id, scope, periods)
        .await
        .unwrap()
        .into_iter()
        .filter(|r| compliance::is_expected(r.starts_on, &r.period))
        .filter_map(|r| {
            let c = compliance::compliance(&r.period, r.report.as_ref(), today())?;
            Some((r, c))
        })
        .collect()
}

pub fn summary(items: &[(ExpectedReport, Compliance)]) -> ComplianceSummary {
    compliance::summarise(items.iter().map(|(_, c)| c))
}
