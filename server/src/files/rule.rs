//! The rule: which paths a request may name (canonical, inside the cache or `allowed_paths`,
//! outside `blocked_paths`), safe file names, and the URL a stored file is served at.

use std::path::{Component as PathComponent, Path, PathBuf};

use ferrio_components::FileData;
use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};

use super::{looks_like_url, mime_of, FileError, Files, FILE_ROUTE};

impl Files {
    pub(super) fn blocked(&self, p: &Path) -> bool {
        self.blocked.iter().any(|b| p.starts_with(b))
    }

    /// Inside `dir` with no hidden (dot) name below it: `.incoming`, `.env`, `.git` stay out.
    pub(super) fn visibly_inside(p: &Path, dir: &Path) -> bool {
        p.strip_prefix(dir).is_ok_and(|rest| {
            rest.components().all(|c| match c {
                PathComponent::Normal(name) => !name.to_string_lossy().starts_with('.'),
                _ => false,
            })
        })
    }

    /// The rule, for a canonical path.
    pub(super) fn may_serve(&self, p: &Path) -> bool {
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
}

/// An uploaded file's name, reduced to a plain base name: directories are dropped, leading dots
/// removed; absolute names, `..`, empty names and control characters are refused.
pub(crate) fn safe_name(name: &str) -> Result<String, FileError> {
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
pub(crate) fn file_url(path: &str) -> String {
    format!("{FILE_ROUTE}{}", utf8_percent_encode(path, PATH_ESCAPES))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::{files_in, FileSettings};

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
    fn file_urls_escape_what_a_url_would_misread() {
        assert_eq!(
            file_url("/tmp/ferrio/ab/my file #1?.txt"),
            "/gradio_api/file=/tmp/ferrio/ab/my%20file%20%231%3F.txt"
        );
    }
}
