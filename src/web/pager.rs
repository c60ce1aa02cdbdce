//! Paging for pages whose lists grow with the number of organisations (the reporting matrix,
//! the stakeholder directory, an indicator's table by organisation): a page shows at most
//! [`PAGE_SIZE`] rows, so its size and cost stay the same at 20 or 2,000 tenants, and links
//! to the previous and next pages keep every other query parameter.

use crate::i18n::Strings;

/// Rows per page.
pub const PAGE_SIZE: usize = 50;

/// One page of a list, and the links around it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pager {
    /// 1-based; clamped to the pages that exist.
    pub page: usize,
    pub pages: usize,
    pub total: usize,
    /// The rows of this page: `rows[range]`.
    pub start: usize,
    pub end: usize,
    /// "Rows 51–100 of 2,023", or empty when everything fits on one page.
    pub label: String,
    pub previous: Option<String>,
    pub next: Option<String>,
    pub previous_label: &'static str,
    pub next_label: &'static str,
}

impl Pager {
    /// The page `requested` (1-based; anything out of range is clamped) of `total` rows.
    /// `href(n)` gives the link to page `n` (see [`page_href`]).
    pub fn new(
        total: usize,
        requested: Option<usize>,
        t: &Strings,
        href: impl Fn(usize) -> String,
    ) -> Self {
        let pages = total.div_ceil(PAGE_SIZE).max(1);
        let page = Self::page_for(total, requested);
        let start = ((page - 1) * PAGE_SIZE).min(total);
        let end = (start + PAGE_SIZE).min(total);
        Self {
            page,
            pages,
            total,
            start,
            end,
            label: if pages > 1 {
                (t.rows_of)(start + 1, end, total)
            } else {
                String::new()
            },
            previous: (page > 1).then(|| href(page - 1)),
            next: (page < pages).then(|| href(page + 1)),
            previous_label: t.previous_page,
            next_label: t.next_page,
        }
    }

    /// This page's rows of `rows`.
    /// The page shown of `total` rows when `requested` is asked for: the first or the last
    /// when it is out of range (the key of a page kept rendered).
    pub fn page_for(total: usize, requested: Option<usize>) -> usize {
        requested
            .unwrap_or(1)
            .clamp(1, total.div_ceil(PAGE_SIZE).max(1))
    }

    pub fn slice<'a, T>(&self, rows: &'a [T]) -> &'a [T] {
        &rows[self.start.min(rows.len())..self.end.min(rows.len())]
    }

    /// Whether there is more than one page (the page shows the pager only then).
    pub fn is_paged(&self) -> bool {
        self.pages > 1
    }
}

/// The page a request asks for: `?page=` is read leniently, so a hand-edited or stale link
/// (`page=abc`, `page=-1`) shows the first page rather than an error page.
pub fn requested_page(raw: Option<&str>) -> Option<usize> {
    raw.and_then(|p| p.trim().parse().ok())
}

/// `path?key=value&…&page=n`: the other parameters (empty values left out) kept as they are,
/// percent-encoded.
pub fn page_href(path: &str, params: &[(&str, &str)], page: usize) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (key, value) in params.iter().filter(|(_, v)| !v.is_empty()) {
        query.append_pair(key, value);
    }
    if page > 1 {
        query.append_pair("page", &page.to_string());
    }
    let query = query.finish();
    if query.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{query}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::EN;

    fn href(n: usize) -> String {
        page_href("/stakeholders", &[("kind", "tenant"), ("pillar", "")], n)
    }

    #[test]
    fn pages_cut_the_rows_and_clamp_the_request() {
        let p = Pager::new(120, Some(2), &EN, href);
        assert_eq!((p.page, p.pages, p.start, p.end), (2, 3, 50, 100));
        assert_eq!(p.previous.as_deref(), Some("/stakeholders?kind=tenant"));
        assert_eq!(p.next.as_deref(), Some("/stakeholders?kind=tenant&page=3"));
        assert_eq!(p.label, "Rows 51–100 of 120");
        let last = Pager::new(120, Some(99), &EN, href);
        assert_eq!((last.page, last.start, last.end), (3, 100, 120));
        assert!(last.next.is_none());
        let rows: Vec<usize> = (0..120).collect();
        assert_eq!(last.slice(&rows), &rows[100..120]);
        let zero = Pager::new(120, Some(0), &EN, href);
        assert_eq!(zero.page, 1);
        assert!(zero.previous.is_none());
    }

    #[test]
    fn one_page_shows_no_pager() {
        let p = Pager::new(7, None, &EN, href);
        assert!(!p.is_paged());
        assert_eq!((p.start, p.end, p.label.as_str()), (0, 7, ""));
        let empty = Pager::new(0, Some(3), &EN, href);
        assert_eq!(
            (empty.page, empty.pages, empty.start, empty.end),
            (1, 1, 0, 0)
        );
    }

    #[test]
    fn a_page_that_is_not_a_number_is_no_page() {
        assert_eq!(requested_page(Some(" 3 ")), Some(3));
        assert_eq!(requested_page(Some("abc")), None);
        assert_eq!(requested_page(Some("-1")), None);
        assert_eq!(requested_page(Some("")), None);
        assert_eq!(requested_page(None), None);
    }

    #[test]
    fn links_encode_their_parameters() {
        assert_eq!(
            page_href("/reporting", &[("pillar", "C&E <x>")], 2),
            "/reporting?pillar=C%26E+%3Cx%3E&page=2"
        );
    }
}
