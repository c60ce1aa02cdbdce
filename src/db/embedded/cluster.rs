//! The PostgreSQL processes and files of the private cluster: finding the binaries, preparing
//! the data directory, `initdb`, starting and stopping the postmaster, recognising a live one,
//! and recovering from a killed run. Blocking code; it takes no lock itself (the callers in the
//! parent module hold the start/stop lock, see `locks`).

use std::ffi::OsStr;
use std::fs::{self, File, OpenOptions};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use nix::sys::signal::{self, Signal};
use nix::unistd::{Gid, Pid, Uid};

use super::error::{EmbeddedError, data_dir_error};

/// The superuser and database names inside the private cluster.
pub(super) const SUPERUSER: &str = "pilar";
pub const DATABASE: &str = "pilar";
/// The socket file is named after the port; nothing listens on TCP.
pub(super) const PORT: u16 = 5432;
/// The system account that owns and runs the cluster (only when Pilar runs as root).
#[derive(Debug, Clone)]
pub(super) struct Owner {
    pub(super) name: String,
    pub(super) uid: Uid,
    pub(super) gid: Gid,
}

const STOP_TIMEOUT: Duration = Duration::from_secs(30);

/// Finds the directory of `initdb` and `postgres`: the explicit setting, `pg_config --bindir`,
/// then the newest `/usr/lib/postgresql/*/bin` (Debian's layout).
pub fn find_binaries(explicit: Option<&Path>) -> Result<PathBuf, EmbeddedError> {
    let has_server = |dir: &Path| dir.join("initdb").is_file() && dir.join("postgres").is_file();
    if let Some(dir) = explicit {
        return if has_server(dir) {
            Ok(dir.to_path_buf())
        } else {
            Err(EmbeddedError::BadPgBin(dir.to_path_buf()))
        };
    }
    if let Ok(out) = Command::new("pg_config")
        .arg("--bindir")
        .stderr(Stdio::null())
        .output()
        && out.status.success()
    {
        let dir = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        if has_server(&dir) {
            return Ok(dir);
        }
    }
    let mut versions: Vec<(u32, PathBuf)> = fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let version = entry.file_name().to_str()?.parse::<u32>().ok()?;
            let dir = entry.path().join("bin");
            has_server(&dir).then_some((version, dir))
        })
        .collect();
    versions.sort();
    versions
        .pop()
        .map(|(_, dir)| dir)
        .ok_or(EmbeddedError::BinariesNotFound)
}

/// Creates the data directory, hands it to the cluster's owner, and checks that the owner
/// can reach it (a directory under /root cannot be reached by `postgres`).
pub(super) fn prepare_data_dir(
    path: &Path,
    owner: Option<&Owner>,
) -> Result<PathBuf, EmbeddedError> {
    fs::create_dir_all(path).map_err(|e| data_dir_error(path, e))?;
    let path = path.canonicalize().map_err(|e| data_dir_error(path, e))?;
    probe_writable(&path)?;
    if let Some(owner) = owner {
        // Root hands a new directory to the cluster's user; a directory that belongs to
        // someone else (a server run by another user) is theirs: taking it would cut that
        // server off its socket and locks.
        use std::os::unix::fs::MetadataExt;
        let holder = fs::metadata(&path)
            .map_err(|e| data_dir_error(&path, e))?
            .uid();
        if holder != 0 && holder != owner.uid.as_raw() {
            return Err(data_dir_error(
                &path,
                format!(
                    "it belongs to the user with id {holder}, not to {:?} that runs PostgreSQL here; \
                     run the command as the user that runs the server",
                    owner.name
                ),
            ));
        }
        nix::unistd::chown(&path, Some(owner.uid), Some(owner.gid))
            .map_err(|e| data_dir_error(&path, e))?;
        fs::set_permissions(&path, fs::Permissions::from_mode(0o700))
            .map_err(|e| data_dir_error(&path, e))?;
        let mut probe = Command::new("test");
        probe.arg("-w").arg(&path);
        run_as(&mut probe, Some(owner), Path::new("/"));
        let reachable = probe.status().map(|s| s.success()).unwrap_or(false);
        if !reachable {
            return Err(data_dir_error(
                &path,
                format!(
                    "the user {:?} that runs PostgreSQL cannot reach it (is a parent directory such as /root closed?); \
                     choose another with --data-dir / PILAR_DATA_DIR, e.g. /var/lib/pilar",
                    owner.name
                ),
            ));
        }
    }
    Ok(path)
}

pub(super) fn probe_writable(path: &Path) -> Result<(), EmbeddedError> {
    let probe = path.join(".pilar-write-test");
    File::create(&probe).map_err(|e| data_dir_error(path, format!("not writable: {e}")))?;
    let _ = fs::remove_file(&probe);
    Ok(())
}

pub(super) fn make_owned_dir(
    dir: &Path,
    owner: Option<&Owner>,
    data_dir: &Path,
) -> Result<(), EmbeddedError> {
    fs::create_dir_all(dir).map_err(|e| data_dir_error(data_dir, e))?;
    fs::set_permissions(dir, fs::Permissions::from_mode(0o700))
        .map_err(|e| data_dir_error(data_dir, e))?;
    if let Some(owner) = owner {
        nix::unistd::chown(dir, Some(owner.uid), Some(owner.gid))
            .map_err(|e| data_dir_error(data_dir, e))?;
    }
    Ok(())
}

