//! A custom component in an app: `b.add_custom(Rating::new())` and its handle works like any
//! other's — typed listeners, typed values (`u8` stars), the API.

use ferrio::prelude::*;
use ferrio_rating::{Rating, RatingUpdate};

/// Says what the stars mean.
pub fn review(stars: u8, comment: String) -> String {
    let verdict = match stars {
        0 => "Not rated yet",
        1 => "Poor",
        2 => "Fair",
        3 => "Good",
        4 => "Very good",
        5 => "Excellent",
        _ => "Off the scale",
    };
    if comment.trim().is_empty() {
        format!("{verdict} ({stars} stars)")
    } else {
        format!("{verdict} ({stars} stars): {}", comment.trim())
    }
}

/// The rating a review text suggests: one star per "!" (at most 5).
pub fn suggest(comment: String) -> u8 {
    comment.chars().filter(|&c| c == '!').count().min(5) as u8
}

/// A custom component's update: its own prop (`max`, through `RatingUpdate`) and a common one.
pub fn scale(ten: bool) -> Update<Rating> {
    let max = if ten { 10 } else { 5 };
    Rating::update()
        .max(max)
        .label(format!("Your rating (out of {max})"))
}

/// A Rating with a comment: changing either writes the review, a button suggests stars from
/// the comment, and a checkbox switches to a ten-star scale.
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
        let ten = b.add(Checkbox::new().label("Ten-star scale"));
        ten.change(scale, ten, stars.update());
    })
    .title("Custom component")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reviews_and_suggestions() {
        assert_eq!(review(4, " tasty ".into()), "Very good (4 stars): tasty");
        assert_eq!(review(0, String::new()), "Not rated yet (0 stars)");
        assert_eq!(review(8, String::new()), "Off the scale (8 stars)");
        assert_eq!(scale(true).props()["max"], 10);
        assert_eq!(scale(false).props()["label"], "Your rating (out of 5)");
        assert_eq!(suggest("wow!!!".into()), 3);
        assert_eq!(suggest("!!!!!!!!".into()), 5);
    }
}
