use ferrio::prelude::*;

fn main() {
    Blocks::new(|b| {
        let text = b.add(Textbox::new());
        // A Textbox has no click event.
        text.click(|s: String| s, text, text);
    });
}
