//! The program's timeline: milestones with their pillar and owner.

use chrono::NaiveDate;
use sqlx::PgPool;
use uuid::Uuid;

use super::parse_column;
use crate::domain::Bilingual;
use crate::domain::kinds::MilestoneStatus;

/// A milestone as the timeline and the overview show it.
#[derive(Debug, Clone)]
pub struct Milestone {
    pub code: String,
    pub title: Bilingual,
    pub description: Bilingual,
    /// `None` for a program-wide milestone.
    pub pillar_code: Option<String>,
    pub owner_code: Option<String>,
    pub owner_name: Option<String>,
    pub starts_on: NaiveDate,
    pub due_on: NaiveDate,
    /// As recorded; `domain::milestones::effective_status` says how it stands today.
    pub status: MilestoneStatus,
    pub completed_on: Option<NaiveDate>,
    pub evidence_url: Option<String>,
}

#[derive(sqlx::FromRow)]
struct MilestoneRow {
    code: String,
    title: Bilingual,
    description: Bilingual,
    pillar_code: Option<String>,
    owner_code: Option<String>,
    owner_name: Option<String>,
    starts_on: NaiveDate,
    due_on: NaiveDate,
    status: String,
    completed_on: Option<NaiveDate>,
    evidence_url: Option<String>,
}

/// Every milestone of the program, by start date. A program has tens of milestones, not
/// thousands, so the pages filter them by the domain's rules rather than in SQL.
#[tracing::instrument(skip(pool))]
pub async fn milestones(pool: &PgPool, program_id: Uuid) -> Result<Vec<Milestone>, sqlx::Error> {
    let rows: Vec<MilestoneRow> = sqlx::query_as(
        "SELECT m.code, (m.title_en, m.title_id) AS title,
                (m.description_en, m.description_id) AS description,
                p.code AS pillar_code, o.code AS owner_code, o.short_name AS owner_name,
                m.starts_on, m.due_on, m.status, m.completed_on, m.evidence_url
           FROM milestone m
           LEFT JOIN pillar p ON p.id = m.pillar_id
           LEFT JOIN organisation o ON o.id = m.owner_organisation_id
          WHERE m.program_id = $1
          ORDER BY m.starts_on, m.due_on, m.code",
    )
    .bind(program_id)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|row| {
            Ok(Milestone {
                status: parse_column("status", &row.status)?,
                code: row.code,
                title: row.title,
                description: row.description,
                pillar_code: row.pillar_code,
                owner_code: row.owner_code,
                owner_name: row.owner_name,
                starts_on: row.starts_on,
                due_on: row.due_on,
                completed_on: row.completed_on,
                evidence_url: row.evidence_url,
            })
        })
        .collect()
}
