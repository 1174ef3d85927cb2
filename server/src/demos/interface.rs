//! An app from one function with `Interface`: inputs, Submit and outputs laid out for you, and
//! the endpoint at `/predict` in the API.

use crate::prelude::*;

/// How many words the text has, and its (first) longest word.
pub fn count_words(text: String) -> (f64, String) {
    let words: Vec<&str> = text.split_whitespace().collect();
    // The first of the longest words.
    let longest = words.iter().copied().fold("", |best, w| {
        if w.chars().count() > best.chars().count() {
            w
        } else {
            best
        }
    });
    (words.len() as f64, longest.to_owned())
}

pub fn app() -> Blocks {
    Interface::new(
        count_words,
        Textbox::new()
            .label("Text")
            .lines(4)
            .placeholder("Paste some text"),
        (
            Number::new().label("Words"),
            Textbox::new().label("Longest word"),
        ),
    )
    .title("Word counter")
    .description("Counts the words of a text and finds the longest one.")
    .examples([
        "The quick brown fox jumps over the lazy dog".to_owned(),
        "Ferrio serves functions".to_owned(),
    ])
    .cache_examples(true)
    .into_blocks()
}

#[cfg(test)]
mod tests {
    use super::count_words;

    #[test]
    fn counts_words_and_finds_the_longest() {
        assert_eq!(
            count_words("the quick  brown\nfox".into()),
            (4.0, "quick".into())
        );
        assert_eq!(count_words("   ".into()), (0.0, String::new()));
    }
}
