//! The words of the IATI results file's comments (`domain::iati::Note`): each comment is
//! written in every language, as narratives with their `xml:lang`. May use `domain/` only.

use crate::domain::iati::Note;

/// The IATI file's comments in one language. Functions take what the sentence names.
#[derive(Debug)]
pub struct IatiStrings {
    /// An indicator's description: its definition, its unit.
    pub definition: fn(&str, &str) -> String,
    /// A period's target: the target path's value at the period's end.
    pub target_path: &'static str,
    /// A flow's period target: the path's yearly value ÷ this many periods.
    pub target_path_flow: fn(u32) -> String,
    /// Organisations that reported, organisations assigned.
    pub partial_coverage: fn(usize, usize) -> String,
    /// Organisations that reported, assigned, and required for the minimum coverage.
    pub incomplete: fn(usize, usize, usize) -> String,
    /// Organisations that contribute, and the fewest that keep each one's figure unreadable.
    pub too_few: fn(usize, usize) -> String,
}

impl IatiStrings {
    /// The note in this language, about an indicator with this definition (in this
    /// language) and unit.
    pub fn say(&self, note: &Note, definition: &str, unit: &str) -> String {
        match *note {
            Note::Definition => (self.definition)(definition, unit),
            Note::TargetPath { flow: false, .. } => self.target_path.to_string(),
            Note::TargetPath {
                flow: true,
                periods_per_year,
            } => (self.target_path_flow)(periods_per_year),
            Note::PartialCoverage {
                reporters,
                assigned,
            } => (self.partial_coverage)(reporters, assigned),
            Note::Incomplete(c) => (self.incomplete)(c.reporters, c.assigned, c.required),
            Note::TooFewContributors {
                contributors,
                required,
            } => (self.too_few)(contributors, required),
        }
    }
}
