//! The database: the connection pool, the migrations, and the private cluster used when no
//! `DATABASE_URL` is given.

pub mod embedded;
pub mod health;

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::PgPool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

use crate::config::Settings;
use embedded::supervisor::Supervisor;
use embedded::{EmbeddedOptions, EmbeddedPostgres};
use health::DatabaseHealth;

/// How long a request waits for a connection. Short enough that a database that is gone (an
/// external `DATABASE_URL` nobody supervises) is answered with 503 within seconds rather than
/// ten; long enough to ride out a burst that holds every connection for a moment. The private
/// cluster's supervisor refuses requests at once while it is down, so this rarely matters there.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(3);

/// The migrations in `migrations/`, embedded in the binary.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// Why the database could not be reached or prepared; one line each, for start-up.
#[derive(Debug, thiserror::Error)]
pub enum DatabaseError {
    #[error("DATABASE_URL is not a valid PostgreSQL URL: {0}")]
    BadUrl(String),
    #[error("cannot connect to the database: {0}")]
    Connect(String),
    #[error(transparent)]
    Embedded(#[from] embedded::EmbeddedError),
    #[error("applying migrations failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// Which part of Pilar opens the database. It decides how the private cluster is shared, and
/// names the connections in `pg_stat_activity`.
#[derive(Debug, Clone, Copy)]
pub enum Opener {
    /// `pilar serve`: one per data directory.
    Server,
    /// A command (`migrate`, `user add`…), by its name: it uses the private cluster of the
    /// server or of another command running on the same data directory, and otherwise starts
    /// it and stops it when done.
    Command(&'static str),
}

impl Opener {
    /// The connections' `application_name`, with the process id so that an admin can tell
    /// which process a connection belongs to.
    fn application_name(self) -> String {
        let name = match self {
            Opener::Server => "serve",
            Opener::Command(name) => name,
        };
        format!("pilar {name} (pid {})", std::process::id())
    }
}

/// A connected database, and this process's use of the private cluster when Pilar runs its own.
pub struct Database {
    pub pool: PgPool,
    /// Whether the database is known to be down; kept by the supervisor of the private cluster
    /// (never set for an external `DATABASE_URL`).
    pub health: Arc<DatabaseHealth>,
    cluster: Option<EmbeddedPostgres>,
    /// The server's watch over its private cluster, which owns the cluster meanwhile.
    supervisor: Option<Supervisor>,
}

impl Database {
    /// Connects to `DATABASE_URL`, or to the private cluster: the one already running on the
    /// data directory for another Pilar process, else one this process starts.
    pub async fn open(settings: &Settings, opener: Opener) -> Result<Self, DatabaseError> {
        let (options, cluster) = match &settings.database_url {
            Some(url) => (parse_url(url)?, None),
            None => {
                let embedded = EmbeddedOptions {
                    data_dir: settings.data_dir_or_default(),
                    pg_bin: settings.pg_bin.clone(),
                    pg_user: settings.pg_user.clone(),
                    ephemeral: false,
                };
                let cluster = tokio::task::spawn_blocking(move || match opener {
                    Opener::Server => EmbeddedPostgres::start_serving(&embedded),
                    Opener::Command(_) => EmbeddedPostgres::start(&embedded),
                })
                .await
                .map_err(|e| DatabaseError::Connect(e.to_string()))??;
                (cluster.connect_options(), Some(cluster))
            }
        };
        // A name given in DATABASE_URL is the operator's; keep it.
        let options = if options.get_application_name().is_some() {
            options
        } else {
            options.application_name(&opener.application_name())
        };
        let pool = match connect(options, settings.db_max_connections).await {
            Ok(pool) => pool,
            Err(err) => {
                if let Some(cluster) = cluster {
                    let _ = tokio::task::spawn_blocking(move || cluster.stop()).await;
                }
                return Err(err);
            }
        };
        Ok(Database {
            pool,
            health: Arc::new(DatabaseHealth::default()),
            cluster,
            supervisor: None,
        })
    }

    /// Watches the private cluster from now on (the server does; a command is too short-lived
    /// to): a postmaster that dies is noticed at once, requests are refused while it is down,
    /// and it is started again. Nothing to watch for an external `DATABASE_URL`.
    pub fn supervise(&mut self) -> Result<(), DatabaseError> {
        if let Some(cluster) = self.cluster.take() {
            let supervisor = Supervisor::start(cluster, Arc::clone(&self.health)).map_err(|e| {
                DatabaseError::Connect(format!("cannot watch the private cluster: {e}"))
            })?;
            self.supervisor = Some(supervisor);
        }
        Ok(())
    }

    /// Applies the pending migrations.
    pub async fn migrate(&self) -> Result<(), DatabaseError> {
        MIGRATOR.run(&self.pool).await?;
        Ok(())
    }

    /// Closes the pool, then leaves the private cluster: it stops cleanly unless another Pilar
    /// process still uses it.
    pub async fn close(mut self) {
        self.pool.close().await;
        if let Some(supervisor) = self.supervisor.take() {
            self.cluster = tokio::task::spawn_blocking(move || supervisor.stop())
                .await
                .ok()
                .flatten();
        }
        if let Some(cluster) = self.cluster.take() {
            let _ = tokio::task::spawn_blocking(move || cluster.stop()).await;
        }
    }
}

/// A connection past the pooler when `PILAR_DIRECT_DATABASE_URL` is set (`DATABASE_URL` then
/// goes through a connection pooler in transaction mode): for what needs a session of its own,
/// the page cache's `LISTEN` and the migrations' lock. `None` when unset: the pool serves both.
/// One connection, named `pilar serve direct (pid …)` in `pg_stat_activity`.
pub async fn direct_pool(settings: &Settings) -> Result<Option<PgPool>, DatabaseError> {
    let Some(url) = &settings.direct_database_url else {
        return Ok(None);
    };
    let options = parse_url(url)?;
    let options = if options.get_application_name().is_some() {
        options
    } else {
        options.application_name(&format!("pilar serve direct (pid {})", std::process::id()))
    };
    connect(options, 1).await.map(Some)
}

/// Parses a `postgres://` URL into connection options, naming what is wrong with it.
pub fn parse_url(url: &str) -> Result<PgConnectOptions, DatabaseError> {
    if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
        return Err(DatabaseError::BadUrl(
            "it must start with postgres:// or postgresql://".into(),
        ));
    }
    PgConnectOptions::from_str(url).map_err(|e| DatabaseError::BadUrl(e.to_string()))
}

/// Opens a pool and proves the connection with one round trip, so a wrong address fails at
/// start-up rather than on the first request.
pub async fn connect(
    options: PgConnectOptions,
    max_connections: u32,
) -> Result<PgPool, DatabaseError> {
    let pool = PgPoolOptions::new()
        .max_connections(max_connections.max(1))
        .acquire_timeout(ACQUIRE_TIMEOUT)
        // A connection to a server that has died (and been restarted) fails this test and is
        // dropped, rather than handed to a request.
        .test_before_acquire(true)
        .connect_with(options)
        .await
        .map_err(|e| DatabaseError::Connect(one_line(&e)))?;
    Ok(pool)
}

fn one_line(err: &sqlx::Error) -> String {
    err.to_string()
        .lines()
        .next()
        .unwrap_or_default()
        .to_string()
}
