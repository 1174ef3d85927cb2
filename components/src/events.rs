//! The events a component can trigger, as Gradio names them on the wire (`targets: [[3, "click"]]`).

use serde::{Deserialize, Serialize};

/// An event, as the config and the queue name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventName {
    /// The person clicked it (a button, an HTML block, a dataset's row).
    Click,
    /// Its value changed, by the person or by a function's output.
    Change,
    /// The person edited its value.
    Input,
    /// The person pressed Enter in it (or, in a colour picker, picked a colour).
    Submit,
    /// It took the keyboard focus.
    Focus,
    /// It lost the keyboard focus.
    Blur,
    /// A slider's handle let go.
    Release,
    /// The person added files.
    Upload,
    /// The person removed the value (a File's ×).
    Clear,
    /// The page loaded (in the browser, once it is interactive); the app's root (id 0) fires it.
    Load,
    /// A Timer's interval passed.
    Tick,
    /// The page went away (its heartbeat stream closed): the server fires it, with no
    /// component (`[null, "unload"]`).
    Unload,
    /// The person picked part of the value (a choice, a cell, a message); carries event data.
    Select,
    /// The person gave a chatbot's reply a 👍 or 👎; carries event data.
    Like,
    /// The person pressed a text box's stop button (Gradio's `stop_btn`).
    Stop,
}

impl EventName {
    /// Its name on the wire (`"click"`).
    pub fn as_str(self) -> &'static str {
        match self {
            EventName::Click => "click",
            EventName::Change => "change",
            EventName::Input => "input",
            EventName::Submit => "submit",
            EventName::Focus => "focus",
            EventName::Blur => "blur",
            EventName::Release => "release",
            EventName::Upload => "upload",
            EventName::Clear => "clear",
            EventName::Load => "load",
            EventName::Tick => "tick",
            EventName::Select => "select",
            EventName::Unload => "unload",
            EventName::Like => "like",
            EventName::Stop => "stop",
        }
    }
}

// One marker trait per event: a component implements those of the events it has, in its own
// file, and the builder offers a listener method (`click`, `change`, ...) for each. Custom
// components implement them the same way (`impl Changeable for Rating {}`).

/// Has `click`.
pub trait Clickable: crate::Component {}

/// Has `change`: the value changed, by the person or by a function's output.
pub trait Changeable: crate::Component {}

/// Has `input`: the person edited the value.
pub trait Inputtable: crate::Component {}

/// Has `submit`: Enter pressed (or, in a colour picker, a colour picked).
pub trait Submittable: crate::Component {}

/// Has `focus`.
pub trait Focusable: crate::Component {}

/// Has `blur`.
pub trait Blurrable: crate::Component {}

/// Has `release`: a slider's handle let go.
pub trait Releasable: crate::Component {}

/// Has `upload`: the person added files.
pub trait Uploadable: crate::Component {}

/// Has `clear`: the person removed the value.
pub trait Clearable: crate::Component {}

/// Has `tick`: a Timer's interval passed.
pub trait Tickable: crate::Component {}

/// Has `stop`: the box's stop button pressed (shown with `stop_btn`).
pub trait Stoppable: crate::Component {}
