//! Web addresses people give as evidence or as an organisation's site: absolute `http` or
//! `https` with a host, of reasonable length. One rule for every channel and every form. Also
//! the one rule for a page address a request asks to be sent to (`/login?next=`): a path on
//! this site, never another site (no open redirect).
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

/// A path on this site to redirect to, or `None` when the text could lead a browser anywhere
/// else: it must start with one `/` (not `//` or `/\`), hold no backslash and no control
/// character (browsers strip tabs and line breaks, so `/\t/evil.example` becomes
/// `//evil.example`), and stay so once percent-decoded. The answer is the path as a browser
/// would resolve it against this site, percent-encoded, so it is always a valid header value.
pub fn local_path(text: &str) -> Option<String> {
    fn plain(path: &str) -> bool {
        path.starts_with('/')
            && !path.starts_with("//")
            && !path.chars().any(|c| c == '\\' || c.is_control())
    }
    if text.len() > MAX_URL_CHARS || !plain(text) || !plain(&percent_decoded(text)) {
        return None;
    }
    let base = url::Url::parse("http://pilar.invalid/").ok()?;
    let joined = base.join(text).ok()?;
    if joined.origin() != base.origin() {
        return None;
    }
    let path = &joined[url::Position::BeforePath..];
    plain(path).then(|| path.to_string())
}

/// The text with its `%XX` escapes decoded (invalid UTF-8 replaced, not refused).
fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| text.get(i + 1..i + 3))
            .flatten()
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_on_this_site_are_local() {
        assert_eq!(local_path("/pillars/CE").as_deref(), Some("/pillars/CE"));
        assert_eq!(local_path("/a?b=c d").as_deref(), Some("/a?b=c%20d"));
        assert_eq!(local_path("/é").as_deref(), Some("/%C3%A9"));
        for hostile in [
            "",
            "pillars",
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r\nSet-Cookie: x=1",
            "/%2f/evil.example",
            "/%5Cevil.example",
            "/%09/evil.example",
            "https://evil.example",
            "/\u{0}",
            "/\u{7f}",
        ] {
            assert_eq!(local_path(hostile), None, "{hostile:?}");
        }
    }
}
