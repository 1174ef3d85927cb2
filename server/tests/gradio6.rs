//! What Gradio 6 changed on the wire, old shape and new: the 6.x messages, `/call/v2`,
//! `api_visibility`, endpoints named after their function with the 5.x names still answering,
//! and the 6.x config settings.

use crate::common::*;
use axum::http::StatusCode;
use ferrio::prelude::*;
use serde_json::{json, Value};

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/gradio-6.31.0/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(path).unwrap()
}

/// The keys of each `data:` message of a capture, in order.
fn message_keys(messages: &[Value]) -> Vec<Vec<String>> {
    let keys = |v: &Value| -> Vec<String> {
        v.as_object()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    };
    messages
        .iter()
        .flat_map(|m| [keys(m), keys(&m["output"])])
        .collect()
}

#[tokio::test]
async fn messages_have_gradio_6_fields_for_success_and_failure() {
    let app = reference();
    join(&app, 0, json!(["hello"]), "six").await;
    let ours = read_stream(&app, "six").await;
    let theirs = sse_messages(&fixture("sse_echo.txt"));
    assert_eq!(message_keys(&ours), message_keys(&theirs));
    let done = &ours[2];
    // 6.x: the run's timings again, as `cache_duration` and `avg_time`; no cache here.
    assert_eq!(done["used_cache"], Value::Null);
    assert_eq!(done["output"]["used_cache"], Value::Null);
    assert_eq!(done["cache_duration"], done["output"]["duration"]);
    assert_eq!(done["avg_time"], done["output"]["average_duration"]);

    // A function that fails (Gradio's capture: `add("x", 1)` raising; Ferrio refuses "x" at
    // the join, so a function of its own fails here).
    let app = self::app(Blocks::new(|b| {
        let i = b.add(Textbox::new());
        b.button("Fail").click(
            |_: String| -> Result<String, String> { Err("no".into()) },
            i,
            i,
        );
    }));
    join(&app, 0, json!(["x"]), "six-bad").await;
    let ours = read_stream(&app, "six-bad").await;
    let theirs = sse_messages(&fixture("sse_add_bad.txt"));
    let failed = ours
        .last()
        .filter(|m| m["msg"] == "close_stream")
        .map(|_| &ours[ours.len() - 2]);
    let failed = failed.expect("a failure, then the stream's end");
    let gradio = &theirs[theirs.len() - 2];
    for key in ["used_cache", "cache_duration", "avg_time"] {
        assert_eq!(failed[key], gradio[key], "{key}");
    }
    assert_eq!(failed["title"], gradio["title"]);
}

