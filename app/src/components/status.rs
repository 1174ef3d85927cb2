//! The pending bar and the error message shown on a component an event writes to.

use ferrio_components::messages::ProgressUnit;
use ferrio_components::ComponentId;
use leptos::prelude::*;

use crate::state::{PageState, Status};

/// `class` additions for the component's wrapper while its event runs.
pub fn status_class(
    state: &PageState,
    id: ComponentId,
) -> impl Fn() -> &'static str + Send + Sync + 'static {
    let status = state.status(id);
    move || match status.get() {
        Status::Pending(_) | Status::Queued { .. } => " pending",
        Status::Failed(_) => " failed",
        Status::Idle => "",
    }
}

/// The progress of the event writing to an output, or the error it ended with.
#[component]
pub fn StatusMessage(
    /// The output component whose event's status is shown.
    id: ComponentId,
) -> impl IntoView {
    let state = expect_context::<PageState>();
    state.showing_status(id);
    let status = state.status(id);
    move || match status.get() {
        Status::Failed(message) => {
            Some(view! { <div class="error-message" role="alert">{message}</div> }.into_any())
        }
        Status::Pending(Some(unit)) => Some(progress_view(&unit).into_any()),
        // Gradio's "queue: 2/3 | 1.2s".
        Status::Queued { rank, size, eta } => {
            let eta = eta
                .map(|s| format!(" · about {s:.1} s"))
                .unwrap_or_default();
            let text = format!("In line {}/{}{eta}", rank + 1, size.max(rank + 1));
            Some(view! { <div class="queue-position" role="status">{text}</div> }.into_any())
        }
        Status::Pending(None) | Status::Idle => None,
    }
}

/// A bar with "2/4 steps" (or a percentage) and the function's description.
fn progress_view(unit: &ProgressUnit) -> impl IntoView {
    let fraction = match (unit.progress, unit.index, unit.length) {
        (Some(p), _, _) => Some(p),
        (None, Some(i), Some(n)) if n > 0 => Some((i as f64 / n as f64).min(1.0)),
        _ => None,
    };
    let count = match (unit.index, unit.length) {
        (Some(i), Some(n)) => format!("{i}/{n} {}", unit.unit.as_deref().unwrap_or("")),
        (Some(i), None) => format!("{i} {}", unit.unit.as_deref().unwrap_or("")),
        _ => fraction
            .map(|f| format!("{:.0}%", f * 100.0))
            .unwrap_or_default(),
    };
    let text = match &unit.desc {
        Some(desc) => format!("{desc} {count}"),
        None => count,
    };
    let percent = fraction.map(|f| f * 100.0);
    view! {
        <div
            class="progress"
            role="progressbar"
            aria-valuemin="0"
            aria-valuemax="100"
            aria-valuenow=percent.map(|p| format!("{p:.0}"))
        >
            <div class="progress-bar" style:width=percent.map(|p| format!("{p}%"))></div>
            <span class="progress-text">{text.trim().to_owned()}</span>
        </div>
    }
}
