//! The run history (Gradio 6's "Runs"): each finished call of a public endpoint, kept in this
//! browser only (`localStorage`, per app address), listed by endpoint, newest first, and loaded
//! back onto the page without running it again.

use ferrio_components::ComponentId;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::state::PageState;

/// How many runs are kept; the oldest go first.
pub const KEPT: usize = 100;

/// One finished run: what went in and what came out, by component.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PastRun {
    /// The endpoint's name (`/echo`).
    pub endpoint: String,
    /// When it started, in milliseconds since 1970 (JavaScript's `Date.now()`).
    pub at: f64,
    /// How long it took, in seconds.
    pub secs: f64,
    /// Whether it succeeded.
    pub ok: bool,
    /// The inputs' values when it was sent.
    pub inputs: Vec<(ComponentId, Value)>,
    /// The outputs' values when it ended.
    pub outputs: Vec<(ComponentId, Value)>,
}

/// Adds `run` as the newest, dropping the oldest beyond [`KEPT`].
pub fn push(runs: &mut Vec<PastRun>, run: PastRun) {
    runs.push(run);
    let extra = runs.len().saturating_sub(KEPT);
    runs.drain(..extra);
}

/// The runs by endpoint: the endpoint run last first, each one's runs newest first.
pub fn by_endpoint(runs: &[PastRun]) -> Vec<(&str, Vec<&PastRun>)> {
    let mut groups: Vec<(&str, Vec<&PastRun>)> = Vec::new();
    for run in runs.iter().rev() {
        match groups.iter_mut().find(|(e, _)| *e == run.endpoint) {
            Some((_, group)) => group.push(run),
            None => groups.push((&run.endpoint, vec![run])),
        }
    }
    groups
}

/// A value in a few words: text (cut short), a number, a file by its name, a list by its
/// length.
pub fn summary(value: &Value) -> String {
    const LONGEST: usize = 40;
    match value {
        Value::Null => "—".to_owned(),
        Value::String(text) if text.chars().count() > LONGEST => {
            format!("{}…", text.chars().take(LONGEST).collect::<String>())
        }
        Value::String(text) => text.clone(),
        Value::Object(map) => match (map.get("orig_name"), map.get("path")) {
            (Some(Value::String(name)), _) => name.clone(),
            (_, Some(Value::String(path))) => path.rsplit('/').next().unwrap_or(path).to_owned(),
            _ => "{…}".to_owned(),
        },
        Value::Array(items) => format!("[{} items]", items.len()),
        // As the page shows numbers: a whole one without its `.0`.
        Value::Number(n) => match n.as_f64() {
            Some(x) if x.fract() == 0.0 && x.abs() < 1e15 => format!("{}", x as i64),
            _ => n.to_string(),
        },
        other => other.to_string(),
    }
}

/// The page's run history: the runs, and whether the panel listing them is open.
#[derive(Clone, Copy)]
pub struct RunHistory {
    runs: RwSignal<Vec<PastRun>>,
    /// Whether the panel is shown.
    pub open: RwSignal<bool>,
}

impl RunHistory {
    /// The history this browser kept for this app (none on the server).
    pub fn load() -> Self {
        let runs = crate::client::stored_runs()
            .and_then(|text| ferrio_components::messages::parse(&text).ok())
            .unwrap_or_default();
        RunHistory {
            runs: RwSignal::new(runs),
            open: RwSignal::new(false),
        }
    }

    /// Keeps `run` and stores the history.
    pub fn record(&self, run: PastRun) {
        self.runs.update(|runs| push(runs, run));
        self.save();
    }

    fn save(&self) {
        self.runs.with_untracked(|runs| {
            if let Ok(text) = serde_json::to_string(runs) {
                crate::client::store_runs(&text);
            }
        });
    }
}

/// The panel listing the runs by endpoint, each with a button that loads it onto the page.
///
/// Its inside is one piece of markup with one click handler for all its buttons, not a view
/// per element: each distinct view type adds its own code to the page's wasm, and this panel
/// would otherwise have cost every app 12 KB (brotli) to list a few lines of text.
#[component]
pub fn RunsPanel(
    /// The page's history.
    history: RunHistory,
) -> impl IntoView {
    let state = expect_context::<PageState>();
    let html = move || {
        history
            .runs
            .with(|runs| panel_html(runs, &|at| crate::client::local_time(at)))
    };
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let Some(button) = clicked_button(&ev) else {
            return;
        };
        match button.0.as_str() {
            "clear" => {
                history.runs.set(Vec::new());
                history.save();
            }
            "close" => history.open.set(false),
            "load" => {
                // The values go back on the page as they were, with no `change` fired: nothing
                // runs again.
                let run = history
                    .runs
                    .with_untracked(|runs| runs.get(button.1).cloned());
                for (id, value) in run.iter().flat_map(|r| r.inputs.iter().chain(&r.outputs)) {
                    let _ = state.value(*id).set_json(value);
                }
                history.open.set(false);
            }
            _ => {}
        }
    };
    move || {
        let on_click = on_click.clone();
        history.open.get().then(|| {
            view! { <section class="runs" aria-label="Run history" inner_html=html on:click=on_click></section> }
        })
    }
}

/// The panel's buttons say what they do in `data-action`, and which run in `data-run`.
fn clicked_button(ev: &leptos::ev::MouseEvent) -> Option<(String, usize)> {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        let target: leptos::web_sys::Element = ev.target()?.dyn_into().ok()?;
        let button = target.closest("button[data-action]").ok()??;
        let action = button.get_attribute("data-action")?;
        let run = button
            .get_attribute("data-run")
            .and_then(|r| r.parse().ok())
            .unwrap_or(0);
        Some((action, run))
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = ev;
        None
    }
}

