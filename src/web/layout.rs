//! What every page's frame needs: the language of the page and its strings, the navigation and
//! language switch, the demo-data marker, who is signed in, and the CSRF token for the
//! sign-out form. Handlers extract a [`Layout`] and put it in their page's view model;
//! `templates/base.html` reads it as `layout`.
//!
//! The language is chosen for every request (pages, error pages, the API) by
//! [`choose_language`]: `?lang=` if given (and then remembered in the `lang` cookie), else the
//! cookie, else the signed-in user's preferred language, else `Accept-Language`, else English.
//! The API (`/api/v1/…`, not the reference page) answers in the language `Accept-Language`
//! prefers, whatever a browser's cookie says. [`first_language`] makes a first choice before
//! the session is known, so that even an answer given before it (a panic, a refused session)
//! is in the reader's language.

use axum::extract::{FromRef, FromRequestParts, Request};
use axum::http::header::{
    ACCEPT_LANGUAGE, CONTENT_LANGUAGE, CONTENT_TYPE, COOKIE, SET_COOKIE, VARY,
};
use axum::http::request::Parts;
use axum::http::{Extensions, HeaderMap, HeaderValue, Uri};
use axum::response::Response;

use crate::auth::CurrentUser;
use crate::auth::program::ProgramScope;
use crate::domain::Role;
use crate::domain::notifications::unread_badge;
use crate::error::AppError;
use crate::i18n::{Locale, Strings};
use crate::state::AppState;

/// The cookie that remembers the language; a year, like most sites' language choice.
const LANG_COOKIE: &str = "lang";
const LANG_COOKIE_MAX_AGE: u32 = 365 * 24 * 60 * 60;

/// The value of a query parameter in a raw query string (no percent-decoding: used for
/// language tags, which are plain ASCII).
fn query_param<'a>(query: Option<&'a str>, name: &str) -> Option<&'a str> {
    query?
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

/// The value of a cookie in the request's `Cookie` headers.
fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.trim_matches('"'))
}

/// The request's language: `?lang=`, else the cookie, else the signed-in user's preferred
/// language, else `Accept-Language`, else English (see [`Locale::choose`]).
fn locale_of(uri: &Uri, headers: &HeaderMap, extensions: &Extensions) -> Locale {
    let accept = headers.get(ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
    if uri.path().starts_with("/api/v1/") {
        return accept
            .and_then(Locale::from_accept_language)
            .unwrap_or_default();
    }
    Locale::choose(
        query_param(uri.query(), LANG_COOKIE),
        cookie(headers, LANG_COOKIE),
        accept,
        extensions
            .get::<CurrentUser>()
            .map(|u| u.preferred_language.as_str()),
    )
}

/// A first choice of the request's language, before the session is known (no account
/// preference yet): for the answers given before [`choose_language`] runs. Kept in the
/// request's extensions.
pub fn first_language(req: &mut Request) -> Locale {
    let locale = locale_of(req.uri(), req.headers(), req.extensions());
    req.extensions_mut().insert(locale);
    locale
}

/// The request's language once the session is known, and whether `?lang=` chose it (then it
/// is remembered in a cookie by [`mark_language`]).
#[derive(Debug, Clone, Copy)]
pub struct LanguageChoice {
    pub locale: Locale,
    /// Whether it differs from [`first_language`]'s choice (the account's preference counted).
    pub changed: bool,
    explicit: Option<Locale>,
}

/// Chooses the request's language (the signed-in user known) for the handlers and the error
/// responses. Without a signed-in user the first choice stands, and is not made twice.
pub fn choose_language(req: &mut Request) -> LanguageChoice {
    let explicit = query_param(req.uri().query(), LANG_COOKIE).and_then(Locale::from_tag);
    let first = req.extensions().get::<Locale>().copied();
    let locale = match first {
        Some(locale) if req.extensions().get::<CurrentUser>().is_none() => locale,
        _ => {
            let locale = locale_of(req.uri(), req.headers(), req.extensions());
            req.extensions_mut().insert(locale);
            locale
        }
    };
    LanguageChoice {
        locale,
        changed: first != Some(locale),
        explicit,
    }
}

/// On the response: remembers an explicit `?lang=` choice in a cookie, and says which
/// language an HTML page is in and what it varied on.
pub fn mark_language(response: &mut Response, choice: LanguageChoice) {
    let headers = response.headers_mut();
    if let Some(chosen) = choice.explicit {
        let cookie = format!(
            "{LANG_COOKIE}={}; Path=/; Max-Age={LANG_COOKIE_MAX_AGE}; SameSite=Lax; HttpOnly",
            chosen.tag()
        );
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            headers.append(SET_COOKIE, value);
        }
    }
    let html = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if html {
        headers.insert(
            CONTENT_LANGUAGE,
            HeaderValue::from_static(choice.locale.tag()),
        );
        headers.append(VARY, HeaderValue::from_static("Accept-Language, Cookie"));
    }
}

