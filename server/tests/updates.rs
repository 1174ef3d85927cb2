//! Updates (Gradio's `gr.update`) on the wire: an output that takes an `Update` sends
//! `{"__type__": "update", ...}`, and the props it sets hold for the rest of the session.

use crate::common::*;
use axum::http::StatusCode;
use ferrio::prelude::*;
use serde_json::{json, Value};

fn offer(kind: String) -> Update<Dropdown> {
    match kind.as_str() {
        "fruit" => Dropdown::update()
            .choices(["apple", "pear"])
            .value(Some("pear".into())),
        // Not a list of choices: the browser could not draw it.
        "bad" => Dropdown::update().prop("choices", 42),
        _ => Dropdown::update().visible(false),
    }
}

/// fn 0: the offer; fn 1: what was picked; fn 2: a value and an update in one event.
fn shop() -> Blocks {
    Blocks::new(|b| {
        let kind = b.add(Textbox::new().label("Kind"));
        let pick = b.add(Dropdown::new(["bread"]).label("Pick"));
        let said = b.add(Textbox::new().label("Said"));
        b.button("Offer")
            .click(offer, kind, pick.update())
            .api_name("offer");
        b.button("Take")
            .click(|p: Option<String>| p.unwrap_or_default(), pick, said)
            .api_name("take");
        b.button("Both")
            .click(
                |k: String| (k.clone(), Textbox::update().label(k).visible(true)),
                kind,
                (said, kind.update()),
            )
            .api_name("both");
    })
}

async fn run(app: &axum::Router, fn_index: u32, data: Value, session: &str) -> Value {
    join(app, fn_index, data, session).await;
    let messages = read_stream(app, session).await;
    messages
        .into_iter()
        .find(|m| m["msg"] == "process_completed")
        .expect("the event completes")
}

#[tokio::test]
async fn an_update_goes_out_as_gradios_update_dict() {
    let app = app(shop());
    let done = run(&app, 0, json!(["fruit"]), "u1").await;
    assert_eq!(done["success"], true, "{done}");
    assert_eq!(
        done["output"]["data"],
        json!([{"__type__": "update", "choices": [["apple", "apple"], ["pear", "pear"]], "value": "pear"}])
    );
    let hidden = run(&app, 0, json!(["none"]), "u1").await;
    assert_eq!(
        hidden["output"]["data"],
        json!([{"__type__": "update", "visible": false}])
    );
}

#[tokio::test]
async fn values_and_updates_mix_in_one_event() {
    let app = app(shop());
    let done = run(&app, 2, json!(["Hello"]), "u2").await;
    assert_eq!(
        done["output"]["data"],
        json!(["Hello", {"__type__": "update", "label": "Hello", "visible": true}])
    );
}

