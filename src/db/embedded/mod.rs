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
//!
//! The rooms: `locks` (the three lock files), `cluster` (the PostgreSQL processes and files),
//! `error` (what can go wrong, in one line each),
//! `supervisor` (the serving Pilar's watch over the postmaster, restarting it when it dies).

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use nix::unistd::User;
use sqlx::postgres::PgConnectOptions;

mod cluster;
mod error;
mod locks;
pub mod supervisor;

pub use cluster::{DATABASE, find_binaries};
use cluster::{Owner, PORT, SUPERUSER};
use cluster::{
    init_cluster, live_postmaster, log_tail, make_owned_dir, output_of, prepare_data_dir,
    recover_from_killed_run, run_as, spawn_postmaster, stop_child, stop_pid,
};
pub use error::EmbeddedError;
use locks::{IN_USE_LOCK, enter_start_stop, join, lock_serving, open_lock_file, try_flock};

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

const START_TIMEOUT: Duration = Duration::from_secs(60);

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
    /// What starting the cluster again takes (see [`EmbeddedPostgres::restart`]).
    bin: PathBuf,
    owner: Option<Owner>,
    ephemeral: bool,
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
            bin,
            owner,
            ephemeral: options.ephemeral,
        };
        if let Err(err) = cluster.bring_up(alone) {
            cluster.leave_holding_start_stop();
            return Err(err);
        }
        drop(start_stop);
        Ok(cluster)
    }

    /// Starts the cluster unless another process using it already runs it, and waits until it
    /// accepts connections. Called holding the start/stop lock.
    fn bring_up(&mut self, alone: bool) -> Result<(), EmbeddedError> {
        let (bin, owner, ephemeral) = (self.bin.clone(), self.owner.clone(), self.ephemeral);
        let (bin, owner) = (bin.as_path(), owner.as_ref());
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

    /// Whether the postmaster this process uses has exited, and how, when it was this
    /// process's child. Reaps a child that has exited. Cheap (a `waitpid` or a read of
    /// `/proc`): the supervisor asks every few milliseconds.
    pub fn exited(&mut self) -> Option<String> {
        if let Some(child) = self.child.as_mut() {
            return match child.try_wait() {
                Ok(None) => None,
                Ok(Some(status)) => {
                    self.child = None;
                    Some(status.to_string())
                }
                Err(err) => {
                    self.child = None;
                    Some(err.to_string())
                }
            };
        }
        live_postmaster(&self.pgdata)
            .is_none()
            .then(|| "it is no longer running".to_string())
    }

    /// Starts the cluster again after its postmaster died under this process, unless another
    /// Pilar process using it has done so already, and waits until it accepts connections.
    /// Takes the start/stop lock like every start. PostgreSQL itself refuses to start while
    /// processes of the dead postmaster still hold its shared memory (its own interlock, kept
    /// on purpose: the stale `postmaster.pid` is not removed here); the caller tries again.
    pub fn restart(&mut self) -> Result<(), EmbeddedError> {
        if self.in_use.is_none() {
            return Err(EmbeddedError::Command {
                step: "restarting PostgreSQL",
                detail: "this process has left the cluster".into(),
            });
        }
        let start_stop = enter_start_stop(&self.data_dir)?;
        let result = self.come_back();
        drop(start_stop);
        result
    }

    fn come_back(&mut self) -> Result<(), EmbeddedError> {
        // A postmaster started by an earlier attempt that is still starting: wait for it.
        let starting = self
            .child
            .as_mut()
            .is_some_and(|child| matches!(child.try_wait(), Ok(None)));
        if starting {
            tracing::info!("PostgreSQL started by the previous attempt is still starting");
        } else if let Some(pid) = live_postmaster(&self.pgdata) {
            self.child = None;
            tracing::info!(
                pid,
                "another Pilar has restarted the private cluster; using it"
            );
        } else {
            let child = spawn_postmaster(
                &self.bin,
                &self.data_dir,
                &self.pgdata,
                &self.socket_dir,
                self.owner.as_ref(),
                self.ephemeral,
            )?;
            tracing::info!(
                pid = child.id(),
                "PostgreSQL started again; waiting until it accepts connections"
            );
            self.child = Some(child);
        }
        self.wait_until_ready()?;
        let (bin, owner) = (self.bin.clone(), self.owner.clone());
        self.ensure_database(&bin, owner.as_ref())
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
            // Line 8 of postmaster.pid is the postmaster's state; "ready" once it accepts
            // connections. Line 1 names the postmaster: a file left by a killed one is not ours.
            if let Ok(text) = fs::read_to_string(&pid_file)
                && text.lines().nth(7).map(str::trim) == Some("ready")
                && self.child.as_ref().is_none_or(|child| {
                    text.lines().next().map(str::trim) == Some(child.id().to_string().as_str())
                })
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
