//! The program as the IATI results file describes it (`domain::iati::Activity`): the
//! program and its park, the pillars with their indicators and official figures, and the
//! organisations taking part. Six queries, whatever the number of indicators and periods.

use sqlx::PgPool;
use uuid::Uuid;

use crate::domain::Bilingual;
use crate::domain::iati::{
    Activity, CatalogueReference, Location, Participant, PillarResult, ResultIndicator,
};

#[derive(sqlx::FromRow)]
struct ProgramRow {
    code: String,
    name: Bilingual,
    description: Bilingual,
    starts_on: chrono::NaiveDate,
    ends_on: chrono::NaiveDate,
    park_code: String,
    park_name: String,
    regency: Option<String>,
    province: Option<String>,
}

/// The program `program_id` as one IATI activity; `None` when there is no such program.
/// Demo organisations never take part (they only report figures); only live indicators are
/// listed, and only the park's official figures (approved reports) come with them.
#[tracing::instrument(skip(pool))]
pub async fn activity(pool: &PgPool, program_id: Uuid) -> Result<Option<Activity>, sqlx::Error> {
    let program: Option<ProgramRow> = sqlx::query_as(
        "SELECT p.code, (p.name_en, p.name_id) AS name,
                (p.description_en, p.description_id) AS description,
                p.starts_on, p.ends_on, k.code AS park_code, k.name AS park_name,
                k.regency, k.province
           FROM program p JOIN park k ON k.id = p.park_id
          WHERE p.id = $1",
    )
    .bind(program_id)
    .fetch_optional(pool)
    .await?;
    let Some(program) = program else {
        return Ok(None);
    };
    let (pillars, entries, mut series, organisations) = tokio::try_join!(
        super::program::pillars(pool, program_id),
        super::catalogue::entries(pool, program_id, None),
        super::figures::official_series(pool, program_id),
        super::stakeholders::directory(pool, Some(program_id), None, None),
    )?;
    let results = pillars
        .into_iter()
        .map(|pillar| PillarResult {
            indicators: entries
                .iter()
                .filter(|e| e.indicator.pillar_id == pillar.id)
                .map(|e| {
                    let i = &e.indicator;
                    ResultIndicator {
                        code: i.code.clone(),
                        name: i.name.clone(),
                        definition: e.definition.clone(),
                        unit: i.unit.clone(),
                        rules: i.rules,
                        decimals: i.decimals,
                        references: e
                            .frameworks
                            .iter()
                            .map(|f| CatalogueReference {
                                framework: f.framework.clone(),
                                code: f.code.clone(),
                                version: f.version.clone(),
                            })
                            .collect(),
                        baseline: e
                            .baseline
                            .filter(|(year, value)| *year > 0 && value.is_finite()),
                        targets: i.targets.clone(),
                        figures: series.remove(&i.id).unwrap_or_default(),
                    }
                })
                .collect(),
            code: pillar.code,
            name: pillar.name,
            description: pillar.description,
        })
        .collect();
    let fallback = |text: Bilingual, or: &Bilingual| {
        if text.english.trim().is_empty() {
            or.clone()
        } else {
            text
        }
    };
    Ok(Some(Activity {
        description: fallback(program.description, &program.name),
        program_code: program.code,
        title: program.name,
        starts_on: program.starts_on,
        ends_on: program.ends_on,
        participants: organisations
            .into_iter()
            .filter(|o| !o.is_demo && !o.roles.is_empty())
            .map(|o| Participant {
                code: o.code,
                name: o.name,
                kind: o.kind,
                roles: o.roles,
            })
            .collect(),
        location: Location {
            code: program.park_code,
            name: program.park_name,
            regency: program.regency,
            province: program.province,
            country: "ID".into(),
        },
        results,
    }))
}
