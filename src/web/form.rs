//! What the pages' forms share: the message shown next to a field.

/// The message next to a field, if any.
pub fn message_for(errors: &[crate::error::FieldMessage], field: &str) -> String {
    errors
        .iter()
        .filter(|e| e.pointer == field)
        .map(|e| e.message.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}
