//! `GET`/`HEAD /gradio_api/file=<path>`: serving a file the rule allows, with caching headers
//! and a disposition that keeps uploaded pages from running on the app's origin.

use std::time::SystemTime;

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use percent_encoding::{percent_decode_str, utf8_percent_encode};
use tower::ServiceExt;
use tower_http::services::ServeFile;

use super::{FileError, Files};

/// Types a browser shows without running anything: served inline. Every other type (HTML, SVG,
/// JavaScript, XML, ...) goes out as an `application/octet-stream` attachment, so an uploaded
/// page can't run script on the app's origin.
const INLINE_TYPES: &[&str] = &[
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "image/avif",
    "image/bmp",
    "image/x-icon",
    "image/vnd.microsoft.icon",
    "image/tiff",
    "audio/",
    "video/",
    "text/plain",
    "text/csv",
    "application/json",
    "application/pdf",
];
/// Marks a `/file=` response, so the compression layer leaves it as stored.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ServedFile;

/// `GET`/`HEAD /gradio_api/file=<path>`: a file the rule allows, with ranges, `Last-Modified`
/// and an `ETag`; anything else is a 403 that doesn't say whether the file exists.
pub(crate) async fn serve(files: &Files, raw: &str, req: Request) -> Response {
    let Ok(decoded) = percent_decode_str(raw).decode_utf8() else {
        return FileError::NotAllowed(raw.to_owned()).into_response();
    };
    let (path, meta) = match files.check(&decoded) {
        Ok(found) => found,
        Err(e) => return e.into_response(),
    };
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "GET, HEAD")],
        )
            .into_response();
    }
    let etag = etag(&meta);
    let cached = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    let etag = HeaderValue::from_str(&etag).ok();
    if cached {
        let mut response = StatusCode::NOT_MODIFIED.into_response();
        if let Some(etag) = etag {
            response.headers_mut().insert(header::ETAG, etag);
        }
        return response;
    }
    let mut response = match ServeFile::new(&path).oneshot(req).await {
        Ok(r) => r.map(Body::new),
        Err(e) => match e {},
    };
    let headers = response.headers_mut();
    if let Some(etag) = etag {
        headers.insert(header::ETAG, etag);
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    let inline = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| {
            let t = t.split(';').next().unwrap_or_default().trim();
            INLINE_TYPES
                .iter()
                .any(|safe| t == *safe || (safe.ends_with('/') && t.starts_with(safe)))
        });
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if !inline && headers.contains_key(header::CONTENT_TYPE) {
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/octet-stream"),
        );
    }
    if let Ok(v) = HeaderValue::from_str(&content_disposition(inline, &name)) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    response.extensions_mut().insert(ServedFile);
    response
}

/// Size and modification time: changes whenever the file does (cached files never change).
fn etag(meta: &std::fs::Metadata) -> String {
    let modified = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!("\"{:x}-{:x}\"", meta.len(), modified)
}

/// `inline` or `attachment`, with the name both as plain ASCII and UTF-8 (RFC 6266).
fn content_disposition(inline: bool, name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let kind = if inline { "inline" } else { "attachment" };
    let utf8 = utf8_percent_encode(name, percent_encoding::NON_ALPHANUMERIC);
    format!("{kind}; filename=\"{ascii}\"; filename*=UTF-8''{utf8}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disposition_names_are_quoted_safely() {
        assert_eq!(
            content_disposition(true, "a\"b.txt"),
            "inline; filename=\"a_b.txt\"; filename*=UTF-8''a%22b%2Etxt"
        );
        assert!(content_disposition(false, "é.html").starts_with("attachment; filename=\"_.html\""));
    }
}
