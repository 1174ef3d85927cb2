//! The built-in bundle: the wasm, its JS glue and the components' CSS that `./x bundle` built
//! from `frontend/`, stored brotli-compressed in `server/bundle/` and compiled into the binary.
//!
//! The wasm is split: the core every page loads (`ferrio.wasm`), and the chunks of views a page
//! loads when its config names one of their components (`builtin_view!`'s `in`), each a few
//! files (its own code and what it shares with other chunks), fetched by `__wasm_split.js`.
//!
//! Every file is served under the bundle's version, the hash of them all
//! (`/pkg/<version>/ferrio.wasm`), so browsers keep them for good and the files' own relative
//! imports and fetches hold. A client that takes brotli gets the stored bytes as they are; any
//! other gets them decompressed once, then compressed as it asks by the router's compression
//! layer.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::sync::{LazyLock, OnceLock};

use axum::body::Bytes;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

/// What `./x bundle` wrote: the sources' hash (checked by `./x bundle --check`), the version,
/// the view chunks' files, and where each file lies in [`PACKED`].
const MANIFEST: &str = include_str!("../../bundle/manifest.json");
/// Every file, brotli-compressed, one after the other.
const PACKED: &[u8] = include_bytes!("../../bundle/bundle.br");

pub(crate) static BUNDLE: LazyLock<Bundle> = LazyLock::new(|| {
    let manifest: Manifest = serde_json::from_str(MANIFEST)
        .expect("server/bundle/manifest.json is written by ./x bundle");
    let assets = manifest
        .assets
        .into_iter()
        .map(|entry| Asset {
            content_type: content_type(&entry.name),
            brotli: &PACKED[entry.offset..entry.offset + entry.brotli],
            sha256: entry.sha256,
            size: entry.size,
            name: entry.name,
            plain: OnceLock::new(),
        })
        .collect();
    Bundle {
        version: manifest.version,
        chunks: manifest.chunks,
        assets,
    }
});

#[derive(Deserialize)]
struct Manifest {
    version: String,
    chunks: BTreeMap<String, Vec<String>>,
    assets: Vec<ManifestEntry>,
}

#[derive(Deserialize)]
struct ManifestEntry {
    name: String,
    /// Of the plain (uncompressed) file.
    sha256: String,
    size: usize,
    /// Where its brotli bytes start in [`PACKED`], and how many there are.
    offset: usize,
    brotli: usize,
}

fn content_type(name: &str) -> &'static str {
    match name.rsplit_once('.').map(|(_, ext)| ext) {
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        _ => "application/wasm",
    }
}

pub(crate) struct Bundle {
    /// The hash of every file's name and content: the directory of their URLs.
    version: String,
    /// Each view chunk's files, in the order its loader fetches them.
    chunks: BTreeMap<String, Vec<String>>,
    assets: Vec<Asset>,
}

impl Bundle {
    /// `/pkg/<version>/<name>`.
    pub(crate) fn url(&self, name: &str) -> String {
        format!("/pkg/{}/{name}", self.version)
    }

    /// The JS glue, which loads the core and hydrates.
    pub(crate) fn js_url(&self) -> String {
        self.url("ferrio.js")
    }

    /// The core: what every page runs.
    pub(crate) fn wasm_url(&self) -> String {
        self.url("ferrio.wasm")
    }

    /// The module that loads the view chunks (wasm-split-cli's), which the glue imports.
    pub(crate) fn loader_url(&self) -> String {
        self.url("__wasm_split.js")
    }

    /// The built-in components' styles.
    pub(crate) fn css_url(&self) -> String {
        self.url("ferrio.css")
    }

    /// The URLs of the files of these view chunks (`builtin_view!`), each once.
    pub(crate) fn chunk_urls<'a>(&self, chunks: impl IntoIterator<Item = &'a str>) -> Vec<String> {
        let files: BTreeSet<&str> = chunks
            .into_iter()
            .filter_map(|chunk| self.chunks.get(chunk))
            .flatten()
            .map(String::as_str)
            .collect();
        files.into_iter().map(|file| self.url(file)).collect()
    }

    /// The file `/pkg/<version>/<file>` names, under the current version only.
    fn find(&self, version: &str, file: &str) -> Option<&Asset> {
        (version == self.version)
            .then(|| self.assets.iter().find(|a| a.name == file))
            .flatten()
    }
}

pub(crate) struct Asset {
    name: String,
    content_type: &'static str,
    brotli: &'static [u8],
    /// Of the plain file: its ETag.
    sha256: String,
    size: usize,
    /// Decompressed on first use by a client that takes no brotli.
    plain: OnceLock<Bytes>,
}

impl Asset {
    fn plain(&self) -> Bytes {
        self.plain
            .get_or_init(|| {
                let mut out = Vec::with_capacity(self.size);
                brotli_decompressor::Decompressor::new(self.brotli, 64 * 1024)
                    .read_to_end(&mut out)
                    .expect("the embedded bundle is valid brotli");
                Bytes::from(out)
            })
            .clone()
    }
}

