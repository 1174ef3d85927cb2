//! Files: the one rule that decides which paths a request may name ([`rule`]), the cache that
//! holds uploads and returned files ([`store`]), uploads ([`upload`](mod@upload)) and their
//! progress ([`upload_progress`]), URL inputs ([`remote`]) and `/gradio_api/file=` ([`served`]).
//!
//! The rule: a path is canonicalized first (so `..`, symlinks and `.`/`//` tricks resolve to
//! the file the OS would open), then it must lie inside the cache (uploads and the files
//! functions returned) or a developer's `allowed_paths`, not inside `blocked_paths`, and name a
//! regular file. Nothing else is read for a request, whatever a `FileData`'s `meta` says or
//! omits. URLs are never read as paths: an http(s) URL input is fetched into the cache first
//! ([`remote`], public addresses only) and admitted as the stored file.

use std::path::{Path, PathBuf};
use std::time::Duration;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use ferrio_components::messages::{Detail, ErrorDetail};

pub(crate) mod remote;
mod rule;
mod served;
mod store;
mod upload;
pub(crate) mod upload_progress;

pub(crate) use rule::{file_url, safe_name};
pub(crate) use served::{serve, ServedFile};
pub(crate) use upload::upload;

/// Where uploads go unless the app or `FERRIO_TEMP_DIR` says otherwise: `<tmp>/ferrio`.
pub(crate) const TEMP_DIR_ENV: &str = "FERRIO_TEMP_DIR";
/// The most files one upload request may carry (Gradio's `max_files`).
const MAX_FILES: usize = 1000;

/// Where the API serves files from.
pub(crate) const FILE_ROUTE: &str = "/gradio_api/file=";

/// Half-written uploads live here (inside the cache, so finishing one is an atomic rename);
/// like every dot-name in the cache, it is never served.
const INCOMING: &str = ".incoming";
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
}

/// The type a file's name implies (what the browser will be told). A name that says nothing (a
/// nameless upload is `blob`) leaves it to the first bytes, for pictures, sounds and videos only:
/// no sniffed type is one a browser would run.
fn mime_of(path: &Path) -> Option<String> {
    mime_guess::from_path(path)
        .first()
        .map(|m| m.essence_str().to_owned())
        .or_else(|| {
            let kind = infer::get_from_path(path).ok()??;
            use infer::MatcherType::{Audio, Image, Video};
            matches!(kind.matcher_type(), Image | Audio | Video)
                .then(|| kind.mime_type().to_owned())
        })
}
fn looks_like_url(s: &str) -> bool {
    let lower = s.trim_start().to_ascii_lowercase();
    ["http:", "https:", "ftp:", "file:", "data:", "//"]
        .iter()
        .any(|scheme| lower.starts_with(scheme))
}

#[cfg(test)]
fn files_in(dir: &Path, settings: FileSettings) -> Files {
    Files::new(&FileSettings {
        cache_dir: Some(dir.join("cache")),
        ..settings
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nameless_file_is_known_by_its_first_bytes_if_it_is_media() {
        let dir = tempfile::tempdir().unwrap();
        let png = dir.path().join("blob");
        std::fs::write(&png, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
        assert_eq!(mime_of(&png).as_deref(), Some("image/png"));
        // A name still wins, and text is never sniffed (a page must not run an upload).
        let named = dir.path().join("notes.txt");
        std::fs::write(&named, b"\x89PNG\r\n\x1a\n").unwrap();
        assert_eq!(mime_of(&named).as_deref(), Some("text/plain"));
        let html = dir.path().join("page");
        std::fs::write(&html, b"<!DOCTYPE html><script>alert(1)</script>").unwrap();
        assert_eq!(mime_of(&html), None);
    }
}
