//! The page of one indicator (`/admin/indicators/new`, `/admin/indicators/{code}`): its form
//! with every attribute as typed, the messages, the conflict list, and beside it the yearly
//! targets with their revision history. Shared by the indicator handlers (`indicators`) and the
//! target handler (`targets`); it renders and compares, it stores nothing.

use askama::Template;

use super::structure::{
    ChangedField, Choice, choices, live_pillar_choices, number_for_input, program, strings,
};
use crate::domain::kinds::{Aggregation, ComputedFrom, Direction, Frequency, IndicatorKind};
use crate::error::{AppError, FieldMessage};
use crate::i18n::StructureStrings;
use crate::state::AppState;
use crate::store;
use crate::store::structure::IndicatorRecord;
use crate::web::form::message_for;
use crate::web::layout::Layout;

/// The indicator form as typed: every field text, kept as is when the form comes back.
#[derive(Debug, Default, Clone, serde::Deserialize)]
pub(super) struct IndicatorForm {
    #[serde(default)]
    pub pillar: String,
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub name_en: String,
    #[serde(default)]
    pub name_id: String,
    #[serde(default)]
    pub definition_en: String,
    #[serde(default)]
    pub definition_id: String,
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub direction: String,
    #[serde(default)]
    pub aggregation: String,
    #[serde(default)]
    pub cumulative: Option<String>,
    #[serde(default)]
    pub frequency: String,
    #[serde(default)]
    pub decimals: String,
    #[serde(default)]
    pub baseline_value: String,
    #[serde(default)]
    pub baseline_year: String,
    #[serde(default)]
    pub numerator_label_en: String,
    #[serde(default)]
    pub numerator_label_id: String,
    #[serde(default)]
    pub denominator_label_en: String,
    #[serde(default)]
    pub denominator_label_id: String,
    #[serde(default)]
    pub stage_labels_en: String,
    #[serde(default)]
    pub stage_labels_id: String,
    #[serde(default)]
    pub frameworks: String,
    #[serde(default)]
    pub position: String,
    #[serde(default)]
    pub version: String,
    /// Minimum coverage, % of the assigned organisations (empty: the default).
    #[serde(default)]
    pub min_coverage_percent: String,
    /// The hard bounds, blank for the catalogue's default.
    #[serde(default)]
    pub bound_min: String,
    #[serde(default)]
    pub bound_max: String,
    #[serde(default)]
    pub bound_parts_max: String,
    /// `domain::kinds::ComputedFrom` as text; empty: reported by organisations.
    #[serde(default)]
    pub computed_from: String,
}

impl IndicatorForm {
    /// The form filled in with a stored indicator.
    pub(super) fn of(r: &IndicatorRecord) -> IndicatorForm {
        IndicatorForm {
            pillar: r.pillar_code.clone(),
            code: r.code.clone(),
            name_en: r.name.english.clone(),
            name_id: r.name.indonesian.clone(),
            definition_en: r.definition.english.clone(),
            definition_id: r.definition.indonesian.clone(),
            unit: r.unit.clone(),
            kind: r.kind.clone(),
            direction: r.direction.clone(),
            aggregation: r.aggregation.clone(),
            cumulative: r.cumulative.then(|| "on".into()),
            frequency: r.frequency.clone(),
            decimals: r.decimals.to_string(),
            baseline_value: r.baseline_value.map(number_for_input).unwrap_or_default(),
            baseline_year: r.baseline_year.map(|v| v.to_string()).unwrap_or_default(),
            numerator_label_en: r.numerator_label.english.clone().unwrap_or_default(),
            numerator_label_id: r.numerator_label.indonesian.clone().unwrap_or_default(),
            denominator_label_en: r.denominator_label.english.clone().unwrap_or_default(),
            denominator_label_id: r.denominator_label.indonesian.clone().unwrap_or_default(),
            stage_labels_en: r
                .stage_labels
                .english
                .clone()
                .unwrap_or_default()
                .join("\n"),
            stage_labels_id: r
                .stage_labels
                .indonesian
                .clone()
                .unwrap_or_default()
                .join("\n"),
            frameworks: r.frameworks.join("\n"),
            position: r.position.to_string(),
            version: r.version.to_string(),
            min_coverage_percent: r.min_coverage_percent.to_string(),
            bound_min: r.bound_min.map(number_for_input).unwrap_or_default(),
            bound_max: r.bound_max.map(number_for_input).unwrap_or_default(),
            bound_parts_max: r.bound_parts_max.map(number_for_input).unwrap_or_default(),
            computed_from: r.computed_from.clone().unwrap_or_default(),
        }
    }

