//! The Rust calls the API page (`/?view=api`) shows for Ferrio's reference demo, served at
//! [`ROOT`]: one program per endpoint in `src/bin/`, each including the page's snippet, kept
//! character for character in `snippets/` (a test in the server crate compares them).
//! `tests/run.rs` serves the demo there and runs every one.

/// Where the snippets expect the reference demo.
pub const ROOT: &str = "http://127.0.0.1:3190";
