//! The shape of the words of the error pages (403, 404, 405, 413, 429, 500…) and of the API's
//! reference page at `/api/docs`. Values are in each language's file. May use nothing but
//! plain types and the domain's.

use crate::domain::{Clash, Denied, Missing, Violated};

/// What an error page says, by status.
#[derive(Debug)]
pub struct ErrorStrings {
    pub bad_request: &'static str,
    pub unauthorized: &'static str,
    pub forbidden: &'static str,
    pub not_found: &'static str,
    pub method_not_allowed: &'static str,
    pub conflict: &'static str,
    pub precondition_failed: &'static str,
    pub payload_too_large: &'static str,
    pub uri_too_long: &'static str,
    pub headers_too_large: &'static str,
    pub validation_failed: &'static str,
    pub too_many_requests: &'static str,
    pub unavailable: &'static str,
    pub unexpected: &'static str,
    /// The sentence under the title, from the status and the reason the code gave (an English
    /// sentence). English shows that reason; another language says what the status means for
    /// the reader, in its own words.
    pub explain: fn(u16, &str) -> String,
    /// What a 404 is about, as the sentence under the title: the thing (and its code), and
    /// where to go from here.
    pub missing: fn(&Missing) -> String,
    /// Why a request is not allowed (403), as the sentence under the title.
    pub denied: fn(&Denied) -> String,
    /// Why a request conflicts with what is stored (409), as the sentence under the title.
    pub clash: fn(&Clash) -> String,
    /// A rule the database keeps, beside the field it concerns.
    pub violated: fn(&Violated) -> String,
    /// A form larger than the limit (in KB): nothing was saved, and how not to lose the input.
    pub too_large: fn(&str) -> String,
    /// An address (414) or request headers (431) longer than the limit (in KB).
    pub address_too_long: fn(&str) -> String,
    pub headers_too_long: fn(&str) -> String,
    /// "Status 404 · request id".
    pub status_line: fn(u16) -> String,
    pub back_to_overview: &'static str,
}

/// The frame of the API reference page (the descriptions come from the OpenAPI document, in
/// English, as the API speaks).
#[derive(Debug)]
pub struct ApiDocsStrings {
    /// "{title} reference" in the browser's tab.
    pub reference_of: fn(&str) -> String,
    /// The line under the heading: the OpenAPI version.
    pub machine_readable: fn(&str) -> String,
    pub english_note: &'static str,
    pub contents: &'static str,
    pub operations: &'static str,
    pub schemas: &'static str,
    pub parameter: &'static str,
    pub located_in: &'static str,
    pub type_: &'static str,
    pub required: &'static str,
    pub description: &'static str,
    pub status: &'static str,
    pub meaning: &'static str,
    pub body: &'static str,
    pub field: &'static str,
    pub request_body: &'static str,
    pub one_of: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
}
