//! Every setting of the program, from command-line flags and environment variables, with
//! defaults. `pilar --help` lists them; the README's configuration table mirrors this file.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};

/// Pilar: tracks the Tsingshan–UNIDO sustainable-nickel pilot at IWIP.
#[derive(Debug, Parser)]
#[command(name = "pilar", version, about, long_about = None)]
pub struct Cli {
    #[command(flatten)]
    pub settings: Settings,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// What to do; `serve` when none is given.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the dashboards and the API (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Load a data set into the database and exit.
    Seed(SeedArgs),
    /// Manage user accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage API tokens.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Check a transparency log without trusting its server (docs/transparency.md).
    Verify(VerifyArgs),
    /// Manage the transparency log (docs/transparency.md).
    #[command(subcommand)]
    Transparency(TransparencyCommand),
}

#[derive(Debug, Subcommand)]
pub enum TransparencyCommand {
    /// Replace the log's signing key: appends a key rotation signed by the old key, keeps
    /// the old key file beside the new one (`….retired-<key id>`) and prints the new
    /// verifier key. Stop every Pilar instance first and start them after.
    RotateKey,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The Pilar server's address (https://… or http://…); or use --dir.
    #[arg(long, conflicts_with = "dir")]
    pub url: Option<String>,
    /// A directory of downloaded files: `checkpoint`, `entries/0`, `entries/1`, …
    #[arg(long)]
    pub dir: Option<PathBuf>,
    /// The log's verifier key (`name+id+key`, as `/transparency/key` gives it) or a file
    /// holding it. Keep it from a first visit or get it out of band.
    #[arg(long)]
    pub key: String,
    /// A checkpoint saved earlier: the log must extend it.
    #[arg(long)]
    pub checkpoint: Option<PathBuf>,
    /// Save the verified checkpoint here, for the next run's --checkpoint.
    #[arg(long)]
    pub save: Option<PathBuf>,
    /// For an https:// address: trust the certificates of this PEM file (a private CA or a
    /// self-signed server) instead of the Mozilla roots built in.
    #[arg(long, requires = "url")]
    pub ca_cert: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a user; the password is read from standard input.
    Add {
        #[arg(long)]
        email: String,
        /// admin, manager, tenant, viewer or verifier.
        #[arg(long)]
        role: String,
        /// The organisation's code (tenant users only).
        #[arg(long)]
        org: Option<String>,
        /// Display name (default: the email's local part).
        #[arg(long)]
        name: Option<String>,
        /// Preferred language: en or id.
        #[arg(long, default_value = "en")]
        language: String,
        /// Read the password from standard input (required: passwords never go on the command line).
        #[arg(long, required = true)]
        password_stdin: bool,
    },
    /// Set a new password (read from standard input) and end the user's sessions.
    ResetPassword {
        #[arg(long)]
        email: String,
        #[arg(long, required = true)]
        password_stdin: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Issue an API token for an organisation; prints the token alone on stdout, once.
    Create {
        /// The organisation's code.
        #[arg(long)]
        org: String,
        /// read or write.
        #[arg(long)]
        scope: String,
        /// What the token is for (e.g. "ERP monthly upload").
        #[arg(long)]
        name: String,
        /// Last day the token works (YYYY-MM-DD).
        #[arg(long)]
        expires: Option<NaiveDate>,
        /// The email of the verifier account the token acts for: an assurance provider's token
        /// that attests published statements (`POST /api/v1/publications/{id}/attestations`).
        #[arg(long)]
        verifier: Option<String>,
    },
    /// Revoke a token by its id.
    Revoke { id: uuid::Uuid },
}

#[derive(Debug, Args)]
pub struct SeedArgs {
    /// Load the IWIP demo data set (idempotent: a second run changes nothing).
    #[arg(long)]
    pub demo: bool,
    /// Add a large synthetic data set on top of the demo data (loaded first if missing), for
    /// load tests: `--tenants` tenants reporting every indicator for `--months` months.
    #[arg(long)]
    pub synthetic: bool,
    /// Synthetic tenants to add (with `--synthetic`).
    #[arg(long, default_value_t = 200, requires = "synthetic")]
    pub tenants: u32,
    /// Months of synthetic reports from January 2026 (with `--synthetic`).
    #[arg(long, default_value_t = 36, requires = "synthetic")]
    pub months: u32,
}

/// Settings shared by every command. Each has a flag and an environment variable.
#[derive(Debug, Clone, Args)]
pub struct Settings {
    /// Address the HTTP server listens on.
    #[arg(
        long,
        env = "PILAR_LISTEN",
        default_value = "127.0.0.1:3000",
        global = true
    )]
    pub listen: SocketAddr,

    /// PostgreSQL server to use, e.g. postgres://user:pass@host/db. When unset, Pilar runs
    /// its own private PostgreSQL cluster in the data directory.
    #[arg(long, env = "DATABASE_URL", global = true, hide_env_values = true)]
    pub database_url: Option<String>,

    /// PostgreSQL server reached directly, when DATABASE_URL goes through a connection pooler
    /// in transaction mode: the page cache's change listener (`LISTEN` needs a session of its
    /// own) and the migrations at start (their lock is held by a session) use it.
    /// Default: DATABASE_URL.
    #[arg(
        long,
        env = "PILAR_DIRECT_DATABASE_URL",
        global = true,
        hide_env_values = true
    )]
    pub direct_database_url: Option<String>,

    /// Directory of the private PostgreSQL cluster (used when DATABASE_URL is unset).
    /// Default: /var/lib/pilar when run as root, else $XDG_DATA_HOME/pilar (~/.local/share/pilar).
    #[arg(long, env = "PILAR_DATA_DIR", global = true)]
    pub data_dir: Option<PathBuf>,

    /// Directory holding the PostgreSQL server binaries (initdb, postgres). Default: found
    /// through `pg_config --bindir`, then the newest /usr/lib/postgresql/*/bin.
    #[arg(long, env = "PG_BIN", global = true)]
    pub pg_bin: Option<PathBuf>,

    /// Unprivileged system user that runs the private cluster when Pilar runs as root
    /// (PostgreSQL refuses to run as root).
    #[arg(long, env = "PILAR_PG_USER", default_value = "postgres", global = true)]
    pub pg_user: String,

    /// Maximum number of database connections in the pool.
    #[arg(
        long,
        env = "PILAR_DB_MAX_CONNECTIONS",
        default_value_t = 16,
        global = true
    )]
    pub db_max_connections: u32,

    /// Do not load the demo data on the first start of an empty database.
    #[arg(long, env = "PILAR_NO_DEMO", global = true)]
    pub no_demo: bool,

    /// Compute every dashboard page's facts on every request instead of keeping them in memory
    /// until the data changes (for diagnosis; the cache is exact, see docs/performance.md).
    #[arg(long, env = "PILAR_NO_PAGE_CACHE", global = true)]
    pub no_page_cache: bool,

    /// Pin "today" to this date (YYYY-MM-DD) instead of the system clock; for demonstrations
    /// and reproducible screenshots.
    #[arg(long, env = "PILAR_TODAY", global = true)]
    pub today: Option<NaiveDate>,

    /// Seconds after which a request is abandoned with 408.
    #[arg(
        long,
        env = "PILAR_REQUEST_TIMEOUT",
        default_value_t = 30,
        global = true
    )]
    pub request_timeout_secs: u64,

    /// Let anonymous visitors read the program overview (approved park-level figures only).
    #[arg(long, env = "PILAR_PUBLIC_VIEW", global = true)]
    pub public_view: bool,

    /// Mark cookies `Secure`; set when Pilar is served over HTTPS.
    #[arg(long, env = "PILAR_SECURE_COOKIES", global = true)]
    pub secure_cookies: bool,

    /// Addresses of reverse proxies whose `X-Forwarded-For` names the client (comma-separated).
    /// Empty (the default): the header is ignored and the peer is the client.
    #[arg(
        long = "trusted-proxy",
        env = "PILAR_TRUSTED_PROXIES",
        value_delimiter = ',',
        global = true
    )]
    pub trusted_proxies: Vec<IpAddr>,

    /// Seconds a connection may take to send a request's headers before it is closed.
    #[arg(
        long,
        env = "PILAR_HEADER_READ_TIMEOUT",
        default_value_t = 10,
        global = true
    )]
    pub header_read_timeout_secs: u64,

    /// Connections served at once; further ones wait in the kernel's queue until one closes.
    #[arg(
        long,
        env = "PILAR_MAX_CONNECTIONS",
        default_value_t = 1024,
        global = true
    )]
    pub max_connections: usize,

    /// Minutes without activity after which a session ends.
    #[arg(
        long,
        env = "PILAR_SESSION_IDLE_MINUTES",
        default_value_t = 120,
        global = true
    )]
    pub session_idle_minutes: u64,

    /// Hours after sign-in after which a session ends, however active.
    #[arg(
        long,
        env = "PILAR_SESSION_MAX_HOURS",
        default_value_t = 12,
        global = true
    )]
    pub session_max_hours: u64,

    /// Requests a minute each API token may make (bursts up to the same number), counted in
    /// the database: every instance on it spends from the same budget.
    #[arg(
        long,
        env = "PILAR_API_RATE_LIMIT",
        default_value_t = 600,
        global = true
    )]
    pub api_rate_limit: u32,

    /// IATI identifier of the organisation that publishes the IATI results file
    /// (`/exports/iati-activities.xml`): its `reporting-org`. UNIDO's is XM-DAC-41123.
    #[arg(
        long,
        env = "PILAR_IATI_ORG_REF",
        default_value = "XM-DAC-41123",
        global = true
    )]
    pub iati_org_ref: String,

    /// IATI OrganisationType code of the publishing organisation (40: multilateral).
    #[arg(long, env = "PILAR_IATI_ORG_TYPE", default_value = "40", global = true)]
    pub iati_org_type: String,

    /// Name of the publishing organisation in the IATI file.
    #[arg(
        long,
        env = "PILAR_IATI_ORG_NAME",
        default_value = "United Nations Industrial Development Organization (UNIDO)",
        global = true
    )]
    pub iati_org_name: String,

    /// Code of the publishing organisation in Pilar's stakeholder directory, so that its
    /// participating-org entry carries the identifier too.
    #[arg(
        long,
        env = "PILAR_IATI_ORG_CODE",
        default_value = "UNIDO",
        global = true
    )]
    pub iati_org_code: String,

    /// The program's IATI activity identifier. Default: the organisation's identifier, a
    /// hyphen and the program's code (XM-DAC-41123-IWIP-P1).
    #[arg(long, env = "PILAR_IATI_ACTIVITY_ID", global = true)]
    pub iati_activity_id: Option<String>,

    /// Email of the admin created on first start when there is none.
    #[arg(
        long,
        env = "PILAR_ADMIN_EMAIL",
        default_value = "admin@pilar.local",
        global = true
    )]
    pub admin_email: String,

    /// Password of that first admin; when unset, one is generated and printed once.
    #[arg(
        long,
        env = "PILAR_ADMIN_PASSWORD",
        global = true,
        hide_env_values = true
    )]
    pub admin_password: Option<String>,

    /// SMTP server for notifications, e.g. `smtps://user:pass@mail.example.org` (TLS from the
    /// start), `smtp://user:pass@mail.example.org:587?tls=required` (STARTTLS) or
    /// `smtp://127.0.0.1:2525` (plain, for a server on loopback). Unset: messages are still
    /// recorded in the outbox and written to the log, never sent.
    #[arg(long, env = "PILAR_SMTP_URL", global = true, hide_env_values = true)]
    pub smtp_url: Option<String>,

    /// The sender of notifications, e.g. `Pilar <pilar@iwip.example>`.
    #[arg(
        long,
        env = "PILAR_MAIL_FROM",
        default_value = "Pilar <pilar@localhost>",
        global = true
    )]
    pub mail_from: String,

    /// The address people reach Pilar at, for the links in messages (e.g.
    /// `https://pilar.iwip.example`). Default: http:// and the listen address.
    #[arg(long, env = "PILAR_PUBLIC_URL", global = true)]
    pub public_url: Option<String>,

    /// The park's offset from UTC, which decides when its day starts for the daily reminders
    /// and digests (Asia/Jayapura, WIT: +09:00).
    #[arg(long, env = "PILAR_TIME_ZONE", default_value = "+09:00", global = true)]
    pub time_zone: chrono::FixedOffset,

    /// Seconds between two runs of the notification dispatcher and sender.
    #[arg(
        long,
        env = "PILAR_NOTIFY_INTERVAL",
        default_value_t = 30,
        global = true
    )]
    pub notify_interval_secs: u64,

    /// The transparency log's origin: the first line of its checkpoints and the name of its
    /// signing key (docs/transparency.md). Used when the key is generated.
    #[arg(long, env = "PILAR_LOG_ORIGIN", default_value = DEFAULT_LOG_ORIGIN, global = true)]
    pub log_origin: String,

    /// The transparency log's signing key file (`PRIVATE+KEY+origin+id+key`, readable by Pilar
    /// only). Default: `transparency.key` in the data directory, generated on first start.
    #[arg(long, env = "PILAR_LOG_KEY_FILE", global = true)]
    pub log_key_file: Option<PathBuf>,

    /// Log filter, in tracing's EnvFilter syntax (e.g. `info`, `pilar=debug,tower_http=info`).
    #[arg(long = "log", env = "PILAR_LOG", default_value = "info", global = true)]
    pub log_filter: String,

    /// Log format: `text` for people, `json` for log collectors.
    #[arg(long, env = "PILAR_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text, global = true)]
    pub log_format: LogFormat,
}

