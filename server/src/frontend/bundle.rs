//! The built-in bundle: the wasm, its JS glue and the components' CSS that `./x bundle` built
//! from `frontend/`, stored brotli-compressed in `server/bundle/` and compiled into the binary.
//!
//! Served under content-hashed names (`/pkg/ferrio.<hash>.wasm`) so browsers keep them for good;
//! a client that takes brotli gets the stored bytes as they are, any other gets them decompressed
//! once and then compressed as it asks by the router's compression layer.

use std::io::Read;
use std::sync::{LazyLock, OnceLock};

use axum::body::Bytes;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

/// What `./x bundle` wrote: the sources' hash (checked by `./x bundle --check`) and each file's.
const MANIFEST: &str = include_str!("../../bundle/manifest.json");

pub(crate) static BUNDLE: LazyLock<Bundle> = LazyLock::new(|| {
    let manifest: Manifest = serde_json::from_str(MANIFEST)
        .expect("server/bundle/manifest.json is written by ./x bundle");
    let asset = |name: &'static str, content_type, brotli| {
        let entry = manifest
            .assets
            .iter()
            .find(|a| a.name == name)
            .unwrap_or_else(|| panic!("server/bundle/manifest.json lists no {name}"));
        Asset {
            name,
            content_type,
            brotli,
            hash: entry.sha256[..HASH_LEN].to_owned(),
            size: entry.size,
            plain: OnceLock::new(),
        }
    };
    Bundle {
        js: asset(
            "ferrio.js",
            "text/javascript; charset=utf-8",
            include_bytes!("../../bundle/ferrio.js.br"),
        ),
        wasm: asset(
            "ferrio.wasm",
            "application/wasm",
            include_bytes!("../../bundle/ferrio.wasm.br"),
        ),
        css: asset(
            "ferrio.css",
            "text/css; charset=utf-8",
            include_bytes!("../../bundle/ferrio.css.br"),
        ),
    }
});

/// Hex digits of the SHA-256 in a file's URL: enough that two builds never share one.
const HASH_LEN: usize = 16;

#[derive(Deserialize)]
struct Manifest {
    assets: Vec<ManifestEntry>,
}

#[derive(Deserialize)]
struct ManifestEntry {
    name: String,
    /// Of the plain (uncompressed) file.
    sha256: String,
    size: usize,
}

pub(crate) struct Bundle {
    pub js: Asset,
    pub wasm: Asset,
    pub css: Asset,
}

impl Bundle {
    /// The asset a `/pkg/` file name names, with its current hash only.
    fn find(&self, file: &str) -> Option<&Asset> {
        [&self.js, &self.wasm, &self.css]
            .into_iter()
            .find(|a| a.file_name() == file)
    }
}

pub(crate) struct Asset {
    name: &'static str,
    content_type: &'static str,
    brotli: &'static [u8],
    hash: String,
    size: usize,
    /// Decompressed on first use by a client that takes no brotli.
    plain: OnceLock<Bytes>,
}

impl Asset {
    /// `ferrio.<hash>.wasm`.
    fn file_name(&self) -> String {
        let (stem, ext) = self.name.rsplit_once('.').unwrap_or((self.name, ""));
        format!("{stem}.{}.{ext}", self.hash)
    }

    pub(crate) fn url(&self) -> String {
        format!("/pkg/{}", self.file_name())
    }

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

/// `GET /pkg/{file}`: the bundle's file under its current hashed name; `None` for any other.
pub(crate) fn serve(file: &str, headers: &HeaderMap) -> Option<Response> {
    let asset = BUNDLE.find(file)?;
    let etag = format!("\"{}\"", asset.hash);
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

    /// What every page downloads before it is interactive, as sent (brotli). A budget, not a
    /// goal: it fails when the bundle grows past it, so that growth is a decision (the bundle
    /// grew by tens of KB per component unseen). `./x bench-page` measures whole page loads.
    const PAGE_CODE_BUDGET: usize = 520_000;

    #[test]
    fn the_bundle_stays_within_its_budget() {
        let sent: usize = [&BUNDLE.js, &BUNDLE.wasm, &BUNDLE.css]
            .iter()
            .map(|a| a.brotli.len())
            .sum();
        assert!(
            sent <= PAGE_CODE_BUDGET,
            "the bundle is {sent} bytes compressed, over its budget of {PAGE_CODE_BUDGET}"
        );
    }

    #[test]
    fn every_file_is_named_by_its_hash_and_decompresses_to_its_size() {
        for asset in [&BUNDLE.js, &BUNDLE.wasm, &BUNDLE.css] {
            assert_eq!(asset.hash.len(), HASH_LEN);
            assert!(asset.url().starts_with("/pkg/ferrio."), "{}", asset.url());
            assert_eq!(
                BUNDLE.find(&asset.file_name()).map(|a| a.name),
                Some(asset.name)
            );
            assert_eq!(asset.plain().len(), asset.size, "{}", asset.name);
            // The name changes exactly when the content does.
            let digest = sha2::Sha256::digest(asset.plain());
            let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
            assert_eq!(asset.hash, hex[..HASH_LEN], "{}", asset.name);
        }
        assert!(
            BUNDLE.find("ferrio.wasm").is_none(),
            "only hashed names are served"
        );
        assert_eq!(&BUNDLE.wasm.plain()[..4], b"\0asm");
    }
}
