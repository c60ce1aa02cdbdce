//! Passwords: Argon2 hashes (through `password-auth`, which picks the parameters), computed
//! off the async threads because a hash takes tens of milliseconds of CPU on purpose.

use std::sync::LazyLock;

// The rules a new password meets are `auth::accounts`' (limits in `domain::accounts`).

/// Hashes a password (Argon2id, random salt).
pub async fn hash(password: String) -> anyhow::Result<String> {
    Ok(tokio::task::spawn_blocking(move || password_auth::generate_hash(password)).await?)
}

/// A hash of a password nobody knows: verifying against it when the email is unknown makes
/// "no such user" take as long as "wrong password", so timing reveals nothing.
static DECOY_HASH: LazyLock<String> =
    LazyLock::new(|| password_auth::generate_hash("decoy password for timing"));

/// Whether `password` matches `hash`; with no hash (unknown user) it spends the same time and
/// answers no.
pub async fn verify(password: String, hash: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || match hash {
        Some(hash) => password_auth::verify_password(password, &hash).is_ok(),
        None => {
            let _ = password_auth::verify_password(password, &DECOY_HASH);
            false
        }
    })
    .await
    .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_differ_per_salt() {
        let a = hash("correct horse battery".into()).await.unwrap();
        let b = hash("correct horse battery".into()).await.unwrap();
        assert_ne!(a, b, "each hash has its own salt");
        assert!(a.starts_with("$argon2"));
        assert!(verify("correct horse battery".into(), Some(a.clone())).await);
        assert!(!verify("wrong horse battery".into(), Some(a)).await);
        assert!(!verify("anything".into(), None).await);
    }
}
