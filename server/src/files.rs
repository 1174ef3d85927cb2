//! Files: the one rule that decides which paths a request may name, uploads, the cache that
//! holds them, and `/gradio_api/file=`.
//!
//! The rule: a path is canonicalized first (so `..`, symlinks and `.`/`//` tricks resolve to
//! the file the OS would open), then it must lie inside the cache (uploads and the files
//! functions returned) or a developer's `allowed_paths`, not inside `blocked_paths`, and name a
//! regular file. Nothing else is read for a request, whatever a `FileData`'s `meta` says or
//! omits. URLs are never read as paths: an http(s) URL input is fetched into the cache first
//! (`crate::remote`, public addresses only) and admitted as the stored file.

use std::path::{Component as PathComponent, Path, PathBuf};
use std::time::{Duration, SystemTime};

use axum::body::{Body, Bytes};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use axum::extract::Request;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use ferrio_components::messages::{Detail, ErrorDetail};
use ferrio_components::FileData;
use futures_util::{Stream, StreamExt};
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, CONTROLS};
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;
use tower::ServiceExt;
use tower_http::services::ServeFile;

use crate::upload_progress::Tracked;

/// Where uploads go unless the app or `FERRIO_TEMP_DIR` says otherwise: `<tmp>/ferrio`.
pub const TEMP_DIR_ENV: &str = "FERRIO_TEMP_DIR";

/// What the upload parser may hold beyond the bytes it has handed over (a part's headers, the
/// preamble, one chunk): a body of endless headers is cut off here instead of filling memory.
const MAX_BUFFERED: u64 = 1024 * 1024;

/// An upload that sends no byte for this long is cut off (a stalled client holds a connection
/// and a half-written file).
const UPLOAD_IDLE: Duration = Duration::from_secs(60);

/// The most files one upload request may carry (Gradio's `max_files`).
const MAX_FILES: usize = 1000;

/// Where the API serves files from.
pub const FILE_ROUTE: &str = "/gradio_api/file=";

/// Half-written uploads live here (inside the cache, so finishing one is an atomic rename);
/// like every dot-name in the cache, it is never served.
const INCOMING: &str = ".incoming";

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

/// What the app's developer sets about files (`Blocks::allowed_paths`, ...).
#[derive(Debug, Clone, Default)]
pub struct FileSettings {
    pub cache_dir: Option<PathBuf>,
    pub allowed_paths: Vec<PathBuf>,
    pub blocked_paths: Vec<PathBuf>,
    /// Bytes; an upload is refused (413) as soon as it crosses this.
    pub max_file_size: Option<u64>,
    /// Gradio's `delete_cache=(frequency, age)`: every `frequency`, files older than `age` go.
    pub delete_cache: Option<(Duration, Duration)>,
}

#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// Not servable or not admissible: the same answer whether the file exists or not, so
    /// probing learns nothing.
    #[error("File not allowed: {0}.")]
    NotAllowed(String),
    #[error(
        "File not allowed: {0}. A URL is fetched only as an http(s) FileData input \
         (meta._type \"gradio.FileData\"); otherwise upload the file."
    )]
    Url(String),
    #[error("invalid file name {0:?}: it must be a plain file name")]
    BadName(String),
    #[error("the file is larger than the maximum of {0} bytes")]
    TooLarge(u64),
    #[error("the upload is not a valid multipart form: {0}")]
    Multipart(String),
    #[error("no files in the upload (expected multipart fields named `files`)")]
    NoFiles,
    #[error("more than {MAX_FILES} files in one upload")]
    TooManyFiles,
    /// The disk is full or read-only, or the cache went away: the uploader hears it, the
    /// server keeps serving.
    #[error("the server could not store the file: {0}")]
    Storage(#[from] std::io::Error),
}

impl FileError {
    pub fn status(&self) -> StatusCode {
        match self {
            FileError::NotAllowed(_) | FileError::Url(_) => StatusCode::FORBIDDEN,
            FileError::BadName(_)
            | FileError::Multipart(_)
            | FileError::NoFiles
            | FileError::TooManyFiles => StatusCode::BAD_REQUEST,
            FileError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            FileError::Storage(_) => StatusCode::INSUFFICIENT_STORAGE,
        }
    }
}

