//! The bodies of the `serve`, `migrate` and `seed` commands: start-up, graceful shutdown,
//! and one-line errors for bad configuration.

use anyhow::{Context, bail};
use tokio::net::TcpListener;

use crate::app::{self, AppState};
use crate::config::{SeedArgs, Settings};
use crate::db::Database;
use crate::domain::clock::Clock;
use crate::store;

/// Serves until SIGINT or SIGTERM, then finishes the requests in flight, closes the pool and
/// stops the private cluster.
pub async fn serve(settings: &Settings) -> anyhow::Result<()> {
    // Bind before anything slow, so that a port in use is reported at once.
    let listener = TcpListener::bind(settings.listen)
        .await
        .with_context(|| format!("cannot listen on {}", settings.listen))?;
    let db = Database::open(settings).await?;
    let result = run(settings, &db, listener).await;
    db.close().await;
    result
}

async fn run(settings: &Settings, db: &Database, listener: TcpListener) -> anyhow::Result<()> {
    db.migrate().await?;
    if !settings.no_demo && store::program::is_empty(&db.pool).await? {
        let outcome = store::demo::load_demo(&db.pool)
            .await
            .context("loading the demo data")?;
        tracing::info!(?outcome, "demo data loaded on first start");
    }
    let state = AppState {
        pool: db.pool.clone(),
        clock: clock(settings),
    };
    let router = app::router(
        state,
        std::time::Duration::from_secs(settings.request_timeout_secs),
    );
    let address = listener.local_addr()?;
    println!("Pilar is running at http://{address}");
    axum::serve(listener, router)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .context("the HTTP server failed")?;
    tracing::info!("stopped serving; shutting down");
    Ok(())
}

/// Applies pending migrations.
pub async fn migrate(settings: &Settings) -> anyhow::Result<()> {
    let db = Database::open(settings).await?;
    let result = db.migrate().await;
    db.close().await;
    result?;
    println!("migrations applied");
    Ok(())
}

/// Loads a data set.
pub async fn seed(settings: &Settings, args: &SeedArgs) -> anyhow::Result<()> {
    if !args.demo {
        bail!("say which data set to load: `pilar seed --demo`");
    }
    let db = Database::open(settings).await?;
    let result = async {
        db.migrate().await?;
        store::demo::load_demo(&db.pool)
            .await
            .context("loading the demo data")
    }
    .await;
    db.close().await;
    match result? {
        store::demo::DemoOutcome::Loaded(counts) => println!("demo data loaded: {counts:?}"),
        store::demo::DemoOutcome::AlreadyLoaded => {
            println!("demo data already loaded; nothing changed")
        }
    }
    Ok(())
}

fn clock(settings: &Settings) -> Clock {
    settings.today.map_or(Clock::System, Clock::Fixed)
}

async fn shutdown_signal() {
    use tokio::signal::unix::{SignalKind, signal};
    let mut terminate = match signal(SignalKind::terminate()) {
        Ok(s) => s,
        Err(err) => {
            tracing::error!(%err, "cannot listen for SIGTERM");
            return std::future::pending().await;
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => tracing::info!("SIGINT received"),
        _ = terminate.recv() => tracing::info!("SIGTERM received"),
    }
}
