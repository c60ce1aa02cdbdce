//! Pilar's own private PostgreSQL cluster, used when no `DATABASE_URL` is given.
//!
//! The cluster lives in a data directory (`pgdata/` inside it), listens on a unix socket only
//! (in `run/` inside it, no TCP port), and runs as an unprivileged system user when Pilar runs
//! as root, because `initdb` and `postgres` refuse root. Pilar holds an exclusive lock file in
//! the data directory while the cluster is its own, so a second Pilar on the same directory is
//! refused instead of corrupting anything; a postmaster left behind by a killed run is found
//! through `postmaster.pid` and shut down before a fresh start.

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
         or use another --data-dir"
    )]
    AlreadyRunning { path: PathBuf, pid: String },
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
const STOP_TIMEOUT: Duration = Duration::from_secs(30);

/// A running private cluster. Stop it with [`EmbeddedPostgres::stop`].
#[derive(Debug)]
pub struct EmbeddedPostgres {
    data_dir: PathBuf,
    pgdata: PathBuf,
    socket_dir: PathBuf,
    child: Option<Child>,
    // Held for the cluster's lifetime; the kernel releases it if Pilar dies, however it dies.
    _lock: File,
}

/// The system account that owns and runs the cluster (only when Pilar runs as root).
#[derive(Debug, Clone)]
struct Owner {
    name: String,
    uid: Uid,
    gid: Gid,
}

impl EmbeddedPostgres {
    /// Initialises the cluster on first use, recovers from a run that was killed, starts it
    /// and makes sure the `pilar` database exists. Blocking; call it off the async threads.
    pub fn start(options: &EmbeddedOptions) -> Result<Self, EmbeddedError> {
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
        let lock = lock_data_dir(&data_dir)?;
        let pgdata = data_dir.join("pgdata");
        let socket_dir = data_dir.join("run");
        make_owned_dir(&socket_dir, owner.as_ref(), &data_dir)?;

        if !pgdata.join("PG_VERSION").exists() {
            init_cluster(&bin, &data_dir, &pgdata, owner.as_ref(), options.ephemeral)?;
        }
        recover_from_killed_run(&pgdata, &socket_dir)?;

        let child = spawn_postmaster(
            &bin,
            &data_dir,
            &pgdata,
            &socket_dir,
            owner.as_ref(),
            options.ephemeral,
        )?;
        let mut cluster = EmbeddedPostgres {
            data_dir,
            pgdata,
            socket_dir,
            child: Some(child),
            _lock: lock,
        };
        if let Err(err) = cluster.wait_until_ready() {
            cluster.shutdown();
            return Err(err);
        }
        if let Err(err) = cluster.ensure_database(&bin, owner.as_ref()) {
            cluster.shutdown();
            return Err(err);
        }
        tracing::info!(data_dir = %cluster.data_dir.display(), "private PostgreSQL cluster ready");
        Ok(cluster)
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
        self.child.as_ref().map(Child::id)
    }

    /// Shuts the cluster down cleanly (fast shutdown: open sessions are ended, data is flushed).
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        if let Some(mut child) = self.child.take() {
            stop_child(&mut child, &self.pgdata);
            tracing::info!("private PostgreSQL cluster stopped");
        }
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
        self.shutdown();
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

/// Takes the data directory's lock, or says which Pilar holds it.
fn lock_data_dir(data_dir: &Path) -> Result<File, EmbeddedError> {
    let path = data_dir.join("pilar.lock");
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .open(&path)
        .map_err(|e| data_dir_error(data_dir, e))?;
    // SAFETY: flock on a file descriptor we own; no memory is involved.
    let locked = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0;
    if !locked {
        let mut pid = String::new();
        let _ = file.read_to_string(&mut pid);
        return Err(EmbeddedError::AlreadyRunning {
            path: data_dir.to_path_buf(),
            pid: pid.trim().to_string(),
        });
    }
    let _ = file.set_len(0);
    let _ = file.rewind();
    let _ = write!(file, "{}", std::process::id());
    let _ = file.flush();
    Ok(file)
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
/// `postmaster.pid`. We hold the data directory's lock, so neither belongs to a live Pilar:
/// stop the first, remove the second.
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

/// Starts `postgres` directly (not through `pg_ctl`, so no shell ever parses a path) in its own
/// process group, so that Ctrl-C in the terminal reaches Pilar alone and Pilar stops the
/// cluster after the last request has been answered.
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
    cmd.stdin(Stdio::null())
        .stdout(log)
        .stderr(log_err)
        .process_group(0);
    run_as(&mut cmd, owner, data_dir);
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
