//! The bodies of the `serve`, `migrate`, `seed`, `user` and `token` commands: start-up,
//! graceful shutdown, and one-line errors for bad configuration. The commands run beside a
//! serving Pilar on the same private cluster (see `db::embedded`).

use anyhow::{Context, bail};
use tokio::net::TcpListener;

use std::io::Read;
use std::sync::Arc;

use crate::app;
use crate::auth::accounts;
use crate::cache::PageCache;
use crate::config::{SeedArgs, Settings, TokenCommand, UserCommand, VerifyArgs};
use crate::db::{Database, Opener};
use crate::domain::clock::Clock;
use crate::domain::transparency::NoteSigner;
use crate::domain::{Actor, AuditOrigin, Role};
use crate::rate_limit::ApiRateLimiter;
use crate::state::AppState;
use crate::store;

/// Serves until SIGINT or SIGTERM, then finishes the requests in flight, closes the pool and
/// stops the private cluster.
pub async fn serve(settings: &Settings) -> anyhow::Result<()> {
    // Bind before anything slow, so that a port in use is reported at once.
    let listener = TcpListener::bind(settings.listen)
        .await
        .with_context(|| format!("cannot listen on {}", settings.listen))?;
    let mut db = Database::open(settings, Opener::Server).await?;
    let result = match db.supervise() {
        Ok(()) => run(settings, &db, listener).await,
        Err(err) => Err(err.into()),
    };
    db.close().await;
    result
}

async fn run(settings: &Settings, db: &Database, listener: TcpListener) -> anyhow::Result<()> {
    // Past a pooler in transaction mode, the migrations' session lock must not go through it.
    let direct = crate::db::direct_pool(settings).await?;
    match &direct {
        Some(direct) => crate::db::MIGRATOR
            .run(direct)
            .await
            .context("applying migrations")?,
        None => db.migrate().await?,
    }
    crate::workflow::flows::rebuild_computed_figures(&db.pool)
        .await
        .context("computing the indicators computed from the material ledger")?;
    let signer = Arc::new(log_signer(settings)?);
    crate::workflow::publication::check_signing_key(&db.pool, &signer)
        .await
        .map_err(|e| anyhow::anyhow!("{e:#}"))?;
    if !settings.no_demo && store::program::is_empty(&db.pool).await? {
        let outcome = store::demo::load_demo(&db.pool)
            .await
            .context("loading the demo data")?;
        tracing::info!(?outcome, "demo data loaded on first start");
        publish_demo(&db.pool, &signer, &clock(settings)).await?;
    }
    if store::program::demo_loaded(&db.pool).await? {
        accounts::ensure_demo_users(&db.pool)
            .await
            .map_err(|e| anyhow::anyhow!("creating the demo users: {e}"))?;
    }
    if let Some((email, generated)) = accounts::ensure_first_admin(
        &db.pool,
        Some(&settings.admin_email),
        settings.admin_password.as_deref(),
    )
    .await
    .map_err(|e| anyhow::anyhow!("creating the first admin: {e}"))?
    {
        match generated {
            // Printed once, to the terminal, not to the log.
            Some(password) => eprintln!(
                "pilar: created the admin {email} with the password {password} (shown once; change it with `pilar user reset-password`)"
            ),
            None => eprintln!("pilar: created the admin {email} with the configured password"),
        }
    }
    let state = AppState {
        pool: db.pool.clone(),
        database: Arc::clone(&db.health),
        clock: clock(settings),
        sessions: Arc::new(settings.session_settings()),
        api_limiter: Arc::new(ApiRateLimiter::new(settings.api_rate_limit)),
        page_cache: if settings.no_page_cache {
            PageCache::disabled()
        } else {
            PageCache::new()
        },
        iati: Arc::new(settings.iati_publisher()),
        log_signer: signer,
    };
    // The listener holds one connection for as long as it listens: the pool's, or the direct
    // one past a connection pooler (docs/scaling.md).
    tokio::spawn(Arc::clone(&state.page_cache).listen(direct.unwrap_or_else(|| db.pool.clone())));
    let router = app::router(
        state,
        std::time::Duration::from_secs(settings.request_timeout_secs),
    );
    let address = listener.local_addr()?;
    tokio::spawn(sweep_expired_sessions(db.pool.clone(), clock(settings)));
    // Reminders and notifications: the daily job, digests and the outbox's sender. Every
    // instance runs it; the database decides which does what (docs/notifications.md).
    let mail = settings.mail_settings();
    if mail.smtp_url.is_none() {
        tracing::info!(
            "no SMTP server configured (--smtp-url): notifications are logged, not sent"
        );
    }
    tokio::spawn(crate::notify::run(db.pool.clone(), clock(settings), mail));
    println!("Pilar is running at http://{address}");
    let limits = ConnectionLimits {
        max_connections: settings.max_connections,
        header_read_timeout: std::time::Duration::from_secs(settings.header_read_timeout_secs),
    };
    serve_http(listener, router, limits, shutdown_signal()).await;
    tracing::info!("stopped serving; shutting down");
    Ok(())
}

