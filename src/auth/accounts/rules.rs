//! The rules every account form's fields pass (an email, a new password) and the one refusal
//! of the account operations, [`AccountError`], with its wording through the catalogue. No
//! HTML, no HTTP, no store.

use crate::domain::accounts::{
    AccountFieldProblem, AccountProblem, PASSWORD_MAX_CHARS, PASSWORD_MIN_CHARS,
};
use crate::error::{AppError, FieldMessage, request_locale};
use crate::i18n::AccountStrings;

/// Why an account operation was refused. Nothing was stored.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    /// Fields that break a rule, each with its problem.
    #[error("invalid account input: {0:?}")]
    Invalid(Vec<AccountFieldProblem>),
    /// Anything else (not found, a conflict, the database).
    #[error(transparent)]
    App(#[from] AppError),
}

impl From<sqlx::Error> for AccountError {
    fn from(err: sqlx::Error) -> Self {
        AccountError::App(err.into())
    }
}

impl From<anyhow::Error> for AccountError {
    fn from(err: anyhow::Error) -> Self {
        AccountError::App(err.into())
    }
}

impl AccountError {
    /// The refusal with its problems worded in `words`' language: the fields' messages, or
    /// the error to answer with.
    pub fn worded(self, words: &AccountStrings) -> Result<Vec<FieldMessage>, AppError> {
        match self {
            AccountError::Invalid(problems) => Ok(messages(&problems, words)),
            // A rule the database keeps (an email already taken), worded already.
            AccountError::App(AppError::Validation(fields)) => Ok(fields),
            AccountError::App(err) => Err(err),
        }
    }
}

/// Problems as field messages in `words`' language.
pub fn messages(problems: &[AccountFieldProblem], words: &AccountStrings) -> Vec<FieldMessage> {
    problems
        .iter()
        .map(|p| FieldMessage::new(p.field, (words.problem)(&p.problem)))
        .collect()
}

impl From<AccountError> for AppError {
    /// For callers without words of their own (the command line): the request's language,
    /// English outside a request.
    fn from(err: AccountError) -> Self {
        let words = &request_locale().strings().accounts;
        match err.worded(words) {
            Ok(fields) => AppError::Validation(fields),
            Err(other) => other,
        }
    }
}

/// A new password's problem, if it has one.
pub(super) fn check_password(password: &str) -> Result<(), AccountProblem> {
    let length = password.chars().count();
    if length < PASSWORD_MIN_CHARS {
        return Err(AccountProblem::PasswordTooShort {
            min: PASSWORD_MIN_CHARS,
        });
    }
    if length > PASSWORD_MAX_CHARS {
        return Err(AccountProblem::PasswordTooLong {
            max: PASSWORD_MAX_CHARS,
        });
    }
    Ok(())
}

pub(super) fn valid_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && email.len() <= 254
        && !email
            .chars()
            .any(|c| c.is_whitespace() || c == '<' || c == '>')
        && !domain.contains('@')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_need_a_local_part_and_a_dotted_domain() {
        assert!(valid_email("ana@unido.org"));
        assert!(!valid_email("ana"));
        assert!(!valid_email("@unido.org"));
        assert!(!valid_email("ana@localhost"));
        assert!(!valid_email("ana@@unido.org"));
        assert!(!valid_email("a na@unido.org"));
        assert!(!valid_email("<script>@x.org"));
    }

    #[test]
    fn passwords_need_twelve_to_1024_characters() {
        assert_eq!(
            check_password("short"),
            Err(AccountProblem::PasswordTooShort { min: 12 })
        );
        assert_eq!(check_password("exactly12chr"), Ok(()));
        assert_eq!(
            check_password(&"x".repeat(1025)),
            Err(AccountProblem::PasswordTooLong { max: 1024 })
        );
    }
}
