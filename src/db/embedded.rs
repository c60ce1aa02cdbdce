//! Pilar's own private PostgreSQL cluster, used when no `DATABASE_URL` is given.
//!
//! The cluster lives in a data directory (`pgdata/` inside it), listens on a unix socket only
//! (in `run/` inside it, no TCP port), and runs as an unprivileged system user when Pilar runs
//! as root, because `initdb` and `postgres` refuse root.
//!
//! Several Pilar processes may use one data directory at once: the server, and commands such
//! as `pilar user add` run beside it or beside each other. The cluster belongs to all of them:
//! whoever finds it stopped starts it, and the last one to leave stops it. Three lock files in
//! the data directory decide, all `flock`s, which the kernel releases when a process dies
//! however it dies, so no pid written in a file is ever trusted to say who is alive:
//!
//! - `pilar.lock`, held *shared* by every process using the cluster for as long as it does;
//!   free means nobody uses the cluster, so a postmaster still running was left by a killed
//!   run, and a `postmaster.pid` naming a dead process is stale.
//! - `pilar.startstop.lock`, held *exclusively* while one process joins or leaves the cluster:
//!   deciding whether to start or stop it and doing so. Nobody joins a cluster half started or
//!   half stopped, and nobody stops a cluster another process has just joined.
//! - `pilar.serve.lock`, held exclusively by a serving Pilar, with its pid inside: a second
//!   server on the same directory is refused.

use std::ffi::OsStr;
use std::fs::{self, File, OpenOptions};
use std::io::{Read, Seek, Write};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::os::unix::io::AsRawFd;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use nix::sys::signal::{self, Signal};
use nix::unistd::{Gid, Pid, Uid, User};
use sqlx::postgres::PgConnectOptions;

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

/// Where the private cluster is and who runs it.
#[derive(Debug, Clone)]
pub struct EmbeddedOptions {
    pub data_dir: PathBuf,
    pub pg_bin: Option<PathBuf>,
    /// The system user that runs the cluster when Pilar runs as root.
    pub pg_user: String,
    /// A throwaway cluster for tests: no fsync, and it dies with the process that started it.
    pub ephemeral: bool,
}

/// The superuser and database names inside the private cluster.
const SUPERUSER: &str = "pilar";
pub const DATABASE: &str = "pilar";
/// The socket file is named after the port; nothing listens on TCP.
const PORT: u16 = 5432;
const START_TIMEOUT: Duration = Duration::from_secs(60);
/// Held shared by every process using the cluster (the name predates sharing).
const IN_USE_LOCK: &str = "pilar.lock";
/// Held exclusively while a process starts or joins, or leaves or stops, the cluster.
const START_STOP_LOCK: &str = "pilar.startstop.lock";
/// Held exclusively by the serving Pilar.
const SERVE_LOCK: &str = "pilar.serve.lock";
const STOP_TIMEOUT: Duration = Duration::from_secs(30);

/// This process's use of the running private cluster. Leave it with [`EmbeddedPostgres::stop`]
/// (or by dropping it): the cluster stops when no other Pilar process uses it.
#[derive(Debug)]
pub struct EmbeddedPostgres {
    data_dir: PathBuf,
    pgdata: PathBuf,
    socket_dir: PathBuf,
    /// The postmaster, when this process started it.
    child: Option<Child>,
    /// The shared lock on `pilar.lock`, until this process leaves the cluster.
    in_use: Option<File>,
    /// The server's exclusive lock on `pilar.serve.lock`, released when it exits.
    _serving: Option<File>,
}

/// The system account that owns and runs the cluster (only when Pilar runs as root).
#[derive(Debug, Clone)]
struct Owner {
    name: String,
    uid: Uid,
    gid: Gid,
}

impl EmbeddedPostgres {
    /// Uses the cluster another Pilar process runs on the data directory, or, when none does,
    /// initialises it on first use, recovers from a run that was killed and starts it; then
    /// makes sure the `pilar` database exists. Waits while another process is starting or
    /// stopping the cluster. Blocking; call it off the async threads.
    ///
    /// An `ephemeral` cluster dies with the thread that started it, so it is for a single
    /// process (the tests), never shared.
    pub fn start(options: &EmbeddedOptions) -> Result<Self, EmbeddedError> {
        Self::open(options, false)
    }

