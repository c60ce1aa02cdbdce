//! Names and descriptions come out of PostgreSQL as one bilingual value per name: an
//! anonymous record of the language columns, decoded in the same row.

use pilar::domain::Bilingual;
use sqlx::Row;

use crate::common::{Template, database};

#[tokio::test]
async fn a_record_of_the_language_columns_decodes_into_a_bilingual_text() {
    let pool = database(Template::Empty).await;
    let row = sqlx::query(
        "SELECT ('Slag'::text, 'Terak'::text) AS name,
                ('Tonnes'::text, NULL::text) AS label,
                (ARRAY['None', 'Committed'], ARRAY['Belum', 'Berkomitmen']) AS stages,
                (NULL::text[], NULL::text[]) AS no_stages",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let name: Bilingual = row.get("name");
    assert_eq!(name, Bilingual::new("Slag".into(), "Terak".into()));
    let label: Bilingual<Option<String>> = row.get("label");
    assert_eq!(label, Bilingual::new(Some("Tonnes".into()), None));
    let stages: Bilingual<Vec<String>> = row.get("stages");
    assert_eq!(stages.english, ["None", "Committed"]);
    assert_eq!(stages.indonesian, ["Belum", "Berkomitmen"]);
    let no_stages: Bilingual<Option<Vec<String>>> = row.get("no_stages");
    assert_eq!(no_stages.unwrap_or_default(), Bilingual::default());
}

#[tokio::test]
async fn a_record_of_another_shape_is_refused_not_misread() {
    let pool = database(Template::Empty).await;
    let row = sqlx::query("SELECT (1, 2) AS numbers, ('only English'::text) AS one")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(row.try_get::<Bilingual, _>("numbers").is_err());
    assert!(row.try_get::<Bilingual, _>("one").is_err());
}

#[tokio::test]
async fn the_stored_names_arrive_in_both_languages() {
    let pool = database(Template::Demo).await;
    let program = crate::common::first_program(&pool).await.unwrap().unwrap();
    let pillars = pilar::store::program::pillars(&pool, program.id)
        .await
        .unwrap();
    let columns: Vec<(String, String, String, String, String)> = sqlx::query_as(
        "SELECT code, name_en, name_id, description_en, description_id FROM pillar
          WHERE program_id = $1 AND archived_at IS NULL ORDER BY position, code",
    )
    .bind(program.id)
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(pillars.len(), columns.len());
    assert!(!pillars.is_empty());
    for (pillar, (code, name_en, name_id, description_en, description_id)) in
        pillars.iter().zip(columns)
    {
        assert_eq!(pillar.code, code);
        assert_eq!(pillar.name, Bilingual::new(name_en, name_id));
        assert_eq!(
            pillar.description,
            Bilingual::new(description_en, description_id)
        );
    }
}