/// The signed-in user, as the page header shows them.
#[derive(Debug, Clone)]
pub struct UserBadge {
    pub display_name: String,
    pub role: Role,
    /// A tenant user's organisation.
    pub organisation_id: Option<uuid::Uuid>,
}

/// Which entry of the main navigation a page belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nav {
    /// No entry is marked (sign-in, admin and tenant pages).
    None,
    Overview,
    Timeline,
    Reporting,
    Stakeholders,
    Reports,
    Ghg,
    Flows,
    Parks,
}

impl Nav {
    fn as_str(self) -> &'static str {
        match self {
            Nav::None => "",
            Nav::Overview => "overview",
            Nav::Timeline => "timeline",
            Nav::Reporting => "reporting",
            Nav::Stakeholders => "stakeholders",
            Nav::Reports => "reports",
            Nav::Ghg => "ghg",
            Nav::Flows => "flows",
            Nav::Parks => "parks",
        }
    }
}

/// One link of the language switch.
#[derive(Debug, Clone)]
pub struct LanguageLink {
    pub href: String,
    pub tag: &'static str,
    pub name: &'static str,
    pub current: bool,
}

/// One link of the program switch: the same page in another program.
#[derive(Debug, Clone)]
pub struct ProgramLink {
    pub href: String,
    /// The park's code (the switch's short label) and the program's name (its title).
    pub park: String,
    pub name: String,
    pub current: bool,
}

/// The page frame's data.
#[derive(Debug, Clone)]
pub struct Layout {
    pub demo: bool,
    pub user: Option<UserBadge>,
    /// The session's CSRF token (empty when signed out).
    pub csrf_token: String,
    /// The signed-in person's unread notifications as the header shows them ("3", "99+"),
    /// read with the session (no query of its own); `None` when there are none.
    pub unread: Option<String>,
    pub is_admin: bool,
    pub is_manager: bool,
    /// A verifier: attests published statements (`/attest`).
    pub is_verifier: bool,
    /// The page's language (`<html lang>`) and its strings.
    pub locale: Locale,
    pub lang: &'static str,
    pub t: &'static Strings,
    /// The navigation entry to mark as current (see [`Layout::at`]).
    pub nav: &'static str,
    /// The same page in each language.
    pub languages: Vec<LanguageLink>,
    /// The same page in each program open to the reader: shown when there are several.
    pub programs: Vec<ProgramLink>,
}

impl Layout {
    /// Whether the signed-in user may read the dashboards (the navigation shows them).
    pub fn reads_dashboards(&self) -> bool {
        self.user
            .as_ref()
            .is_some_and(|u| matches!(u.role, Role::Viewer | Role::Manager | Role::Admin))
    }

    /// Who the page's reader is to a review note (`auth::policy::may_read_note`).
    pub fn note_reader(&self) -> crate::auth::policy::NoteReader {
        crate::auth::policy::NoteReader::of_user(
            self.user.as_ref().map(|u| u.role),
            self.user.as_ref().and_then(|u| u.organisation_id),
        )
    }

    /// The frame with `nav` marked as the current navigation entry.
    pub fn at(mut self, nav: Nav) -> Layout {
        self.nav = nav.as_str();
        self
    }
}

/// This page's address in another language: the same path and query, `lang` replaced.
fn address_in(uri: &Uri, locale: Locale) -> String {
    address_with(uri, LANG_COOKIE, locale.tag())
}

