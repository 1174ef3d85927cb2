//! The browser's queue client: `POST gradio_api/queue/join`, then one EventSource per session
//! (`gradio_api/queue/data`) carrying the messages of all its events, as Gradio's JS client does.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

use ferrio_components::config::ShowProgress;
use ferrio_components::diff::GeneratedOutputs;
use ferrio_components::markdown::{RenderRequest, Rendered};
use ferrio_components::messages::{
    parse, ErrorDetail, ErrorOutput, JoinRequest, JoinResponse, OutputData, ProcessOutput,
    ServerMessage,
};
use ferrio_components::{
    ComponentId, Config, CustomBlocks, EventId, FileData, FnIndex, SessionHash,
};
use leptos::prelude::Set;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{EventSource, MessageEvent, Request, RequestInit, Response};

use crate::run_history::PastRun;
use crate::state::{Fired, PageState, Status};

/// An event the server accepted and whose results are still to come.
struct Tracked {
    state: PageState,
    fn_index: FnIndex,
    outputs: Vec<ComponentId>,
    /// How much of the run its outputs show (`show_progress`).
    progress: ShowProgress,
    /// A generator's results so far: later ones arrive as edits of the one before.
    generated: GeneratedOutputs,
    /// For the run history: the run as it started (a run it keeps).
    started: Option<Rc<PastRun>>,
}

type Source = (
    EventSource,
    Closure<dyn FnMut(MessageEvent)>,
    Closure<dyn FnMut(web_sys::Event)>,
);

#[derive(Default)]
struct Connection {
    source: Option<Source>,
    /// The last closed source: its handlers may still be running (a stream is closed from its
    /// own `onmessage`), so they are dropped one close later, never while they run.
    retired: Option<Source>,
    events: HashMap<EventId, Tracked>,
    /// Messages that arrived before their join's answer did (the stream is shared, so a fast
    /// event can finish before the browser learns its id).
    unclaimed: HashMap<EventId, Vec<ServerMessage>>,
}

thread_local! {
    static CONNECTION: RefCell<Connection> = RefCell::new(Connection::default());
}

/// Reads `window.gradio_config`, which the server embedded in the page.
pub fn embedded_config<X: CustomBlocks>() -> Arc<Config<X>> {
    let window = web_sys::window().expect("a browser window");
    let raw = js_sys::Reflect::get(&window, &JsValue::from_str("gradio_config"))
        .expect("window.gradio_config");
    let json: String = js_sys::JSON::stringify(&raw)
        .expect("the embedded config is JSON")
        .into();
    Arc::new(parse(&json).expect("the server's config parses"))
}

