//! Newtypes for the ids that cross the wire, so one can't be passed where another is meant.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A block's id in the config (`components[].id`, layout ids, dependency inputs/outputs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ComponentId(pub u32);

/// A dependency's index (`dependencies[].id`, the `fn_index` of a queue join).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FnIndex(pub u32);

/// The id a client chooses for its browser tab or client instance; all its events' messages
/// travel on that session's SSE stream. One from the wire is checked ([`SessionHash::parse`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String")]
pub struct SessionHash(pub String);

/// Why a client's session hash was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SessionHashError {
    /// The hash is the empty string.
    #[error("session_hash is empty")]
    Empty,
    /// The hash is longer than [`SessionHash::MAX_LEN`] bytes.
    #[error("session_hash is {0} bytes long; at most 256 are allowed")]
    TooLong(usize),
    /// The hash holds a control character (a newline, a NUL...).
    #[error("session_hash holds a control character")]
    Control,
}

/// The server-chosen id of one queued event (32 lowercase hex digits, as Gradio's uuid4 hex).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EventId(pub String);

macro_rules! display_inner {
    ($($t:ty),*) => {$(
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }
    )*};
}
display_inner!(ComponentId, FnIndex, SessionHash, EventId);

impl SessionHash {
    /// The longest hash a client may choose, in bytes (Gradio's clients send 11 to 32).
    pub const MAX_LEN: usize = 256;

    /// A hash a client sent: 1 to [`Self::MAX_LEN`] bytes, no control characters.
    pub fn parse(hash: String) -> Result<Self, SessionHashError> {
        if hash.is_empty() {
            Err(SessionHashError::Empty)
        } else if hash.len() > Self::MAX_LEN {
            Err(SessionHashError::TooLong(hash.len()))
        } else if hash.chars().any(char::is_control) {
            Err(SessionHashError::Control)
        } else {
            Ok(SessionHash(hash))
        }
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for SessionHash {
    type Error = SessionHashError;

    fn try_from(hash: String) -> Result<Self, Self::Error> {
        Self::parse(hash)
    }
}

impl EventId {
    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_hash_from_the_wire_is_checked() {
        let parse = |s: &str| serde_json::from_value::<SessionHash>(serde_json::json!(s));
        assert_eq!(parse("abc123").unwrap(), SessionHash("abc123".into()));
        assert!(parse(&"x".repeat(256)).is_ok());
        for (bad, error) in [
            ("".to_owned(), SessionHashError::Empty),
            ("x".repeat(257), SessionHashError::TooLong(257)),
            ("a\tb".to_owned(), SessionHashError::Control),
            ("\u{7f}".to_owned(), SessionHashError::Control),
        ] {
            assert_eq!(SessionHash::parse(bad.clone()), Err(error.clone()));
            let message = parse(&bad).unwrap_err().to_string();
            assert_eq!(message, error.to_string());
        }
        // It goes out as the plain string it came in as.
        let json = serde_json::to_string(&SessionHash("abc".into())).unwrap();
        assert_eq!(json, "\"abc\"");
    }
}
