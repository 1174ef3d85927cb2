//! Views in chunks (feature `split`): a view `builtin_view!` puts in a chunk is a wasm split
//! point, its code in the chunk's files.
//!
//! The page loads the chunks of every kind its config names before it hydrates, so drawing those
//! is synchronous and matches the server's HTML; a kind that turns up later (a component in a
//! chat reply) is drawn once its chunk arrives.

use std::future::Future;
use std::task::{Context, Poll, Waker};

use leptos::prelude::*;

/// Draws a split view: at once when its chunk is loaded, else when it arrives.
pub(crate) fn draw(view: impl Future<Output = AnyView> + 'static) -> AnyView {
    let mut view = Box::pin(view);
    // A loaded chunk answers on the first poll, which needs no waker.
    match view.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(view) => view,
        // Leptos's views are `Send`; this future, like the page, lives on the one browser thread.
        Poll::Pending => {
            let view = send_wrapper::SendWrapper::new(view);
            Suspend::new(view).into_any()
        }
    }
}
