//! `pilar verify`: checks a Pilar transparency log without trusting the server that serves
//! it. Given the log's verifier key (kept from an earlier visit or received out of band) it
//! checks the checkpoint's signature, that every entry hashes into the signed root (and,
//! over HTTP, that the server's inclusion proof of each verifies), that the entries are
//! canonical JSON of this log, that restatements and attestations point at earlier entries
//! they may point at, and, given a checkpoint saved earlier, that today's log extends it. It
//! prints what it checked in words and fails on the first mismatch.
//!
//! Reads over HTTP or HTTPS (`--url https://…`: TLS by rustls, the server's certificate
//! checked against the Mozilla roots compiled in, or against `--ca-cert`) or from downloaded
//! files (`--dir`: `checkpoint` and `entries/0`, `entries/1`, …; docs/transparency.md).
//! Uses `domain::transparency` only.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::domain::transparency::canonical::to_canonical;
use crate::domain::transparency::merkle::{self, Hash};
use crate::domain::transparency::note::{self, VerifierKey, hex};
use crate::domain::transparency::rotation;

/// Where the log is read from.
pub enum Source {
    /// A Pilar server's base address (`http://host:port`).
    Url(String),
    /// A directory of downloaded files.
    Dir(PathBuf),
}

/// What to check.
pub struct Request {
    pub source: Source,
    /// The verifier key (`name+id+base64`).
    pub key: String,
    /// A checkpoint saved earlier, which the log must extend.
    pub saved_checkpoint: Option<String>,
    /// For an `https://` address: trust only the certificates of this PEM file (a private
    /// CA) instead of the Mozilla roots compiled in.
    pub ca_cert: Option<PathBuf>,
}