/// Runs `initdb` into a scratch directory and renames it into place, so that an `initdb`
/// killed half-way never leaves a half-made cluster behind.
pub(super) fn init_cluster(
    bin: &Path,
    data_dir: &Path,
    pgdata: &Path,
    owner: Option<&Owner>,
    ephemeral: bool,
) -> Result<(), EmbeddedError> {
    let scratch = data_dir.join("pgdata.initdb");
    if scratch.exists() {
        fs::remove_dir_all(&scratch).map_err(|e| data_dir_error(data_dir, e))?;
    }
    if pgdata.exists() {
        // A pgdata without PG_VERSION is not a cluster; nothing in it can be used.
        let empty = fs::read_dir(pgdata)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty {
            return Err(data_dir_error(
                data_dir,
                format!(
                    "{} exists but is not a PostgreSQL cluster; move it away",
                    pgdata.display()
                ),
            ));
        }
        fs::remove_dir(pgdata).map_err(|e| data_dir_error(data_dir, e))?;
    }
    let mut cmd = Command::new(bin.join("initdb"));
    cmd.arg("-D").arg(&scratch).args([
        "-U",
        SUPERUSER,
        "-E",
        "UTF8",
        "--no-locale",
        "--auth=trust",
    ]);
    if ephemeral {
        cmd.arg("--no-sync");
    }
    run_as(&mut cmd, owner, data_dir);
    output_of("initdb", &mut cmd)?;
    fs::rename(&scratch, pgdata).map_err(|e| data_dir_error(data_dir, e))?;
    Ok(())
}