impl IntoResponse for FileError {
    fn into_response(self) -> Response {
        let detail = Detail::Message(self.to_string());
        (self.status(), Json(ErrorDetail { detail })).into_response()
    }
}

/// The app's file rule and cache, resolved once at startup.
#[derive(Debug)]
pub struct Files {
    cache: PathBuf,
    allowed: Vec<PathBuf>,
    blocked: Vec<PathBuf>,
    /// Where a function's returned files may also come from (copied into the cache before they
    /// are served): the system temp dir, and the working directory without its hidden files.
    temp: PathBuf,
    cwd: Option<PathBuf>,
    /// Where components write the files they create ([`scratch_dir`]): moved, not copied.
    ///
    /// [`scratch_dir`]: ferrio_components::file_data::scratch_dir
    scratch: PathBuf,
    max_file_size: Option<u64>,
    /// Cache entries the app keeps for its whole life (examples' files): never swept.
    pinned: std::sync::Mutex<std::collections::HashSet<PathBuf>>,
    /// Where each scratch file went once published: a streaming function yields the reply so
    /// far, so the same decoded image comes back in its next items, after its move.
    moved: std::sync::Mutex<std::collections::HashMap<PathBuf, PathBuf>>,
}

/// Canonical, as far as the path exists: its longest existing ancestor canonicalized, the rest
/// appended. So a blocked path created after startup (or reached through a symlinked parent)
/// still matches what canonicalizing a request's path gives.
fn resolve(p: &Path) -> PathBuf {
    let absolute = std::path::absolute(p).unwrap_or_else(|_| p.to_owned());
    let mut rest = Vec::new();
    let mut existing = absolute.as_path();
    loop {
        if let Ok(canonical) = existing.canonicalize() {
            return rest
                .iter()
                .rev()
                .fold(canonical, |path, part| path.join(part));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                existing = parent;
            }
            _ => return absolute,
        }
    }
}

/// Only this user may read or write the cache: on a shared machine, nobody else can plant a
/// link in it or read the uploads.
fn make_private(dir: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Err(error) = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)) {
            tracing::warn!(%error, dir = %dir.display(), "cannot make the file cache private");
        }
    }
}

impl Files {
    pub fn new(settings: &FileSettings) -> Files {
        let cache = settings
            .cache_dir
            .clone()
            .or_else(|| std::env::var_os(TEMP_DIR_ENV).map(PathBuf::from))
            .unwrap_or_else(|| std::env::temp_dir().join("ferrio"));
        if let Err(error) = std::fs::create_dir_all(cache.join(INCOMING)) {
            // Uploads will say so; everything else keeps working.
            tracing::error!(%error, cache = %cache.display(), "cannot create the file cache");
        }
        make_private(&cache);
        let scratch = ferrio_components::file_data::scratch_dir();
        let _ = std::fs::create_dir_all(&scratch);
        make_private(&scratch);
        Files {
            temp: resolve(&std::env::temp_dir()),
            scratch: resolve(&scratch),
            cwd: std::env::current_dir().ok().map(|p| resolve(&p)),
            cache: resolve(&cache),
            allowed: settings.allowed_paths.iter().map(|p| resolve(p)).collect(),
            blocked: settings.blocked_paths.iter().map(|p| resolve(p)).collect(),
            max_file_size: settings.max_file_size,
            pinned: std::sync::Mutex::default(),
            moved: std::sync::Mutex::default(),
        }
    }

    /// The cached copy of a scratch file already published (and so moved), if `path` is one.
    fn moved_to(&self, path: &Path) -> Option<PathBuf> {
        let path = resolve(path);
        if !path.starts_with(&self.scratch) {
            return None;
        }
        self.moved.lock().ok()?.get(&path).cloned()
    }

    pub fn cache_dir(&self) -> &Path {
        &self.cache
    }

    /// Keeps the cache entry holding `path` (a file the cache served) out of every sweep:
    /// for files the app shows for as long as it runs, such as its examples'.
    pub fn pin(&self, path: &Path) {
        let entry = path
            .strip_prefix(&self.cache)
            .ok()
            .and_then(|rest| rest.components().next())
            .map(|first| self.cache.join(first));
        if let Some(entry) = entry {
            self.pinned
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(entry);
        }
    }

