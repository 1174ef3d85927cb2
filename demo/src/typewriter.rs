//! Streaming with a Stop button: a generator types the text out, and Stop cancels it midway
//! (Gradio's `cancels=[...]`).

use std::time::Duration;

use ferrio::prelude::*;

/// Yields the text one more character at a time, 60 ms apart.
pub fn typewrite(text: String) -> impl Stream<Item = String> {
    let chars: Vec<char> = text.chars().collect();
    stream::unfold(0, move |shown| {
        let chars = chars.clone();
        async move {
            if shown == chars.len() {
                return None;
            }
            tokio::time::sleep(Duration::from_millis(60)).await;
            Some((chars[..=shown].iter().collect::<String>(), shown + 1))
        }
    })
}

/// The typewriter with a Type button, and a Stop button that cancels its run.
pub fn app() -> Blocks {
    Blocks::new(|b| {
        b.add(Markdown::new(
            "# Typewriter\nA function that streams its answer, and a button that stops it.",
        ));
        let text = b.add(
            Textbox::new()
                .label("Text")
                .lines(3)
                .value("Ferrio streams each result as it comes, and Stop ends the run at once."),
        );
        let typed = b.add(Textbox::new().label("Typed").lines(3));
        b.row(|b| {
            let typing = b
                .add(Button::new("Type").primary())
                .click(typewrite, text, typed)
                .id();
            b.add(Button::new("Stop").variant(ButtonVariant::Stop))
                .cancel_on_click([typing]);
        });
    })
    .title("Typewriter")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn types_one_more_character_each_time() {
        let typed: Vec<String> = typewrite("héy".into()).collect().await;
        assert_eq!(typed, ["h", "hé", "héy"]);
    }
}
