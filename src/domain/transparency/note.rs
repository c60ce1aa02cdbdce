//! Checkpoints in the C2SP `tlog-checkpoint` format, signed as C2SP `signed-note`s with
//! Ed25519 (https://c2sp.org/tlog-checkpoint, https://c2sp.org/signed-note).
//!
//! A checkpoint's body is three lines, each ending in a newline: the log's origin, the tree
//! size in decimal, the root hash in standard base64. A blank line follows, then one
//! signature line per signer: an em dash (U+2014), a space, the key name, a space, and the
//! base64 of the 4-byte key id followed by the 64-byte Ed25519 signature of the body's bytes.
//! The key id is the first four bytes of SHA-256(key name ‖ "\n" ‖ 0x01 ‖ public key); the
//! verifier key is published as `name+hex(key id)+base64(0x01 ‖ public key)`.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use sha2::{Digest, Sha256};

use super::merkle::Hash;

/// The signature algorithm byte of Ed25519 in signed notes.
const ED25519: u8 = 0x01;

/// A checkpoint: the state of the log a signer vouches for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    pub origin: String,
    pub size: u64,
    pub root: Hash,
}

impl Checkpoint {
    /// The body that is signed.
    pub fn body(&self) -> String {
        format!(
            "{}\n{}\n{}\n",
            self.origin,
            self.size,
            STANDARD.encode(self.root)
        )
    }
}

/// Why a note is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoteError {
    #[error("the checkpoint is not in the tlog-checkpoint format: {0}")]
    Malformed(&'static str),
    #[error("the checkpoint carries no signature by the key {0}")]
    NoSignatureByKey(String),
    #[error("the signature by the key {0} does not verify")]
    BadSignature(String),
    #[error("the verifier key is not in the name+id+key format")]
    BadVerifierKey,
    #[error("the checkpoint is for the log \"{found}\", not \"{expected}\"")]
    WrongOrigin { expected: String, found: String },
}

/// A log's signing key with its name (the log's origin).
pub struct NoteSigner {
    name: String,
    key: SigningKey,
}

impl std::fmt::Debug for NoteSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NoteSigner")
            .field("name", &self.name)
            .field("key_id", &hex(&self.key_id()))
            .finish_non_exhaustive()
    }
}

impl NoteSigner {
    /// A signer from a 32-byte Ed25519 seed.
    pub fn from_seed(name: &str, seed: [u8; 32]) -> NoteSigner {
        NoteSigner {
            name: name.to_owned(),
            key: SigningKey::from_bytes(&seed),
        }
    }

    /// The key as golang.org/x/mod/sumdb/note writes a signer key:
    /// `PRIVATE+KEY+name+hex id+base64(0x01 ‖ seed)`. Keep it secret.
    pub fn private_key_text(&self) -> String {
        let mut typed = vec![ED25519];
        typed.extend_from_slice(self.key.as_bytes());
        format!(
            "PRIVATE+KEY+{}+{}+{}",
            self.name,
            hex(&self.key_id()),
            STANDARD.encode(typed)
        )
    }

    /// Reads [`NoteSigner::private_key_text`]'s form back.
    pub fn from_private_key_text(text: &str) -> Result<NoteSigner, NoteError> {
        let rest = text
            .trim()
            .strip_prefix("PRIVATE+KEY+")
            .ok_or(NoteError::BadVerifierKey)?;
        let mut parts = rest.splitn(3, '+');
        let (Some(name), Some(id), Some(key)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(NoteError::BadVerifierKey);
        };
        let typed = STANDARD
            .decode(key)
            .map_err(|_| NoteError::BadVerifierKey)?;
        let (Some(&ED25519), Ok(seed)) = (
            typed.first(),
            <[u8; 32]>::try_from(&typed[1.min(typed.len())..]),
        ) else {
            return Err(NoteError::BadVerifierKey);
        };
        let signer = NoteSigner::from_seed(name, seed);
        if hex(&signer.key_id()) != id.to_ascii_lowercase() {
            return Err(NoteError::BadVerifierKey);
        }
        Ok(signer)
    }

    /// The key name, which is the log's origin line.
    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn public_key(&self) -> [u8; 32] {
        self.key.verifying_key().to_bytes()
    }

    pub fn key_id(&self) -> [u8; 4] {
        key_id(&self.name, &self.public_key())
    }

    /// The verifier key as signed notes publish it: `name+hex id+base64(0x01 ‖ key)`.
    pub fn verifier_key(&self) -> String {
        let mut typed = vec![ED25519];
        typed.extend_from_slice(&self.public_key());
        format!(
            "{}+{}+{}",
            self.name,
            hex(&self.key_id()),
            STANDARD.encode(typed)
        )
    }

