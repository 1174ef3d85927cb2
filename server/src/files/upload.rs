//! `POST /gradio_api/upload`: a multipart body's `files` streamed into the cache, with its
//! buffering, idle time and file count bounded.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::Request;
use axum::http::header;
use futures_util::StreamExt;

use super::upload_progress::Tracked;
use super::{FileError, Files, MAX_FILES};

/// What the upload parser may hold beyond the bytes it has handed over (a part's headers, the
/// preamble, one chunk): a body of endless headers is cut off here instead of filling memory.
const MAX_BUFFERED: u64 = 1024 * 1024;

/// An upload that sends no byte for this long is cut off (a stalled client holds a connection
/// and a half-written file).
const UPLOAD_IDLE: Duration = Duration::from_secs(60);
/// A parser error, with its cause (multer's own message for a failed read says only that).
fn multipart_error(e: multer::Error) -> FileError {
    match std::error::Error::source(&e) {
        Some(cause) => FileError::Multipart(format!("{e}: {cause}")),
        None => FileError::Multipart(e.to_string()),
    }
}

/// `POST /gradio_api/upload`: each `files` field is stored; the answer lists their paths in
/// order, as Gradio's does. With `progress`, the bytes are reported as they arrive.
pub(crate) async fn upload(
    files: &Files,
    req: Request,
    progress: Option<Tracked>,
) -> Result<Vec<String>, FileError> {
    let boundary = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|t| multer::parse_boundary(t).ok())
        .ok_or_else(|| FileError::Multipart("expected a multipart/form-data body".into()))?;
    // Bytes read from the body vs. bytes handed to us as file data: the parser holds the rest.
    let read = Arc::new(AtomicU64::new(0));
    let handed = Arc::new(AtomicU64::new(0));
    let (counted, held) = (read.clone(), handed.clone());
    let stalled = || {
        std::io::Error::new(
            std::io::ErrorKind::TimedOut,
            format!(
                "the upload stalled: no bytes for {} s",
                UPLOAD_IDLE.as_secs()
            ),
        )
    };
    let data = req.into_body().into_data_stream();
    let body = futures_util::stream::unfold(Some(data), move |data| async move {
        let mut data = data?;
        match tokio::time::timeout(UPLOAD_IDLE, data.next()).await {
            Ok(Some(chunk)) => Some((chunk.map_err(std::io::Error::other), Some(data))),
            Ok(None) => None,
            // Ends the body: the parser reports the error and reads no further.
            Err(_) => Some((Err(stalled()), None)),
        }
    });
    let body = body.map(move |chunk| {
        let chunk = chunk?;
        let len = chunk.len() as u64;
        let total = counted.fetch_add(len, Ordering::Relaxed) + len;
        if total.saturating_sub(held.load(Ordering::Relaxed)) > MAX_BUFFERED + len {
            return Err(std::io::Error::other(
                "a part's headers (or the text around the parts) are larger than 1 MiB",
            ));
        }
        Ok(chunk)
    });
    let mut multipart = multer::Multipart::new(body, boundary);
    let mut paths = Vec::new();
    while let Some(mut field) = multipart.next_field().await.map_err(multipart_error)? {
        if field.name() != Some("files") {
            // Other fields are read past (and count as handed over: they may be long).
            while let Some(chunk) = field.chunk().await.map_err(multipart_error)? {
                handed.fetch_add(chunk.len() as u64, Ordering::Relaxed);
            }
            continue;
        }
        if paths.len() == MAX_FILES {
            return Err(FileError::TooManyFiles);
        }
        let name = field.file_name().unwrap_or_default().to_owned();
        let chunks = field.map(|chunk| {
            let chunk = chunk.map_err(multipart_error)?;
            handed.fetch_add(chunk.len() as u64, Ordering::Relaxed);
            if let Some(progress) = &progress {
                progress.add(&name, chunk.len() as u64);
            }
            Ok(chunk)
        });
        let path = files.store_stream(&name, chunks).await?;
        paths.push(path.to_string_lossy().into_owned());
    }
    if paths.is_empty() {
        return Err(FileError::NoFiles);
    }
    Ok(paths)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::{files_in, FileSettings, INCOMING};
    use axum::body::{Body, Bytes};
    use axum::http::StatusCode;

    fn upload_request(body: Body) -> Request {
        Request::post("/gradio_api/upload")
            .header(header::CONTENT_TYPE, "multipart/form-data; boundary=B")
            .body(body)
            .unwrap()
    }

    #[tokio::test(start_paused = true)]
    async fn a_stalled_upload_is_cut_off() {
        let dir = tempfile::tempdir().unwrap();
        let files = files_in(dir.path(), FileSettings::default());
        let head =
            "--B\r\nContent-Disposition: form-data; name=\"files\"; filename=\"s.bin\"\r\n\r\nabc";
        let body =
            futures_util::stream::once(async move { Ok::<_, std::io::Error>(Bytes::from(head)) })
                .chain(futures_util::stream::pending());
        let err = upload(&files, upload_request(Body::from_stream(body)), None)
            .await
            .unwrap_err();
        assert_eq!(err.status(), StatusCode::BAD_REQUEST);
        assert!(
            err.to_string().contains("stalled: no bytes for 60 s"),
            "{err}"
        );
        // Its half-written file is gone.
        let incoming = files.cache_dir().join(INCOMING);
        assert_eq!(std::fs::read_dir(incoming).unwrap().count(), 0);
    }

    #[tokio::test]
    async fn an_upload_carries_at_most_a_thousand_files() {
        let dir = tempfile::tempdir().unwrap();
        let files = files_in(dir.path(), FileSettings::default());
        let body = |n: usize| {
            let mut body = String::new();
            for i in 0..n {
                body += &format!(
                    "--B\r\nContent-Disposition: form-data; name=\"files\"; filename=\"f{i}\"\r\n\r\nx\r\n"
                );
            }
            Body::from(body + "--B--\r\n")
        };
        let ok = upload(&files, upload_request(body(MAX_FILES)), None).await;
        assert_eq!(ok.unwrap().len(), MAX_FILES);
        let err = upload(&files, upload_request(body(MAX_FILES + 1)), None)
            .await
            .unwrap_err();
        assert!(matches!(err, FileError::TooManyFiles), "{err}");
        assert_eq!(err.status(), StatusCode::BAD_REQUEST);
    }
}
