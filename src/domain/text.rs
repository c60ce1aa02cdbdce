//! Names and descriptions written in every language of the interface: a pillar's name, an
//! indicator's definition, a milestone's title, the labels of a fraction's parts and of a
//! milestone indicator's stages.
//!
//! [`Bilingual`] holds one value per language, named for the language (never the `_en`/`_id`
//! suffixes of the database columns, which read like foreign keys). `i18n::Locale` chooses the
//! value a page shows; the store decodes it from an anonymous record `(x_en, x_id) AS x`; the
//! structure forms parse their two fields into it at the edge. A new language is one more
//! field here, one more column per name, and one more arm in `Locale`.
//!
//! Pure data: may use nothing else in the crate.

/// One text in each language of the interface. `T` is `String` for names and descriptions,
/// `Option<String>` for optional labels and `Vec<String>` for lists of labels.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Bilingual<T = String> {
    /// The English text: the program's working language, and the fallback for a blank
    /// translation.
    pub english: T,
    /// The Bahasa Indonesia text.
    pub indonesian: T,
}

impl<T> Bilingual<T> {
    /// The text in each language.
    pub fn new(english: T, indonesian: T) -> Self {
        Bilingual {
            english,
            indonesian,
        }
    }

    /// The same change applied in every language (trimming, parsing lines into labels).
    pub fn map<U>(self, mut f: impl FnMut(T) -> U) -> Bilingual<U> {
        Bilingual {
            english: f(self.english),
            indonesian: f(self.indonesian),
        }
    }

    /// Borrows each language's text.
    pub fn as_ref(&self) -> Bilingual<&T> {
        Bilingual {
            english: &self.english,
            indonesian: &self.indonesian,
        }
    }
}

impl Bilingual {
    /// The texts without surrounding white space, as they are stored.
    pub fn trimmed(&self) -> Bilingual {
        self.as_ref().map(|text| text.trim().to_string())
    }
}

impl<T: Default> Bilingual<Option<T>> {
    /// Optional texts given in every language, or empty ones where missing (stage labels the
    /// database may hold as NULL).
    pub fn unwrap_or_default(self) -> Bilingual<T> {
        self.map(Option::unwrap_or_default)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map_applies_to_every_language() {
        let name = Bilingual::new(" Slag ", " Terak ").map(|s| s.trim().to_string());
        assert_eq!(
            name,
            Bilingual::new("Slag".to_string(), "Terak".to_string())
        );
    }

    #[test]
    fn missing_optional_texts_become_empty() {
        let labels: Bilingual<Option<Vec<String>>> = Bilingual::new(Some(vec!["a".into()]), None);
        assert_eq!(
            labels.unwrap_or_default(),
            Bilingual::new(vec!["a".to_string()], vec![])
        );
    }
}
