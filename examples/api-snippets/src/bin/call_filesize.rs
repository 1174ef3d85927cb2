//! `/filesize`: uploads `sample_file.pdf`, sends it, prints its size in bytes. The code is the API page's Rust
//! snippet for the reference demo, kept as the page shows it in `snippets/`.

include!("../../snippets/call_filesize.rs");
