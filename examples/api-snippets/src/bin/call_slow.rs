//! `/slow`: sends a text to the endpoint that reports progress, prints what it returns. The code is the API page's Rust
//! snippet for the reference demo, kept as the page shows it in `snippets/`.

include!("../../snippets/call_slow.rs");
