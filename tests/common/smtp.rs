//! A real SMTP server for the tests: a small sink on a loopback port that speaks the protocol
//! over TCP (greeting, EHLO/HELO, MAIL, RCPT, DATA with dot-unstuffing, RSET, NOOP, QUIT) and
//! keeps every message it accepts, with a reader for what the tests check (recipients,
//! subject, the decoded plain-text and HTML parts).

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use base64::Engine;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// A message as the sink received it.
#[derive(Debug, Clone)]
pub struct Received {
    pub from: String,
    pub to: Vec<String>,
    /// The DATA, dot-unstuffed, lines joined with "\n".
    pub data: String,
}

/// The sink: its address and what it received.
#[derive(Clone)]
pub struct SmtpSink {
    pub address: SocketAddr,
    received: Arc<Mutex<Vec<Received>>>,
}

impl SmtpSink {
    /// Starts a sink on a free loopback port.
    pub async fn start() -> SmtpSink {
        Self::start_on(0).await
    }

    /// Starts a sink on a given loopback port (0: any free one).
    pub async fn start_on(port: u16) -> SmtpSink {
        let listener = TcpListener::bind(("127.0.0.1", port)).await.unwrap();
        let address = listener.local_addr().unwrap();
        let received = Arc::new(Mutex::new(Vec::new()));
        let keep = Arc::clone(&received);
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let keep = Arc::clone(&keep);
                tokio::spawn(async move {
                    let _ = converse(stream, keep).await;
                });
            }
        });
        SmtpSink { address, received }
    }

    /// The URL Pilar's `--smtp-url` takes for this sink (plain SMTP on loopback).
    pub fn url(&self) -> String {
        format!("smtp://{}", self.address)
    }

    /// Every message received so far.
    pub fn messages(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    /// The messages received for one address.
    pub fn to(&self, address: &str) -> Vec<Received> {
        self.messages()
            .into_iter()
            .filter(|m| m.to.iter().any(|t| t.eq_ignore_ascii_case(address)))
            .collect()
    }
}

/// A loopback port nothing listens on (bound, then released): an SMTP server that is down.
pub async fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    listener.local_addr().unwrap().port()
}

async fn converse(stream: TcpStream, keep: Arc<Mutex<Vec<Received>>>) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read);
    write
        .write_all(b"220 sink.test ESMTP test sink\r\n")
        .await?;
    let mut from = String::new();
    let mut to = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let command = line.trim_end().to_string();
        let verb = command
            .split([' ', ':'])
            .next()
            .unwrap_or("")
            .to_ascii_uppercase();
        match verb.as_str() {
            "EHLO" => {
                write
                    .write_all(b"250-sink.test greets you\r\n250 8BITMIME\r\n")
                    .await?
            }
            "HELO" => write.write_all(b"250 sink.test\r\n").await?,
            "MAIL" => {
                from = address_in(&command);
                to.clear();
                write.write_all(b"250 OK\r\n").await?;
            }
            "RCPT" => {
                to.push(address_in(&command));
                write.write_all(b"250 OK\r\n").await?;
            }
            "DATA" => {
                write
                    .write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                    .await?;
                let mut data = Vec::new();
                loop {
                    line.clear();
                    if lines.read_line(&mut line).await? == 0 {
                        return Ok(());
                    }
                    let text = line.trim_end_matches(['\r', '\n']);
                    if text == "." {
                        break;
                    }
                    data.push(text.strip_prefix('.').unwrap_or(text).to_string());
                }
                keep.lock().unwrap().push(Received {
                    from: from.clone(),
                    to: std::mem::take(&mut to),
                    data: data.join("\n"),
                });
                write.write_all(b"250 OK: queued\r\n").await?;
            }
            "RSET" | "NOOP" => write.write_all(b"250 OK\r\n").await?,
            "QUIT" => {
                write.write_all(b"221 Bye\r\n").await?;
                return Ok(());
            }
            _ => write.write_all(b"502 Command not implemented\r\n").await?,
        }
    }
}

/// The address between `<` and `>` of a MAIL or RCPT command.
fn address_in(command: &str) -> String {
    command
        .split_once('<')
        .and_then(|(_, rest)| rest.split_once('>'))
        .map(|(address, _)| address.to_string())
        .unwrap_or_default()
}