/// 128 random bits in hex, from the browser's CSPRNG: the session hash is what entitles a reader
/// to an event's results.
pub fn new_session_hash() -> SessionHash {
    let mut bytes = [0u8; 16];
    let crypto = web_sys::window().and_then(|w| w.crypto().ok());
    if let Some(crypto) = crypto {
        let _ = crypto.get_random_values_with_u8_array(&mut bytes);
    }
    SessionHash(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Sends dependency `index`'s inputs to the queue and tracks its outputs until it completes.
pub fn submit(state: PageState, index: usize, fired: Fired) {
    let dep = &state.dependencies[index];
    let request = JoinRequest {
        data: dep
            .inputs
            .iter()
            .map(|id| state.value(*id).to_json())
            .collect(),
        event_data: fired.event_data,
        fn_index: dep.id,
        trigger_id: fired.trigger,
        session_hash: state.session.clone(),
    };
    let outputs = dep.outputs.clone();
    let fn_index = dep.id;
    let progress = dep.show_progress;
    let started = state.recorded_endpoint(index).map(|endpoint| {
        Rc::new(PastRun {
            endpoint,
            at: js_sys::Date::now(),
            secs: 0.0,
            ok: false,
            inputs: dep
                .inputs
                .iter()
                .copied()
                .zip(request.data.clone())
                .collect(),
            outputs: Vec::new(),
        })
    });
    if progress != ShowProgress::Hidden {
        state.set_outputs_status(&outputs, Status::Pending(None));
    }
    if !dep.queue {
        let tracked = Tracked {
            state,
            fn_index,
            outputs,
            progress,
            generated: GeneratedOutputs::default(),
            started,
        };
        wasm_bindgen_futures::spawn_local(async move {
            let msg = run_direct(&request).await;
            apply(&tracked, msg);
        });
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        match join(&request).await {
            Ok(event_id) => {
                let early = CONNECTION.with(|c| {
                    let mut c = c.borrow_mut();
                    c.events.insert(
                        event_id.clone(),
                        Tracked {
                            state: state.clone(),
                            fn_index,
                            outputs,
                            progress,
                            generated: GeneratedOutputs::default(),
                            started,
                        },
                    );
                    c.unclaimed.remove(&event_id).unwrap_or_default()
                });
                for msg in early {
                    handle(msg);
                }
                // An event whose whole run arrived before its join's answer is done already:
                // a new stream would only find the session gone.
                let still_running = CONNECTION.with(|c| c.borrow().events.contains_key(&event_id));
                if still_running {
                    ensure_stream(&state.session);
                }
            }
            Err(message) => {
                state.fail(&outputs, message);
                state.run_ended(fn_index);
                state.run_chained(fn_index, false);
            }
        }
    });
}

/// Holds `gradio_api/heartbeat/{session}` open for as long as the page lives (the browser
/// reconnects it after a drop), so the server knows when the page is gone.
pub fn connect_heartbeat(session: &SessionHash) {
    let url = format!(
        "gradio_api/heartbeat/{}",
        String::from(js_sys::encode_uri_component(session.as_str()))
    );
    match EventSource::new(&url) {
        // Kept for the page's lifetime: the browser closes it when the page goes.
        Ok(source) => std::mem::forget(source),
        Err(_) => web_sys::console::warn_1(&"ferrio: could not open the heartbeat".into()),
    }
}

/// Whether the page shows its dark theme: the one a person picked, or else the system's.
pub fn dark_mode() -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let picked = window
        .document()
        .and_then(|d| d.document_element())
        .and_then(|html| html.get_attribute("data-theme"));
    match picked.as_deref() {
        Some("dark") => true,
        Some("light") => false,
        _ => window
            .match_media("(prefers-color-scheme: dark)")
            .ok()
            .flatten()
            .is_some_and(|m| m.matches()),
    }
}

/// Shows the dark (or light) theme, and remembers the choice in this browser.
pub fn set_dark_mode(dark: bool) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let theme = if dark { "dark" } else { "light" };
    if let Some(html) = window.document().and_then(|d| d.document_element()) {
        let _ = html.set_attribute("data-theme", theme);
    }
    if let Ok(Some(storage)) = window.local_storage() {
        let _ = storage.set_item("ferrio-theme", theme);
    }
}

/// Where this app's run history is kept: one per app address, as Gradio scopes it.
fn runs_key() -> Option<(web_sys::Storage, String)> {
    let window = web_sys::window()?;
    let storage = window.local_storage().ok()??;
    let path = window.location().pathname().unwrap_or_default();
    Some((storage, format!("ferrio-runs:{path}")))
}

/// The run history this browser kept for this app, as stored.
pub fn stored_runs() -> Option<String> {
    let (storage, key) = runs_key()?;
    storage.get_item(&key).ok()?
}

/// Stores the run history (a full storage drops it: it is a convenience, never needed).
pub fn store_runs(runs: &str) {
    if let Some((storage, key)) = runs_key() {
        let _ = storage.set_item(&key, runs);
    }
}

/// A time of day in the person's locale.
pub fn local_time(ms: f64) -> String {
    js_sys::Date::new(&JsValue::from_f64(ms))
        .to_locale_time_string("default")
        .into()
}

