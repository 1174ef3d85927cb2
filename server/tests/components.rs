//! The component library over the wire: the kitchen-sink demo's config, api_info, and values
//! (good and bad) through the REST API and the queue.

use crate::common::*;
use axum::http::StatusCode;
use ferrio_components::messages::ErrorDetail;
use serde_json::{json, Value};

fn kitchen_sink() -> axum::Router {
    app(ferrio_demo::kitchen_sink::app())
}

/// Calls an endpoint through the two-step REST API; `Ok(data)` or `Err(error message)`.
async fn call(app: &axum::Router, api: &str, data: Value) -> Result<Value, String> {
    let (status, body) = post(
        app,
        &format!("/gradio_api/call/{api}"),
        json!({ "data": data }).to_string(),
    )
    .await;
    // Inputs are checked when the call is made: a bad one is refused at once.
    if status == StatusCode::UNPROCESSABLE_ENTITY {
        let detail: ErrorDetail = serde_json::from_str(&body).unwrap();
        return Err(detail.detail.to_string());
    }
    assert_eq!(status, StatusCode::OK, "{body}");
    let event_id = json(&body)["event_id"].as_str().unwrap().to_owned();
    let (_, _, body) = get(app, &format!("/gradio_api/call/{api}/{event_id}")).await;
    let mut lines = body.lines();
    let event = lines
        .next()
        .unwrap()
        .trim_start_matches("event: ")
        .to_owned();
    let data = json(lines.next().unwrap().trim_start_matches("data: "));
    match event.as_str() {
        "complete" => Ok(data),
        "error" => Err(data.as_str().unwrap_or_default().to_owned()),
        other => panic!("unexpected event {other}: {body}"),
    }
}

