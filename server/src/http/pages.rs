//! Which sessions' pages are open, as their heartbeat streams tell; a page gone for good runs
//! the app's `unload` listeners.

use std::collections::HashMap;

use ferrio_components::SessionHash;
use futures_util::StreamExt;

use super::{AppState, OpenPage};

/// A heartbeat stream's hold on its session's page: dropped when the stream closes.
pub(super) struct PageHold {
    pub(super) state: AppState,
    pub(super) session: SessionHash,
}

impl Drop for PageHold {
    fn drop(&mut self) {
        self.state.page_closed(&self.session);
    }
}

impl AppState {
    fn pages(&self) -> std::sync::MutexGuard<'_, HashMap<SessionHash, OpenPage>> {
        self.0.pages.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(super) fn page_opened(&self, session: SessionHash) -> PageHold {
        self.pages().entry(session.clone()).or_default().streams += 1;
        self.0.sessions.touch(&session);
        PageHold {
            state: self.clone(),
            session,
        }
    }

    /// The last heartbeat stream of a session closed: unless one opens again within the
    /// grace, the page is gone and the `unload` listeners run (outside the queue). Its State
    /// then lives out its time to live, counted from the last heartbeat, as in Gradio.
    fn page_closed(&self, session: &SessionHash) {
        let closes = {
            let mut pages = self.pages();
            let Some(page) = pages.get_mut(session) else {
                return;
            };
            page.streams = page.streams.saturating_sub(1);
            if page.streams > 0 {
                return;
            }
            page.closes += 1;
            page.closes
        };
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        let (state, session) = (self.clone(), session.clone());
        runtime.spawn(async move {
            tokio::time::sleep(state.0.blocks.sessions.unload_grace).await;
            {
                let mut pages = state.pages();
                let gone = pages
                    .get(&session)
                    .is_some_and(|p| p.streams == 0 && p.closes == closes);
                if !gone {
                    return;
                }
                pages.remove(&session);
            }
            state.0.sessions.touch(&session);
            for run in state.0.blocks.unload_functions() {
                let mut results = run(session.clone());
                while let Some(result) = results.next().await {
                    if let Err(e) = result {
                        tracing::warn!(error = %e, "an unload function failed");
                    }
                }
            }
        });
    }
}