/// Whether the address asks for the run history (`?view=runs`, where `/gradio_api/runs` leads).
pub fn wants_runs() -> bool {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .is_some_and(|q| q.split(['?', '&']).any(|p| p == "view=runs"))
}

/// Stops this session's events of functions `fns` (a Stop button): the server completes them
/// without a result, and their outputs keep what they showed last.
pub fn cancel(state: PageState, fns: &[FnIndex]) {
    let events: Vec<EventId> = CONNECTION.with(|c| {
        c.borrow()
            .events
            .iter()
            .filter(|(_, t)| fns.contains(&t.fn_index))
            .map(|(id, _)| id.clone())
            .collect()
    });
    for event_id in events {
        let body =
            serde_json::json!({"event_id": event_id, "session_hash": state.session}).to_string();
        wasm_bindgen_futures::spawn_local(async move {
            // A failure here means the event already ended: nothing to stop.
            let _ = post_json("gradio_api/cancel", &body).await;
        });
    }
}

async fn join(request: &JoinRequest) -> Result<EventId, String> {
    let body = serde_json::to_string(request).map_err(|e| e.to_string())?;
    post_parsed::<JoinResponse>("gradio_api/queue/join", &body)
        .await
        .map(|r| r.event_id)
}

/// POSTs JSON and reads the answer as a `T`; a refusal as its `detail` (Gradio's error body).
async fn post_parsed<T: serde::de::DeserializeOwned>(url: &str, body: &str) -> Result<T, String> {
    let (status, text) = post_json(url, body)
        .await
        .map_err(|_| "Could not reach the server.".to_owned())?;
    if (200..300).contains(&status) {
        parse::<T>(&text).map_err(|_| "The server's answer was not understood.".to_owned())
    } else {
        Err(parse::<ErrorDetail>(&text)
            .map(|e| e.detail.to_string())
            .unwrap_or_else(|_| format!("The server answered {status}.")))
    }
}

/// Runs a `queue(false)` listener directly (`gradio_api/run/predict`); its answer, or its
/// failure, as the completion message the queue would have sent.
async fn run_direct(request: &JoinRequest) -> ServerMessage {
    let event_id = EventId(String::new());
    let failed = |message: String| {
        ServerMessage::failed(
            event_id.clone(),
            ErrorOutput {
                error: Some(message),
                duration: None,
                visible: true,
                title: Some("Error".to_owned()),
            },
        )
    };
    let Ok(body) = serde_json::to_string(request) else {
        return failed("The inputs could not be sent.".to_owned());
    };
    let Ok((status, text)) = post_json("gradio_api/run/predict", &body).await else {
        return failed("Could not reach the server.".to_owned());
    };
    if status == 200 {
        return match parse::<OutputData>(&text) {
            Ok(data) => ServerMessage::completed(event_id, data),
            Err(_) => failed("The server's answer was not understood.".to_owned()),
        };
    }
    // A function's failure says `error`; a refused request, `detail`.
    let message = serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|v| v.get("error").and_then(|e| e.as_str()).map(str::to_owned))
        .or_else(|| {
            parse::<ErrorDetail>(&text)
                .ok()
                .map(|e| e.detail.to_string())
        })
        .unwrap_or_else(|| format!("The server answered {status}."));
    failed(message)
}

