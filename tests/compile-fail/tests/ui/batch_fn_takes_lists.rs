use ferrio::prelude::*;

fn shout(text: String) -> String {
    text.to_uppercase()
}

fn main() {
    Blocks::new(|b| {
        let text = b.add(Textbox::new());
        let go = b.button("Shout");
        // A batch function takes a list per input and returns a list per output.
        b.on_batch([go.clicked()], shout, text, text);
    });
}
