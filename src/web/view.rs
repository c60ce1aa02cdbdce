//! Pieces of view models that several pages share: values as people read
//! them, status badges and sparklines. Everything here formats; the figures themselves come
//! from the domain.

use chrono::NaiveDate;

use super::charts::{self, Sparkline};
use super::format::{self, Locale};
use crate::domain::compliance::{self, Compliance};
use crate::domain::kinds::{Frequency, IndicatorKind};
use crate::domain::period::{Period, closed_periods};
use crate::domain::rollup::PeriodFigure;
use crate::domain::scorecard::{self, Basis, IndicatorRules, Judgement, Scorecard};
use crate::domain::status::Status;
use crate::domain::value::{RawValue, parse_value};
use crate::i18n::{JudgementWords, Strings};
use crate::store::compliance::{ExpectedReport, ReportedValue};
use crate::store::program::Program;

/// Size of the sparklines in tables and cards.
pub const SPARKLINE_WIDTH: u32 = 96;
pub const SPARKLINE_HEIGHT: u32 = 24;

/// How the values of one indicator read: numbers with its decimals, stages by their label.
pub struct ValueFormat<'a> {
    pub kind: IndicatorKind,
    pub decimals: u8,
    /// Stage labels in the page's language (milestone indicators).
    pub stages: &'a [String],
    pub locale: Locale,
}

impl ValueFormat<'_> {
    /// A figure of the indicator (a park value, a target): "2 · Site and curriculum" for a
    /// stage, else the number with the indicator's decimals.
    pub fn figure(&self, value: f64) -> String {
        match self.kind {
            IndicatorKind::Milestone => {
                let stage = value.round().max(0.0) as usize;
                match self.stages.get(stage) {
                    Some(label) => format!("{stage} · {label}"),
                    None => stage.to_string(),
                }
            }
            _ => format::number(value, self.decimals, self.locale),
        }
    }

    /// A plain number with the indicator's decimals (numerators, denominators).
    pub fn number(&self, value: f64) -> String {
        format::number(value, self.decimals, self.locale)
    }

    /// One organisation's reported figure, read through the domain's value rules (a
    /// percentage is 100 · n ÷ d); "—" when it holds nothing readable.
    pub fn reported(&self, figure: &ReportedValue) -> String {
        let raw = RawValue {
            value: figure.value,
            numerator: figure.numerator,
            denominator: figure.denominator,
            stage: figure.stage.map(i32::from),
            text: figure.text.clone(),
        };
        match parse_value(self.kind, self.stages.len(), raw) {
            Ok(value) => match value.numeric(self.kind) {
                Some(number) => self.figure(number),
                None => figure.text.clone().unwrap_or_else(|| "—".to_string()),
            },
            Err(_) => "—".to_string(),
        }
    }
}

/// A status as a CSS class and a label.
pub struct StatusBadge {
    pub class: &'static str,
    pub label: &'static str,
}

pub fn status_badge(status: Status, t: &Strings) -> StatusBadge {
    StatusBadge {
        class: status.as_str(),
        label: t.status(status),
    }
}

/// What a status judged, worded for the page: shown beside every status.
#[derive(Default)]
pub struct JudgementView {
    /// The judged value with its unit ("593 GJ/t Ni"), "—" when nothing was judged.
    pub value: String,
    /// Its basis ("Year to date", "Annualised from 6 months").
    pub basis: String,
    /// "Expected by 30 Jun 2026", and the expected value with its unit ("595 GJ/t Ni").
    pub expected_label: String,
    pub expected: String,
    /// The band limits in words.
    pub bands: String,
    /// One sentence: why the status (or why there is none).
    pub sentence: String,
    /// A later period left out because its figure is incomplete ("Q3 2026: incomplete, 1 of 6
    /// organisations"); empty when there is none.
    pub incomplete: String,
}

/// Words a scorecard's judgement (or its absence) for the page.
pub fn judgement_view(
    card: &Scorecard,
    rules: &IndicatorRules,
    values: &ValueFormat<'_>,
    unit: &str,
    t: &Strings,
) -> JudgementView {
    let locale = values.locale;
    let j = &t.judgement;
    let incomplete = card
        .incomplete
        .as_ref()
        .and_then(|f| Some((f, rules.coverage(f)?)))
        .map(|(f, c)| {
            (j.later_incomplete)(
                &format::period(&f.period, rules.frequency, locale),
                c.reporters,
                c.assigned,
            )
        })
        .unwrap_or_default();
    let Some(judgement) = card.judgement.as_ref() else {
        let sentence = match (card.status, card.incomplete.as_ref()) {
            (Status::InsufficientData, Some(f)) => rules
                .coverage(f)
                .map(|c| {
                    (j.not_judged)(
                        &format::period(&f.period, rules.frequency, locale),
                        c.reporters,
                        c.assigned,
                        c.required,
                    )
                })
                .unwrap_or_default(),
            _ => String::new(),
        };
        return JudgementView {
            value: "—".to_string(),
            sentence,
            incomplete: if card.status == Status::InsufficientData {
                String::new()
            } else {
                incomplete
            },
            ..JudgementView::default()
        };
    };
    let basis = basis_label(judgement, t);
    let value = values.figure(judgement.value);
    let verdict = &judgement.verdict;
    let expected = values.figure(verdict.expected);
    let date = format::date(judgement.as_of, locale);
    let shortfall = (verdict.shortfall_share > 0.0)
        .then(|| format::number(verdict.shortfall_share * 100.0, 0, locale));
    let status_label = t.status(verdict.status);
    let sentence = (j.sentence)(&JudgementWords {
        basis: &basis,
        value: &value,
        expected: &expected,
        unit,
        date: &date,
        status: verdict.status,
        status_label,
        shortfall_percent: shortfall.as_deref(),
        yardstick: verdict.yardstick,
        yardstick_size: &values.number(verdict.yardstick_size),
    });
    JudgementView {
        value: format!("{value} {unit}"),
        expected_label: (j.expected_by)(&date),
        expected: format!("{expected} {unit}"),
        bands: (j.band_limits)(
            &values.number(verdict.on_track_limit),
            &values.number(verdict.at_risk_limit),
        ),
        basis,
        sentence,
        incomplete,
    }
}