/// Applies pending migrations.
pub async fn migrate(settings: &Settings) -> anyhow::Result<()> {
    let db = Database::open(settings, Opener::Command("migrate")).await?;
    let result = async {
        db.migrate().await?;
        crate::workflow::flows::rebuild_computed_figures(&db.pool)
            .await
            .context("computing the indicators computed from the material ledger")
    }
    .await;
    db.close().await;
    result?;
    println!("migrations applied");
    Ok(())
}

/// Loads a data set.
pub async fn seed(settings: &Settings, args: &SeedArgs) -> anyhow::Result<()> {
    if !args.demo && !args.synthetic {
        bail!("say which data set to load: `pilar seed --demo` or `pilar seed --synthetic`");
    }
    let db = Database::open(settings, Opener::Command("seed")).await?;
    let result = async {
        db.migrate().await?;
        let outcome = store::demo::load_demo(&db.pool)
            .await
            .context("loading the demo data")?;
        // The demo's transparency log (each demo program's Q1–Q3 2026, a restatement, an
        // attestation), signed with the key the server uses; once: nothing for a program
        // that holds publications.
        if store::program::demo_loaded(&db.pool).await? {
            let signer = log_signer(settings)?;
            crate::workflow::publication::check_signing_key(&db.pool, &signer)
                .await
                .map_err(|e| anyhow::anyhow!("{e:#}"))?;
            publish_demo(&db.pool, &signer, &clock(settings)).await?;
        }
        if args.synthetic {
            let started = std::time::Instant::now();
            let counts = store::synthetic::load_synthetic(&db.pool, args.tenants, args.months)
                .await
                .context("loading the synthetic data")?;
            println!(
                "synthetic data loaded in {:.1} s: {counts:?}",
                started.elapsed().as_secs_f64()
            );
        }
        anyhow::Ok(outcome)
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

/// `pilar user …`.
pub async fn user(settings: &Settings, command: UserCommand) -> anyhow::Result<()> {
    let name = match command {
        UserCommand::Add { .. } => "user add",
        UserCommand::ResetPassword { .. } => "user reset-password",
    };
    let db = Database::open(settings, Opener::Command(name)).await?;
    let result = async {
        db.migrate().await?;
        let actor = Actor::System {
            label: "command line".into(),
        };
        let context = AuditOrigin::default();
        match command {
            UserCommand::Add {
                email,
                role,
                org,
                name,
                language,
                password_stdin: _,
            } => {
                let role: Role = role.parse()?;
                let password = read_password()?;
                let input = accounts::UserInput {
                    email: email.clone(),
                    display_name: name,
                    role,
                    organisation_code: org,
                    preferred_language: language,
                    password,
                };
                accounts::create_user(&db.pool, &actor, &context, input)
                    .await
                    .map_err(one_line)?;
                println!("created {role} {email}");
            }
            UserCommand::ResetPassword {
                email,
                password_stdin: _,
            } => {
                let password = read_password()?;
                accounts::reset_password(&db.pool, &actor, &context, &email, password)
                    .await
                    .map_err(one_line)?;
                println!("password of {email} reset; their sessions have ended");
            }
        }
        anyhow::Ok(())
    }
    .await;
    db.close().await;
    result
}

/// `pilar token …`.
pub async fn token(settings: &Settings, command: TokenCommand) -> anyhow::Result<()> {
    let name = match command {
        TokenCommand::Create { .. } => "token create",
        TokenCommand::Revoke { .. } => "token revoke",
    };
    let db = Database::open(settings, Opener::Command(name)).await?;
    let result = async {
        db.migrate().await?;
        let actor = Actor::System {
            label: "command line".into(),
        };
        let context = AuditOrigin::default();
        match command {
            TokenCommand::Create {
                org,
                scope,
                name,
                expires,
                verifier,
            } => {
                let input = accounts::TokenInput {
                    organisation_code: org,
                    name,
                    scope,
                    expires_on: expires,
                    verifier_email: verifier,
                };
                let issued = accounts::create_token(
                    &db.pool,
                    &actor,
                    &context,
                    clock(settings).today(),
                    input,
                )
                .await
                .map_err(one_line)?;
                eprintln!("token {} created; it is shown once:", issued.id);
                // The token alone on stdout, for scripts.
                println!("{}", issued.secret);
            }
            TokenCommand::Revoke { id } => {
                accounts::revoke_token(&db.pool, &actor, &context, id, clock(settings).now())
                    .await
                    .map_err(one_line)?;
                println!("token {id} revoked");
            }
        }
        anyhow::Ok(())
    }
    .await;
    db.close().await;
    result
}

/// A password from standard input: the first line, without its line ending.
fn read_password() -> anyhow::Result<String> {
    let mut input = String::new();
    std::io::stdin()
        .take(4096)
        .read_to_string(&mut input)
        .context("reading the password from standard input")?;
    let password = input.lines().next().unwrap_or_default().to_string();
    if password.is_empty() {
        bail!(
            "no password on standard input (pipe it in, e.g. `printf '%s' \"$PASSWORD\" | pilar user …`)"
        );
    }
    Ok(password)
}

/// An application error as one line for the terminal, naming each field.
fn one_line(err: impl Into<crate::error::AppError>) -> anyhow::Error {
    match err.into() {
        crate::error::AppError::Validation(fields) => anyhow::anyhow!(
            "{}",
            fields
                .iter()
                .map(|f| format!("{}: {}", f.pointer, f.message))
                .collect::<Vec<_>>()
                .join("; ")
        ),
        other => anyhow::anyhow!("{other}"),
    }
}

/// Removes expired sessions every hour, so the table does not grow without bound.
async fn sweep_expired_sessions(pool: sqlx::PgPool, clock: Clock) {
    let mut interval = tokio::time::interval(std::time::Duration::from_secs(3600));
    loop {
        interval.tick().await;
        match store::users::delete_expired_sessions(&pool, clock.now()).await {
            Ok(n) if n > 0 => tracing::info!(removed = n, "expired sessions removed"),
            Ok(_) => {}
            Err(err) => tracing::warn!(%err, "could not remove expired sessions"),
        }
    }
}

/// What one slow or greedy client may hold of the server.
#[derive(Debug, Clone, Copy)]
pub struct ConnectionLimits {
    /// Connections served at once; further ones wait in the kernel's accept queue.
    pub max_connections: usize,
    /// A connection that has not sent a request's headers within this is closed (a client
    /// sending half a header cannot hold a connection, nor its memory).
    pub header_read_timeout: std::time::Duration,
}

/// Serves HTTP/1.1 on `listener` until `shutdown` completes, then finishes the requests in
/// flight. Like `axum::serve`, with the limits it lacks: a connection cap and a header-read
/// timeout.
pub async fn serve_http(
    listener: TcpListener,
    app: app::App,
    limits: ConnectionLimits,
    shutdown: impl std::future::Future<Output = ()>,
) {
    use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
    use hyper_util::server::conn::auto::Builder;

    let max = limits.max_connections.clamp(1, 1 << 20);
    let permits = Arc::new(tokio::sync::Semaphore::new(max));
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            permit = Arc::clone(&permits).acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break,
            },
            _ = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(err) => {
                    // Out of descriptors and the like: wait a moment rather than spin.
                    tracing::warn!(%err, "accepting a connection failed");
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        // The peer rides with the service rather than in every request's extensions.
        let service = app.for_peer(peer);
        let mut stopped = stopped.clone();
        tokio::spawn(async move {
            let _permit = permit;
            let mut builder = Builder::new(TokioExecutor::new());
            builder
                .http1()
                .timer(TokioTimer::new())
                .header_read_timeout(limits.header_read_timeout)
                // Above `auth::edge`'s limits (as hyper's buffer of about 400 KB is), so that
                // our answer (shaped, with the security headers) refuses a long head rather
                // than hyper's bare one.
                .max_headers(4 * crate::auth::edge::HEADER_COUNT_LIMIT);
            let connection = builder.serve_connection_with_upgrades(TokioIo::new(stream), service);
            let mut connection = std::pin::pin!(connection);
            tokio::select! {
                result = connection.as_mut() => {
                    if let Err(err) = result {
                        tracing::debug!(%err, %peer, "connection ended with an error");
                    }
                }
                _ = stopped.changed() => {
                    connection.as_mut().graceful_shutdown();
                    let _ = connection.await;
                }
            }
        });
    }
    drop(listener);
    let _ = stop.send(true);
    // Every connection holds a permit until it ends: all of them back means all finished.
    let all = u32::try_from(max).unwrap_or(u32::MAX);
    let _ = permits.acquire_many(all).await;
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

/// The transparency log's signing key: read from the configured file, or from
/// `transparency.key` in the data directory, generated there (mode 0600, readable by Pilar
/// only) on first start. Rotating it is documented in docs/transparency.md.
pub fn log_signer(settings: &Settings) -> anyhow::Result<NoteSigner> {
    let path = log_key_path(settings);
    match std::fs::read_to_string(&path) {
        Ok(text) => NoteSigner::from_private_key_text(&text)
            .with_context(|| format!("reading the transparency log key {}", path.display())),
        Err(err)
            if err.kind() == std::io::ErrorKind::NotFound && settings.log_key_file.is_none() =>
        {
            let signer = NoteSigner::from_seed(&settings.log_origin, rand::random());
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("creating {}", dir.display()))?;
            }
            write_key_file(&path, &signer)?;
            tracing::info!(path = %path.display(), key = %signer.verifier_key(), "transparency log key generated");
            Ok(signer)
        }
        Err(err) => {
            Err(err).with_context(|| format!("reading the transparency log key {}", path.display()))
        }
    }
}

