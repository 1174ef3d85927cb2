//! The built-in bundle, embedded in the crate: what the page links, and how each file is served
//! (content-hashed names, brotli as stored, plain or gzip for other clients, cached for good).

use std::io::Read;

use crate::common::{get, reference};
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;

/// The `href`/`src` of the page's bundle files: (css, js, wasm).
async fn linked() -> (String, String, String) {
    let (status, _, page) = get(&reference(), "/").await;
    assert_eq!(status, StatusCode::OK);
    let find = |ext: &str| {
        let at = page
            .find(&format!(".{ext}\""))
            .unwrap_or_else(|| panic!("no .{ext} in the page"));
        let start = page[..at].rfind("/pkg/ferrio.").expect("under /pkg/");
        page[start..at + ext.len() + 1].to_owned()
    };
    (find("css"), find("js"), find("wasm"))
}

async fn fetch(uri: &str, headers: &[(header::HeaderName, &str)]) -> axum::response::Response {
    let mut req = Request::get(uri);
    for (k, v) in headers {
        req = req.header(k, *v);
    }
    reference()
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap()
}

async fn body(res: axum::response::Response) -> Vec<u8> {
    res.into_body().collect().await.unwrap().to_bytes().to_vec()
}

#[tokio::test]
async fn the_page_links_the_bundle_by_content_hash_and_starts_it() {
    let (css, js, wasm) = linked().await;
    for (url, ext) in [(&css, "css"), (&js, "js"), (&wasm, "wasm")] {
        let hash = url
            .strip_prefix("/pkg/ferrio.")
            .and_then(|r| r.strip_suffix(&format!(".{ext}")))
            .unwrap();
        assert_eq!(hash.len(), 16, "{url}");
        assert!(hash.bytes().all(|b| b.is_ascii_hexdigit()), "{url}");
    }
    let (_, _, page) = get(&reference(), "/").await;
    assert!(page.contains(&format!("<link rel=\"modulepreload\" href=\"{js}\"")));
    assert!(page.contains(&format!(
        "<link rel=\"preload\" href=\"{wasm}\" as=\"fetch\""
    )));
    assert!(page.contains(&format!("import('{js}')")), "{page}");
    assert!(page.contains(&format!("module_or_path:'{wasm}'")));
    // No cargo-leptos live reload, nothing from a site directory.
    assert!(!page.contains("ferrio_bg.wasm"));
    // The API page is styled by the same file.
    let (_, _, api) = get(&reference(), "/?view=api").await;
    assert!(
        api.contains(&format!("<link rel=\"stylesheet\" href=\"{css}\"")),
        "{api}"
    );
}

#[tokio::test]
async fn a_browser_gets_the_stored_brotli_cached_for_good() {
    let (_, _, wasm) = linked().await;
    let res = fetch(
        &wasm,
        &[(header::ACCEPT_ENCODING, "gzip, deflate, br, zstd")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let h = res.headers().clone();
    assert_eq!(h["content-type"], "application/wasm");
    assert_eq!(h["content-encoding"], "br");
    assert_eq!(h["cache-control"], "public, max-age=31536000, immutable");
    assert_eq!(h["vary"], "accept-encoding");
    let compressed = body(res).await;
    let mut plain = Vec::new();
    brotli_decompressor::Decompressor::new(compressed.as_slice(), 4096)
        .read_to_end(&mut plain)
        .unwrap();
    assert_eq!(&plain[..4], b"\0asm");
    assert!(compressed.len() * 2 < plain.len(), "brotli at its best");

    // Asked again with its ETag: nothing to send.
    let etag = h["etag"].to_str().unwrap().to_owned();
    let res = fetch(&wasm, &[(header::IF_NONE_MATCH, etag.as_str())]).await;
    assert_eq!(res.status(), StatusCode::NOT_MODIFIED);
    assert!(body(res).await.is_empty());
}

#[tokio::test]
async fn a_client_without_brotli_gets_gzip_or_the_plain_file() {
    let (_, js, _) = linked().await;
    let plain = body(fetch(&js, &[]).await).await;
    let text = String::from_utf8(plain.clone()).unwrap();
    assert!(
        text.contains("export function hydrate"),
        "wasm-bindgen's glue"
    );

    let res = fetch(&js, &[(header::ACCEPT_ENCODING, "gzip")]).await;
    assert_eq!(res.headers()["content-encoding"], "gzip");
    assert_eq!(
        res.headers()["content-type"],
        "text/javascript; charset=utf-8"
    );
    let mut unzipped = Vec::new();
    flate2::read::GzDecoder::new(body(res).await.as_slice())
        .read_to_end(&mut unzipped)
        .unwrap();
    assert_eq!(unzipped, plain);
}

#[tokio::test]
async fn only_the_current_names_are_served() {
    let (css, _, _) = linked().await;
    let res = fetch(&css, &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "text/css; charset=utf-8");
    assert!(String::from_utf8(body(res).await)
        .unwrap()
        .contains(".ferrio-app"));
    for stale in [
        "/pkg/ferrio.0000000000000000.css",
        "/pkg/ferrio.css",
        "/pkg/ferrio.wasm",
    ] {
        assert_eq!(
            fetch(stale, &[]).await.status(),
            StatusCode::NOT_FOUND,
            "{stale}"
        );
    }
}

#[tokio::test]
async fn the_icon_is_built_in() {
    let res = fetch("/favicon.svg", &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "image/svg+xml");
    assert!(String::from_utf8(body(res).await).unwrap().contains("<svg"));
}

#[tokio::test]
async fn a_site_adds_its_own_code_and_styles_to_the_built_in_css() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    std::fs::create_dir_all(site.join("pkg")).unwrap();
    std::fs::write(site.join("pkg/my-app.css"), ".mine {}").unwrap();
    std::fs::write(site.join("pkg/my-app.js"), "export default 1").unwrap();
    let options = leptos::config::LeptosOptions::builder()
        .output_name("my-app")
        .site_root(site.to_str().unwrap())
        .build();
    let app = ferrio::routes::router(ferrio::routes::AppState::new(
        ferrio_demo::reference::app().cache_dir(dir.path().join("cache")),
        ferrio::frontend::Frontend::Site(options),
    ));
    let (_, _, page) = get(&app, "/").await;
    let built_in = page.find("/pkg/ferrio.").expect("the built-in CSS");
    let own = page.find("/pkg/my-app.css").expect("the app's own CSS");
    assert!(
        built_in < own,
        "the app's styles come after the built-in ones"
    );
    // Leptos's hydration script loads the site's code.
    assert!(page.contains("my-app"), "{page}");
    let (status, _, js) = get(&app, "/pkg/my-app.js").await;
    assert_eq!((status, js.as_str()), (StatusCode::OK, "export default 1"));
}