/// The panel's markup: its header, then each endpoint's runs, newest first. `time` writes a
/// run's start as a time of day.
pub fn panel_html(runs: &[PastRun], time: &dyn Fn(f64) -> String) -> String {
    let mut html = String::from(
        "<header><h2>Runs</h2>\
         <button type=\"button\" data-action=\"clear\">Clear</button>\
         <button type=\"button\" data-action=\"close\">Close</button></header>\
         <p class=\"runs-note\">Kept in this browser only.</p>",
    );
    if runs.is_empty() {
        html.push_str("<p>No runs yet.</p>");
    }
    let words = |values: &[(ComponentId, Value)]| {
        values
            .iter()
            .map(|(_, v)| summary(v))
            .collect::<Vec<_>>()
            .join(", ")
    };
    for (endpoint, group) in by_endpoint(runs) {
        html.push_str(&format!("<h3>{}</h3><ol>", escape(endpoint)));
        for run in group {
            // Its place in the stored list, which the Load button names.
            let index = runs.iter().position(|r| std::ptr::eq(r, run)).unwrap_or(0);
            let status = if run.ok { "done" } else { "failed" };
            html.push_str(&format!(
                "<li class=\"run\" data-status=\"{status}\">\
                 <span class=\"run-line\">{} → {}</span>\
                 <span class=\"run-meta\">{} · {:.1} s · {status}</span>\
                 <button type=\"button\" data-action=\"load\" data-run=\"{index}\">Load</button></li>",
                escape(&words(&run.inputs)),
                escape(&words(&run.outputs)),
                escape(&time(run.at)),
                run.secs,
            ));
        }
        html.push_str("</ol>");
    }
    html
}

/// Text made safe to put in markup.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(endpoint: &str, at: f64) -> PastRun {
        PastRun {
            endpoint: endpoint.into(),
            at,
            secs: 0.1,
            ok: true,
            inputs: vec![(ComponentId(1), json!("hi"))],
            outputs: vec![(ComponentId(2), json!("hi"))],
        }
    }

    #[test]
    fn the_newest_runs_are_kept() {
        let mut runs = Vec::new();
        for i in 0..KEPT + 5 {
            push(&mut runs, run("/echo", i as f64));
        }
        assert_eq!(runs.len(), KEPT);
        assert_eq!(runs[0].at, 5.0);
        assert_eq!(runs.last().unwrap().at, (KEPT + 4) as f64);
    }

    #[test]
    fn runs_are_listed_by_endpoint_newest_first() {
        let runs = [run("/echo", 1.0), run("/add", 2.0), run("/echo", 3.0)];
        let groups = by_endpoint(&runs);
        let shown: Vec<(&str, Vec<f64>)> = groups
            .iter()
            .map(|(e, runs)| (*e, runs.iter().map(|r| r.at).collect()))
            .collect();
        assert_eq!(shown, [("/echo", vec![3.0, 1.0]), ("/add", vec![2.0])]);
        assert!(by_endpoint(&[]).is_empty());
    }

    #[test]
    fn values_are_summed_up_in_a_few_words() {
        assert_eq!(summary(&json!("hello")), "hello");
        assert_eq!(summary(&json!(5.5)), "5.5");
        assert_eq!(summary(&json!(5.0)), "5");
        assert_eq!(summary(&json!(true)), "true");
        assert_eq!(summary(&json!(null)), "—");
        assert_eq!(
            summary(&json!("x".repeat(50))),
            format!("{}…", "x".repeat(40))
        );
        let file = json!({"path": "/tmp/c/1/cat.png", "meta": {"_type": "gradio.FileData"}});
        assert_eq!(summary(&file), "cat.png");
        let named = json!({"path": "/tmp/c/1/x", "orig_name": "photo.jpg"});
        assert_eq!(summary(&named), "photo.jpg");
        assert_eq!(summary(&json!([1, 2])), "[2 items]");
        assert_eq!(summary(&json!({"a": 1})), "{…}");
    }

    #[test]
    fn the_panel_lists_runs_by_endpoint_with_their_text_escaped() {
        let mut failed = run("/add", 2.0);
        failed.ok = false;
        failed.inputs = vec![(ComponentId(3), json!("<b>x</b>"))];
        let runs = [run("/echo", 1.0), failed];
        let html = panel_html(&runs, &|at| format!("t{at}"));
        // The newest endpoint first; each Load names its run's place in the list.
        let add = html.find("<h3>/add</h3>").unwrap();
        let echo = html.find("<h3>/echo</h3>").unwrap();
        assert!(add < echo, "{html}");
        assert!(html.contains(r#"data-status="failed""#), "{html}");
        assert!(
            html.contains(r#"data-action="load" data-run="1""#),
            "{html}"
        );
        assert!(
            html.contains(r#"data-action="load" data-run="0""#),
            "{html}"
        );
        assert!(html.contains("hi → hi"), "{html}");
        assert!(html.contains("t1 · 0.1 s · done"), "{html}");
        // What a function returned is text here, never markup.
        assert!(html.contains("&lt;b&gt;x&lt;/b&gt;"), "{html}");
        assert!(!html.contains("<b>x"), "{html}");
        assert!(panel_html(&[], &|_| String::new()).contains("No runs yet."));
    }

    #[test]
    fn a_history_round_trips_through_its_stored_text() {
        let runs = vec![run("/echo", 1.0)];
        let text = serde_json::to_string(&runs).unwrap();
        let back: Vec<PastRun> = ferrio_components::messages::parse(&text).unwrap();
        assert_eq!(back, runs);
    }
}
