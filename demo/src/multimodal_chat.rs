//! A multimodal `ChatInterface`: attach pictures or any files to a message, and the bot says
//! what it got (a picture's size in pixels, a file's kind and size), then shows each picture
//! back mirrored, as an Image inside the conversation. `/chat` in the API takes
//! `{"text": ..., "files": [...]}` and gives the reply's messages.

use std::path::Path;

use ferrio::prelude::*;

/// One line per file (what it is), then the text, and how many files came before; then each
/// picture, mirrored (a reply of several messages, one of them a component).
pub fn describe(
    message: MultimodalValue,
    history: Vec<ChatMessage>,
) -> Result<Vec<ChatMessage>, String> {
    let mut lines: Vec<String> = message.files.iter().map(|p| describe_file(p)).collect();
    let text = message.text.trim();
    if !text.is_empty() {
        lines.push(format!("You said: {text}"));
    }
    let before = history
        .iter()
        .flat_map(|m| &m.content)
        .filter(|block| block.file().is_some())
        .count();
    lines.push(format!("(files sent before: {before})"));
    let mut reply = vec![ChatMessage::assistant(lines.join("\n"))];
    for path in &message.files {
        // Not a picture: described above, and nothing to show.
        let Ok(picture) = ferrio::image::open(path) else {
            continue;
        };
        let shown = Image::new()
            .label(format!("{} mirrored", file_name(path)))
            .decoded();
        let mirrored =
            ComponentMessage::new(&shown, Some(picture.fliph())).map_err(|e| e.to_string())?;
        reply.push(ChatMessage::assistant(mirrored));
    }
    Ok(reply)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn describe_file(path: &Path) -> String {
    let name = file_name(path);
    match ferrio::image::image_dimensions(path) {
        Ok((w, h)) => format!("{name}: a picture, {w}×{h} pixels"),
        Err(_) => {
            let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
            let kind = mime_guess::from_path(path).first_or_octet_stream();
            format!("{name}: {kind}, {size} bytes")
        }
    }
}

/// The describing bot as a multimodal ChatInterface.
pub fn app() -> Blocks {
    ChatInterface::new(describe)
        .multimodal()
        .title("What did I send?")
        .description(
            "Attach pictures or files (the clip button, or drop or paste them): the bot describes them and shows each picture back, mirrored.",
        )
        .examples(["Hello!"])
        .into_blocks()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_pictures_files_and_text_then_mirrors_each_picture() {
        let dir = tempfile::tempdir().unwrap();
        let picture = dir.path().join("dot.png");
        let mut dot = ferrio::image::RgbImage::new(3, 2);
        dot.put_pixel(0, 0, ferrio::image::Rgb([255, 0, 0]));
        dot.save(&picture).unwrap();
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
        )
        .unwrap();
        assert_eq!(reply.len(), 2);
        assert_eq!(
            reply[0].text(),
            Some("dot.png: a picture, 3×2 pixels\nnotes.txt: text/plain, 5 bytes\nYou said: look\n(files sent before: 1)")
        );
        let [MessageContent::Component(shown)] = &reply[1].content[..] else {
            panic!("a component message: {:?}", reply[1]);
        };
        assert_eq!(shown.props["label"], "dot.png mirrored");
        let stored = shown.data(&Image::new().decoded()).unwrap().unwrap();
        let mirrored = ferrio::image::open(&stored.path).unwrap().to_rgb8();
        assert_eq!(mirrored.dimensions(), (3, 2));
        // The red corner moved to the other side.
        assert_eq!(mirrored.get_pixel(2, 0), &ferrio::image::Rgb([255, 0, 0]));
        assert_eq!(mirrored.get_pixel(0, 0), &ferrio::image::Rgb([0, 0, 0]));
        assert_eq!(
            describe(MultimodalValue::text("hi"), Vec::new()).unwrap(),
            [ChatMessage::assistant(
                "You said: hi\n(files sent before: 0)"
            )]
        );
    }
}
