//! Why a request is refused as things stand (403: not allowed; 409: a conflict with what is
//! stored), as data. Only the edges word it in the reader's language (`i18n`, used by the
//! error page and problem+json). Pure data: it may not touch anything outside `domain/`.

use crate::domain::report_refusal::ReportRefusal;

/// Why a request is not allowed (403).
#[derive(Debug, Clone, PartialEq)]
pub enum Denied {
    /// The account's role does not open this page.
    NoAccess,
    /// A program the person or token was not given (rights are per program).
    OtherProgram,
    /// A form without a valid CSRF token.
    FormExpired,
    /// A read-only token that tried to write.
    ReadOnlyToken,
    /// A page that needs signing in.
    SignIn,
    /// A page for tenant users.
    TenantsOnly,
    /// Reporting pages, for a tenant organisation's users.
    ReportersOnly,
    /// Reviewing through the API without a program manager's token.
    ReviewersOnly,
    /// A program-wide export through the API without a program manager's token.
    ManagersOnly,
    /// Attesting through the API without a verifier account's token.
    VerifiersOnly,
    /// A verifier account's token used for anything but publications and attestations.
    VerifierTokenLimited,
    /// A reporting step the caller may not take.
    Report(ReportRefusal),
}

/// Why a request conflicts with what is stored (409).
#[derive(Debug, Clone, PartialEq)]
pub enum Clash {
    /// A user changed since the form was opened.
    UserChanged,
    /// A change that would leave no active admin.
    LastAdmin,
    /// An admin deactivating their own account.
    OwnAccount,
    /// A row of the structure changed since it was read.
    ChangedSinceRead,
    /// Publishing a period that has not ended yet.
    PeriodNotOver,
    /// Publishing a period that is already published (a change is a restatement).
    AlreadyPublished,
    /// Publishing a period that has no publishable park figure.
    NothingToPublish,
}

/// A rule the database keeps that a person can act on, by the constraint that keeps it
/// (mapped from the constraint's name in `crate::error`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Violated {
    /// An account with this email already exists.
    EmailTaken,
    /// A tenant user belongs to exactly one organisation; other roles to none.
    TenantOrganisation,
    /// Already reported for this period.
    AlreadyReported,
    /// The organisation is not assigned this indicator.
    NotAssigned,
    /// A token without a name.
    TokenName,
    /// The code is already used in the program.
    CodeTaken,
    /// A park-level indicator assigned to an organisation other than the park office.
    ParkLevelOffice,
}