    /// Pins every cached file a wire value mentions (`FileData`s' `path`s, at any depth).
    pub fn pin_all(&self, value: &serde_json::Value) {
        match value {
            serde_json::Value::Object(map) => {
                if let Some(serde_json::Value::String(path)) = map.get("path") {
                    self.pin(Path::new(path));
                }
                map.values().for_each(|v| self.pin_all(v));
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| self.pin_all(v)),
            _ => {}
        }
    }

    pub fn max_file_size(&self) -> Option<u64> {
        self.max_file_size
    }

    fn blocked(&self, p: &Path) -> bool {
        self.blocked.iter().any(|b| p.starts_with(b))
    }

    /// Inside `dir` with no hidden (dot) name below it: `.incoming`, `.env`, `.git` stay out.
    fn visibly_inside(p: &Path, dir: &Path) -> bool {
        p.strip_prefix(dir).is_ok_and(|rest| {
            rest.components().all(|c| match c {
                PathComponent::Normal(name) => !name.to_string_lossy().starts_with('.'),
                _ => false,
            })
        })
    }

    /// The rule, for a canonical path.
    fn may_serve(&self, p: &Path) -> bool {
        !self.blocked(p)
            && (Self::visibly_inside(p, &self.cache)
                || self.allowed.iter().any(|a| p.starts_with(a)))
    }

    /// The canonical path of a regular file the rule allows, from a path a request named.
    pub fn check(&self, raw: &str) -> Result<(PathBuf, std::fs::Metadata), FileError> {
        if looks_like_url(raw) {
            return Err(FileError::Url(raw.to_owned()));
        }
        let not_allowed = || FileError::NotAllowed(raw.to_owned());
        if raw.is_empty() || raw.contains('\0') {
            return Err(not_allowed());
        }
        let path = std::fs::canonicalize(raw).map_err(|_| not_allowed())?;
        let meta = std::fs::metadata(&path).map_err(|_| not_allowed())?;
        if !meta.is_file() || !self.may_serve(&path) {
            return Err(not_allowed());
        }
        Ok((path, meta))
    }

    /// A `FileData` a request sent: its path must pass the rule; it is replaced by the
    /// canonical one and its size by the real one (a caller's `url`, `size` aren't trusted).
    pub fn admit(&self, f: &mut FileData) -> Result<(), FileError> {
        let (path, meta) = self.check(&f.path)?;
        f.mime_type = mime_of(&path);
        f.path = path.to_string_lossy().into_owned();
        f.size = Some(meta.len());
        f.url = Some(file_url(&f.path));
        Ok(())
    }

    /// A `FileData` a function returned: the file is copied into the cache (stored under its
    /// content's hash) unless it is there already, and the result points at the copy.
    ///
    /// A function may return files from the cache, `allowed_paths`, the system temp dir (where
    /// `tempfile` puts them) or the working directory (not hidden ones such as `.env` or
    /// `.git/`), never from `blocked_paths`.
    pub fn publish(&self, f: &mut FileData) -> Result<(), FileError> {
        let not_allowed = || FileError::NotAllowed(f.path.clone());
        if looks_like_url(&f.path) {
            return Err(FileError::Url(f.path.clone()));
        }
        // Only a file that is gone may have been a scratch file moved already.
        let src = std::fs::canonicalize(&f.path)
            .or_else(|e| match self.moved_to(Path::new(&f.path)) {
                Some(copy) => std::fs::canonicalize(copy),
                None => Err(e),
            })
            .map_err(|_| not_allowed())?;
        let meta = std::fs::metadata(&src).map_err(|_| not_allowed())?;
        // Inside the working dir its rule holds, even where that dir is itself in the temp dir
        // (an app run from /tmp must not hand out its `.env`).
        let scratch_ok = match self.cwd.as_ref().filter(|cwd| src.starts_with(cwd)) {
            Some(cwd) => Self::visibly_inside(&src, cwd),
            None => src.starts_with(&self.temp),
        };
        let may_read = !self.blocked(&src) && (self.may_serve(&src) || scratch_ok);
        if !meta.is_file() || !may_read {
            return Err(not_allowed());
        }
        let stored = if self.may_serve(&src) && Self::visibly_inside(&src, &self.cache) {
            src
        } else {
            let stored = self.store_copy(&src)?;
            // A file a component wrote for this output (a decoded image): the copy replaces it.
            if src.starts_with(&self.scratch) {
                if let Ok(mut moved) = self.moved.lock() {
                    moved.insert(src.clone(), stored.clone());
                }
                let _ = std::fs::remove_file(&src);
                if let Some(dir) = src.parent().filter(|d| *d != self.scratch) {
                    let _ = std::fs::remove_dir(dir);
                }
            }
            stored
        };
        let name = stored.file_name().map(|n| n.to_string_lossy().into_owned());
        f.orig_name = f.orig_name.take().or(name);
        f.mime_type = f.mime_type.take().or_else(|| mime_of(&stored));
        f.path = stored.to_string_lossy().into_owned();
        f.size = Some(meta.len());
        f.url = Some(file_url(&f.path));
        Ok(())
    }

