//! Interface's Clear and Flag buttons over the wire: what the page sends, what lands on disk.

use crate::common::*;
use axum::http::StatusCode;
use ferrio::prelude::FlaggingMode;
use ferrio::prelude::*;
use serde_json::{json, Value};

fn word_count(text: String, report: Option<std::path::PathBuf>) -> (f64, String) {
    let name = report
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_default();
    (text.split_whitespace().count() as f64, name)
}

fn interface(dir: &std::path::Path, mode: FlaggingMode) -> axum::Router {
    app(Interface::new(
        word_count,
        (Textbox::new().label("Text"), File::new().label("Report")),
        (Number::new().label("Words"), Textbox::new().label("Name")),
    )
    .flagging_mode(mode)
    .flagging_options(["Wrong", "Rude"])
    .flagging_dir(dir.join("flags"))
    .into_blocks()
    .cache_dir(dir.join("cache")))
}

/// The fn_index of the listener a click on the button labelled `text` runs.
fn listener_of(config: &Value, text: &str) -> u32 {
    let id = config["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["type"] == "button" && c["props"]["value"] == text)
        .unwrap_or_else(|| panic!("no {text} button"))["id"]
        .clone();
    config["dependencies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["targets"][0][0] == id)
        .unwrap_or_else(|| panic!("no listener on {text}"))["id"]
        .as_u64()
        .unwrap() as u32
}

#[tokio::test]
async fn a_flag_button_saves_a_row_and_says_saved_on_the_button() {
    let dir = tempfile::tempdir().unwrap();
    let app = interface(dir.path(), FlaggingMode::Manual);
    let (_, _, body) = get(&app, "/config").await;
    let config = json(&body);
    let flag = listener_of(&config, "Flag as Wrong");
    let dep = &config["dependencies"][flag as usize];
    assert_eq!(dep["api_visibility"], "private");
    assert_eq!(dep["api_name"], Value::Null);
    assert_eq!(dep["inputs"].as_array().unwrap().len(), 4);
    // Not in the API docs; the REST API doesn't know it.
    let (_, _, info) = get(&app, "/gradio_api/info").await;
    assert_eq!(
        json(&info)["named_endpoints"]
            .as_object()
            .unwrap()
            .keys()
            .collect::<Vec<_>>(),
        // The function's endpoint, and 5.x's name for it.
        ["/predict", "/word_count"]
    );

    join(&app, flag, json!(["a, b", null, 2, "x"]), "s1").await;
    let messages = read_stream(&app, "s1").await;
    let outputs: Vec<&Value> = messages
        .iter()
        .filter(|m| m["msg"] == "process_generating" || m["msg"] == "process_completed")
        .map(|m| &m["output"]["data"])
        .collect();
    assert_eq!(outputs[0], &json!(["Saved"]), "{messages:?}");
    assert_eq!(outputs.last().unwrap(), &&json!(["Flag as Wrong"]));

    // A second flag from another session, with the other reason.
    join(
        &app,
        listener_of(&config, "Flag as Rude"),
        json!(["z", null, 1, ""]),
        "s2",
    )
    .await;
    assert!(msgs(&read_stream(&app, "s2").await).contains(&"process_completed"));

    let csv = std::fs::read_to_string(dir.path().join("flags/dataset1.csv")).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "Text,Report,Words,Name,flag,username,timestamp");
    assert!(
        lines[1].starts_with("\"a, b\",null,2.0,x,Wrong,,20"),
        "{csv}"
    );
    assert!(lines[2].starts_with("z,null,1.0,,Rude,,"), "{csv}");
    let jsonl = std::fs::read_to_string(dir.path().join("flags/dataset1.jsonl")).unwrap();
    let first: Value = serde_json::from_str(jsonl.lines().next().unwrap()).unwrap();
    assert_eq!(first["Text"], "a, b");
    assert_eq!(first["Words"], 2.0);
}

#[tokio::test]
async fn a_flag_never_copies_a_file_the_server_did_not_hand_out() {
    let dir = tempfile::tempdir().unwrap();
    let app = interface(dir.path(), FlaggingMode::Manual);
    let (_, _, body) = get(&app, "/config").await;
    let flag = listener_of(&json(&body), "Flag as Wrong");
    let secret = dir.path().join("secret.txt");
    std::fs::write(&secret, "keys").unwrap();
    for path in [secret.to_str().unwrap(), "/etc/passwd", "../../etc/passwd"] {
        let body = json!({
            "data": ["t", {"path": path, "meta": {"_type": "gradio.FileData"}}, 1, ""],
            "fn_index": flag, "session_hash": "s", "event_data": null, "trigger_id": null,
        });
        let (status, body) = post(&app, "/gradio_api/queue/join", body.to_string()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{path}: {body}");
        let detail = json(&body)["detail"].clone();
        assert_eq!(detail[1]["is_valid"], false, "{body}");
        assert_eq!(detail[1]["parameter_name"], "Report", "{body}");
        assert!(detail[1]["message"]
            .as_str()
            .unwrap()
            .contains("not allowed"));
        assert_eq!(detail[0]["is_valid"], true, "{body}");
    }
    // A malformed value is refused naming its input, and nothing was written.
    let body = json!({"data": ["t", null, "many", ""], "fn_index": flag, "session_hash": "s"});
    let (status, body) = post(&app, "/gradio_api/queue/join", body.to_string()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body.contains("Words"), "{body}");
    assert!(!dir.path().join("flags").exists());

    // An uploaded file is copied in beside the dataset.
    let boundary = "XyZ";
    let upload = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"r.txt\"\r\n\
         Content-Type: text/plain\r\n\r\nreport\r\n--{boundary}--\r\n"
    );
    let req = axum::http::Request::post("/gradio_api/upload")
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(axum::body::Body::from(upload))
        .unwrap();
    let (status, _, body) = send(&app, req).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let uploaded = json(&body)[0].as_str().unwrap().to_owned();
    join(
        &app,
        flag,
        json!(["t", {"path": uploaded, "meta": {"_type": "gradio.FileData"}}, 1, ""]),
        "u",
    )
    .await;
    read_stream(&app, "u").await;
    let jsonl = std::fs::read_to_string(dir.path().join("flags/dataset1.jsonl")).unwrap();
    let row: Value = serde_json::from_str(jsonl.trim()).unwrap();
    let path = row["Report"]["path"].as_str().unwrap();
    assert!(path.starts_with("Report/"), "{path}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("flags").join(path)).unwrap(),
        "report"
    );
}

#[tokio::test]
async fn clear_puts_back_every_first_value_and_modes_shape_the_buttons() {
    let dir = tempfile::tempdir().unwrap();
    let app = interface(dir.path(), FlaggingMode::Auto);
    let (_, _, body) = get(&app, "/config").await;
    let config = json(&body);
    let clear = listener_of(&config, "Clear");
    let (status, body) = post(
        &app,
        "/gradio_api/run/predict",
        json!({"data": [], "fn_index": clear, "session_hash": "c"}).to_string(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(json(&body)["data"], json!(["", null, null, ""]));
    // Auto: no Flag button; a flag follows each successful run of `/predict`.
    let buttons: Vec<&Value> = config["components"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["type"] == "button")
        .map(|c| &c["props"]["value"])
        .collect();
    assert_eq!(buttons, ["Clear", "Submit"]);
    let after = config["dependencies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["trigger_after"] == 0)
        .expect("a flag after predict");
    assert_eq!(after["trigger_only_on_success"], true);
    assert_eq!(after["outputs"], json!([]));

    // The function, Clear, and 5.x's `/predict` for the function.
    let never = interface(dir.path(), FlaggingMode::Never);
    let (_, _, body) = get(&never, "/config").await;
    assert_eq!(json(&body)["dependencies"].as_array().unwrap().len(), 3);
}

fn echo(message: String, history: Vec<ChatMessage>) -> String {
    format!("{message} ({} before)", history.len())
}

/// The fn_index of the listener of `event` on the first component of type `kind`.
fn listener_on(config: &Value, kind: &str, event: &str) -> u32 {
    let id = config["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["type"] == kind)
        .unwrap_or_else(|| panic!("no {kind}"))["id"]
        .clone();
    config["dependencies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["targets"][0] == json!([id, event]))
        .unwrap_or_else(|| panic!("no {event} listener on the {kind}"))["id"]
        .as_u64()
        .unwrap() as u32
}

async fn join_with(
    app: &axum::Router,
    fn_index: u32,
    data: Value,
    event_data: Value,
) -> (StatusCode, String) {
    let body = json!({
        "data": data, "fn_index": fn_index, "session_hash": "likes",
        "event_data": event_data, "trigger_id": null,
    });
    post(app, "/gradio_api/queue/join", body.to_string()).await
}

/// In Blocks, a `like` listener gets the option picked; one the chatbot never offered is a 422.
#[tokio::test]
async fn a_like_listener_gets_the_option_picked_and_never_another() {
    let app = app(ferrio_demo::kitchen_sink::app());
    let (_, _, body) = get(&app, "/config").await;
    let config = json(&body);
    let like = listener_on(&config, "chatbot", "like");
    // The listener takes no inputs: the reply comes in the event's data.
    let funny = json!({"index": 1, "value": ["yo"], "liked": "Funny"});
    let (status, body) = join_with(&app, like, json!([]), funny).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let messages = read_stream(&app, "likes").await;
    let done = messages
        .iter()
        .find(|m| m["msg"] == "process_completed")
        .unwrap();
    assert_eq!(done["output"]["data"][0], "Funny on reply 2: yo", "{done}");
    let spam = json!({"index": 1, "value": ["yo"], "liked": "Spam"});
    let (status, body) = join_with(&app, like, json!([]), spam).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body.contains("\\\"Spam\\\" is not one of"), "{body}");
}

/// A chatbot's own feedback options (Gradio's `flagging_options` on ChatInterface): the one
/// picked is the row's flag; one never offered is refused, so the dataset holds only those.
#[tokio::test]
async fn a_chat_saves_its_own_feedback_options_and_refuses_others() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(ChatInterface::new(echo)
        .flagging_mode(FlaggingMode::Manual)
        .flagging_options(["Like", "Inaccurate"])
        .flagging_dir(dir.path().join("likes"))
        .into_blocks());
    let (_, _, body) = get(&app, "/config").await;
    let config = json(&body);
    let chatbot = config["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["type"] == "chatbot")
        .unwrap();
    assert_eq!(
        chatbot["props"]["feedback_options"],
        json!(["Like", "Inaccurate"])
    );
    let like = listener_on(&config, "chatbot", "like");
    let chat = json!([
        {"role": "user", "content": "hi"},
        {"role": "assistant", "content": "hi (0 before)"},
    ]);
    let picked = json!({"index": 1, "value": ["hi (0 before)"], "liked": "Inaccurate"});
    let (status, body) = join_with(&app, like, json!([chat.clone()]), picked).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    read_stream(&app, "likes").await;
    for never_offered in [json!(false), json!("Spam")] {
        let given = json!({"index": 1, "value": ["hi (0 before)"], "liked": never_offered});
        let (status, body) = join_with(&app, like, json!([chat.clone()]), given).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(
            body.contains("is not one of the chatbot's feedback options (Like, Inaccurate)"),
            "{body}"
        );
    }
    let jsonl = std::fs::read_to_string(dir.path().join("likes/dataset1.jsonl")).unwrap();
    let rows: Vec<Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 1, "{jsonl}");
    assert_eq!(rows[0]["flag"], "Inaccurate");
}

#[tokio::test]
async fn a_chat_like_saves_the_conversation_up_to_the_reply_with_the_feedback() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(ChatInterface::new(echo)
        .flagging_mode(FlaggingMode::Manual)
        .flagging_dir(dir.path().join("likes"))
        .into_blocks());
    let (_, _, body) = get(&app, "/config").await;
    let config = json(&body);
    let like = listener_on(&config, "chatbot", "like");
    let dep = &config["dependencies"][like as usize];
    assert_eq!(dep["api_visibility"], "private");
    assert_eq!(dep["api_name"], Value::Null);
    let chat = json!([
        {"role": "user", "content": "hi"},
        {"role": "assistant", "content": "hi (0 before)"},
        {"role": "user", "content": "again"},
        {"role": "assistant", "content": "again (2 before)"},
    ]);

    // 👍 on the first reply: the conversation up to it is saved.
    let liked = json!({"index": 1, "value": ["hi (0 before)"], "liked": true});
    let (status, body) = join_with(&app, like, json!([chat.clone()]), liked).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(msgs(&read_stream(&app, "likes").await).contains(&"process_completed"));
    // 👎 on the second; then the thumb taken back, which saves nothing.
    let disliked = json!({"index": 3, "value": ["again (2 before)"], "liked": false});
    join_with(&app, like, json!([chat.clone()]), disliked).await;
    read_stream(&app, "likes").await;
    let removed = json!({"index": 3, "value": ["again (2 before)"], "liked": ""});
    join_with(&app, like, json!([chat.clone()]), removed).await;
    read_stream(&app, "likes").await;

    let jsonl = std::fs::read_to_string(dir.path().join("likes/dataset1.jsonl")).unwrap();
    let rows: Vec<Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 2, "{jsonl}");
    assert_eq!(rows[0]["flag"], "Like");
    assert_eq!(rows[0]["Chatbot"].as_array().unwrap().len(), 2);
    assert_eq!(rows[1]["flag"], "Dislike");
    assert_eq!(rows[1]["Chatbot"].as_array().unwrap().len(), 4);
    let csv = std::fs::read_to_string(dir.path().join("likes/dataset1.csv")).unwrap();
    assert!(
        csv.starts_with("Chatbot,flag,username,timestamp\n"),
        "{csv}"
    );

    // An index past the end (or at usize::MAX) saves the whole conversation, no more.
    let far = json!({"index": u64::MAX, "value": ["x"], "liked": true});
    join_with(&app, like, json!([chat.clone()]), far).await;
    read_stream(&app, "likes").await;
    let jsonl = std::fs::read_to_string(dir.path().join("likes/dataset1.jsonl")).unwrap();
    let last: Value = serde_json::from_str(jsonl.lines().last().unwrap()).unwrap();
    assert_eq!(last["Chatbot"].as_array().unwrap().len(), 4, "{jsonl}");

    // An API-style call without feedback, or with malformed feedback, is a 422 that says so.
    let (status, body) = join_with(&app, like, json!([chat.clone()]), Value::Null).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body.contains("carried no feedback"), "{body}");
    let (status, body) = join_with(&app, like, json!([chat]), json!({"index": "x"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(
        body.contains("feedback (event_data) is malformed"),
        "{body}"
    );
}

#[tokio::test]
async fn a_chat_without_flagging_has_no_like_listener() {
    let (_, _, body) = get(&app(ChatInterface::new(echo).into_blocks()), "/config").await;
    let config = json(&body);
    assert!(!config["dependencies"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["targets"][0][1] == "like"));
}

/// A file an input shows from the start comes back from Clear as the cached copy the config
/// shows, never as the path on the server's disk; the API's default for it likewise.
#[tokio::test]
async fn clear_and_api_defaults_give_an_initial_file_as_its_cached_copy() {
    let dir = tempfile::tempdir().unwrap();
    let picture = dir.path().join("cat.png");
    std::fs::write(&picture, b"not really a png").unwrap();
    let app = app(Interface::new(
        |p: Option<std::path::PathBuf>| p.is_some(),
        Image::new().label("Picture").value(&picture),
        Checkbox::new().label("Given"),
    )
    .into_blocks()
    .cache_dir(dir.path().join("cache")));
    let (_, _, body) = get(&app, "/config").await;
    let config = json(&body);
    let shown = config["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["props"]["label"] == "Picture")
        .unwrap()["props"]["value"]
        .clone();
    let cached = dir.path().join("cache").canonicalize().unwrap();
    assert!(
        std::path::Path::new(shown["path"].as_str().unwrap()).starts_with(&cached),
        "{shown}"
    );
    let clear = listener_of(&config, "Clear");
    let (status, body) = post(
        &app,
        "/gradio_api/run/predict",
        json!({"data": [], "fn_index": clear, "session_hash": "c"}).to_string(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(json(&body)["data"][0]["path"], shown["path"]);

    // A chat's additional input with a picture: `/chat`'s default for it is the copy.
    let chat = app_with_cache(
        ChatInterface::new(
            |m: String, _: Vec<ChatMessage>, p: Option<std::path::PathBuf>| {
                format!("{m} {}", p.is_some())
            },
        )
        .additional_inputs(Image::new().label("Picture").value(&picture))
        .into_blocks(),
        &dir.path().join("cache"),
    );
    let (_, _, info) = get(&chat, "/gradio_api/info").await;
    let default = &json(&info)["named_endpoints"]["/chat"]["parameters"][1]["parameter_default"];
    assert_eq!(default["path"], shown["path"], "{default}");
}

fn app_with_cache(blocks: Blocks, cache: &std::path::Path) -> axum::Router {
    app(blocks.cache_dir(cache))
}
