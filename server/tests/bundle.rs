//! The built-in bundle, embedded in the crate: what the page links, and how each file is served
//! (under the bundle's content hash, brotli as stored, plain or gzip for other clients, cached
//! for good).

use std::io::Read;

use crate::common::{app, get, reference};
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;

/// The `href`/`src` of the page's bundle files: (css, js, wasm).
async fn linked() -> (String, String, String) {
    let (status, _, page) = get(&reference(), "/").await;
    assert_eq!(status, StatusCode::OK);
    let find = |name: &str| {
        let at = page
            .find(&format!("/{name}\""))
            .unwrap_or_else(|| panic!("no {name} in the page"));
        let start = page[..at].rfind("\"/pkg/").expect("under /pkg/") + 1;
        page[start..at + name.len() + 1].to_owned()
    };
    (find("ferrio.css"), find("ferrio.js"), find("ferrio.wasm"))
}

/// The wasm files a page has the browser fetch with it, beside the core: its views' chunks.
fn chunks_preloaded(page: &str) -> Vec<&str> {
    page.match_indices("<link rel=\"preload\" href=\"")
        .map(|(at, tag)| {
            let url = &page[at + tag.len()..];
            &url[..url.find('"').unwrap()]
        })
        .filter(|url| !url.ends_with("/ferrio.wasm"))
        .collect()
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
    let version = |url: &str| url.split('/').nth(2).unwrap().to_owned();
    for url in [&css, &js, &wasm] {
        let hash = version(url);
        assert_eq!(hash.len(), 16, "{url}");
        assert!(hash.bytes().all(|b| b.is_ascii_hexdigit()), "{url}");
    }
    assert_eq!(
        [version(&css), version(&js)],
        [version(&wasm), version(&wasm)]
    );
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
async fn a_page_fetches_the_views_it_shows_with_it_and_no_others() {
    // The reference app shows text, numbers, files and a picture: the files chunk, no chat, no
    // table, no gallery.
    let (_, _, page) = get(&reference(), "/").await;
    let chunks = chunks_preloaded(&page);
    assert!(
        chunks.iter().any(|url| url.ends_with("/split_files.wasm")),
        "{chunks:?}"
    );
    for other in ["chat", "table", "gallery"] {
        let own = format!("/split_{other}.wasm");
        assert!(!chunks.iter().any(|url| url.ends_with(&own)), "{chunks:?}");
    }
    let (_, _, wasm) = linked().await;
    for url in &chunks {
        assert_eq!(
            url.rsplit_once('/').unwrap().0,
            wasm.rsplit_once('/').unwrap().0
        );
        let res = fetch(url, &[(header::ACCEPT_ENCODING, "br")]).await;
        assert_eq!(res.status(), StatusCode::OK, "{url}");
        assert_eq!(res.headers()["content-type"], "application/wasm", "{url}");
    }
    // Their loader sits beside the glue, which imports it by a relative path.
    let (_, js, _) = linked().await;
    let loader = js.replace("/ferrio.js", "/__wasm_split.js");
    assert!(
        page.contains(&format!("<link rel=\"modulepreload\" href=\"{loader}\"")),
        "fetched with the page, not once the glue is parsed"
    );
    let text = String::from_utf8(body(fetch(&loader, &[]).await).await).unwrap();
    assert!(
        text.contains("import { initSync } from \"./ferrio.js\""),
        "{text}"
    );

    // A page that shows nothing but text fetches the core alone.
    let (_, _, page) = get(&app(ferrio_demo::hello::app()), "/").await;
    assert_eq!(chunks_preloaded(&page), Vec::<&str>::new());
}

#[tokio::test]
async fn a_component_in_a_chat_message_the_page_starts_with_is_fetched_with_it() {
    use ferrio::prelude::*;
    let picture = ComponentMessage::new(&Image::new(), None).unwrap();
    let blocks = Blocks::new(move |b| {
        b.add(Chatbot::new().value(vec![ChatMessage::assistant(picture.clone())]));
    });
    let (_, _, page) = get(&app(blocks), "/").await;
    let chunks = chunks_preloaded(&page);
    for own in ["/split_chat.wasm", "/split_files.wasm"] {
        assert!(chunks.iter().any(|url| url.ends_with(own)), "{chunks:?}");
    }
    assert!(
        !chunks.iter().any(|url| url.ends_with("/split_table.wasm")),
        "{chunks:?}"
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
    let (css, _, wasm) = linked().await;
    let res = fetch(&css, &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "text/css; charset=utf-8");
    assert!(String::from_utf8(body(res).await)
        .unwrap()
        .contains(".ferrio-app"));
    let other_version = wasm.replace(wasm.split('/').nth(2).unwrap(), "0000000000000000");
    let missing = wasm.replace("/ferrio.wasm", "/nothing.wasm");
    for stale in [
        "/pkg/ferrio.css",
        "/pkg/ferrio.wasm",
        other_version.as_str(),
        missing.as_str(),
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
    let built_in = page.find("/ferrio.css").expect("the built-in CSS");
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
