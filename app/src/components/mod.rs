//! One view per component, mirroring `ferrio_components`' one file per component. Each view
//! file says which component it draws (`builtin_view!`); `render.rs` draws every built-in block
//! through that, by a match made from the registry's one list.

use ferrio_components::ComponentId;
use leptos::prelude::AnyView;

/// How the page draws a built-in component (implemented with the crate's `builtin_view!` macro).
pub trait BuiltinView {
    /// The component's view, drawn from these props; `id` is its id in the config.
    fn view(self, id: ComponentId) -> AnyView;
}

/// `builtin_view!(Textbox => TextboxView)`: the one line in a view file that ties its view to its
/// component.
macro_rules! builtin_view {
    ($($c:ty => $view:ident),+ $(,)?) => {$(
        impl $crate::components::BuiltinView for $c {
            fn view(self, id: ferrio_components::ComponentId) -> leptos::prelude::AnyView {
                use leptos::prelude::*;
                view! { <$view id props=self/> }.into_any()
            }
        }
    )+};
}
pub(crate) use builtin_view;

pub mod button;
pub mod capture;
pub mod chatbot;
pub mod checkbox;
pub mod checkbox_group;
pub mod code;
pub mod color_picker;
pub mod copy;
pub mod dataframe;
pub mod dataset;
pub mod download_button;
pub mod dropdown;
pub mod field;
pub mod file;
pub mod gallery;
pub mod html;
pub mod icons;
pub mod image;
pub mod json;
pub mod label;
pub mod layout;
pub mod markdown;
pub mod media;
pub mod multimodal_textbox;
pub mod number;
pub mod radio;
pub mod slider;
pub mod status;
pub mod textbox;
pub mod timer;
pub mod upload;
