//! A first app: a greeting, laid out with Markdown, a Row and Columns, and a clear error when the
//! name is empty. Copy it as the start of your own.

use std::sync::atomic::{AtomicU64, Ordering};

use ferrio::prelude::*;

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

/// Counts the page's visits: run by `load` in each visitor's browser.
pub fn welcome() -> String {
    static VISITS: AtomicU64 = AtomicU64::new(0);
    let n = VISITS.fetch_add(1, Ordering::Relaxed) + 1;
    format!(
        "Welcome! This page has been opened {n} time{}.",
        if n == 1 { "" } else { "s" }
    )
}

/// The greeter: name and excitement in, a greeting and the greetings so far out, and a visit
/// count on load.
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
                let go = b.add(Button::new("Greet").primary());
                // One listener, two triggers: the button or Enter in the name box.
                b.on([go.clicked(), name.submitted()], greet, (name, excitement), greeting)
                    .success(remember, (history, greeting), history);
                let visits = b.add(Textbox::new().label("Visits").interactive(false));
                b.load(welcome, (), visits);
            });
        });
    })
    .title("Hello")
}

#[cfg(test)]
mod tests {
    use super::{greet, remember, welcome};

    #[test]
    fn greets_with_excitement_and_refuses_empty_names() {
        assert_eq!(greet(" Ada ".into(), 2.0).unwrap(), "Hello, Ada!!");
        assert_eq!(greet("Ada".into(), -3.0).unwrap(), "Hello, Ada");
        assert_eq!(greet("  ".into(), 1.0).unwrap_err(), "Please enter a name.");
    }

    #[test]
    fn welcome_counts_visits() {
        let first = welcome();
        let second = welcome();
        let n = |s: &str| -> u64 { s.split(' ').nth(6).unwrap().parse().unwrap() };
        assert_eq!(n(&second), n(&first) + 1, "{first} / {second}");
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