/// Uploads the files of an `<input type=file>`'s change, a drop or a paste, reporting the share
/// sent so far to `progress` (0 to 1), then hands `done` their `FileData` (paths on the server)
/// or the server's reason. Returns whether there were files.
pub fn upload_from_event(
    event: &leptos::ev::Event,
    progress: impl Fn(f64) + 'static,
    done: impl FnOnce(Result<Vec<FileData>, String>) + 'static,
) -> bool {
    let listed = |list: Option<web_sys::FileList>| -> Vec<web_sys::File> {
        list.map(|l| (0..l.length()).filter_map(|i| l.get(i)).collect())
            .unwrap_or_default()
    };
    let files = if let Some(drop) = event.dyn_ref::<web_sys::DragEvent>() {
        listed(drop.data_transfer().and_then(|d| d.files()))
    } else if let Some(paste) = event.dyn_ref::<web_sys::ClipboardEvent>() {
        listed(paste.clipboard_data().and_then(|d| d.files()))
    } else {
        let input = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
        let files = listed(input.as_ref().and_then(|i| i.files()));
        // Picking the same file again must fire `change` again (the list is live: taken first).
        if let Some(input) = input {
            input.set_value("");
        }
        files
    };
    if files.is_empty() {
        return false;
    }
    wasm_bindgen_futures::spawn_local(async move { done(upload(files, progress).await) });
    true
}

/// XMLHttpRequest, not fetch: only it reports how much of a request body has been sent.
pub(super) async fn upload(
    files: Vec<web_sys::File>,
    progress: impl Fn(f64) + 'static,
) -> Result<Vec<FileData>, String> {
    let unreachable = |_| "Could not reach the server to upload.".to_owned();
    let form = web_sys::FormData::new().map_err(unreachable)?;
    for f in &files {
        form.append_with_blob_and_filename("files", f, &f.name())
            .map_err(unreachable)?;
    }
    let xhr = web_sys::XmlHttpRequest::new().map_err(unreachable)?;
    xhr.open_with_async("POST", "gradio_api/upload", true)
        .map_err(unreachable)?;
    let on_progress =
        Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |e: web_sys::ProgressEvent| {
            if e.length_computable() && e.total() > 0.0 {
                progress(e.loaded() / e.total());
            }
        });
    xhr.upload()
        .map_err(unreachable)?
        .set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    let finished = js_sys::Promise::new(&mut |resolve, reject| {
        xhr.set_onload(Some(&resolve));
        xhr.set_onerror(Some(&reject));
        xhr.set_onabort(Some(&reject));
    });
    xhr.send_with_opt_form_data(Some(&form))
        .map_err(unreachable)?;
    let sent = JsFuture::from(finished).await;
    drop(on_progress);
    sent.map_err(unreachable)?;
    let status = xhr.status().unwrap_or(0);
    let text = xhr.response_text().ok().flatten().unwrap_or_default();
    if !(200..300).contains(&status) {
        return Err(parse::<ErrorDetail>(&text)
            .map(|e| e.detail.to_string())
            .unwrap_or_else(|_| format!("The upload failed ({status}).")));
    }
    let paths: Vec<String> =
        parse(&text).map_err(|_| "The server's answer was not understood.".to_owned())?;
    Ok(paths
        .into_iter()
        .zip(&files)
        .map(|(path, f)| {
            let mut data = FileData::new(path);
            data.orig_name = Some(f.name());
            data.size = Some(f.size() as u64);
            data.mime_type = Some(f.type_()).filter(|t| !t.is_empty());
            data
        })
        .collect())
}

/// Asks the server for the sanitized HTML of `text` (the bundle has no markdown parser).
pub fn render_markdown(
    text: String,
    line_breaks: bool,
    done: impl FnOnce(Result<String, String>) + 'static,
) {
    wasm_bindgen_futures::spawn_local(async move {
        let body = serde_json::to_string(&RenderRequest { text, line_breaks }).unwrap_or_default();
        let result = post_parsed::<Rendered>("gradio_api/markdown", &body)
            .await
            .map(|r| r.html);
        done(result);
    });
}

/// Puts `text` on the clipboard; `done` hears whether it could.
pub fn copy_text(text: String, done: impl FnOnce(bool) + 'static) {
    wasm_bindgen_futures::spawn_local(async move {
        let Some(window) = web_sys::window() else {
            return done(false);
        };
        let written = window.navigator().clipboard().write_text(&text);
        done(JsFuture::from(written).await.is_ok());
    });
}