    /// Copies `src` into the cache as `<sha256>/<name>`; a file already there is kept.
    fn store_copy(&self, src: &Path) -> Result<PathBuf, FileError> {
        let mut hasher = Sha256::new();
        std::io::copy(&mut std::fs::File::open(src)?, &mut hasher)?;
        let name = src
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "file".to_owned());
        let dest = self
            .cache
            .join(format!("{:x}", hasher.finalize()))
            .join(safe_name(&name).unwrap_or_else(|_| "file".to_owned()));
        if dest.is_file() {
            // Served again: it is fresh for `delete_cache`.
            if let Some(dir) = dest.parent() {
                let _ = std::fs::File::open(dir).and_then(|d| d.set_modified(SystemTime::now()));
            }
        } else {
            let tmp = Incoming::new(&self.cache);
            std::fs::copy(src, &tmp.0)?;
            tmp.finish(&dest)?;
        }
        Ok(dest)
    }

    /// Streams one file to disk (an upload's part, a fetched URL's body), hashing as it goes;
    /// refused as soon as it passes the size limit. Returns its path in the cache.
    pub(crate) async fn store_stream(
        &self,
        name: &str,
        chunks: impl Stream<Item = Result<Bytes, FileError>>,
    ) -> Result<PathBuf, FileError> {
        let name = safe_name(name)?;
        let tmp = Incoming::new(&self.cache);
        // The cache may have been cleaned away under a running server (a tmp cleaner).
        tokio::fs::create_dir_all(self.cache.join(INCOMING)).await?;
        let mut out = tokio::fs::File::create(&tmp.0).await?;
        let mut hasher = Sha256::new();
        let mut size: u64 = 0;
        let mut chunks = std::pin::pin!(chunks);
        while let Some(chunk) = chunks.next().await.transpose()? {
            size += chunk.len() as u64;
            if let Some(limit) = self.max_file_size.filter(|&limit| size > limit) {
                return Err(FileError::TooLarge(limit));
            }
            hasher.update(&chunk);
            out.write_all(&chunk).await?;
        }
        out.flush().await?;
        drop(out);
        let dest = self
            .cache
            .join(format!("{:x}", hasher.finalize()))
            .join(name);
        // The same bytes under the same name are stored once, however many upload them.
        let tmp_path = tmp.0.clone();
        tokio::task::spawn_blocking(move || tmp.finish(&dest).map(|()| dest))
            .await
            .map_err(|_| {
                FileError::Storage(std::io::Error::other(format!(
                    "storing {} was interrupted",
                    tmp_path.display()
                )))
            })?
    }

    /// Removes cached files older than `age`, stale half-uploads, and scratch files left by
    /// failed events.
    fn is_pinned(&self, entry: &Path) -> bool {
        self.pinned
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .contains(entry)
    }

    pub fn sweep(&self, age: Duration) {
        let Ok(entries) = std::fs::read_dir(&self.cache) else {
            return;
        };
        let now = SystemTime::now();
        let old = |p: &Path| {
            std::fs::metadata(p)
                .and_then(|m| m.modified())
                .is_ok_and(|t| now.duration_since(t).unwrap_or_default() > age)
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if entry.file_name() == INCOMING {
                for tmp in std::fs::read_dir(&path).into_iter().flatten().flatten() {
                    if old(&tmp.path()) {
                        let _ = std::fs::remove_file(tmp.path());
                    }
                }
            } else if path.is_dir() && old(&path) && !self.is_pinned(&path) {
                let _ = std::fs::remove_dir_all(&path);
            }
        }
        // Files components wrote for outputs that were never published (the event failed).
        // They live seconds when all goes well; the floor spares those of events still running
        // (the scratch dir is shared by every app on the machine).
        let scratch_age = age.max(Duration::from_secs(600));
        let stale = |p: &Path| {
            std::fs::symlink_metadata(p)
                .and_then(|m| m.modified())
                .is_ok_and(|t| now.duration_since(t).unwrap_or_default() > scratch_age)
        };
        for entry in std::fs::read_dir(&self.scratch)
            .into_iter()
            .flatten()
            .flatten()
        {
            let path = entry.path();
            if stale(&path) {
                let _ = std::fs::remove_dir_all(&path).or_else(|_| std::fs::remove_file(&path));
            }
        }
    }
}

