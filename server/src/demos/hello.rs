//! A first app: a greeting, laid out with Markdown, a Row and Columns, and a clear error when the
//! name is empty. Copy it as the start of your own.

use crate::prelude::*;

/// Returning `Err` shows the message next to the outputs (Gradio's `raise gr.Error(...)`).
pub fn greet(name: String, excitement: f64) -> Result<String, String> {
    let name = name.trim();
    if name.is_empty() {
        return Err("Please enter a name.".to_owned());
    }
    if excitement > 5.0 {
        // A toast: the greeting still goes out.
        warning("That is a lot of excitement!");
    }
    let marks = "!".repeat(excitement.clamp(0.0, 10.0) as usize);
    Ok(format!("Hello, {name}{marks}"))
}

/// Adds the latest greeting to the list: chained after `greet`, it runs only when that succeeds.
pub fn remember(history: String, greeting: String) -> String {
    if history.is_empty() {
        greeting
    } else {
        format!("{history}\n{greeting}")
    }
}

pub fn app() -> Blocks {
    Blocks::new(|b| {
        b.add(Markdown::new(
            "# Hello, Ferrio\nType a name and press **Greet** (or Enter). An empty name shows an error.",
        ));
        b.row(|b| {
            b.column(|b| {
                let name = b.add(Textbox::new().label("Name").placeholder("Ada"));
                let excitement = b.add(Slider::new(0.0, 10.0).label("Excitement").value(1.0));
                let greeting = b.add(Textbox::new().label("Greeting"));
                let history = b.add(Textbox::new().label("Greeted so far").lines(4));
                b.add(Button::new("Greet").primary())
                    .click(greet, (name, excitement), greeting)
                    .success(remember, (history, greeting), history);
                name.submit(greet, (name, excitement), greeting)
                    .private()
                    .success(remember, (history, greeting), history)
                    .private();
            });
        });
    })
    .title("Hello")
}

#[cfg(test)]
mod tests {
    use super::{greet, remember};

    #[test]
    fn greets_with_excitement_and_refuses_empty_names() {
        assert_eq!(greet(" Ada ".into(), 2.0).unwrap(), "Hello, Ada!!");
        assert_eq!(greet("Ada".into(), -3.0).unwrap(), "Hello, Ada");
        assert_eq!(greet("  ".into(), 1.0).unwrap_err(), "Please enter a name.");
    }

    #[test]
    fn remembers_greetings_one_per_line() {
        assert_eq!(remember(String::new(), "Hello, Ada!".into()), "Hello, Ada!");
        assert_eq!(
            remember("Hello, Ada!".into(), "Hello, Bob!".into()),
            "Hello, Ada!\nHello, Bob!"
        );
    }
}
