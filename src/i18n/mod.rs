//! The interface's languages, English and Bahasa Indonesia: which one a request gets, and the
//! catalogue of every string a person reads.
//!
//! `catalogue` declares the shape (every string a page shows is a field of [`Strings`], nested
//! per area: `accounts`, `structure`, `workflow`, `errors`, `validation`); each
//! language is one file holding one `static` value of it (`en`, `id`), so a string missing in
//! one language is a compile error, not a blank on a page. Labels of the domain's closed sets
//! are sub-structs with one field per variant, read through methods that match on the variant:
//! a new variant does not compile until every language names it. Strings with numbers or
//! dates in them are functions, so the word order can differ between the languages.
//!
//! Names and descriptions stored in the database are [`Bilingual`] texts; [`Locale::text`]
//! picks the one a page shows.
//!
//! Adding a language: a `Locale` variant, a file like `id.rs`, its arm in
//! [`Locale::strings`] and in [`Locale::exact`] (with a field of [`Bilingual`] and its
//! columns). May use `domain/` only.

mod accounts;
mod catalogue;
mod en;
mod errors;
mod exports;
mod flows;
mod ghg;
mod iati;
mod id;
mod import;
mod judgement;
pub mod notifications;
mod programs;
mod publication;
mod report;
mod structure;
pub mod validation;
mod workflow;

use crate::domain::Bilingual;

pub use accounts::AccountStrings;
pub use catalogue::*;
pub use en::EN;
pub use errors::{ApiDocsStrings, ErrorStrings};
pub use exports::ExportStrings;
pub use flows::FlowStrings;
pub use ghg::GhgStrings;
pub use iati::IatiStrings;
pub use id::ID;
pub use import::{ImportLedgerStrings, ImportStrings, ImportStructureStrings};
pub use judgement::{JudgementStrings, JudgementWords};
pub use notifications::NotificationStrings;
pub use programs::ProgramStrings;
pub use publication::PublicationStrings;
pub use report::ReportStrings;
pub use structure::StructureStrings;
pub use validation::ValidationStrings;
pub use workflow::WorkflowStrings;

/// A language of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Locale {
    /// English, the default.
    #[default]
    En,
    /// Bahasa Indonesia.
    Id,
}

impl Locale {
    /// Every language, in the order the switch shows them.
    pub const ALL: &[Locale] = &[Locale::En, Locale::Id];

    /// The BCP 47 tag: `<html lang>`, the `lang` cookie and the `?lang=` parameter.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Id => "id",
        }
    }

    /// How the language writes numbers, for reading what people type in its forms.
    pub fn number_convention(self) -> crate::domain::NumberConvention {
        match self {
            Locale::En => crate::domain::NumberConvention::DecimalPoint,
            Locale::Id => crate::domain::NumberConvention::DecimalComma,
        }
    }

    /// The language's own name, for the language switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::Id => "Bahasa Indonesia",
        }
    }

    /// Reads a language tag (`en`, `en-GB`, `id`, `id-ID`, and `in`, the old code for
    /// Indonesian), case-insensitively; `None` for any other language.
    pub fn from_tag(tag: &str) -> Option<Locale> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Locale::En),
            "id" | "in" => Some(Locale::Id),
            _ => None,
        }
    }

    /// The preferred supported language of an `Accept-Language` header: the highest quality
    /// wins, the earlier entry on a tie; `None` when the header names neither language (or
    /// gives them quality 0).
    pub fn from_accept_language(header: &str) -> Option<Locale> {
        let mut best: Option<(Locale, f32)> = None;
        for entry in header.split(',') {
            let mut parts = entry.split(';');
            let Some(locale) = parts.next().and_then(Locale::from_tag) else {
                continue;
            };
            let quality = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if quality > 0.0 && best.is_none_or(|(_, q)| quality > q) {
                best = Some((locale, quality));
            }
        }
        best.map(|(locale, _)| locale)
    }

    /// The language for a request: the one a person chose wins over the one a browser
    /// guesses. An explicit choice (`?lang=`), else the remembered one (the `lang` cookie that
    /// choice set), else the signed-in user's preferred language (their account's setting),
    /// else the browser's preference (`Accept-Language`, which matters before sign-in), else
    /// English.
    pub fn choose(
        query: Option<&str>,
        cookie: Option<&str>,
        accept: Option<&str>,
        preferred: Option<&str>,
    ) -> Locale {
        query
            .and_then(Locale::from_tag)
            .or_else(|| cookie.and_then(Locale::from_tag))
            .or_else(|| preferred.and_then(Locale::from_tag))
            .or_else(|| accept.and_then(Locale::from_accept_language))
            .unwrap_or_default()
    }

    /// The strings of this language.
    pub fn strings(self) -> &'static Strings {
        match self {
            Locale::En => &EN,
            Locale::Id => &ID,
        }
    }

    /// This language's own text of a name, description or list of labels, as stored (the
    /// stage labels of a milestone indicator are read this way: no language stands in).
    pub fn exact<T>(self, text: &Bilingual<T>) -> &T {
        match self {
            Locale::En => &text.english,
            Locale::Id => &text.indonesian,
        }
    }

    /// The text a page shows in this language: the English one stands in for a blank
    /// translation, so a page never shows an empty name.
    pub fn text(self, text: &Bilingual) -> &str {
        let own = self.exact(text);
        if own.trim().is_empty() {
            &text.english
        } else {
            own
        }
    }

    /// The same for an optional text (a fraction's labels): `None` only when no language has
    /// one.
    pub fn text_opt(self, text: &Bilingual<Option<String>>) -> Option<&str> {
        match (&text.english, &text.indonesian) {
            (None, None) => None,
            (english, _) => {
                let own = self.exact(text).as_deref().unwrap_or("");
                Some(if own.trim().is_empty() {
                    english.as_deref().unwrap_or("")
                } else {
                    own
                })
            }
        }
    }
}

