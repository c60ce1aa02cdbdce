//! `pilar verify`: checks a Pilar transparency log without trusting the server that serves
//! it. Given the log's verifier key (kept from an earlier visit or received out of band) it
//! checks the checkpoint's signature, that every entry hashes into the signed root (and,
//! over HTTP, that the server's inclusion proof of each verifies), that the entries are
//! canonical JSON of this log, that restatements and attestations point at earlier entries
//! they may point at, and, given a checkpoint saved earlier, that today's log extends it. It
//! prints what it checked in words and fails on the first mismatch.
//!
//! Reads over plain HTTP (`--url http://…`) or from downloaded files (`--dir`: `checkpoint`
//! and `entries/0`, `entries/1`, …), so that an HTTPS server is checked from files fetched
//! with any client (docs/transparency.md). Uses `domain::transparency` only.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::domain::transparency::canonical::to_canonical;
use crate::domain::transparency::merkle::{self, Hash};
use crate::domain::transparency::note::{self, VerifierKey, hex};

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
    let note_text = text(fetch(&request.source, "/transparency/checkpoint").await?)?;
    let checkpoint = note::open(&note_text, &key).context("MISMATCH: the checkpoint")?;
    say(format!(
        "Checkpoint: signature by {} verifies; tree size {}, root {}.",
        key.name,
        checkpoint.size,
        STANDARD.encode(checkpoint.root)
    ));
    let mut leaves: Vec<Hash> = Vec::new();
    let mut bodies: Vec<serde_json::Value> = Vec::new();
    for index in 0..checkpoint.size {
        let bytes = fetch(&request.source, &format!("/transparency/entries/{index}"))
            .await
            .with_context(|| {
                format!("MISMATCH: entry {index} of {} is missing", checkpoint.size)
            })?;
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
        let old = note::open(saved, &key).context("MISMATCH: the saved checkpoint")?;
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
                        bodies[e]["period"] == body["period"]
                            && bodies[e]["kind"] != serde_json::json!("attestation")
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
                    STANDARD.encode(leaves[e]) == hash
                        && bodies[e]["kind"] != serde_json::json!("attestation")
                });
                if !ok {
                    bail!(
                        "MISMATCH: attestation {index} does not attest an earlier statement of this log"
                    );
                }
            }
            Some("statement") => {}
            _ => bail!("MISMATCH: entry {index} is of no known kind"),
        }
    }
    Ok(())
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

/// Reads one resource: a file of the directory, or a GET over plain HTTP/1.0.
async fn fetch(source: &Source, path: &str) -> anyhow::Result<Vec<u8>> {
    match source {
        Source::Dir(dir) => {
            let relative = path.trim_start_matches("/transparency/");
            let file = dir.join(relative);
            std::fs::read(&file).with_context(|| format!("reading {}", file.display()))
        }
        Source::Url(base) => http_get(base, path).await,
    }
}

async fn http_get(base: &str, path: &str) -> anyhow::Result<Vec<u8>> {
    let Some(rest) = base.strip_prefix("http://") else {
        bail!(
            "only http:// addresses are read directly; for https, download the files (docs/transparency.md) and use --dir"
        );
    };
    let host = rest.trim_end_matches('/');
    let prefix = match host.find('/') {
        Some(i) => &host[i..],
        None => "",
    };
    let authority = host.split('/').next().unwrap_or(host);
    let address = if authority.contains(':') {
        authority.to_owned()
    } else {
        format!("{authority}:80")
    };
    let mut stream = tokio::net::TcpStream::connect(&address)
        .await
        .with_context(|| format!("connecting to {address}"))?;
    let request = format!(
        "GET {prefix}{path} HTTP/1.0\r\nHost: {authority}\r\nAccept: */*\r\nUser-Agent: pilar-verify\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await?;
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
    Ok(response[split + 4..].to_vec())
}

/// Reads a key given as the key itself or as a file holding it.
pub fn key_argument(text: &str) -> anyhow::Result<String> {
    let path = Path::new(text);
    if !text.contains('+') && path.exists() {
        return Ok(std::fs::read_to_string(path)?.trim().to_owned());
    }
    Ok(text.trim().to_owned())
}
