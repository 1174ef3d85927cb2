//! Flagging: a person saves what they see (an interface's inputs and outputs) as a row of a
//! dataset, to review later (Gradio's `CSVLogger` and Flag button).
//!
//! Each flag appends one row to `dataset1.csv` (a cell per component, written by its
//! [`Component::flag`], then the reason, the user name and the time) and the same row to
//! `dataset1.jsonl` (the components' data as JSON). Files in the values are copied beside the
//! dataset, one folder per component, and the row names them relative to the dataset's folder.
//!
//! What a flag may hold is checked as an event's inputs are: each value must parse as its
//! component's data, and a file must be one the server may serve (an upload, an output in the
//! cache, `allowed_paths`), never an arbitrary path on the server (Gradio's CVE-2025-48889 let
//! a flag copy any file).

use std::collections::HashMap;
use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use ferrio_components::{Chatbot, Component, ComponentError, EventData, Feedback, LikeData};
use futures_util::StreamExt;

use crate::files::{safe_name, Files};
use crate::handler::{BoxStream, EventFn, InputError, InvalidInput, PreparedCall, RunError, Scope};

/// When an interface flags (Gradio's `flagging_mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FlaggingMode {
    /// A Flag button (one per reason, when reasons are set) saves what the page shows.
    #[default]
    Manual,
    /// Every successful run is saved, without a button.
    Auto,
    /// No flagging.
    Never,
}

/// Where flags go, and the reasons a person can give (Gradio's `flagging_dir`,
/// `flagging_options`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FlagSettings {
    pub mode: FlaggingMode,
    pub dir: PathBuf,
    /// One Flag button per reason ("Flag as Incorrect"); a single plain "Flag" when empty.
    pub options: Vec<String>,
}

/// Gradio keeps flags in `.gradio/flagged`; Ferrio in `.ferrio/flagged` (of the working dir).
pub(crate) const DEFAULT_FLAGGING_DIR: &str = ".ferrio/flagged";

impl Default for FlagSettings {
    fn default() -> Self {
        FlagSettings {
            mode: FlaggingMode::Manual,
            dir: PathBuf::from(DEFAULT_FLAGGING_DIR),
            options: Vec::new(),
        }
    }
}