/// A comment of the file in English and Indonesian.
pub fn iati_words(
    note: &crate::domain::iati::Note,
    indicator: &crate::domain::iati::ResultIndicator,
) -> crate::domain::Bilingual {
    let en = &EN.iati;
    let id = &ID.iati;
    let unit = &indicator.unit;
    crate::domain::Bilingual::new(
        en.say(note, &indicator.definition.english, unit),
        id.say(note, &indicator.definition.indonesian, unit),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{ReportState, Status};

    #[test]
    fn indonesian_falls_back_to_english_when_blank() {
        let text = |en: &str, id: &str| Bilingual::new(en.to_string(), id.to_string());
        assert_eq!(
            Locale::Id.text(&text("Slag", "Slag dimanfaatkan")),
            "Slag dimanfaatkan"
        );
        assert_eq!(Locale::Id.text(&text("Slag", " ")), "Slag");
        assert_eq!(Locale::En.text(&text("Slag", "Terak")), "Slag");
        assert_eq!(Locale::Id.text_opt(&Bilingual::new(None, None)), None);
        assert_eq!(
            Locale::Id.text_opt(&Bilingual::new(Some("Slag".into()), None)),
            Some("Slag")
        );
        assert_eq!(
            Locale::En.text_opt(&Bilingual::new(None, Some("Terak".into()))),
            Some("")
        );
    }

    #[test]
    fn stage_labels_are_read_in_the_language_as_stored() {
        let stages = Bilingual::new(vec!["None".to_string()], vec![]);
        assert_eq!(Locale::En.exact(&stages), &["None".to_string()]);
        assert!(Locale::Id.exact(&stages).is_empty());
    }

    #[test]
    fn tags_are_read_loosely() {
        assert_eq!(Locale::from_tag("en"), Some(Locale::En));
        assert_eq!(Locale::from_tag("en-GB"), Some(Locale::En));
        assert_eq!(Locale::from_tag("ID"), Some(Locale::Id));
        assert_eq!(Locale::from_tag("id-ID"), Some(Locale::Id));
        assert_eq!(Locale::from_tag("in"), Some(Locale::Id));
        assert_eq!(Locale::from_tag("fr"), None);
        assert_eq!(Locale::from_tag(""), None);
    }

    #[test]
    fn accept_language_picks_the_preferred_supported_language() {
        assert_eq!(
            Locale::from_accept_language("id-ID,id;q=0.9,en-US;q=0.8,en;q=0.7"),
            Some(Locale::Id)
        );
        assert_eq!(
            Locale::from_accept_language("fr-FR, en;q=0.5, id;q=0.8"),
            Some(Locale::Id)
        );
        assert_eq!(
            Locale::from_accept_language("en;q=0.9, id;q=0.9"),
            Some(Locale::En),
            "the earlier entry wins a tie"
        );
        assert_eq!(
            Locale::from_accept_language("id;q=0, en;q=0.1"),
            Some(Locale::En)
        );
        assert_eq!(Locale::from_accept_language("fr, de"), None);
        assert_eq!(Locale::from_accept_language(""), None);
        assert_eq!(Locale::from_accept_language("*"), None);
    }

    #[test]
    fn an_explicit_choice_beats_the_cookie_which_beats_the_browser() {
        let choose = Locale::choose;
        assert_eq!(choose(Some("id"), Some("en"), Some("en"), None), Locale::Id);
        assert_eq!(choose(None, Some("id"), Some("en"), Some("en")), Locale::Id);
        assert_eq!(choose(Some("xx"), Some("id"), None, None), Locale::Id);
        // The account's language beats the browser's guess.
        assert_eq!(choose(None, None, Some("id-ID"), Some("en")), Locale::En);
        assert_eq!(choose(None, None, Some("en"), Some("id")), Locale::Id);
        assert_eq!(choose(None, None, Some("id-ID"), None), Locale::Id);
        assert_eq!(choose(None, Some("fr"), Some("fr"), None), Locale::En);
        assert_eq!(choose(None, None, None, None), Locale::En);
        // The account's language also wins when the browser names another language.
        assert_eq!(choose(None, None, Some("fr"), Some("id")), Locale::Id);
        assert_eq!(choose(None, None, None, Some("id")), Locale::Id);
    }

    #[test]
    fn both_languages_fill_in_their_numbers() {
        assert_eq!((EN.month_of)(11, 36), "Month 11 of 36");
        assert_eq!((ID.month_of)(11, 36), "Bulan ke-11 dari 36");
        assert_eq!(EN.status(Status::AtRisk), "At risk");
        assert_eq!(ID.status(Status::AtRisk), "Berisiko");
        assert_eq!(ID.report_state(ReportState::Returned), "Dikembalikan");
    }
}
