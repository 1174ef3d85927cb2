//! Several interfaces in tabs, with `TabbedInterface`: the word counter next to a text
//! shouter; each keeps its endpoint (`/predict`, `/predict_1`).

use ferrio::prelude::*;

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

/// The text in capitals, and how many letters it has.
pub fn shout(text: String) -> (String, f64) {
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    (text.to_uppercase(), letters as f64)
}

/// The word counter (examples cached lazily) and the shouter, each on a tab.
pub fn app() -> Blocks {
    let counter = Interface::new(
        count_words,
        Textbox::new().label("Text").lines(3),
        (
            Number::new().label("Words"),
            Textbox::new().label("Longest word"),
        ),
    )
    .examples(["one two three".to_owned()])
    // Its outputs are computed at the example's first click, then served from the cache.
    .cache_examples(true)
    .cache_mode(CacheMode::Lazy);
    let shouter = Interface::new(
        shout,
        Textbox::new().label("Say"),
        (
            Textbox::new().label("Shouted"),
            Number::new().label("Letters"),
        ),
    )
    .description("Says it louder.");
    TabbedInterface::new([counter.into(), shouter.into()], ["Count words", "Shout"])
        .title("Text tools")
        .into_blocks()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shouts_and_counts_letters() {
        assert_eq!(shout("Hi, you!".into()), ("HI, YOU!".into(), 5.0));
    }
}