    /// An Ed25519 signature of `message` (a key rotation's, see `rotation`).
    pub fn sign_message(&self, message: &[u8]) -> [u8; 64] {
        self.key.sign(message).to_bytes()
    }

    /// The signed note of a checkpoint of this log (the origin is the key's name).
    pub fn sign(&self, size: u64, root: &Hash) -> String {
        let checkpoint = Checkpoint {
            origin: self.name.clone(),
            size,
            root: *root,
        };
        let body = checkpoint.body();
        let signature = self.key.sign(body.as_bytes());
        let mut blob = self.key_id().to_vec();
        blob.extend_from_slice(&signature.to_bytes());
        format!("{body}\n\u{2014} {} {}\n", self.name, STANDARD.encode(blob))
    }
}

/// The 4-byte key id of an Ed25519 key in signed notes.
pub fn key_id(name: &str, public_key: &[u8; 32]) -> [u8; 4] {
    let mut h = Sha256::new();
    h.update(name.as_bytes());
    h.update(b"\n");
    h.update([ED25519]);
    h.update(public_key);
    let digest = h.finalize();
    [digest[0], digest[1], digest[2], digest[3]]
}

/// A parsed verifier key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifierKey {
    pub name: String,
    pub key_id: [u8; 4],
    pub public_key: [u8; 32],
}

impl std::str::FromStr for VerifierKey {
    type Err = NoteError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let mut parts = text.trim().splitn(3, '+');
        let (Some(name), Some(id), Some(key)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(NoteError::BadVerifierKey);
        };
        let typed = STANDARD
            .decode(key)
            .map_err(|_| NoteError::BadVerifierKey)?;
        let (Some(&ED25519), Ok(public_key)) = (
            typed.first(),
            <[u8; 32]>::try_from(&typed[1.min(typed.len())..]),
        ) else {
            return Err(NoteError::BadVerifierKey);
        };
        let key_id = key_id(name, &public_key);
        if hex(&key_id) != id.to_ascii_lowercase() {
            return Err(NoteError::BadVerifierKey);
        }
        Ok(VerifierKey {
            name: name.to_owned(),
            key_id,
            public_key,
        })
    }
}

impl VerifierKey {
    /// Whether `signature` is this key's Ed25519 signature of `message`.
    pub fn verifies(&self, message: &[u8], signature: &[u8]) -> bool {
        let (Ok(key), Ok(signature)) = (
            VerifyingKey::from_bytes(&self.public_key),
            Signature::from_slice(signature),
        ) else {
            return false;
        };
        key.verify(message, &signature).is_ok()
    }
}

impl std::fmt::Display for VerifierKey {
    /// The published form: `name+hex id+base64(0x01 ‖ key)`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut typed = vec![ED25519];
        typed.extend_from_slice(&self.public_key);
        write!(
            f,
            "{}+{}+{}",
            self.name,
            hex(&self.key_id),
            STANDARD.encode(typed)
        )
    }
}

/// Parses a signed checkpoint and checks the signature of `key` on it; the checkpoint's
/// origin must be the key's name. Other signers' lines are ignored.
pub fn open(note: &str, key: &VerifierKey) -> Result<Checkpoint, NoteError> {
    let (body, signatures) = note
        .split_once("\n\n")
        .map(|(b, s)| (format!("{b}\n"), s))
        .ok_or(NoteError::Malformed("no blank line before the signatures"))?;
    let checkpoint = parse_body(&body)?;
    if checkpoint.origin != key.name {
        return Err(NoteError::WrongOrigin {
            expected: key.name.clone(),
            found: checkpoint.origin,
        });
    }
    let verifying =
        VerifyingKey::from_bytes(&key.public_key).map_err(|_| NoteError::BadVerifierKey)?;
    for line in signatures.lines() {
        let Some(rest) = line.strip_prefix("\u{2014} ") else {
            return Err(NoteError::Malformed(
                "a signature line does not start with an em dash",
            ));
        };
        let Some((name, blob)) = rest.rsplit_once(' ') else {
            return Err(NoteError::Malformed("a signature line has no signature"));
        };
        let blob = STANDARD
            .decode(blob)
            .map_err(|_| NoteError::Malformed("a signature is not base64"))?;
        if name != key.name || blob.len() != 68 || blob[..4] != key.key_id {
            continue;
        }
        let signature = Signature::from_slice(&blob[4..])
            .map_err(|_| NoteError::BadSignature(key.name.clone()))?;
        return verifying
            .verify(body.as_bytes(), &signature)
            .map(|()| checkpoint)
            .map_err(|_| NoteError::BadSignature(key.name.clone()));
    }
    Err(NoteError::NoSignatureByKey(key.name.clone()))
}