/// Checks the log; every line of the report goes to `say`. `Err` on any mismatch.
/// Returns the checkpoint verified (to save for the next run).
pub async fn verify(request: &Request, say: &mut dyn FnMut(String)) -> anyhow::Result<String> {
    let key: VerifierKey = request
        .key
        .parse()
        .context("the verifier key is not in the name+id+key form")?;
    say(format!(
        "Verifier key: log \"{}\", key id {}.",
        key.name,
        hex(&key.key_id)
    ));
    let connector = match &request.source {
        Source::Url(url) if url.starts_with("https://") => {
            Some(tls_connector(request.ca_cert.as_deref())?)
        }
        _ => None,
    };
    let tls = connector.as_ref();
    let note_text = text(fetch(&request.source, tls, "/transparency/checkpoint").await?)?;
    // Signed by the kept key, or by a key it handed over to through rotations in the log:
    // the entries are read first (as many as the note claims), the chain of keys followed,
    // and the signature checked with the key in force at the checkpoint's size.
    let claimed = match note::open(&note_text, &key) {
        Ok(checkpoint) => checkpoint,
        Err(err) => {
            let body = note_text
                .split_once("\n\n")
                .map(|(b, _)| format!("{b}\n"))
                .unwrap_or_default();
            match note::parse_body(&body) {
                Ok(checkpoint) if checkpoint.origin == key.name => checkpoint,
                _ => return Err(err).context("MISMATCH: the checkpoint"),
            }
        }
    };
    let checkpoint = claimed;
    let mut leaves: Vec<Hash> = Vec::new();
    let mut bodies: Vec<serde_json::Value> = Vec::new();
    for index in 0..checkpoint.size {
        let bytes = fetch(
            &request.source,
            tls,
            &format!("/transparency/entries/{index}"),
        )
        .await
        .with_context(|| format!("MISMATCH: entry {index} of {} is missing", checkpoint.size))?;
        let value: serde_json::Value = serde_json::from_slice(&bytes)
            .with_context(|| format!("MISMATCH: entry {index} is not JSON"))?;
        if to_canonical(&value).as_bytes() != bytes.as_slice() {
            bail!("MISMATCH: entry {index} is not in the canonical JSON form (RFC 8785)");
        }
        if value.get("log").and_then(|l| l.as_str()) != Some(key.name.as_str()) {
            bail!("MISMATCH: entry {index} names another log");
        }
        leaves.push(merkle::leaf_hash(&bytes));
        bodies.push(value);
    }
    let chain =
        rotation::follow(&key, &bodies).map_err(|why| anyhow::anyhow!("MISMATCH: {why}"))?;
    for (index, new) in &chain.rotations {
        say(format!(
            "Key rotation: entry {index} hands the log over to key id {}, signed by the key before it.",
            hex(&new.key_id)
        ));
    }
    let signer =
        signing_key(&note_text, &chain, checkpoint.size).context("MISMATCH: the checkpoint")?;
    say(format!(
        "Checkpoint: signature by {} (key id {}) verifies; tree size {}, root {}.",
        signer.name,
        hex(&signer.key_id),
        checkpoint.size,
        STANDARD.encode(checkpoint.root)
    ));
    say(format!(
        "Entries: {} read, each canonical JSON of this log.",
        leaves.len()
    ));
    if merkle::root(&leaves) != checkpoint.root {
        bail!(
            "MISMATCH: the entries do not hash to the signed root: an entry was changed, removed or added"
        );
    }
    say(format!(
        "Tree: the {} entries hash to the signed root (RFC 6962).",
        leaves.len()
    ));
    if let Source::Url(_) = request.source {
        for (index, leaf) in leaves.iter().enumerate() {
            let proof = json(
                fetch(
                    &request.source,
                    tls,
                    &format!(
                        "/transparency/proof/inclusion?index={index}&size={}",
                        checkpoint.size
                    ),
                )
                .await?,
            )?;
            let path = hashes(&proof["proof"])?;
            merkle::verify_inclusion(index as u64, checkpoint.size, leaf, &path, &checkpoint.root)
                .with_context(|| format!("MISMATCH: the inclusion proof of entry {index}"))?;
        }
        say(format!(
            "Inclusion: the server's proof of each of the {} entries verifies.",
            leaves.len()
        ));
    }
    check_references(&bodies, &leaves)?;
    say(
        "References: every restatement and attestation points at an earlier statement of this log."
            .into(),
    );
    if let Some(saved) = &request.saved_checkpoint {
        let old = note::parse_body(
            &saved
                .split_once("\n\n")
                .map(|(b, _)| format!("{b}\n"))
                .unwrap_or_default(),
        )
        .context("MISMATCH: the saved checkpoint")?;
        signing_key(saved, &chain, old.size).context("MISMATCH: the saved checkpoint")?;
        if old.size > checkpoint.size {
            bail!(
                "MISMATCH: the log shrank from {} to {} entries since the saved checkpoint",
                old.size,
                checkpoint.size
            );
        }
        let prefix = usize::try_from(old.size).unwrap_or(usize::MAX);
        if merkle::root(&leaves[..prefix]) != old.root {
            bail!(
                "MISMATCH: the first {} entries no longer hash to the saved checkpoint's root: history was rewritten",
                old.size
            );
        }
        if let Source::Url(_) = request.source {
            let proof = json(
                fetch(
                    &request.source,
                    tls,
                    &format!(
                        "/transparency/proof/consistency?from={}&to={}",
                        old.size, checkpoint.size
                    ),
                )
                .await?,
            )?;
            merkle::verify_consistency(
                old.size,
                checkpoint.size,
                &hashes(&proof["proof"])?,
                &old.root,
                &checkpoint.root,
            )
            .context("MISMATCH: the consistency proof from the saved checkpoint")?;
        }
        say(format!(
            "Consistency: the log of {} entries extends the saved checkpoint of {} entries.",
            checkpoint.size, old.size
        ));
    }
    say(format!("OK: {} entries verified.", checkpoint.size));
    Ok(note_text)
}

/// The key of `chain` whose signature on `note` (a checkpoint of `size` entries) verifies:
/// one in force at that size. A note signed by a key retired before it is refused.
fn signing_key<'a>(
    note_text: &str,
    chain: &'a rotation::KeyChain,
    size: u64,
) -> anyhow::Result<&'a VerifierKey> {
    let keys = chain.keys_for_size(size);
    let mut first_error = None;
    for key in keys.iter().copied() {
        match note::open(note_text, key) {
            Ok(checkpoint) if checkpoint.size == size => return Ok(key),
            Ok(_) => bail!("the checkpoint's size changed between two readings"),
            Err(err) => {
                first_error.get_or_insert(err);
            }
        }
    }
    let retired = std::iter::once(&chain.kept)
        .chain(chain.rotations.iter().map(|(_, k)| k))
        .find(|k| !keys.contains(k) && note::open(note_text, k).is_ok());
    if let Some(retired) = retired {
        bail!(
            "it is signed by key id {}, which the log had retired by tree size {size}",
            hex(&retired.key_id)
        );
    }
    match first_error {
        Some(err) => Err(err.into()),
        None => bail!("no key signs a tree of {size} entries"),
    }
}

