//! Uploads, `/gradio_api/file=` and files in requests, through the router: every refusal with
//! its exact status.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use crate::common::*;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use futures_util::StreamExt;
use http_body_util::BodyExt;
use serde_json::json;
use tower::ServiceExt;

const BOUNDARY: &str = "ferrio-test-boundary";

fn multipart(parts: &[(&str, &str, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (field, name, content) in parts {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(content);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

fn upload_request(body: impl Into<Body>) -> Request<Body> {
    Request::post("/gradio_api/upload")
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(body.into())
        .unwrap()
}

async fn upload(app: &Router, name: &str, content: &[u8]) -> (StatusCode, String) {
    let (status, _, body) = send(app, upload_request(multipart(&[("files", name, content)]))).await;
    (status, body)
}

async fn upload_ok(app: &Router, name: &str, content: &[u8]) -> String {
    let (status, body) = upload(app, name, content).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    json(&body)[0].as_str().unwrap().to_owned()
}

fn file_uri(path: &str) -> String {
    format!("/gradio_api/file={path}")
}

async fn fetch(app: &Router, req: Request<Body>) -> axum::response::Response {
    app.clone().oneshot(req).await.unwrap()
}

fn assert_forbidden(status: StatusCode, content_type: &str, body: &str, what: &str) {
    assert_eq!(status, StatusCode::FORBIDDEN, "{what}: {body}");
    assert_eq!(content_type, "application/json", "{what}");
    assert!(
        json(body)["detail"]
            .as_str()
            .unwrap()
            .starts_with("File not allowed"),
        "{what}: {body}"
    );
}

#[tokio::test]
async fn an_upload_is_stored_under_its_hash_and_served_back() {
    let dir = tempfile::tempdir().unwrap();
    let app = app_in(dir.path(), |b| b);
    let path = upload_ok(&app, "t.txt", b"hello file\n").await;
    // Gradio's shape: `<cache>/<sha256 of the content>/<name>`.
    let cache = dir.path().join("cache").canonicalize().unwrap();
    let stored = PathBuf::from(&path);
    assert_eq!(stored.file_name().unwrap(), "t.txt");
    assert_eq!(stored.parent().unwrap().parent().unwrap(), cache);
    use sha2::Digest;
    let hash = format!("{:x}", sha2::Sha256::digest(b"hello file\n"));
    assert_eq!(stored.parent().unwrap().file_name().unwrap(), hash.as_str());

    let res = fetch(
        &app,
        Request::get(file_uri(&path)).body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let h = res.headers().clone();
    assert_eq!(h["content-type"], "text/plain");
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["accept-ranges"], "bytes");
    assert!(h["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("inline; filename=\"t.txt\""));
    assert!(h.contains_key("last-modified"));
    let etag = h["etag"].to_str().unwrap().to_owned();
    let body = res.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(&body[..], b"hello file\n");

    // A range, a HEAD, and a revalidation.
    let res = fetch(
        &app,
        Request::get(file_uri(&path))
            .header(header::RANGE, "bytes=0-4")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(res.headers()["content-range"], "bytes 0-4/11");
    let body = res.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(&body[..], b"hello");
    // Served as stored even to a client that takes compression (lengths and ranges hold),
    // though the page and API responses are compressed.
    let big = upload_ok(&app, "big.txt", &vec![b'a'; 100_000]).await;
    for (uri, compressed) in [(file_uri(&big), false), ("/config".to_owned(), true)] {
        let res = fetch(
            &app,
            Request::get(&uri)
                .header(header::ACCEPT_ENCODING, "gzip")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(
            res.headers().contains_key("content-encoding"),
            compressed,
            "{uri}"
        );
    }
    let res = fetch(
        &app,
        Request::head(file_uri(&path)).body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-length"], "11");
    assert!(res
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .is_empty());
    let res = fetch(
        &app,
        Request::get(file_uri(&path))
            .header(header::IF_NONE_MATCH, &etag)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::NOT_MODIFIED);
}

#[tokio::test]
async fn the_apps_own_assets_are_still_compressed() {
    // Static files are served with byte ranges too; only `/file=` responses stay as stored.
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    std::fs::create_dir_all(site.join("pkg")).unwrap();
    std::fs::write(site.join("pkg/app.js"), "x".repeat(10_000)).unwrap();
    let options = leptos::config::LeptosOptions::builder()
        .output_name("ferrio")
        .site_root(site.to_str().unwrap())
        .build();
    let blocks = ferrio_demo::reference::app().cache_dir(dir.path().join("cache"));
    let app = ferrio::routes::router(ferrio::routes::AppState::new(
        blocks,
        ferrio::frontend::Frontend::Site(options),
    ));
    let res = fetch(
        &app,
        Request::get("/pkg/app.js")
            .header(header::ACCEPT_ENCODING, "br")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-encoding"], "br");
}

#[tokio::test]
async fn paths_outside_the_rule_are_403_whether_or_not_they_exist() {
    let dir = tempfile::tempdir().unwrap();
    let app = app_in(dir.path(), |b| b);
    let path = upload_ok(&app, "t.txt", b"x").await;
    let stored = PathBuf::from(&path);
    let hash_dir = stored.parent().unwrap().to_str().unwrap().to_owned();
    let cache = dir.path().join("cache").canonicalize().unwrap();
    let cache = cache.to_str().unwrap();
    std::fs::write(dir.path().join("secret.txt"), "s").unwrap();
    std::os::unix::fs::symlink(
        dir.path().join("secret.txt"),
        stored.parent().unwrap().join("link.txt"),
    )
    .unwrap();
    for (what, uri) in [
        ("a system file", file_uri("/etc/passwd")),
        ("a missing file", file_uri("/etc/does-not-exist")),
        ("the cache dir", file_uri(cache)),
        ("a hash dir", file_uri(&hash_dir)),
        ("dot-dot", file_uri(&format!("{hash_dir}/../../secret.txt"))),
        (
            "encoded dot-dot",
            file_uri(&format!("{hash_dir}/%2e%2e/%2e%2e/secret.txt")),
        ),
        (
            "double-encoded dot-dot",
            file_uri(&format!("{hash_dir}/%252e%252e/%252e%252e/secret.txt")),
        ),
        ("a symlink out", file_uri(&format!("{hash_dir}/link.txt"))),
        ("half uploads", file_uri(&format!("{cache}/.incoming"))),
        ("a relative path", file_uri("../../../../etc/passwd")),
        ("a URL", file_uri("http://169.254.169.254/latest/meta-data")),
        ("a protocol-relative URL", file_uri("//evil.example/x")),
        ("a NUL", file_uri(&format!("{path}%00.png"))),
        ("a UNC path", file_uri("\\\\server\\share\\x")),
    ] {
        let (status, content_type, body) = get(&app, &uri).await;
        assert_forbidden(status, &content_type, &body, what);
    }
    // Nothing redirects.
    let (status, _, _) = get(&app, &file_uri("https://example.com/")).await;
    assert_ne!(status.as_u16() / 100, 3);
}

#[tokio::test]
async fn pages_and_scripts_are_downloads_never_documents() {
    let dir = tempfile::tempdir().unwrap();
    let app = app_in(dir.path(), |b| b);
    for name in ["x.html", "x.svg", "x.js", "x.xml", "x.xhtml"] {
        let path = upload_ok(&app, name, b"<script>alert(1)</script>").await;
        let res = fetch(
            &app,
            Request::get(file_uri(&path)).body(Body::empty()).unwrap(),
        )
        .await;
        assert_eq!(res.status(), StatusCode::OK, "{name}");
        assert_eq!(
            res.headers()["content-type"],
            "application/octet-stream",
            "{name}"
        );
        assert!(
            res.headers()["content-disposition"]
                .to_str()
                .unwrap()
                .starts_with("attachment"),
            "{name}"
        );
        assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    }
    let png = upload_ok(&app, "x.png", b"\x89PNG").await;
    let res = fetch(
        &app,
        Request::get(file_uri(&png)).body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(res.headers()["content-type"], "image/png");
}

#[tokio::test]
async fn allowed_and_blocked_paths_decide_what_else_is_served() {
    let dir = tempfile::tempdir().unwrap();
    let assets = dir.path().join("assets");
    std::fs::create_dir_all(assets.join("private")).unwrap();
    std::fs::write(assets.join("logo.png"), "png").unwrap();
    std::fs::write(assets.join("private/key.pem"), "key").unwrap();
    let app = app_in(dir.path(), |b| {
        b.allowed_paths([&assets])
            .blocked_paths([assets.join("private")])
    });
    let (status, _, body) = get(&app, &file_uri(assets.join("logo.png").to_str().unwrap())).await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "png"));
    let (status, content_type, body) = get(
        &app,
        &file_uri(assets.join("private/key.pem").to_str().unwrap()),
    )
    .await;
    assert_forbidden(status, &content_type, &body, "a blocked file");
}

#[tokio::test]
async fn bad_uploads_get_clear_4xx_errors() {
    let dir = tempfile::tempdir().unwrap();
    let app = app_in(dir.path(), |b| b);
    for name in ["..", "../x.txt", "/etc/passwd", "C:\\x.txt"] {
        let (status, body) = upload(&app, name, b"x").await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{name}: {body}");
        let detail = json(&body)["detail"].as_str().unwrap().to_owned();
        assert!(detail.contains("file name"), "{detail}");
    }
    // A control character may already break the part's headers: a 400 either way.
    let (status, body) = upload(&app, "a\u{7f}b", b"x").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    // A name with directories keeps only its base.
    let path = upload_ok(&app, "some/dir/t.txt", b"x").await;
    assert!(path.ends_with("/t.txt"), "{path}");
    // No `files` field, not multipart, a broken body.
    let (status, _, body) =
        send(&app, upload_request(multipart(&[("other", "t.txt", b"x")]))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let (status, body) = post(&app, "/gradio_api/upload", "{}").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(json(&body)["detail"].is_string());
    let (status, _, body) = send(&app, upload_request("--ferrio-test-boundary\r\nnonsense")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(json(&body)["detail"].is_string());
}

/// `head`, then `mb` megabytes of `byte`, produced lazily and a chunk at a time like a socket
/// (multer reads whatever is ready); the counter says how much the server pulled.
fn endless_body(head: String, byte: u8, mb: usize) -> (Body, Arc<AtomicU64>) {
    let sent = Arc::new(AtomicU64::new(0));
    let counter = sent.clone();
    let chunk = axum::body::Bytes::from(vec![byte; 64 * 1024]);
    let chunks = futures_util::stream::iter(
        std::iter::once(axum::body::Bytes::from(head)).chain(std::iter::repeat_n(chunk, mb * 16)),
    )
    .then(move |c| {
        let counter = counter.clone();
        async move {
            tokio::task::yield_now().await;
            counter.fetch_add(c.len() as u64, Ordering::Relaxed);
            Ok::<_, std::io::Error>(c)
        }
    });
    (Body::from_stream(chunks), sent)
}

#[tokio::test]
async fn an_upload_over_the_limit_is_refused_while_it_streams() {
    let dir = tempfile::tempdir().unwrap();
    let app = app_in(dir.path(), |b| b.max_file_size(1_000_000));
    let (status, _, body) = get(&app, "/config").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(json(&body)["max_file_size"], 1_000_000);

    // A 1 GB upload, produced lazily: the server must stop reading near the limit.
    let head = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"big.bin\"\r\n\r\n"
    );
    let (body, sent) = endless_body(head, 7, 1024);
    let (status, _, body) = send(&app, upload_request(body)).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    assert!(json(&body)["detail"].as_str().unwrap().contains("1000000"));
    let read = sent.load(Ordering::Relaxed);
    assert!(read < 2_000_000, "read {read} bytes of a 1 GB upload");
    // Nothing is left behind.
    let incoming = dir.path().join("cache/.incoming");
    assert_eq!(std::fs::read_dir(incoming).unwrap().count(), 0);
    // At the limit exactly is fine; without a limit, a file larger than axum's default body
    // limit (2 MB) too.
    upload_ok(&app, "ok.bin", &vec![1u8; 1_000_000]).await;
    let unlimited = app_in(dir.path(), |b| b);
    upload_ok(&unlimited, "big.bin", &vec![1u8; 5_000_000]).await;
}

#[tokio::test]
async fn endless_part_headers_are_cut_off_not_buffered() {
    let dir = tempfile::tempdir().unwrap();
    let app = app_in(dir.path(), |b| b);
    let (body, sent) = endless_body(format!("--{BOUNDARY}\r\nX-Padding: "), b'a', 1024);
    let (status, _, body) = send(&app, upload_request(body)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(
        json(&body)["detail"].as_str().unwrap().contains("1 MiB"),
        "{body}"
    );
    let read = sent.load(Ordering::Relaxed);
    assert!(read < 3_000_000, "read {read} bytes of endless headers");
}

/// A body sent in 64 KiB chunks as the test feeds them.
fn fed_body() -> (Body, tokio::sync::mpsc::Sender<Vec<u8>>) {
    let (tx, rx) = tokio::sync::mpsc::channel::<Vec<u8>>(4);
    let chunks = tokio_stream_from(rx).map(|c| Ok::<_, std::io::Error>(axum::body::Bytes::from(c)));
    (Body::from_stream(chunks), tx)
}

fn tokio_stream_from(
    rx: tokio::sync::mpsc::Receiver<Vec<u8>>,
) -> impl futures_util::Stream<Item = Vec<u8>> {
    futures_util::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|c| (c, rx)) })
}

#[tokio::test]
async fn a_named_upload_reports_its_progress_until_done() {
    let dir = tempfile::tempdir().unwrap();
    let app = app_in(dir.path(), |b| b);
    // The reader may come first: it waits for the upload to begin.
    let reader = {
        let app = app.clone();
        tokio::spawn(async move { get(&app, "/gradio_api/upload_progress?upload_id=up1").await })
    };
    let (body, feed) = fed_body();
    let uploading = {
        let app = app.clone();
        tokio::spawn(async move {
            let mut req = upload_request(body);
            *req.uri_mut() = "/gradio_api/upload?upload_id=up1".parse().unwrap();
            send(&app, req).await
        })
    };
    let head = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"big.bin\"\r\n\r\n"
    );
    feed.send(head.into_bytes()).await.unwrap();
    // While the upload is open its id is taken.
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    let mut again = upload_request(multipart(&[("files", "x.bin", b"x")]));
    *again.uri_mut() = "/gradio_api/upload?upload_id=up1".parse().unwrap();
    let (status, _, body) = send(&app, again).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    for _ in 0..16 {
        feed.send(vec![5u8; 64 * 1024]).await.unwrap();
    }
    feed.send(format!("\r\n--{BOUNDARY}--\r\n").into_bytes())
        .await
        .unwrap();
    drop(feed);
    let (status, _, body) = uploading.await.unwrap();
    assert_eq!(status, StatusCode::OK, "{body}");

    let (status, content_type, body) = reader.await.unwrap();
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(
        content_type.starts_with("text/event-stream"),
        "{content_type}"
    );
    let messages = sse_messages(&body);
    let (last, updates) = messages.split_last().unwrap();
    assert_eq!(last, &json!({"msg": "done"}));
    assert!(!updates.is_empty(), "{body}");
    let mut total = 0;
    for m in updates {
        assert_eq!(m["msg"], "update", "{m}");
        assert_eq!(m["orig_name"], "big.bin", "{m}");
        total += m["chunk_size"].as_u64().unwrap();
    }
    assert_eq!(total, 16 * 64 * 1024);
}

#[tokio::test]
async fn upload_progress_refuses_bad_and_unknown_ids() {
    let dir = tempfile::tempdir().unwrap();
    let app = app_in(dir.path(), |b| b);
    for uri in [
        "/gradio_api/upload_progress?upload_id=a%2Fb",
        "/gradio_api/upload_progress",
    ] {
        let (status, content_type, body) = get(&app, uri).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{uri}: {body}");
        assert_eq!(content_type, "application/json");
        assert!(json(&body)["detail"].is_string(), "{body}");
    }
    let mut bad = upload_request(multipart(&[("files", "x.bin", b"x")]));
    *bad.uri_mut() = "/gradio_api/upload?upload_id=..%2Fetc".parse().unwrap();
    let (status, _, body) = send(&app, bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    // An upload that never begins: 404 after Gradio's 3 s wait.
    let (status, _, body) = get(&app, "/gradio_api/upload_progress?upload_id=never").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    assert!(json(&body)["detail"]
        .as_str()
        .unwrap()
        .starts_with("Upload not found"));
}

#[tokio::test]
async fn a_cache_that_cannot_be_written_is_a_507_and_the_server_keeps_serving() {
    let dir = tempfile::tempdir().unwrap();
    let app = app_in(dir.path(), |b| b);
    let stored = upload_ok(&app, "before.txt", b"kept").await;
    // Where half-written uploads go is now a file: every write there fails, as on a full or
    // read-only disk (the sandbox runs as root, so permissions can't make it fail).
    let incoming = dir.path().join("cache/.incoming");
    std::fs::remove_dir_all(&incoming).unwrap();
    std::fs::write(&incoming, b"in the way").unwrap();
    let (status, body) = upload(&app, "after.txt", b"lost?").await;
    assert_eq!(status, StatusCode::INSUFFICIENT_STORAGE, "{body}");
    assert!(
        json(&body)["detail"]
            .as_str()
            .unwrap()
            .starts_with("the server could not store the file"),
        "{body}"
    );
    // Everything else still works: the config, files stored before, the queue.
    let (status, _, _) = get(&app, "/config").await;
    assert_eq!(status, StatusCode::OK);
    let (status, _, body) = get(&app, &file_uri(&stored)).await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "kept"));
    join(&app, 0, json!(["still here"]), "s").await;
    let done = read_stream(&app, "s").await;
    assert!(done.iter().any(|m| m["msg"] == "process_completed"));
    // And once the disk is writable again, so do uploads.
    std::fs::remove_file(&incoming).unwrap();
    upload_ok(&app, "after.txt", b"stored").await;
}

#[tokio::test]
async fn concurrent_uploads_of_one_file_are_stored_once() {
    let dir = tempfile::tempdir().unwrap();
    let app = app_in(dir.path(), |b| b);
    let content = vec![42u8; 300_000];
    let uploads = (0..8).map(|_| upload_ok(&app, "same.bin", &content));
    let paths = futures_util::future::join_all(uploads).await;
    assert!(paths.iter().all(|p| p == &paths[0]), "{paths:?}");
    let cache = dir.path().join("cache");
    let entries: Vec<_> = std::fs::read_dir(&cache)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name() != ".incoming")
        .collect();
    assert_eq!(entries.len(), 1);
    assert_eq!(std::fs::read_dir(entries[0].path()).unwrap().count(), 1);
    assert_eq!(std::fs::read(&paths[0]).unwrap(), content);
    assert_eq!(
        std::fs::read_dir(cache.join(".incoming")).unwrap().count(),
        0
    );
}

#[tokio::test]
async fn filesize_takes_an_uploaded_file_and_refuses_any_other_path() {
    let dir = tempfile::tempdir().unwrap();
    let app = app_in(dir.path(), |b| b);
    let path = upload_ok(&app, "t.txt", b"hello file\n").await;
    let file = json!({"path": path, "orig_name": "t.txt", "meta": {"_type": "gradio.FileData"}});
    join(&app, 4, json!([file]), "f1").await;
    let messages = read_stream(&app, "f1").await;
    let done = messages
        .iter()
        .find(|m| m["msg"] == "process_completed")
        .unwrap();
    assert_eq!(done["output"]["data"], json!([11.0]));
    // No file: 0.
    join(&app, 4, json!([null]), "f2").await;
    let messages = read_stream(&app, "f2").await;
    let done = messages
        .iter()
        .find(|m| m["msg"] == "process_completed")
        .unwrap();
    assert_eq!(done["output"]["data"], json!([0.0]));

    // A path outside the rule, with or without `meta`, a URL, a traversal: refused before the
    // function runs, naming the input.
    let cache = dir.path().join("cache").canonicalize().unwrap();
    for bad in [
        json!({"path": "/etc/passwd", "meta": {"_type": "gradio.FileData"}}),
        json!({"path": "/etc/passwd"}),
        json!({"path": format!("{}/../secret", cache.display())}),
        json!({"path": "http://169.254.169.254/latest/meta-data", "url": "http://169.254.169.254/"}),
        json!("/etc/passwd"),
    ] {
        let body = json!({"data": [bad], "fn_index": 4, "session_hash": "f3"});
        let (status, body) = post(&app, "/gradio_api/queue/join", body.to_string()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let detail = &json(&body)["detail"][0];
        assert_eq!(detail["parameter_name"], "file");
        assert_eq!(detail["is_valid"], false);
    }
    // The REST API applies the same rule.
    let (status, body) = post(
        &app,
        "/gradio_api/call/filesize",
        json!({"data": [{"path": "/etc/passwd"}]}).to_string(),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
}

#[tokio::test]
async fn returned_files_are_copied_into_the_cache_and_served() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(ferrio_demo::kitchen_sink::app().cache_dir(dir.path().join("cache")));
    let (_, _, config) = get(&app, "/config").await;
    let config = json(&config);
    let describe = config["dependencies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["api_name"] == "describe_files")
        .unwrap()["id"]
        .as_u64()
        .unwrap() as u32;
    let a = upload_ok(&app, "a.txt", b"aaa").await;
    let b = upload_ok(&app, "b.csv", b"1,2\n").await;
    let files = json!([{"path": a, "meta": {"_type": "gradio.FileData"}}, {"path": b}]);
    join(&app, describe, json!([files]), "k1").await;
    let messages = read_stream(&app, "k1").await;
    let done = messages
        .iter()
        .find(|m| m["msg"] == "process_completed")
        .unwrap();
    assert_eq!(done["success"], true, "{done}");
    let [listing, report] = done["output"]["data"].as_array().unwrap().as_slice() else {
        panic!("{done}")
    };
    assert_eq!(listing, "a.txt: 3 bytes\nb.csv: 4 bytes");
    let report_path = report["path"].as_str().unwrap();
    let cache = dir.path().join("cache").canonicalize().unwrap();
    assert!(Path::new(report_path).starts_with(&cache), "{report}");
    assert_eq!(report["orig_name"], "report.txt");
    assert_eq!(report["size"], 29);
    assert_eq!(report["meta"]["_type"], "gradio.FileData");
    assert!(report["url"]
        .as_str()
        .unwrap()
        .starts_with("/gradio_api/file="));
    let (status, _, body) = get(&app, &file_uri(report_path)).await;
    assert_eq!(
        (status, body.as_str()),
        (StatusCode::OK, "a.txt: 3 bytes\nb.csv: 4 bytes")
    );
}

#[tokio::test]
async fn foreign_origins_get_no_cors_headers() {
    let dir = tempfile::tempdir().unwrap();
    let app = app_in(dir.path(), |b| b);
    let path = upload_ok(&app, "t.txt", b"x").await;
    for origin in ["https://evil.example", "null"] {
        for uri in [
            "/config".to_owned(),
            file_uri(&path),
            "/gradio_api/info".to_owned(),
        ] {
            let res = fetch(
                &app,
                Request::get(&uri)
                    .header(header::ORIGIN, origin)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
            assert!(
                !res.headers().contains_key("access-control-allow-origin"),
                "{origin} {uri}"
            );
        }
    }
}

fn png(width: u32, height: u32) -> Vec<u8> {
    let mut img = ferrio::image::RgbImage::new(width, height);
    // Left column red, the rest blue: mirroring moves the red.
    for (x, _, p) in img.enumerate_pixels_mut() {
        *p = if x == 0 {
            ferrio::image::Rgb([255, 0, 0])
        } else {
            ferrio::image::Rgb([0, 0, 255])
        };
    }
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, ferrio::image::ImageFormat::Png)
        .unwrap();
    out.into_inner()
}

#[tokio::test]
async fn an_image_round_trips_decoded_transformed_and_served() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(ferrio_demo::image::app().cache_dir(dir.path().join("cache")));
    let path = upload_ok(&app, "photo.png", &png(4, 2)).await;
    let image =
        json!({"path": path, "orig_name": "photo.png", "meta": {"_type": "gradio.FileData"}});
    let (status, body) = post(
        &app,
        "/gradio_api/call/transform",
        json!({"data": [image, "Rotate 90°"]}).to_string(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let event = json(&body)["event_id"].as_str().unwrap().to_owned();
    let (_, _, body) = get(&app, &format!("/gradio_api/call/transform/{event}")).await;
    assert!(body.starts_with("event: complete"), "{body}");
    let data = json(body.lines().nth(1).unwrap().trim_start_matches("data: "));
    assert_eq!(data[1], "2 × 4 px");
    let result = &data[0];
    // Stored as Gradio's default format, lossless WebP.
    assert_eq!(result["mime_type"], "image/webp");
    assert_eq!(result["orig_name"], "image.webp");
    let served = PathBuf::from(result["path"].as_str().unwrap());
    assert!(served.starts_with(dir.path().join("cache").canonicalize().unwrap()));
    let res = fetch(
        &app,
        Request::get(file_uri(result["path"].as_str().unwrap()))
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(res.headers()["content-type"], "image/webp");
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    let back = ferrio::image::load_from_memory(&bytes).unwrap();
    assert_eq!((back.width(), back.height()), (2, 4));
}

/// A nameless upload (the JS client's `Blob`, a pasted picture) is known by its first bytes:
/// a picture is an image, a page without a name is still no image.
#[tokio::test]
async fn a_nameless_picture_is_an_image_and_a_nameless_page_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(ferrio_demo::image::app().cache_dir(dir.path().join("cache")));
    let path = upload_ok(&app, "blob", &png(4, 2)).await;
    let body = json!({"data": [{"path": path, "meta": {"_type": "gradio.FileData"}}, "Mirror"]});
    let (status, body) = post(&app, "/gradio_api/call/transform", body.to_string()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let event = json(&body)["event_id"].as_str().unwrap().to_owned();
    let (_, _, body) = get(&app, &format!("/gradio_api/call/transform/{event}")).await;
    assert!(body.contains("4 × 2 px"), "{body}");

    let page = upload_ok(&app, "blob", b"<!DOCTYPE html><script>alert(1)</script>").await;
    let body = json!({"data": [{"path": page}, "Mirror"]});
    let (status, body) = post(&app, "/gradio_api/call/transform", body.to_string()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
}

#[tokio::test]
async fn a_file_that_is_not_an_image_is_refused_naming_the_input() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(ferrio_demo::image::app().cache_dir(dir.path().join("cache")));
    for (name, content) in [
        ("fake.png", b"<svg onload=alert(1)>".as_slice()),
        ("page.html", b"<p>hi</p>".as_slice()),
    ] {
        let path = upload_ok(&app, name, content).await;
        let body = json!({"data": [{"path": path}, "Mirror"]});
        let (status, body) = post(&app, "/gradio_api/call/transform", body.to_string()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{name}: {body}");
        let detail = &json(&body)["detail"][0];
        assert_eq!(detail["parameter_name"], "Your image");
        assert!(
            detail["message"].as_str().unwrap().contains("not an image"),
            "{detail}"
        );
    }
}

#[tokio::test]
async fn images_are_decoded_when_the_event_runs_not_when_it_is_sent() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(ferrio_demo::image::app().cache_dir(dir.path().join("cache")));
    // A PNG whose header is sound but whose pixels are cut off: the join (which reads only the
    // header) accepts it; decoding fails when the event runs, and the event says so.
    let mut broken = png(64, 64);
    broken.truncate(broken.len() / 2);
    let path = upload_ok(&app, "broken.png", &broken).await;
    let fn_index = 0; // Transform is the app's first event.
    join(&app, fn_index, json!([{"path": path}, "Mirror"]), "i1").await;
    let messages = read_stream(&app, "i1").await;
    let done = messages
        .iter()
        .find(|m| m["msg"] == "process_completed")
        .unwrap();
    assert_eq!(done["success"], false, "{done}");
    let error = done["output"]["error"].as_str().unwrap();
    assert!(
        error.contains("Your image") && error.contains("not an image"),
        "{error}"
    );
}

/// A WAV of `samples` silent 8-bit mono samples.
fn wav(samples: u32) -> Vec<u8> {
    let mut out = b"RIFF".to_vec();
    out.extend((36 + samples).to_le_bytes());
    out.extend(b"WAVEfmt ");
    out.extend(16u32.to_le_bytes());
    out.extend(1u16.to_le_bytes()); // PCM
    out.extend(1u16.to_le_bytes()); // mono
    out.extend(8000u32.to_le_bytes());
    out.extend(8000u32.to_le_bytes());
    out.extend(1u16.to_le_bytes());
    out.extend(8u16.to_le_bytes());
    out.extend(b"data");
    out.extend(samples.to_le_bytes());
    out.extend(std::iter::repeat_n(128u8, samples as usize));
    out
}

#[tokio::test]
async fn audio_and_video_take_their_own_kind_of_file() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(ferrio_demo::kitchen_sink::app().cache_dir(dir.path().join("cache")));
    let sound = upload_ok(&app, "beep.wav", &wav(800)).await;
    let call = |api: &'static str, path: String| {
        let app = app.clone();
        async move {
            post(
                &app,
                &format!("/gradio_api/call/{api}"),
                json!({"data": [{"path": path}]}).to_string(),
            )
            .await
        }
    };
    let (status, body) = call("play_back", sound.clone()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let event = json(&body)["event_id"].as_str().unwrap().to_owned();
    let (_, _, body) = get(&app, &format!("/gradio_api/call/play_back/{event}")).await;
    let data = json(body.lines().nth(1).unwrap().trim_start_matches("data: "));
    // The same stored file comes back (it is in the cache already: no copy).
    assert_eq!(data[0]["path"], sound.as_str());
    assert!(data[0]["mime_type"].as_str().unwrap().starts_with("audio/"));
    let res = fetch(
        &app,
        Request::get(file_uri(&sound)).body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("audio/"));

    // A sound is not a clip, and a page is neither.
    let page = upload_ok(&app, "page.html", b"<p>").await;
    for (api, path, expected) in [
        ("show_back", sound.clone(), "not a video file"),
        ("play_back", page.clone(), "not a sound file"),
    ] {
        let (status, body) = call(api, path).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{api}: {body}");
        let message = json(&body)["detail"][0]["message"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(message.contains(expected), "{api}: {message}");
    }
}

#[tokio::test]
async fn a_gallery_returns_captioned_images_from_the_cache() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(ferrio_demo::kitchen_sink::app().cache_dir(dir.path().join("cache")));
    let picture = upload_ok(&app, "p.png", &png(4, 2)).await;
    let (status, body) = post(
        &app,
        "/gradio_api/call/variations",
        json!({"data": [{"path": picture}]}).to_string(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let event = json(&body)["event_id"].as_str().unwrap().to_owned();
    let (_, _, body) = get(&app, &format!("/gradio_api/call/variations/{event}")).await;
    let data = json(body.lines().nth(1).unwrap().trim_start_matches("data: "));
    let items = data[0].as_array().unwrap();
    let captions: Vec<&str> = items
        .iter()
        .map(|i| i["caption"].as_str().unwrap())
        .collect();
    assert_eq!(captions, ["Mirrored", "Upside down", "Grey"]);
    let cache = dir.path().join("cache").canonicalize().unwrap();
    for item in items {
        let path = item["image"]["path"].as_str().unwrap();
        assert!(Path::new(path).starts_with(&cache), "{path}");
        assert_eq!(item["image"]["mime_type"], "image/png");
        let res = fetch(
            &app,
            Request::get(file_uri(path)).body(Body::empty()).unwrap(),
        )
        .await;
        assert_eq!(res.headers()["content-type"], "image/png");
    }
}

/// The data of a REST call's `complete` event.
fn complete_data(events: &str) -> serde_json::Value {
    let data = events
        .split("event: complete\ndata: ")
        .nth(1)
        .and_then(|rest| rest.lines().next())
        .unwrap_or_else(|| panic!("no complete event: {events}"));
    serde_json::from_str(data).unwrap()
}

/// Runs `/chat` through the REST API; gives the final data, or the error's text.
async fn call_chat(app: &Router, data: serde_json::Value) -> (StatusCode, String) {
    let (status, body) = post(
        app,
        "/gradio_api/call/chat",
        json!({ "data": data }).to_string(),
    )
    .await;
    if status != StatusCode::OK {
        return (status, body);
    }
    let event = json(&body)["event_id"].as_str().unwrap().to_owned();
    let (_, _, events) = get(app, &format!("/gradio_api/call/chat/{event}")).await;
    (status, events)
}

#[tokio::test]
async fn a_multimodal_chat_gets_uploaded_files_and_refuses_other_paths() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(ferrio_demo::multimodal_chat::app().cache_dir(dir.path().join("cache")));
    let (_, _, info) = get(&app, "/gradio_api/info").await;
    let chat = &json(&info)["named_endpoints"]["/chat"];
    assert_eq!(
        chat["parameters"][0]["python_type"]["type"],
        "Dict(text: str, files: List[filepath])"
    );
    assert_eq!(chat["parameters"][0]["component"], "MultimodalTextbox");

    let mut png = std::io::Cursor::new(Vec::new());
    image::RgbImage::new(4, 3)
        .write_to(&mut png, image::ImageFormat::Png)
        .unwrap();
    let stored = upload_ok(&app, "dot.png", png.get_ref()).await;
    let message = json!({"text": "what is it?", "files": [
        {"path": stored, "orig_name": "dot.png", "meta": {"_type": "gradio.FileData"}}
    ]});
    let (status, events) = call_chat(&app, json!([message])).await;
    assert_eq!(status, StatusCode::OK);
    // The reply's messages, as the function gave them: the description, then the picture
    // mirrored in an Image, its file in the server's cache and served.
    let reply = complete_data(&events)[0].clone();
    assert_eq!(
        reply[0]["content"][0]["text"],
        "dot.png: a picture, 4×3 pixels\nYou said: what is it?\n(files sent before: 0)"
    );
    let shown = &reply[1]["content"][0];
    assert_eq!(shown["component"], "image");
    assert_eq!(shown["props"]["label"], "dot.png mirrored");
    let served = shown["value"]["path"].as_str().unwrap();
    let canonical = dir.path().join("cache").canonicalize().unwrap();
    assert!(Path::new(served).starts_with(&canonical), "{served}");
    let res = fetch(
        &app,
        Request::get(file_uri(served)).body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "image/webp");

    // A path the server never handed out is refused before the function runs.
    let secret = dir.path().join("secret.png");
    std::fs::write(&secret, png.get_ref()).unwrap();
    let message =
        json!({"text": "", "files": [{"path": secret, "meta": {"_type": "gradio.FileData"}}]});
    let (status, body) = call_chat(&app, json!([message])).await;
    assert!(status.is_client_error(), "{status}: {body}");
    assert!(body.contains("not allowed"), "{body}");
}

#[tokio::test]
async fn a_conversation_with_an_outside_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(ferrio_demo::kitchen_sink::app().cache_dir(dir.path().join("cache")));
    let (_, _, body) = get(&app, "/config").await;
    let config = json(&body);
    let respond = config["dependencies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["api_name"] == "respond")
        .unwrap()["id"]
        .as_u64()
        .unwrap();
    let history = json!([{"role": "user", "content": {"file": {"path": "/etc/passwd"}}}]);
    let body = json!({
        "data": ["hi", history], "fn_index": respond, "session_hash": "s",
        "event_data": null, "trigger_id": null,
    });
    let (status, body) = post(&app, "/gradio_api/queue/join", body.to_string()).await;
    assert!(status.is_client_error(), "{status}: {body}");
    assert!(body.contains("not allowed"), "{body}");
}

/// A chatbot whose reply holds a picture in an Image component (Gradio's component message).
fn picture_chat(picture: PathBuf) -> ferrio::prelude::Blocks {
    use ferrio::prelude::*;
    Blocks::new(move |b| {
        let chat = b.add(Chatbot::new());
        let picture = picture.clone();
        b.button("Draw").click(
            move |mut history: Vec<ChatMessage>| -> Result<Vec<ChatMessage>, String> {
                let shown = ComponentMessage::new(
                    &Image::new().label("Your picture"),
                    Some(picture.clone()),
                )
                .map_err(|e| e.to_string())?;
                history.push(ChatMessage::assistant(shown));
                Ok(history)
            },
            chat,
            chat,
        );
    })
}

#[tokio::test]
async fn a_component_in_a_chat_message_has_its_files_served_and_checked() {
    let dir = tempfile::tempdir().unwrap();
    let picture = dir.path().join("made.png");
    std::fs::write(&picture, png(2, 2)).unwrap();
    let app = app(picture_chat(picture.clone()).cache_dir(dir.path().join("cache")));
    join(&app, 0, json!([[]]), "c1").await;
    let messages = read_stream(&app, "c1").await;
    let done = messages
        .iter()
        .find(|m| m["msg"] == "process_completed")
        .unwrap();
    assert_eq!(done["success"], true, "{done}");
    let content = &done["output"]["data"][0][0]["content"][0];
    assert_eq!(content["type"], "component", "{content}");
    assert_eq!(content["component"], "image", "{content}");
    assert_eq!(content["props"]["label"], "Your picture");
    let served = content["value"]["path"].as_str().unwrap();
    let cache = dir.path().join("cache").canonicalize().unwrap();
    assert!(Path::new(served).starts_with(&cache), "{content}");
    assert!(content["value"]["url"]
        .as_str()
        .unwrap()
        .starts_with("/gradio_api/file="));
    let req = Request::get(file_uri(served)).body(Body::empty()).unwrap();
    let res = fetch(&app, req).await;
    assert_eq!(res.status(), StatusCode::OK);
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(bytes.as_ref(), png(2, 2).as_slice());

    // The history comes back as it went out, and is accepted...
    let history = done["output"]["data"][0].clone();
    join(&app, 0, json!([history]), "c2").await;
    let messages = read_stream(&app, "c2").await;
    assert!(messages
        .iter()
        .any(|m| m["msg"] == "process_completed" && m["success"] == true));
    // ...but a component message pointing at a file outside the rule is refused.
    let forged = json!([[{"role": "assistant", "content": {"component": "image",
        "value": {"path": "/etc/passwd", "meta": {"_type": "gradio.FileData"}},
        "constructor_args": {}, "props": {}}}]]);
    let body = json!({"data": forged, "fn_index": 0, "session_hash": "c3"});
    let (status, body) = post(&app, "/gradio_api/queue/join", body.to_string()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(json(&body)["detail"][0]["is_valid"], false, "{body}");
}

/// Plain JSON (Gradio's default): a FileData shape a function builds from a visitor's text is
/// just JSON, never a file the server copies and serves.
#[tokio::test]
async fn plain_json_never_serves_the_files_it_names() {
    use ferrio::prelude::*;
    let dir = tempfile::tempdir().unwrap();
    let app = app(Blocks::new(|b| {
        let text = b.add(Textbox::new());
        let parsed = b.add(Json::new());
        b.button("Format").click(
            |text: String| {
                serde_json::from_str::<serde_json::Value>(&text).map_err(|e| e.to_string())
            },
            text,
            parsed,
        );
    })
    .cache_dir(dir.path().join("cache")));
    let asks = json!({"path": "Cargo.toml", "meta": {"_type": "gradio.FileData"}});
    join(&app, 0, json!([asks.to_string()]), "p1").await;
    let messages = read_stream(&app, "p1").await;
    let done = messages
        .iter()
        .find(|m| m["msg"] == "process_completed")
        .unwrap();
    assert_eq!(done["success"], true, "{done}");
    assert_eq!(done["output"]["data"][0], asks, "{done}");
    // Given back as it was: no copy, no URL to fetch it by.
    assert!(done["output"]["data"][0].get("url").is_none(), "{done}");
}

/// JSON that holds files (Gradio's FileData shape, anywhere inside): served on the way out,
/// checked on the way in.
#[tokio::test]
async fn files_inside_json_are_served_and_checked() {
    use ferrio::prelude::*;
    let dir = tempfile::tempdir().unwrap();
    let picture = dir.path().join("chart.png");
    std::fs::write(&picture, png(3, 1)).unwrap();
    let made = picture.clone();
    let app = app(Blocks::new(move |b| {
        let question = b.add(Json::new().serve_files(true));
        let report = b.add(Json::new().serve_files(true));
        let made = made.clone();
        b.button("Report").click(
            move |question: serde_json::Value| {
                json!({"asked": question, "chart": {"path": made,
                        "meta": {"_type": "gradio.FileData"}}})
            },
            question,
            report,
        );
    })
    .cache_dir(dir.path().join("cache")));
    join(&app, 0, json!([{"q": 1}]), "j1").await;
    let messages = read_stream(&app, "j1").await;
    let done = messages
        .iter()
        .find(|m| m["msg"] == "process_completed")
        .unwrap();
    let report = &done["output"]["data"][0];
    assert_eq!(report["asked"], json!({"q": 1}), "{done}");
    let served = report["chart"]["path"].as_str().unwrap();
    let cache = dir.path().join("cache").canonicalize().unwrap();
    assert!(Path::new(served).starts_with(&cache), "{report}");
    let res = fetch(
        &app,
        Request::get(file_uri(served)).body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(bytes.as_ref(), png(3, 1).as_slice());

    // A file the server never handed out, or one that isn't shaped like a file: a clear 422.
    for (forged, says) in [
        (
            json!({"x": {"path": "/etc/passwd", "meta": {"_type": "gradio.FileData"}}}),
            "not allowed",
        ),
        (
            json!({"x": {"meta": {"_type": "gradio.FileData"}}}),
            "malformed file",
        ),
    ] {
        let body = json!({"data": [forged], "fn_index": 0, "session_hash": "j2"});
        let (status, body) = post(&app, "/gradio_api/queue/join", body.to_string()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(body.contains(says), "{body}");
    }
}

/// Files components show at first (values, a chatbot's avatars) are copied into the cache when
/// the app starts; the config points at the copies, which are served. One the server may not hand out leaves its
/// component empty (the app still starts).
#[tokio::test]
async fn initial_values_files_are_published_when_the_app_starts() {
    use ferrio::prelude::*;
    let dir = tempfile::tempdir().unwrap();
    let assets = dir.path().join("assets");
    std::fs::create_dir(&assets).unwrap();
    std::fs::write(assets.join("cat.png"), b"not really a png").unwrap();
    std::fs::write(assets.join("song.wav"), b"RIFF").unwrap();
    let (cat, song) = (assets.join("cat.png"), assets.join("song.wav"));
    let app = app(Blocks::new(move |b| {
        b.add(Image::new().label("Cat").value(&cat));
        b.add(Audio::new().label("Song").value(&song));
        b.add(
            Gallery::new()
                .label("Album")
                .value([(&cat, Some("a cat".to_owned()))]),
        );
        b.add(File::new().multiple().label("Both").value([&cat, &song]));
        b.add(Image::new().label("Secret").value("/etc/passwd"));
        b.add(Textbox::new().label("Plain").value("no files here"));
        // One avatar refused: the other stays.
        b.add(
            Chatbot::new()
                .label("Chat")
                .user_avatar("/etc/passwd")
                .assistant_avatar(&cat),
        );
        // A gallery can't show a picture that isn't there: it starts empty.
        b.add(
            Gallery::new()
                .label("Half")
                .value([(cat.clone(), None), (assets.join("gone.png"), None)]),
        );
    })
    .cache_dir(dir.path().join("cache")));
    let (_, _, body) = get(&app, "/config").await;
    let config = json(&body);
    let value = |label: &str| {
        config["components"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["props"]["label"] == label)
            .unwrap()["props"]["value"]
            .clone()
    };
    let cached = dir.path().join("cache").canonicalize().unwrap();
    let chat = config["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["props"]["label"] == "Chat")
        .unwrap()["props"]
        .clone();
    assert_eq!(chat["avatar_images"][0], serde_json::Value::Null);
    for file in [
        chat["avatar_images"][1].clone(),
        value("Cat"),
        value("Song"),
        value("Album")[0]["image"].clone(),
        value("Both")[0].clone(),
        value("Both")[1].clone(),
    ] {
        let path = file["path"].as_str().unwrap();
        assert!(Path::new(path).starts_with(&cached), "{file}");
        let (status, _, served) = get(&app, &file_uri(path)).await;
        assert_eq!(status, StatusCode::OK, "{file}");
        assert!(served == "not really a png" || served == "RIFF", "{served}");
        assert!(file["url"].as_str().unwrap().ends_with(path), "{file}");
    }
    assert_eq!(value("Cat")["orig_name"], "cat.png");
    assert_eq!(value("Album")[0]["caption"], "a cat");
    assert_eq!(value("Secret"), serde_json::Value::Null);
    assert_eq!(value("Half"), serde_json::json!([]));
    assert_eq!(value("Plain"), "no files here");
}
