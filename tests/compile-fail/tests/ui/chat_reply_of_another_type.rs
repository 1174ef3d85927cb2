use ferrio::prelude::*;

fn count(message: String, _history: Vec<ChatMessage>) -> usize {
    message.len()
}

fn main() {
    // A chat function answers with text, messages, a file or a component: not a number.
    let _ = ChatInterface::new(count).into_blocks();
}
