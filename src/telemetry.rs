//! Logging: one subscriber for the whole process, human-readable or JSON.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;

use crate::config::LogFormat;

/// Installs the global subscriber. Log lines go to stderr, so that stdout carries only what a
/// command prints for a script (the listening address, a token).
pub fn init(filter: &str, format: LogFormat) -> Result<(), String> {
    let filter = self::filter(filter)?;
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        // Colour codes only for a terminal; a log file or collector gets plain text.
        .with_ansi(std::io::stderr().is_terminal());
    let result = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .try_init(),
    };
    result.map_err(|e| e.to_string())
}

/// The log filter: the operator's directives, with tower-http's "response failed" line off.
/// Every 5xx is already logged once, by the error path that made it (an unexpected error with
/// its cause chain at ERROR, a refusal while the database is down at WARN); tower-http's line
/// repeated it at ERROR for each request, so that a database outage logged two ERROR lines
/// per refused request instead of one line when the database went down and one when it came
/// back (the supervisor's).
pub fn filter(directives: &str) -> Result<EnvFilter, String> {
    let filter = EnvFilter::try_new(directives)
        .map_err(|e| format!("invalid log filter {directives:?}: {e}"))?;
    Ok(filter.add_directive(
        "tower_http::trace::on_failure=off"
            .parse()
            .map_err(|e| format!("{e}"))?,
    ))
}
