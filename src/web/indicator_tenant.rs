//! What `/indicators/{code}` shows a tenant user beside the definition: its own
//! organisation's reports, period by period, each beside the park figure where enough
//! organisations contribute. It reads only facts already cut to the tenant
//! (`IndicatorFacts::for_tenant`: its own reports, the park figures `domain::privacy` lets a
//! tenant see), so no other organisation's figure can reach it. No SQL and no rule here.

use super::format::Locale;
use super::indicator_facts::IndicatorFacts;
use super::view::ValueFormat;
use crate::domain::compliance::ReportState;
use crate::domain::privacy;
use crate::i18n::Strings;

/// The tenant's part of the page.
pub struct TenantView {
    pub intro: String,
    /// Which park figures the chart and the series show.
    pub park_intro: String,
    pub rows: Vec<OwnReport>,
}

/// One of the organisation's own reports.
pub struct OwnReport {
    pub period: String,
    pub value: String,
    pub state_class: &'static str,
    pub state_label: &'static str,
    pub park: String,
    /// The report's own form (its state, its history).
    pub href: String,
}

/// The organisation's reports in `cut` (facts already cut to one tenant), newest first.
pub fn tenant_view(
    cut: &IndicatorFacts,
    values: &ValueFormat<'_>,
    (t, locale): (&'static Strings, Locale),
) -> TenantView {
    let facts = &cut.facts;
    let indicator = &facts.entry.indicator;
    let frequency = indicator.rules.frequency;
    // Each figure is one period's: a yearly unit reads per period (`format::period_unit`).
    let unit = super::format::period_unit(&indicator.unit, frequency, locale);
    let with_unit = |figure: String| super::format::with_unit(&figure, &unit);
    let mut reports: Vec<_> = cut
        .own
        .iter()
        .flatten()
        .filter_map(|r| r.report.as_ref())
        .collect();
    reports.sort_by_key(|r| std::cmp::Reverse(r.period.start()));
    let rows = reports
        .into_iter()
        .map(|report| {
            let state = ReportState::from(report.status);
            OwnReport {
                period: super::format::period(&report.period, frequency, locale),
                value: with_unit(values.reported(&report.figure)),
                state_class: state.as_str(),
                state_label: t.report_state(state),
                park: facts
                    .official
                    .iter()
                    .find(|f| f.period == report.period)
                    .map(|f| with_unit(values.figure(f.aggregate.value)))
                    .unwrap_or_else(|| "—".to_string()),
                href: format!("/submit/{}/{}", indicator.code, report.period.start()),
            }
        })
        .collect();
    TenantView {
        intro: (t.workflow.your_reports_intro)(privacy::MIN_CONTRIBUTORS_FOR_TENANTS),
        park_intro: (t.workflow.park_series_intro)(privacy::MIN_CONTRIBUTORS_FOR_TENANTS),
        rows,
    }
}
