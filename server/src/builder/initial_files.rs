//! When the app starts, the files its blocks show (initial values, avatars, API defaults) are
//! copied into the cache and pinned there, as a function's outputs are.

use ferrio_components::file_data::JsonWithFiles;

use super::Blocks;
use crate::files::Files;

impl Blocks {
    /// When the app starts: the files blocks show at first (`Image::new().value("cat.png")`, a
    /// chatbot's avatars) are copied into the cache, as a function's outputs are, and kept
    /// there for as long as the app runs; the config then points at the copies, and so do the
    /// API's defaults. A file the server may not hand out (missing, hidden, blocked, a URL) is
    /// left out, with an error in the log: it becomes `null` where it stood (one avatar of
    /// two), or, where a value can't do without it (a gallery's picture), its prop takes its
    /// default (empty).
    pub(crate) fn publish_initial_files(&mut self, files: &Files) {
        for (id, block) in &mut self.blocks {
            let Ok(declared) = serde_json::to_value(&*block) else {
                continue;
            };
            let Some(props) = declared.get("props").and_then(|p| p.as_object()) else {
                continue;
            };
            let mut published = props.clone();
            let mut missing = Vec::new();
            for (name, prop) in props {
                let Some((copy, refused)) = publish_files_in(files, prop) else {
                    continue;
                };
                for error in &refused {
                    tracing::error!(component = %id, prop = %name, %error, "a file it shows was left out");
                }
                if !refused.is_empty() {
                    missing.push(name.clone());
                }
                published.insert(name.clone(), copy);
            }
            if published == *props {
                continue;
            }
            let with = |props: serde_json::Map<String, serde_json::Value>| {
                let mut json = declared.clone();
                json["props"] = serde_json::Value::Object(props);
                serde::Deserialize::deserialize(json)
            };
            let mut without_missing = published.clone();
            missing.iter().for_each(|name| {
                without_missing.remove(name);
            });
            match with(published).or_else(|_| with(without_missing)) {
                Ok(with_copies) => *block = with_copies,
                Err(error) => tracing::error!(component = %id, %error, "its files were left out"),
            }
        }
        for param in self.functions.iter_mut().flat_map(|f| f.inputs.iter_mut()) {
            let Some((copy, refused)) = param
                .default
                .as_ref()
                .and_then(|d| publish_files_in(files, d))
            else {
                continue;
            };
            for error in &refused {
                tracing::error!(component = %param.id, %error, "a file in its API default was left out");
            }
            param.default = Some(copy);
        }
    }
}

/// `json` with each file in it copied into the cache and pinned there (a value the app shows
/// from the start), and why any file was left out (it is `null` in its place); `None` when it
/// holds no file.
pub(crate) fn publish_files_in(
    files: &Files,
    json: &serde_json::Value,
) -> Option<(serde_json::Value, Vec<String>)> {
    let mut value = JsonWithFiles::new(json.clone()).ok()?;
    value.files().next()?;
    let mut refused = Vec::new();
    value.retain_files(|f| match files.publish(f) {
        Ok(()) => true,
        Err(error) => {
            refused.push(error.to_string());
            false
        }
    });
    let value = value.to_json();
    files.pin_all(&value);
    Some((value, refused))
}
