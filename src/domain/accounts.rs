//! What can be wrong with an account or an API token as an admin (or the command line) types
//! it: the limits of its fields, declared once (the rules and the forms' `maxlength` read them),
//! and the problems, as data. Only the edges word a problem, in the reader's language
//! (`i18n`: the admin pages in the page's language, the command line in English). Pure data:
//! it may not touch anything outside `domain/`.

/// The most characters of a user's display name.
pub const USER_NAME_MAX_CHARS: usize = 200;
/// The most characters of an API token's name (what it is for).
pub const TOKEN_NAME_MAX_CHARS: usize = 100;
/// The fewest characters of a new password.
pub const PASSWORD_MIN_CHARS: usize = 12;
/// The most characters of a password.
pub const PASSWORD_MAX_CHARS: usize = 1024;

/// What is wrong with one field of a user or token form. Closed: a new problem does not
/// compile until every language words it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccountProblem {
    /// Not an email address such as name@example.org.
    Email,
    /// A new password shorter than [`PASSWORD_MIN_CHARS`].
    PasswordTooShort { min: usize },
    /// A password longer than [`PASSWORD_MAX_CHARS`].
    PasswordTooLong { max: usize },
    /// Neither `en` nor `id`.
    Language,
    /// Not one of the roles offered.
    Role,
    /// No organisation has this code.
    NoSuchOrganisation { code: String },
    /// No active verifier account has this email (a token acts for verifiers only).
    NoSuchVerifier { email: String },
    /// A tenant user without its organisation.
    OrganisationNeeded,
    /// An organisation given for a role other than tenant.
    OrganisationOnlyForTenants,
    /// A user without a name.
    NameRequired,
    /// A user's name longer than the limit.
    NameTooLong { max: usize },
    /// A token without a name, or one longer than the limit.
    TokenName { max: usize },
    /// Not one of the token scopes offered.
    Scope,
    /// An expiry date before today.
    ExpiryPast,
    /// The current password typed is not the user's.
    WrongCurrentPassword,
    /// The new password and its repetition differ.
    PasswordsDiffer,
    /// An admin taking the admin role from their own account.
    OwnAdminRole,
    /// A form that does not say which version of the user it changes.
    VersionUnknown,
}

/// A problem with a field of an account form (`None`: the form as a whole).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountFieldProblem {
    pub field: &'static str,
    pub problem: AccountProblem,
}

impl AccountFieldProblem {
    pub fn new(field: &'static str, problem: AccountProblem) -> Self {
        AccountFieldProblem { field, problem }
    }
}
