//! Upload a picture, get it back transformed: the image round trip through uploads, the file
//! rule and the cache (`ferrio-demo image`).

use ferrio::image::{imageops, DynamicImage};
use ferrio::prelude::*;

/// What can be done to the picture.
pub const TRANSFORMS: [&str; 4] = ["Grayscale", "Mirror", "Rotate 90°", "Invert"];

/// The picture with `transform` applied, and its size as text.
pub fn transform(
    image: Option<DynamicImage>,
    transform: Option<String>,
) -> Result<(Option<DynamicImage>, String), String> {
    let image = image.ok_or("Upload an image first.")?;
    let out = match transform.as_deref() {
        Some("Grayscale") => image.grayscale(),
        Some("Mirror") => DynamicImage::from(imageops::flip_horizontal(&image)),
        Some("Rotate 90°") => image.rotate90(),
        Some("Invert") => {
            let mut inverted = image;
            inverted.invert();
            inverted
        }
        other => return Err(format!("unknown transform {other:?}")),
    };
    let size = format!("{} × {} px", out.width(), out.height());
    Ok((Some(out), size))
}

/// An Image in, a transform picked from a Dropdown, the transformed Image and its size out.
pub fn app() -> Blocks {
    Blocks::new(|b| {
        b.add(Markdown::new(
            "# Image round trip\nUpload or paste a picture and pick what to do to it.",
        ));
        b.row(|b| {
            let (input, how) = b.column(|b| {
                (
                    b.add(Image::new().decoded().label("Your image").height(260)),
                    b.add(Dropdown::new(TRANSFORMS).label("Transform")),
                )
            });
            let (output, size) = b.column(|b| {
                (
                    b.add(Image::new().decoded().label("Result").height(260)),
                    b.add(Textbox::new().label("Size")),
                )
            });
            b.add(Button::new("Transform").primary())
                .click(transform, (input, how), (output, size))
                .api_name("transform");
            input
                .upload(transform, (input, how), (output, size))
                .private();
        });
    })
    .title("Image")
}
