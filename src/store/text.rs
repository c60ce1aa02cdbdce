//! How a [`Bilingual`] text comes out of PostgreSQL: a query selects the language columns as
//! one anonymous record, `(name_en, name_id) AS name`, and the row type holds a
//! `Bilingual<String>` (or `Bilingual<Option<String>>`, `Bilingual<Vec<String>>`) field. The
//! record is decoded in the same row, so this costs no query of its own. The columns stay as
//! the migrations made them; writes bind `name.english` and `name.indonesian` to them, and an
//! audit entry names them as the columns do (see [`columns`]).
//!
//! May use `domain/` only.

use sqlx::postgres::types::PgRecordDecoder;
use sqlx::postgres::{PgTypeInfo, PgValueRef};
use sqlx::{Decode, Postgres, Type};

use crate::domain::Bilingual;

impl<T> Type<Postgres> for Bilingual<T> {
    /// An anonymous record, like a tuple's.
    fn type_info() -> PgTypeInfo {
        <(String, String) as Type<Postgres>>::type_info()
    }
}

impl<'r, T> Decode<'r, Postgres> for Bilingual<T>
where
    T: for<'a> Decode<'a, Postgres> + Type<Postgres>,
{
    /// The record's fields in the order of [`Bilingual`]'s languages: English, then
    /// Indonesian.
    fn decode(value: PgValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        let mut record = PgRecordDecoder::new(value)?;
        let english = record.try_decode::<T>()?;
        let indonesian = record.try_decode::<T>()?;
        Ok(Bilingual {
            english,
            indonesian,
        })
    }
}

/// Serialises a bilingual field of a row as its database columns, `name_en` and `name_id`,
/// so an audit entry keeps naming what changed as the table does: put
/// `#[serde(flatten, serialize_with = "columns::name")]` on the field.
pub mod columns {
    use serde::ser::{Serialize, SerializeMap, Serializer};

    use crate::domain::Bilingual;

    macro_rules! columns {
        ($($field:ident),* $(,)?) => {$(
            #[doc = concat!("`", stringify!($field), "` as `", stringify!($field), "_en` and `",
                stringify!($field), "_id`.")]
            pub fn $field<T: Serialize, S: Serializer>(
                text: &Bilingual<T>,
                serializer: S,
            ) -> Result<S::Ok, S::Error> {
                let mut map = serializer.serialize_map(Some(2))?;
                map.serialize_entry(concat!(stringify!($field), "_en"), &text.english)?;
                map.serialize_entry(concat!(stringify!($field), "_id"), &text.indonesian)?;
                map.end()
            }
        )*};
    }

    columns!(
        name,
        description,
        definition,
        title,
        numerator_label,
        denominator_label,
        stage_labels
    );
}

#[cfg(test)]
mod tests {
    use serde::Serialize;
    use serde_json::json;

    use super::columns;
    use crate::domain::Bilingual;

    #[derive(Serialize)]
    struct Draft {
        code: String,
        #[serde(flatten, serialize_with = "columns::name")]
        name: Bilingual,
        #[serde(flatten, serialize_with = "columns::numerator_label")]
        numerator_label: Bilingual<Option<String>>,
    }

    #[test]
    fn an_audit_entry_names_the_columns() {
        let draft = Draft {
            code: "CE".into(),
            name: Bilingual::new("Circular economy".into(), "Ekonomi sirkular".into()),
            numerator_label: Bilingual::new(Some("Reused".into()), None),
        };
        assert_eq!(
            json!(draft),
            json!({
                "code": "CE",
                "name_en": "Circular economy",
                "name_id": "Ekonomi sirkular",
                "numerator_label_en": "Reused",
                "numerator_label_id": null,
            })
        );
    }
}
