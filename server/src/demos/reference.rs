//! The reference demo: the same endpoints, names and components as the Gradio reference app
//! (`shared/protocol/reference_app.py`), so the two can be compared side by side.

use crate::prelude::*;

/// `echo`: returns its input.
pub fn echo(text: String) -> String {
    text
}

/// `add`: the sum of two numbers.
pub fn add(a: f64, b: f64) -> f64 {
    a + b
}

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
    })
    .title("echo")
}
