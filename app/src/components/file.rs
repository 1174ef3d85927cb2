//! The File component's view, and what the other file components share of it: where a stored
//! file is served, sizes as people read them, the picker's `accept` filter.

use ferrio_components::{ComponentId, EventName, File, FileCount, FileData, FileValue};
use leptos::prelude::*;

use super::field::Field;
use super::upload::UploadZone;
use crate::state::PageState;

/// Where the server serves a stored file, relative to the app (so it works under a path prefix).
pub fn file_href(path: &str) -> String {
    let mut href = String::from("gradio_api/file=");
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"/-_.~".contains(&b) {
            href.push(b as char);
        } else {
            href.push_str(&format!("%{b:02X}"));
        }
    }
    href
}

/// `1.2 MB`, as a person reads a size.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KB", "MB", "GB"];
    let mut size = bytes as f64;
    let mut unit = 0;
    while size >= 1000.0 && unit < UNITS.len() - 1 {
        size /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{size:.1} {}", UNITS[unit])
    }
}

/// What `accept` takes for Gradio's `file_types`: extensions as they are, categories as
/// `image/*`.
pub fn accept(types: &Option<Vec<String>>) -> Option<String> {
    types.as_ref().map(|types| {
        types
            .iter()
            .map(|t| {
                if t.starts_with('.') {
                    t.clone()
                } else {
                    format!("{t}/*")
                }
            })
            .collect::<Vec<_>>()
            .join(",")
    })
}

super::builtin_view!(File => FileView in files);

/// Files to upload (pick or drop), then links to download them; as an output, the links only.
#[component]
pub fn FileView(
    /// The component's id in the config: its value, status and events in the page state go
    /// by it.
    id: ComponentId,
    /// Its props: the config's, with what updates have set over them (a change draws the
    /// view again).
    props: File,
) -> impl IntoView {
    let state = expect_context::<PageState>();
    let value = state.signal::<File>(id);
    let interactive = state.is_interactive(id, props.common.interactive);
    let multiple = props.file_count == FileCount::Multiple;

    let on_files = {
        let state = state.clone();
        Callback::new(move |files: Vec<FileData>| {
            value.update(|v| {
                *v = if multiple {
                    let mut all: Vec<FileData> = v.files().into_iter().cloned().collect();
                    all.extend(files);
                    FileValue::Many(all)
                } else {
                    FileValue::One(files.into_iter().next())
                }
            });
            state.trigger(id, EventName::Upload);
            state.trigger(id, EventName::Change);
        })
    };
    // Removing a file changes the value; removing the last one also clears the input.
    let remove = move |index: usize| {
        value.update(|v| {
            *v = match v {
                FileValue::Many(files) => {
                    let mut files = files.clone();
                    files.remove(index);
                    FileValue::Many(files)
                }
                FileValue::One(_) if multiple => FileValue::Many(Vec::new()),
                FileValue::One(_) => FileValue::One(None),
            }
        });
        if value.with_untracked(|v| v.files().is_empty()) {
            state.trigger(id, EventName::Clear);
        }
        state.trigger(id, EventName::Change);
    };
    let list = move || {
        let remove = remove.clone();
        value
            .get()
            .files()
            .into_iter()
            .enumerate()
            .map(|(i, f)| {
                let remove = remove.clone();
                let name = f.name().to_owned();
                let size = f.size.map(human_size);
                let label = format!("Remove {name}");
                view! {
                    <li class="file-item">
                        <a href=file_href(&f.path) download=name.clone() class="file-name">
                            {name.clone()}
                        </a>
                        <span class="file-size">{size}</span>
                        {interactive
                            .then(|| {
                                view! {
                                    <button
                                        type="button"
                                        class="file-remove"
                                        aria-label=label
                                        on:click=move |_| remove(i)
                                    >
                                        "×"
                                    </button>
                                }
                            })}
                    </li>
                }
            })
            .collect_view()
    };
    let empty = move || value.with(|v| v.files().is_empty());
    let prompt = if multiple {
        "Drop files here or click to upload"
    } else {
        "Drop a file here or click to upload"
    };
    view! {
        <Field id kind="file" common=props.common default_label="File">
            <UploadZone
                id
                enabled=interactive
                picker=Signal::derive(move || multiple || empty())
                multiple
                accept=accept(&props.file_types)
                prompt
                height=props.height
                on_files
            >
                <ul class="file-list">{list}</ul>
                <Show when=move || !interactive && empty()>
                    <p class="upload-note">"No file"</p>
                </Show>
            </UploadZone>
        </Field>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hrefs_escape_the_path_and_sizes_read_well() {
        assert_eq!(
            file_href("/tmp/ferrio/ab/my file#1.txt"),
            "gradio_api/file=/tmp/ferrio/ab/my%20file%231.txt"
        );
        assert_eq!(human_size(11), "11 B");
        assert_eq!(human_size(1_234_567), "1.2 MB");
        assert_eq!(
            accept(&Some(vec![".pdf".into(), "image".into()])).as_deref(),
            Some(".pdf,image/*")
        );
    }
}