/// A restatement names an earlier statement of the same period; an attestation names an
/// earlier statement and carries its leaf hash.
fn check_references(bodies: &[serde_json::Value], leaves: &[Hash]) -> anyhow::Result<()> {
    for (index, body) in bodies.iter().enumerate() {
        match body.get("kind").and_then(|k| k.as_str()) {
            Some("restatement") => {
                let Some(earlier) = body["restates"]["entry"].as_u64() else {
                    bail!("MISMATCH: restatement {index} names no earlier entry");
                };
                let ok = usize::try_from(earlier)
                    .ok()
                    .filter(|e| *e < index)
                    .is_some_and(|e| {
                        bodies[e]["period"] == body["period"] && is_statement(&bodies[e])
                    });
                if !ok {
                    bail!(
                        "MISMATCH: restatement {index} does not restate an earlier statement of its period"
                    );
                }
            }
            Some("attestation") => {
                let earlier = body["statement_entry"]
                    .as_u64()
                    .and_then(|e| usize::try_from(e).ok());
                let hash = body["statement_leaf_hash"].as_str().unwrap_or_default();
                let ok = earlier.filter(|e| *e < index).is_some_and(|e| {
                    STANDARD.encode(leaves[e]) == hash && is_statement(&bodies[e])
                });
                if !ok {
                    bail!(
                        "MISMATCH: attestation {index} does not attest an earlier statement of this log"
                    );
                }
            }
            Some("statement") => {}
            // Checked by `rotation::follow`.
            Some(rotation::KIND) => {}
            _ => bail!("MISMATCH: entry {index} is of no known kind"),
        }
    }
    Ok(())
}

/// A statement or a restatement (what restatements and attestations may point at).
fn is_statement(body: &serde_json::Value) -> bool {
    matches!(
        body.get("kind").and_then(|k| k.as_str()),
        Some("statement" | "restatement")
    )
}

fn text(bytes: Vec<u8>) -> anyhow::Result<String> {
    String::from_utf8(bytes).context("not UTF-8 text")
}

fn json(bytes: Vec<u8>) -> anyhow::Result<serde_json::Value> {
    serde_json::from_slice(&bytes).context("not JSON")
}

fn hashes(value: &serde_json::Value) -> anyhow::Result<Vec<Hash>> {
    value
        .as_array()
        .context("a proof is a list of hashes")?
        .iter()
        .map(|h| {
            let bytes = STANDARD
                .decode(h.as_str().unwrap_or_default())
                .context("a proof hash is not base64")?;
            Hash::try_from(bytes.as_slice()).context("a proof hash is not 32 bytes")
        })
        .collect()
}

/// Reads one resource: a file of the directory, or a GET over HTTP/1.0 (TLS for https).
async fn fetch(
    source: &Source,
    tls: Option<&tokio_rustls::TlsConnector>,
    path: &str,
) -> anyhow::Result<Vec<u8>> {
    match source {
        Source::Dir(dir) => {
            let relative = path.trim_start_matches("/transparency/");
            let file = dir.join(relative);
            std::fs::read(&file).with_context(|| format!("reading {}", file.display()))
        }
        Source::Url(base) => http_get(base, path, tls).await,
    }
}

/// The TLS client of `https://` addresses: the Mozilla roots compiled in (webpki-roots), or
/// only the certificates of `--ca-cert` when given (a private CA, a test server).
pub fn tls_connector(ca_cert: Option<&Path>) -> anyhow::Result<tokio_rustls::TlsConnector> {
    use rustls_pki_types::CertificateDer;
    use rustls_pki_types::pem::PemObject;
    use tokio_rustls::rustls;
    let mut roots = rustls::RootCertStore::empty();
    match ca_cert {
        Some(path) => {
            let pem = std::fs::read(path)
                .with_context(|| format!("reading the CA certificate {}", path.display()))?;
            for cert in CertificateDer::pem_slice_iter(&pem) {
                let cert =
                    cert.with_context(|| format!("{} holds no PEM certificate", path.display()))?;
                roots
                    .add(cert)
                    .with_context(|| format!("a certificate of {}", path.display()))?;
            }
            if roots.is_empty() {
                bail!("{} holds no PEM certificate", path.display());
            }
        }
        None => roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned()),
    }
    // ring, as lettre's TLS already uses, rather than aws-lc-rs and its C build. rustls
    // deprecates ring's provider for lacking post-quantum key exchange; that protects the
    // secrecy of a session, and the log is public: its integrity rests on Ed25519 signatures
    // and hashes, whatever the transport.
    #[allow(deprecated)]
    let provider = rustls::crypto::ring::default_provider();
    let config = rustls::ClientConfig::builder_with_provider(std::sync::Arc::new(provider))
        .with_safe_default_protocol_versions()
        .context("the TLS protocol versions")?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(tokio_rustls::TlsConnector::from(std::sync::Arc::new(
        config,
    )))
}

