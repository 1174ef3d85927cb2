//! The reference demo: the same endpoints, names and components as Gradio's reference app
//! (`shared/protocol/gradio-6.31.0/app.py`), so the two can be compared side by side.

use std::path::PathBuf;
use std::time::Duration;

use ferrio::image::{imageops, DynamicImage};
use ferrio::prelude::*;

/// `echo`: returns its input.
pub fn echo(text: String) -> String {
    text
}

/// `add`: the sum of two numbers.
pub fn add(a: f64, b: f64) -> f64 {
    a + b
}

/// `stream`: a generator of five tokens, 50 ms apart; each result is the text so far.
pub fn stream(_text: String) -> impl Stream<Item = String> {
    stream::unfold(String::new(), |mut out| async move {
        if out.len() == 5 {
            return None;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
        out.push(char::from(b'a' + out.len() as u8));
        Some((out.clone(), out))
    })
}

/// `slow`: one second in four steps, reporting progress; two may run at once.
pub fn slow(x: String) -> String {
    for _ in Progress::new().tqdm(0..4) {
        std::thread::sleep(Duration::from_millis(250));
    }
    x
}

/// `filesize`: the uploaded file's size in bytes (0 without one).
pub fn filesize(f: Option<PathBuf>) -> f64 {
    f.and_then(|p| std::fs::metadata(p).ok())
        .map_or(0.0, |m| m.len() as f64)
}

/// `flip`: the picture mirrored left to right (none without one).
pub fn flip(img: Option<DynamicImage>) -> Option<DynamicImage> {
    img.map(|i| DynamicImage::from(imageops::flip_horizontal(&i)))
}

/// The reference app's six endpoints (`/echo`, `/add`, `/stream`, `/slow`, `/filesize`,
/// `/flip`), each behind a button.
pub fn app() -> Blocks {
    Blocks::new(|b| {
        let t_in = b.add(Textbox::new().label("In"));
        let t_out = b.add(Textbox::new().label("Out"));
        b.button("Echo")
            .click(echo, t_in, t_out)
            .api_name("echo")
            .parameter_names(["text"]);

        let a = b.add(Number::new().label("a"));
        let bb = b.add(Number::new().label("b"));
        let sum = b.add(Number::new().label("sum"));
        b.button("Add").click(add, (a, bb), sum).api_name("add");

        let st = b.add(Textbox::new().label("stream"));
        b.button("Stream")
            .click(stream, t_in, st)
            .api_name("stream")
            .parameter_names(["text"]);

        let sl = b.add(Textbox::new().label("slow"));
        b.button("Slow")
            .click(slow, t_in, sl)
            .api_name("slow")
            .parameter_names(["x"])
            .concurrency_limit(Some(2));

        let f = b.add(File::new().label("file"));
        let n = b.add(Number::new().label("size"));
        b.button("Size")
            .click(filesize, f, n)
            .api_name("filesize")
            .parameter_names(["f"]);

        let im_in = b.add(Image::new().decoded().label("image"));
        let im_out = b.add(Image::new().decoded().label("flipped"));
        b.button("Flip")
            .click(flip, im_in, im_out)
            .api_name("flip")
            .parameter_names(["img"]);
    })
    .title("echo")
}
