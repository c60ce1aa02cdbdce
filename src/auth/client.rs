//! Who is on the other end of a request, for throttling and the audit log: the client
//! address — the peer, or, only when the peer is a configured trusted proxy, the address that
//! proxy names in `X-Forwarded-For` (a header anyone else could forge) — and the cookie of a
//! browser that signed in before. No store, no policy.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, Request};
use axum::http::HeaderMap;

use crate::config::SessionSettings;

/// The cookie of a browser that signed in successfully before (a random secret; its hash is
/// kept per account). Throttling never locks an account's owner out of such a browser.
pub const DEVICE_COOKIE: &str = "pilar_device";
/// How long a browser stays known without signing in again.
pub const DEVICE_COOKIE_MAX_AGE: std::time::Duration =
    std::time::Duration::from_secs(400 * 24 * 3600);

/// The request's client address, resolved once by [`resolve`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

/// The client address: the peer, unless the peer is a trusted proxy; then the right-most
/// `X-Forwarded-For` entry that is not itself a trusted proxy (entries further left were
/// written by the client and prove nothing).
pub fn client_addr(peer: IpAddr, headers: &HeaderMap, trusted: &[IpAddr]) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    let mut client = peer;
    for hop in hops.iter().rev() {
        match hop.parse::<IpAddr>() {
            Ok(ip) => {
                client = ip;
                if !trusted.contains(&ip) {
                    break;
                }
            }
            Err(_) => break,
        }
    }
    client
}

/// Puts the request's [`ClientAddr`] in its extensions (read by `AuditOrigin`): from the
/// connection's `peer` when the server loop gave it, else from the request's `ConnectInfo`.
/// Called from `app.rs`'s step that admits requests.
pub fn resolve(settings: &SessionSettings, peer: Option<SocketAddr>, req: &mut Request) {
    let peer = peer.or_else(|| {
        req.extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map(|info| info.0)
    });
    if let Some(peer) = peer {
        let addr = client_addr(peer.ip(), req.headers(), &settings.trusted_proxies);
        req.extensions_mut().insert(ClientAddr(addr));
    }
}

/// Whether a presented device cookie has the shape of our secrets (anything else is ignored).
pub fn well_formed_device(secret: &str) -> bool {
    secret.len() == 43
        && secret
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    fn forwarded(value: &'static str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", HeaderValue::from_static(value));
        headers
    }

    #[test]
    fn forwarded_for_counts_only_from_a_trusted_proxy() {
        let proxy = ip("10.0.0.1");
        let headers = forwarded("198.51.100.7");
        assert_eq!(client_addr(proxy, &headers, &[]), proxy, "off by default");
        assert_eq!(
            client_addr(ip("203.0.113.9"), &headers, &[proxy]),
            ip("203.0.113.9")
        );
        assert_eq!(client_addr(proxy, &headers, &[proxy]), ip("198.51.100.7"));
        // A client's own forged entry on the left proves nothing.
        let chain = forwarded("1.2.3.4, 198.51.100.7");
        assert_eq!(client_addr(proxy, &chain, &[proxy]), ip("198.51.100.7"));
        let garbage = forwarded("not-an-address");
        assert_eq!(client_addr(proxy, &garbage, &[proxy]), proxy);
        assert_eq!(client_addr(proxy, &HeaderMap::new(), &[proxy]), proxy);
    }

    #[test]
    fn device_cookies_have_the_shape_of_our_secrets() {
        assert!(well_formed_device(&crate::auth::token::random_secret()));
        assert!(!well_formed_device("short"));
        assert!(!well_formed_device(&"a;".repeat(22)[..43]));
    }
}