/// A GET over HTTP/1.0 (the server closes the connection after the answer): plain for
/// `http://`, TLS for `https://` with the certificate checked against `tls`'s roots.
async fn http_get(
    base: &str,
    path: &str,
    tls: Option<&tokio_rustls::TlsConnector>,
) -> anyhow::Result<Vec<u8>> {
    let (rest, secure) = if let Some(rest) = base.strip_prefix("http://") {
        (rest, false)
    } else if let Some(rest) = base.strip_prefix("https://") {
        (rest, true)
    } else {
        bail!("the address must start with http:// or https://");
    };
    let host = rest.trim_end_matches('/');
    let prefix = match host.find('/') {
        Some(i) => &host[i..],
        None => "",
    };
    let authority = host.split('/').next().unwrap_or(host);
    let (hostname, address) = match authority.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => {
            (name.to_owned(), authority.to_owned())
        }
        _ => (
            authority.to_owned(),
            format!("{authority}:{}", if secure { 443 } else { 80 }),
        ),
    };
    let stream = tokio::net::TcpStream::connect(&address)
        .await
        .with_context(|| format!("connecting to {address}"))?;
    let request = format!(
        "GET {prefix}{path} HTTP/1.0\r\nHost: {authority}\r\nAccept: */*\r\nUser-Agent: pilar-verify\r\n\r\n"
    );
    let response = if secure {
        let connector = tls.context("no TLS client for an https:// address")?;
        let name = rustls_pki_types::ServerName::try_from(
            hostname
                .trim_start_matches('[')
                .trim_end_matches(']')
                .to_owned(),
        )
        .with_context(|| format!("{hostname} is not a host name for TLS"))?;
        let mut stream = connector
            .connect(name, stream)
            .await
            .with_context(|| format!("TLS with {authority}"))?;
        exchange(&mut stream, request.as_bytes()).await?
    } else {
        let mut stream = stream;
        exchange(&mut stream, request.as_bytes()).await?
    };
    let split = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .context("an HTTP answer without headers")?;
    let head = String::from_utf8_lossy(&response[..split]).to_string();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse::<u16>().ok())
        .unwrap_or(0);
    if status != 200 {
        bail!("GET {path} answered {status}");
    }
    let body = response[split + 4..].to_vec();
    // A server that closed a TLS stream without saying so (no close_notify) may have cut the
    // answer short: then the body must still be as long as it said.
    let length = head.lines().find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.trim()
            .eq_ignore_ascii_case("content-length")
            .then(|| value.trim().parse::<usize>().ok())?
    });
    if let Some(length) = length
        && length != body.len()
    {
        bail!(
            "GET {path}: the answer was cut short ({} of {length} bytes)",
            body.len()
        );
    }
    Ok(body)
}

/// Sends the request and reads the answer until the server closes the connection. A TLS
/// stream closed without close_notify ends the read like a close; `http_get` then checks the
/// length.
async fn exchange<S>(stream: &mut S, request: &[u8]) -> anyhow::Result<Vec<u8>>
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
{
    stream.write_all(request).await?;
    stream.flush().await?;
    let mut response = Vec::new();
    match stream.read_to_end(&mut response).await {
        Ok(_) => {}
        Err(err) if err.kind() == std::io::ErrorKind::UnexpectedEof => {}
        Err(err) => return Err(err).context("reading the answer"),
    }
    Ok(response)
}

/// Reads a key given as the key itself or as a file holding it.
pub fn key_argument(text: &str) -> anyhow::Result<String> {
    let path = Path::new(text);
    if !text.contains('+') && path.exists() {
        return Ok(std::fs::read_to_string(path)?.trim().to_owned());
    }
    Ok(text.trim().to_owned())
}