/// Where the transparency log's key is kept: the configured file, or `transparency.key` in
/// the data directory.
fn log_key_path(settings: &Settings) -> std::path::PathBuf {
    match &settings.log_key_file {
        Some(path) => path.clone(),
        None => settings.data_dir_or_default().join("transparency.key"),
    }
}

/// Writes a signing key to a new file readable by its owner only (mode 0600).
fn write_key_file(path: &std::path::Path, signer: &NoteSigner) -> anyhow::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("creating the transparency log key {}", path.display()))?;
    writeln!(file, "{}", signer.private_key_text())?;
    file.sync_all()?;
    Ok(())
}

/// `pilar transparency …`.
pub async fn transparency(
    settings: &Settings,
    command: crate::config::TransparencyCommand,
) -> anyhow::Result<()> {
    match command {
        crate::config::TransparencyCommand::RotateKey => rotate_key(settings).await,
    }
}

/// `pilar transparency rotate-key`: a new key, the rotation appended to the log signed by the
/// old one, the old key file kept aside (`<file>.retired-<key id>`), the new one in its place.
/// Pilar must be stopped meanwhile: a running instance keeps signing with the old key.
async fn rotate_key(settings: &Settings) -> anyhow::Result<()> {
    let path = log_key_path(settings);
    let text = std::fs::read_to_string(&path).with_context(|| {
        format!(
            "reading the transparency log key {} (nothing to rotate)",
            path.display()
        )
    })?;
    let old = NoteSigner::from_private_key_text(&text)
        .with_context(|| format!("reading the transparency log key {}", path.display()))?;
    let new = NoteSigner::from_seed(old.name(), rand::random());
    let beside = |suffix: &str| {
        let mut name = path.clone().into_os_string();
        name.push(suffix);
        std::path::PathBuf::from(name)
    };
    let pending = beside(".new");
    let retired = beside(&format!(
        ".retired-{}",
        crate::domain::transparency::note::hex(&old.key_id())
    ));
    if retired.exists() {
        bail!("{} exists already; move it away first", retired.display());
    }
    // The new key is on disk before the log names it, so a crash leaves it recoverable.
    write_key_file(&pending, &new)?;
    let db = Database::open(settings, Opener::Command("transparency rotate-key")).await?;
    let result = async {
        db.migrate().await?;
        let actor = Actor::System {
            label: "command line".into(),
        };
        crate::workflow::publication::rotate_key(
            &db.pool,
            &old,
            &new,
            &actor,
            &AuditOrigin::default(),
            clock(settings).now(),
        )
        .await
        .map_err(|e| anyhow::anyhow!("{e:#}"))
    }
    .await;
    db.close().await;
    let appended = match result {
        Ok(appended) => appended,
        Err(err) => {
            let _ = std::fs::remove_file(&pending);
            return Err(err);
        }
    };
    std::fs::rename(&path, &retired)
        .and_then(|()| std::fs::rename(&pending, &path))
        .with_context(|| {
            format!(
                "the log now names the new key, but the key files could not be swapped: move {} to {} and {} to {}",
                path.display(),
                retired.display(),
                pending.display(),
                path.display()
            )
        })?;
    println!(
        "key rotated at log entry {} (tree size {}); the old key is kept in {} (store it offline)",
        appended.position,
        appended.size,
        retired.display()
    );
    println!("new verifier key: {}", new.verifier_key());
    Ok(())
}

