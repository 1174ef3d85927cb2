use ferrio::prelude::*;

fn double(x: f64) -> f64 {
    x * 2.0
}

fn main() {
    Blocks::new(|b| {
        let text = b.add(Textbox::new());
        let out = b.add(Number::new());
        // A Textbox gives a String, not an f64.
        b.button("Go").click(double, text, out);
    });
}
