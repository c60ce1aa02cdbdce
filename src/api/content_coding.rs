//! The content coding an answer is sent in: gzip when the request's `Accept-Encoding` accepts
//! it (RFC 9110 §12.5.3, q-values included), else none. Every HTTP client library sends
//! `Accept-Encoding: gzip`; the large answers clients poll (`api::kept`) shrink to a tenth.

use std::convert::Infallible;

use axum::extract::FromRequestParts;
use axum::http::header::ACCEPT_ENCODING;
use axum::http::request::Parts;

/// How an answer's body may be sent to this request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coding {
    /// Compressed with gzip (`Content-Encoding: gzip`).
    Gzip,
    /// As it is.
    Identity,
}

/// A q-value in thousandths (`q=0.5` is 500): 0 refuses, 1000 is the default.
type Quality = u16;

const FULL: Quality = 1000;

impl Coding {
    /// The coding the `Accept-Encoding` values (every such header of the request, in order)
    /// prefer. Gzip when it is acceptable (named, or `*`, with a q-value above 0) and not
    /// less wanted than identity; identity otherwise — also when identity itself is refused
    /// and gzip too, for a refusal of everything has nothing better to offer (RFC 9110 lets
    /// the server send the answer uncoded then). No header: identity, what a client that
    /// names no coding can surely read.
    pub fn preferred<'a>(values: impl IntoIterator<Item = &'a str>) -> Coding {
        let (mut gzip, mut identity, mut any) = (None, None, None);
        for entry in values.into_iter().flat_map(|value| value.split(',')) {
            let mut parts = entry.split(';');
            let name = parts.next().unwrap_or_default().trim();
            if name.is_empty() {
                continue;
            }
            let quality = quality(parts);
            let slot = if name.eq_ignore_ascii_case("gzip") || name.eq_ignore_ascii_case("x-gzip") {
                &mut gzip
            } else if name.eq_ignore_ascii_case("identity") {
                &mut identity
            } else if name == "*" {
                &mut any
            } else {
                continue;
            };
            // A coding named twice: its refusal wins.
            *slot = Some(slot.map_or(quality, |q: Quality| q.min(quality)));
        }
        let gzip = gzip.or(any).unwrap_or(0);
        // Identity named by nobody is the fallback, not a rival: `gzip;q=0.5` alone asks for gzip.
        let identity = identity.or(any).unwrap_or(0);
        if gzip > 0 && gzip >= identity {
            Coding::Gzip
        } else {
            Coding::Identity
        }
    }
}

/// The q-value among an entry's parameters (`;q=0.8`), [`FULL`] when there is none, 0 when it
/// is malformed (a coding we cannot read the weight of is not one to send).
fn quality<'a>(parameters: impl Iterator<Item = &'a str>) -> Quality {
    for parameter in parameters {
        let Some((name, value)) = parameter.split_once('=') else {
            continue;
        };
        if name.trim().eq_ignore_ascii_case("q") {
            return parse_quality(value.trim()).unwrap_or(0);
        }
    }
    FULL
}

/// `qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )`, in thousandths.
fn parse_quality(value: &str) -> Option<Quality> {
    let (whole, fraction) = value.split_once('.').unwrap_or((value, ""));
    if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let thousandths = fraction
        .bytes()
        .chain(std::iter::repeat(b'0'))
        .take(3)
        .fold(0, |n, digit| n * 10 + Quality::from(digit - b'0'));
    match whole {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(FULL),
        _ => None,
    }
}

