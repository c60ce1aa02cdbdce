//! API tokens: created, looked up by hash, used, listed, revoked.

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::parse_column;
use crate::domain::{ProgramRole, TokenScope};

/// A token as the admin pages list it (never its secret).
#[derive(Debug, Clone)]
pub struct TokenSummary {
    pub id: Uuid,
    pub organisation_code: String,
    /// The verifier account the token acts for, by name (none for an organisation's token).
    pub account: Option<String>,
    pub name: String,
    pub display_prefix: String,
    pub scope: TokenScope,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub last_used_at: Option<DateTime<Utc>>,
}

/// What the API needs to know about a presented token.
#[derive(Debug, Clone)]
pub struct TokenGrant {
    pub id: Uuid,
    pub organisation_id: Uuid,
    pub organisation_code: String,
    pub name: String,
    pub scope: TokenScope,
    pub expires_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    /// Its organisation is archived: the token opens nothing.
    pub organisation_archived: bool,
    /// The roles its organisation holds in any program, read with the token so that what
    /// the caller may read costs no query of its own.
    pub organisation_roles: Vec<ProgramRole>,
    /// The verifier account the token acts for, if it does.
    pub account: Option<TokenAccount>,
}

/// The account a verifier's token acts for, as it stands now.
#[derive(Debug, Clone)]
pub struct TokenAccount {
    pub user_id: Uuid,
    pub display_name: String,
    /// Active and still a verifier: otherwise the token opens nothing.
    pub active_verifier: bool,
}

/// A token to store.
pub struct NewTokenRow<'a> {
    pub organisation_id: Uuid,
    pub name: &'a str,
    pub display_prefix: &'a str,
    pub secret_hash: &'a [u8; 32],
    pub scope: TokenScope,
    pub created_by: &'a str,
    pub expires_at: Option<DateTime<Utc>>,
    /// The verifier account it acts for, if any.
    pub user_id: Option<Uuid>,
}

/// Stores a token; returns its id and the stored row as JSON for the audit log.
#[tracing::instrument(skip_all)]
pub async fn create(
    conn: &mut PgConnection,
    token: &NewTokenRow<'_>,
) -> Result<(Uuid, serde_json::Value), sqlx::Error> {
    sqlx::query_as(
        "INSERT INTO api_token (organisation_id, name, display_prefix, secret_hash, scope, created_by, expires_at, user_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         RETURNING id, jsonb_build_object('organisation_id', organisation_id, 'name', name,
                   'display_prefix', display_prefix, 'scope', scope, 'expires_at', expires_at,
                   'user_id', user_id)",
    )
    .bind(token.organisation_id)
    .bind(token.name)
    .bind(token.display_prefix)
    .bind(&token.secret_hash[..])
    .bind(token.scope.as_str())
    .bind(token.created_by)
    .bind(token.expires_at)
    .bind(token.user_id)
    .fetch_one(conn)
    .await
}

#[derive(sqlx::FromRow)]
struct GrantRow {
    id: Uuid,
    organisation_id: Uuid,
    organisation_code: String,
    name: String,
    scope: String,
    expires_at: Option<DateTime<Utc>>,
    revoked_at: Option<DateTime<Utc>>,
    organisation_archived: bool,
    organisation_roles: Vec<String>,
    user_id: Option<Uuid>,
    user_name: Option<String>,
    active_verifier: Option<bool>,
}

/// The token with this hash, whatever its state (the caller decides what expired or revoked
/// means, so it can say so).
#[tracing::instrument(skip_all)]
pub async fn by_hash(
    pool: &PgPool,
    secret_hash: &[u8; 32],
) -> Result<Option<TokenGrant>, sqlx::Error> {
    let row: Option<GrantRow> = sqlx::query_as(
        "SELECT t.id, t.organisation_id, o.code AS organisation_code, t.name, t.scope, t.expires_at, t.revoked_at,
                o.archived_at IS NOT NULL AS organisation_archived,
                ARRAY(SELECT DISTINCT r.role FROM program_role r
                       WHERE r.organisation_id = t.organisation_id) AS organisation_roles,
                t.user_id, u.display_name AS user_name,
                (u.active AND u.role = 'verifier') AS active_verifier
           FROM api_token t JOIN organisation o ON o.id = t.organisation_id
           LEFT JOIN app_user u ON u.id = t.user_id
          WHERE t.secret_hash = $1",
    )
    .bind(&secret_hash[..])
    .fetch_optional(pool)
    .await?;
    row.map(|r| {
        Ok(TokenGrant {
            scope: parse_column("scope", &r.scope)?,
            id: r.id,
            organisation_id: r.organisation_id,
            organisation_code: r.organisation_code,
            name: r.name,
            expires_at: r.expires_at,
            revoked_at: r.revoked_at,
            organisation_archived: r.organisation_archived,
            organisation_roles: r
                .organisation_roles
                .iter()
                .map(|role| parse_column("role", role))
                .collect::<Result<_, _>>()?,
            account: r.user_id.map(|user_id| TokenAccount {
                user_id,
                display_name: r.user_name.unwrap_or_default(),
                active_verifier: r.active_verifier.unwrap_or(false),
            }),
        })
    })
    .transpose()
}

/// What is left of a token's request budget after one request was taken from it (or refused).
#[derive(Debug, Clone, Copy, PartialEq, sqlx::FromRow)]
pub struct BudgetLeft {
    /// Whether the request fitted in the budget.
    pub granted: bool,
    /// Requests left (fractional while refilling).
    pub tokens: f64,
}