/// Why a flag could not be saved.
#[derive(Debug, thiserror::Error)]
pub(crate) enum FlagError {
    #[error("could not write the flagging dataset: {0}")]
    Io(#[from] std::io::Error),
    #[error("could not write the flagging dataset: {0}")]
    Csv(#[from] csv::Error),
    #[error("a flagged file has an unusable name: {0}")]
    Name(String),
}

/// A checked value, ready to be written: given the dataset's folder, it copies its files in and
/// gives its CSV cell and its JSON.
pub(crate) type FlagValue =
    Box<dyn FnOnce(&Path) -> Result<(String, serde_json::Value), FlagError> + Send>;

type ParseFn =
    Arc<dyn Fn(serde_json::Value, &Files) -> Result<FlagValue, ComponentError> + Send + Sync>;

/// One column of a flagging dataset: a component, with its types erased.
#[derive(Clone)]
pub struct FlagColumn {
    pub(crate) label: String,
    parse: ParseFn,
}

impl FlagColumn {
    pub(crate) fn new<C: Component>(c: C) -> FlagColumn {
        let label = c.label().unwrap_or(C::CLASS_NAME).to_owned();
        let folder = label.clone();
        let parse: ParseFn = Arc::new(move |json, files| {
            let mut data = c.parse_data(json)?;
            for f in C::files(&mut data) {
                files
                    .admit(f)
                    .map_err(|e| ComponentError::Invalid(e.to_string()))?;
            }
            let (c, folder) = (c.clone(), folder.clone());
            Ok(Box::new(move |dir: &Path| {
                let mut data = data;
                for f in C::files(&mut data) {
                    let stored = copy_in(Path::new(&f.path), dir, &folder)?;
                    f.path = stored;
                    f.url = None;
                }
                let json = serde_json::to_value(&data).unwrap_or_default();
                Ok((c.flag(&data), json))
            }) as FlagValue)
        });
        FlagColumn { label, parse }
    }
}

/// Copies a (checked) file to `<dir>/<folder>/<random>/<name>`; gives that path relative to `dir`.
fn copy_in(src: &Path, dir: &Path, folder: &str) -> Result<String, FlagError> {
    let name = src
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = safe_name(&name).map_err(|_| FlagError::Name(name.clone()))?;
    let folder = folder_name(folder);
    let unique = uuid::Uuid::new_v4().simple().to_string();
    let relative = Path::new(&folder).join(&unique[..16]).join(name);
    let dest = dir.join(&relative);
    std::fs::create_dir_all(dest.parent().expect("a joined path has a parent"))?;
    std::fs::copy(src, &dest)?;
    Ok(relative.to_string_lossy().into_owned())
}

/// A label as a folder name: letters, digits, spaces, `-` and `_` only.
fn folder_name(label: &str) -> String {
    let name: String = label
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
        .collect();
    match name.trim() {
        "" => "files".to_owned(),
        name => name.to_owned(),
    }
}

/// Characters that start a formula in a spreadsheet (and the line breaks that start a cell).
const FORMULA_STARTS: [char; 7] = ['=', '+', '-', '@', '\t', '\r', '\n'];

/// A cell a spreadsheet would read as a formula gets a leading `'` (CSV injection), unless it
/// is a number (as Gradio's `sanitize_value_for_csv`): one that starts like a formula, or holds
/// one after a comma (a value of several comma-separated parts, which a spreadsheet may split).
fn csv_safe(cell: String) -> String {
    let risky = cell.starts_with(FORMULA_STARTS)
        || cell
            .match_indices(',')
            .any(|(i, _)| cell[i + 1..].starts_with(FORMULA_STARTS));
    if risky && cell.trim().parse::<f64>().is_err() {
        format!("'{cell}")
    } else {
        cell
    }
}

/// A flagging dataset: its folder and its columns. One lock orders the rows, so concurrent
/// flags never interleave or lose one.
pub struct FlagLog {
    dir: PathBuf,
    headers: Vec<String>,
    /// Held while a row is written: every dataset of one folder shares it.
    lock: Arc<Mutex<()>>,
    /// The file rows go to, once known.
    current: Mutex<Option<PathBuf>>,
}

/// Flag logs in one folder (two interfaces of an app, say) take turns, so that two never both
/// start `dataset1.csv`: one lock per folder, for the whole process.
fn folder_lock(dir: &Path) -> Arc<Mutex<()>> {
    static LOCKS: OnceLock<Mutex<HashMap<PathBuf, Arc<Mutex<()>>>>> = OnceLock::new();
    let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    let mut locks = LOCKS
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    locks.entry(dir).or_default().clone()
}

/// The columns after the components'.
const EXTRA_HEADERS: [&str; 3] = ["flag", "username", "timestamp"];

impl FlagLog {
    /// A dataset of these components' values in `dir` (created at the first flag).
    pub fn new(dir: impl Into<PathBuf>, columns: &[FlagColumn]) -> FlagLog {
        let mut headers: Vec<String> = Vec::new();
        for column in columns {
            // Two components with one label still get a column each.
            let mut header = column.label.clone();
            let mut n = 2;
            while headers.contains(&header) || EXTRA_HEADERS.contains(&header.as_str()) {
                header = format!("{} {n}", column.label);
                n += 1;
            }
            headers.push(header);
        }
        headers.extend(EXTRA_HEADERS.map(str::to_owned));
        let dir = dir.into();
        FlagLog {
            lock: folder_lock(&dir),
            dir,
            headers,
            current: Mutex::new(None),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The CSV's header row.
    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    /// Appends one row; gives the CSV file's path.
    pub(crate) fn append(
        &self,
        values: Vec<FlagValue>,
        reason: &str,
    ) -> Result<PathBuf, FlagError> {
        let _turn = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        let mut current = self.current.lock().unwrap_or_else(|e| e.into_inner());
        std::fs::create_dir_all(&self.dir)?;
        // Looked up each time (one header line per file): a file moved away and restarted by
        // another dataset of the folder must not get this one's rows.
        current.take();
        let csv_path = self.current_file()?;
        let mut cells = Vec::with_capacity(self.headers.len());
        let mut object = serde_json::Map::new();
        for (value, header) in values.into_iter().zip(&self.headers) {
            let (cell, json) = value(&self.dir)?;
            cells.push(csv_safe(cell));
            object.insert(header.clone(), json);
        }
        let timestamp = humantime::format_rfc3339_millis(std::time::SystemTime::now()).to_string();
        for (header, extra) in EXTRA_HEADERS.iter().zip([reason, "", &timestamp]) {
            cells.push(csv_safe(extra.to_owned()));
            object.insert((*header).to_owned(), extra.into());
        }
        let new = !csv_path.exists();
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&csv_path)?;
        let mut writer = csv::Writer::from_writer(file);
        if new {
            writer.write_record(&self.headers)?;
        }
        writer.write_record(&cells)?;
        writer.flush()?;
        let mut line = serde_json::to_string(&object).unwrap_or_default();
        line.push('\n');
        OpenOptions::new()
            .create(true)
            .append(true)
            .open(csv_path.with_extension("jsonl"))?
            .write_all(line.as_bytes())?;
        *current = Some(csv_path.clone());
        Ok(csv_path)
    }

    /// The first `datasetN.csv` that is new or has these headers (an app whose components
    /// changed starts a new file, as Gradio does).
    fn current_file(&self) -> Result<PathBuf, FlagError> {
        for n in 1.. {
            let path = self.dir.join(format!("dataset{n}.csv"));
            if !path.exists()
                || csv::Reader::from_path(&path)?
                    .headers()?
                    .iter()
                    .eq(&self.headers)
            {
                return Ok(path);
            }
        }
        unreachable!("some datasetN.csv is free")
    }
}

/// The listener function of a Flag button: checks the values, appends them with `reason`, says
/// "Saved" on the button for a moment, then shows `label` again.
pub(crate) fn flag_fn(
    dataset: Arc<FlagLog>,
    columns: Vec<FlagColumn>,
    reason: String,
    label: Option<String>,
) -> EventFn {
    Arc::new(move |data: Vec<serde_json::Value>, scope: &Scope| {
        let values = check(&columns, data, &scope.files)?;
        Ok(save(dataset.clone(), values, reason.clone(), label.clone()))
    })
}

/// The listener function of a chatbot's `like`: the conversation up to the reply the person
/// rated is saved, with the feedback ("Like", "Dislike") as the reason. Taking a thumb back
/// saves nothing.
pub(crate) fn like_fn(dataset: Arc<FlagLog>, column: FlagColumn, chatbot: Chatbot) -> EventFn {
    Arc::new(move |mut data: Vec<serde_json::Value>, scope: &Scope| {
        // The route appends the join's `event_data` to the inputs.
        let like = LikeData::from_event(data.pop())
            .and_then(|like| chatbot.check_feedback(&like.liked).map(|()| like))
            .map_err(InputError::EventData)?;
        if let Some(serde_json::Value::Array(messages)) = data.first_mut() {
            messages.truncate(like.index.saturating_add(like.value.len().max(1)));
        }
        let values = check(std::slice::from_ref(&column), data, &scope.files)?;
        if like.liked == Feedback::Removed {
            let nothing: PreparedCall =
                Box::new(|| Box::pin(futures_util::stream::once(async { Ok(vec![]) })));
            return Ok(nothing);
        }
        Ok(save(
            dataset.clone(),
            values,
            like.liked.label().to_owned(),
            None,
        ))
    })
}

/// Each column's value, checked as an event's inputs are; every bad one is named.
fn check(
    columns: &[FlagColumn],
    data: Vec<serde_json::Value>,
    files: &Files,
) -> Result<Vec<FlagValue>, InputError> {
    if data.len() != columns.len() {
        return Err(InputError::Count {
            expected: columns.len(),
            got: data.len(),
        });
    }
    let mut values = Vec::with_capacity(columns.len());
    let mut invalid = Vec::new();
    for (index, (json, column)) in data.into_iter().zip(columns).enumerate() {
        match (column.parse)(json, files) {
            Ok(value) => values.push(value),
            Err(source) => invalid.push(InvalidInput {
                index,
                label: column.label.clone(),
                source,
            }),
        }
    }
    if invalid.is_empty() {
        Ok(values)
    } else {
        Err(InputError::Values {
            count: columns.len(),
            invalid,
        })
    }
}

/// Appends the row (on the blocking pool); with a button's `label`, the button says "Saved"
/// for a moment, then the label again.
fn save(
    dataset: Arc<FlagLog>,
    values: Vec<FlagValue>,
    reason: String,
    label: Option<String>,
) -> PreparedCall {
    Box::new(move || -> BoxStream<_> {
        let save = async move {
            let saved = tokio::task::spawn_blocking(move || dataset.append(values, &reason))
                .await
                .map_err(|_| RunError::Panicked)?;
            saved.map_err(|e| {
                tracing::error!("flagging failed: {e}");
                RunError::Handler(format!("Could not save the flag: {e}"))
            })
        };
        let Some(label) = label else {
            return Box::pin(futures_util::stream::once(save).map(|r| r.map(|_| vec![])));
        };
        Box::pin(futures_util::stream::once(save).flat_map(move |saved| {
            let label = label.clone();
            let items: BoxStream<Result<Vec<serde_json::Value>, RunError>> = match saved {
                Err(e) => Box::pin(futures_util::stream::once(async move { Err(e) })),
                Ok(_) => Box::pin(
                    futures_util::stream::iter([Ok(vec!["Saved".into()])]).chain(
                        futures_util::stream::once(async move {
                            // Long enough to be seen, as Gradio's flag button.
                            tokio::time::sleep(std::time::Duration::from_millis(800)).await;
                            Ok(vec![label.into()])
                        }),
                    ),
                ),
            };
            items
        }))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::FileSettings;
    use ferrio_components::{File, FileData, Number, Textbox};

    fn files_in(dir: &Path) -> Files {
        Files::new(&FileSettings {
            cache_dir: Some(dir.join("cache")),
            ..FileSettings::default()
        })
    }

    fn parse(column: &FlagColumn, json: serde_json::Value, files: &Files) -> FlagValue {
        (column.parse)(json, files).unwrap()
    }

    #[test]
    fn cells_that_a_spreadsheet_would_run_are_defused() {
        for risky in [
            "=1+1",
            "+cmd",
            "@SUM(A1)",
            "\tx",
            "\nline",
            "ok,=cmd()",
            "a, b,-x",
        ] {
            assert_eq!(csv_safe(risky.into()), format!("'{risky}"), "{risky:?}");
        }
        for fine in ["hello", "-2.5", "+3", "a, b", "1,2", "e-mail", "x=1"] {
            assert_eq!(csv_safe(fine.into()), fine, "{fine:?}");
        }
    }

    #[test]
    fn a_row_per_flag_in_csv_and_jsonl_and_the_cells_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let files = files_in(dir.path());
        let text = FlagColumn::new(Textbox::new().label("Text"));
        let words = FlagColumn::new(Number::new().label("Words"));
        let dataset = FlagLog::new(dir.path().join("flagged"), &[text.clone(), words.clone()]);
        for (t, n, reason) in [("a, \"b\"\nc", 3.0, ""), ("=cmd()", -2.0, "Wrong")] {
            let values = vec![
                parse(&text, t.into(), &files),
                parse(&words, n.into(), &files),
            ];
            dataset.append(values, reason).unwrap();
        }
        let csv_path = dir.path().join("flagged/dataset1.csv");
        let mut reader = csv::Reader::from_path(&csv_path).unwrap();
        assert_eq!(
            reader.headers().unwrap(),
            vec!["Text", "Words", "flag", "username", "timestamp"]
        );
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 2);
        // Each cell reads back into the component's data with `read_from_flag`.
        let tb = Textbox::new();
        assert_eq!(tb.read_from_flag(&rows[0][0]).unwrap(), "a, \"b\"\nc");
        assert_eq!(
            Number::new().read_from_flag(&rows[0][1]).unwrap(),
            Some(3.0)
        );
        // A formula is defused; a negative number is left alone.
        assert_eq!(&rows[1][0], "'=cmd()");
        assert_eq!(&rows[1][1], "-2.0");
        assert_eq!(&rows[1][2], "Wrong");
        assert!(rows[1][4].starts_with("20"), "{}", &rows[1][4]);
        let jsonl = std::fs::read_to_string(csv_path.with_extension("jsonl")).unwrap();
        let lines: Vec<serde_json::Value> = jsonl
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[1]["Text"], "=cmd()");
        assert_eq!(lines[1]["Words"], -2.0);
        assert_eq!(lines[1]["flag"], "Wrong");
    }

    #[test]
    fn files_are_copied_beside_the_dataset_and_arbitrary_paths_refused() {
        let dir = tempfile::tempdir().unwrap();
        let files = files_in(dir.path());
        let column = FlagColumn::new(File::new().label("Report"));
        // A path the server never handed out (CVE-2025-48889) is refused.
        let secret = dir.path().join("secret.txt");
        std::fs::write(&secret, "do not copy").unwrap();
        for path in [secret.to_str().unwrap(), "/etc/passwd"] {
            let err = (column.parse)(serde_json::json!({"path": path}), &files)
                .err()
                .expect("refused");
            assert!(err.to_string().contains("not"), "{err}");
        }
        // A file in the cache (an upload or an output) is copied in.
        let cached = files.cache_dir().join("abc").join("r.txt");
        std::fs::create_dir_all(cached.parent().unwrap()).unwrap();
        std::fs::write(&cached, "report").unwrap();
        let dataset = FlagLog::new(dir.path().join("flagged"), std::slice::from_ref(&column));
        let value = parse(&column, serde_json::json!({"path": cached}), &files);
        dataset.append(vec![value], "").unwrap();
        let mut reader = csv::Reader::from_path(dir.path().join("flagged/dataset1.csv")).unwrap();
        let row = reader.records().next().unwrap().unwrap();
        let data: FileData = File::new().read_from_flag(&row[0]).unwrap().unwrap();
        assert!(data.path.starts_with("Report/"), "{}", data.path);
        let copy = dir.path().join("flagged").join(&data.path);
        assert_eq!(std::fs::read_to_string(copy).unwrap(), "report");
    }

    #[test]
    fn concurrent_flags_each_get_a_whole_row() {
        let dir = tempfile::tempdir().unwrap();
        let files = Arc::new(files_in(dir.path()));
        let column = FlagColumn::new(Textbox::new().label("Text"));
        let dataset = Arc::new(FlagLog::new(
            dir.path().join("flagged"),
            std::slice::from_ref(&column),
        ));
        let threads: Vec<_> = (0..8)
            .map(|i| {
                let (dataset, column, files) = (dataset.clone(), column.clone(), files.clone());
                std::thread::spawn(move || {
                    for j in 0..25 {
                        let text = format!("{i}-{j} {}", "x".repeat(2000));
                        let value = parse(&column, text.into(), &files);
                        dataset.append(vec![value], "").unwrap();
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        let mut reader = csv::Reader::from_path(dir.path().join("flagged/dataset1.csv")).unwrap();
        let mut seen: Vec<String> = reader
            .records()
            .map(|r| Textbox::new().read_from_flag(&r.unwrap()[0]).unwrap())
            .collect();
        assert_eq!(seen.len(), 200);
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), 200);
        let jsonl = std::fs::read_to_string(dir.path().join("flagged/dataset1.jsonl")).unwrap();
        assert_eq!(jsonl.lines().count(), 200);
    }

    #[test]
    fn new_columns_start_a_new_file_and_labels_stay_distinct() {
        let dir = tempfile::tempdir().unwrap();
        let files = files_in(dir.path());
        let a = FlagColumn::new(Textbox::new().label("Text"));
        let b = FlagColumn::new(Textbox::new().label("Text"));
        let one = FlagLog::new(dir.path(), std::slice::from_ref(&a));
        one.append(vec![parse(&a, "x".into(), &files)], "").unwrap();
        let two = FlagLog::new(dir.path(), &[a.clone(), b.clone()]);
        assert_eq!(&two.headers()[..2], ["Text", "Text 2"]);
        let values = vec![parse(&a, "x".into(), &files), parse(&b, "y".into(), &files)];
        let path = two.append(values, "").unwrap();
        assert!(path.ends_with("dataset2.csv"), "{}", path.display());
        // The first dataset carries on in its own file, and so does one made later.
        let path = one.append(vec![parse(&a, "z".into(), &files)], "").unwrap();
        assert!(path.ends_with("dataset1.csv"));
        let again = FlagLog::new(dir.path(), std::slice::from_ref(&a));
        let path = again
            .append(vec![parse(&a, "w".into(), &files)], "")
            .unwrap();
        assert!(path.ends_with("dataset1.csv"));
        let rows = csv::Reader::from_path(&path).unwrap().records().count();
        assert_eq!(rows, 3);
    }
}
