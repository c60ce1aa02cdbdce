//! Published figures anyone can verify: the canonical statement of a period's publishable
//! park figures, the log's Merkle tree (RFC 6962) and its signed checkpoints (C2SP
//! tlog-checkpoint). Pure code: hashing, signing with a key handed in, JSON text; the
//! database and the key file are elsewhere (see docs/transparency.md).

pub mod canonical;
pub mod merkle;
pub mod note;
pub mod rotation;
pub mod statement;

pub use merkle::Hash;
pub use note::{Checkpoint, NoteError, NoteSigner, VerifierKey};
pub use statement::{FigureChange, PublishedIndicator, Statement, StatementFigure};