    pub(super) fn is_cumulative(&self) -> bool {
        self.cumulative.is_some()
    }
}

/// The fields whose stored value differs from what the user typed, named in the page's
/// language, with the stored value.
pub(super) fn changed_fields(
    stored: &IndicatorForm,
    typed: &IndicatorForm,
    s: &StructureStrings,
) -> Vec<ChangedField> {
    let pairs: [(&str, &String, &String); 24] = [
        (s.pillar, &stored.pillar, &typed.pillar),
        (s.computed_from, &stored.computed_from, &typed.computed_from),
        (
            s.min_coverage,
            &stored.min_coverage_percent,
            &typed.min_coverage_percent,
        ),
        (s.name_en, &stored.name_en, &typed.name_en),
        (s.name_id, &stored.name_id, &typed.name_id),
        (s.definition_en, &stored.definition_en, &typed.definition_en),
        (s.definition_id, &stored.definition_id, &typed.definition_id),
        (s.unit, &stored.unit, &typed.unit),
        (s.kind, &stored.kind, &typed.kind),
        (s.direction, &stored.direction, &typed.direction),
        (s.aggregation, &stored.aggregation, &typed.aggregation),
        (s.frequency, &stored.frequency, &typed.frequency),
        (s.decimals, &stored.decimals, &typed.decimals),
        (
            s.baseline_value,
            &stored.baseline_value,
            &typed.baseline_value,
        ),
        (s.baseline_year, &stored.baseline_year, &typed.baseline_year),
        (
            s.numerator_label_en,
            &stored.numerator_label_en,
            &typed.numerator_label_en,
        ),
        (
            s.numerator_label_id,
            &stored.numerator_label_id,
            &typed.numerator_label_id,
        ),
        (
            s.denominator_label_en,
            &stored.denominator_label_en,
            &typed.denominator_label_en,
        ),
        (
            s.denominator_label_id,
            &stored.denominator_label_id,
            &typed.denominator_label_id,
        ),
        (
            s.stage_labels_en,
            &stored.stage_labels_en,
            &typed.stage_labels_en,
        ),
        (
            s.stage_labels_id,
            &stored.stage_labels_id,
            &typed.stage_labels_id,
        ),
        (s.frameworks, &stored.frameworks, &typed.frameworks),
        (s.position, &stored.position, &typed.position),
        (s.code, &stored.code, &typed.code),
    ];
    let mut changed: Vec<ChangedField> = pairs
        .into_iter()
        .filter(|(_, a, b)| a.trim().replace("\r\n", "\n") != b.trim().replace("\r\n", "\n"))
        .map(|(field, stored, _)| ChangedField {
            field: field.into(),
            stored: stored.clone(),
        })
        .collect();
    if stored.is_cumulative() != typed.is_cumulative() {
        changed.push(ChangedField {
            field: s.cumulative.into(),
            stored: stored.is_cumulative().to_string(),
        });
    }
    changed
}

#[derive(Template)]
#[template(path = "admin/indicator.html")]
struct IndicatorPage {
    layout: Layout,
    s: &'static StructureStrings,
    /// Empty for a new indicator.
    code: String,
    archived: bool,
    observations: i64,
    form: IndicatorForm,
    errors: Vec<FieldMessage>,
    conflict: Vec<ChangedField>,
    notice: String,
    pillars: Vec<Choice>,
    kinds: Vec<Choice>,
    directions: Vec<Choice>,
    aggregations: Vec<Choice>,
    frequencies: Vec<Choice>,
    /// "Not computed" first, then each source.
    computed_from: Vec<Choice>,
    targets: Vec<TargetRow>,
    /// The message of a target form whose year has no row (a year outside the program, or
    /// not a year at all): shown above the rows, or it would be shown nowhere.
    target_error: String,
    history: Vec<HistoryLine>,
}

impl IndicatorPage {
    fn error(&self, field: &str) -> String {
        message_for(&self.errors, field)
    }
}

/// A year's target on the form: its value (or the value typed), its version, a message.
struct TargetRow {
    year: i16,
    value: String,
    version: String,
    reason: String,
    error: String,
}

struct HistoryLine {
    year: i16,
    old_value: String,
    new_value: String,
    reason: String,
    changed_by: String,
    changed_at: String,
}

/// What the target form typed, to keep when it comes back.
#[derive(Debug, Default, Clone, serde::Deserialize)]
pub(super) struct TargetForm {
    #[serde(default)]
    pub year: String,
    #[serde(default)]
    pub value: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub version: String,
}

