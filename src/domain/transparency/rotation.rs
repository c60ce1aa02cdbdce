//! Rotating the log's signing key without breaking the chain of trust. A rotation is an
//! entry of the log of its own (`pilar-key-rotation/1`): the old and the new verifier keys
//! and the old key's Ed25519 signature of
//!
//! ```text
//! pilar-key-rotation/1\n<log origin>\n<old verifier key>\n<new verifier key>\n
//! ```
//!
//! It is appended while the old key is still the log's key, so the checkpoint of the tree
//! that first holds it is signed by the old key too. A verifier that kept the old key walks
//! the log's rotations in order: each must be signed by the key it trusts at that point,
//! which then hands over to the new one. A checkpoint of `n` entries must be signed by the
//! key in force at `n`: the new key of the last rotation among the first `n` entries (or,
//! for the tree whose last entry is that rotation, the key it replaced).

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Serialize};

use super::note::{NoteSigner, VerifierKey};

/// The entry format's name.
pub const FORMAT: &str = "pilar-key-rotation/1";
/// The entry's `kind`.
pub const KIND: &str = "key_rotation";

/// A key rotation as the log holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyRotation {
    pub format: String,
    pub kind: String,
    pub log: String,
    /// The verifier keys (`name+id+base64`) before and after.
    pub old_key: String,
    pub new_key: String,
    /// When it was rotated (RFC 3339, UTC).
    pub rotated_at: String,
    /// The old key's Ed25519 signature of [`signed_message`], standard base64.
    pub signature: String,
}

/// The bytes the old key signs.
pub fn signed_message(log: &str, old_key: &str, new_key: &str) -> Vec<u8> {
    format!("{FORMAT}\n{log}\n{old_key}\n{new_key}\n").into_bytes()
}

/// The rotation from `old` to `new` (both named for the same log), signed by `old`.
pub fn rotation(old: &NoteSigner, new: &NoteSigner, rotated_at: String) -> KeyRotation {
    let old_key = old.verifier_key();
    let new_key = new.verifier_key();
    let signature = old.sign_message(&signed_message(old.name(), &old_key, &new_key));
    KeyRotation {
        format: FORMAT.to_owned(),
        kind: KIND.to_owned(),
        log: old.name().to_owned(),
        old_key,
        new_key,
        rotated_at,
        signature: STANDARD.encode(signature),
    }
}

/// The keys of a log as a verifier that kept `kept` follows them.
#[derive(Debug, Clone)]
pub struct KeyChain {
    /// The key the walk started from.
    pub kept: VerifierKey,
    /// Each rotation followed: its log index and the key it handed over to.
    pub rotations: Vec<(u64, VerifierKey)>,
}

impl KeyChain {
    /// The keys that may sign a checkpoint of `size` entries: the key in force at `size`,
    /// and, when the last of those entries is a rotation, the key it replaced.
    pub fn keys_for_size(&self, size: u64) -> Vec<&VerifierKey> {
        let mut current = &self.kept;
        let mut previous = None;
        for (position, key) in &self.rotations {
            if *position < size {
                previous = (*position + 1 == size).then_some(current);
                current = key;
            }
        }
        let mut keys = vec![current];
        keys.extend(previous);
        keys
    }

    /// The key in force after every entry.
    pub fn current(&self) -> &VerifierKey {
        self.rotations.last().map_or(&self.kept, |(_, k)| k)
    }
}

