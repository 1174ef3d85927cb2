//! `/echo`: sends a text, prints the text it gets back. The code is the API page's Rust
//! snippet for the reference demo, kept as the page shows it in `snippets/`.

include!("../../snippets/call_echo.rs");
