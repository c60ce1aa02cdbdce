//! SQL, and only here: one module per aggregate, one instrumented function per query, every
//! parameter bound. Functions take a pool (or a transaction) and return plain rows or domain
//! types; text columns holding closed sets are parsed into the domain's enums at this edge.

pub mod audit;
pub mod catalogue;
pub mod changes;
pub mod compliance;
pub mod data_notes;
pub mod demo;
pub mod figures;
pub mod flows;
pub mod ghg;
pub mod iati;
pub mod idempotency;
pub mod imports;
pub mod milestones;
pub mod narratives;
pub mod notifications;
pub mod observation_writes;
pub mod observations;
pub mod organisations;
pub mod parks;
pub mod program;
pub mod review;
pub mod sign_in;
pub mod stakeholders;
pub mod structure;
pub mod synthetic;
pub mod tally;
pub mod tenant;
pub mod text;
pub mod tokens;
pub mod transparency;
pub mod users;

/// A closed-set column held a value the domain does not know: the database and the code
/// disagree, which is a bug, not bad input.
pub(crate) fn parse_column<T>(column: &'static str, value: &str) -> Result<T, sqlx::Error>
where
    T: std::str::FromStr,
    T::Err: std::error::Error + Send + Sync + 'static,
{
    value.parse::<T>().map_err(|e| sqlx::Error::ColumnDecode {
        index: column.to_string(),
        source: Box::new(e),
    })
}

/// A count column as a `usize`; a negative one means the database and the code disagree
/// (a tally lost a delta), which is a bug to report, not a state to show.
pub(crate) fn count_column(column: &'static str, value: i64) -> Result<usize, sqlx::Error> {
    usize::try_from(value).map_err(|e| sqlx::Error::ColumnDecode {
        index: column.to_string(),
        source: Box::new(e),
    })
}