/// The type a file's name implies (what the browser will be told).
fn mime_of(path: &Path) -> Option<String> {
    mime_guess::from_path(path)
        .first()
        .map(|m| m.essence_str().to_owned())
}

/// A file being written in the cache's incoming dir: removed on drop unless finished.
struct Incoming(PathBuf);

impl Incoming {
    fn new(cache: &Path) -> Self {
        Incoming(
            cache
                .join(INCOMING)
                .join(uuid::Uuid::new_v4().simple().to_string()),
        )
    }

    /// Moves the finished file to `dest` (atomic: readers never see half a file).
    fn finish(self, dest: &Path) -> Result<(), FileError> {
        if let Some(dir) = dest.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::rename(&self.0, dest)?;
        Ok(())
    }
}

impl Drop for Incoming {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn looks_like_url(s: &str) -> bool {
    let lower = s.trim_start().to_ascii_lowercase();
    ["http:", "https:", "ftp:", "file:", "data:", "//"]
        .iter()
        .any(|scheme| lower.starts_with(scheme))
}

/// An uploaded file's name, reduced to a plain base name: directories are dropped, leading dots
/// removed; absolute names, `..`, empty names and control characters are refused.
pub fn safe_name(name: &str) -> Result<String, FileError> {
    let bad = || FileError::BadName(name.to_owned());
    let bytes = name.as_bytes();
    let drive = bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':';
    if name.is_empty()
        || name.chars().any(char::is_control)
        || name.starts_with(['/', '\\'])
        || drive
        || name.split(['/', '\\']).any(|part| part == "..")
    {
        return Err(bad());
    }
    let base = name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or_default()
        .trim_start_matches('.');
    if base.is_empty() || base.len() > 255 {
        return Err(bad());
    }
    Ok(base.to_owned())
}

/// Characters escaped in a file URL's path (everything a URL or a query would misread).
const PATH_ESCAPES: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'?')
    .add(b'<')
    .add(b'>')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// Where a stored file is served, relative to the app's root.