/// The request's preferred coding, as an extractor (it never refuses a request).
impl<S: Send + Sync> FromRequestParts<S> for Coding {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Infallible> {
        Ok(Coding::preferred(
            parts
                .headers
                .get_all(ACCEPT_ENCODING)
                .iter()
                .filter_map(|value| value.to_str().ok()),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(values: &[&str]) -> Coding {
        Coding::preferred(values.iter().copied())
    }

    #[test]
    fn what_clients_send_is_gzip() {
        assert_eq!(of(&["gzip"]), Coding::Gzip);
        assert_eq!(of(&["gzip, deflate"]), Coding::Gzip);
        assert_eq!(of(&["gzip, deflate, br, zstd"]), Coding::Gzip);
        assert_eq!(of(&["deflate, gzip;q=1.0, *;q=0.5"]), Coding::Gzip);
        assert_eq!(of(&["GZIP"]), Coding::Gzip);
        assert_eq!(of(&["x-gzip"]), Coding::Gzip);
        assert_eq!(of(&[" gzip ; q=0.001 "]), Coding::Gzip);
        assert_eq!(of(&["gzip;q=0.5"]), Coding::Gzip);
    }

    #[test]
    fn no_header_an_empty_one_or_other_codings_are_identity() {
        assert_eq!(of(&[]), Coding::Identity);
        assert_eq!(of(&[""]), Coding::Identity);
        assert_eq!(of(&["identity"]), Coding::Identity);
        assert_eq!(of(&["deflate, br"]), Coding::Identity);
        assert_eq!(of(&[" , ,"]), Coding::Identity);
    }

    #[test]
    fn q_zero_refuses() {
        assert_eq!(of(&["gzip;q=0"]), Coding::Identity);
        assert_eq!(of(&["gzip; q=0.000"]), Coding::Identity);
        assert_eq!(of(&["gzip;Q=0."]), Coding::Identity);
        assert_eq!(of(&["*, gzip;q=0"]), Coding::Identity);
        // Named twice: the refusal wins, whatever the order.
        assert_eq!(of(&["gzip", "gzip;q=0"]), Coding::Identity);
        assert_eq!(of(&["gzip;q=0, gzip"]), Coding::Identity);
    }

    #[test]
    fn the_wildcard_stands_for_gzip_unless_gzip_is_named() {
        assert_eq!(of(&["*"]), Coding::Gzip);
        assert_eq!(of(&["*;q=0.3"]), Coding::Gzip);
        assert_eq!(of(&["*;q=0"]), Coding::Identity);
        assert_eq!(of(&["gzip;q=0.5, *;q=0"]), Coding::Gzip);
    }

    #[test]
    fn identity_preferred_by_weight_is_sent_uncompressed() {
        assert_eq!(of(&["gzip;q=0.5, identity"]), Coding::Identity);
        assert_eq!(of(&["gzip;q=0.5, identity;q=0.5"]), Coding::Gzip);
        assert_eq!(of(&["gzip;q=0.5, identity;q=0"]), Coding::Gzip);
        assert_eq!(of(&["gzip;q=0.5, *;q=0.9"]), Coding::Identity);
        assert_eq!(of(&["identity;q=0, *;q=0"]), Coding::Identity);
    }

    #[test]
    fn several_header_lines_are_one_list() {
        assert_eq!(of(&["deflate", "gzip"]), Coding::Gzip);
        assert_eq!(of(&["identity;q=0.1", "gzip;q=0.2"]), Coding::Gzip);
    }

    #[test]
    fn a_malformed_weight_refuses_its_coding() {
        assert_eq!(of(&["gzip;q=2"]), Coding::Identity);
        assert_eq!(of(&["gzip;q=1.5"]), Coding::Identity);
        assert_eq!(of(&["gzip;q=0.1234"]), Coding::Identity);
        assert_eq!(of(&["gzip;q=abc"]), Coding::Identity);
        assert_eq!(of(&["gzip;q="]), Coding::Identity);
        assert_eq!(of(&["gzip;q=-1"]), Coding::Identity);
        // Other parameters are not weights.
        assert_eq!(of(&["gzip;level=9"]), Coding::Gzip);
        assert_eq!(of(&["gzip;foo"]), Coding::Gzip);
    }

    #[test]
    fn weights_read_in_thousandths() {
        assert_eq!(parse_quality("1"), Some(1000));
        assert_eq!(parse_quality("1.000"), Some(1000));
        assert_eq!(parse_quality("1.001"), None);
        assert_eq!(parse_quality("0.5"), Some(500));
        assert_eq!(parse_quality("0.05"), Some(50));
        assert_eq!(parse_quality("0.123"), Some(123));
        assert_eq!(parse_quality("0"), Some(0));
        assert_eq!(parse_quality(".5"), None);
        assert_eq!(parse_quality("00.5"), None);
    }
}