    /// [`EmbeddedPostgres::start`] for the server: refused while another server runs on the
    /// data directory, whereas commands may run beside it and beside each other.
    pub fn start_serving(options: &EmbeddedOptions) -> Result<Self, EmbeddedError> {
        Self::open(options, true)
    }

    fn open(options: &EmbeddedOptions, serving: bool) -> Result<Self, EmbeddedError> {
        let bin = find_binaries(options.pg_bin.as_deref())?;
        let owner = if nix::unistd::geteuid().is_root() {
            let user = User::from_name(&options.pg_user)
                .ok()
                .flatten()
                .ok_or_else(|| EmbeddedError::NoSuchUser(options.pg_user.clone()))?;
            Some(Owner {
                name: user.name,
                uid: user.uid,
                gid: user.gid,
            })
        } else {
            None
        };

        let data_dir = prepare_data_dir(&options.data_dir, owner.as_ref())?;
        // Checked before waiting for anything, so that a second server is refused at once.
        let serving = if serving {
            Some(lock_serving(&data_dir)?)
        } else {
            None
        };
        let start_stop = enter_start_stop(&data_dir)?;
        let (in_use, alone) = join(&data_dir)?;
        let mut cluster = EmbeddedPostgres {
            pgdata: data_dir.join("pgdata"),
            socket_dir: data_dir.join("run"),
            data_dir,
            child: None,
            in_use: Some(in_use),
            _serving: serving,
        };
        if let Err(err) = cluster.bring_up(&bin, owner.as_ref(), alone, options.ephemeral) {
            cluster.leave_holding_start_stop();
            return Err(err);
        }
        drop(start_stop);
        Ok(cluster)
    }

    /// Starts the cluster unless another process using it already runs it, and waits until it
    /// accepts connections. Called holding the start/stop lock.
    fn bring_up(
        &mut self,
        bin: &Path,
        owner: Option<&Owner>,
        alone: bool,
        ephemeral: bool,
    ) -> Result<(), EmbeddedError> {
        make_owned_dir(&self.socket_dir, owner, &self.data_dir)?;
        match live_postmaster(&self.pgdata) {
            Some(pid) if !alone => {
                tracing::info!(
                    pid,
                    "the private cluster is already running for another Pilar; using it"
                );
            }
            running => {
                if running.is_none() && !alone {
                    // Other processes use a cluster that died under them (killed, out of
                    // memory): starting it again is what lets them, and us, go on.
                    tracing::warn!(
                        "the private cluster in use stopped unexpectedly; restarting it"
                    );
                }
                if !self.pgdata.join("PG_VERSION").exists() {
                    init_cluster(bin, &self.data_dir, &self.pgdata, owner, ephemeral)?;
                }
                recover_from_killed_run(&self.pgdata, &self.socket_dir)?;
                self.child = Some(spawn_postmaster(
                    bin,
                    &self.data_dir,
                    &self.pgdata,
                    &self.socket_dir,
                    owner,
                    ephemeral,
                )?);
            }
        }
        self.wait_until_ready()?;
        self.ensure_database(bin, owner)?;
        tracing::info!(data_dir = %self.data_dir.display(), "private PostgreSQL cluster ready");
        Ok(())
    }

    /// Connection options for the `pilar` database over the unix socket.
    pub fn connect_options(&self) -> PgConnectOptions {
        self.connect_options_for(DATABASE)
    }

    /// Connection options for another database of the cluster (tests create one per test).
    pub fn connect_options_for(&self, database: &str) -> PgConnectOptions {
        PgConnectOptions::new()
            .host(&self.socket_dir.to_string_lossy())
            .port(PORT)
            .username(SUPERUSER)
            .database(database)
    }

    /// The data directory (for messages).
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// The postmaster's process id while it runs.
    pub fn pid(&self) -> Option<u32> {
        self.child
            .as_ref()
            .map(Child::id)
            .or_else(|| live_postmaster(&self.pgdata).and_then(|pid| u32::try_from(pid).ok()))
    }

