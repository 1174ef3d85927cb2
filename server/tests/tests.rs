//! The server's integration tests, as one binary: each file below was its own test binary, and
//! each linked Leptos, axum and the demos again (minutes of link time on two cores).

mod common;
mod counting;

mod bundle;
mod components;
mod config_shape;
mod files;
mod flagging;
mod gradio6;
mod inputs_struct;
mod protocol;
mod queue_scale;
mod sessions;
mod updates;
mod urls;
