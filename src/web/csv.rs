//! CSV downloads (RFC 4180): a header row, then one row per record, CRLF line ends, UTF-8 with a
//! byte-order mark so that Excel reads accented names right when the file is opened by a
//! double click (programs that read CSV skip the mark). Numbers are written for machines (a
//! dot, no grouping) whatever the page's language; text that a spreadsheet would run as a
//! formula is defused with a leading apostrophe.

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

/// A CSV document being written.
pub struct Csv {
    body: String,
}

/// One field of a row.
pub enum Field<'a> {
    /// Text from people or the database: quoted when needed, formulas defused.
    Text(&'a str),
    /// A number, written in full precision; empty when absent or not finite.
    Number(Option<f64>),
    /// A number rounded to the given decimals (an indicator's precision); empty when absent
    /// or not finite.
    Fixed(Option<f64>, u8),
}

/// The byte-order mark that starts every download: Excel takes a CSV without it for the
/// machine's legacy code page.
pub const BYTE_ORDER_MARK: char = '\u{feff}';

impl Csv {
    pub fn new(header: &[&str]) -> Csv {
        let mut csv = Csv {
            body: String::from(BYTE_ORDER_MARK),
        };
        csv.row(header.iter().map(|h| Field::Text(h)));
        csv
    }

    pub fn row<'a>(&mut self, fields: impl IntoIterator<Item = Field<'a>>) {
        let mut first = true;
        for field in fields {
            if !first {
                self.body.push(',');
            }
            first = false;
            match field {
                Field::Text(text) => self.body.push_str(&quote(text)),
                Field::Number(Some(n)) if n.is_finite() => self.body.push_str(&n.to_string()),
                Field::Number(_) => {}
                Field::Fixed(Some(n), decimals) if n.is_finite() => {
                    let fixed = format!("{n:.*}", usize::from(decimals));
                    // No "-0.0" for a tiny negative rounded away.
                    match fixed.strip_prefix('-') {
                        Some(rest) if rest.chars().all(|c| c == '0' || c == '.') => {
                            self.body.push_str(rest)
                        }
                        _ => self.body.push_str(&fixed),
                    }
                }
                Field::Fixed(..) => {}
            }
        }
        self.body.push_str("\r\n");
    }

    /// The document as a download named `filename` (ASCII, chosen by the code).
    pub fn into_download(self, filename: &str) -> Response {
        let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\""))
            .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
        (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("text/csv; charset=utf-8"),
                ),
                (header::CONTENT_DISPOSITION, disposition),
            ],
            self.body,
        )
            .into_response()
    }
}

/// Quotes a text field when it holds a separator, a quote or a line break, and defuses a
/// leading `=`, `+`, `-`, `@`, tab or carriage return, which spreadsheets read as a formula.
fn quote(text: &str) -> String {
    let defused;
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        defused = format!("'{text}");
        defused.as_str()
    } else {
        text
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_and_formulas_defused() {
        let mut csv = Csv::new(&["a", "b", "c"]);
        csv.row([
            Field::Text("plain"),
            Field::Text("with, comma and \"quotes\""),
            Field::Number(Some(1234.5)),
        ]);
        csv.row([
            Field::Text("=HYPERLINK(\"x\")"),
            Field::Number(None),
            Field::Number(Some(f64::NAN)),
        ]);
        csv.row([
            Field::Fixed(Some(577.8046820276497), 1),
            Field::Fixed(Some(-0.01), 1),
            Field::Fixed(None, 2),
        ]);
        assert_eq!(
            csv.body,
            "\u{feff}a,b,c\r\nplain,\"with, comma and \"\"quotes\"\"\",1234.5\r\n\"'=HYPERLINK(\"\"x\"\")\",,\r\n577.8,0.0,\r\n"
        );
        assert_eq!(quote("line\nbreak"), "\"line\nbreak\"");
        assert_eq!(quote("-5"), "'-5");
    }
}
