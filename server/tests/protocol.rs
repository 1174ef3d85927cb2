//! The wire protocol, end to end through the router: what gradio_client and the browser see.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crate::common::*;
use axum::http::StatusCode;
use ferrio::prelude::*;
use serde_json::{json, Value};

#[tokio::test]
async fn echo_runs_through_join_and_the_sse_stream() {
    let app = reference();
    let event_id = join(&app, 0, json!(["hi"]), "s1").await;
    assert_eq!(event_id.len(), 32, "{event_id}");
    let messages = read_stream(&app, "s1").await;
    assert_eq!(
        msgs(&messages),
        [
            "estimation",
            "process_starts",
            "process_completed",
            "close_stream"
        ]
    );
    let estimation = &messages[0];
    assert_eq!(estimation["event_id"], event_id.as_str());
    assert_eq!(estimation["rank"], 0);
    assert_eq!(estimation["queue_size"], 1);
    let done = &messages[2];
    assert_eq!(done["success"], true);
    assert_eq!(done["output"]["data"], json!(["hi"]));
    assert_eq!(done["output"]["is_generating"], false);
    assert!(done["output"]["duration"].is_f64());
    assert_eq!(
        messages[3],
        json!({"msg": "close_stream", "event_id": null})
    );
}

#[tokio::test]
async fn add_takes_two_numbers() {
    let app = reference();
    join(&app, 1, json!([1.5, 2]), "s2").await;
    let messages = read_stream(&app, "s2").await;
    assert_eq!(messages[2]["output"]["data"], json!([3.5]));
}

#[tokio::test]
async fn one_stream_carries_all_of_a_sessions_events_and_closes_after_the_last() {
    let app = reference();
    let a = join(&app, 0, json!(["one"]), "s3").await;
    let b = join(&app, 0, json!(["two"]), "s3").await;
    let messages = read_stream(&app, "s3").await;
    let completed: Vec<(&str, &Value)> = messages
        .iter()
        .filter(|m| m["msg"] == "process_completed")
        .map(|m| (m["event_id"].as_str().unwrap(), &m["output"]["data"][0]))
        .collect();
    assert_eq!(
        completed,
        [(a.as_str(), &json!("one")), (b.as_str(), &json!("two"))]
    );
    assert_eq!(msgs(&messages).last(), Some(&"close_stream"));
    assert_eq!(
        msgs(&messages)
            .iter()
            .filter(|m| **m == "close_stream")
            .count(),
        1
    );
}

#[tokio::test]
async fn a_session_with_nothing_pending_is_not_found() {
    let app = reference();
    let messages = read_stream(&app, "nobody").await;
    assert_eq!(
        messages,
        [
            json!({"msg": "unexpected_error", "event_id": null, "message": "404: Not Found", "session_not_found": true, "success": false})
        ]
    );
    // And once a session's stream has been read to its end, it is gone.
    join(&app, 0, json!(["x"]), "s4").await;
    read_stream(&app, "s4").await;
    assert_eq!(msgs(&read_stream(&app, "s4").await), ["unexpected_error"]);
}

#[tokio::test]
async fn bad_joins_get_clear_4xx_errors() {
    let app = reference();
    let join_with = |body: Value| {
        let app = app.clone();
        async move { post(&app, "/gradio_api/queue/join", body.to_string()).await }
    };

    let (s, b) = join_with(json!({"data": ["x"], "fn_index": 99, "session_hash": "s"})).await;
    assert_detail(s, &b, StatusCode::NOT_FOUND, "fn_index 99").await;

    let (s, b) = post(&app, "/gradio_api/queue/join", "{\"data\": [").await;
    assert_detail(s, &b, StatusCode::BAD_REQUEST, "not valid JSON").await;

    let (s, b) = join_with(json!({"data": ["x"], "fn_index": 0})).await;
    assert_detail(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "session_hash").await;

    let (s, b) = join_with(json!({"data": ["x", "y"], "fn_index": 0, "session_hash": "s"})).await;
    assert_detail(
        s,
        &b,
        StatusCode::UNPROCESSABLE_ENTITY,
        "expected 1 input value(s), got 2",
    )
    .await;

    let (s, b) = join_with(json!({"data": ["three", 4], "fn_index": 1, "session_hash": "s"})).await;
    assert_detail(
        s,
        &b,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a: expected a number",
    )
    .await;
    // Gradio 5's validation answer: one entry per input, the bad ones tagged for gradio_client.
    assert_eq!(
        json(&b)["detail"],
        json!([{"__type__": "validate", "is_valid": false, "parameter_name": "a",
                "message": "expected a number, got \"three\""},
               {"is_valid": true, "message": ""}])
    );

    let (s, b) = join_with(json!({"data": [1, null], "fn_index": 1, "session_hash": "s"})).await;
    assert_detail(
        s,
        &b,
        StatusCode::UNPROCESSABLE_ENTITY,
        "b: a number is required",
    )
    .await;

    let (s, b) = join_with(json!({"data": [42], "fn_index": 0, "session_hash": "s"})).await;
    assert_detail(
        s,
        &b,
        StatusCode::UNPROCESSABLE_ENTITY,
        "In: expected a string",
    )
    .await;

    let (s, b) = join_with(json!({"data": "hi", "fn_index": "0", "session_hash": "s"})).await;
    assert_detail(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "invalid request").await;

    // None of those queued anything.
    assert_eq!(msgs(&read_stream(&app, "s").await), ["unexpected_error"]);
}

#[tokio::test]
async fn reading_without_a_session_hash_is_422() {
    let (status, _, body) = get(&reference(), "/gradio_api/queue/data").await;
    assert_detail(
        status,
        &body,
        StatusCode::UNPROCESSABLE_ENTITY,
        "session_hash",
    )
    .await;
}

