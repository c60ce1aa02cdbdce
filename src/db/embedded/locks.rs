//! The three lock files of the data directory (see the parent module): taking, waiting for
//! and reading them. `flock`s only, released by the kernel however a process ends; nothing
//! here starts or stops PostgreSQL.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::os::unix::io::AsRawFd;
use std::path::Path;

use super::error::{EmbeddedError, data_dir_error};

/// Held shared by every process using the cluster (the name predates sharing).
pub(super) const IN_USE_LOCK: &str = "pilar.lock";
/// Held exclusively while a process starts or joins, or leaves or stops, the cluster.
const START_STOP_LOCK: &str = "pilar.startstop.lock";
/// Held exclusively by the serving Pilar.
const SERVE_LOCK: &str = "pilar.serve.lock";

/// Opens (creating) one of the data directory's lock files.
pub(super) fn open_lock_file(data_dir: &Path, name: &str) -> Result<File, EmbeddedError> {
    OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .open(data_dir.join(name))
        .map_err(|e| data_dir_error(data_dir, e))
}

/// Takes a lock (`LOCK_SH` or `LOCK_EX`) if nobody holds a conflicting one; `false` if held.
pub(super) fn try_flock(file: &File, operation: libc::c_int) -> std::io::Result<bool> {
    loop {
        // SAFETY: flock on a file descriptor we own; no memory is involved.
        if unsafe { libc::flock(file.as_raw_fd(), operation | libc::LOCK_NB) } == 0 {
            return Ok(true);
        }
        let err = std::io::Error::last_os_error();
        match err.raw_os_error() {
            Some(libc::EWOULDBLOCK) => return Ok(false),
            Some(libc::EINTR) => continue,
            _ => return Err(err),
        }
    }
}

/// Takes a lock, waiting for whoever holds a conflicting one.
pub(super) fn flock(file: &File, operation: libc::c_int) -> std::io::Result<()> {
    loop {
        // SAFETY: flock on a file descriptor we own; no memory is involved.
        if unsafe { libc::flock(file.as_raw_fd(), operation) } == 0 {
            return Ok(());
        }
        let err = std::io::Error::last_os_error();
        if err.raw_os_error() != Some(libc::EINTR) {
            return Err(err);
        }
    }
}

/// The pid written in a lock file by whoever holds it, for a message.
pub(super) fn holder(mut file: &File) -> String {
    let mut pid = String::new();
    let _ = file.rewind();
    let _ = file.read_to_string(&mut pid);
    pid.trim().to_string()
}

/// Takes the server's lock, or says which server holds it.
pub(super) fn lock_serving(data_dir: &Path) -> Result<File, EmbeddedError> {
    let mut file = open_lock_file(data_dir, SERVE_LOCK)?;
    if !try_flock(&file, libc::LOCK_EX).map_err(|e| data_dir_error(data_dir, e))? {
        return Err(EmbeddedError::AlreadyRunning {
            path: data_dir.to_path_buf(),
            pid: holder(&file),
        });
    }
    let _ = file.set_len(0);
    let _ = file.rewind();
    let _ = write!(file, "{}", std::process::id());
    let _ = file.flush();
    Ok(file)
}

/// Takes the start/stop lock, waiting while another process starts or stops the cluster.
pub(super) fn enter_start_stop(data_dir: &Path) -> Result<File, EmbeddedError> {
    let file = open_lock_file(data_dir, START_STOP_LOCK)?;
    if !try_flock(&file, libc::LOCK_EX).map_err(|e| data_dir_error(data_dir, e))? {
        tracing::info!("another Pilar is starting or stopping the private cluster; waiting for it");
        flock(&file, libc::LOCK_EX).map_err(|e| data_dir_error(data_dir, e))?;
    }
    Ok(file)
}

/// Takes this process's shared lock on `pilar.lock`, and says whether it is the only user of
/// the cluster. Called holding the start/stop lock.
pub(super) fn join(data_dir: &Path) -> Result<(File, bool), EmbeddedError> {
    let file = open_lock_file(data_dir, IN_USE_LOCK)?;
    let failed = |e| data_dir_error(data_dir, e);
    if try_flock(&file, libc::LOCK_EX).map_err(failed)? {
        // Nobody else uses the cluster. Turned shared at once: other processes take this lock
        // only holding the start/stop lock, which we hold, so none can slip in between.
        flock(&file, libc::LOCK_SH).map_err(failed)?;
        return Ok((file, true));
    }
    if try_flock(&file, libc::LOCK_SH).map_err(failed)? {
        return Ok((file, false));
    }
    // Held exclusively: only a Pilar from before the cluster was shared does that.
    Err(EmbeddedError::HeldExclusively {
        path: data_dir.to_path_buf(),
        pid: holder(&file),
    })
}
