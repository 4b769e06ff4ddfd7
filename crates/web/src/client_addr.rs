//! Where a request really comes from. Behind a reverse proxy the TCP peer is the proxy; the
//! client's address is then in `X-Forwarded-For`. That header is only believed when the peer is
//! one of the configured `trusted_proxies`: then the rightmost address that is not itself a
//! trusted proxy is the source (entries further left were written by the client and can be
//! anything). From any other peer the header is ignored. The result feeds the access log and
//! sign-in throttling.
//!
//! A middleware ([`remember`]) works it out once per request; extractors read it with
//! [`source`].

use crate::AppState;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::request::Parts;
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::Response;
use std::net::{IpAddr, SocketAddr};

/// One trusted proxy: an address or a network in CIDR notation (`10.0.0.0/8`, `::1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrustedProxy {
    net: IpAddr,
    prefix: u8,
}

impl TrustedProxy {
    /// Reads `192.0.2.10`, `10.0.0.0/8`, `::1` or `fd00::/8`; a Dutch message otherwise.
    pub fn parse(text: &str) -> Result<TrustedProxy, String> {
        let text = text.trim();
        let (addr, prefix) = match text.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (text, None),
        };
        let net: IpAddr = addr.parse().map_err(|_| format!("‘{text}’ is geen IP-adres of netwerk (zoals 10.0.0.0/8)."))?;
        let max = if net.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => max,
            Some(p) => p.parse::<u8>().ok().filter(|p| *p <= max).ok_or_else(|| format!("‘{text}’: na de / hoort een getal van 0 tot {max}."))?,
        };
        Ok(TrustedProxy { net, prefix })
    }

    /// Whether `ip` lies in this network (an IPv4-mapped IPv6 address counts as IPv4).
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(ip),
            v4 => v4,
        };
        match (self.net, ip) {
            (IpAddr::V4(n), IpAddr::V4(a)) => masked(u32::from(n) as u128, u32::from(a) as u128, 32, self.prefix),
            (IpAddr::V6(n), IpAddr::V6(a)) => masked(u128::from(n), u128::from(a), 128, self.prefix),
            _ => false,
        }
    }
}

fn masked(net: u128, addr: u128, bits: u8, prefix: u8) -> bool {
    if prefix == 0 {
        return true;
    }
    let shift = u32::from(bits - prefix);
    (net >> shift) == (addr >> shift)
}

/// The source address worked out for this request.
#[derive(Debug, Clone)]
struct ClientAddr(String);

/// The client's address given the TCP `peer`, the request headers and the trusted proxies.
pub fn client_addr(peer: Option<IpAddr>, headers: &HeaderMap, trusted: &[TrustedProxy]) -> String {
    let Some(peer) = peer else { return "-".into() };
    let is_trusted = |ip: IpAddr| trusted.iter().any(|t| t.contains(ip));
    if !is_trusted(peer) {
        return peer.to_string();
    }
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|h| !h.is_empty())
        .collect();
    let mut source = peer;
    for hop in hops.iter().rev() {
        let Some(ip) = parse_hop(hop) else { break };
        source = ip;
        if !is_trusted(ip) {
            break;
        }
    }
    source.to_string()
}

/// An address as proxies write it: `192.0.2.1`, `192.0.2.1:4711`, `2001:db8::1`, `[2001:db8::1]:4711`.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    hop.parse::<IpAddr>().ok().or_else(|| hop.parse::<SocketAddr>().ok().map(|s| s.ip()))
}

/// Middleware: works out the source once and keeps it with the request.
pub(crate) async fn remember(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let peer = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    let addr = client_addr(peer, req.headers(), &state.config.trusted_proxies);
    req.extensions_mut().insert(ClientAddr(addr));
    next.run(req).await
}

/// The request's source address ("-" when unknown).
pub(crate) fn source(parts: &Parts) -> String {
    match parts.extensions.get::<ClientAddr>() {
        Some(a) => a.0.clone(),
        None => parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_string()).unwrap_or_else(|| "-".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(xff: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in xff {
            h.append("x-forwarded-for", v.parse().unwrap());
        }
        h
    }

    #[test]
    fn networks() {
        let net = TrustedProxy::parse("10.0.0.0/8").unwrap();
        assert!(net.contains("10.1.2.3".parse().unwrap()));
        assert!(!net.contains("11.0.0.1".parse().unwrap()));
        assert!(net.contains("::ffff:10.0.0.9".parse().unwrap()), "IPv4-mapped");
        assert!(TrustedProxy::parse("::1").unwrap().contains("::1".parse().unwrap()));
        assert!(TrustedProxy::parse("0.0.0.0/0").unwrap().contains("192.0.2.1".parse().unwrap()));
        assert!(TrustedProxy::parse("10.0.0.0/33").is_err());
        assert!(TrustedProxy::parse("proxy.local").is_err());
    }

    #[test]
    fn the_header_counts_only_from_a_trusted_peer() {
        let trusted = [TrustedProxy::parse("10.0.0.0/8").unwrap()];
        let peer = Some("10.0.0.2".parse().unwrap());
        let outsider = Some("198.51.100.9".parse().unwrap());
        let h = headers(&["6.6.6.6, 203.0.113.5"]);
        assert_eq!(client_addr(outsider, &h, &trusted), "198.51.100.9", "an untrusted peer's header is ignored");
        assert_eq!(client_addr(peer, &h, &trusted), "203.0.113.5", "the rightmost untrusted entry");
        assert_eq!(client_addr(peer, &headers(&["203.0.113.5", "10.0.0.7"]), &trusted), "203.0.113.5", "several header lines, a proxy chain");
        assert_eq!(client_addr(peer, &headers(&["[2001:db8::1]:4711"]), &trusted), "2001:db8::1");
        assert_eq!(client_addr(peer, &headers(&["nonsense"]), &trusted), "10.0.0.2", "garbage: the peer");
        assert_eq!(client_addr(peer, &HeaderMap::new(), &trusted), "10.0.0.2");
        assert_eq!(client_addr(peer, &h, &[]), "10.0.0.2", "no trusted proxies: the header is ignored");
        assert_eq!(client_addr(None, &h, &trusted), "-");
    }
}
