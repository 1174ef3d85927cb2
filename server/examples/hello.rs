//! The README's first app (`cargo run --example hello`): a text box, a button, a greeting.

use ferrio::prelude::*;

fn greet(name: String) -> String {
    format!("Hello, {name}!")
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    Interface::new(
        greet,
        Textbox::new().label("Name"),
        Textbox::new().label("Greeting"),
    )
    .title("Greeter")
    .examples(["Ada".to_owned(), "Grace".to_owned()]) // a click fills the input
    .cache_examples(true) // ... and shows the greeting, computed once
    .launch() // http://127.0.0.1:3000, and the API at /gradio_api/...
    .await?;
    Ok(())
}