/// The budget level of the row `b` at `$2`: what was left plus the refill since, at most
/// `$3`. Written once, used by the verdict and by the new level.
macro_rules! budget_level {
    () => {
        "LEAST($3, b.tokens + GREATEST(0, EXTRACT(EPOCH FROM ($2 - b.refilled_at))::float8) * $4)"
    };
}

/// One API request of a token at `now`: takes one request from its budget (a token bucket of
/// `capacity` requests refilled at `per_second`, shared by every instance on this database)
/// and records the token as used (at most one write a minute). One statement, atomic: the
/// row lock queues concurrent requests of the token, whichever instance serves them.
#[tracing::instrument(skip(pool))]
pub async fn take_request(
    pool: &PgPool,
    id: Uuid,
    now: DateTime<Utc>,
    capacity: f64,
    per_second: f64,
) -> Result<BudgetLeft, sqlx::Error> {
    sqlx::query_as(concat!(
        "WITH used AS (
             UPDATE api_token SET last_used_at = $2
              WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < $2 - interval '1 minute'))
         INSERT INTO api_token_budget AS b (token_id, tokens, refilled_at, granted)
         VALUES ($1, GREATEST($3 - 1, 0), $2, $3 >= 1)
         ON CONFLICT (token_id) DO UPDATE SET
             granted = ",
        budget_level!(),
        " >= 1,
             tokens = ",
        budget_level!(),
        " - CASE WHEN ",
        budget_level!(),
        " >= 1 THEN 1 ELSE 0 END,
             refilled_at = GREATEST(b.refilled_at, $2)
         RETURNING granted, tokens"
    ))
    .bind(id)
    .bind(now)
    .bind(capacity)
    .bind(per_second)
    .fetch_one(pool)
    .await
}

/// Revokes every live token of an organisation at `now` (its archiving); returns the ids
/// revoked. Restoring the organisation does not bring them back.
#[tracing::instrument(skip(conn))]
pub async fn revoke_all_of_organisation(
    conn: &mut PgConnection,
    organisation_id: Uuid,
    now: DateTime<Utc>,
) -> Result<Vec<Uuid>, sqlx::Error> {
    sqlx::query_scalar(
        "UPDATE api_token SET revoked_at = $2
          WHERE organisation_id = $1 AND revoked_at IS NULL
         RETURNING id",
    )
    .bind(organisation_id)
    .bind(now)
    .fetch_all(conn)
    .await
}

/// Revokes a token at `now` (the injected clock's); returns (before, after) as JSON when it
/// existed and was live.
#[tracing::instrument(skip(conn))]
pub async fn revoke(
    conn: &mut PgConnection,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<Option<(serde_json::Value, serde_json::Value)>, sqlx::Error> {
    sqlx::query_as(
        "UPDATE api_token SET revoked_at = $2
          WHERE id = $1 AND revoked_at IS NULL
         RETURNING jsonb_build_object('revoked_at', NULL), jsonb_build_object('revoked_at', revoked_at)",
    )
    .bind(id)
    .bind(now)
    .fetch_optional(conn)
    .await
}

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: Uuid,
    organisation_code: String,
    account: Option<String>,
    name: String,
    display_prefix: String,
    scope: String,
    created_by: String,
    created_at: DateTime<Utc>,
    expires_at: Option<DateTime<Utc>>,
    revoked_at: Option<DateTime<Utc>>,
    last_used_at: Option<DateTime<Utc>>,
}

/// Every token, live ones first.
#[tracing::instrument(skip_all)]
pub async fn list(pool: &PgPool) -> Result<Vec<TokenSummary>, sqlx::Error> {
    let rows: Vec<SummaryRow> = sqlx::query_as(
        "SELECT t.id, o.code AS organisation_code, u.display_name AS account, t.name, t.display_prefix,
                t.scope, t.created_by, t.created_at, t.expires_at, t.revoked_at, t.last_used_at
           FROM api_token t JOIN organisation o ON o.id = t.organisation_id
           LEFT JOIN app_user u ON u.id = t.user_id
          ORDER BY (t.revoked_at IS NULL) DESC, t.created_at DESC",
    )
    .fetch_all(pool)
    .await?;
    rows.into_iter().map(TokenSummary::try_from).collect()
}

/// One live (not revoked) token, for the revocation page.
#[tracing::instrument(skip(pool))]
pub async fn live_one(pool: &PgPool, id: Uuid) -> Result<Option<TokenSummary>, sqlx::Error> {
    let row: Option<SummaryRow> = sqlx::query_as(
        "SELECT t.id, o.code AS organisation_code, u.display_name AS account, t.name, t.display_prefix,
                t.scope, t.created_by, t.created_at, t.expires_at, t.revoked_at, t.last_used_at
           FROM api_token t JOIN organisation o ON o.id = t.organisation_id
           LEFT JOIN app_user u ON u.id = t.user_id
          WHERE t.id = $1 AND t.revoked_at IS NULL",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?;
    row.map(TokenSummary::try_from).transpose()
}

impl TryFrom<SummaryRow> for TokenSummary {
    type Error = sqlx::Error;

    fn try_from(r: SummaryRow) -> Result<Self, Self::Error> {
        Ok(TokenSummary {
            scope: parse_column("scope", &r.scope)?,
            id: r.id,
            organisation_code: r.organisation_code,
            account: r.account,
            name: r.name,
            display_prefix: r.display_prefix,
            created_by: r.created_by,
            created_at: r.created_at,
            expires_at: r.expires_at,
            revoked_at: r.revoked_at,
            last_used_at: r.last_used_at,
        })
    }
}
