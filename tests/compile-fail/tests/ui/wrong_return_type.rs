use ferrio::prelude::*;

fn length(s: String) -> usize {
    s.len()
}

fn main() {
    Blocks::new(|b| {
        let text = b.add(Textbox::new());
        let out = b.add(Number::new());
        // A Number takes an f64, not a usize.
        b.button("Go").click(length, text, out);
    });
}
