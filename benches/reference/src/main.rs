//! The yardstick `benches/pages.sh` measures Pilar against: the least an axum 0.8 application
//! with the same crates can do per request on this machine, measured in the same run as the
//! pages so that the machine's load cancels in the ratio.
//!
//! - `GET /plaintext`: a plain handler, no database, no template (the ceiling of `/healthz`);
//! - `GET /fortunes`: the TechEmpower "fortunes" test: one query reads the 12 rows of its own
//!   table (`bench_reference_fortune`, made and filled at start if missing), one row is added
//!   in memory, the 13 are sorted by message and rendered HTML-escaped with askama.
//!
//! Settings (environment): `DATABASE_URL` (the PostgreSQL Pilar uses), `LISTEN`
//! (127.0.0.1:3990), `POOL` (16: Pilar's default pool size).

use std::net::SocketAddr;

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use sqlx::PgPool;
use sqlx::postgres::PgPoolOptions;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The twelve fortunes of the TechEmpower benchmark (escaping and non-ASCII included).
const FORTUNES: [&str; 12] = [
    "fortune: No such file or directory",
    "A computer scientist is someone who fixes things that aren't broken.",
    "After enough decimal places, nobody gives a damn.",
    "A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1",
    "A computer program does what you tell it to do, not what you want it to do.",
    "Emacs is a nice operating system, but I prefer UNIX. — Tom Christaensen",
    "Any program that runs right is obsolete.",
    "A list is only as strong as its weakest link. — Donald Knuth",
    "Feature: A bug with seniority.",
    "Computers make very fast, very accurate mistakes.",
    "<script>alert(\"This should not be displayed in a browser alert box.\");</script>",
    "フレームワークのベンチマーク",
];

struct Fortune {
    id: i32,
    message: String,
}

#[derive(Template)]
#[template(path = "fortunes.html")]
struct FortunesPage {
    fortunes: Vec<Fortune>,
}

async fn plaintext() -> &'static str {
    "Hello, World!"
}

async fn fortunes(State(pool): State<PgPool>) -> Response {
    let rows: Result<Vec<(i32, String)>, _> =
        sqlx::query_as("SELECT id, message FROM bench_reference_fortune")
            .fetch_all(&pool)
            .await;
    let Ok(rows) = rows else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let mut fortunes: Vec<Fortune> = rows
        .into_iter()
        .map(|(id, message)| Fortune { id, message })
        .collect();
    fortunes.push(Fortune {
        id: 0,
        message: "Additional fortune added at request time.".into(),
    });
    fortunes.sort_by(|a, b| a.message.cmp(&b.message));
    match (FortunesPage { fortunes }).render() {
        Ok(body) => ([(header::CACHE_CONTROL, "no-store")], Html(body)).into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// Makes and fills the reference's own table, once.
async fn prepare(pool: &PgPool) -> Result<(), sqlx::Error> {
    sqlx::query(
        "CREATE TABLE IF NOT EXISTS bench_reference_fortune (
             id integer PRIMARY KEY,
             message text NOT NULL)",
    )
    .execute(pool)
    .await?;
    for (id, message) in (1..).zip(FORTUNES) {
        sqlx::query(
            "INSERT INTO bench_reference_fortune (id, message) VALUES ($1, $2)
             ON CONFLICT (id) DO NOTHING",
        )
        .bind(id)
        .bind(message)
        .execute(pool)
        .await?;
    }
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let url = std::env::var("DATABASE_URL").map_err(|_| "set DATABASE_URL")?;
    let listen: SocketAddr = std::env::var("LISTEN")
        .unwrap_or_else(|_| "127.0.0.1:3990".into())
        .parse()?;
    let size: u32 = std::env::var("POOL")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(16);
    let pool = PgPoolOptions::new()
        .max_connections(size)
        .connect(&url)
        .await?;
    prepare(&pool).await?;
    let app = Router::new()
        .route("/plaintext", get(plaintext))
        .route("/fortunes", get(fortunes))
        .with_state(pool);
    let listener = tokio::net::TcpListener::bind(listen).await?;
    axum::serve(listener, app).await?;
    Ok(())
}
