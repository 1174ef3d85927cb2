//! The runtime: what runs an event once its inputs are checked. The [`queue`] runs calls
//! ([`call`]) behind each function's concurrency limit, [`sessions`] keeps sessions' `State`
//! between events, and [`progress`] carries a running function's reports to its page.

pub(crate) mod call;
pub(crate) mod progress;
pub mod queue;
pub mod sessions;