/// This page's address with one query parameter replaced: written into one string sized for
/// it (every page makes one per language of the switch).
fn address_with(uri: &Uri, name: &str, value: &str) -> String {
    let (path, query) = (uri.path(), uri.query().unwrap_or(""));
    let mut address =
        String::with_capacity(path.len() + query.len() + name.len() + value.len() + 3);
    address.push_str(path);
    address.push('?');
    for pair in query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .filter(|pair| pair.split('=').next() != Some(name))
    {
        address.push_str(pair);
        address.push('&');
    }
    address.push_str(name);
    address.push('=');
    address.push_str(value);
    address
}

/// The program switch: the overview of each program open to the reader, when there are
/// several (another program's page of the same address may not exist: an indicator of one
/// program is not one of the other's).
fn program_links(scope: Option<&ProgramScope>, locale: Locale) -> Vec<ProgramLink> {
    let Some(scope) = scope.filter(|s| s.open.len() > 1) else {
        return Vec::new();
    };
    let root: Uri = Uri::from_static("/");
    scope
        .open
        .iter()
        .map(|p| ProgramLink {
            href: address_with(&root, crate::auth::program::PROGRAM_PARAM, &p.code),
            park: p.park_code.clone(),
            name: locale.text(&p.name).to_string(),
            current: scope.current.as_ref().is_some_and(|c| c.id == p.id),
        })
        .collect()
}

impl<S> FromRequestParts<S> for Layout
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let state = AppState::from_ref(state);
        let locale = parts
            .extensions
            .get::<Locale>()
            .copied()
            .unwrap_or_else(|| locale_of(&parts.uri, &parts.headers, &parts.extensions));
        let user = parts.extensions.get::<CurrentUser>();
        Ok(Layout {
            demo: super::facts::demo_loaded(&state).await?,
            csrf_token: user.map(|u| u.csrf_token.clone()).unwrap_or_default(),
            unread: user.and_then(|u| unread_badge(u.unread_notifications)),
            is_admin: user.is_some_and(|u| u.role == Role::Admin),
            is_manager: user.is_some_and(|u| matches!(u.role, Role::Manager | Role::Admin)),
            is_verifier: user.is_some_and(|u| u.role == Role::Verifier),
            user: user.map(|u| UserBadge {
                display_name: u.display_name.clone(),
                role: u.role,
                organisation_id: u.organisation_id,
            }),
            locale,
            lang: locale.tag(),
            t: locale.strings(),
            nav: Nav::None.as_str(),
            languages: Locale::ALL
                .iter()
                .map(|l| LanguageLink {
                    href: address_in(&parts.uri, *l),
                    tag: l.tag(),
                    name: l.native_name(),
                    current: *l == locale,
                })
                .collect(),
            programs: program_links(parts.extensions.get::<ProgramScope>(), locale),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_switch_keeps_the_page_and_its_filters() {
        let uri: Uri = "/".parse().unwrap();
        assert_eq!(address_in(&uri, Locale::Id), "/?lang=id");
        let uri: Uri = "/timeline?pillar=CE&lang=en&status=late".parse().unwrap();
        assert_eq!(
            address_in(&uri, Locale::Id),
            "/timeline?pillar=CE&status=late&lang=id"
        );
    }

    #[test]
    fn query_parameters_and_cookies_are_found_by_name() {
        assert_eq!(query_param(Some("a=1&lang=id"), "lang"), Some("id"));
        assert_eq!(query_param(Some("language=id"), "lang"), None);
        assert_eq!(query_param(None, "lang"), None);
        let mut headers = HeaderMap::new();
        headers.insert(COOKIE, HeaderValue::from_static("session=x; lang=id"));
        assert_eq!(cookie(&headers, "lang"), Some("id"));
        assert_eq!(cookie(&headers, "nope"), None);
    }

    #[test]
    fn the_language_comes_from_the_query_the_cookie_or_the_browser() {
        let uri: Uri = "/?lang=id".parse().unwrap();
        let none = Extensions::new();
        assert_eq!(locale_of(&uri, &HeaderMap::new(), &none), Locale::Id);
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT_LANGUAGE, HeaderValue::from_static("id-ID,id;q=0.9"));
        let plain: Uri = "/".parse().unwrap();
        assert_eq!(locale_of(&plain, &headers, &none), Locale::Id);
        headers.insert(COOKIE, HeaderValue::from_static("lang=en"));
        assert_eq!(locale_of(&plain, &headers, &none), Locale::En);
    }
}
