//! A multimodal `ChatInterface`: attach pictures or any files to a message, and the bot says
//! what it got (a picture's size in pixels, a file's kind and size). `/chat` in the API takes
//! `{"text": ..., "files": [...]}`.

use std::path::Path;

use crate::prelude::*;

/// One line per file (what it is), then the text; and how many files came before.
pub fn describe(message: MultimodalValue, history: Vec<ChatMessage>) -> String {
    let mut lines: Vec<String> = message.files.iter().map(|p| describe_file(p)).collect();
    let text = message.text.trim();
    if !text.is_empty() {
        lines.push(format!("You said: {text}"));
    }
    let before = history
        .iter()
        .filter(|m| m.content.file().is_some())
        .count();
    lines.push(format!("(files sent before: {before})"));
    lines.join("\n")
}

fn describe_file(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    match image::image_dimensions(path) {
        Ok((w, h)) => format!("{name}: a picture, {w}×{h} pixels"),
        Err(_) => {
            let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
            let kind = mime_guess::from_path(path).first_or_octet_stream();
            format!("{name}: {kind}, {size} bytes")
        }
    }
}

pub fn app() -> Blocks {
    ChatInterface::new(describe)
        .multimodal()
        .title("What did I send?")
        .description(
            "Attach pictures or files (the clip button, or drop or paste them) and the bot describes them.",
        )
        .examples(["Hello!"])
        .into_blocks()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_pictures_files_and_text() {
        let dir = tempfile::tempdir().unwrap();
        let picture = dir.path().join("dot.png");
        image::RgbImage::new(3, 2).save(&picture).unwrap();
        let notes = dir.path().join("notes.txt");
        std::fs::write(&notes, "hello").unwrap();
        let history = vec![
            ChatMessage::user(dir.path().join("old.png")),
            ChatMessage::assistant("ok"),
        ];
        let reply = describe(
            MultimodalValue {
                text: " look ".into(),
                files: vec![picture, notes],
            },
            history,
        );
        assert_eq!(
            reply,
            "dot.png: a picture, 3×2 pixels\nnotes.txt: text/plain, 5 bytes\nYou said: look\n(files sent before: 1)"
        );
        assert_eq!(
            describe(MultimodalValue::text("hi"), Vec::new()),
            "You said: hi\n(files sent before: 0)"
        );
    }
}
