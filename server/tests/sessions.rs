//! Sessions and their pages: the heartbeat stream tells the server a page is open, its State
//! outlives idle time while it is, and `unload` listeners run when it goes for good.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crate::common::*;
use axum::body::Body;
use axum::http::Request;
use ferrio::prelude::*;
use http_body_util::BodyExt;
use serde_json::json;
use tower::ServiceExt;

/// A page's heartbeat stream, read in the background (as a browser does) until dropped.
struct Page(tokio::task::JoinHandle<()>);

impl Page {
    async fn open(app: &axum::Router, session: &str) -> Page {
        let req = Request::get(format!("/gradio_api/heartbeat/{session}"))
            .body(Body::empty())
            .unwrap();
        let res = app.clone().oneshot(req).await.unwrap();
        assert_eq!(res.status(), 200);
        let mut body = res.into_body();
        Page(tokio::spawn(async move {
            while let Some(Ok(_)) = body.frame().await {}
        }))
    }

    /// The tab closes: its stream goes.
    async fn close(self) {
        self.0.abort();
        let _ = self.0.await;
    }
}

fn counting(unloads: Arc<AtomicUsize>) -> Blocks {
    Blocks::new(move |b| {
        let visits = b.add(State::new(0.0));
        let shown = b.add(Number::new());
        b.button("Visit")
            .click(|n: f64| (n + 1.0, n + 1.0), visits, (visits, shown))
            .api_name("visit");
        // Each page's unload gets its session: here, only the "tab" page's count.
        b.unload(move |session: SessionHash| {
            if session.as_str() == "tab" {
                unloads.fetch_add(1, Ordering::SeqCst);
            }
        });
    })
}

async fn visit(app: &axum::Router, session: &str) -> serde_json::Value {
    join(app, 0, json!([null]), session).await;
    let done = read_stream(app, session).await;
    done.iter()
        .find(|m| m["msg"] == "process_completed")
        .expect("completed")["output"]["data"][1]
        .clone()
}

#[tokio::test]
async fn unload_is_the_sessions_and_asks_pages_for_a_heartbeat() {
    let app = app(counting(Arc::default()));
    let (_, _, body) = get(&app, "/config").await;
    let config = json(&body);
    assert_eq!(config["connect_heartbeat"], true);
    let unload = &config["dependencies"][1];
    assert_eq!(unload["targets"], json!([[null, "unload"]]));
    assert_eq!(unload["api_visibility"], "private");
    assert_eq!(unload["api_name"], json!(null));
    let (_, _, info) = get(&app, "/gradio_api/info").await;
    assert_eq!(
        json(&info)["named_endpoints"]
            .as_object()
            .unwrap()
            .keys()
            .collect::<Vec<_>>(),
        ["/visit"]
    );
    // Nothing to free and nothing to run: no heartbeat asked for.
    let plain = ferrio_demo::reference::app();
    assert!(!plain.connects_heartbeat());
}

#[tokio::test]
async fn unload_runs_once_when_a_page_is_gone_for_good() {
    let unloads = Arc::new(AtomicUsize::new(0));
    let app = app(counting(unloads.clone()).unload_grace(Duration::from_millis(100)));
    let page = Page::open(&app, "tab").await;
    // A second stream of the same page (a reconnect racing the old one) holds it too.
    let again = Page::open(&app, "tab").await;
    page.close().await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        unloads.load(Ordering::SeqCst),
        0,
        "one stream is still open"
    );
    again.close().await;
    // A network blip: the browser reconnects within the grace, so the page isn't gone.
    let back = Page::open(&app, "tab").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(unloads.load(Ordering::SeqCst), 0, "reconnected in time");
    back.close().await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(unloads.load(Ordering::SeqCst), 1);
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(unloads.load(Ordering::SeqCst), 1, "once per page");
}

#[tokio::test]
async fn an_open_page_keeps_its_state_past_the_idle_time_and_a_closed_one_loses_it() {
    let blocks = counting(Arc::default()).state_ttl(Duration::from_millis(400));
    let app = app_with_heartbeat(blocks, Duration::from_millis(50));
    assert_eq!(visit(&app, "open").await, json!(1.0));
    let page = Page::open(&app, "open").await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    // Twice the idle time passed, but the page's heartbeats kept its State.
    assert_eq!(visit(&app, "open").await, json!(2.0));
    page.close().await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(
        visit(&app, "open").await,
        json!(1.0),
        "forgotten after the page went"
    );
    // Without a page, State lasts its idle time from the last use.
    assert_eq!(visit(&app, "idle").await, json!(1.0));
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(visit(&app, "idle").await, json!(2.0));
}
