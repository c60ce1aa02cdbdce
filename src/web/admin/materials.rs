//! `/admin/materials`: the materials of the ledger (issue 18) — the list with the new-material
//! form, and the edit form (names in both languages, unit, waste class, the indicators it
//! feeds; the code stays). The rules and the writes are
//! `crate::workflow::structure::materials`'; this module reads the form and shows the outcome.
//! Reads through `store/`; no SQL, no write of its own and no rule here.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Extension, Form, Router};

use super::structure::{
    ChangedField, Notice, conflict, field_messages, notice_text, program, read_version, strings,
    unprocessable,
};
use crate::auth::CurrentUser;
use crate::domain::kinds::{HazardClass, MaterialUnit};
use crate::domain::{Actor, AuditOrigin, Bilingual, Missing};
use crate::error::{AppError, FieldMessage};
use crate::i18n::{FlowStrings, StructureStrings};
use crate::state::AppState;
use crate::store;
use crate::store::flows::MaterialRecord;
use crate::web::form::message_for;
use crate::web::layout::Layout;
use crate::workflow::structure::StructureError;
use crate::workflow::structure::materials::{self, MaterialInput};

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/admin/materials",
            get(materials_page).post(create_material),
        )
        .route(
            "/admin/materials/{code}",
            get(edit_material_page).post(update_material),
        )
}

/// One choice of a select or a checkbox list.
struct Choice {
    value: String,
    label: String,
    selected: bool,
}

/// A material as the list shows it.
struct MaterialLine {
    code: String,
    name_en: String,
    name_id: String,
    unit: &'static str,
    hazard: &'static str,
    indicators: String,
}

#[derive(Template)]
#[template(path = "admin/materials.html")]
struct MaterialsPage {
    layout: Layout,
    s: &'static StructureStrings,
    f: &'static FlowStrings,
    materials: Vec<MaterialLine>,
    form: MaterialForm,
    units: Vec<Choice>,
    hazards: Vec<Choice>,
    indicators: Vec<Choice>,
    errors: Vec<FieldMessage>,
    notice: String,
    /// The material being edited (its code), or empty for the list with the new form.
    editing: String,
    conflict: Vec<ChangedField>,
}

impl MaterialsPage {
    fn error(&self, field: &str) -> String {
        message_for(&self.errors, field)
    }
}

#[derive(Debug, Default, Clone)]
struct MaterialForm {
    code: String,
    name_en: String,
    name_id: String,
    unit: String,
    hazard_class: String,
    indicators: Vec<String>,
    version: String,
}

impl MaterialForm {
    /// The posted fields; `indicators` comes once per ticked box.
    fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        let mut form = MaterialForm::default();
        for (name, value) in pairs {
            match name.as_str() {
                "code" => form.code = value,
                "name_en" => form.name_en = value,
                "name_id" => form.name_id = value,
                "unit" => form.unit = value,
                "hazard_class" => form.hazard_class = value,
                "indicators" => form.indicators.push(value),
                "version" => form.version = value,
                _ => {}
            }
        }
        form
    }

    fn of(material: &MaterialRecord) -> Self {
        MaterialForm {
            code: material.code.clone(),
            name_en: material.name.english.clone(),
            name_id: material.name.indonesian.clone(),
            unit: material.unit.as_str().into(),
            hazard_class: material
                .hazard_class
                .map(|h| h.as_str().to_string())
                .unwrap_or_default(),
            indicators: material.indicators.clone(),
            version: material.version.to_string(),
        }
    }

    /// The form as the use case's input.
    fn input(&self) -> MaterialInput {
        MaterialInput {
            code: self.code.clone(),
            name: Bilingual::new(self.name_en.clone(), self.name_id.clone()),
            unit: self.unit.clone(),
            hazard_class: self.hazard_class.clone(),
            indicators: self.indicators.clone(),
        }
    }
}

fn unit_symbol(unit: MaterialUnit) -> &'static str {
    match unit {
        MaterialUnit::Tonne => "t",
        MaterialUnit::CubicMetre => "m³",
        MaterialUnit::MegawattHour => "MWh",
        MaterialUnit::Gigajoule => "GJ",
    }
}

fn hazard_label(f: &FlowStrings, hazard: Option<HazardClass>) -> &'static str {
    match hazard {
        None => f.hazard_none,
        Some(HazardClass::B3) => f.hazard_b3,
        Some(HazardClass::B3Exempt) => f.hazard_b3_exempt,
        Some(HazardClass::NonB3) => f.hazard_non_b3,
    }
}

struct Shown {
    form: MaterialForm,
    errors: Vec<FieldMessage>,
    notice: String,
    editing: String,
    conflict: Vec<ChangedField>,
}

impl Shown {
    fn form(form: MaterialForm, editing: String) -> Self {
        Shown {
            form,
            errors: Vec::new(),
            notice: String::new(),
            editing,
            conflict: Vec::new(),
        }
    }
}