async fn post_json(url: &str, body: &str) -> Result<(u16, String), JsValue> {
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_body(&JsValue::from_str(body));
    let request = Request::new_with_str_and_init(url, &init)?;
    request.headers().set("Content-Type", "application/json")?;
    let window = web_sys::window().ok_or("no window")?;
    let response: Response = JsFuture::from(window.fetch_with_request(&request))
        .await?
        .dyn_into()?;
    let text = JsFuture::from(response.text()?)
        .await?
        .as_string()
        .unwrap_or_default();
    Ok((response.status(), text))
}

/// Opens the session's stream unless it is open already.
fn ensure_stream(session: &SessionHash) {
    let open = CONNECTION.with(|c| c.borrow().source.is_some());
    if open {
        return;
    }
    let url = format!(
        "gradio_api/queue/data?session_hash={}",
        String::from(js_sys::encode_uri_component(session.as_str()))
    );
    let Ok(source) = EventSource::new(&url) else {
        fail_all("Could not open the result stream.");
        return;
    };
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|event: MessageEvent| {
        let Some(text) = event.data().as_string() else {
            return;
        };
        match parse::<ServerMessage>(&text) {
            Ok(msg) => handle(msg),
            Err(_) => {
                web_sys::console::warn_1(&format!("ferrio: unreadable message {text}").into())
            }
        }
    });
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(|_| {
        // The browser retries by itself while the state is CONNECTING; CLOSED means it gave up.
        let closed = CONNECTION.with(|c| {
            c.borrow()
                .source
                .as_ref()
                .is_some_and(|(s, _, _)| s.ready_state() == EventSource::CLOSED)
        });
        if closed {
            close_stream();
            fail_all("Lost the connection to the server.");
        }
    });
    source.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    CONNECTION.with(|c| c.borrow_mut().source = Some((source, on_message, on_error)));
}

fn close_stream() {
    let previous = CONNECTION.with(|c| {
        let mut c = c.borrow_mut();
        let source = c.source.take()?;
        source.0.close();
        c.retired.replace(source)
    });
    drop(previous);
}

fn fail_all(message: &str) {
    let events: Vec<Tracked> =
        CONNECTION.with(|c| c.borrow_mut().events.drain().map(|(_, t)| t).collect());
    for t in events {
        t.state.fail(&t.outputs, message.to_owned());
        t.state.run_ended(t.fn_index);
    }
}

fn handle(msg: ServerMessage) {
    match msg {
        ServerMessage::Heartbeat => {}
        ServerMessage::CloseStream { .. } => {
            close_stream();
            // Events joined after the server closed this stream get their messages on a new one.
            let session = CONNECTION.with(|c| {
                c.borrow()
                    .events
                    .values()
                    .next()
                    .map(|t| t.state.session.clone())
            });
            if let Some(session) = session {
                ensure_stream(&session);
            }
        }
        ServerMessage::UnexpectedError {
            event_id: None,
            message,
            ..
        } => {
            close_stream();
            fail_all(&message);
        }
        msg => {
            let Some(event_id) = msg.event_id().cloned() else {
                return;
            };
            let done = matches!(
                msg,
                ServerMessage::ProcessCompleted { .. } | ServerMessage::UnexpectedError { .. }
            );
            let tracked = CONNECTION.with(|c| {
                let mut c = c.borrow_mut();
                let Some(t) = c.events.get_mut(&event_id) else {
                    c.unclaimed
                        .entry(event_id.clone())
                        .or_default()
                        .push(msg.clone());
                    return None;
                };
                let msg = t.generated.decode_message(msg);
                let view = Tracked {
                    state: t.state.clone(),
                    fn_index: t.fn_index,
                    outputs: t.outputs.clone(),
                    progress: t.progress,
                    generated: GeneratedOutputs::default(),
                    started: t.started.clone(),
                };
                if done {
                    c.events.remove(&event_id);
                }
                Some((view, msg))
            });
            if let Some((t, msg)) = tracked {
                apply(&t, msg);
            }
        }
    }
}

