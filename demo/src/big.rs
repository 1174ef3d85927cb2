//! A big app, as Gradio's users build them and complain they load slowly: 300 components of mixed
//! kinds in ten tabs, 150 of them inputs each wired to its own output. `./x bench-page` measures
//! how it loads (`ferrio-demo big`).

use ferrio::prelude::*;

/// Tabs in the app.
pub const TABS: usize = 10;
/// Input → output pairs per tab: each pair is two components and one listener.
pub const PAIRS_PER_TAB: usize = 15;

/// A text input, shouted back.
pub fn shout(text: String) -> String {
    text.to_uppercase()
}

/// A number, doubled.
pub fn double(x: f64) -> f64 {
    2.0 * x
}

/// A checkbox, in words.
pub fn yes_no(on: bool) -> String {
    if on { "yes" } else { "no" }.to_owned()
}

/// A dropdown's pick, in words.
pub fn picked(choice: Option<String>) -> String {
    choice.map_or_else(|| "nothing".to_owned(), |c| format!("picked {c}"))
}

/// One input and its output, the kind chosen by `n`, wired by a `change` listener.
fn pair(b: &BlocksBuilder, n: usize) {
    let label = |what: &str| format!("{what} {n}");
    match n % 5 {
        0 => {
            let input = b.add(Textbox::new().label(label("Text")));
            let output = b.add(Textbox::new().label(label("Shouted")));
            input.change(shout, input, output);
        }
        1 => {
            let input = b.add(Number::new().label(label("Number")));
            let output = b.add(Number::new().label(label("Doubled")));
            input.change(double, input, output);
        }
        2 => {
            let input = b.add(Slider::new(0.0, 100.0).label(label("Slider")));
            let output = b.add(Number::new().label(label("Slider doubled")));
            input.change(double, input, output);
        }
        3 => {
            let input = b.add(Checkbox::new().label(label("Check")));
            let output = b.add(Textbox::new().label(label("Checked")));
            input.change(yes_no, input, output);
        }
        _ => {
            let input = b.add(Dropdown::new(["red", "green", "blue"]).label(label("Colour")));
            let output = b.add(Markdown::new(format!("Nothing picked in {n} yet")));
            input.change(picked, input, output);
        }
    }
}

/// The app: [`TABS`] tabs of [`PAIRS_PER_TAB`] rows, each row one input and its output.
pub fn app() -> Blocks {
    Blocks::new(|b| {
        b.tabs(|t| {
            for tab in 0..TABS {
                t.tab(format!("Tab {}", tab + 1), |b| {
                    for row in 0..PAIRS_PER_TAB {
                        b.row(|b| pair(b, tab * PAIRS_PER_TAB + row));
                    }
                });
            }
        });
    })
    .title("Big app")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn has_300_components_and_150_listeners() {
        let config = serde_json::to_value(app().config("")).unwrap();
        let components = config["components"].as_array().unwrap();
        let kinds = [
            "textbox", "number", "slider", "checkbox", "dropdown", "markdown",
        ];
        let of_kind = components
            .iter()
            .filter(|c| kinds.contains(&c["type"].as_str().unwrap()))
            .count();
        assert_eq!(of_kind, 2 * TABS * PAIRS_PER_TAB);
        assert_eq!(config["dependencies"].as_array().unwrap().len(), 150);
    }

    #[test]
    fn each_function_answers() {
        assert_eq!(shout("hi".into()), "HI");
        assert_eq!(double(2.5), 5.0);
        assert_eq!(yes_no(true), "yes");
        assert_eq!(picked(None), "nothing");
        assert_eq!(picked(Some("red".into())), "picked red");
    }
}