/// `/call/v2/<api>`: keyword arguments, answered as `/call` answers; read back from either
/// path.
#[tokio::test]
async fn call_v2_takes_keyword_arguments() {
    let app = reference();
    let (status, body) = post(&app, "/gradio_api/call/v2/add", r#"{"a": 2, "b": 3.5}"#).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let event_id = json(&body)["event_id"].as_str().unwrap().to_owned();
    let (_, content_type, stream) = get(&app, &format!("/gradio_api/call/add/{event_id}")).await;
    assert_eq!(stream, "event: complete\ndata: [5.5]\n\n");
    // Labelled as Gradio labels its streams.
    assert_eq!(content_type, "text/event-stream; charset=utf-8");
    // Gradio's capture: the same answer, the same stream.
    assert!(fixture("call_v2_add.txt").contains("event: complete\ndata: [5.5]"));

    let (_, body) = post(&app, "/gradio_api/call/v2/echo", r#"{"text": "hi"}"#).await;
    let event_id = json(&body)["event_id"].as_str().unwrap().to_owned();
    let (_, _, stream) = get(&app, &format!("/gradio_api/call/v2/echo/{event_id}")).await;
    assert_eq!(stream, "event: complete\ndata: [\"hi\"]\n\n");
}

#[tokio::test]
async fn call_v2_leaves_out_parameters_with_defaults() {
    let app = app(ferrio_demo::chat::app());
    // `capitals` (the additional input) has a default; `message` is the only one needed.
    let (status, body) = post(&app, "/gradio_api/call/v2/echo_bot", r#"{"message": "hi"}"#).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let event_id = json(&body)["event_id"].as_str().unwrap().to_owned();
    let (_, _, stream) = get(&app, &format!("/gradio_api/call/echo_bot/{event_id}")).await;
    assert!(
        stream.ends_with("event: complete\ndata: [\"You said: hi (message 1)\"]\n\n"),
        "{stream}"
    );
}

#[tokio::test]
async fn call_v2_refuses_bad_bodies_with_a_detail() {
    let app = reference();
    let cases = [
        (
            r#"{"text": "hi", "txt": "x"}"#,
            StatusCode::UNPROCESSABLE_ENTITY,
            "`txt`",
        ),
        (r#"{}"#, StatusCode::UNPROCESSABLE_ENTITY, "`text`"),
        (r#"{"text": 3}"#, StatusCode::UNPROCESSABLE_ENTITY, "string"),
        (r#"["hi"]"#, StatusCode::UNPROCESSABLE_ENTITY, "JSON object"),
        (r#""hi""#, StatusCode::UNPROCESSABLE_ENTITY, "JSON object"),
        (r#"{"text": "#, StatusCode::BAD_REQUEST, "JSON"),
    ];
    for (body, status, needle) in cases {
        let (s, b) = post(&app, "/gradio_api/call/v2/echo", body).await;
        assert_detail(s, &b, status, needle).await;
    }
    let (s, b) = post(&app, "/gradio_api/call/v2/nope", "{}").await;
    assert_detail(s, &b, StatusCode::NOT_FOUND, "/nope").await;
    // The unknown keyword's message lists what the endpoint takes.
    let (_, b) = post(&app, "/gradio_api/call/v2/add", r#"{"a": 1, "c": 2}"#).await;
    assert!(b.contains("`a`, `b`"), "{b}");
}

fn visibilities() -> Blocks {
    Blocks::new(|b| {
        let i = b.add(Textbox::new());
        let o = b.add(Textbox::new());
        b.button("Public")
            .click(|s: String| s, i, o)
            .api_name("public");
        b.button("Hidden")
            .click(|s: String| s.to_uppercase(), i, o)
            .api_name("hidden")
            .api_visibility(ApiVisibility::Undocumented);
        b.button("Private")
            .click(|s: String| s.to_lowercase(), i, o)
            .api_name("private")
            .api_visibility(ApiVisibility::Private);
    })
}

#[tokio::test]
async fn api_visibility_lists_and_admits_as_gradio_6() {
    let app = app(visibilities());
    let (_, _, body) = get(&app, "/config").await;
    let deps = &json(&body)["dependencies"];
    let seen: Vec<_> = deps
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["api_visibility"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(seen, ["public", "undocumented", "private"]);
    // 5.x's `show_api` is gone from the config, as in 6.31.
    assert!(deps[0].get("show_api").is_none());

    let (_, _, info) = get(&app, "/gradio_api/info").await;
    let listed: Vec<_> = json(&info)["named_endpoints"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    assert_eq!(listed, ["/public"]);
    let (_, _, all) = get(&app, "/gradio_api/info?all_endpoints=true").await;
    let all = json(&all);
    let mut callable: Vec<_> = all["named_endpoints"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    callable.sort();
    assert_eq!(callable, ["/hidden", "/public"]);
    assert_eq!(
        all["named_endpoints"]["/hidden"]["api_visibility"],
        "undocumented"
    );
    assert!(all["named_endpoints"]["/hidden"]
        .get("code_snippets")
        .is_none());

    // Undocumented: callable by name. Private: not by name, though the page's join runs it.
    let (status, body) = post(&app, "/gradio_api/call/v2/hidden", r#"{"param_0": "a"}"#).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let event_id = json(&body)["event_id"].as_str().unwrap().to_owned();
    let (_, _, stream) = get(&app, &format!("/gradio_api/call/hidden/{event_id}")).await;
    assert_eq!(stream, "event: complete\ndata: [\"A\"]\n\n");
    let (s, b) = post(&app, "/gradio_api/call/private", r#"{"data": ["A"]}"#).await;
    assert_detail(s, &b, StatusCode::NOT_FOUND, "/private").await;
    join(&app, 2, json!(["A"]), "page").await;
    let done = read_stream(&app, "page").await;
    assert_eq!(done[2]["output"]["data"], json!(["a"]));
}

fn greet(name: String, times: f64) -> String {
    format!("Hello, {name}!").repeat(times as usize)
}

/// Gradio 6 names an Interface's endpoint after its function; 5.x's `/predict` still answers,
/// undocumented but described to clients (so keyword calls written for 5.x keep working).
#[tokio::test]
async fn interface_endpoints_are_named_after_the_function_and_predict_answers() {
    let app = app(Interface::new(
        greet,
        (Textbox::new().label("name"), Number::new().label("times")),
        Textbox::new(),
    )
    .into_blocks());
    let (_, _, body) = get(&app, "/config").await;
    let config = json(&body);
    let names: Vec<_> = config["dependencies"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| Some((d["api_name"].as_str()?, d["api_visibility"].as_str()?)))
        .collect();
    assert!(names.contains(&("greet", "public")), "{names:?}");
    assert!(names.contains(&("predict", "undocumented")), "{names:?}");
    for api in ["greet", "predict"] {
        let (status, body) = post(
            &app,
            &format!("/gradio_api/call/{api}"),
            r#"{"data": ["Ada", 1]}"#,
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{api}: {body}");
        let event_id = json(&body)["event_id"].as_str().unwrap().to_owned();
        let (_, _, stream) = get(&app, &format!("/gradio_api/call/{api}/{event_id}")).await;
        assert_eq!(
            stream, "event: complete\ndata: [\"Hello, Ada!\"]\n\n",
            "{api}"
        );
    }
    // Clients see both; the API page shows the new name only.
    let (_, _, info) = get(&app, "/gradio_api/info").await;
    let info = json(&info);
    assert_eq!(
        info["named_endpoints"]["/greet"]["api_visibility"],
        "public"
    );
    assert_eq!(
        info["named_endpoints"]["/predict"]["api_visibility"],
        "undocumented"
    );
    assert_eq!(
        info["named_endpoints"]["/predict"]["parameters"],
        info["named_endpoints"]["/greet"]["parameters"]
    );
    let (_, _, page) = get(&app, "/?view=api").await;
    assert!(page.contains("id=\"endpoint-greet\""), "{page}");
    assert!(!page.contains("id=\"endpoint-predict\""), "{page}");
}

#[tokio::test]
async fn chat_interface_endpoint_is_named_after_the_function_and_chat_answers() {
    let app = app(ferrio_demo::chat::app());
    for api in ["echo_bot", "chat"] {
        let (status, body) = post(
            &app,
            &format!("/gradio_api/call/v2/{api}"),
            r#"{"message": "yo"}"#,
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{api}: {body}");
        let event_id = json(&body)["event_id"].as_str().unwrap().to_owned();
        let (_, _, stream) = get(&app, &format!("/gradio_api/call/{api}/{event_id}")).await;
        assert!(
            stream.ends_with("data: [\"You said: yo (message 1)\"]\n\n"),
            "{api}: {stream}"
        );
    }
}

#[tokio::test]
async fn config_has_gradio_6_settings() {
    let app = app(ferrio_demo::reference::app()
        .fill_height(true)
        .fill_width(true)
        .css(".x { color: red }")
        .footer_links([FooterLink::Settings]));
    let (_, _, body) = get(&app, "/config").await;
    let config = json(&body);
    assert_eq!(config["fill_height"], true);
    assert_eq!(config["fill_width"], true);
    assert_eq!(config["css"], ".x { color: red }");
    assert_eq!(config["head"], Value::Null);
    assert_eq!(config["footer_links"], json!(["settings"]));
    assert_eq!(config["run_history"], true);
    for dep in config["dependencies"].as_array().unwrap() {
        assert_eq!(dep["component_prop_inputs"], json!([]));
        assert!(dep.get("like_user_message").is_none());
    }
    // The page: the fill classes, a footer with the settings alone.
    let (_, _, page) = get(&app, "/").await;
    assert!(
        page.contains("gradio-container fill-height fill-width"),
        "{page}"
    );
    assert!(!page.contains("Use via API"));
    assert!(page.contains("theme-toggle"));
    // No links at all: no footer.
    let bare = self::app(ferrio_demo::reference::app().footer_links([]));
    let (_, _, page) = get(&bare, "/").await;
    assert!(!page.contains("<footer"), "{page}");
}

#[tokio::test]
async fn manifest_robots_and_theme_are_served_as_gradio_6_serves_them() {
    let app = reference();
    let (status, content_type, body) = get(&app, "/manifest.json").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(content_type, "application/manifest+json");
    let manifest = json(&body);
    assert_eq!(manifest["name"], "echo");
    assert_eq!(manifest["start_url"], "./");
    assert_eq!(manifest["display"], "standalone");
    assert_eq!(manifest["icons"][0]["type"], "image/svg+xml");
    let (status, _, icon) = get(
        &app,
        manifest["icons"][0]["src"]
            .as_str()
            .map(|s| format!("/{s}"))
            .as_deref()
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(icon.starts_with("<svg"), "{icon}");
    // The theme under the API prefix too, as Gradio serves it.
    let (status, content_type, _) = get(&app, "/gradio_api/theme.css").await;
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.starts_with("text/css"), "{content_type}");
    let (status, _, robots) = get(&app, "/robots.txt").await;
    assert_eq!(status, StatusCode::OK);
    assert!(robots.starts_with("User-agent: *"));
}

#[tokio::test(start_paused = true)]
async fn page_probes_answer_as_gradio_6() {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let app = self::app(Blocks::new(|b| {
        let n = b.add(Number::new());
        let nap = |secs: f64| async move {
            tokio::time::sleep(std::time::Duration::from_secs_f64(secs)).await;
            secs
        };
        b.button("Nap").click(nap, n, n);
    }));
    // Gradio's page asks whether it started the app: the app started with the server.
    let (status, content_type, body) = get(&app, "/gradio_api/startup-events").await;
    assert_eq!(
        (status, content_type.as_str()),
        (StatusCode::OK, "application/json")
    );
    assert_eq!(body, "false");

    // The queue's status counts what waits to start, over the whole app.
    let status_now = || async {
        let (status, _, body) = get(&app, "/gradio_api/queue/status").await;
        assert_eq!(status, StatusCode::OK);
        body
    };
    assert_eq!(
        status_now().await,
        r#"{"msg":"estimation","event_id":null,"rank":null,"queue_size":0,"rank_eta":null}"#
    );
    for session in ["a", "b", "c"] {
        join(&app, 0, json!([5]), session).await;
    }
    tokio::task::yield_now().await;
    // One runs (the default limit is 1), two wait.
    assert_eq!(json(&status_now().await)["queue_size"], 2);

    // A page's heartbeat says `ALIVE` at once, as Gradio's.
    let req = axum::http::Request::get("/gradio_api/heartbeat/page")
        .body(axum::body::Body::empty())
        .unwrap();
    let mut body = app.clone().oneshot(req).await.unwrap().into_body();
    let first = body.frame().await.unwrap().unwrap().into_data().unwrap();
    assert_eq!(&first[..], b"data: ALIVE\n\n");
}

#[tokio::test]
async fn every_block_carries_gradio_6_shared_props() {
    let app = self::app(Blocks::new(|b| {
        b.row(|b| {
            let choice = b.add(Radio::new(["a", "b"]));
            let plain = b.add(Textbox::new());
            choice.select(|pick: SelectData<Radio>| pick.value, (), plain);
        });
    }));
    let (_, _, body) = get(&app, "/config").await;
    let config = json(&body);
    let props = |ty: &str| {
        config["components"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["type"] == ty)
            .map(|c| c["props"].clone())
            .unwrap()
    };
    // `_selectable` says whether a `select` listener is attached.
    assert_eq!(props("radio")["_selectable"], true);
    assert_eq!(props("textbox")["_selectable"], false);
    assert_eq!(props("radio")["name"], "radio");
    assert_eq!(props("textbox")["preserved_by_key"], json!(["value"]));
    // A layout: its name, nothing kept by key, and no `_selectable`.
    let row = props("row");
    assert_eq!(row["name"], "row");
    assert_eq!(row["preserved_by_key"], json!([]));
    assert!(row.get("_selectable").is_none(), "{row}");
}

#[tokio::test]
async fn the_run_history_is_linked_and_can_be_turned_off() {
    let app = reference();
    let (_, _, page) = get(&app, "/").await;
    assert!(page.contains(">Runs</button>"), "{page}");
    // Gradio 6's page for it: the app with its history open (it lives in the browser).
    let (status, _, _) = get(&app, "/gradio_api/runs").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let req = axum::http::Request::get("/gradio_api/runs")
        .body(axum::body::Body::empty())
        .unwrap();
    let res = tower::ServiceExt::oneshot(app, req).await.unwrap();
    assert_eq!(res.headers()["location"], "../?view=runs");

    let off = self::app(ferrio_demo::reference::app().run_history(false));
    let (_, _, body) = get(&off, "/config").await;
    assert_eq!(json(&body)["run_history"], false);
    let (_, _, page) = get(&off, "/").await;
    assert!(!page.contains(">Runs</button>"), "{page}");
    let (status, _, _) = get(&off, "/gradio_api/runs").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
