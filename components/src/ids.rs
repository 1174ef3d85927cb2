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
/// travel on that session's SSE stream.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SessionHash(pub String);

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
    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl EventId {
    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}
