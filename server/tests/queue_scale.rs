//! What the queue costs as the line grows, counted rather than timed: these fail on an O(n²)
//! regression on any machine. Time is tokio's paused clock, so runs take no wall time and the
//! counts don't depend on the machine's speed.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crate::common::*;
use ferrio::prelude::*;
use ferrio::queue::LocalQueue;
use serde_json::{json, Value};

/// An echo that takes `run` (on the paused clock), one at a time, with a queue whose unread
/// results are kept `keep`.
fn echo(run: Duration, keep: Duration) -> (axum::Router, Arc<LocalQueue>) {
    let blocks = Blocks::new(move |b| {
        let t = b.add(Textbox::new());
        let f = move |s: String| async move {
            // "slow" holds the line for a while; the rest take `run`.
            let took = if s == "slow" {
                Duration::from_secs(5)
            } else {
                run
            };
            tokio::time::sleep(took).await;
            s
        };
        b.button("Echo").click(f, t, t).api_name("echo");
    });
    let queue = Arc::new(
        LocalQueue::with_expiry(blocks.concurrency_limits(), keep)
            .with_pools(blocks.concurrency_pools()),
    );
    let state = ferrio::routes::AppState::with_queue(
        blocks,
        options(),
        queue.clone(),
        Duration::from_secs(15),
    );
    (ferrio::routes::router(state), queue)
}

/// Joins `n` events at once, each from its own session, and reads every stream to its end:
/// all the messages the queue sent (heartbeats aside).
async fn join_at_once(app: &axum::Router, n: usize) -> Vec<Vec<Value>> {
    for i in 0..n {
        join(app, 0, json!([format!("e{i}")]), &format!("s{i}")).await;
    }
    let mut streams = Vec::with_capacity(n);
    for i in 0..n {
        let messages = read_stream(app, &format!("s{i}")).await;
        streams.push(
            messages
                .into_iter()
                .filter(|m| m["msg"] != "heartbeat")
                .collect(),
        );
    }
    streams
}

async fn messages_for_events_joined_at_once(n: usize) {
    let (app, queue) = echo(Duration::from_millis(1), Duration::from_secs(60));
    let streams = join_at_once(&app, n).await;
    for (i, messages) in streams.iter().enumerate() {
        let done = completion(messages);
        assert_eq!(done["output"]["data"], json!([format!("e{i}")]));
    }
    // Each event: estimation, process_starts, process_completed, close_stream, and its place
    // again at most once a second while it waits (the line drains in n ms here). Re-sending
    // places to everyone behind each start would be n²/2 estimations.
    let total: usize = streams.iter().map(Vec::len).sum();
    let estimations = streams
        .iter()
        .flatten()
        .filter(|m| m["msg"] == "estimation")
        .count();
    assert!(total <= 6 * n, "{n} events cost {total} messages");
    assert!(
        estimations <= 3 * n,
        "{n} events: {estimations} estimations"
    );
    // Read to the end, every session is forgotten: nothing is held per finished session.
    assert_eq!(queue.session_count(), 0);
    assert_eq!(queue.events_held(), 0);
}

#[tokio::test(start_paused = true)]
async fn sixty_four_events_joined_at_once_cost_a_constant_number_of_messages_each() {
    messages_for_events_joined_at_once(64).await;
}

#[tokio::test(start_paused = true)]
async fn a_thousand_events_joined_at_once_cost_a_constant_number_of_messages_each() {
    messages_for_events_joined_at_once(1000).await;
}

