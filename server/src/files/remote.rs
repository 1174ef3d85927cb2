//! URL inputs: a `FileData` whose path is an `http(s)` URL (what gradio_client's
//! `handle_file("https://…")` sends) is fetched into the cache before the event is queued, and
//! then admitted like any upload.
//!
//! Only public addresses are fetched, so a request can't make the server read its own network
//! (a cloud metadata service, an admin port on localhost). The check lives where it can't be
//! raced: in the DNS resolver the HTTP client connects through (the address checked is the
//! address used, so a name that resolves differently a second time gains nothing), in the
//! redirect policy (every hop, for IP literals, which skip the resolver), and no proxy from the
//! environment is ever used (a proxy would resolve the name itself). Size and time are limited.
//!
//! The HTTP client (reqwest with rustls) is the `url-inputs` feature, on by default: an app built
//! without it refuses URL inputs with a message that says so.

// Without the client, the settings and the URL checks are kept but unused.
#![cfg_attr(not(feature = "url-inputs"), allow(dead_code, unused_imports))]

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use ferrio_components::FileData;
#[cfg(feature = "url-inputs")]
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
#[cfg(feature = "url-inputs")]
use reqwest::redirect::Policy;
use url::Url;

use crate::files::{FileError, Files};

/// At most this many redirects are followed (each hop checked again).
const MAX_REDIRECTS: usize = 10;

/// At most this many URLs in one input.
const MAX_URLS: usize = 32;

/// Fetches running at once, over the whole app: more wait (each within its own time limit).
const CONCURRENT_FETCHES: usize = 8;

/// What the developer sets about URL inputs (`Blocks::fetch_urls`, `Blocks::trusted_hosts`).
#[derive(Debug, Clone)]
pub(crate) struct RemoteSettings {
    /// Whether URL inputs are fetched at all (as Gradio does); when not, they are refused.
    pub enabled: bool,
    /// Host names fetched even when they resolve to a private address: a split-horizon DNS
    /// that answers with internal addresses for a public service (Gradio trusts `hf.co` this
    /// way), or a test server. A leading `*.` matches any subdomain.
    pub trusted_hosts: Vec<String>,
    /// The whole fetch, from connecting to the last byte.
    pub timeout: Duration,
    /// The most bytes a fetch may bring, whatever `max_file_size` allows.
    pub max_size: u64,
}