/// The transparency log's origin when none is configured.
pub const DEFAULT_LOG_ORIGIN: &str = "pilar.local/transparency";

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

impl Settings {
    /// How sessions behave.
    pub fn session_settings(&self) -> SessionSettings {
        SessionSettings {
            idle_timeout: Duration::from_secs(self.session_idle_minutes.max(1) * 60),
            absolute_timeout: Duration::from_secs(self.session_max_hours.max(1) * 3600),
            secure_cookies: self.secure_cookies,
            public_view: self.public_view,
            trusted_proxies: self.trusted_proxies.clone(),
        }
    }

    /// How notifications are sent; from the settings above.
    pub fn mail_settings(&self) -> MailSettings {
        MailSettings {
            smtp_url: self.smtp_url.clone().filter(|u| !u.trim().is_empty()),
            from: self.mail_from.clone(),
            public_url: self
                .public_url
                .clone()
                .unwrap_or_else(|| format!("http://{}", self.listen))
                .trim_end_matches('/')
                .to_string(),
            time_zone: self.time_zone,
            interval: Duration::from_secs(self.notify_interval_secs.max(1)),
        }
    }

    /// Who publishes the IATI results file.
    pub fn iati_publisher(&self) -> crate::domain::iati::Publisher {
        crate::domain::iati::Publisher {
            org_ref: self.iati_org_ref.trim().to_string(),
            org_type: self.iati_org_type.trim().to_string(),
            org_name: self.iati_org_name.trim().to_string(),
            org_code: self.iati_org_code.trim().to_string(),
            activity_identifier: self.iati_activity_id.clone(),
        }
    }

