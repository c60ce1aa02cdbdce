//! Web addresses people give as evidence or as an organisation's site: absolute `http` or
//! `https` with a host, of reasonable length. One rule for every channel and every form.

/// The longest web address accepted (characters).
pub const MAX_URL_CHARS: usize = 2048;

/// Whether a text is an absolute `http`/`https` address with a host, of reasonable length.
pub fn check_url(text: &str) -> Result<(), String> {
    if text.chars().count() > MAX_URL_CHARS {
        return Err(format!(
            "evidence_url is longer than {MAX_URL_CHARS} characters"
        ));
    }
    match url::Url::parse(text) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.host_str().is_some() => Ok(()),
        Ok(_) => Err(format!(
            "evidence_url must be an http or https address (got {text:?})"
        )),
        Err(e) => Err(format!(
            "evidence_url is not a valid web address ({e}): {text:?}"
        )),
    }
}