pub fn file_url(path: &str) -> String {
    format!("{FILE_ROUTE}{}", utf8_percent_encode(path, PATH_ESCAPES))
}

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

    fn files_in(dir: &Path, settings: FileSettings) -> Files {
        Files::new(&FileSettings {
            cache_dir: Some(dir.join("cache")),
            ..settings
        })
    }

    #[test]
    fn a_scratch_file_published_again_points_at_its_copy() {
        let dir = tempfile::tempdir().unwrap();
        let files = files_in(dir.path(), FileSettings::default());
        let made = ferrio_components::file_data::scratch_dir()
            .join(format!("again-{}", std::process::id()))
            .join("image.png");
        std::fs::create_dir_all(made.parent().unwrap()).unwrap();
        std::fs::write(&made, b"picture").unwrap();
        // A streaming reply so far, yielded twice with the same message in it.
        let mut first = FileData::new(made.to_string_lossy());
        files.publish(&mut first).unwrap();
        assert!(!made.exists(), "moved, not copied");
        let mut again = FileData::new(made.to_string_lossy());
        files.publish(&mut again).unwrap();
        assert_eq!(again.path, first.path);
        assert_eq!(std::fs::read(&again.path).unwrap(), b"picture");
        // Another scratch path that never existed is still refused.
        let mut never = FileData::new(made.with_file_name("other.png").to_string_lossy());
        assert!(files.publish(&mut never).is_err());
    }

    #[test]
    fn safe_names_keep_the_base_and_refuse_tricks() {
        assert_eq!(safe_name("photo.png").unwrap(), "photo.png");
        assert_eq!(safe_name("dir/sub/photo.png").unwrap(), "photo.png");
        assert_eq!(safe_name("dir\\photo.png").unwrap(), "photo.png");
        assert_eq!(safe_name(".env").unwrap(), "env");
        assert_eq!(
            safe_name("notes v2 (final).txt").unwrap(),
            "notes v2 (final).txt"
        );
        for bad in [
            "",
            "..",
            "../x",
            "a/../b",
            "/etc/passwd",
            "\\\\server\\share\\x",
            "C:\\x.txt",
            "c:x",
            "a\0b",
            "a\nb",
            "dir/",
            "...",
        ] {
            assert!(
                matches!(safe_name(bad), Err(FileError::BadName(_))),
                "{bad:?}"
            );
        }
        assert!(safe_name(&"a".repeat(256)).is_err());
    }

    #[test]
    fn the_rule_resolves_before_it_decides() {
        let dir = tempfile::tempdir().unwrap();
        let files = files_in(dir.path(), FileSettings::default());
        let cached = files.cache_dir().join("abc").join("t.txt");
        std::fs::create_dir_all(cached.parent().unwrap()).unwrap();
        std::fs::write(&cached, "hi").unwrap();
        let secret = dir.path().join("secret.txt");
        std::fs::write(&secret, "no").unwrap();

        let ok = files.check(cached.to_str().unwrap()).unwrap();
        assert_eq!(ok.0, cached.canonicalize().unwrap());
        // `..` out of the cache, a symlink out of it, the cache dir itself, a directory, a
        // missing file, the incoming dir and relative tricks: all the same refusal.
        let cache = files.cache_dir().to_str().unwrap().to_owned();
        std::os::unix::fs::symlink(&secret, files.cache_dir().join("abc").join("link.txt"))
            .unwrap();
        for bad in [
            format!("{cache}/abc/../../secret.txt"),
            format!("{cache}/abc/link.txt"),
            cache.clone(),
            format!("{cache}/abc"),
            format!("{cache}/abc/missing.txt"),
            format!("{cache}/.incoming"),
            secret.to_str().unwrap().to_owned(),
            "/etc/passwd".to_owned(),
            "../../../../etc/passwd".to_owned(),
            "%2e%2e/etc/passwd".to_owned(),
        ] {
            assert!(
                matches!(files.check(&bad), Err(FileError::NotAllowed(_))),
                "{bad}"
            );
        }
        // Double slashes and `.` resolve to the same file, so they pass.
        assert!(files.check(&format!("{cache}//abc/./t.txt")).is_ok());
        for url in [
            "http://169.254.169.254/latest",
            "HTTPS://example.com/x",
            "//evil/x",
            "file:///etc/passwd",
        ] {
            assert!(matches!(files.check(url), Err(FileError::Url(_))), "{url}");
        }
    }

    #[test]
    fn case_tricks_do_not_reach_other_files() {
        let dir = tempfile::tempdir().unwrap();
        let files = files_in(dir.path(), FileSettings::default());
        let cached = files.cache_dir().join("abc").join("t.txt");
        std::fs::create_dir_all(cached.parent().unwrap()).unwrap();
        std::fs::write(&cached, "hi").unwrap();
        // On a case-sensitive disk another case is another (missing) file; where the disk
        // folds case, canonicalizing gives the real name and the rule still holds.
        let upper = cached.to_str().unwrap().replace("t.txt", "T.TXT");
        match files.check(&upper) {
            Ok((p, _)) => assert_eq!(p, cached.canonicalize().unwrap()),
            Err(e) => assert!(matches!(e, FileError::NotAllowed(_))),
        }
    }

    #[test]
    fn blocked_paths_created_later_or_behind_links_still_block() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real");
        std::fs::create_dir_all(&real).unwrap();
        let link = dir.path().join("data");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let files = files_in(
            dir.path(),
            FileSettings {
                allowed_paths: vec![link.clone()],
                // Doesn't exist yet, and is named through the link.
                blocked_paths: vec![link.join("private")],
                ..Default::default()
            },
        );
        std::fs::create_dir_all(real.join("private")).unwrap();
        std::fs::write(real.join("private/key.pem"), "key").unwrap();
        std::fs::write(real.join("ok.txt"), "ok").unwrap();
        assert!(files.check(link.join("ok.txt").to_str().unwrap()).is_ok());
        assert!(files
            .check(link.join("private/key.pem").to_str().unwrap())
            .is_err());
        assert!(files
            .check(real.join("private/key.pem").to_str().unwrap())
            .is_err());
    }

    #[test]
    fn allowed_and_blocked_paths() {
        let dir = tempfile::tempdir().unwrap();
        let assets = dir.path().join("assets");
        std::fs::create_dir_all(assets.join("private")).unwrap();
        std::fs::write(assets.join("logo.png"), "png").unwrap();
        std::fs::write(assets.join("private").join("key.pem"), "key").unwrap();
        let files = files_in(
            dir.path(),
            FileSettings {
                allowed_paths: vec![assets.clone()],
                blocked_paths: vec![assets.join("private")],
                ..Default::default()
            },
        );
        assert!(files
            .check(assets.join("logo.png").to_str().unwrap())
            .is_ok());
        assert!(files
            .check(assets.join("private/key.pem").to_str().unwrap())
            .is_err());
        assert!(files
            .check(assets.join("private/../private/key.pem").to_str().unwrap())
            .is_err());
    }

    #[test]
    fn admit_replaces_what_the_caller_claimed() {
        let dir = tempfile::tempdir().unwrap();
        let files = files_in(dir.path(), FileSettings::default());
        let cached = files.cache_dir().join("abc").join("t.txt");
        std::fs::create_dir_all(cached.parent().unwrap()).unwrap();
        std::fs::write(&cached, "hello").unwrap();
        let mut f = FileData::new(format!("{}/abc/./t.txt", files.cache_dir().display()));
        f.size = Some(999_999);
        f.url = Some("http://evil/x".into());
        files.admit(&mut f).unwrap();
        assert_eq!(f.path, cached.canonicalize().unwrap().to_str().unwrap());
        assert_eq!(f.size, Some(5));
        assert!(f.url.unwrap().starts_with(FILE_ROUTE));
        // `meta` doesn't matter: a FileData without it is checked all the same.
        let mut f: FileData = serde_json::from_str(r#"{"path": "/etc/passwd"}"#).unwrap();
        assert!(files.admit(&mut f).is_err());
    }

    #[test]
    fn returned_files_are_copied_in_once_and_hidden_files_refused() {
        let dir = tempfile::tempdir().unwrap();
        let files = files_in(dir.path(), FileSettings::default());
        let out = tempfile::Builder::new().suffix(".txt").tempfile().unwrap();
        std::fs::write(out.path(), "result").unwrap();
        let mut a = FileData::new(out.path().to_str().unwrap());
        files.publish(&mut a).unwrap();
        assert!(
            Path::new(&a.path).starts_with(files.cache_dir()),
            "{}",
            a.path
        );
        assert_eq!(std::fs::read_to_string(&a.path).unwrap(), "result");
        assert_eq!(a.size, Some(6));
        assert_eq!(a.mime_type.as_deref(), Some("text/plain"));
        let mut b = FileData::new(out.path().to_str().unwrap());
        files.publish(&mut b).unwrap();
        assert_eq!(a.path, b.path, "same content, same name: stored once");
        // Already cached: served where it is.
        let mut c = FileData::new(a.path.clone());
        files.publish(&mut c).unwrap();
        assert_eq!(c.path, a.path);
        // A file a component wrote to the scratch dir is moved, not copied.
        let scratch = ferrio_components::file_data::scratch_dir().join("files-test");
        std::fs::create_dir_all(&scratch).unwrap();
        std::fs::write(scratch.join("image.png"), "png").unwrap();
        let mut d = FileData::new(scratch.join("image.png").to_str().unwrap());
        files.publish(&mut d).unwrap();
        assert!(Path::new(&d.path).starts_with(files.cache_dir()));
        assert!(!scratch.exists(), "the scratch copy and its dir are gone");
        // A file of the working directory may be returned, a hidden one (`.env`) not; nor a
        // system file or a URL.
        assert!(files.publish(&mut FileData::new("Cargo.toml")).is_ok());
        let hidden = tempfile::Builder::new()
            .prefix(".secret")
            .tempfile_in(".")
            .unwrap();
        for bad in [
            hidden.path().to_str().unwrap(),
            "/etc/passwd",
            "https://x/y",
        ] {
            assert!(files.publish(&mut FileData::new(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn an_app_run_from_the_temp_dir_keeps_its_hidden_files() {
        let dir = tempfile::tempdir().unwrap();
        let mut files = files_in(dir.path(), FileSettings::default());
        std::fs::create_dir_all(dir.path().join("app")).unwrap();
        let app = dir.path().join("app").canonicalize().unwrap();
        files.cwd = Some(app.clone());
        std::fs::write(app.join(".env"), "SECRET=1").unwrap();
        std::fs::write(app.join("out.txt"), "ok").unwrap();
        let elsewhere = dir.path().join(".tmp-result.txt");
        std::fs::write(&elsewhere, "fine").unwrap();
        assert!(files
            .publish(&mut FileData::new(app.join(".env").to_str().unwrap()))
            .is_err());
        assert!(files
            .publish(&mut FileData::new(app.join("out.txt").to_str().unwrap()))
            .is_ok());
        // Elsewhere in the temp dir, `tempfile`'s hidden names are fine.
        assert!(files
            .publish(&mut FileData::new(elsewhere.to_str().unwrap()))
            .is_ok());
    }

    #[test]
    fn sweep_removes_only_old_entries() {
        let dir = tempfile::tempdir().unwrap();
        let files = files_in(dir.path(), FileSettings::default());
        let entry = files.cache_dir().join("abc");
        std::fs::create_dir_all(&entry).unwrap();
        std::fs::write(entry.join("t.txt"), "x").unwrap();
        files.sweep(Duration::from_secs(3600));
        assert!(entry.exists());
        std::thread::sleep(Duration::from_millis(20));
        files.sweep(Duration::from_millis(1));
        assert!(!entry.exists());
        assert!(files.cache_dir().join(INCOMING).exists());
    }

    #[test]
    fn pinned_entries_outlive_every_sweep() {
        let dir = tempfile::tempdir().unwrap();
        let files = files_in(dir.path(), FileSettings::default());
        let (kept, gone) = (
            files.cache_dir().join("kept"),
            files.cache_dir().join("gone"),
        );
        for entry in [&kept, &gone] {
            std::fs::create_dir_all(entry).unwrap();
            std::fs::write(entry.join("a.png"), "x").unwrap();
        }
        // An example's row, as wire data: its FileData's path, however deep.
        let row = serde_json::json!([{"image": {"path": kept.join("a.png"), "meta": {"_type": "gradio.FileData"}}}]);
        files.pin_all(&row);
        // A path outside the cache pins nothing.
        files.pin(Path::new("/etc/passwd"));
        std::thread::sleep(Duration::from_millis(20));
        files.sweep(Duration::from_millis(1));
        assert!(kept.join("a.png").exists());
        assert!(!gone.exists());
    }

    #[test]
    fn sweep_removes_scratch_files_left_by_failed_events_only_when_stale() {
        let dir = tempfile::tempdir().unwrap();
        let files = files_in(dir.path(), FileSettings::default());
        let scratch = ferrio_components::file_data::scratch_dir();
        let name = uuid::Uuid::new_v4().simple().to_string();
        let (fresh, stale) = (scratch.join(format!("{name}-fresh")), scratch.join(&name));
        std::fs::write(&fresh, "x").unwrap();
        std::fs::create_dir_all(&stale).unwrap();
        std::fs::write(stale.join("left.png"), "x").unwrap();
        let hour_ago = SystemTime::now() - Duration::from_secs(3600);
        std::fs::File::open(&stale)
            .unwrap()
            .set_modified(hour_ago)
            .unwrap();
        files.sweep(Duration::from_millis(1));
        assert!(!stale.exists());
        // A fresh one may belong to an event still running, whatever `age` says.
        assert!(fresh.exists());
        std::fs::remove_file(fresh).unwrap();
    }

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

    #[test]
    fn file_urls_escape_what_a_url_would_misread() {
        assert_eq!(
            file_url("/tmp/ferrio/ab/my file #1?.txt"),
            "/gradio_api/file=/tmp/ferrio/ab/my%20file%20%231%3F.txt"
        );
    }

    #[test]
    fn disposition_names_are_quoted_safely() {
        assert_eq!(
            content_disposition(true, "a\"b.txt"),
            "inline; filename=\"a_b.txt\"; filename*=UTF-8''a%22b%2Etxt"
        );
        assert!(content_disposition(false, "é.html").starts_with("attachment; filename=\"_.html\""));
    }
}
