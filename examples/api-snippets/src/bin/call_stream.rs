//! `/stream`: sends a text, prints the generator's last result once the stream ends. The code is the API page's Rust
//! snippet for the reference demo, kept as the page shows it in `snippets/`.

include!("../../snippets/call_stream.rs");
