//! A custom component in an app: `b.add_custom(Rating::new())` and its handle works like any
//! other's — typed listeners, typed values (`u8` stars), the API.

use ferrio::prelude::*;
use ferrio_rating::Rating;

/// Says what the stars mean.
pub fn review(stars: u8, comment: String) -> String {
    let verdict = match stars {
        0 => "Not rated yet",
        1 => "Poor",
        2 => "Fair",
        3 => "Good",
        4 => "Very good",
        _ => "Excellent",
    };
    if comment.trim().is_empty() {
        format!("{verdict} ({stars}/5)")
    } else {
        format!("{verdict} ({stars}/5): {}", comment.trim())
    }
}

/// The rating a review text suggests: one star per "!" (at most 5).
pub fn suggest(comment: String) -> u8 {
    comment.chars().filter(|&c| c == '!').count().min(5) as u8
}

pub fn app() -> Blocks {
    Blocks::new(|b| {
        b.add(Markdown::new(
            "# A custom component\n`Rating` is defined outside Ferrio's core (`examples/rating`).",
        ));
        let stars = b.add_custom(Rating::new().label("Your rating"));
        let comment = b.add(Textbox::new().label("Comment"));
        let summary = b.add(Textbox::new().label("Summary"));
        stars.change(review, (stars, comment), summary);
        b.button("Suggest stars from the comment")
            .click(suggest, comment, stars);
    })
    .title("Custom component")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reviews_and_suggestions() {
        assert_eq!(review(4, " tasty ".into()), "Very good (4/5): tasty");
        assert_eq!(review(0, String::new()), "Not rated yet (0/5)");
        assert_eq!(suggest("wow!!!".into()), 3);
        assert_eq!(suggest("!!!!!!!!".into()), 5);
    }
}