/// Applies one message to the event's output components.
fn apply(t: &Tracked, msg: ServerMessage) {
    // What follows a completed event: `.then` always, `.success` / `.failure` by its outcome;
    // nothing after a cancelled one.
    let outcome = match &msg {
        ServerMessage::ProcessCompleted { success: true, .. } => Some(true),
        ServerMessage::ProcessCompleted {
            output: ProcessOutput::Error(ErrorOutput { error: None, .. }),
            ..
        } => None,
        ServerMessage::ProcessCompleted { .. } | ServerMessage::UnexpectedError { .. } => {
            Some(false)
        }
        _ => None,
    };
    let ended = matches!(
        msg,
        ServerMessage::ProcessCompleted { .. } | ServerMessage::UnexpectedError { .. }
    );
    apply_to_outputs(t, msg);
    if ended {
        t.state.run_ended(t.fn_index);
    }
    // A run that ended, not one cancelled, goes into the history with what it showed.
    if let (Some(ok), Some(started), Some(history)) = (outcome, &t.started, t.state.history) {
        let mut run = PastRun::clone(started);
        run.secs = (js_sys::Date::now() - run.at) / 1000.0;
        run.ok = ok;
        run.outputs = t
            .outputs
            .iter()
            .map(|id| (*id, t.state.value(*id).to_json()))
            .collect();
        history.record(run);
    }
    if let Some(succeeded) = outcome {
        t.state.run_chained(t.fn_index, succeeded);
    }
}

fn apply_to_outputs(t: &Tracked, msg: ServerMessage) {
    match msg {
        ServerMessage::ProcessCompleted {
            output: ProcessOutput::Data(out),
            ..
        }
        | ServerMessage::ProcessGenerating {
            output: ProcessOutput::Data(out),
            ..
        } => {
            for (id, value) in t.outputs.iter().zip(&out.data) {
                let status = match t.state.set_output(*id, value) {
                    Ok(()) if out.is_generating && t.progress != ShowProgress::Hidden => {
                        Status::Pending(None)
                    }
                    Ok(()) => Status::Idle,
                    Err(e) => {
                        t.state.fail(&[*id], e);
                        continue;
                    }
                };
                t.state.status(*id).set(status);
            }
        }
        ServerMessage::ProcessCompleted {
            output: ProcessOutput::Error(e),
            ..
        }
        | ServerMessage::ProcessGenerating {
            output: ProcessOutput::Error(e),
            ..
        } => {
            // No message: the event was cancelled, and its outputs keep what they show.
            match e.error {
                Some(message) => t.state.fail(&t.outputs, message),
                None => t.state.set_outputs_status(&t.outputs, Status::Idle),
            }
        }
        ServerMessage::UnexpectedError { message, .. } => t.state.fail(&t.outputs, message),
        // Where the event stands in line, while it waits (only `full` shows it).
        ServerMessage::Estimation {
            rank,
            queue_size,
            rank_eta,
            ..
        } if t.progress == ShowProgress::Full => {
            let status = Status::Queued {
                rank,
                size: queue_size,
                eta: rank_eta,
            };
            t.state.set_outputs_status(&t.outputs, status);
        }
        ServerMessage::ProcessStarts { .. } if t.progress != ShowProgress::Hidden => {
            t.state
                .set_outputs_status(&t.outputs, Status::Pending(None));
        }
        ServerMessage::Progress { progress_data, .. } => {
            // Gradio nests progress (a tqdm inside a tqdm); the innermost is the one moving.
            // Only `full` shows it; `minimal` keeps the pending stripe alone.
            if let Some(unit) = progress_data
                .last()
                .filter(|_| t.progress == ShowProgress::Full)
            {
                t.state
                    .set_outputs_status(&t.outputs, Status::Pending(Some(unit.clone())));
            }
        }
        ServerMessage::Log {
            log,
            level,
            duration,
            visible: true,
            ..
        } => t.state.toast(level, log, duration),
        _ => {}
    }
}