impl Default for RemoteSettings {
    fn default() -> Self {
        RemoteSettings {
            enabled: true,
            trusted_hosts: Vec::new(),
            timeout: Duration::from_secs(30),
            max_size: 1 << 30,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub(crate) enum RemoteError {
    #[error("URL inputs are turned off in this app; upload the file instead")]
    Disabled,
    #[cfg(not(feature = "url-inputs"))]
    #[error(
        "this app was built without URL inputs (ferrio's `url-inputs` feature); upload the file \
         instead"
    )]
    NotBuiltIn,
    #[error("{0:?} is not a URL Ferrio fetches (only http and https)")]
    BadUrl(String),
    #[error("{0} is not a public address; Ferrio fetches URL inputs only from public addresses")]
    NotPublic(String),
    #[error("more than {MAX_REDIRECTS} redirects")]
    TooManyRedirects,
    #[error("more than {MAX_URLS} URLs in one input")]
    TooManyUrls,
    #[error("the server answered {0}")]
    Status(u16),
    #[error("the file is larger than the maximum of {0} bytes")]
    TooLarge(u64),
    #[error("no answer within {0:?}")]
    Timeout(Duration),
    #[error("{0}")]
    Fetch(String),
    #[error(transparent)]
    File(#[from] FileError),
}

/// Fetches URL inputs.
#[derive(Debug)]
pub(crate) struct Remote {
    #[cfg(feature = "url-inputs")]
    client: Option<reqwest::Client>,
    fetching: tokio::sync::Semaphore,
    trusted: Arc<[String]>,
    timeout: Duration,
    max_size: u64,
}

impl Remote {
    pub(crate) fn new(settings: &RemoteSettings) -> Remote {
        let trusted: Arc<[String]> = settings
            .trusted_hosts
            .iter()
            .map(|h| normal_host(h.as_str()))
            .collect();
        #[cfg(feature = "url-inputs")]
        let client = settings.enabled.then(|| {
            let hop_trusted = trusted.clone();
            reqwest::Client::builder()
                .dns_resolver(Arc::new(PublicOnly {
                    trusted: trusted.clone(),
                }))
                .redirect(Policy::custom(move |attempt| {
                    if attempt.previous().len() > MAX_REDIRECTS {
                        attempt.error(RemoteError::TooManyRedirects)
                    } else {
                        match check_url(attempt.url(), &hop_trusted) {
                            Ok(()) => attempt.follow(),
                            Err(e) => attempt.error(e),
                        }
                    }
                }))
                .no_proxy()
                .timeout(settings.timeout)
                .connect_timeout(settings.timeout.min(Duration::from_secs(10)))
                .user_agent(concat!("ferrio/", env!("CARGO_PKG_VERSION")))
                .build()
                .expect("a client with rustls and no system configuration always builds")
        });
        Remote {
            #[cfg(feature = "url-inputs")]
            client,
            fetching: tokio::sync::Semaphore::new(CONCURRENT_FETCHES),
            trusted,
            timeout: settings.timeout,
            max_size: settings.max_size,
        }
    }

    /// Every URL `FileData` in `value` (a component's wire data: objects whose `meta._type`
    /// is `gradio.FileData`, as Gradio finds them) is fetched and replaced by the stored file.
    pub(crate) async fn localize(
        &self,
        value: &mut serde_json::Value,
        files: &Files,
    ) -> Result<(), RemoteError> {
        let mut urls = Vec::new();
        collect_url_files(value, &mut urls);
        if urls.len() > MAX_URLS {
            return Err(RemoteError::TooManyUrls);
        }
        for f in urls {
            let mut data: FileData = match serde_json::from_value(f.clone()) {
                Ok(data) => data,
                // Not a valid FileData: the component's own parsing will say so.
                Err(_) => continue,
            };
            let stored = self.fetch(&data.path, files).await?;
            data.orig_name = data
                .orig_name
                .filter(|n| !n.is_empty())
                .or_else(|| stored.file_name().map(|n| n.to_string_lossy().into_owned()));
            data.path = stored.to_string_lossy().into_owned();
            data.url = None;
            *f = serde_json::to_value(data).expect("FileData always serializes");
        }
        Ok(())
    }

    /// Without the HTTP client: every URL input is refused.
    #[cfg(not(feature = "url-inputs"))]
    pub(crate) async fn fetch(
        &self,
        _: &str,
        _: &Files,
    ) -> Result<std::path::PathBuf, RemoteError> {
        Err(RemoteError::NotBuiltIn)
    }

    /// Downloads `url` into the cache; returns the stored file's path.
    #[cfg(feature = "url-inputs")]
    pub(crate) async fn fetch(
        &self,
        url: &str,
        files: &Files,
    ) -> Result<std::path::PathBuf, RemoteError> {
        let client = self.client.as_ref().ok_or(RemoteError::Disabled)?;
        let parsed = Url::parse(url).map_err(|_| RemoteError::BadUrl(url.to_owned()))?;
        check_url(&parsed, &self.trusted)?;
        let _permit = tokio::time::timeout(self.timeout, self.fetching.acquire())
            .await
            .map_err(|_| RemoteError::Timeout(self.timeout))?
            .expect("the semaphore is never closed");
        let name = parsed
            .path_segments()
            .and_then(|mut s| s.next_back())
            .map(|n| {
                percent_encoding::percent_decode_str(n)
                    .decode_utf8_lossy()
                    .into_owned()
            })
            .and_then(|n| crate::files::safe_name(&n).ok())
            .unwrap_or_else(|| "file".to_owned());
        let response = client
            .get(parsed)
            .send()
            .await
            .map_err(|e| self.explain(e))?;
        if response.status() != reqwest::StatusCode::OK {
            return Err(RemoteError::Status(response.status().as_u16()));
        }
        let limit = files
            .max_file_size()
            .map_or(self.max_size, |m| m.min(self.max_size));
        if response.content_length().is_some_and(|n| n > limit) {
            return Err(RemoteError::TooLarge(limit));
        }
        let mut received: u64 = 0;
        let chunks = futures_util::stream::unfold(Some(response), move |response| async move {
            let mut response = response?;
            let chunk = match response.chunk().await {
                Ok(Some(chunk)) => chunk,
                Ok(None) => return None,
                Err(e) => return Some((Err(e), None)),
            };
            Some((Ok::<Bytes, reqwest::Error>(chunk), Some(response)))
        });
        let mut failure = None;
        let stored = {
            let failure = &mut failure;
            let chunks = futures_util::StreamExt::map(chunks, |chunk| {
                let chunk = chunk.map_err(|e| {
                    *failure = Some(self.explain(e));
                    FileError::Storage(std::io::Error::other("the download failed"))
                })?;
                received += chunk.len() as u64;
                if received > limit {
                    return Err(FileError::TooLarge(limit));
                }
                Ok(chunk)
            });
            files.store_stream(&name, chunks).await
        };
        match (stored, failure) {
            (Ok(path), _) => Ok(path),
            // The download broke off: say why, not that storing failed.
            (Err(_), Some(why)) => Err(why),
            (Err(FileError::TooLarge(limit)), None) => Err(RemoteError::TooLarge(limit)),
            (Err(e), None) => Err(e.into()),
        }
    }

    /// A client error, told by its cause: our own refusals (from the resolver or the redirect
    /// policy) come back as themselves.
    #[cfg(feature = "url-inputs")]
    fn explain(&self, e: reqwest::Error) -> RemoteError {
        if e.is_timeout() {
            return RemoteError::Timeout(self.timeout);
        }
        let mut source: Option<&(dyn std::error::Error + 'static)> = Some(&e);
        while let Some(err) = source {
            if let Some(ours) = err.downcast_ref::<RemoteError>() {
                return match ours {
                    RemoteError::NotPublic(host) => RemoteError::NotPublic(host.clone()),
                    RemoteError::TooManyRedirects => RemoteError::TooManyRedirects,
                    RemoteError::BadUrl(url) => RemoteError::BadUrl(url.clone()),
                    other => RemoteError::Fetch(other.to_string()),
                };
            }
            source = err.source();
        }
        // reqwest's message names the URL; its cause says what went wrong.
        let cause = std::error::Error::source(&e)
            .map(|c| format!(": {c}"))
            .unwrap_or_default();
        RemoteError::Fetch(format!("{e}{cause}"))
    }
}

/// The `FileData` objects in a wire value whose path is an http(s) URL.
fn collect_url_files<'a>(
    value: &'a mut serde_json::Value,
    out: &mut Vec<&'a mut serde_json::Value>,
) {
    let is_url_file = value
        .get("meta")
        .and_then(|m| m.get("_type"))
        .is_some_and(|t| t == "gradio.FileData")
        && value
            .get("path")
            .and_then(|p| p.as_str())
            .is_some_and(is_http_url);
    if is_url_file {
        out.push(value);
        return;
    }
    match value {
        serde_json::Value::Object(map) => map.values_mut().for_each(|v| collect_url_files(v, out)),
        serde_json::Value::Array(items) => items.iter_mut().for_each(|v| collect_url_files(v, out)),
        _ => {}
    }
}

/// What gradio_client sends as a URL (`is_http_url_like`).
pub(crate) fn is_http_url(s: &str) -> bool {
    let lower = s.get(..8).unwrap_or(s).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// A host as compared with the trusted list: lowercase, without a trailing dot or brackets.
fn normal_host(host: &str) -> String {
    host.trim()
        .trim_end_matches('.')
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_ascii_lowercase()
}

fn is_trusted(host: &str, trusted: &[String]) -> bool {
    let host = normal_host(host);
    trusted.iter().any(|t| match t.strip_prefix("*.") {
        Some(domain) => host
            .strip_suffix(domain)
            .is_some_and(|rest| rest.ends_with('.')),
        None => host == *t,
    })
}

/// The parts of a URL checked before connecting: the scheme, and a host given as an IP
/// address (a name is checked by the resolver, once resolved).
fn check_url(url: &Url, trusted: &[String]) -> Result<(), RemoteError> {
    if !matches!(url.scheme(), "http" | "https") {
        return Err(RemoteError::BadUrl(url.to_string()));
    }
    let ip = match url.host() {
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip),
        Some(url::Host::Domain(_)) => return Ok(()),
        None => return Err(RemoteError::BadUrl(url.to_string())),
    };
    if is_public(ip) || is_trusted(&ip.to_string(), trusted) {
        Ok(())
    } else {
        Err(RemoteError::NotPublic(ip.to_string()))
    }
}

/// Resolves names for the HTTP client, refusing any name with a non-public address.
#[cfg(feature = "url-inputs")]
struct PublicOnly {
    trusted: Arc<[String]>,
}

#[cfg(feature = "url-inputs")]
impl Resolve for PublicOnly {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_owned();
        let trusted = is_trusted(&host, &self.trusted);
        Box::pin(async move {
            let addrs: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            // All of them: a name with one private address could be made to connect there.
            if let Some(bad) = addrs.iter().find(|a| !trusted && !is_public(a.ip())) {
                return Err(
                    Box::new(RemoteError::NotPublic(format!("{host} ({})", bad.ip())))
                        as Box<dyn std::error::Error + Send + Sync>,
                );
            }
            Ok(Box::new(addrs.into_iter()) as Addrs)
        })
    }
}

/// An address on the public internet: not loopback, private, link-local (cloud metadata at
/// 169.254.169.254), shared, reserved, documentation, multicast or unspecified; an IPv6
/// address must be global unicast, and one that carries an IPv4 address is judged by it.
pub(crate) fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(ip.is_private()
        || ip.is_loopback()
        || ip.is_link_local()
        || ip.is_broadcast()
        || ip.is_documentation()
        || ip.is_unspecified()
        || ip.is_multicast()
        || a == 0 // "this network"
        || (a == 100 && (64..128).contains(&b)) // shared address space (carrier NAT)
        || (a == 192 && b == 0 && c == 0) // IETF protocol assignments
        || (a == 198 && (18..20).contains(&b)) // benchmarking
        || a >= 240) // reserved
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return is_public_v4(v4);
    }
    let s = ip.segments();
    // NAT64 (64:ff9b::/96) carries an IPv4 address in its last 32 bits.
    if s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        return is_public_v4(Ipv4Addr::new(
            (s[6] >> 8) as u8,
            s[6] as u8,
            (s[7] >> 8) as u8,
            s[7] as u8,
        ));
    }
    // 6to4 (2002::/16) carries one in bits 16..48.
    if s[0] == 0x2002 {
        return is_public_v4(Ipv4Addr::new(
            (s[1] >> 8) as u8,
            s[1] as u8,
            (s[2] >> 8) as u8,
            s[2] as u8,
        ));
    }
    // Global unicast (2000::/3) only, less the protocol-assignment block 2001::/23 (Teredo
    // and friends) and documentation (2001:db8::/32).
    (s[0] & 0xe000) == 0x2000 && !(s[0] == 0x2001 && (s[1] < 0x0200 || s[1] == 0x0db8))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn public(s: &str) -> bool {
        is_public(s.parse().unwrap())
    }

    #[test]
    fn only_public_addresses_are_public() {
        for ip in [
            "127.0.0.1",
            "127.1.2.3",
            "10.0.0.1",
            "172.16.5.4",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "0.1.2.3",
            "255.255.255.255",
            "224.0.0.1",
            "240.0.0.1",
            "192.0.0.8",
            "198.18.0.1",
            "192.0.2.1",
            "::1",
            "::",
            "fe80::1",
            "fc00::1",
            "fd00:ec2::254",
            "ff02::1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
            "64:ff9b::a9fe:a9fe",
            "2002:7f00:1::",
            "2001:db8::1",
            "2001:0:4136:e378::1",
            "100::1",
        ] {
            assert!(!public(ip), "{ip} is not public");
        }
        for ip in [
            "8.8.8.8",
            "1.1.1.1",
            "172.32.0.1",
            "100.128.0.1",
            "2606:4700:4700::1111",
            "::ffff:8.8.8.8",
            "64:ff9b::808:808",
            "2002:808:808::",
        ] {
            assert!(public(ip), "{ip} is public");
        }
    }

    #[test]
    fn trusted_hosts_match_exactly_or_by_subdomain() {
        let trusted: Vec<String> = ["hf.co.", "*.Example.org", "[::1]"].map(normal_host).into();
        assert!(is_trusted("::1", &trusted));
        assert!(is_trusted("hf.co", &trusted));
        assert!(is_trusted("HF.CO.", &trusted));
        assert!(!is_trusted("evilhf.co", &trusted));
        assert!(!is_trusted("cdn.hf.co", &trusted));
        assert!(is_trusted("a.b.example.org", &trusted));
        assert!(!is_trusted("example.org", &trusted));
        assert!(!is_trusted("badexample.org", &trusted));
    }

    #[test]
    fn ip_literals_are_checked_before_connecting() {
        let check = |u: &str| check_url(&Url::parse(u).unwrap(), &[]);
        assert!(matches!(
            check("http://169.254.169.254/latest/meta-data"),
            Err(RemoteError::NotPublic(_))
        ));
        assert!(matches!(
            check("http://[::1]:8080/"),
            Err(RemoteError::NotPublic(_))
        ));
        // Spelled another way, the URL parser still finds the address.
        assert!(matches!(
            check("http://2130706433/"),
            Err(RemoteError::NotPublic(_))
        ));
        assert!(matches!(
            check("http://0x7f.1/"),
            Err(RemoteError::NotPublic(_))
        ));
        assert!(matches!(
            check("file:///etc/passwd"),
            Err(RemoteError::BadUrl(_))
        ));
        assert!(check("https://8.8.8.8/x.png").is_ok());
        assert!(check("https://example.com/x.png").is_ok());
    }

    #[test]
    fn only_file_data_with_a_url_path_is_fetched() {
        let mut value = json!([
            {"path": "https://example.com/a.png", "meta": {"_type": "gradio.FileData"}},
            {"path": "/tmp/local.png", "meta": {"_type": "gradio.FileData"}},
            // A JSON component's value that merely looks like one: left alone.
            {"path": "https://example.com/b.png"},
            {"nested": [{"path": "HTTP://example.com/c", "meta": {"_type": "gradio.FileData"}}]}
        ]);
        let mut found = Vec::new();
        collect_url_files(&mut value, &mut found);
        let paths: Vec<_> = found.iter().map(|f| f["path"].as_str().unwrap()).collect();
        assert_eq!(paths, ["https://example.com/a.png", "HTTP://example.com/c"]);
    }

    fn files_in(dir: &std::path::Path) -> Files {
        Files::new(&crate::files::FileSettings {
            cache_dir: Some(dir.join("cache")),
            ..Default::default()
        })
    }

    #[tokio::test]
    async fn an_input_names_at_most_32_urls() {
        let dir = tempfile::tempdir().unwrap();
        let files = files_in(dir.path());
        let remote = Remote::new(&RemoteSettings::default());
        let one =
            json!({"path": "https://example.com/a.png", "meta": {"_type": "gradio.FileData"}});
        let mut value = serde_json::Value::Array(vec![one; MAX_URLS + 1]);
        let err = remote.localize(&mut value, &files).await.unwrap_err();
        assert!(matches!(err, RemoteError::TooManyUrls), "{err}");
    }

    #[tokio::test]
    async fn refusals_happen_before_any_connection() {
        let dir = tempfile::tempdir().unwrap();
        let files = files_in(dir.path());
        let remote = Remote::new(&RemoteSettings::default());
        // Nothing listens on these; a refusal that came after connecting would say so.
        for url in [
            "http://127.0.0.1:9/x",
            "http://localhost:9/x",
            "http://[::1]:9/x",
        ] {
            let err = remote.fetch(url, &files).await.unwrap_err();
            assert!(matches!(err, RemoteError::NotPublic(_)), "{url}: {err}");
        }
        let off = Remote::new(&RemoteSettings {
            enabled: false,
            ..Default::default()
        });
        assert!(matches!(
            off.fetch("https://example.com/x", &files).await,
            Err(RemoteError::Disabled)
        ));
    }
}
