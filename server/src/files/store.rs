//! The cache: files stored under their content's hash (uploads, fetched URLs, files functions
//! returned), pinned entries, and the sweep that removes old ones.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use axum::body::Bytes;
use ferrio_components::FileData;
use futures_util::{Stream, StreamExt};
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;

use super::{file_url, looks_like_url, mime_of, resolve, safe_name, FileError, Files, INCOMING};

impl Files {
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

    fn is_pinned(&self, entry: &Path) -> bool {
        self.pinned
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .contains(entry)
    }

    /// Removes cached files older than `age`, stale half-uploads, and scratch files left by
    /// failed events.
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::{files_in, FileSettings};

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
}