/// `pilar verify`: checks a transparency log from outside and prints what it checked; fails
/// (non-zero exit) on any mismatch.
pub async fn verify(args: &VerifyArgs) -> anyhow::Result<()> {
    let source = match (&args.url, &args.dir) {
        (Some(url), None) => crate::verify::Source::Url(url.clone()),
        (None, Some(dir)) => crate::verify::Source::Dir(dir.clone()),
        _ => bail!("say where the log is: --url https://… or --dir <downloaded files>"),
    };
    let saved_checkpoint = match &args.checkpoint {
        Some(path) => Some(
            std::fs::read_to_string(path)
                .with_context(|| format!("reading the saved checkpoint {}", path.display()))?,
        ),
        None => None,
    };
    let request = crate::verify::Request {
        source,
        key: crate::verify::key_argument(&args.key)?,
        saved_checkpoint,
        ca_cert: args.ca_cert.clone(),
    };
    let note = crate::verify::verify(&request, &mut |line| println!("{line}")).await?;
    if let Some(path) = &args.save {
        std::fs::write(path, note).with_context(|| format!("saving {}", path.display()))?;
        println!("Saved the checkpoint to {}.", path.display());
    }
    Ok(())
}

/// The demo's publications (each demo program's Q1–Q3 2026, a restatement, an attestation)
/// after the demo data.
async fn publish_demo(
    pool: &sqlx::PgPool,
    signer: &NoteSigner,
    clock: &Clock,
) -> anyhow::Result<()> {
    let size = crate::workflow::publication::publish_demo(pool, signer, clock.now(), clock.today())
        .await
        .map_err(|e| anyhow::anyhow!("publishing the demo periods: {e}"))?;
    tracing::info!(
        entries = size,
        "demo periods published in the transparency log"
    );
    Ok(())
}