/// `GET /pkg/{version}/{file}`: the bundle's file under its current version; `None` for any
/// other.
pub(crate) fn serve(version: &str, file: &str, headers: &HeaderMap) -> Option<Response> {
    let asset = BUNDLE.find(version, file)?;
    let etag = format!("\"{}\"", &asset.sha256[..16]);
    let cached = headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|tag| tag.trim().trim_start_matches("W/") == etag);
    let mut response = if cached {
        StatusCode::NOT_MODIFIED.into_response()
    } else if accepts_brotli(headers) {
        let mut r = (
            [(header::CONTENT_ENCODING, HeaderValue::from_static("br"))],
            asset.brotli,
        )
            .into_response();
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(asset.content_type),
        );
        r
    } else {
        ([(header::CONTENT_TYPE, asset.content_type)], asset.plain()).into_response()
    };
    let h = response.headers_mut();
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if let Ok(etag) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, etag);
    }
    Some(response)
}

/// Whether `Accept-Encoding` lists `br` (or `*`) with a non-zero weight.
fn accepts_brotli(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|item| {
            let mut parts = item.split(';');
            let coding = parts.next().unwrap_or("").trim();
            let weight = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            (coding.eq_ignore_ascii_case("br") || coding == "*") && weight > 0.0
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::Digest;

    fn accept(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_str(value).unwrap(),
        );
        h
    }

    #[test]
    fn brotli_is_sent_only_to_clients_that_take_it() {
        assert!(accepts_brotli(&accept("gzip, deflate, br, zstd")));
        assert!(accepts_brotli(&accept("BR;q=0.5")));
        assert!(accepts_brotli(&accept("*")));
        assert!(!accepts_brotli(&accept("gzip, deflate")));
        assert!(!accepts_brotli(&accept("br;q=0, gzip")));
        assert!(!accepts_brotli(&HeaderMap::new()));
    }

    /// What every page downloads before it is interactive, whatever its components, as sent
    /// (brotli): the core. A budget, not a goal: it fails when the core grows past it, so that
    /// growth is a decision (the bundle grew by tens of KB per component unseen); a new
    /// component's view goes in a chunk (`builtin_view!`'s `in`) unless most apps show it.
    /// `./x bench-page` measures whole page loads.
    const CORE_BUDGET: usize = 390_000;

    fn asset(name: &str) -> &'static Asset {
        BUNDLE.find(&BUNDLE.version, name).unwrap()
    }

    #[test]
    fn the_core_stays_within_its_budget() {
        let sent: usize = ["ferrio.js", "ferrio.wasm", "ferrio.css", "__wasm_split.js"]
            .map(|name| asset(name).brotli.len())
            .iter()
            .sum();
        assert!(
            sent <= CORE_BUDGET,
            "the core is {sent} bytes compressed, over its budget of {CORE_BUDGET}"
        );
    }

    #[test]
    fn every_file_is_served_under_the_version_and_decompresses_to_its_content() {
        assert_eq!(BUNDLE.version.len(), 16);
        assert!(BUNDLE.assets.len() > 4, "the views' chunks are packed too");
        for asset in &BUNDLE.assets {
            let url = BUNDLE.url(&asset.name);
            let (version, file) = url["/pkg/".len()..].split_once('/').unwrap();
            assert_eq!(
                BUNDLE.find(version, file).map(|a| &a.name),
                Some(&asset.name)
            );
            assert_eq!(asset.plain().len(), asset.size, "{}", asset.name);
            let digest = sha2::Sha256::digest(asset.plain());
            let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
            assert_eq!(asset.sha256, hex, "{}", asset.name);
        }
        // Another build's URLs are not this one's files.
        assert!(BUNDLE.find("0123456789abcdef", "ferrio.wasm").is_none());
        assert!(BUNDLE.find(&BUNDLE.version, "missing.wasm").is_none());
        assert_eq!(&asset("ferrio.wasm").plain()[..4], b"\0asm");
        assert_eq!(asset("ferrio.css").content_type, "text/css; charset=utf-8");
    }

    #[test]
    fn each_view_chunk_lists_packed_files_ending_with_its_own() {
        assert!(!BUNDLE.chunks.is_empty());
        for (chunk, files) in &BUNDLE.chunks {
            assert!(
                files.last().unwrap().contains(chunk.as_str()),
                "{chunk}: {files:?}"
            );
            for file in files {
                assert_eq!(asset(file).content_type, "application/wasm", "{file}");
            }
        }
        // Shared files are listed once, whichever chunks ask for them.
        let all = BUNDLE.chunk_urls(BUNDLE.chunks.keys().map(String::as_str));
        let unique: BTreeSet<&String> = all.iter().collect();
        assert_eq!(all.len(), unique.len());
        assert!(BUNDLE.chunk_urls(["no-such-chunk"]).is_empty());
    }
}
