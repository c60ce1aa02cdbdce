//! API tokens: `pilar_` followed by 43 characters of randomness (256 bits, base64url). The
//! prefix makes a leaked token recognisable to secret scanners; only a SHA-256 hash is stored.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// Every token starts with this.
pub const PREFIX: &str = "pilar_";
/// Characters of the secret part: 32 random bytes in base64url without padding.
const SECRET_LEN: usize = 43;
/// How much of a token is kept in clear to tell tokens apart (prefix + 6 characters).
const DISPLAY_LEN: usize = PREFIX.len() + 6;

/// A freshly made token: the secret to show once, and what is stored.
pub struct NewToken {
    pub secret: String,
    pub hash: [u8; 32],
    pub display_prefix: String,
}

/// Makes a new random token.
pub fn generate() -> NewToken {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let secret = format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(bytes));
    NewToken {
        hash: hash(&secret),
        display_prefix: secret[..DISPLAY_LEN].to_string(),
        secret,
    }
}

/// SHA-256 of a token (or of a session id): what the database keeps.
pub fn hash(secret: &str) -> [u8; 32] {
    Sha256::digest(secret.as_bytes()).into()
}

/// Whether a presented string has the shape of one of our tokens; anything else is refused
/// before the database is asked.
pub fn well_formed(candidate: &str) -> bool {
    candidate.len() == PREFIX.len() + SECRET_LEN
        && candidate.starts_with(PREFIX)
        && candidate[PREFIX.len()..]
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// A random secret for session ids and CSRF tokens (256 bits, base64url).
pub fn random_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::TokenScope;

    #[test]
    fn generated_tokens_are_well_formed_unique_and_hashed() {
        let a = generate();
        let b = generate();
        assert!(well_formed(&a.secret), "{}", a.secret);
        assert_ne!(a.secret, b.secret);
        assert_eq!(a.hash, hash(&a.secret));
        assert!(a.secret.starts_with(&a.display_prefix));
        assert_eq!(a.display_prefix.len(), 12);
    }

    #[test]
    fn malformed_tokens_are_recognised() {
        assert!(!well_formed(""));
        assert!(!well_formed("pilar_"));
        assert!(!well_formed("Bearer pilar_abc"));
        assert!(!well_formed(&format!("other_{}", "a".repeat(43))));
        assert!(!well_formed(&format!("pilar_{}", "a".repeat(42))));
        assert!(!well_formed(&format!("pilar_{}!", "a".repeat(42))));
        assert!(well_formed(&format!("pilar_{}", "a".repeat(43))));
    }

    #[test]
    fn scopes_parse() {
        assert_eq!("read".parse::<TokenScope>().unwrap(), TokenScope::Read);
        assert!("write".parse::<TokenScope>().unwrap().allows_writes());
        assert!("admin".parse::<TokenScope>().is_err());
    }
}
