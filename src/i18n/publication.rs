//! The words of publishing and of the public page: `/publish` (managers publish a period,
//! verifiers attest a statement) and `/public` (anyone reads what was published). The shape
//! only: the values are in `en.rs` and `id.rs`. May use nothing but std.

/// Publishing's and the public page's strings.
#[derive(Debug)]
pub struct PublicationStrings {
    pub nav_publish: &'static str,
    pub nav_public: &'static str,
    pub publish_title: &'static str,
    pub publish_intro: &'static str,
    pub period: &'static str,
    pub publish: &'static str,
    /// After publishing: the period and the log index of its statement.
    pub published_notice: fn(&str, u64) -> String,
    pub attested_notice: fn(u64) -> String,
    pub no_periods: &'static str,
    pub publications: &'static str,
    pub none_yet: &'static str,
    pub kind: &'static str,
    pub kind_statement: &'static str,
    pub kind_restatement: &'static str,
    pub entry: &'static str,
    pub published_at: &'static str,
    pub published_by: &'static str,
    pub figures: &'static str,
    pub statement: &'static str,
    pub proof: &'static str,
    pub attest_title: &'static str,
    pub attest_intro: &'static str,
    pub assurance: &'static str,
    pub limited: &'static str,
    pub reasonable: &'static str,
    pub note: &'static str,
    pub attest: &'static str,
    pub public_title: &'static str,
    pub public_intro: &'static str,
    pub checkpoint: &'static str,
    pub public_key: &'static str,
    pub how_to_verify: &'static str,
    pub indicator: &'static str,
    pub value: &'static str,
    pub target: &'static str,
    pub status: &'static str,
    pub coverage: &'static str,
    /// "3 of 4 organisations".
    pub coverage_of: fn(u64, u64) -> String,
    /// "Restated on {date} (was {old}): {reason}".
    pub restated: fn(&str, &str, &str) -> String,
    /// "{Limited|Reasonable} assurance: {note}".
    pub attested: fn(&str, &str) -> String,
    pub nothing_published: &'static str,
}
