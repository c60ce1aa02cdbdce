//! The one shape of "this input is wrong here": a message about a field of an input, or of
//! one item of a batch. Every rule that checks input (the value rules here, the reports
//! workflow, the API's reading of a batch, the pages' reading of a form) reports in it; only
//! the edges turn it into something else — a message next to a form field, or an entry of a
//! problem+json `errors` list. Pure data: it may not touch anything outside `domain/`.

use std::fmt;

/// A problem with one field of an input, phrased so the user can fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The item's position in a batch; `None` for a single input.
    pub item: Option<usize>,
    /// The field at fault (`numerator`, `period_start`…); `None` for the input (or the item)
    /// as a whole.
    pub field: Option<String>,
    /// What is wrong, as a sentence.
    pub message: String,
}

impl FieldError {
    /// A problem with `field` of a single input.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        FieldError {
            item: None,
            field: Some(field.into()),
            message: message.into(),
        }
    }

    /// A problem with an input (or an item) as a whole.
    pub fn whole(message: impl Into<String>) -> Self {
        FieldError {
            item: None,
            field: None,
            message: message.into(),
        }
    }

    /// The same problem, about item `item` of a batch (`None`: a single input).
    pub fn in_item(self, item: Option<usize>) -> Self {
        FieldError { item, ..self }
    }

    /// A JSON Pointer (RFC 6901) into the request body: `/items/3/numerator` in a batch,
    /// `/numerator` for a single input, `/items/3` or `""` for the whole item or input.
    pub fn pointer(&self) -> String {
        let mut pointer = String::new();
        if let Some(item) = self.item {
            pointer.push_str(&format!("/items/{item}"));
        }
        if let Some(field) = &self.field {
            pointer.push('/');
            pointer.push_str(field);
        }
        pointer
    }
}

/// `field: message`, or the message alone for the input as a whole (the item is not named:
/// whoever shows it shows it beside its item).
impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.field {
            Some(field) => write!(f, "{field}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for FieldError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_name_the_item_and_the_field() {
        let single = FieldError::new("numerator", "too big");
        assert_eq!(single.pointer(), "/numerator");
        assert_eq!(
            single.clone().in_item(Some(3)).pointer(),
            "/items/3/numerator"
        );
        assert_eq!(
            FieldError::whole("no").in_item(Some(0)).pointer(),
            "/items/0"
        );
        assert_eq!(FieldError::whole("no").pointer(), "");
    }

    #[test]
    fn displays_the_field_and_the_message() {
        assert_eq!(
            FieldError::new("stage", "stage must be between 0 and 3").to_string(),
            "stage: stage must be between 0 and 3"
        );
        assert_eq!(
            FieldError::whole("this item could not be read")
                .in_item(Some(2))
                .to_string(),
            "this item could not be read"
        );
    }
}
