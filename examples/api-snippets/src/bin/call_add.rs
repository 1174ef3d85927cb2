//! `/add`: sends two numbers, prints their sum. The code is the API page's Rust
//! snippet for the reference demo, kept as the page shows it in `snippets/`.

include!("../../snippets/call_add.rs");