    /// Leaves the cluster, and shuts it down cleanly (fast shutdown: open sessions are ended,
    /// data is flushed) when no other Pilar process uses it.
    pub fn stop(mut self) {
        self.leave();
    }

    fn leave(&mut self) {
        if self.in_use.is_none() {
            return;
        }
        match enter_start_stop(&self.data_dir) {
            Ok(start_stop) => {
                self.leave_holding_start_stop();
                drop(start_stop);
            }
            Err(err) => {
                // Without the lock, stopping could pull the cluster from under a process
                // joining it; leaving it running is the safe side (the next start recovers).
                tracing::warn!(%err, "cannot take the start/stop lock; leaving the private cluster running");
                self.in_use = None;
                self.child = None;
            }
        }
    }

    /// Releases this process's use of the cluster and stops it if nobody else uses it. Called
    /// holding the start/stop lock, so nobody can join between the check and the stop.
    fn leave_holding_start_stop(&mut self) {
        let Some(in_use) = self.in_use.take() else {
            return;
        };
        drop(in_use);
        let last = open_lock_file(&self.data_dir, IN_USE_LOCK)
            .ok()
            .filter(|file| try_flock(file, libc::LOCK_EX).unwrap_or(false));
        if last.is_none() {
            // The postmaster outlives this process; whoever leaves last stops it.
            self.child = None;
            tracing::info!("the private cluster stays up for the other Pilar using it");
            return;
        }
        if let Some(mut child) = self.child.take() {
            stop_child(&mut child, &self.pgdata);
        } else if let Some(pid) = live_postmaster(&self.pgdata) {
            stop_pid(pid, &self.pgdata);
        } else {
            return;
        }
        tracing::info!("private PostgreSQL cluster stopped");
    }