#[tokio::test(start_paused = true)]
async fn a_waiting_event_hears_its_place_move_at_most_once_a_second() {
    let (app, _) = echo(Duration::from_millis(10), Duration::from_secs(60));
    // A slow event holds the line for 5 s; three join behind it.
    join(&app, 0, json!(["slow"]), "a").await;
    tokio::task::yield_now().await;
    for s in ["b", "c", "d"] {
        join(&app, 0, json!([s]), s).await;
    }
    let d = read_stream(&app, "d").await;
    let places: Vec<(u64, u64)> = d
        .iter()
        .take_while(|m| m["msg"] != "process_starts")
        .filter(|m| m["msg"] == "estimation")
        .map(|m| {
            (
                m["rank"].as_u64().unwrap(),
                m["queue_size"].as_u64().unwrap(),
            )
        })
        .collect();
    // It joined third in line; when the slow one finished, it heard that it moved up. The
    // two quick starts after that fell within one second: one update, or none once it ran.
    assert_eq!(places.first(), Some(&(2, 3)), "{d:?}");
    assert!(places.len() >= 2, "{places:?}");
    assert!(places.len() <= 3, "{places:?}");
    assert!(
        places.windows(2).all(|w| w[1].0 < w[0].0),
        "each update is news: {places:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn results_of_many_unread_sessions_are_all_forgotten_after_the_keep_time() {
    let (app, queue) = echo(Duration::from_millis(1), Duration::from_secs(10));
    for i in 0..200 {
        join(&app, 0, json!(["x"]), &format!("u{i}")).await;
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(queue.session_count(), 200);
    assert_eq!(queue.events_held(), 0, "all ran");
    tokio::time::sleep(Duration::from_secs(20)).await;
    assert_eq!(queue.session_count(), 0);
}

/// An app whose stream yields once a second for 100 s, counting the runs that began, with its
/// abandoned work given up after 10 s.
fn streams(started: Arc<AtomicUsize>) -> axum::Router {
    let blocks = Blocks::new(move |b| {
        let t = b.add(Textbox::new());
        let count = move |_: String| {
            started.fetch_add(1, Ordering::SeqCst);
            futures_util::stream::unfold(0, |n| async move {
                tokio::time::sleep(Duration::from_secs(1)).await;
                (n < 100).then(|| (format!("{n}"), n + 1))
            })
        };
        b.button("Count").click(count, t, t).api_name("count");
    });
    app(blocks
        .cancel_abandoned_streams(Some(Duration::from_secs(10)))
        .drop_abandoned_events(Some(Duration::from_secs(10))))
}

/// Opens the session's stream, reads its first message, and goes away (a closed tab).
async fn glance(app: &axum::Router, session: &str) {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let req = axum::http::Request::get(format!("/gradio_api/queue/data?session_hash={session}"))
        .body(axum::body::Body::empty())
        .unwrap();
    let res = app.clone().oneshot(req).await.unwrap();
    let mut body = res.into_body();
    assert!(body.frame().await.is_some());
}

#[tokio::test(start_paused = true)]
async fn work_nobody_waits_for_is_given_up_after_the_grace() {
    let started = Arc::new(AtomicUsize::new(0));
    let app = streams(started.clone());
    // 200 people start a stream and close their tabs at once.
    for i in 0..200 {
        let session = format!("gone{i}");
        join(&app, 0, json!(["x"]), &session).await;
        glance(&app, &session).await;
    }
    // One more, who stays: behind them, it waits out the grace and its own run, not 200 runs.
    let begun = tokio::time::Instant::now();
    join(&app, 0, json!(["x"]), "stays").await;
    let messages = read_stream(&app, "stays").await;
    let done = completion(&messages);
    assert_eq!(done["success"], true, "{messages:?}");
    let waited = begun.elapsed();
    assert!(waited < Duration::from_secs(115), "{waited:?}");
    // The first stream began and was cancelled; the other 199 never ran.
    assert_eq!(started.load(Ordering::SeqCst), 2);
    // A client that comes back reads what happened to its events.
    let first = read_stream(&app, "gone0").await;
    let end = completion(&first);
    assert_eq!(end["success"], false);
    let later = read_stream(&app, "gone7").await;
    let end = completion(&later);
    assert_eq!(end["success"], false);
    assert!(
        end["output"]["error"].as_str().unwrap().contains("dropped"),
        "{end}"
    );
}

#[tokio::test(start_paused = true)]
async fn a_reader_back_within_the_grace_keeps_its_stream() {
    let started = Arc::new(AtomicUsize::new(0));
    let app = streams(started.clone());
    join(&app, 0, json!(["x"]), "blip").await;
    glance(&app, "blip").await;
    // A network blip: back after 5 s, it reads the stream to its end.
    tokio::time::sleep(Duration::from_secs(5)).await;
    let messages = read_stream(&app, "blip").await;
    let done = completion(&messages);
    assert_eq!(done["success"], true, "{messages:?}");
    assert_eq!(done["output"]["data"], json!(["99"]));
}

/// An app whose one event sleeps for as many seconds as it is given, and its state.
fn sleeper() -> (axum::Router, ferrio::routes::AppState) {
    let blocks = Blocks::new(|b| {
        let n = b.add(Number::new());
        let nap = |secs: f64| async move {
            tokio::time::sleep(Duration::from_secs_f64(secs)).await;
            secs
        };
        b.button("Nap").click(nap, n, n).api_name("nap");
    });
    let state = ferrio::routes::AppState::new(blocks, options());
    (ferrio::routes::router(state.clone()), state)
}

fn completion(messages: &[Value]) -> &Value {
    messages
        .iter()
        .find(|m| m["msg"] == "process_completed")
        .unwrap_or_else(|| panic!("no completion in {messages:?}"))
}

#[tokio::test(start_paused = true)]
async fn shutting_down_finishes_what_runs_and_says_why_the_rest_did_not() {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let (app, state) = sleeper();
    join(&app, 0, json!([5]), "running").await;
    tokio::task::yield_now().await;
    join(&app, 0, json!([5]), "waiting").await;
    // An open page's heartbeat stream.
    let req = axum::http::Request::get("/gradio_api/heartbeat/page")
        .body(axum::body::Body::empty())
        .unwrap();
    let mut page = app.clone().oneshot(req).await.unwrap().into_body();
    let page = tokio::spawn(async move { while let Some(Ok(_)) = page.frame().await {} });

    let begun = tokio::time::Instant::now();
    let stop = tokio::spawn({
        let state = state.clone();
        async move { state.shutdown(Duration::from_secs(20)).await }
    });
    tokio::task::yield_now().await;
    // Nothing new is taken.
    let body = json!({"data": [1], "fn_index": 0, "session_hash": "late", "event_data": null});
    let (status, body) = post(&app, "/gradio_api/queue/join", body.to_string()).await;
    assert_detail(
        status,
        &body,
        axum::http::StatusCode::SERVICE_UNAVAILABLE,
        "shutting down",
    )
    .await;
    // What waited is told why it won't run; what ran finishes.
    let waiting = read_stream(&app, "waiting").await;
    let end = completion(&waiting);
    assert_eq!(end["success"], false);
    assert!(
        end["output"]["error"]
            .as_str()
            .unwrap()
            .contains("shutting down"),
        "{end}"
    );
    let running = read_stream(&app, "running").await;
    assert_eq!(completion(&running)["output"]["data"], json!([5.0]));
    stop.await.unwrap();
    assert!(
        begun.elapsed() <= Duration::from_secs(6),
        "{:?}",
        begun.elapsed()
    );
    // The page's stream ended, so a graceful stop of the server can finish.
    tokio::time::timeout(Duration::from_secs(1), page)
        .await
        .expect("the heartbeat stream ends")
        .unwrap();
}

#[tokio::test(start_paused = true)]
async fn a_run_past_the_shutdown_grace_fails_saying_so() {
    let (app, state) = sleeper();
    join(&app, 0, json!([600]), "long").await;
    tokio::task::yield_now().await;
    let begun = tokio::time::Instant::now();
    state.shutdown(Duration::from_secs(2)).await;
    assert!(
        begun.elapsed() < Duration::from_secs(4),
        "{:?}",
        begun.elapsed()
    );
    let end = completion(&read_stream(&app, "long").await).clone();
    assert_eq!(end["success"], false);
    assert!(
        end["output"]["error"]
            .as_str()
            .unwrap()
            .contains("shut down"),
        "{end}"
    );
}

#[tokio::test(start_paused = true)]
async fn a_page_idle_past_the_grace_still_runs_its_next_event() {
    let started = Arc::new(AtomicUsize::new(0));
    let app = streams(started.clone());
    // Its stream closes after each event; the person comes back a minute later.
    join(&app, 0, json!(["x"]), "page").await;
    read_stream(&app, "page").await;
    tokio::time::sleep(Duration::from_secs(60)).await;
    join(&app, 0, json!(["x"]), "page").await;
    let messages = read_stream(&app, "page").await;
    let done = completion(&messages);
    assert_eq!(done["success"], true, "{messages:?}");
    assert_eq!(started.load(Ordering::SeqCst), 2);
}

/// What one echo event costs the server in allocations, through the router: the join and its
/// stream, read to the end. A counted guard for the hot path: a layer that builds a large body
/// for every answer (compression's, 5.8 KB), a channel block per session, or a body parsed
/// twice shows here on any machine.
#[tokio::test(flavor = "current_thread")]
async fn an_echo_event_costs_a_bounded_number_of_allocations() {
    use axum::body::{Body, Bytes};
    use axum::http::Request;
    use http_body_util::BodyExt;
    use tower::ServiceExt;

    let app = reference();
    let echo = |i: usize| {
        let session = format!("cost{i}");
        let join = Bytes::from(
            json!({"data": ["hi"], "fn_index": 0, "session_hash": session}).to_string(),
        );
        (
            join,
            format!("/gradio_api/queue/data?session_hash={session}"),
        )
    };
    let run = |(join, data): (Bytes, String)| {
        let app = app.clone();
        async move {
            let req = Request::post("/gradio_api/queue/join")
                .header("content-type", "application/json")
                .body(Body::from(join))
                .unwrap();
            let res = app.clone().oneshot(req).await.unwrap();
            assert_eq!(res.status(), axum::http::StatusCode::OK);
            res.into_body().collect().await.unwrap();
            let req = Request::get(data).body(Body::empty()).unwrap();
            let res = app.oneshot(req).await.unwrap();
            res.into_body().collect().await.unwrap().to_bytes()
        }
    };
    // Warmed up: the function has proven quick and runs inline, on this thread.
    for i in 0..64 {
        run(echo(i)).await;
    }
    const EVENTS: u64 = 200;
    let requests: Vec<_> = (0..EVENTS as usize).map(|i| echo(1000 + i)).collect();
    let (n0, bytes0) = crate::counting::allocated();
    for request in requests {
        let body = run(request).await;
        let body = String::from_utf8(body.to_vec()).unwrap();
        assert!(body.contains("process_completed"), "{body}");
    }
    let (n1, bytes1) = crate::counting::allocated();
    let (per_event, bytes_per_event) = ((n1 - n0) / EVENTS, (bytes1 - bytes0) / EVENTS);
    eprintln!("one echo event: {per_event} allocations, {bytes_per_event} bytes");
    // Measured: 89 allocations, 12.4 KB. The join behind the compression layer again costs
    // 7.3 KB more; a tokio channel per session instead of the mailbox, 7.4 KB.
    assert!(per_event <= 100, "{per_event} allocations per event");
    assert!(
        bytes_per_event <= 15_000,
        "{bytes_per_event} bytes per event"
    );
}
