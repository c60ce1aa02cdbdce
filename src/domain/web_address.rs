//! Web addresses people give as evidence or as an organisation's site: absolute `http` or
//! `https` with a host, of reasonable length. One rule for every channel and every form.
//! Pure code: it touches nothing outside `domain/`.

use crate::domain::field_error::InputProblem;

/// The longest web address accepted (characters); forms declare it as their `maxlength`.
pub const MAX_URL_CHARS: usize = 2048;

/// Whether a text is an absolute `http`/`https` address with a host, of reasonable length;
/// the problem otherwise (the parser's own complaint is not passed on: people need to know
/// what to type, not why a parser failed).
pub fn check_url(text: &str) -> Result<(), InputProblem> {
    if text.chars().count() > MAX_URL_CHARS {
        return Err(InputProblem::TooLong { max: MAX_URL_CHARS });
    }
    match url::Url::parse(text) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.host_str().is_some() => Ok(()),
        _ => Err(InputProblem::NotWebAddress),
    }
}