    fn wait_until_ready(&mut self) -> Result<(), EmbeddedError> {
        let deadline = Instant::now() + START_TIMEOUT;
        let pid_file = self.pgdata.join("postmaster.pid");
        loop {
            if let Some(child) = self.child.as_mut()
                && let Ok(Some(status)) = child.try_wait()
            {
                self.child = None;
                return Err(EmbeddedError::Command {
                    step: "starting PostgreSQL",
                    detail: format!(
                        "postgres exited with {status}; {}",
                        log_tail(&self.data_dir)
                    ),
                });
            }
            let running = self.child.is_some() || live_postmaster(&self.pgdata).is_some();
            if !running {
                return Err(EmbeddedError::Command {
                    step: "using the running PostgreSQL",
                    detail: format!("it stopped while starting; {}", log_tail(&self.data_dir)),
                });
            }
            // Line 8 of postmaster.pid is the postmaster's state; "ready" once it accepts connections.
            if let Ok(text) = fs::read_to_string(&pid_file)
                && text.lines().nth(7).map(str::trim) == Some("ready")
            {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(EmbeddedError::Command {
                    step: "starting PostgreSQL",
                    detail: format!(
                        "not ready after {}s; {}",
                        START_TIMEOUT.as_secs(),
                        log_tail(&self.data_dir)
                    ),
                });
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// Creates the `pilar` database on the first start. `psql` from the same bin directory
    /// keeps this step synchronous and free of an async runtime.
    fn ensure_database(&self, bin: &Path, owner: Option<&Owner>) -> Result<(), EmbeddedError> {
        let psql = |sql: &str| {
            let mut cmd = Command::new(bin.join("psql"));
            cmd.args([
                "-X",
                "-q",
                "-t",
                "-A",
                "-v",
                "ON_ERROR_STOP=1",
                "-d",
                "postgres",
                "-c",
                sql,
            ])
            .arg("-h")
            .arg(&self.socket_dir)
            .args(["-p", &PORT.to_string(), "-U", SUPERUSER]);
            run_as(&mut cmd, owner, &self.data_dir);
            output_of("creating the pilar database", &mut cmd)
        };
        let exists = psql(&format!(
            "SELECT 1 FROM pg_database WHERE datname = '{DATABASE}'"
        ))?;
        if exists.trim() != "1" {
            psql(&format!("CREATE DATABASE {DATABASE}"))?;
        }
        Ok(())
    }
}

impl Drop for EmbeddedPostgres {
    fn drop(&mut self) {
        self.leave();
    }
}

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

fn data_dir_error(path: &Path, reason: impl ToString) -> EmbeddedError {
    EmbeddedError::DataDir {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    }
}

/// Creates the data directory, hands it to the cluster's owner, and checks that the owner
/// can reach it (a directory under /root cannot be reached by `postgres`).
fn prepare_data_dir(path: &Path, owner: Option<&Owner>) -> Result<PathBuf, EmbeddedError> {
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

fn probe_writable(path: &Path) -> Result<(), EmbeddedError> {
    let probe = path.join(".pilar-write-test");
    File::create(&probe).map_err(|e| data_dir_error(path, format!("not writable: {e}")))?;
    let _ = fs::remove_file(&probe);
    Ok(())
}

fn make_owned_dir(dir: &Path, owner: Option<&Owner>, data_dir: &Path) -> Result<(), EmbeddedError> {
    fs::create_dir_all(dir).map_err(|e| data_dir_error(data_dir, e))?;
    fs::set_permissions(dir, fs::Permissions::from_mode(0o700))
        .map_err(|e| data_dir_error(data_dir, e))?;
    if let Some(owner) = owner {
        nix::unistd::chown(dir, Some(owner.uid), Some(owner.gid))
            .map_err(|e| data_dir_error(data_dir, e))?;
    }
    Ok(())
}

/// Opens (creating) one of the data directory's lock files.
fn open_lock_file(data_dir: &Path, name: &str) -> Result<File, EmbeddedError> {
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
fn try_flock(file: &File, operation: libc::c_int) -> std::io::Result<bool> {
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
fn flock(file: &File, operation: libc::c_int) -> std::io::Result<()> {
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
fn holder(mut file: &File) -> String {
    let mut pid = String::new();
    let _ = file.rewind();
    let _ = file.read_to_string(&mut pid);
    pid.trim().to_string()
}

/// Takes the server's lock, or says which server holds it.
fn lock_serving(data_dir: &Path) -> Result<File, EmbeddedError> {
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
fn enter_start_stop(data_dir: &Path) -> Result<File, EmbeddedError> {
    let file = open_lock_file(data_dir, START_STOP_LOCK)?;
    if !try_flock(&file, libc::LOCK_EX).map_err(|e| data_dir_error(data_dir, e))? {
        tracing::info!("another Pilar is starting or stopping the private cluster; waiting for it");
        flock(&file, libc::LOCK_EX).map_err(|e| data_dir_error(data_dir, e))?;
    }
    Ok(file)
}

/// Takes this process's shared lock on `pilar.lock`, and says whether it is the only user of
/// the cluster. Called holding the start/stop lock.
fn join(data_dir: &Path) -> Result<(File, bool), EmbeddedError> {
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

/// Runs `initdb` into a scratch directory and renames it into place, so that an `initdb`
/// killed half-way never leaves a half-made cluster behind.
fn init_cluster(
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
fn recover_from_killed_run(pgdata: &Path, socket_dir: &Path) -> Result<(), EmbeddedError> {
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
fn live_postmaster(pgdata: &Path) -> Option<i32> {
    let text = fs::read_to_string(pgdata.join("postmaster.pid")).ok()?;
    let pid = text.lines().next()?.trim().parse::<i32>().ok()?;
    postmaster_of(pid, pgdata).then_some(pid)
}

/// Is `pid` a live postmaster serving `pgdata`? Checked through /proc so that a recycled pid
/// belonging to another program is never signalled.
fn postmaster_of(pid: i32, pgdata: &Path) -> bool {
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
fn stop_pid(pid: i32, pgdata: &Path) {
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

fn stop_child(child: &mut Child, pgdata: &Path) {
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
fn spawn_postmaster(
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
fn run_as(cmd: &mut Command, owner: Option<&Owner>, cwd: &Path) {
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

fn output_of(step: &'static str, cmd: &mut Command) -> Result<String, EmbeddedError> {
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
fn log_tail(data_dir: &Path) -> String {
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