impl Received {
    /// A header's value (unfolded), from the message's own headers.
    pub fn header(&self, name: &str) -> Option<String> {
        header_in(head(&self.data), name)
    }

    /// The subject, decoded when encoded (RFC 2047, UTF-8, B or Q).
    pub fn subject(&self) -> String {
        decode_words(&self.header("Subject").unwrap_or_default())
    }

    /// The plain-text part, decoded.
    pub fn text(&self) -> String {
        self.part("text/plain")
    }

    /// The HTML part, decoded.
    pub fn html(&self) -> String {
        self.part("text/html")
    }

    fn part(&self, content_type: &str) -> String {
        let content = self.header("Content-Type").unwrap_or_default();
        let Some(boundary) = content.split("boundary=").nth(1) else {
            return decode_body(&self.data);
        };
        let boundary = boundary.trim_matches('"').split(';').next().unwrap_or("");
        let boundary = boundary.trim_matches('"');
        self.data
            .split(&format!("--{boundary}"))
            .find(|part| {
                header_in(head(part.trim_start_matches('\n')), "Content-Type")
                    .is_some_and(|t| t.to_ascii_lowercase().starts_with(content_type))
            })
            .map(|part| decode_body(part.trim_start_matches('\n')))
            .unwrap_or_default()
    }
}

fn head(data: &str) -> &str {
    data.split("\n\n").next().unwrap_or("")
}

fn header_in(head: &str, name: &str) -> Option<String> {
    let mut value: Option<String> = None;
    for line in head.lines() {
        if let Some(v) = value.as_mut() {
            if line.starts_with([' ', '\t']) {
                v.push(' ');
                v.push_str(line.trim());
                continue;
            }
            return value;
        }
        if let Some((key, rest)) = line.split_once(':')
            && key.eq_ignore_ascii_case(name)
        {
            value = Some(rest.trim().to_string());
        }
    }
    value
}

/// A part's body, decoded by its Content-Transfer-Encoding.
fn decode_body(part: &str) -> String {
    let (head, body) = part.split_once("\n\n").unwrap_or(("", part));
    let encoding = header_in(head, "Content-Transfer-Encoding")
        .unwrap_or_default()
        .to_ascii_lowercase();
    match encoding.as_str() {
        "base64" => {
            let joined: String = body.split_whitespace().collect();
            String::from_utf8_lossy(
                &base64::engine::general_purpose::STANDARD
                    .decode(joined)
                    .unwrap_or_default(),
            )
            .into_owned()
        }
        "quoted-printable" => quoted_printable(body),
        _ => body.to_string(),
    }
}

fn quoted_printable(body: &str) -> String {
    let mut bytes = Vec::new();
    let lines: Vec<&str> = body.split('\n').collect();
    for (i, line) in lines.iter().enumerate() {
        let (line, soft) = match line.strip_suffix('=') {
            Some(l) => (l, true),
            None => (*line, false),
        };
        let raw = line.as_bytes();
        let mut j = 0;
        while j < raw.len() {
            if raw[j] == b'='
                && j + 2 < raw.len()
                && let Ok(b) = u8::from_str_radix(&line[j + 1..j + 3], 16)
            {
                bytes.push(b);
                j += 3;
            } else {
                bytes.push(raw[j]);
                j += 1;
            }
        }
        if !soft && i + 1 < lines.len() {
            bytes.push(b'\n');
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Decodes RFC 2047 encoded words (`=?utf-8?b?…?=`, `=?utf-8?q?…?=`); other text as is.
fn decode_words(value: &str) -> String {
    let mut out = String::new();
    for word in value.split_whitespace() {
        let decoded = word
            .strip_prefix("=?")
            .and_then(|w| w.strip_suffix("?="))
            .and_then(|w| {
                let mut parts = w.splitn(3, '?');
                let (_, encoding, text) = (parts.next()?, parts.next()?, parts.next()?);
                match encoding.to_ascii_lowercase().as_str() {
                    "b" => base64::engine::general_purpose::STANDARD
                        .decode(text)
                        .ok()
                        .map(|b| String::from_utf8_lossy(&b).into_owned()),
                    "q" => Some(quoted_printable(&text.replace('_', " "))),
                    _ => None,
                }
            });
        match decoded {
            Some(d) => out.push_str(&d),
            None => {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(word);
            }
        }
    }
    out
}