#[tokio::test]
async fn malformed_session_hashes_are_422_and_unknown_ones_keep_gradios_answer() {
    let app = reference();
    let long = "a".repeat(257);
    // (as sent in a URL, as sent in JSON, what the detail names)
    let bad = [
        ("", "", "empty"),
        (long.as_str(), long.as_str(), "257 bytes"),
        ("a%0Ab", "a\\nb", "control character"),
        ("a%00b", "a\\u0000b", "control character"),
    ];
    for (in_url, in_json, problem) in bad {
        let (status, _, body) = get(
            &app,
            &format!("/gradio_api/queue/data?session_hash={in_url}"),
        )
        .await;
        assert_detail(status, &body, StatusCode::UNPROCESSABLE_ENTITY, problem).await;
        if !in_url.is_empty() {
            let (status, _, body) = get(&app, &format!("/gradio_api/heartbeat/{in_url}")).await;
            assert_detail(status, &body, StatusCode::UNPROCESSABLE_ENTITY, problem).await;
        }
        let cancel = format!(r#"{{"event_id": "e", "session_hash": "{in_json}"}}"#);
        let (status, body) = post(&app, "/gradio_api/cancel", cancel).await;
        assert_detail(status, &body, StatusCode::UNPROCESSABLE_ENTITY, problem).await;
        let join = format!(
            r#"{{"data": ["x"], "fn_index": 0, "session_hash": "{in_json}", "event_data": null}}"#
        );
        let (status, body) = post(&app, "/gradio_api/queue/join", join).await;
        assert_detail(status, &body, StatusCode::UNPROCESSABLE_ENTITY, problem).await;
    }
    // Well-formed and unknown: Gradio's answers.
    let messages = read_stream(&app, "never-joined").await;
    assert_eq!(messages[0]["session_not_found"], true);
    let cancel = r#"{"event_id": "e", "session_hash": "never-joined"}"#;
    let (status, _) = post(&app, "/gradio_api/cancel", cancel).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // 256 bytes is a hash like any other.
    let longest = "b".repeat(256);
    join(&app, 0, json!(["x"]), &longest).await;
    assert_eq!(
        msgs(&read_stream(&app, &longest).await).last(),
        Some(&"close_stream")
    );
}

/// The `ferrio_client` cookie a response gives, if any.
fn client_cookie(res: &axum::http::Response<axum::body::Body>) -> Option<String> {
    let set = res.headers().get("set-cookie")?.to_str().unwrap();
    assert!(set.contains("HttpOnly"), "{set}");
    assert!(set.contains("SameSite=Lax"), "{set}");
    assert!(set.contains("Path=/"), "{set}");
    Some(set.split(';').next().unwrap().to_owned())
}

/// A request carrying `cookie` (when there is one).
fn with_cookie(
    req: axum::http::request::Builder,
    cookie: Option<&str>,
    body: impl Into<axum::body::Body>,
) -> axum::http::Request<axum::body::Body> {
    let req = match cookie {
        Some(c) => req.header("cookie", c),
        None => req,
    };
    req.header("content-type", "application/json")
        .body(body.into())
        .unwrap()
}

#[tokio::test]
async fn a_session_belongs_to_the_client_that_made_it() {
    use axum::http::Request;
    use tower::ServiceExt;
    let app = reference();
    // The page and the config give a client without one its id; one that has it keeps it.
    let mut cookies = Vec::new();
    for path in ["/config", "/"] {
        let res = app
            .clone()
            .oneshot(Request::get(path).body(axum::body::Body::empty()).unwrap())
            .await
            .unwrap();
        cookies.push(client_cookie(&res).expect("a new client gets its id"));
    }
    let (alice, bob) = (cookies[0].as_str(), cookies[1].as_str());
    assert!(alice.starts_with("ferrio_client="), "{alice}");
    assert_ne!(alice, bob);
    let again = with_cookie(Request::get("/config"), Some(alice), "");
    assert_eq!(
        client_cookie(&app.clone().oneshot(again).await.unwrap()),
        None
    );

    let call = |req| {
        let app = app.clone();
        async move { send(&app, req).await }
    };
    let join_body = json!({"data": ["mine"], "fn_index": 0, "session_hash": "s-alice",
        "event_data": null})
    .to_string();
    let join_as = |who: Option<&str>| {
        with_cookie(
            Request::post("/gradio_api/queue/join"),
            who,
            join_body.clone(),
        )
    };
    let (status, _, body) = call(join_as(Some(alice))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let event_id = json(&body)["event_id"].as_str().unwrap().to_owned();

    // Bob, or a client without an id, who learned the hash: no messages, no State, no cancel.
    let data = "/gradio_api/queue/data?session_hash=s-alice";
    let cancel = json!({"event_id": event_id, "session_hash": "s-alice"}).to_string();
    for who in [Some(bob), None] {
        let (status, _, body) = call(with_cookie(Request::get(data), who, "")).await;
        assert_detail(status, &body, StatusCode::FORBIDDEN, "another client").await;
        let (status, _, body) = call(join_as(who)).await;
        assert_detail(status, &body, StatusCode::FORBIDDEN, "another client").await;
        let req = with_cookie(Request::post("/gradio_api/cancel"), who, cancel.clone());
        let (status, _, body) = call(req).await;
        assert_detail(status, &body, StatusCode::FORBIDDEN, "another client").await;
        let req = with_cookie(Request::get("/gradio_api/heartbeat/s-alice"), who, "");
        let (status, _, body) = call(req).await;
        assert_detail(status, &body, StatusCode::FORBIDDEN, "another client").await;
    }
    // Alice reads her result, once.
    let (status, _, body) = call(with_cookie(Request::get(data), Some(alice), "")).await;
    assert_eq!(status, StatusCode::OK);
    let messages = sse_messages(&body);
    assert_eq!(messages[2]["output"]["data"], json!(["mine"]));

    // A session begun without an id is anyone's, as in Gradio: clients that keep no cookies
    // (the JS client under Node) work unchanged.
    join(&app, 0, json!(["open"]), "s-open").await;
    let (status, _, body) = call(with_cookie(
        Request::get("/gradio_api/queue/data?session_hash=s-open"),
        Some(bob),
        "",
    ))
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(sse_messages(&body)[2]["output"]["data"], json!(["open"]));
}

#[tokio::test]
async fn unknown_api_paths_are_json_404s() {
    let (status, _, body) = get(&reference(), "/gradio_api/nope").await;
    assert_detail(status, &body, StatusCode::NOT_FOUND, "/gradio_api/nope").await;
}

fn fails(_: String) -> Result<String, String> {
    Err("that input is not allowed".into())
}

fn panics(_: String) -> String {
    panic!("a bug in the user's function")
}

async fn slow_echo(text: String) -> String {
    tokio::time::sleep(Duration::from_millis(150)).await;
    text
}

fn failing_app() -> Blocks {
    Blocks::new(|b| {
        let i = b.add(Textbox::new().label("In"));
        let o = b.add(Textbox::new().label("Out"));
        b.button("Fail").click(fails, i, o);
        b.button("Panic").click(panics, i, o);
        b.button("Echo").click(|s: String| s, i, o).api_name("echo");
    })
}

#[tokio::test]
async fn a_handler_error_or_panic_fails_the_event_and_the_server_keeps_serving() {
    let app = app(failing_app());
    join(&app, 0, json!(["x"]), "e1").await;
    let messages = read_stream(&app, "e1").await;
    let done = &messages[2];
    assert_eq!(done["msg"], "process_completed");
    assert_eq!(done["success"], false);
    assert_eq!(done["output"]["error"], "that input is not allowed");
    assert_eq!(done["title"], "Error");

    join(&app, 1, json!(["x"]), "e2").await;
    let messages = read_stream(&app, "e2").await;
    assert_eq!(messages[2]["success"], false);
    assert!(messages[2]["output"]["error"]
        .as_str()
        .unwrap()
        .contains("panicked"));
    assert_eq!(msgs(&messages).last(), Some(&"close_stream"));

    join(&app, 2, json!(["still here"]), "e3").await;
    let messages = read_stream(&app, "e3").await;
    assert_eq!(messages[2]["output"]["data"], json!(["still here"]));
}

/// An app whose one event sleeps 100 ms and records how many runs overlapped at most.
/// What a counting app saw: the most runs that overlapped, and the order runs started in.
#[derive(Default)]
struct Seen {
    running: AtomicUsize,
    max: AtomicUsize,
    started: std::sync::Mutex<Vec<String>>,
}

/// An app whose one event sleeps 100 ms and records what it saw.
fn counting_app(limit: Option<usize>) -> (Blocks, Arc<Seen>) {
    let seen = Arc::new(Seen::default());
    let record = seen.clone();
    let blocks = Blocks::new(move |b| {
        let i = b.add(Textbox::new());
        let f = move |s: String| {
            let seen = record.clone();
            async move {
                seen.started.lock().unwrap().push(s.clone());
                let now = seen.running.fetch_add(1, Ordering::SeqCst) + 1;
                seen.max.fetch_max(now, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(100)).await;
                seen.running.fetch_sub(1, Ordering::SeqCst);
                s
            }
        };
        b.button("Go").click(f, i, i).concurrency_limit(limit);
    });
    (blocks, seen)
}

async fn run_sessions(app: &axum::Router, sessions: &[&'static str]) -> Vec<Vec<Value>> {
    for s in sessions {
        join(app, 0, json!([s]), s).await;
    }
    let reads = sessions.iter().map(|s| {
        let app = app.clone();
        async move { read_stream(&app, s).await }
    });
    futures_util::future::join_all(reads).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_run_in_join_order_one_at_a_time_by_default() {
    let (blocks, seen) = counting_app(Some(1));
    let app = app(blocks);
    let sessions = ["o1", "o2", "o3", "o4"];
    let results = run_sessions(&app, &sessions).await;
    assert_eq!(*seen.started.lock().unwrap(), sessions);
    assert_eq!(seen.max.load(Ordering::SeqCst), 1);
    for (i, (messages, s)) in results.iter().zip(sessions).enumerate() {
        let done = messages.iter().find(|m| m["msg"] == "process_completed");
        assert_eq!(done.unwrap()["output"]["data"], json!([s]));
        // Rank counts the events waiting ahead (the first may already be running).
        let rank = messages[0]["rank"].as_u64().unwrap();
        assert!(
            rank <= i as u64 && rank + 1 >= i as u64,
            "event {i} had rank {rank}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn waiting_events_hear_their_rank_each_time_the_line_moves() {
    // With updates at every move (the default sends at most one a second: tests/queue_scale.rs).
    let (blocks, _) = counting_app(Some(1));
    let app = app(blocks.status_update_rate(Duration::ZERO));
    let sessions = ["r1", "r2", "r3", "r4"];
    let results = run_sessions(&app, &sessions).await;
    let last = &results[3];
    let ranks: Vec<u64> = last
        .iter()
        .take_while(|m| m["msg"] != "process_starts")
        .filter(|m| m["msg"] == "estimation")
        .map(|m| m["rank"].as_u64().unwrap())
        .collect();
    // Joined behind two or three others, it hears each step down to the front of the line.
    assert!(ranks.len() >= 3, "{last:?}");
    assert!(ranks.windows(2).all(|w| w[1] + 1 == w[0]), "{ranks:?}");
    assert_eq!(ranks.last(), Some(&0));
    // Later estimations carry an ETA from the runs measured so far.
    let eta = last.iter().rfind(|m| m["msg"] == "estimation").unwrap()["rank_eta"]
        .as_f64()
        .unwrap();
    assert!(eta > 0.05, "{eta}");
    let queue_sizes: Vec<u64> = last
        .iter()
        .filter(|m| m["msg"] == "estimation")
        .map(|m| m["queue_size"].as_u64().unwrap())
        .collect();
    assert!(queue_sizes.iter().all(|&n| n >= 1), "{queue_sizes:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_higher_concurrency_limit_runs_events_side_by_side() {
    let (blocks, seen) = counting_app(Some(3));
    let app = app(blocks);
    for messages in run_sessions(&app, &["c1", "c2", "c3", "c4", "c5", "c6"]).await {
        let done = messages.iter().find(|m| m["msg"] == "process_completed");
        assert_eq!(done.unwrap()["success"], true);
    }
    let max = seen.max.load(Ordering::SeqCst);
    assert!(
        (2..=3).contains(&max),
        "at most 3 at once, and more than one: {max}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_with_one_concurrency_id_share_one_line_and_limit() {
    // Two endpoints on one "GPU": never both at once, started in join order across both; a
    // third with its own line runs beside them.
    let seen = Arc::new(Seen::default());
    let blocks = Blocks::new(|b| {
        let i = b.add(Textbox::new());
        let work = |seen: Arc<Seen>, pooled: bool| {
            move |s: String| {
                let seen = seen.clone();
                async move {
                    seen.started.lock().unwrap().push(s.clone());
                    if pooled {
                        let now = seen.running.fetch_add(1, Ordering::SeqCst) + 1;
                        seen.max.fetch_max(now, Ordering::SeqCst);
                    }
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    if pooled {
                        seen.running.fetch_sub(1, Ordering::SeqCst);
                    }
                    s
                }
            }
        };
        b.button("A")
            .click(work(seen.clone(), true), i, i)
            .concurrency_id("gpu")
            .concurrency_limit(Some(3));
        b.button("B")
            .click(work(seen.clone(), true), i, i)
            .concurrency_id("gpu")
            .concurrency_limit(Some(1));
        b.button("C").click(work(seen.clone(), false), i, i);
    });
    // The lowest limit set in the group holds for all of it.
    assert_eq!(blocks.concurrency_limits(), [Some(1), Some(1), Some(1)]);
    assert_eq!(blocks.concurrency_pools(), [0, 0, 2]);
    let app = app(blocks);
    for (fn_index, session) in [(0, "a1"), (1, "b1"), (0, "a2"), (1, "b2"), (2, "c1")] {
        join(&app, fn_index, json!([session]), session).await;
    }
    let started = std::time::Instant::now();
    let reads = ["a1", "b1", "a2", "b2", "c1"].map(|s| {
        let app = app.clone();
        async move { read_stream(&app, s).await }
    });
    for messages in futures_util::future::join_all(reads).await {
        assert_eq!(messages.last().unwrap()["msg"], "close_stream");
    }
    assert_eq!(seen.max.load(Ordering::SeqCst), 1);
    let order = seen.started.lock().unwrap().clone();
    let pooled: Vec<_> = order.iter().filter(|s| *s != "c1").collect();
    assert_eq!(pooled, ["a1", "b1", "a2", "b2"]);
    // C didn't wait behind the four: it started before the pool's last run.
    let c = order.iter().position(|s| s == "c1").unwrap();
    assert!(c < 4, "{order:?}");
    assert!(started.elapsed() >= Duration::from_millis(350));
}

#[tokio::test]
async fn quiet_streams_carry_heartbeat_messages() {
    let app = app_with_heartbeat(
        Blocks::new(|b| {
            let i = b.add(Textbox::new());
            b.button("Go").click(slow_echo, i, i);
        }),
        Duration::from_millis(40),
    );
    join(&app, 0, json!(["x"]), "h1").await;
    let (_, _, body) = get(&app, "/gradio_api/queue/data?session_hash=h1").await;
    // A heartbeat is a data message: gradio_client ignores comment lines.
    assert!(body.contains("data: {\"msg\":\"heartbeat\"}\n"), "{body}");
    assert!(!body.lines().any(|l| l.starts_with(':')), "{body}");
    assert_eq!(msgs(&sse_messages(&body)).last(), Some(&"close_stream"));
}

#[tokio::test]
async fn the_rest_api_runs_an_endpoint_in_two_steps() {
    let app = reference();
    let (status, body) = post(&app, "/gradio_api/call/echo", r#"{"data": ["hi"]}"#).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let event_id = json(&body)["event_id"].as_str().unwrap().to_owned();
    let (status, content_type, body) =
        get(&app, &format!("/gradio_api/call/echo/{event_id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.starts_with("text/event-stream"));
    assert_eq!(body, "event: complete\ndata: [\"hi\"]\n\n");

    // The result is read once.
    let (status, _, body) = get(&app, &format!("/gradio_api/call/echo/{event_id}")).await;
    assert_detail(status, &body, StatusCode::NOT_FOUND, &event_id).await;
}

#[tokio::test]
async fn answers_are_compressed_and_event_streams_are_not() {
    use axum::body::Body;
    use axum::http::{header, Request};
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let app = reference();
    let with_br = |uri: &str| {
        Request::get(uri)
            .header(header::ACCEPT_ENCODING, "br")
            .body(Body::empty())
            .unwrap()
    };
    let encoding =
        |res: &axum::response::Response| res.headers().get(header::CONTENT_ENCODING).cloned();
    let config = app.clone().oneshot(with_br("/config")).await.unwrap();
    assert_eq!(encoding(&config).unwrap(), "br");
    // Streams are written as they come, never held back by an encoder (they are routed
    // around the compression layer, whose body cost each open one 5.8 KB: `./x bench-idle`).
    let (_, body) = post(&app, "/gradio_api/call/echo", r#"{"data": ["hi"]}"#).await;
    let event_id = json(&body)["event_id"].as_str().unwrap().to_owned();
    join(&app, 0, json!(["x"]), "plain").await;
    for uri in [
        format!("/gradio_api/call/echo/{event_id}"),
        "/gradio_api/queue/data?session_hash=plain".to_owned(),
    ] {
        let res = app.clone().oneshot(with_br(&uri)).await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{uri}");
        assert_eq!(encoding(&res), None, "{uri}");
        let body = res.into_body().collect().await.unwrap().to_bytes();
        assert!(
            body.starts_with(b"event: ") || body.starts_with(b"data: "),
            "{uri}"
        );
    }
}

#[tokio::test]
async fn the_rest_api_reports_failures_and_bad_requests() {
    let app = app(failing_app());
    let (status, body) = post(&app, "/gradio_api/call/fails", r#"{"data": ["x"]}"#).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let event_id = json(&body)["event_id"].as_str().unwrap().to_owned();
    let (_, _, body) = get(&app, &format!("/gradio_api/call/fails/{event_id}")).await;
    // Gradio 6's shape: the failure's output object, not 5.x's bare message.
    let data = body
        .strip_prefix("event: error\ndata: ")
        .and_then(|rest| rest.strip_suffix("\n\n"))
        .unwrap_or_else(|| panic!("not one error event: {body:?}"));
    let error = json(data);
    assert_eq!(error["error"], "that input is not allowed");
    assert_eq!(error["title"], "Error");

    let (s, b) = post(&app, "/gradio_api/call/nope", r#"{"data": []}"#).await;
    assert_detail(s, &b, StatusCode::NOT_FOUND, "/nope").await;
    let (s, b) = post(&app, "/gradio_api/call/echo", r#"{"data": "#).await;
    assert_detail(s, &b, StatusCode::BAD_REQUEST, "JSON").await;
    let (s, b) = post(&app, "/gradio_api/call/echo", r#"{"input": ["x"]}"#).await;
    assert_detail(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "data").await;
    let (s, b) = post(&app, "/gradio_api/call/echo", r#"{"data": [1]}"#).await;
    assert_detail(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "expected a string").await;
    let (status, _, b) = get(&app, "/gradio_api/call/echo/0123").await;
    assert_detail(status, &b, StatusCode::NOT_FOUND, "0123").await;
}

/// Sixteen sliders in, sixteen numbers out: the most a function takes and returns, as axum's
/// handlers (a Gradio app with a dozen sliders is common).
#[allow(clippy::too_many_arguments, clippy::type_complexity)]
fn reversed(
    a: f64,
    b: f64,
    c: f64,
    d: f64,
    e: f64,
    f: f64,
    g: f64,
    h: f64,
    i: f64,
    j: f64,
    k: f64,
    l: f64,
    m: f64,
    n: f64,
    o: f64,
    p: f64,
) -> (
    f64,
    f64,
    f64,
    f64,
    f64,
    f64,
    f64,
    f64,
    f64,
    f64,
    f64,
    f64,
    f64,
    f64,
    f64,
    f64,
) {
    (p, o, n, m, l, k, j, i, h, g, f, e, d, c, b, a)
}

#[tokio::test]
async fn a_function_takes_and_returns_sixteen_values() {
    let app = app(Blocks::new(|b| {
        let s: Vec<_> = (1..=16)
            .map(|i| b.add(Slider::new(0.0, 100.0).label(format!("Slider {i}"))))
            .collect();
        let n: Vec<_> = (0..16).map(|_| b.add(Number::new())).collect();
        b.button("Reverse")
            .click(
                reversed,
                (
                    s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], s[10], s[11],
                    s[12], s[13], s[14], s[15],
                ),
                (
                    n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7], n[8], n[9], n[10], n[11],
                    n[12], n[13], n[14], n[15],
                ),
            )
            .api_name("reverse");
    }));
    let data: Vec<f64> = (1..=16).map(f64::from).collect();
    join(&app, 0, json!(data), "r16").await;
    let messages = read_stream(&app, "r16").await;
    let reversed: Vec<f64> = data.iter().rev().copied().collect();
    assert_eq!(messages[2]["output"]["data"], json!(reversed));

    // The sixteenth input is named when it is the bad one, and a missing one is counted.
    let mut bad = json!(data);
    bad[15] = json!("sixteen");
    let (s, b) = post(
        &app,
        "/gradio_api/call/reverse",
        json!({ "data": bad }).to_string(),
    )
    .await;
    assert_detail(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "Slider 16").await;
    let (s, b) = post(
        &app,
        "/gradio_api/call/reverse",
        json!({ "data": &data[..15] }).to_string(),
    )
    .await;
    assert_detail(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "16").await;
}

#[tokio::test]
async fn private_endpoints_stay_out_of_the_api() {
    let app = app(Blocks::new(|b| {
        let i = b.add(Textbox::new());
        b.button("Go")
            .click(|s: String| s, i, i)
            .api_name("hidden")
            .private();
    }));
    let (_, _, body) = get(&app, "/gradio_api/info").await;
    assert_eq!(json(&body)["named_endpoints"], json!({}));
    let (status, _) = post(&app, "/gradio_api/call/hidden", r#"{"data": ["x"]}"#).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // The page can still run it.
    join(&app, 0, json!(["x"]), "p1").await;
    assert_eq!(
        read_stream(&app, "p1").await[2]["output"]["data"],
        json!(["x"])
    );
}

#[tokio::test]
async fn the_page_is_rendered_on_the_server_with_its_config() {
    let (status, content_type, body) = get(&reference(), "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.starts_with("text/html"), "{content_type}");
    assert!(body.contains("<title>echo</title>"), "{body}");
    assert!(body.contains("window.gradio_config = {"), "{body}");
    // The components are in the HTML before any script runs.
    assert!(body.contains("data-testid=\"textbox-1\""), "{body}");
    assert!(body.contains(">In<"), "{body}");
    assert!(body.contains(">Echo<"), "{body}");
    assert!(body.contains("data-testid=\"number-4\""), "{body}");
}

#[tokio::test]
async fn labels_cannot_break_out_of_the_embedded_config() {
    let app = app(Blocks::new(|b| {
        b.add(Textbox::new().label("</script><script>alert(1)</script>"));
    }));
    let (_, _, body) = get(&app, "/").await;
    assert!(!body.contains("<script>alert(1)"), "{body}");
}

#[tokio::test]
async fn a_generator_streams_its_results_as_gradio_does() {
    let app = reference();
    let event_id = join(&app, 2, json!(["x"]), "g1").await;
    let messages = read_stream(&app, "g1").await;
    assert_eq!(
        msgs(&messages),
        [
            "estimation",
            "process_starts",
            "process_generating",
            "process_generating",
            "process_generating",
            "process_generating",
            "process_generating",
            "process_completed",
            "close_stream"
        ]
    );
    let generated: Vec<&Value> = messages[2..7]
        .iter()
        .map(|m| &m["output"]["data"])
        .collect();
    // The first result whole, then each as the edit of the one before (sse_stream.txt).
    assert_eq!(
        generated,
        [
            &json!(["a"]),
            &json!([[["append", [], "b"]]]),
            &json!([[["append", [], "c"]]]),
            &json!([[["append", [], "d"]]]),
            &json!([[["append", [], "e"]]]),
        ]
    );
    for m in &messages[2..7] {
        assert_eq!(m["event_id"], event_id.as_str());
        assert_eq!(m["output"]["is_generating"], true);
        assert_eq!(m["success"], true);
    }
    assert_eq!(messages[7]["output"]["data"], json!(["abcde"]));
    assert_eq!(messages[7]["output"]["is_generating"], false);
}

#[tokio::test]
async fn the_rest_api_shows_each_generated_result_whole() {
    let app = reference();
    let (_, body) = post(&app, "/gradio_api/call/stream", r#"{"data": ["x"]}"#).await;
    let event_id = json(&body)["event_id"].as_str().unwrap().to_owned();
    let (_, _, body) = get(&app, &format!("/gradio_api/call/stream/{event_id}")).await;
    let expected: String = ["a", "ab", "abc", "abcd", "abcde"]
        .iter()
        .map(|s| format!("event: generating\ndata: [\"{s}\"]\n\n"))
        .chain(["event: complete\ndata: [\"abcde\"]\n\n".to_owned()])
        .collect();
    assert_eq!(body, expected);
}

fn fails_midway(_: String) -> impl Stream<Item = Result<String, String>> {
    stream::iter([
        Ok("partial".to_owned()),
        Err("ran out of tokens".to_owned()),
    ])
}

fn yields_nothing(_: String) -> impl Stream<Item = String> {
    stream::empty()
}

#[tokio::test]
async fn a_generator_can_fail_midway_or_yield_nothing() {
    let app = app(Blocks::new(|b| {
        let i = b.add(Textbox::new());
        b.button("Go").click(fails_midway, i, i);
        b.button("Nothing").click(yields_nothing, i, i);
    }));
    join(&app, 0, json!(["x"]), "f1").await;
    let messages = read_stream(&app, "f1").await;
    assert_eq!(messages[2]["output"]["data"], json!(["partial"]));
    assert_eq!(messages[3]["msg"], "process_completed");
    assert_eq!(messages[3]["success"], false);
    assert_eq!(messages[3]["output"]["error"], "ran out of tokens");

    join(&app, 1, json!(["x"]), "f2").await;
    let messages = read_stream(&app, "f2").await;
    assert_eq!(
        msgs(&messages),
        [
            "estimation",
            "process_starts",
            "process_completed",
            "close_stream"
        ]
    );
    assert_eq!(messages[2]["output"]["data"], json!([null]));
}

#[tokio::test]
async fn a_function_reports_progress_as_gradio_does() {
    let app = reference();
    join(&app, 3, json!(["y"]), "pr1").await;
    let messages = read_stream(&app, "pr1").await;
    assert_eq!(
        msgs(&messages),
        [
            "estimation",
            "process_starts",
            "progress",
            "progress",
            "progress",
            "progress",
            "process_completed",
            "close_stream"
        ]
    );
    for (i, m) in messages[2..6].iter().enumerate() {
        assert_eq!(
            m["progress_data"],
            json!([{"index": i, "length": 4, "unit": "steps", "progress": null, "desc": null}])
        );
    }
    assert_eq!(messages[6]["output"]["data"], json!(["y"]));
}

async fn chatty(name: String) -> String {
    info(format!("Looking up {name}"));
    warning("This is only a demo");
    Progress::new().desc("thinking").update(0.5);
    name
}

#[tokio::test]
async fn toasts_and_progress_from_an_async_function_reach_its_stream() {
    let app = app(Blocks::new(|b| {
        let i = b.add(Textbox::new());
        b.button("Go").click(chatty, i, i);
    }));
    join(&app, 0, json!(["Ada"]), "t1").await;
    let messages = read_stream(&app, "t1").await;
    assert_eq!(msgs(&messages)[2..5], ["log", "log", "progress"]);
    assert_eq!(messages[2]["log"], "Looking up Ada");
    assert_eq!(messages[2]["level"], "info");
    assert_eq!(messages[3]["level"], "warning");
    assert_eq!(messages[4]["progress_data"][0]["progress"], 0.5);
    assert_eq!(messages[4]["progress_data"][0]["desc"], "thinking");
}

async fn sleeps_long(text: String) -> String {
    tokio::time::sleep(Duration::from_secs(30)).await;
    text
}

fn sleepy_app() -> axum::Router {
    app(Blocks::new(|b| {
        let i = b.add(Textbox::new());
        b.button("Go").click(sleeps_long, i, i);
    }))
}

async fn cancel(app: &axum::Router, session: &str, event_id: &str) -> (StatusCode, String) {
    let body = json!({"event_id": event_id, "session_hash": session, "fn_index": 0});
    post(app, "/gradio_api/cancel", body.to_string()).await
}

#[tokio::test]
async fn cancelling_a_running_event_stops_it_and_completes_it_quietly() {
    let app = sleepy_app();
    let event_id = join(&app, 0, json!(["x"]), "k1").await;
    let reader = tokio::spawn({
        let app = app.clone();
        async move { read_stream(&app, "k1").await }
    });
    tokio::time::sleep(Duration::from_millis(50)).await;
    let (status, body) = cancel(&app, "k1", &event_id).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(json(&body), json!({"success": true}));
    // Without the cancel this would take 30 s.
    let messages = tokio::time::timeout(Duration::from_secs(5), reader)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        msgs(&messages),
        [
            "estimation",
            "process_starts",
            "process_completed",
            "close_stream"
        ]
    );
    assert_eq!(messages[2]["success"], false);
    assert_eq!(messages[2]["output"]["error"], Value::Null);
}

#[tokio::test]
async fn cancelling_a_waiting_event_completes_it_at_once_and_spares_the_running_one() {
    let app = sleepy_app();
    let first = join(&app, 0, json!(["first"]), "k2").await;
    let second = join(&app, 0, json!(["second"]), "k2").await;
    let (status, _) = cancel(&app, "k2", &second).await;
    assert_eq!(status, StatusCode::OK);
    // The second completes (cancelled) while the first still runs; then cancel the first too.
    let reader = tokio::spawn({
        let app = app.clone();
        async move { read_stream(&app, "k2").await }
    });
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert!(!reader.is_finished());
    cancel(&app, "k2", &first).await;
    let messages = tokio::time::timeout(Duration::from_secs(5), reader)
        .await
        .unwrap()
        .unwrap();
    let completed: Vec<&str> = messages
        .iter()
        .filter(|m| m["msg"] == "process_completed")
        .map(|m| m["event_id"].as_str().unwrap())
        .collect();
    assert_eq!(completed, [second.as_str(), first.as_str()]);
    assert_eq!(msgs(&messages).last(), Some(&"close_stream"));
}

#[tokio::test]
async fn cancel_refuses_unknown_events_and_other_sessions_events() {
    let app = sleepy_app();
    let event_id = join(&app, 0, json!(["x"]), "k3").await;
    let (status, body) = cancel(&app, "someone-else", &event_id).await;
    assert_detail(status, &body, StatusCode::NOT_FOUND, &event_id).await;
    let (status, body) = cancel(&app, "k3", "nope").await;
    assert_detail(status, &body, StatusCode::NOT_FOUND, "nope").await;
    let (status, body) = post(&app, "/gradio_api/cancel", r#"{"event_id": "x"}"#).await;
    assert_detail(
        status,
        &body,
        StatusCode::UNPROCESSABLE_ENTITY,
        "session_hash",
    )
    .await;
    cancel(&app, "k3", &event_id).await;
}

#[tokio::test]
async fn a_stop_button_is_a_listener_that_only_cancels() {
    let app = app(ferrio_demo::typewriter::app());
    let (_, _, body) = get(&app, "/config").await;
    let config = json(&body);
    let stop = &config["dependencies"][1];
    assert_eq!(stop["cancels"], json!([0]));
    assert_eq!(stop["backend_fn"], false);
    assert_eq!(stop["types"], json!({"generator": false, "cancel": true}));
    assert_eq!(stop["api_name"], Value::Null);
    assert_eq!(config["dependencies"][0]["types"]["generator"], true);
    let (_, _, body) = get(&app, "/gradio_api/info").await;
    assert_eq!(json(&body)["named_endpoints"].as_object().unwrap().len(), 1);
    let (status, body) = post(
        &app,
        "/gradio_api/queue/join",
        json!({"data": [], "fn_index": 1, "session_hash": "s"}).to_string(),
    )
    .await;
    assert_detail(
        status,
        &body,
        StatusCode::UNPROCESSABLE_ENTITY,
        "runs no function",
    )
    .await;
}

#[tokio::test]
async fn results_nobody_reads_are_dropped_after_the_keep_time() {
    let blocks = ferrio_demo::reference::app();
    let queue = Arc::new(ferrio::queue::LocalQueue::with_expiry(
        blocks.concurrency_limits(),
        Duration::from_millis(100),
    ));
    let app = ferrio::routes::router(ferrio::routes::AppState::with_queue(
        blocks,
        options(),
        queue.clone(),
        Duration::from_secs(15),
    ));
    for s in ["u1", "u2", "u3"] {
        join(&app, 0, json!([s]), s).await;
    }
    // Read one right away: it goes when read. The others wait for a reader, then expire.
    read_stream(&app, "u1").await;
    tokio::time::sleep(Duration::from_millis(20)).await;
    assert_eq!(queue.session_count(), 2);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(queue.session_count(), 0);
    assert_eq!(msgs(&read_stream(&app, "u2").await), ["unexpected_error"]);
}

#[tokio::test]
async fn an_interface_serves_its_function_by_name_and_at_predict() {
    let classifier = app(ferrio_demo::interface::app());
    let (_, _, body) = get(&classifier, "/config").await;
    assert_eq!(json(&body)["mode"], "interface");
    let (_, _, body) = get(&classifier, "/gradio_api/info").await;
    let info = json(&body);
    let classify = &info["named_endpoints"]["/classify"];
    assert_eq!(classify["parameters"][0]["component"], "Image");
    assert_eq!(classify["returns"][0]["component"], "Label");
    // Clear and Flag are no endpoints; 5.x's `/predict` still answers, undocumented.
    let names: Vec<_> = info["named_endpoints"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(names, ["/classify", "/predict"]);
    assert_eq!(
        info["named_endpoints"]["/predict"]["api_visibility"],
        "undocumented"
    );
    assert_eq!(info["unnamed_endpoints"], json!({}));

    // The word counter, in the first tab of the tabbed demo: `/count_words`, and `/predict`
    // as 5.x named the first tab's.
    let app = app(ferrio_demo::tabbed::app());
    let (_, _, body) = get(&app, "/gradio_api/info").await;
    let info = json(&body);
    let count = &info["named_endpoints"]["/count_words"];
    assert_eq!(count["parameters"][0]["label"], "Text");
    assert_eq!(count["returns"][0]["component"], "Number");
    assert_eq!(count["returns"][1]["label"], "Longest word");
    assert_eq!(
        info["named_endpoints"]["/predict"]["parameters"],
        count["parameters"]
    );
    let (_, body) = post(
        &app,
        "/gradio_api/call/predict",
        r#"{"data": ["to be or not"]}"#,
    )
    .await;
    let event_id = json(&body)["event_id"].as_str().unwrap().to_owned();
    let (_, _, body) = get(&app, &format!("/gradio_api/call/predict/{event_id}")).await;
    assert_eq!(body, "event: complete\ndata: [4.0,\"not\"]\n\n");
}

#[tokio::test]
async fn a_full_queue_refuses_joins_with_503() {
    let app = app(Blocks::new(|b| {
        let i = b.add(Textbox::new());
        b.button("Go").click(sleeps_long, i, i);
    })
    .max_size(2));
    // One runs, two wait: the queue is then full.
    let running = join(&app, 0, json!(["1"]), "q1").await;
    tokio::time::sleep(Duration::from_millis(50)).await;
    let waiting = [
        join(&app, 0, json!(["2"]), "q2").await,
        join(&app, 0, json!(["3"]), "q3").await,
    ];
    let body = json!({"data": ["4"], "fn_index": 0, "session_hash": "q4"}).to_string();
    let (status, body) = post(&app, "/gradio_api/queue/join", body.clone()).await;
    assert_detail(
        status,
        &body,
        StatusCode::SERVICE_UNAVAILABLE,
        "Queue is full",
    )
    .await;
    // Room again once a waiting event goes.
    cancel(&app, "q2", &waiting[0]).await;
    join(&app, 0, json!(["5"]), "q5").await;
    for (s, e) in [("q1", &running), ("q3", &waiting[1])] {
        cancel(&app, s, e).await;
    }
}

#[tokio::test]
async fn the_apps_default_concurrency_limit_applies_unless_an_event_sets_its_own() {
    let blocks = Blocks::new(|b| {
        let i = b.add(Textbox::new());
        b.button("A").click(|s: String| s, i, i);
        b.button("B")
            .click(|s: String| s, i, i)
            .concurrency_limit(Some(5));
        b.button("C")
            .click(|s: String| s, i, i)
            .concurrency_limit(None);
    });
    assert_eq!(blocks.concurrency_limits(), [Some(1), Some(5), None]);
    let blocks = blocks.default_concurrency_limit(Some(3));
    assert_eq!(blocks.concurrency_limits(), [Some(3), Some(5), None]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancelled_plain_function_keeps_its_slot_until_its_thread_returns() {
    // A plain function can't be interrupted: its blocking thread runs on after a cancel, so the
    // next run must wait for it, or the concurrency limit would not hold.
    static RUNNING: AtomicUsize = AtomicUsize::new(0);
    static MAX: AtomicUsize = AtomicUsize::new(0);
    fn blocking(s: String) -> String {
        let now = RUNNING.fetch_add(1, Ordering::SeqCst) + 1;
        MAX.fetch_max(now, Ordering::SeqCst);
        std::thread::sleep(Duration::from_millis(300));
        info("still running after the cancel"); // must not reach the stream
        RUNNING.fetch_sub(1, Ordering::SeqCst);
        s
    }
    let app = app(Blocks::new(|b| {
        let i = b.add(Textbox::new());
        b.button("Go").click(blocking, i, i);
    }));
    let first = join(&app, 0, json!(["1"]), "z1").await;
    tokio::time::sleep(Duration::from_millis(50)).await;
    cancel(&app, "z1", &first).await;
    join(&app, 0, json!(["2"]), "z1").await;
    // One stream or two, depending on whether the cancel completed before the second join.
    let mut messages = Vec::new();
    while messages
        .iter()
        .filter(|m: &&Value| m["msg"] == "process_completed")
        .count()
        < 2
    {
        messages.extend(read_stream(&app, "z1").await);
    }
    assert_eq!(MAX.load(Ordering::SeqCst), 1);
    let completed: Vec<&Value> = messages
        .iter()
        .filter(|m| m["msg"] == "process_completed")
        .collect();
    assert_eq!(completed[0]["success"], false);
    assert_eq!(completed[1]["output"]["data"], json!(["2"]));
    // The first run's late toast went nowhere; the second's arrived.
    assert_eq!(messages.iter().filter(|m| m["msg"] == "log").count(), 1);
}

#[tokio::test]
async fn one_listener_may_have_several_triggers_and_load_is_the_roots() {
    let app = app(ferrio_demo::hello::app());
    let (_, _, body) = get(&app, "/config").await;
    let config = json(&body);
    let id_of = |label: &str| {
        config["components"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["props"]["label"] == label || c["props"]["value"] == label)
            .unwrap_or_else(|| panic!("no {label}"))["id"]
            .clone()
    };
    let deps = config["dependencies"].as_array().unwrap();
    // `b.on([go.clicked(), name.submitted()], ...)`: one dependency, both targets.
    assert_eq!(
        deps[0]["targets"],
        json!([[id_of("Greet"), "click"], [id_of("Name"), "submit"]])
    );
    // `b.load(...)`: Gradio's form, the Blocks root (id 0) as the target.
    let load = deps
        .iter()
        .find(|d| d["targets"] == json!([[0, "load"]]))
        .unwrap();
    assert_eq!(config["layout"]["id"], 0);
    assert_eq!(load["inputs"], json!([]));
    assert_eq!(load["outputs"], json!([id_of("Visits")]));
    assert_eq!(load["api_name"], "welcome");
    let fn_index = load["id"].as_u64().unwrap() as u32;
    join(&app, fn_index, json!([]), "ld").await;
    let done = read_stream(&app, "ld").await;
    let text = done[2]["output"]["data"][0].as_str().unwrap().to_owned();
    assert!(
        text.starts_with("Welcome! This page has been opened"),
        "{text}"
    );
}

#[tokio::test]
async fn a_slider_takes_values_inside_its_range_only() {
    let app = app(ferrio_demo::hello::app());
    let (_, _, body) = get(&app, "/gradio_api/info").await;
    let excitement = &json(&body)["named_endpoints"]["/greet"]["parameters"][1];
    assert_eq!(excitement["component"], "Slider");
    assert_eq!(
        excitement["python_type"],
        json!({"type": "float", "description": "numeric value between 0 and 10"})
    );
    let (status, body) = post(
        &app,
        "/gradio_api/queue/join",
        json!({"data": ["Ada", 11], "fn_index": 0, "session_hash": "sl"}).to_string(),
    )
    .await;
    assert_detail(
        status,
        &body,
        StatusCode::UNPROCESSABLE_ENTITY,
        "not a numeric value between 0 and 10",
    )
    .await;
    join(&app, 0, json!(["Ada", 3]), "sl").await;
    assert_eq!(
        read_stream(&app, "sl").await[2]["output"]["data"],
        json!(["Hello, Ada!!!"])
    );
}

fn picked_cell(pick: SelectData<Dataframe>, note: String) -> String {
    let (row, col) = pick.index;
    let whole_row: Vec<String> = pick
        .row_value
        .unwrap_or_default()
        .iter()
        .map(Cell::text)
        .collect();
    format!(
        "{note}: row {row}, column {col} = {} ({})",
        pick.value.text(),
        whole_row.join(" ")
    )
}

fn picked_choice(pick: SelectData<CheckboxGroup>) -> String {
    format!(
        "{} {} (#{})",
        if pick.selected { "ticked" } else { "unticked" },
        pick.value,
        pick.index
    )
}

#[tokio::test]
async fn a_select_listener_gets_the_selection_the_page_sends() {
    let app = app(Blocks::new(|b| {
        let table = b.add(Dataframe::new(Table::new(["a", "b"])));
        let note = b.add(Textbox::new().label("Note"));
        let colours = b.add(CheckboxGroup::new(["red", "blue"]));
        let out = b.add(Textbox::new());
        table.select(picked_cell, note, out);
        colours.select(picked_choice, (), out);
    }));
    let (_, _, body) = get(&app, "/config").await;
    let deps = json(&body)["dependencies"].clone();
    assert_eq!(deps[0]["targets"], json!([[1, "select"]]));
    assert_eq!(deps[0]["collects_event_data"], true);
    // The selection is not a parameter: API docs list the inputs only.
    let (_, _, info) = get(&app, "/gradio_api/info").await;
    let params = &json(&info)["named_endpoints"]["/picked_cell"]["parameters"];
    assert_eq!(params.as_array().unwrap().len(), 1, "{params}");

    let join_with = |body: Value| {
        let app = app.clone();
        async move { post(&app, "/gradio_api/queue/join", body.to_string()).await }
    };
    let (s, b) = join_with(json!({
        "data": ["Seen"], "fn_index": 0, "session_hash": "sel",
        "event_data": {"index": [1, 0], "value": 3, "row_value": [3, "x"], "col_value": [1, 3]}
    }))
    .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (s, b) = join_with(json!({
        "data": [], "fn_index": 1, "session_hash": "sel",
        "event_data": {"index": 1, "value": "blue", "selected": false}
    }))
    .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    // Two listeners, two lines: either may finish first.
    let mut outputs: Vec<String> = read_stream(&app, "sel")
        .await
        .into_iter()
        .filter(|m| m["msg"] == "process_completed")
        .map(|m| m["output"]["data"][0].as_str().unwrap().to_owned())
        .collect();
    outputs.sort();
    assert_eq!(
        outputs,
        ["Seen: row 1, column 0 = 3 (3 x)", "unticked blue (#1)"]
    );

    // No selection (an API call) or a malformed one: a 422 that says so; nothing runs.
    let (s, b) = join_with(json!({"data": ["x"], "fn_index": 0, "session_hash": "bad"})).await;
    assert_detail(
        s,
        &b,
        StatusCode::UNPROCESSABLE_ENTITY,
        "carried no selection",
    )
    .await;
    assert_eq!(json(&b)["detail"][0]["parameter_name"], "event_data");
    let (s, b) = join_with(json!({
        "data": ["x"], "fn_index": 0, "session_hash": "bad", "event_data": {"index": 1, "value": 1}
    }))
    .await;
    assert_detail(
        s,
        &b,
        StatusCode::UNPROCESSABLE_ENTITY,
        "selection (event_data) is malformed",
    )
    .await;
    // The inputs are still checked first, and their errors win.
    let (s, b) = join_with(json!({
        "data": [5], "fn_index": 0, "session_hash": "bad", "event_data": {"index": [0, 0], "value": 1}
    }))
    .await;
    assert_detail(
        s,
        &b,
        StatusCode::UNPROCESSABLE_ENTITY,
        "Note: expected a string",
    )
    .await;
    let (s, b) = post(
        &app,
        "/gradio_api/call/picked_cell",
        json!({"data": ["x"]}).to_string(),
    )
    .await;
    assert_detail(
        s,
        &b,
        StatusCode::UNPROCESSABLE_ENTITY,
        "carried no selection",
    )
    .await;
    assert_eq!(msgs(&read_stream(&app, "bad").await), ["unexpected_error"]);
}

fn counts_forever(_: String) -> impl Stream<Item = String> {
    stream::unfold(0, |n| async move {
        tokio::time::sleep(Duration::from_millis(100)).await;
        Some((format!("{}", n + 1), n + 1))
    })
}

#[tokio::test]
async fn a_time_limit_ends_a_stream_well_and_fails_a_plain_function() {
    let app = app(Blocks::new(|b| {
        let t = b.add(Textbox::new());
        b.button("Count")
            .click(counts_forever, t, t)
            .time_limit(Duration::from_millis(450));
        b.button("Sleep")
            .click(sleeps_long, t, t)
            .time_limit(Duration::from_millis(100));
        b.button("Count now")
            .click(counts_forever, t, t)
            .queue(false)
            .time_limit(Duration::from_millis(350));
    }));
    let (_, _, body) = get(&app, "/config").await;
    assert_eq!(json(&body)["dependencies"][0]["time_limit"], 0.45);
    assert_eq!(json(&body)["dependencies"][1]["time_limit"], 0.1);

    join(&app, 0, json!([""]), "tl1").await;
    let messages = read_stream(&app, "tl1").await;
    let done = messages
        .iter()
        .find(|m| m["msg"] == "process_completed")
        .unwrap();
    assert_eq!(done["success"], true, "{done}");
    // About four counts fit in the limit; the stream was stopped, not left to run.
    let last: u32 = done["output"]["data"][0].as_str().unwrap().parse().unwrap();
    assert!((2..=5).contains(&last), "{last}");
    // Each result says how much of the limit is left, as Gradio's streams do.
    let left: Vec<f64> = messages
        .iter()
        .filter(|m| m["msg"] == "process_generating")
        .map(|m| m["time_limit"].as_f64().unwrap())
        .collect();
    assert!(
        !left.is_empty() && left.iter().all(|s| *s <= 0.45),
        "{left:?}"
    );
    assert!(left.windows(2).all(|w| w[1] <= w[0]), "{left:?}");
    // Called directly (queue(false)), the stream ends the same way: with its last result.
    let (s, b) = post(
        &app,
        "/gradio_api/run/predict",
        json!({"data": [""], "fn_index": 2}).to_string(),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let last: u32 = json(&b)["data"][0].as_str().unwrap().parse().unwrap();
    assert!((1..=4).contains(&last), "{last}");

    join(&app, 1, json!([""]), "tl2").await;
    let messages = read_stream(&app, "tl2").await;
    let done = messages
        .iter()
        .find(|m| m["msg"] == "process_completed")
        .unwrap();
    assert_eq!(done["success"], false);
    assert_eq!(
        done["output"]["error"],
        "The function took longer than its time limit (0.1 s)."
    );
}

#[tokio::test]
async fn queue_false_listeners_run_directly_at_run_predict() {
    let app = app(Blocks::new(|b| {
        let a = b.add(Number::new().label("a"));
        let x = b.add(Number::new().label("x"));
        let visits = b.add(State::new(0.0));
        let t = b.add(Textbox::new());
        b.button("Add")
            .click(|a: f64, b: f64| a + b, (a, x), x)
            .api_name("add")
            .queue(false);
        b.button("Visit")
            .click(|n: f64| (n + 1.0, n + 1.0), visits, (visits, x))
            .api_name("visit")
            .queue(false);
        b.button("Fail").click(fails, t, t).queue(false);
        b.button("Panic").click(panics, t, t).queue(false);
        b.button("Queued").click(|s: String| s, t, t);
    }));
    let (_, _, body) = get(&app, "/config").await;
    assert_eq!(json(&body)["dependencies"][0]["queue"], false);
    assert_eq!(json(&body)["dependencies"][4]["queue"], true);

    // The page's form: `/run/predict` with the fn_index; Gradio's answer.
    let run = |body: Value| {
        let app = app.clone();
        async move { post(&app, "/gradio_api/run/predict", body.to_string()).await }
    };
    let (s, b) = run(json!({"data": [1, 2.5], "fn_index": 0, "session_hash": "d"})).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let out = json(&b);
    assert_eq!(out["data"], json!([3.5]));
    assert_eq!(out["is_generating"], false);
    assert!(out["duration"].is_f64());
    // By name, without a session.
    let (s, b) = post(
        &app,
        "/gradio_api/run/add",
        json!({"data": [2, 2]}).to_string(),
    )
    .await;
    assert_eq!(
        (s, json(&b)["data"].clone()),
        (StatusCode::OK, json!([4.0]))
    );
    // A session's State carries over between direct calls.
    for n in [1.0, 2.0] {
        let (_, b) = run(json!({"data": [null], "fn_index": 1, "session_hash": "d"})).await;
        assert_eq!(json(&b)["data"], json!([null, n]));
    }

    let (s, b) = run(json!({"data": ["x", 1], "fn_index": 0})).await;
    assert_detail(
        s,
        &b,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a: expected a number",
    )
    .await;
    let (s, b) = run(json!({"data": ["x"], "fn_index": 2})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(json(&b)["error"], "that input is not allowed");
    let (s, b) = run(json!({"data": ["x"], "fn_index": 3})).await;
    assert_eq!(s, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(
        json(&b)["error"].as_str().unwrap().contains("panicked"),
        "{b}"
    );
    // Queued listeners keep their queue (and its limits).
    let (s, b) = run(json!({"data": ["x"], "fn_index": 4})).await;
    assert_detail(s, &b, StatusCode::NOT_FOUND, "runs through the queue").await;
    let (s, b) = run(json!({"data": ["x"], "fn_index": 9})).await;
    assert_detail(s, &b, StatusCode::NOT_FOUND, "fn_index 9").await;
    // API clients may still join a queue(false) listener through the queue.
    join(&app, 0, json!([1, 1]), "q").await;
    let done = read_stream(&app, "q").await;
    assert_eq!(done[2]["output"]["data"], json!([2.0]));
}

#[tokio::test]
async fn a_batch_listener_runs_waiting_events_together_each_getting_its_own_output() {
    let sizes = Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = sizes.clone();
    let app = app(Blocks::new(move |b| {
        let text = b.add(Textbox::new().label("Text"));
        let out = b.add(Textbox::new());
        let go = b.button("Shout");
        b.on_batch(
            [go.clicked()],
            move |texts: Vec<String>| {
                seen.lock().unwrap().push(texts.len());
                std::thread::sleep(Duration::from_millis(300));
                texts.iter().map(|t| t.to_uppercase()).collect::<Vec<_>>()
            },
            text,
            out,
        )
        .api_name("shout")
        .max_batch_size(3);
        let bad = b.button("Bad");
        b.on_batch(
            [bad.clicked()],
            |_: Vec<String>| Vec::<String>::new(),
            text,
            out,
        )
        .api_name("bad");
    }));
    let (_, _, body) = get(&app, "/config").await;
    let dep = &json(&body)["dependencies"][0];
    assert_eq!(
        (dep["batch"].clone(), dep["max_batch_size"].clone()),
        (json!(true), json!(3))
    );
    // To callers a batch endpoint takes and gives one value.
    let (_, _, info) = get(&app, "/gradio_api/info").await;
    let shout = &json(&info)["named_endpoints"]["/shout"];
    assert_eq!(shout["parameters"][0]["python_type"]["type"], "str");
    assert_eq!(shout["returns"][0]["python_type"]["type"], "str");

    let words = ["a", "b", "c", "d", "e"];
    let mut ids = Vec::new();
    for (i, w) in words.iter().enumerate() {
        ids.push(join(&app, 0, json!([w]), &format!("batch{i}")).await);
    }
    for (i, w) in words.iter().enumerate() {
        // Ranks may be re-sent while the line moves; then it starts and completes once.
        let messages: Vec<Value> = read_stream(&app, &format!("batch{i}"))
            .await
            .into_iter()
            .filter(|m| m["msg"] != "estimation")
            .collect();
        assert_eq!(
            msgs(&messages),
            ["process_starts", "process_completed", "close_stream"],
            "{i}"
        );
        let done = &messages[1];
        assert_eq!(done["event_id"], ids[i].as_str());
        assert_eq!(done["output"]["data"], json!([w.to_uppercase()]));
    }
    // However the joins and runs interleave: every event ran once, at most 3 per call, and
    // events that waited together ran together.
    let sizes = sizes.lock().unwrap().clone();
    assert_eq!(sizes.iter().sum::<usize>(), 5, "{sizes:?}");
    assert!(sizes.iter().all(|n| (1..=3).contains(n)), "{sizes:?}");
    assert!(sizes.len() < 5, "{sizes:?}");

    // A batch function that returns the wrong number of results fails every event in it.
    join(&app, 1, json!(["x"]), "bad").await;
    let done = read_stream(&app, "bad").await;
    assert_eq!(done[2]["success"], false);
    assert_eq!(
        done[2]["output"]["error"],
        "the batch function returned 0 result(s) for 1 input(s)"
    );
    // Bad input is refused at the join, as for any endpoint.
    let (s, b) = post(
        &app,
        "/gradio_api/queue/join",
        json!({"data": [5], "fn_index": 0, "session_hash": "b"}).to_string(),
    )
    .await;
    assert_detail(
        s,
        &b,
        StatusCode::UNPROCESSABLE_ENTITY,
        "Text: expected a string",
    )
    .await;
}

#[tokio::test]
async fn a_reconnecting_reader_takes_over_from_a_stream_that_went_quiet() {
    use http_body_util::BodyExt;
    use tower::ServiceExt;

    let app = app(Blocks::new(|b| {
        let t = b.add(Textbox::new());
        b.button("Slow").click(slow_echo, t, t);
    }));
    let event = join(&app, 0, json!(["kept"]), "re").await;
    // The first reader gets the estimation, then its connection dies unnoticed: it is never
    // read again, but not dropped either (a half-open TCP connection).
    let req = axum::http::Request::get("/gradio_api/queue/data?session_hash=re")
        .body(axum::body::Body::empty())
        .unwrap();
    let mut stale = app.clone().oneshot(req).await.unwrap().into_body();
    let first = stale.frame().await.unwrap().unwrap().into_data().unwrap();
    assert!(String::from_utf8_lossy(&first).contains("estimation"));
    // The browser reconnects: the new stream gets the rest, result included, at once.
    let messages = tokio::time::timeout(Duration::from_secs(5), read_stream(&app, "re"))
        .await
        .expect("the new reader is not kept waiting behind the stale one");
    let done = messages
        .iter()
        .find(|m| m["msg"] == "process_completed")
        .expect("the result reaches the new reader");
    assert_eq!(done["event_id"], event.as_str());
    assert_eq!(done["output"]["data"], json!(["kept"]));
    // The stale stream was ended, not left holding the session.
    let rest = tokio::time::timeout(Duration::from_secs(1), stale.frame()).await;
    assert!(matches!(rest, Ok(None)), "the old stream ended");
}

#[tokio::test]
async fn examples_load_into_the_inputs_with_their_cached_outputs() {
    let runs = Arc::new(AtomicUsize::new(0));
    let counted = runs.clone();
    let app = app(Blocks::new(move |b| {
        let name = b.add(Textbox::new().label("Name"));
        let times = b.add(Number::new().label("Times"));
        let out = b.add(Textbox::new().label("Out"));
        let go = b
            .button("Go")
            .click(
                move |name: String, n: f64| {
                    counted.fetch_add(1, Ordering::SeqCst);
                    name.repeat(n as usize)
                },
                (name, times),
                out,
            )
            .api_name("go")
            .id();
        b.examples(
            (name, times),
            [("ab".to_owned(), 2.0), ("c".to_owned(), 3.0)],
        )
        .cached(go);
        b.examples(name, ["plain".to_owned()]);
    }));
    let (_, _, body) = get(&app, "/config").await;
    let config = json(&body);
    let tables: Vec<&Value> = config["components"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["type"] == "dataset")
        .collect();
    assert_eq!(
        tables[0]["props"]["samples"],
        json!([["ab", 2.0], ["c", 3.0]])
    );
    assert_eq!(tables[0]["props"]["headers"], json!(["Name", "Times"]));
    assert_eq!(
        tables[0]["props"]["components"],
        json!(["textbox", "number"])
    );
    let load = &config["dependencies"][1];
    assert_eq!(load["targets"], json!([[tables[0]["id"], "click"]]));
    assert_eq!(load["queue"], false);
    assert_eq!(load["api_visibility"], "private");
    assert_eq!(load["outputs"], json!([1, 2, 3]));
    // Not cached: only the inputs.
    assert_eq!(config["dependencies"][2]["outputs"], json!([1]));

    let run = |body: Value| {
        let app = app.clone();
        async move { post(&app, "/gradio_api/run/predict", body.to_string()).await }
    };
    // Cached in the background at startup, or at the first click: the function runs once a row.
    for _ in 0..3 {
        let (s, b) = run(json!({"data": [1], "fn_index": 1, "session_hash": "ex"})).await;
        assert_eq!(s, StatusCode::OK, "{b}");
        assert_eq!(json(&b)["data"], json!(["c", 3.0, "ccc"]));
    }
    let (_, b) = run(json!({"data": [0], "fn_index": 1})).await;
    assert_eq!(json(&b)["data"], json!(["ab", 2.0, "abab"]));
    assert_eq!(runs.load(Ordering::SeqCst), 2);
    let (_, b) = run(json!({"data": [0], "fn_index": 2})).await;
    assert_eq!(json(&b)["data"], json!(["plain"]));

    let (s, b) = run(json!({"data": [7], "fn_index": 1})).await;
    assert_detail(
        s,
        &b,
        StatusCode::UNPROCESSABLE_ENTITY,
        "there is no example 7",
    )
    .await;
    let (s, b) = run(json!({"data": ["x"], "fn_index": 1})).await;
    assert_detail(
        s,
        &b,
        StatusCode::UNPROCESSABLE_ENTITY,
        "the index of an example",
    )
    .await;
}

#[tokio::test]
async fn a_chat_interface_answers_at_chat_streaming_the_reply() {
    let app = app(ferrio_demo::chat::app());
    let (_, _, body) = get(&app, "/config").await;
    assert_eq!(json(&body)["mode"], "chat_interface");
    let (_, _, info) = get(&app, "/gradio_api/info").await;
    let endpoints = &json(&info)["named_endpoints"];
    // The function's endpoint, and 5.x's `/chat` for it, undocumented.
    assert_eq!(endpoints.as_object().unwrap().len(), 2, "{endpoints}");
    assert_eq!(endpoints["/echo_bot"]["api_visibility"], "public");
    assert_eq!(endpoints["/chat"]["api_visibility"], "undocumented");
    let chat = &endpoints["/chat"];
    assert_eq!(chat["parameters"][0]["parameter_name"], "message");
    assert_eq!(chat["parameters"][0]["python_type"]["type"], "str");
    // JSON, as Gradio's: a text reply is a string.
    assert_eq!(chat["returns"][0]["component"], "JSON");

    let (_, body) = post(
        &app,
        "/gradio_api/call/chat",
        json!({"data": ["hi"]}).to_string(),
    )
    .await;
    let event = json(&body)["event_id"].as_str().unwrap().to_owned();
    let (_, _, events) = get(&app, &format!("/gradio_api/call/chat/{event}")).await;
    // The reply grows, then completes whole.
    assert!(events.contains("event: generating"), "{events}");
    assert!(
        events.contains("event: complete\ndata: [\"You said: hi (message 1)\"]"),
        "{events}"
    );
    // The additional input, given or left to its default.
    assert_eq!(chat["parameters"][1]["parameter_name"], "capitals");
    assert_eq!(chat["parameters"][1]["parameter_has_default"], true);
    assert_eq!(chat["parameters"][1]["parameter_default"], false);
    let (_, body) = post(
        &app,
        "/gradio_api/call/chat",
        json!({"data": ["hi", true]}).to_string(),
    )
    .await;
    let event = json(&body)["event_id"].as_str().unwrap().to_owned();
    let (_, _, events) = get(&app, &format!("/gradio_api/call/chat/{event}")).await;
    assert!(
        events.contains("data: [\"YOU SAID: HI (MESSAGE 1)\"]"),
        "{events}"
    );
    // A required parameter can't be left out.
    let (status, body) = post(
        &app,
        "/gradio_api/call/chat",
        json!({"data": []}).to_string(),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
}

#[tokio::test]
async fn cancelling_one_event_of_a_batch_spares_the_others() {
    // Call n starts, counts itself, and waits until the test releases it.
    let (calls, released) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let (c, r) = (calls.clone(), released.clone());
    let app = app(Blocks::new(move |b| {
        let text = b.add(Textbox::new());
        let go = b.button("Go");
        b.on_batch(
            [go.clicked()],
            move |texts: Vec<String>| {
                let n = c.fetch_add(1, Ordering::SeqCst);
                while r.load(Ordering::SeqCst) <= n {
                    std::thread::sleep(Duration::from_millis(5));
                }
                texts
            },
            text,
            text,
        );
    }));
    let until = |n: usize| {
        let calls = calls.clone();
        async move {
            while calls.load(Ordering::SeqCst) < n {
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        }
    };
    // The first runs alone; the next two wait in line, then run together in one call.
    join(&app, 0, json!(["first"]), "b0").await;
    until(1).await;
    let a = join(&app, 0, json!(["a"]), "ba").await;
    join(&app, 0, json!(["b"]), "bb").await;
    released.store(1, Ordering::SeqCst);
    until(2).await;
    // a's reader cancels it while the call runs: a completes now, quietly.
    let (status, _) = cancel(&app, "ba", &a).await;
    assert_eq!(status, StatusCode::OK);
    let cancelled = read_stream(&app, "ba").await;
    let done = cancelled
        .iter()
        .find(|m| m["msg"] == "process_completed")
        .unwrap();
    assert_eq!(done["success"], false);
    assert_eq!(done["output"]["error"], json!(null));
    // b, in the same call, still gets its result when the call ends.
    released.store(2, Ordering::SeqCst);
    let kept = read_stream(&app, "bb").await;
    let done = kept
        .iter()
        .find(|m| m["msg"] == "process_completed")
        .unwrap();
    assert_eq!(done["success"], true, "{done}");
    assert_eq!(done["output"]["data"], json!(["b"]));
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn the_theme_and_the_apps_css_are_served_at_theme_css_named_by_their_hash() {
    let app = app(ferrio_demo::chat::app());
    let (_, _, body) = get(&app, "/config").await;
    let config = json(&body);
    assert_eq!(config["theme"], "custom");
    assert!(config["head"]
        .as_str()
        .unwrap()
        .contains("<meta name=\"description\""));
    let hash = config["theme_hash"].as_str().unwrap().to_owned();
    assert_eq!(hash.len(), 16);
    let (status, content_type, css) = get(&app, &format!("/theme.css?v={hash}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.starts_with("text/css"), "{content_type}");
    assert!(css.contains("--primary-500: #3b82f6;"), "{css}");
    assert!(
        css.ends_with(".gradio-container h1 { text-align: center; }\n"),
        "{css}"
    );
    // The page links it, and puts the app's head HTML in its head.
    let (_, _, page) = get(&app, "/").await;
    assert!(
        page.contains(&format!("href=\"/theme.css?v={hash}\"")),
        "{page}"
    );
    let head = &page[..page.find("</head>").unwrap()];
    assert!(head.contains(
        "<meta name=\"description\" content=\"A streaming echo bot, made with Ferrio\">"
    ));
    // Another theme, another name.
    let (_, _, body) = get(&reference(), "/config").await;
    assert_eq!(json(&body)["theme"], "default");
    assert_ne!(json(&body)["theme_hash"], hash.as_str());
}

#[tokio::test]
async fn a_chat_interface_retries_undoes_and_clears_for_the_page_only() {
    let app = app(ferrio_demo::chat::app());
    let (_, _, body) = get(&app, "/config").await;
    let config = json(&body);
    let listener_of = |text: &str| {
        let id = config["components"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["props"]["value"] == text)
            .unwrap()["id"]
            .clone();
        let dep = config["dependencies"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["targets"][0][0] == id)
            .unwrap()
            .clone();
        assert_eq!(dep["api_visibility"], "private", "{text}");
        dep
    };
    let history = json!([
        {"role": "user", "content": "hi"},
        {"role": "assistant", "content": "wrong"}
    ]);
    let retry = listener_of("↻ Retry");
    // The retry gets the additional input too (the demo's "Capitals" box).
    assert_eq!(retry["inputs"].as_array().unwrap().len(), 2);
    join(
        &app,
        retry["id"].as_u64().unwrap() as u32,
        json!([history, false]),
        "r",
    )
    .await;
    let messages = read_stream(&app, "r").await;
    let done = messages
        .iter()
        .find(|m| m["msg"] == "process_completed")
        .unwrap();
    assert_eq!(
        done["output"]["data"][0],
        json!([{"role": "user", "metadata": null, "content": [{"type": "text", "text": "hi"}], "options": null},
               {"role": "assistant", "metadata": null,
                "content": [{"type": "text", "text": "You said: hi (message 1)"}], "options": null}]),
        "{messages:?}"
    );
    let undo = listener_of("↶ Undo");
    assert_eq!(undo["queue"], false);
    assert!(!undo["cancels"].as_array().unwrap().is_empty());
    let (status, body) = post(
        &app,
        "/gradio_api/run/predict",
        json!({"data": [history], "fn_index": undo["id"], "session_hash": "u"}).to_string(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(json(&body)["data"], json!(["hi", []]));
}

#[tokio::test]
async fn lazily_cached_examples_run_at_their_first_click_only() {
    let runs = Arc::new(AtomicUsize::new(0));
    let counted = runs.clone();
    let app = app(Blocks::new(move |b| {
        let name = b.add(Textbox::new().label("Name"));
        let out = b.add(Textbox::new().label("Out"));
        let go = b
            .button("Go")
            .click(
                move |name: String| {
                    counted.fetch_add(1, Ordering::SeqCst);
                    name.to_uppercase()
                },
                name,
                out,
            )
            .id();
        b.examples(name, ["a".to_owned(), "b".to_owned()])
            .cached_with(go, ferrio::prelude::CacheMode::Lazy);
    }));
    // Nothing runs at startup.
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(runs.load(Ordering::SeqCst), 0);
    for _ in 0..2 {
        let body = json!({"data": [1], "fn_index": 1, "session_hash": "l"});
        let (s, b) = post(&app, "/gradio_api/run/predict", body.to_string()).await;
        assert_eq!(s, StatusCode::OK, "{b}");
        assert_eq!(json(&b)["data"], json!(["b", "B"]));
    }
    assert_eq!(runs.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn the_api_page_lists_the_endpoints_unless_the_app_hides_it() {
    let (status, _, page) = get(&reference(), "/?view=api").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("<h1>API of echo</h1>"), "{page}");
    assert!(page.contains("id=\"endpoint-filesize\""));
    let (_, _, app_page) = get(&reference(), "/").await;
    assert!(app_page.contains("href=\"?view=api\""));
    // Gradio 6's `footer_links` without "api" (5.x's `show_api=False`).
    let hidden =
        app(ferrio_demo::reference::app().footer_links([FooterLink::Gradio, FooterLink::Settings]));
    let (_, _, body) = get(&hidden, "/config").await;
    assert_eq!(json(&body)["footer_links"], json!(["gradio", "settings"]));
    assert!(json(&body).get("show_api").is_none());
    // The app itself, without the link; the API still answers.
    let (_, _, page) = get(&hidden, "/?view=api").await;
    assert!(!page.contains("API of echo"));
    assert!(!page.contains("Use via API"), "{page}");
    let (status, _, _) = get(&hidden, "/gradio_api/info").await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn the_page_gets_a_markdown_values_html_from_the_server_sanitized() {
    let app = reference();
    let (status, body) = post(
        &app,
        "/gradio_api/markdown",
        json!({"text": "**hi** <script>alert(1)</script>"}).to_string(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let html = json(&body)["html"].as_str().unwrap().to_owned();
    assert!(html.contains("<strong>hi</strong>"), "{html}");
    assert!(!html.contains("<script"), "{html}");
    // A chat message's single newlines break its lines.
    for (line_breaks, expected) in [(true, "<p>a<br />\nb</p>\n"), (false, "<p>a\nb</p>\n")] {
        let req = json!({"text": "a\nb", "line_breaks": line_breaks});
        let (status, body) = post(&app, "/gradio_api/markdown", req.to_string()).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(json(&body)["html"], expected);
    }
    let (status, body) = post(&app, "/gradio_api/markdown", r#"{"text": 3}"#).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(json(&body)["detail"].is_string(), "{body}");
    let long = json!({"text": "a".repeat(600 * 1024)}).to_string();
    let (status, body) = post(&app, "/gradio_api/markdown", long).await;
    assert!(status.is_client_error(), "{status}");
    assert!(
        json(&body)["detail"].as_str().unwrap().contains("too long"),
        "{body}"
    );
}

#[tokio::test]
async fn a_markdown_output_sends_its_source_as_gradio_does() {
    let app = app(Blocks::new(|b| {
        let t = b.add(Textbox::new());
        let md = b.add(Markdown::new("").label("Shown"));
        b.button("Go")
            .click(|s: String| format!("# {s}"), t, md)
            .api_name("title");
    }));
    join(&app, 0, json!(["Hi"]), "md1").await;
    let messages = read_stream(&app, "md1").await;
    assert_eq!(messages[2]["output"]["data"], json!(["# Hi"]));
    let (_, _, body) = get(&app, "/gradio_api/info").await;
    let returns = &json(&body)["named_endpoints"]["/title"]["returns"][0];
    assert_eq!(returns["component"], "Markdown", "{returns}");
    assert_eq!(returns["label"], "Shown", "{returns}");
    assert_eq!(returns["python_type"]["type"], "str", "{returns}");
}

#[tokio::test]
async fn an_examples_table_shows_choices_by_label_and_loads_their_values() {
    let app = app(Blocks::new(|b| {
        let size = b.add(Radio::new([("Small", "s"), ("Large", "l")]).label("Size"));
        let tags = b.add(Dropdown::new([("Red", "r"), ("Blue", "b")]).multiselect());
        b.examples(
            (size, tags),
            [(Some("l".to_owned()), vec!["b".to_owned(), "r".to_owned()])],
        );
    }));
    let (_, _, body) = get(&app, "/config").await;
    let config = json(&body);
    let table = config["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["type"] == "dataset")
        .unwrap();
    assert_eq!(
        table["props"]["samples"],
        json!([["Large", ["Blue", "Red"]]])
    );
    // A click loads the values themselves.
    let body = json!({"data": [0], "fn_index": 0, "session_hash": "ex"});
    let (status, body) = post(&app, "/gradio_api/run/predict", body.to_string()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(json(&body)["data"], json!(["l", ["b", "r"]]));
}

/// gradio_client 1.x reuses its open stream for a call joined just after the last one ended:
/// `close_stream` is decided as the stream is read, as Gradio does, so that stream carries on.
#[tokio::test]
async fn a_join_before_the_close_is_read_keeps_the_stream_open() {
    let app = reference();
    let first = join(&app, 0, json!(["one"]), "reuse").await;
    // The first has completed (and its close_stream waits, unread) when the second joins.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let second = join(&app, 0, json!(["two"]), "reuse").await;
    let messages = read_stream(&app, "reuse").await;
    let completed: Vec<&str> = messages
        .iter()
        .filter(|m| m["msg"] == "process_completed")
        .map(|m| m["event_id"].as_str().unwrap())
        .collect();
    assert_eq!(completed, [first.as_str(), second.as_str()], "{messages:?}");
    let closes = messages
        .iter()
        .filter(|m| m["msg"] == "close_stream")
        .count();
    assert_eq!(closes, 1, "{messages:?}");
    assert_eq!(msgs(&messages).last(), Some(&"close_stream"));
}
