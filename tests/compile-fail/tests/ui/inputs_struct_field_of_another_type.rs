use ferrio::prelude::*;

#[derive(Inputs)]
struct Settings {
    steps: f64,
}

fn run(s: Settings) -> String {
    s.steps.to_string()
}

fn main() {
    Blocks::new(|b| {
        // A Textbox gives a String, where the field takes an f64.
        let steps = b.add(Textbox::new().label("Steps"));
        let out = b.add(Textbox::new());
        b.button("Go").click(run, SettingsInputs { steps }, out);
    });
}