async fn render(state: &AppState, layout: Layout, shown: Shown) -> Result<String, AppError> {
    let program = program()?;
    let records = store::flows::material_records(&state.pool).await?;
    let offered = store::flows::linkable_indicators(&state.pool, program.id).await?;
    let s = strings(&layout);
    let f = &layout.locale.strings().flows;
    let form = shown.form;
    Ok(MaterialsPage {
        s,
        f,
        materials: records
            .iter()
            .map(|m| MaterialLine {
                code: m.code.clone(),
                name_en: m.name.english.clone(),
                name_id: m.name.indonesian.clone(),
                unit: unit_symbol(m.unit),
                hazard: hazard_label(f, m.hazard_class),
                indicators: m.indicators.join(", "),
            })
            .collect(),
        units: MaterialUnit::ALL
            .iter()
            .map(|u| Choice {
                value: u.as_str().into(),
                label: unit_symbol(*u).into(),
                selected: form.unit == u.as_str(),
            })
            .collect(),
        hazards: std::iter::once(None)
            .chain(HazardClass::ALL.iter().copied().map(Some))
            .map(|h| Choice {
                value: h.map(|h| h.as_str().to_string()).unwrap_or_default(),
                label: hazard_label(f, h).into(),
                selected: form.hazard_class == h.map(|h| h.as_str()).unwrap_or_default(),
            })
            .collect(),
        indicators: offered
            .into_iter()
            .map(|(_, code)| Choice {
                selected: form.indicators.contains(&code),
                label: code.clone(),
                value: code,
            })
            .collect(),
        form,
        errors: shown.errors,
        notice: shown.notice,
        editing: shown.editing,
        conflict: shown.conflict,
        layout,
    }
    .render()?)
}

async fn materials_page(
    State(state): State<AppState>,
    layout: Layout,
    Query(notice): Query<Notice>,
) -> Result<Html<String>, AppError> {
    let mut shown = Shown::form(MaterialForm::default(), String::new());
    shown.notice = notice_text(strings(&layout), &notice);
    Ok(Html(render(&state, layout, shown).await?))
}

async fn create_material(
    State(state): State<AppState>,
    layout: Layout,
    Extension(admin): Extension<CurrentUser>,
    context: AuditOrigin,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = MaterialForm::from_pairs(pairs);
    let program = program()?;
    let mut tx = state.pool.begin().await?;
    match materials::create(
        &mut tx,
        &Actor::from(&admin),
        &context,
        (program.id, state.clock.now()),
        &form.input(),
    )
    .await
    {
        Ok(_) => {
            tx.commit().await?;
            Ok(Redirect::to("/admin/materials?done=saved").into_response())
        }
        Err(StructureError::Invalid(problems)) => {
            drop(tx);
            let mut shown = Shown::form(form, String::new());
            shown.errors = field_messages(strings(&layout), &problems);
            Ok(unprocessable(render(&state, layout, shown).await?))
        }
        Err(e) => Err(e.into()),
    }
}

async fn material_by_code(state: &AppState, code: &str) -> Result<MaterialRecord, AppError> {
    store::flows::material_records(&state.pool)
        .await?
        .into_iter()
        .find(|m| m.code == code)
        .ok_or(AppError::NotFound(Missing::Page))
}

async fn edit_material_page(
    State(state): State<AppState>,
    layout: Layout,
    Path(code): Path<String>,
) -> Result<Html<String>, AppError> {
    let material = material_by_code(&state, &code).await?;
    let shown = Shown::form(MaterialForm::of(&material), material.code);
    Ok(Html(render(&state, layout, shown).await?))
}

/// The fields someone else saved while this admin was editing, with what they hold now.
fn changed_fields(
    current: &MaterialRecord,
    form: &MaterialForm,
    s: &StructureStrings,
    f: &FlowStrings,
) -> Vec<ChangedField> {
    let stored = MaterialForm::of(current);
    let mut wanted = form.indicators.clone();
    wanted.sort();
    [
        (
            s.name_en,
            stored.name_en.clone(),
            form.name_en.trim() != stored.name_en,
        ),
        (
            s.name_id,
            stored.name_id.clone(),
            form.name_id.trim() != stored.name_id,
        ),
        (f.unit, stored.unit.clone(), form.unit != stored.unit),
        (
            f.hazard_class,
            stored.hazard_class.clone(),
            form.hazard_class != stored.hazard_class,
        ),
        (
            f.indicators,
            stored.indicators.join(", "),
            wanted != stored.indicators,
        ),
    ]
    .into_iter()
    .filter(|(_, _, changed)| *changed)
    .map(|(field, stored, _)| ChangedField {
        field: field.into(),
        stored,
    })
    .collect()
}

async fn update_material(
    State(state): State<AppState>,
    layout: Layout,
    Extension(admin): Extension<CurrentUser>,
    context: AuditOrigin,
    Path(code): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let mut form = MaterialForm::from_pairs(pairs);
    // The code names the material in the ledger and the API; it is not edited.
    form.code = code.clone();
    let program = program()?;
    let mut tx = state.pool.begin().await?;
    let updated = materials::update(
        &mut tx,
        &Actor::from(&admin),
        &context,
        (program.id, &code),
        read_version(&form.version),
        &form.input(),
    )
    .await;
    match updated {
        Ok(()) => {
            tx.commit().await?;
            Ok(Redirect::to("/admin/materials?done=saved").into_response())
        }
        Err(StructureError::Invalid(problems)) => {
            drop(tx);
            let mut shown = Shown::form(form, code);
            shown.errors = field_messages(strings(&layout), &problems);
            Ok(unprocessable(render(&state, layout, shown).await?))
        }
        Err(StructureError::Stale) => {
            drop(tx);
            // Someone saved first: show what they changed, keep this admin's input, and take
            // the current version so that saving again is a deliberate overwrite.
            let current = material_by_code(&state, &code).await?;
            let changed = changed_fields(
                &current,
                &form,
                strings(&layout),
                &layout.locale.strings().flows,
            );
            form.version = current.version.to_string();
            let mut shown = Shown::form(form, code);
            shown.conflict = changed;
            Ok(conflict(render(&state, layout, shown).await?))
        }
        Err(StructureError::VersionMissing) => Err(AppError::BadRequest(
            "The form lacks the material's version.".into(),
        )),
        Err(e) => Err(e.into()),
    }
}