/// The three lines of a checkpoint body (extension lines after them are allowed and ignored).
pub fn parse_body(body: &str) -> Result<Checkpoint, NoteError> {
    let mut lines = body.split('\n');
    let origin = lines.next().filter(|l| !l.is_empty());
    let size = lines.next().and_then(|l| {
        (!l.is_empty()
            && l.bytes().all(|b| b.is_ascii_digit())
            && (l == "0" || !l.starts_with('0')))
        .then(|| l.parse::<u64>().ok())
        .flatten()
    });
    let root = lines
        .next()
        .and_then(|l| STANDARD.decode(l).ok())
        .and_then(|b| <Hash>::try_from(b.as_slice()).ok());
    match (origin, size, root) {
        (Some(origin), Some(size), Some(root)) => Ok(Checkpoint {
            origin: origin.to_owned(),
            size,
            root,
        }),
        (None, _, _) => Err(NoteError::Malformed("no origin line")),
        (_, None, _) => Err(NoteError::Malformed(
            "the tree size is not a decimal number",
        )),
        (_, _, None) => Err(NoteError::Malformed(
            "the root hash is not 32 bytes of base64",
        )),
    }
}

/// Lower-case hexadecimal.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signer() -> NoteSigner {
        NoteSigner::from_seed("example.org/log", [7; 32])
    }

    #[test]
    fn a_signed_checkpoint_opens_with_its_key() {
        let s = signer();
        let root = crate::domain::transparency::merkle::leaf_hash(b"x");
        let note = s.sign(3, &root);
        let lines: Vec<&str> = note.lines().collect();
        assert_eq!(lines[0], "example.org/log");
        assert_eq!(lines[1], "3");
        assert_eq!(lines[3], "");
        assert!(lines[4].starts_with("\u{2014} example.org/log "));
        let key: VerifierKey = s.verifier_key().parse().unwrap();
        assert_eq!(key.public_key, s.public_key());
        let checkpoint = open(&note, &key).unwrap();
        assert_eq!(checkpoint.size, 3);
        assert_eq!(checkpoint.root, root);
    }

    #[test]
    fn another_key_or_an_edited_body_is_refused() {
        let s = signer();
        let note = s.sign(3, &[1; 32]);
        let other = NoteSigner::from_seed("example.org/log", [8; 32]);
        let other_key: VerifierKey = other.verifier_key().parse().unwrap();
        assert_eq!(
            open(&note, &other_key),
            Err(NoteError::NoSignatureByKey("example.org/log".into()))
        );
        let key: VerifierKey = s.verifier_key().parse().unwrap();
        let edited = note.replacen("\n3\n", "\n4\n", 1);
        assert_eq!(
            open(&edited, &key),
            Err(NoteError::BadSignature("example.org/log".into()))
        );
        // Another log's name.
        let renamed = NoteSigner::from_seed("other.org/log", [7; 32]);
        let renamed_key: VerifierKey = renamed.verifier_key().parse().unwrap();
        assert!(matches!(
            open(&note, &renamed_key),
            Err(NoteError::WrongOrigin { .. })
        ));
    }

    #[test]
    fn the_private_key_text_reads_back() {
        let s = signer();
        let back = NoteSigner::from_private_key_text(&s.private_key_text()).unwrap();
        assert_eq!(back.verifier_key(), s.verifier_key());
        assert!(NoteSigner::from_private_key_text("PRIVATE+KEY+x+00000000+AQ==").is_err());
    }

    #[test]
    fn a_verifier_key_with_a_wrong_id_is_refused() {
        let vkey = signer().verifier_key();
        let mut parts: Vec<String> = vkey.split('+').map(str::to_owned).collect();
        parts[1] = "00000000".into();
        assert!(parts.join("+").parse::<VerifierKey>().is_err());
    }

    /// The Go reference (golang.org/x/mod/sumdb/note) computes key ids the same way; this
    /// pins our arithmetic: SHA-256("example.org/log\n\x01" ‖ key)[..4].
    #[test]
    fn key_id_is_the_hash_prefix_of_name_newline_type_and_key() {
        let s = signer();
        let mut h = Sha256::new();
        h.update(b"example.org/log\n\x01");
        h.update(s.public_key());
        assert_eq!(s.key_id()[..], h.finalize()[..4]);
    }
}