/// A judged value's basis in words.
pub fn basis_label(judgement: &Judgement, t: &Strings) -> String {
    match judgement.basis {
        Basis::LatestPeriod => t.judgement.latest_period.to_string(),
        Basis::YearToDate => t.judgement.year_to_date.to_string(),
        Basis::Annualised => (t.judgement.annualised_from)(judgement.months),
    }
}

/// Progress for a `<meter>`: the share of the planned change, as a whole percentage between 0
/// and 100 (the domain's value is not clamped; a bar cannot show beyond its ends).
pub fn progress_percent(progress: Option<f64>) -> Option<u32> {
    progress
        .filter(|p| p.is_finite())
        .map(|p| (p.clamp(0.0, 1.0) * 100.0).round() as u32)
}

/// The sparkline of an indicator: its official values of closed periods, each made comparable
/// with the yearly target as the status rule compares it.
pub fn sparkline(
    rules: &IndicatorRules,
    figures: &[PeriodFigure],
    today: NaiveDate,
) -> Option<Sparkline> {
    // Only figures that meet the minimum coverage, as the headline: an incomplete period
    // (one report of six) would draw a trend the park did not make.
    let values: Vec<f64> = scorecard::closed_figures(figures, today)
        .iter()
        .filter(|f| rules.is_complete(f))
        .filter_map(|f| scorecard::comparable_period_value(rules, f))
        .collect();
    charts::sparkline(&values, SPARKLINE_WIDTH, SPARKLINE_HEIGHT)
}

/// Every closed period of the program, for every frequency: the reports that may be due.
pub fn all_closed_periods(program: &Program, today: NaiveDate) -> Vec<(Frequency, Period)> {
    Frequency::ALL
        .iter()
        .flat_map(|f| {
            closed_periods(*f, program.starts_on, program.ends_on, today)
                .into_iter()
                .map(move |p| (*f, p))
        })
        .collect()
}

/// The compliance of each expected report, by the domain's rules.
pub fn compliance_items(
    reports: &[ExpectedReport],
    today: NaiveDate,
) -> Vec<(&ExpectedReport, Compliance)> {
    reports
        .iter()
        .filter(|r| compliance::is_expected(r.starts_on, &r.period))
        .filter_map(|r| compliance::compliance(&r.period, r.report.as_ref(), today).map(|c| (r, c)))
        .collect()
}

/// A restated published figure beside the current one: "2026-Q2 — Restated on 2026-10-05
/// (was 1,234.5 t): reason", the period in the page's language and the old value in the
/// indicator's format.
pub fn restatement_line(
    note: &crate::domain::transparency::statement::RestatementNote,
    values: &ValueFormat<'_>,
    unit: &str,
    frequency: Frequency,
    t: &Strings,
) -> String {
    let period = Period::parse_label(frequency, &note.period)
        .map(|p| format::period(&p, frequency, values.locale))
        .unwrap_or_else(|_| note.period.clone());
    let date = NaiveDate::parse_from_str(&note.restated_on, "%Y-%m-%d")
        .map(|d| format::date(d, values.locale))
        .unwrap_or_else(|_| note.restated_on.clone());
    let old = note
        .old_value
        .map(|v| format::with_unit(&values.figure(v), unit))
        .unwrap_or_else(|| "—".to_owned());
    format!(
        "{period} — {}",
        (t.publication.restated)(&date, &old, &note.reason)
    )
}

/// Renders a page around `kept` bytes of content it embeds (a fragment kept in the page
/// cache), into a string sized for both at once: growing it step by step copied the whole
/// page several times (a tenth of `/reporting`'s instructions).
pub fn render_around(page: &impl askama::Template, kept: usize) -> Result<String, askama::Error> {
    let mut html = String::with_capacity(kept + 16 * 1024);
    page.render_into(&mut html)?;
    Ok(html)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reported_values_read_through_the_domain() {
        let stages = vec!["None".to_string(), "Committed".to_string()];
        let percent = ValueFormat {
            kind: IndicatorKind::Percentage,
            decimals: 1,
            stages: &[],
            locale: Locale::Id,
        };
        let fraction = ReportedValue {
            value: None,
            numerator: Some(45.0),
            denominator: Some(120.0),
            stage: None,
            text: None,
        };
        assert_eq!(percent.reported(&fraction), "37,5");
        let stage = ValueFormat {
            kind: IndicatorKind::Milestone,
            decimals: 0,
            stages: &stages,
            locale: Locale::En,
        };
        let one = ReportedValue {
            stage: Some(1),
            numerator: None,
            denominator: None,
            ..fraction.clone()
        };
        assert_eq!(stage.reported(&one), "1 · Committed");
        assert_eq!(stage.figure(7.0), "7");
        assert_eq!(progress_percent(Some(1.7)), Some(100));
        assert_eq!(progress_percent(Some(-0.2)), Some(0));
        assert_eq!(progress_percent(None), None);
    }
}
