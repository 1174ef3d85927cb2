//! `/flip`: uploads a picture, prints the mirrored picture the app returns (a file). The code is
//! the API page's Rust snippet for the reference demo, kept as the page shows it in `snippets/`.

include!("../../snippets/call_flip.rs");