/// A killed Pilar leaves either a postmaster still running on the data directory, or a stale
/// `postmaster.pid`. Called when no other Pilar uses the cluster (or its postmaster is gone),
/// holding the start/stop lock, so neither belongs to a live Pilar: stop the first, remove the
/// second.
pub(super) fn recover_from_killed_run(
    pgdata: &Path,
    socket_dir: &Path,
) -> Result<(), EmbeddedError> {
    let pid_file = pgdata.join("postmaster.pid");
    let Ok(text) = fs::read_to_string(&pid_file) else {
        return Ok(());
    };
    let pid = text
        .lines()
        .next()
        .and_then(|l| l.trim().parse::<i32>().ok());
    if let Some(pid) = pid
        && postmaster_of(pid, pgdata)
    {
        tracing::warn!(
            pid,
            "a PostgreSQL left running by an earlier run was found; shutting it down"
        );
        stop_pid(pid, pgdata);
    }
    if pid_file.exists() {
        tracing::warn!("removing a stale postmaster.pid left by an earlier run");
        let _ = fs::remove_file(&pid_file);
    }
    // The socket's lock file names the dead postmaster too.
    if let Ok(entries) = fs::read_dir(socket_dir) {
        for entry in entries.flatten() {
            if entry.file_name().to_string_lossy().starts_with(".s.PGSQL.") {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
    Ok(())
}

/// The pid of the postmaster serving `pgdata`, if one is alive.
pub(super) fn live_postmaster(pgdata: &Path) -> Option<i32> {
    let text = fs::read_to_string(pgdata.join("postmaster.pid")).ok()?;
    let pid = text.lines().next()?.trim().parse::<i32>().ok()?;
    postmaster_of(pid, pgdata).then_some(pid)
}

/// Is `pid` a live postmaster serving `pgdata`? Checked through /proc so that a recycled pid
/// belonging to another program is never signalled.
pub(super) fn postmaster_of(pid: i32, pgdata: &Path) -> bool {
    let Ok(cmdline) = fs::read(format!("/proc/{pid}/cmdline")) else {
        return false;
    };
    let args: Vec<&[u8]> = cmdline.split(|b| *b == 0).collect();
    let wanted = pgdata.as_os_str().as_encoded_bytes();
    args.contains(&wanted)
        && args
            .first()
            .is_some_and(|a| Path::new(OsStr::from_bytes(a)).ends_with("postgres"))
}

/// Sends `SIGINT` (fast shutdown) and waits; `SIGQUIT` (immediate) if it does not finish.
pub(super) fn stop_pid(pid: i32, pgdata: &Path) {
    let pid = Pid::from_raw(pid);
    let _ = signal::kill(pid, Signal::SIGINT);
    let deadline = Instant::now() + STOP_TIMEOUT;
    while postmaster_of(pid.as_raw(), pgdata) {
        if Instant::now() > deadline {
            let _ = signal::kill(pid, Signal::SIGQUIT);
            std::thread::sleep(Duration::from_millis(500));
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

pub(super) fn stop_child(child: &mut Child, pgdata: &Path) {
    let pid = Pid::from_raw(child.id() as i32);
    let _ = signal::kill(pid, Signal::SIGINT);
    let deadline = Instant::now() + STOP_TIMEOUT;
    loop {
        match child.try_wait() {
            Ok(Some(_)) | Err(_) => return,
            Ok(None) if Instant::now() > deadline => {
                tracing::warn!(data_dir = %pgdata.display(), "PostgreSQL did not stop in time; stopping it immediately");
                let _ = signal::kill(pid, Signal::SIGQUIT);
                let _ = child.wait();
                return;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
        }
    }
}

/// Starts `postgres` directly (not through `pg_ctl`, so no shell ever parses a path) in a
/// session of its own: Ctrl-C in the terminal reaches Pilar alone, so Pilar stops the cluster
/// after the last request has been answered; and a cluster started by a command (which the
/// server or another command may go on using) does not end with that command's terminal.
pub(super) fn spawn_postmaster(
    bin: &Path,
    data_dir: &Path,
    pgdata: &Path,
    socket_dir: &Path,
    owner: Option<&Owner>,
    ephemeral: bool,
) -> Result<Child, EmbeddedError> {
    let log = OpenOptions::new()
        .create(true)
        .append(true)
        .open(data_dir.join("postgres.log"))
        .map_err(|e| data_dir_error(data_dir, e))?;
    let log_err = log.try_clone().map_err(|e| data_dir_error(data_dir, e))?;
    let mut cmd = Command::new(bin.join("postgres"));
    cmd.arg("-D")
        .arg(pgdata)
        .arg("-k")
        .arg(socket_dir)
        .args(["-p", &PORT.to_string()])
        .args([
            "-c",
            "listen_addresses=",
            "-c",
            "unix_socket_permissions=0700",
        ])
        .args(["-c", "max_connections=200", "-c", "shared_buffers=128MB"]);
    // After a crash PostgreSQL first flushes every file of the cluster, one `fsync` each
    // (seconds on a busy disk, the longest part of coming back); one `syncfs` of the file
    // system is as safe on Linux and far quicker. The setting exists from PostgreSQL 14.
    let major = fs::read_to_string(pgdata.join("PG_VERSION"))
        .ok()
        .and_then(|v| v.trim().parse::<u32>().ok());
    if major.is_some_and(|major| major >= 14) {
        cmd.args(["-c", "recovery_init_sync_method=syncfs"]);
    }
    if ephemeral {
        // Test data is thrown away: durability buys nothing and costs time.
        cmd.args([
            "-c",
            "fsync=off",
            "-c",
            "synchronous_commit=off",
            "-c",
            "full_page_writes=off",
        ]);
    }
    cmd.stdin(Stdio::null()).stdout(log).stderr(log_err);
    run_as(&mut cmd, owner, data_dir);
    // SAFETY: setsid is async-signal-safe and touches no memory of the parent.
    unsafe {
        cmd.pre_exec(|| {
            if libc::setsid() < 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    if ephemeral {
        // A throwaway cluster must not outlive the tests, however they end. The parent-death
        // signal is set after the switch of user (which would clear it).
        // SAFETY: prctl is async-signal-safe and touches no memory of the parent.
        unsafe {
            cmd.pre_exec(|| {
                if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGQUIT) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
    }
    cmd.spawn().map_err(|e| EmbeddedError::Command {
        step: "starting PostgreSQL",
        detail: e.to_string(),
    })
}

/// Runs a command as the cluster's owner when Pilar is root, from a directory it can enter.
pub(super) fn run_as(cmd: &mut Command, owner: Option<&Owner>, cwd: &Path) {
    cmd.current_dir(cwd);
    if let Some(owner) = owner {
        cmd.uid(owner.uid.as_raw()).gid(owner.gid.as_raw());
        cmd.env("HOME", cwd)
            .env("USER", &owner.name)
            .env("LOGNAME", &owner.name);
    }
    // Settings of the caller's environment must not redirect the cluster's own tools.
    for var in [
        "PGDATA",
        "PGHOST",
        "PGPORT",
        "PGUSER",
        "PGDATABASE",
        "PGOPTIONS",
        "PGSERVICE",
    ] {
        cmd.env_remove(var);
    }
}

pub(super) fn output_of(step: &'static str, cmd: &mut Command) -> Result<String, EmbeddedError> {
    let out = cmd.output().map_err(|e| EmbeddedError::Command {
        step,
        detail: e.to_string(),
    })?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        let detail = stderr
            .lines()
            .rfind(|l| !l.trim().is_empty())
            .unwrap_or("no output")
            .to_string();
        return Err(EmbeddedError::Command { step, detail });
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The last lines of the cluster's log, for an error message that says why it did not start.
pub(super) fn log_tail(data_dir: &Path) -> String {
    let path = data_dir.join("postgres.log");
    let text = fs::read_to_string(&path).unwrap_or_default();
    let last: Vec<&str> = text
        .lines()
        .rev()
        .filter(|l| !l.trim().is_empty())
        .take(3)
        .collect();
    if last.is_empty() {
        format!("see {}", path.display())
    } else {
        format!(
            "{} (log: {})",
            last.into_iter().rev().collect::<Vec<_>>().join(" | "),
            path.display()
        )
    }
}