#[tokio::test]
async fn config_has_every_block_with_gradio_type_names_and_props() {
    let (_, _, body) = get(&kitchen_sink(), "/config").await;
    let config = json(&body);
    let by_type = |t: &str| -> Vec<Value> {
        config["components"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["type"] == t)
            .cloned()
            .collect()
    };
    let radio = &by_type("radio")[0];
    assert_eq!(
        radio["props"]["choices"],
        json!([["Small", "s"], ["Medium", "m"], ["Large", "l"]])
    );
    assert_eq!(radio["props"]["value"], "m");
    let dropdowns = by_type("dropdown");
    assert_eq!(dropdowns.len(), 5);
    assert_eq!(dropdowns[1]["props"]["multiselect"], true);
    assert_eq!(dropdowns[1]["props"]["value"], json!(["rust"]));
    assert_eq!(by_type("tabitem").len(), 10);
    let extras = &by_type("tabitem")[9];
    assert_eq!(
        (&extras["props"]["label"], &extras["props"]["visible"]),
        (&json!("Extras"), &json!(false))
    );
    let timers = by_type("timer");
    // The server clock's (every second), then the ticks' (every half second).
    assert_eq!(timers[0]["props"]["value"], 1.0);
    let timer = &timers[1];
    assert_eq!(timer["props"]["value"], 0.5);
    assert_eq!(timer["props"]["active"], true);
    let files = by_type("file");
    assert_eq!(files.len(), 2);
    assert_eq!(files[0]["props"]["file_count"], "multiple");
    assert_eq!(files[1]["props"]["file_count"], "single");
    assert_eq!(by_type("tabs").len(), 1);
    assert_eq!(by_type("accordion")[0]["props"]["open"], false);
    assert_eq!(by_type("sidebar")[0]["props"]["label"], "About");
    // The swatch HTML went through the sanitizer and kept its inline style.
    let html = &by_type("html")[1]["props"]["value"];
    assert!(
        html.as_str().unwrap().contains("background-color:#3b82f6"),
        "{html}"
    );
    // Its id is prefixed, so it can't collide with the app's own.
    assert!(
        html.as_str().unwrap().contains(r#"id="user-swatch""#),
        "{html}"
    );
    // Form components in a column are grouped into a Form, as Gradio does.
    assert!(!by_type("form").is_empty());
}

#[tokio::test]
async fn api_info_describes_each_data_model() {
    let (_, _, body) = get(&kitchen_sink(), "/gradio_api/info").await;
    let info = json(&body);
    let summarize = &info["named_endpoints"]["/summarize"];
    let types: Vec<&str> = summarize["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["python_type"]["type"].as_str().unwrap())
        .collect();
    assert_eq!(
        types,
        [
            "bool",
            "List[Literal['Red', 'Green', 'Blue']]",
            "Literal['s', 'm', 'l']",
            "Literal['cat', 'dog', 'bird']",
            "List[Literal['rust', 'python', 'go']]",
            "str",
        ]
    );
    assert_eq!(summarize["parameters"][2]["component"], "Radio");
    let describe = &info["named_endpoints"]["/describe_files"];
    assert_eq!(describe["parameters"][0]["component"], "File");
    assert_eq!(describe["parameters"][0]["type"]["title"], "ListFiles");
    assert_eq!(describe["returns"][1]["type"]["title"], "FileData");
    assert_eq!(
        summarize["parameters"][2]["type"],
        json!({"enum": ["s", "m", "l"], "title": "Radio", "type": "string"})
    );
    assert_eq!(summarize["returns"][0]["component"], "JSON");
    let label = &info["named_endpoints"]["/classify"]["returns"][0];
    assert_eq!(label["component"], "Label");
    assert_eq!(label["type"]["$defs"]["LabelConfidence"]["type"], "object");
}

#[tokio::test]
async fn good_values_reach_the_function_and_come_back() {
    let app = kitchen_sink();
    let out = call(
        &app,
        "summarize",
        json!([true, ["Red", "Blue"], "l", null, ["go"], "mango"]),
    )
    .await
    .unwrap();
    assert_eq!(
        out,
        json!([{"agree": true, "colours": ["Red", "Blue"], "size": "l", "pet": null,
                "languages": ["go"], "fruit": "mango"}])
    );
    let out = call(&app, "classify", json!(["bad slow app"]))
        .await
        .unwrap();
    assert_eq!(out[0]["label"], "negative");
    assert_eq!(out[0]["confidences"].as_array().unwrap().len(), 3);
    let out = call(&app, "swatch", json!(["#ABC"])).await.unwrap();
    assert!(out[0].as_str().unwrap().contains("#aabbcc"));
}

#[tokio::test]
async fn bad_values_get_an_error_naming_the_input() {
    let app = kitchen_sink();
    let cases = [
        (
            json!(["yes", [], null, null, [], null]),
            "I agree",
            "true or false",
        ),
        (
            json!([true, ["Pink"], null, null, [], null]),
            "Colours",
            "\"Pink\" is not one of the choices",
        ),
        (
            json!([true, [], "xl", null, [], null]),
            "Size",
            "not one of the choices",
        ),
        (
            json!([true, [], null, ["cat"], [], null]),
            "Pet",
            "a string or null",
        ),
        (
            json!([true, [], null, null, ["go", "rust", "python"], null]),
            "Languages",
            "at most 2",
        ),
    ];
    for (data, input, needle) in cases {
        let err = call(&app, "summarize", data.clone()).await.unwrap_err();
        assert!(err.contains(input) && err.contains(needle), "{data}: {err}");
    }
    let err = call(&app, "swatch", json!(["javascript:alert(1)"]))
        .await
        .unwrap_err();
    assert!(err.contains("not a colour"), "{err}");
    // Every bad input is reported at once, each under its own name.
    let err = call(
        &app,
        "summarize",
        json!([1, ["Pink"], "xl", null, [], null]),
    )
    .await
    .unwrap_err();
    assert_eq!(err.lines().count(), 3, "{err}");
    assert!(
        err.starts_with("I agree: ") && err.contains("\nColours: ") && err.contains("\nSize: "),
        "{err}"
    );
}

#[tokio::test]
async fn a_download_button_offers_the_file_a_function_returns() {
    let app = kitchen_sink();
    let (_, _, body) = get(&app, "/config").await;
    let config = json(&body);
    let button = config["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["type"] == "downloadbutton")
        .unwrap()
        .clone();
    assert_eq!(button["props"]["label"], "Download the text");
    assert_eq!(button["props"]["interactive"], true);
    // No file yet: Gradio leaves `value` out.
    assert!(button["props"].get("value").is_none(), "{button}");

    let (_, _, body) = get(&app, "/gradio_api/info").await;
    let info = json(&body);
    let made = &info["named_endpoints"]["/text_file"]["returns"][0];
    assert_eq!(made["component"], "DownloadButton");
    assert_eq!(made["python_type"]["type"], "filepath");
    assert_eq!(made["type"]["title"], "FileData");
    let clicked = &info["named_endpoints"]["/downloading"]["parameters"][0];
    assert_eq!(clicked["label"], "Download the text");
    assert_eq!(clicked["python_type"]["type"], "filepath");

    // The file comes back stored in the server's cache, named as the function named it, and
    // served from there.
    let out = call(&app, "text_file", json!(["milk, eggs"]))
        .await
        .unwrap();
    let file = &out[0];
    assert_eq!(file["orig_name"], "note.txt");
    assert_eq!(file["meta"]["_type"], "gradio.FileData");
    let path = file["path"].as_str().unwrap();
    let (status, _, body) = get(&app, &format!("/gradio_api/file={path}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, "milk, eggs");
    // Clicked, the button's own value is the input.
    let said = call(&app, "downloading", json!([file])).await.unwrap();
    assert_eq!(said, json!(["Downloading note.txt"]));
    let said = call(&app, "downloading", json!([null])).await.unwrap();
    assert!(said[0].as_str().unwrap().starts_with("Nothing"), "{said}");
    // Nothing to offer: `null`.
    assert_eq!(
        call(&app, "text_file", json!(["  "])).await.unwrap(),
        json!([null])
    );
    // Not a file: refused, naming the button and what it takes.
    let err = call(&app, "downloading", json!(["note.txt"]))
        .await
        .unwrap_err();
    assert!(
        err.contains("Download the text") && err.contains("FileData"),
        "{err}"
    );
}

#[tokio::test]
async fn html_outputs_are_sanitized() {
    let out = call(
        &kitchen_sink(),
        "render_html",
        json!([r#"<p onclick="x()">hi</p><script>x()</script><a href="javascript:x()">l</a>"#]),
    )
    .await
    .unwrap();
    let html = out[0].as_str().unwrap();
    for bad in ["onclick", "<script", "javascript:"] {
        assert!(!html.contains(bad), "{bad} in {html}");
    }
    assert!(html.contains("<p>hi</p>"), "{html}");
}

fn bump(n: i64) -> (i64, f64) {
    // Long enough that a second event is queued behind this one.
    std::thread::sleep(std::time::Duration::from_millis(50));
    (n + 1, (n + 1) as f64)
}

fn counter() -> axum::Router {
    use ferrio::prelude::*;
    app(Blocks::new(|b| {
        let count = b.add(State::new(0i64));
        let shown = b.add(Number::new().label("Count"));
        b.button("+1").click(bump, count, (count, shown));
    }))
}

#[tokio::test]
async fn state_is_per_session_and_read_when_the_event_starts() {
    let app = counter();
    // Two events queued at once in one session: the second sees what the first stored.
    join(&app, 0, json!([null]), "a").await;
    join(&app, 0, json!([null]), "a").await;
    let done: Vec<Value> = read_stream(&app, "a")
        .await
        .into_iter()
        .filter(|m| m["msg"] == "process_completed")
        .map(|m| m["output"]["data"].clone())
        .collect();
    // The state output reaches the caller as null; the number shows the count.
    assert_eq!(done, [json!([null, 1.0]), json!([null, 2.0])]);
    // Another session starts from the initial value, whatever the first one sends for it.
    join(&app, 0, json!([41]), "b").await;
    let done = read_stream(&app, "b").await;
    let last = done
        .iter()
        .find(|m| m["msg"] == "process_completed")
        .unwrap();
    assert_eq!(last["output"]["data"], json!([null, 1.0]));
}

#[tokio::test]
async fn state_stays_out_of_the_api_and_rest_callers_may_omit_it() {
    let app = counter();
    let (_, _, body) = get(&app, "/gradio_api/info").await;
    let info = json(&body);
    assert_eq!(info["named_endpoints"]["/bump"]["parameters"], json!([]));
    assert_eq!(
        info["named_endpoints"]["/bump"]["returns"][0]["label"],
        "Count"
    );
    let (_, _, body) = get(&app, "/config").await;
    let state = json(&body)["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["type"] == "state")
        .cloned()
        .unwrap();
    // Its value stays on the server: only the props Gradio 6 gives every block.
    assert_eq!(
        state["props"],
        json!({"preserved_by_key": ["value"], "name": "state", "_selectable": false})
    );
    assert_eq!(state["skip_api"], true);
    // Each REST call is a session of its own: State starts fresh every time.
    for _ in 0..2 {
        assert_eq!(
            call(&app, "bump", json!([])).await.unwrap(),
            json!([null, 1.0])
        );
    }
}

/// The fn_index of the endpoint named `api` in `app`'s config.
async fn fn_index(app: &axum::Router, api: &str) -> u32 {
    let (_, _, body) = get(app, "/config").await;
    let config = json(&body);
    let deps = config["dependencies"].as_array().unwrap();
    deps.iter()
        .find(|d| d["api_name"] == api)
        .map(|d| d["id"].as_u64().unwrap() as u32)
        .unwrap()
}

#[tokio::test]
async fn a_chat_reply_streams_as_small_edits_of_the_last_message() {
    let app = kitchen_sink();
    let index = fn_index(&app, "respond").await;
    let history =
        json!([{"role": "user", "content": "earlier"}, {"role": "assistant", "content": "ok"}]);
    join(&app, index, json!(["hello world", history]), "chat").await;
    let messages = read_stream(&app, "chat").await;
    let generating: Vec<&Value> = messages
        .iter()
        .filter(|m| m["msg"] == "process_generating")
        .collect();
    assert!(generating.len() >= 3, "{messages:?}");
    // After the first full value, each step only appends to the answer's content.
    let step = &generating[2]["output"]["data"][1];
    assert_eq!(
        step,
        &json!([["append", [3, "content", 0, "text"], "said: "]])
    );
    let done = messages
        .iter()
        .find(|m| m["msg"] == "process_completed")
        .unwrap();
    let chat = &done["output"]["data"][1];
    assert_eq!(chat.as_array().unwrap().len(), 4);
    // Gradio 6's typed blocks out, though the history came in 5.x's shape.
    assert_eq!(
        chat[2],
        json!({"role": "user", "metadata": null,
               "content": [{"type": "text", "text": "hello world"}], "options": null})
    );
    assert_eq!(
        chat[0]["content"],
        json!([{"type": "text", "text": "earlier"}])
    );
    assert_eq!(chat[3]["content"][0]["text"], "You said: hello world");
    assert_eq!(done["output"]["data"][0], "");
}

#[tokio::test]
async fn a_malformed_conversation_is_refused_naming_the_chatbot() {
    let err = call(
        &kitchen_sink(),
        "respond",
        json!(["hi", [{"role": "robot", "content": "x"}]]),
    )
    .await
    .unwrap_err();
    assert!(
        err.starts_with("Conversation: ") && err.contains("robot"),
        "{err}"
    );
}

#[tokio::test]
async fn a_table_round_trips_and_bad_cells_are_named() {
    let app = kitchen_sink();
    let order = json!({"headers": ["item", "price", "quantity"], "data": [["tea", 2, 3], ["jam", 1.5, null]]});
    let out = call(&app, "order_totals", json!([order])).await.unwrap();
    assert_eq!(
        out[0],
        json!({"headers": ["item", "total"], "data": [["tea", 6.0], ["jam", 0.0]], "metadata": null})
    );
    assert_eq!(out[1], 6.0);
    let bad = json!({"headers": ["item", "price", "quantity"], "data": [["tea", "two", 3]]});
    let err = call(&app, "order_totals", json!([bad])).await.unwrap_err();
    assert_eq!(
        err,
        "Order: row 1, column \"price\": \"two\" is not a number"
    );
}