/// What the page shows besides the stored indicator: the form, its messages, the conflict
/// list, the notice, and a target form that came back with its message.
pub(super) struct IndicatorView {
    pub form: IndicatorForm,
    pub errors: Vec<FieldMessage>,
    pub conflict: Vec<ChangedField>,
    pub notice: String,
    pub target_input: Option<(TargetForm, String)>,
}

impl IndicatorView {
    pub(super) fn plain(form: IndicatorForm) -> Self {
        IndicatorView {
            form,
            errors: Vec::new(),
            conflict: Vec::new(),
            notice: String::new(),
            target_input: None,
        }
    }
}

/// The program's indicator `code`, archived or not.
pub(super) async fn indicator_by_code(
    state: &AppState,
    code: &str,
) -> Result<IndicatorRecord, AppError> {
    let program = program()?;
    store::structure::indicator(&state.pool, program.id, code)
        .await?
        .ok_or_else(|| AppError::NotFound(crate::domain::Missing::Indicator(code.to_string())))
}

/// Renders the page of `record` (`None` for a new indicator).
pub(super) async fn render_indicator(
    state: &AppState,
    layout: Layout,
    record: Option<&IndicatorRecord>,
    view: IndicatorView,
) -> Result<String, AppError> {
    let program = program()?;
    let pool = &state.pool;
    let pillars = store::structure::pillars(pool, program.id).await?;
    let (targets, history) = match record {
        Some(r) => tokio::try_join!(
            store::structure::targets(pool, r.id),
            store::catalogue::target_history(pool, r.id)
        )?,
        None => (Vec::new(), Vec::new()),
    };
    let s = strings(&layout);
    let t = layout.t;
    let mut years: Vec<i16> = (program
        .starts_on
        .format("%Y")
        .to_string()
        .parse::<i16>()
        .unwrap_or(2026)
        ..=program
            .ends_on
            .format("%Y")
            .to_string()
            .parse::<i16>()
            .unwrap_or(2028))
        .collect();
    years.extend(targets.iter().map(|t| t.year));
    years.sort_unstable();
    years.dedup();
    let target_rows: Vec<TargetRow> = years
        .into_iter()
        .map(|year| {
            let stored = targets.iter().find(|t| t.year == year);
            let mut row = TargetRow {
                year,
                value: stored
                    .map(|t| number_for_input(t.value))
                    .unwrap_or_default(),
                version: stored.map(|t| t.version.to_string()).unwrap_or_default(),
                reason: String::new(),
                error: String::new(),
            };
            if let Some((input, error)) = &view.target_input
                && input.year == year.to_string()
            {
                row.value = input.value.clone();
                row.reason = input.reason.clone();
                row.error = error.clone();
            }
            row
        })
        .collect();
    let target_error = match &view.target_input {
        Some((input, error)) if !target_rows.iter().any(|r| r.year.to_string() == input.year) => {
            error.clone()
        }
        _ => String::new(),
    };
    let history = history
        .into_iter()
        .map(|h| HistoryLine {
            year: h.year,
            old_value: h
                .old_value
                .map(|v| v.to_string())
                .unwrap_or_else(|| "—".into()),
            new_value: h.new_value.to_string(),
            reason: h.reason,
            changed_by: h.changed_by,
            changed_at: h.changed_at.format("%Y-%m-%d %H:%M UTC").to_string(),
        })
        .collect();
    Ok(IndicatorPage {
        s,
        code: record.map(|r| r.code.clone()).unwrap_or_default(),
        archived: record.is_some_and(|r| r.archived),
        observations: record.map_or(0, |r| r.observations),
        form: view.form,
        errors: view.errors,
        conflict: view.conflict,
        notice: view.notice,
        pillars: live_pillar_choices(&pillars, layout.locale),
        kinds: choices(IndicatorKind::ALL, |k| t.indicator_kind(k)),
        directions: choices(Direction::ALL, |d| t.direction(d)),
        aggregations: choices(Aggregation::ALL, |a| t.aggregation(a)),
        frequencies: choices(Frequency::ALL, |f| t.frequency(f)),
        computed_from: computed_from_choices(s),
        target_error,
        targets: target_rows,
        history,
        layout,
    }
    .render()?)
}

/// The "computed from" choices: not computed (empty value), then every source.
fn computed_from_choices(s: &StructureStrings) -> Vec<Choice> {
    let mut list = vec![Choice {
        value: String::new(),
        label: s.computed_from_none.to_string(),
    }];
    list.extend(choices(ComputedFrom::ALL, |c| match c {
        ComputedFrom::GhgInventory => s.computed_from_ghg_inventory,
        ComputedFrom::MaterialLedger => s.computed_from_material_ledger,
    }));
    list
}