#[tokio::test]
async fn new_choices_hold_for_the_rest_of_the_session_only() {
    let app = app(shop());
    // Before any update, "pear" is no choice of the picker.
    let (status, body) = post(
        &app,
        "/gradio_api/queue/join",
        json!({"data": ["pear"], "fn_index": 1, "session_hash": "u3"}).to_string(),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body.contains("not one of the choices"), "{body}");

    run(&app, 0, json!(["fruit"]), "u3").await;
    let taken = run(&app, 1, json!(["pear"]), "u3").await;
    assert_eq!(taken["output"]["data"], json!(["pear"]), "{taken}");

    // Another session still has the declared choices.
    let (status, _) = post(
        &app,
        "/gradio_api/queue/join",
        json!({"data": ["pear"], "fn_index": 1, "session_hash": "u4"}).to_string(),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn an_update_with_malformed_props_fails_clearly() {
    let app = app(shop());
    let done = run(&app, 0, json!(["bad"]), "u5").await;
    assert_eq!(done["success"], false, "{done}");
    let error = done["output"]["error"].as_str().unwrap();
    assert!(
        error.contains("Pick") && error.contains("bad update"),
        "{error}"
    );
    // The failed update changed nothing: the declared choice is still the only one.
    let taken = run(&app, 1, json!(["bread"]), "u5").await;
    assert_eq!(taken["output"]["data"], json!(["bread"]));
}

#[tokio::test]
async fn api_info_describes_an_updated_output_as_a_plain_one() {
    let app = app(shop());
    let (_, _, body) = get(&app, "/gradio_api/info").await;
    let info = json(&body);
    let returns = &info["named_endpoints"]["/offer"]["returns"][0];
    assert_eq!(returns["component"], "Dropdown", "{returns}");
    // As Gradio's: the declared choices (an update's value is what a caller reads).
    assert_eq!(
        returns["python_type"]["type"], "Literal['bread']",
        "{returns}"
    );
}

#[tokio::test]
async fn a_layout_takes_updates_of_its_props_and_stays_out_of_the_api() {
    let app = app(Blocks::new(|b| {
        let show = b.add(Checkbox::new().label("Show"));
        let (panel, _) = b.layout(Column::new().visible(false), |b| {
            b.add(Textbox::new().label("Inside"))
        });
        let said = b.add(Textbox::new().label("Said"));
        show.change(
            |on: bool| (Column::update().visible(on), format!("{on}")),
            show,
            (panel.update(), said),
        )
        .api_name("show");
    }));
    let done = run(&app, 0, json!([true]), "l1").await;
    assert_eq!(
        done["output"]["data"],
        json!([{"__type__": "update", "visible": true}, "true"]),
        "{done}"
    );
    let (_, _, body) = get(&app, "/gradio_api/info").await;
    let returns = &json(&body)["named_endpoints"]["/show"]["returns"];
    assert_eq!(returns.as_array().unwrap().len(), 1, "{returns}");
    assert_eq!(returns[0]["label"], "Said");
    let (_, _, body) = get(&app, "/config").await;
    let config = json(&body);
    let column = config["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["type"] == "column")
        .unwrap();
    assert_eq!(column["props"]["visible"], false);
    assert_eq!(column["skip_api"], true);
}

#[tokio::test]
async fn an_event_whose_outputs_fail_leaves_the_sessions_props_as_they_were() {
    let app = app(Blocks::new(|b| {
        let pick = b.add(Dropdown::new(["a"]).label("Pick"));
        let other = b.add(Dropdown::new(["a"]).label("Other"));
        let said = b.add(Textbox::new());
        b.button("Break").click(
            || {
                (
                    Dropdown::update().choices(["x"]),
                    Dropdown::update().prop("choices", 42),
                )
            },
            (),
            (pick.update(), other.update()),
        );
        b.button("Take")
            .click(|p: Option<String>| p.unwrap_or_default(), pick, said);
    }));
    let broken = run(&app, 0, json!([]), "f1").await;
    assert_eq!(broken["success"], false, "{broken}");
    let (status, body) = post(
        &app,
        "/gradio_api/queue/join",
        json!({"data": ["x"], "fn_index": 1, "session_hash": "f1"}).to_string(),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
}

#[tokio::test]
async fn plain_outputs_see_the_sessions_updated_props() {
    let app = app(Blocks::new(|b| {
        let level = b.add(Slider::new(0.0, 10.0).label("Level"));
        b.button("Widen")
            .click(|| Slider::update().maximum(100.0), (), level.update());
        b.button("Set").click(|| 50.0, (), level);
    }));
    // Before: clamped to the declared track.
    assert_eq!(
        run(&app, 1, json!([]), "p1").await["output"]["data"],
        json!([10.0])
    );
    run(&app, 0, json!([]), "p1").await;
    assert_eq!(
        run(&app, 1, json!([]), "p1").await["output"]["data"],
        json!([50.0])
    );
}

#[tokio::test]
async fn a_function_can_show_another_tab() {
    let app = app(Blocks::new(|b| {
        let (tabs, go) = b.layout_tabs(Tabs::new(), |t| {
            let go = t.tab_with(Tab::new("A").id("a"), |b| b.button("To B"));
            t.tab_with(Tab::new("B").id("b"), |b| b.add(Textbox::new()));
            go
        });
        go.click(|| Tabs::update().selected("b"), (), tabs.update());
    }));
    let done = run(&app, 0, json!([]), "t1").await;
    assert_eq!(
        done["output"]["data"],
        json!([{"__type__": "update", "selected": "b"}])
    );
}

#[tokio::test]
async fn a_function_can_show_hide_and_rename_a_tab() {
    let app = app(Blocks::new(|b| {
        let (toggle, (extras, _)) = b.tabs(|t| {
            let toggle = t.tab("Main", |b| b.add(Checkbox::new().label("Extras")));
            let extras = t.layout_tab(Tab::new("Extras").visible(false), |b| b.add(Textbox::new()));
            (toggle, extras)
        });
        toggle.change(
            |on: bool| {
                Tab::update()
                    .visible(on)
                    .label(if on { "Extras!" } else { "Extras" })
            },
            toggle,
            extras.update(),
        );
    }));
    let done = run(&app, 0, json!([true]), "t1").await;
    assert_eq!(
        done["output"]["data"],
        json!([{"__type__": "update", "visible": true, "label": "Extras!"}])
    );
    // The config declares it hidden.
    let (status, _, body) = get(&app, "/config").await;
    assert_eq!(status, StatusCode::OK);
    let config = crate::common::json(&body);
    let tab = config["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["type"] == "tabitem" && c["props"]["label"] == "Extras")
        .unwrap();
    assert_eq!(tab["props"]["visible"], false);
}

#[tokio::test]
async fn a_tabs_select_listener_hears_which_tab_showed() {
    let app = app(Blocks::new(|b| {
        let (tab, out) = b.tabs(|t| {
            let out = t.tab("Main", |b| b.add(Textbox::new()));
            let (tab, _) = t.layout_tab(Tab::new("Extras"), |b| b.add(Markdown::new("x")));
            (tab, out)
        });
        tab.select(
            |pick: SelectData<Tab>| format!("{} #{}", pick.value, pick.index),
            (),
            out,
        );
    }));
    let (_, _, body) = get(&app, "/config").await;
    let config = crate::common::json(&body);
    let tab_id = config["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["props"]["label"] == "Extras")
        .unwrap()["id"]
        .clone();
    assert_eq!(
        config["dependencies"][0]["targets"],
        json!([[tab_id, "select"]])
    );
    let body = json!({
        "data": [], "fn_index": 0, "session_hash": "tabs",
        "event_data": {"index": 1, "value": "Extras"},
    });
    let (status, body) = post(&app, "/gradio_api/queue/join", body.to_string()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let done = read_stream(&app, "tabs")
        .await
        .into_iter()
        .find(|m| m["msg"] == "process_completed")
        .unwrap();
    assert_eq!(done["output"]["data"], json!(["Extras #1"]));
    // Without the page's event data (an API call) it can't run.
    let body = json!({"data": [], "fn_index": 0, "session_hash": "api"});
    let (status, body) = post(&app, "/gradio_api/queue/join", body.to_string()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
}
