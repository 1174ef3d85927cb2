//! The demo crate's apps that unit tests here check the API docs against. `ferrio-demo` depends
//! on this crate, so its files are compiled in (`extern crate self as ferrio` in `lib.rs` makes
//! their `ferrio::` paths resolve) instead of depending on it.

// The demos' items are `pub` for the demo crate's users; here nothing outside reaches them.
#![allow(unreachable_pub)]

#[path = "../../demo/src/chat.rs"]
pub(crate) mod chat;
#[path = "../../demo/src/kitchen_sink.rs"]
pub(crate) mod kitchen_sink;
#[path = "../../demo/src/reference.rs"]
pub(crate) mod reference;
