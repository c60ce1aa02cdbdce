//! Account operations shared by the command line and the admin pages: users and their
//! passwords ([`users`]), the programs a manager or viewer works in ([`programs`]), API tokens
//! ([`tokens`]). Each runs in one transaction with its audit
//! entry. What is wrong with the input comes back as [`AccountError::Invalid`], a list of
//! `domain::accounts::AccountProblem`s: the admin pages word them in the page's language
//! ([`AccountError::worded`]), the command line in English (through `AppError`, which words
//! them in the request's language, English outside a request). No HTML, no HTTP.

mod preferences;
mod programs;
mod reset;
mod rules;
mod tokens;
mod users;

pub use preferences::{notification_settings, set_notification_settings, settings_link_user};
pub use programs::{GrantError, set_user_programs};
pub use reset::{ResetError, ResetRequest, complete_reset, request_reset, reset_link_works};
pub use rules::{AccountError, messages};
pub use tokens::{IssuedToken, TokenInput, create_token, revoke_token};
pub use users::{
    DEMO_USERS, PasswordChange, UserEdit, UserInput, change_own_password, create_user,
    ensure_demo_users, ensure_first_admin, reset_password, set_user_active, update_user,
};
