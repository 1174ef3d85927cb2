use ferrio::prelude::*;

fn add(a: f64, b: f64) -> f64 {
    a + b
}

fn main() {
    Blocks::new(|b| {
        let a = b.add(Number::new());
        // Two arguments, one input.
        b.button("Go").click(add, a, a);
    });
}
