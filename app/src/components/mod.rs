//! One view per component, mirroring `ferrio_components`' one file per component. Each view
//! file says which component it draws (`builtin_view!`); `render.rs` draws every built-in block
//! through that, by a match made from the registry's one list.

use ferrio_components::ComponentId;
use leptos::prelude::AnyView;

/// How the page draws a built-in component (implemented with the crate's `builtin_view!` macro).
pub trait BuiltinView {
    /// The wasm chunk the view's code is in (`builtin_view!`'s `in`), `None` for the core.
    const CHUNK: Option<&'static str>;

    /// The component's view, drawn from these props; `id` is its id in the config.
    fn view(self, id: ComponentId) -> AnyView;

    /// Fetches the view's chunk, where the bundle is split (feature `split`; `None` where the
    /// code is in the core): the page awaits this for every kind its config names before it
    /// hydrates.
    fn preload() -> Option<Preload>;
}

/// A view's code on its way (see [`BuiltinView::preload`]).
pub type Preload = std::pin::Pin<Box<dyn std::future::Future<Output = ()>>>;

/// The one line in a view file that ties its view to its component:
/// - `builtin_view!(Textbox => TextboxView)`: the view is in the core, which every page loads;
/// - `builtin_view!(Chatbot => ChatbotView in chat)`: it is in chunk `chat`, which a page loads
///   when its config names a component of that chunk.
///
/// Chunks exist with feature `split` (the built-in bundle): each is a wasm file, and the code two
/// chunks share goes into further files both load. Each chunk costs a share of its code twice
/// over (its own file, and the one it shares), so the few light views most apps use stay in the
/// core, and the heavy ones are grouped by what they share.
macro_rules! builtin_view {
    ($($c:ty => $view:ident $(in $chunk:ident)?),+ $(,)?) => {$(
        $crate::components::builtin_view!(@impl $c => $view $(in $chunk)?);
    )+};
    (@impl $c:ty => $view:ident) => {
        impl $crate::components::BuiltinView for $c {
            const CHUNK: Option<&'static str> = None;

            fn view(self, id: ferrio_components::ComponentId) -> leptos::prelude::AnyView {
                use leptos::prelude::*;
                view! { <$view id props=self/> }.into_any()
            }

            fn preload() -> Option<$crate::components::Preload> {
                None
            }
        }
    };
    (@impl $c:ty => $view:ident in $chunk:ident) => {
        impl $crate::components::BuiltinView for $c {
            const CHUNK: Option<&'static str> = Some(stringify!($chunk));

            #[cfg(not(feature = "split"))]
            fn view(self, id: ferrio_components::ComponentId) -> leptos::prelude::AnyView {
                use leptos::prelude::*;
                view! { <$view id props=self/> }.into_any()
            }

            #[cfg(not(feature = "split"))]
            fn preload() -> Option<$crate::components::Preload> {
                None
            }

            #[cfg(feature = "split")]
            fn view(self, id: ferrio_components::ComponentId) -> leptos::prelude::AnyView {
                $crate::components::split::draw($view::$view(self, id))
            }

            #[cfg(feature = "split")]
            fn preload() -> Option<$crate::components::Preload> {
                Some(Box::pin($view::preload()))
            }
        }

        // Named after the view: one module per view in the file. The split function has the
        // view's name too: the split's symbol is made from the function's name.
        #[cfg(feature = "split")]
        #[allow(non_snake_case)]
        mod $view {
            use super::*;
            use super::$view as View;

            #[leptos::wasm_split::wasm_split(
                $chunk,
                wasm_split_path = ::leptos::wasm_split,
                preload(preload)
            )]
            pub(super) fn $view(
                props: $c,
                id: ferrio_components::ComponentId,
            ) -> leptos::prelude::AnyView {
                use leptos::prelude::*;
                view! { <View id props=props/> }.into_any()
            }
        }
    };
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
#[cfg(feature = "split")]
mod split;
pub mod status;
pub mod textbox;
pub mod timer;
pub mod upload;