    /// The private cluster's directory: the flag, or the default for this user.
    pub fn data_dir_or_default(&self) -> PathBuf {
        if let Some(dir) = &self.data_dir {
            return dir.clone();
        }
        if nix::unistd::geteuid().is_root() {
            // Not under /root: the unprivileged user that runs the cluster could not reach it.
            return PathBuf::from("/var/lib/pilar");
        }
        let base = std::env::var_os("XDG_DATA_HOME")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
            .unwrap_or_else(|| PathBuf::from("."));
        base.join("pilar")
    }
}

/// How sessions behave; from the settings above.
#[derive(Debug, Clone)]
pub struct SessionSettings {
    /// A session unused this long ends.
    pub idle_timeout: Duration,
    /// A session ends this long after sign-in, however busy.
    pub absolute_timeout: Duration,
    /// Mark cookies `Secure` (Pilar served over HTTPS).
    pub secure_cookies: bool,
    /// Let anonymous visitors read the overview (approved park-level figures only).
    pub public_view: bool,
    /// Reverse proxies whose `X-Forwarded-For` names the client; empty: none trusted.
    pub trusted_proxies: Vec<IpAddr>,
}

impl Default for SessionSettings {
    fn default() -> Self {
        SessionSettings {
            idle_timeout: Duration::from_secs(2 * 3600),
            absolute_timeout: Duration::from_secs(12 * 3600),
            secure_cookies: false,
            public_view: false,
            trusted_proxies: Vec::new(),
        }
    }
}

/// How notifications are sent; from the settings above.
#[derive(Debug, Clone)]
pub struct MailSettings {
    /// The SMTP server's URL; `None`: messages are logged, not sent.
    pub smtp_url: Option<String>,
    /// The sender (`From:`).
    pub from: String,
    /// Where Pilar is reached, without a trailing slash: the links in messages start with it.
    pub public_url: String,
    /// The park's offset from UTC: its day decides the daily job.
    pub time_zone: chrono::FixedOffset,
    /// Time between two dispatcher runs.
    pub interval: Duration,
}

impl MailSettings {
    /// Logged, not sent; links to `public_url`; the park's time zone (tests adjust).
    pub fn logged(public_url: &str) -> MailSettings {
        MailSettings {
            smtp_url: None,
            from: "Pilar <pilar@localhost>".into(),
            public_url: public_url.trim_end_matches('/').to_string(),
            time_zone: chrono::FixedOffset::east_opt(9 * 3600).expect("+09:00 is an offset"),
            interval: Duration::from_secs(30),
        }
    }
}