/// Walks the log's entries (parsed JSON, in order) from the key a verifier kept. Rotations
/// before the one that handed over to the kept key are history the verifier does not need
/// (it trusts that key directly); every later one must name the key trusted at that point
/// as its old key and carry that key's signature. `Err` names the first entry that does not.
pub fn follow(kept: &VerifierKey, entries: &[serde_json::Value]) -> Result<KeyChain, String> {
    let rotation_at = |i: usize| -> Option<KeyRotation> {
        (entries[i].get("kind").and_then(|k| k.as_str()) == Some(KIND))
            .then(|| serde_json::from_value(entries[i].clone()).ok())
            .flatten()
    };
    let kept_text = kept.to_string();
    let start = (0..entries.len())
        .rev()
        .find(|i| rotation_at(*i).is_some_and(|r| r.new_key == kept_text))
        .map_or(0, |i| i + 1);
    let mut chain = KeyChain {
        kept: kept.clone(),
        rotations: Vec::new(),
    };
    for (index, entry) in entries.iter().enumerate().skip(start) {
        if entry.get("kind").and_then(|k| k.as_str()) != Some(KIND) {
            continue;
        }
        let Some(rotation) = rotation_at(index) else {
            return Err(format!("key rotation {index} is not in the {FORMAT} form"));
        };
        let trusted = chain.current().clone();
        if rotation.format != FORMAT || rotation.old_key != trusted.to_string() {
            return Err(format!(
                "key rotation {index} does not hand over from the log's key {trusted}"
            ));
        }
        let signature = STANDARD.decode(&rotation.signature).unwrap_or_default();
        let message = signed_message(&rotation.log, &rotation.old_key, &rotation.new_key);
        if !trusted.verifies(&message, &signature) {
            return Err(format!(
                "key rotation {index} is not signed by the log's key {trusted}"
            ));
        }
        let new: VerifierKey = rotation
            .new_key
            .parse()
            .map_err(|_| format!("key rotation {index} names no readable new key"))?;
        if new.name != trusted.name {
            return Err(format!(
                "key rotation {index} renames the log from {} to {}",
                trusted.name, new.name
            ));
        }
        chain.rotations.push((index as u64, new));
    }
    Ok(chain)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signer(seed: u8) -> NoteSigner {
        NoteSigner::from_seed("example.org/log", [seed; 32])
    }

    fn key(s: &NoteSigner) -> VerifierKey {
        s.verifier_key().parse().unwrap()
    }

    fn entry(r: &KeyRotation) -> serde_json::Value {
        serde_json::to_value(r).unwrap()
    }

    fn statement() -> serde_json::Value {
        serde_json::json!({"kind": "statement"})
    }

    #[test]
    fn a_chain_of_two_rotations_is_followed_from_the_first_key() {
        let (k0, k1, k2) = (signer(1), signer(2), signer(3));
        let entries = vec![
            statement(),
            entry(&rotation(&k0, &k1, "t".into())),
            statement(),
            entry(&rotation(&k1, &k2, "t".into())),
        ];
        let chain = follow(&key(&k0), &entries).unwrap();
        assert_eq!(chain.current(), &key(&k2));
        assert_eq!(chain.keys_for_size(1), vec![&key(&k0)]);
        // The tree whose last entry is the rotation: signed by either key.
        assert_eq!(chain.keys_for_size(2), vec![&key(&k1), &key(&k0)]);
        assert_eq!(chain.keys_for_size(3), vec![&key(&k1)]);
        assert_eq!(chain.keys_for_size(5), vec![&key(&k2)]);
        // A verifier that learnt the second key directly starts there.
        let chain = follow(&key(&k1), &entries).unwrap();
        assert_eq!(chain.current(), &key(&k2));
        assert_eq!(chain.rotations.len(), 1);
    }

    #[test]
    fn a_rotation_signed_by_another_key_is_refused() {
        let (k0, k1, forger) = (signer(1), signer(2), signer(9));
        // Names the right old key, but the signature is the forger's.
        let mut forged = rotation(&k0, &k1, "t".into());
        let by_forger = rotation(&forger, &k1, "t".into());
        forged.signature = by_forger.signature;
        assert!(follow(&key(&k0), &[statement(), entry(&forged)]).is_err());
        // Hands over from a key that is not the log's.
        let foreign = rotation(&forger, &k1, "t".into());
        assert!(follow(&key(&k0), &[entry(&foreign)]).is_err());
        // An edited new key breaks the signature.
        let mut edited = rotation(&k0, &k1, "t".into());
        edited.new_key = forger.verifier_key();
        assert!(follow(&key(&k0), &[entry(&edited)]).is_err());
    }
}
