//! The Timer's view: nothing shown; it fires `tick` on an interval.

use std::time::Duration;

use ferrio_components::timer::MIN_INTERVAL;
use ferrio_components::{ComponentId, EventName, Timer};
use leptos::prelude::*;

use crate::state::PageState;

super::builtin_view!(Timer => TimerView in extras);

/// Nothing to see: fires `tick` every interval while active (in the browser only). A function
/// that outputs a new interval restarts it; a tick while the last one's run is still in flight
/// follows the listener's `trigger_mode` (dropped by default).
#[component]
pub fn TimerView(
    /// The component's id in the config: its value, status and events in the page state go
    /// by it.
    id: ComponentId,
    /// Its props: the config's, with what updates have set over them (a change draws the
    /// view again).
    props: Timer,
) -> impl IntoView {
    let state = expect_context::<PageState>();
    let interval = state.signal::<Timer>(id);
    let active = props.active;
    Effect::new(move |_| {
        let seconds = interval.get();
        if !active {
            return;
        }
        let state = state.clone();
        let every = Duration::from_secs_f64(seconds.max(MIN_INTERVAL));
        if let Ok(handle) =
            set_interval_with_handle(move || state.trigger(id, EventName::Tick), every)
        {
            on_cleanup(move || handle.clear());
        }
    });
    view! { <span class="timer" hidden data-testid=format!("timer-{id}")></span> }
}
