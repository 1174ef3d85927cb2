//! Server-sent events as Gradio writes them: each message is one JSON document on one `data:`
//! line (compact JSON never breaks a line), after an `event:` line when the event is named.
//!
//! Written straight into each frame's buffer: axum's `Sse` would have the JSON written to a
//! string first, then scanned for line breaks and copied, which cost a tenth of the server's
//! time per event on the queue's hot path.

use std::convert::Infallible;

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::Response;
use futures_util::{Stream, StreamExt};
use serde::Serialize;

/// One event: `event: <name>\n` when named, then `data: <json>\n\n`.
pub(super) fn frame(event: Option<&str>, data: &impl Serialize) -> Bytes {
    let mut buf = Vec::with_capacity(128);
    if let Some(event) = event {
        buf.extend_from_slice(b"event: ");
        buf.extend_from_slice(event.as_bytes());
        buf.push(b'\n');
    }
    buf.extend_from_slice(b"data: ");
    serde_json::to_writer(&mut buf, data).expect("the server's messages always serialize");
    buf.extend_from_slice(b"\n\n");
    Bytes::from(buf)
}

/// A stream of events, labelled as Gradio labels its streams (with the charset), never cached.
pub(super) fn response<S>(frames: S) -> Response
where
    S: Stream<Item = Bytes> + Send + 'static,
{
    let mut response = Response::new(Body::from_stream(frames.map(Ok::<_, Infallible>)));
    // Sized for its two headers: hyper keeps a response's map for the connection's next
    // request, so an open stream holds it (the default reserve is 6 entries).
    *response.headers_mut() = HeaderMap::with_capacity(2);
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/event-stream; charset=utf-8"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frame_is_one_data_line_after_its_event_name() {
        let text = serde_json::json!({"msg": "a\nb", "n": 1});
        assert_eq!(
            frame(None, &text),
            "data: {\"msg\":\"a\\nb\",\"n\":1}\n\n".as_bytes()
        );
        assert_eq!(
            frame(Some("heartbeat"), &serde_json::Value::Null),
            "event: heartbeat\ndata: null\n\n".as_bytes()
        );
    }
}
