//! What a request asked for that does not exist (or may not be revealed), as data: the kind of
//! thing and, where the address names it, its code. Only the edges word it in the reader's
//! language (`i18n`, used by the error page and problem+json). Pure data: it may not touch
//! anything outside `domain/`.

/// The thing a 404 is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Missing {
    /// An address that matches no page.
    Page,
    /// An API address that matches no resource.
    ApiResource,
    /// The program (none is set up yet).
    Program,
    Observation,
    /// An organisation the caller may not read.
    ThisOrganisation,
    User,
    UserWithEmail(String),
    Token,
    Indicator(String),
    Pillar(String),
    Organisation(String),
    Milestone(String),
    Period(String),
    /// An uploaded import file (or one the caller may not read).
    Import,
    /// The report of an indicator for a period.
    Report {
        indicator: String,
        period: String,
    },
}
