//! Why the private cluster could not be provided: the one error of its rooms, each message a
//! line a user can act on. A leaf: it names nothing else of the cluster.

use std::path::{Path, PathBuf};

/// Why the private cluster could not be provided. Each message is one line a user can act on.
#[derive(Debug, thiserror::Error)]
pub enum EmbeddedError {
    #[error(
        "no PostgreSQL server binaries found (looked in PG_BIN, `pg_config --bindir`, /usr/lib/postgresql/*/bin): \
         install PostgreSQL (Debian/Ubuntu: `apt install postgresql`), or set PG_BIN to the directory holding \
         initdb and postgres, or set DATABASE_URL to use an existing server"
    )]
    BinariesNotFound,
    #[error("PG_BIN {0} does not hold the PostgreSQL server binaries initdb and postgres")]
    BadPgBin(PathBuf),
    #[error(
        "running as root, but the system user {0:?} that should run PostgreSQL does not exist: \
         create it (it comes with Debian's postgresql package) or set PILAR_PG_USER"
    )]
    NoSuchUser(String),
    #[error("data directory {path} is not usable: {reason}")]
    DataDir { path: PathBuf, reason: String },
    #[error(
        "another Pilar (pid {pid}) is already running on the data directory {path}; stop it first, \
         or use another --data-dir (commands such as `pilar user add` work beside it)"
    )]
    AlreadyRunning { path: PathBuf, pid: String },
    #[error(
        "the data directory {path} is held by a Pilar of an earlier version (pid {pid}) that does not \
         share it; let it finish or stop it first"
    )]
    HeldExclusively { path: PathBuf, pid: String },
    #[error("{step} failed: {detail}")]
    Command { step: &'static str, detail: String },
}

pub(super) fn data_dir_error(path: &Path, reason: impl ToString) -> EmbeddedError {
    EmbeddedError::DataDir {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    }
}
