//! URL inputs through the router: fetched into the cache from allowed hosts only, every hop
//! checked, size-limited; a refusal names the input and never reaches the address.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use crate::common::*;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get as route_get;
use axum::Router;
use serde_json::{json, Value};

/// A stand-in for a remote web server, on loopback: counts the requests it serves.
async fn remote_server() -> (u16, Arc<AtomicUsize>) {
    let hits = Arc::new(AtomicUsize::new(0));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let counted = hits.clone();
    let app = Router::new()
        .route("/data.bin", route_get(|| async { vec![7u8; 3000] }))
        .route("/big.bin", route_get(|| async { vec![1u8; 50_000] }))
        .route(
            "/missing",
            route_get(|| async { StatusCode::NOT_FOUND.into_response() }),
        )
        .route(
            "/to-literal",
            route_get(move || async move {
                (
                    StatusCode::FOUND,
                    [(
                        header::LOCATION,
                        format!("http://127.0.0.1:{port}/data.bin"),
                    )],
                )
            }),
        )
        .route(
            "/to-name",
            route_get(move || async move {
                (
                    StatusCode::FOUND,
                    [(
                        header::LOCATION,
                        format!("http://localhost:{port}/data.bin"),
                    )],
                )
            }),
        )
        .layer(axum::middleware::from_fn(
            move |req: axum::extract::Request, next: axum::middleware::Next| {
                counted.fetch_add(1, Ordering::SeqCst);
                next.run(req)
            },
        ));
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (port, hits)
}

/// What gradio_client's `handle_file(url)` sends.
fn url_file(url: &str) -> Value {
    json!({
        "path": url,
        "orig_name": url.rsplit('/').next().unwrap(),
        "url": url,
        "meta": {"_type": "gradio.FileData"}
    })
}

/// `filesize` (fn_index 4) on a URL input: the file's size, or the refusal's detail.
async fn filesize(app: &Router, url: &str, session: &str) -> Result<f64, String> {
    let body = json!({"data": [url_file(url)], "fn_index": 4, "session_hash": session});
    let (status, body) = post(app, "/gradio_api/queue/join", body.to_string()).await;
    if status != StatusCode::OK {
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let detail = &json(&body)["detail"][0];
        assert_eq!(detail["parameter_name"], "file", "{body}");
        return Err(detail["message"].as_str().unwrap().to_owned());
    }
    let messages = read_stream(app, session).await;
    let done = messages
        .iter()
        .find(|m| m["msg"] == "process_completed")
        .unwrap();
    Ok(done["output"]["data"][0].as_f64().unwrap())
}

#[tokio::test]
async fn loopback_urls_are_refused_without_a_request() {
    let (port, hits) = remote_server().await;
    let dir = tempfile::tempdir().unwrap();
    let app = app_in(dir.path(), |b| b);
    for url in [
        format!("http://127.0.0.1:{port}/data.bin"),
        format!("http://localhost:{port}/data.bin"),
        format!("http://[::ffff:127.0.0.1]:{port}/data.bin"),
        format!("http://2130706433:{port}/data.bin"),
    ] {
        let err = filesize(&app, &url, "s").await.unwrap_err();
        assert!(err.contains("not a public address"), "{url}: {err}");
    }
    assert_eq!(hits.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn a_trusted_host_is_fetched_into_the_cache() {
    let (port, hits) = remote_server().await;
    let dir = tempfile::tempdir().unwrap();
    let app = app_in(dir.path(), |b| b.trusted_hosts(["localhost"]));
    let url = format!("http://localhost:{port}/data.bin");
    assert_eq!(filesize(&app, &url, "s1").await, Ok(3000.0));
    assert_eq!(hits.load(Ordering::SeqCst), 1);
    // Stored content-addressed under the URL's file name, like an upload.
    let stored: Vec<_> = walk(&dir.path().join("cache"))
        .into_iter()
        .filter(|p| p.ends_with("data.bin"))
        .collect();
    assert_eq!(stored.len(), 1, "{stored:?}");

    // A redirect is checked again: to an untrusted literal address it is refused before the
    // second request; to the trusted name it is followed.
    let err = filesize(&app, &format!("http://localhost:{port}/to-literal"), "s2")
        .await
        .unwrap_err();
    assert!(err.contains("not a public address"), "{err}");
    assert_eq!(hits.load(Ordering::SeqCst), 2);
    assert_eq!(
        filesize(&app, &format!("http://localhost:{port}/to-name"), "s3").await,
        Ok(3000.0)
    );

    let err = filesize(&app, &format!("http://localhost:{port}/missing"), "s4")
        .await
        .unwrap_err();
    assert!(err.contains("answered 404"), "{err}");
}

#[tokio::test]
async fn fetched_files_obey_the_size_limit_and_the_switch() {
    let (port, _) = remote_server().await;
    let dir = tempfile::tempdir().unwrap();
    let app = app_in(dir.path(), |b| {
        b.trusted_hosts(["localhost"]).max_file_size(10_000)
    });
    let err = filesize(&app, &format!("http://localhost:{port}/big.bin"), "s1")
        .await
        .unwrap_err();
    assert!(
        err.contains("larger than the maximum of 10000 bytes"),
        "{err}"
    );
    assert_eq!(
        filesize(&app, &format!("http://localhost:{port}/data.bin"), "s2").await,
        Ok(3000.0)
    );

    let off = app_in(dir.path(), |b| {
        b.trusted_hosts(["localhost"]).fetch_urls(false)
    });
    let err = filesize(&off, &format!("http://localhost:{port}/data.bin"), "s3")
        .await
        .unwrap_err();
    assert!(err.contains("turned off"), "{err}");
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(walk(&path));
        } else {
            found.push(path);
        }
    }
    found
}

#[tokio::test]
async fn a_fetch_the_disk_cannot_hold_is_a_507_not_the_inputs_fault() {
    let (port, _) = remote_server().await;
    let dir = tempfile::tempdir().unwrap();
    let app = app_in(dir.path(), |b| b.trusted_hosts(["localhost"]));
    // Where half-written files go is a file: every write there fails, as on a full disk.
    let incoming = dir.path().join("cache/.incoming");
    let _ = std::fs::remove_dir_all(&incoming);
    std::fs::create_dir_all(dir.path().join("cache")).unwrap();
    std::fs::write(&incoming, b"in the way").unwrap();
    let url = format!("http://localhost:{port}/data.bin");
    let body = json!({"data": [url_file(&url)], "fn_index": 4, "session_hash": "d"});
    let (status, body) = post(&app, "/gradio_api/queue/join", body.to_string()).await;
    assert_eq!(status, StatusCode::INSUFFICIENT_STORAGE, "{body}");
    assert!(json(&body)["detail"]
        .as_str()
        .unwrap()
        .starts_with("the server could not store the file"));
    std::fs::remove_file(&incoming).unwrap();
    assert_eq!(filesize(&app, &url, "d2").await, Ok(3000.0));
}
