//! An image classifier as one `Interface`: a picture in, its top classes with confidences out,
//! example pictures whose results are cached, and a Flag button per reason that saves what
//! the page shows to `.ferrio/flagged/dataset1.csv`.
//!
//! The "model" names a picture's main colours: a pixel votes for its hue's name (or black,
//! white, grey when it has little colour), and a class's confidence is its share of the votes.
//! A real model would go where `classify` is; the rest of the app stays the same.

use ferrio::image::{DynamicImage, Rgb, RgbImage};
use ferrio::prelude::*;

/// The classes, in the order hues go round the colour wheel, then the colourless ones.
pub const CLASSES: [&str; 10] = [
    "red", "orange", "yellow", "green", "cyan", "blue", "purple", "pink", "black", "white",
];
const GREY: &str = "grey";

/// The class of one pixel.
fn class_of([r, g, b]: [u8; 3]) -> &'static str {
    let [r, g, b] = [r, g, b].map(|c| f64::from(c) / 255.0);
    let max = r.max(g).max(b);
    let min = r.min(g).min(b);
    let chroma = max - min;
    if chroma < 0.15 {
        return match max {
            v if v < 0.2 => "black",
            v if v > 0.85 => "white",
            _ => GREY,
        };
    }
    if max < 0.2 {
        return "black";
    }
    let hue = if max == r {
        60.0 * ((g - b) / chroma).rem_euclid(6.0)
    } else if max == g {
        60.0 * ((b - r) / chroma + 2.0)
    } else {
        60.0 * ((r - g) / chroma + 4.0)
    };
    match hue {
        h if !(15.0..345.0).contains(&h) => "red",
        h if h < 40.0 => "orange",
        h if h < 70.0 => "yellow",
        h if h < 160.0 => "green",
        h if h < 200.0 => "cyan",
        h if h < 255.0 => "blue",
        h if h < 290.0 => "purple",
        _ => "pink",
    }
}

/// The picture's colour classes, each with the share of pixels it has (the Label shows the
/// top three).
pub fn classify(image: Option<DynamicImage>) -> Result<LabelValue, String> {
    let image = image.ok_or("Upload a picture first.")?;
    // A thumbnail has the same colours, and a big photo would cost time for nothing.
    let small = image.thumbnail(128, 128).to_rgb8();
    let total = f64::from(small.width() * small.height()).max(1.0);
    let mut votes: Vec<(&str, u32)> = CLASSES.iter().chain([&GREY]).map(|c| (*c, 0)).collect();
    for pixel in small.pixels() {
        let class = class_of(pixel.0);
        if let Some(slot) = votes.iter_mut().find(|(c, _)| *c == class) {
            slot.1 += 1;
        }
    }
    Ok(votes
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .map(|(class, n)| (class, f64::from(n) / total))
        .collect())
}

/// An example picture drawn in code, so the demo ships no image files.
fn painted(paint: impl Fn(u32, u32) -> [u8; 3]) -> Option<DynamicImage> {
    let image = RgbImage::from_fn(96, 64, |x, y| Rgb(paint(x, y)));
    Some(DynamicImage::ImageRgb8(image))
}

/// Example pictures: a sunset, a meadow under the sky, a lemon on a plate.
pub fn examples() -> Vec<Option<DynamicImage>> {
    vec![
        painted(|_, y| {
            let t = y as f32 / 64.0;
            [250, (60.0 + 140.0 * t) as u8, (90.0 * (1.0 - t)) as u8]
        }),
        painted(|_, y| {
            if y < 24 {
                [70, 140, 230]
            } else {
                [60, 170, 70]
            }
        }),
        painted(|x, y| {
            let (dx, dy) = (x as i32 - 48, y as i32 - 32);
            if dx * dx + 2 * dy * dy < 700 {
                [245, 215, 40]
            } else {
                [240, 240, 240]
            }
        }),
    ]
}

/// The classifier as an Interface: cached examples and a Flag button per reason.
pub fn app() -> Blocks {
    Interface::new(
        classify,
        Image::new().decoded().label("Picture").height(240),
        Label::new().label("Colours").num_top_classes(3),
    )
    .title("Colour classifier")
    .description(
        "Drop in a picture to see its main colours, or click an example. \
         If a result looks wrong, flag it: the flags are saved for review.",
    )
    .examples(examples())
    .cache_examples(true)
    .flagging_options(["Incorrect", "Other"])
    .article("Each pixel votes for its colour; a colour's confidence is its share of the votes.")
    .into_blocks()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn top(label: LabelValue) -> Vec<(String, f64)> {
        let LabelValue::Confidences(mut c) = label else {
            panic!("confidences")
        };
        c.sort_by(|a, b| b.1.total_cmp(&a.1));
        c
    }

    #[test]
    fn pixels_vote_for_their_colour() {
        assert_eq!(class_of([255, 0, 0]), "red");
        assert_eq!(class_of([255, 140, 0]), "orange");
        assert_eq!(class_of([30, 200, 40]), "green");
        assert_eq!(class_of([20, 40, 220]), "blue");
        assert_eq!(class_of([5, 5, 5]), "black");
        assert_eq!(class_of([250, 250, 250]), "white");
        assert_eq!(class_of([128, 128, 128]), "grey");
    }

    #[test]
    fn confidences_are_shares_of_the_picture() {
        let [sunset, meadow, lemon] = <[_; 3]>::try_from(examples()).unwrap();
        let meadow = top(classify(meadow).unwrap());
        assert_eq!(meadow[0].0, "green");
        assert_eq!(meadow[1].0, "blue");
        assert!((meadow[0].1 + meadow[1].1 - 1.0).abs() < 1e-9);
        assert_eq!(top(classify(lemon).unwrap())[0].0, "white");
        let sunset = top(classify(sunset).unwrap());
        assert!(["orange", "red", "yellow"].contains(&sunset[0].0.as_str()));
        assert_eq!(classify(None), Err("Upload a picture first.".into()));
    }
}
