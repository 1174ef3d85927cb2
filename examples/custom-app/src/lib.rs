//! An app with a custom component: [`ferrio_rating::Rating`], defined outside Ferrio's core.
//! Its view must be in the browser's code, so the app builds its own wasm (this lib, with
//! `hydrate`) beside its server (the bin, with `ssr`): cargo-leptos builds both. The crate
//! declares a registry of its custom components and their views; everything else is as in an
//! app with only built-in components.

use ferrio_app::CustomViews;
use ferrio_components::ComponentId;
use ferrio_rating::view::RatingView;
use ferrio_rating::Rating;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
pub mod app;

ferrio_components::custom_blocks! {
    /// The custom components the app uses.
    pub enum AppBlocks { Rating }
}

/// One arm per registry entry: a component without a view is a non-exhaustive match, and a
/// view for other props is a type error.
impl CustomViews for AppBlocks {
    fn view(&self, id: ComponentId) -> AnyView {
        match self {
            AppBlocks::Rating(props) => view! { <RatingView id props=props.clone()/> }.into_any(),
        }
    }
}

/// The browser entry point cargo-leptos's page calls: hydrates the app's page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    ferrio_app::hydrate::<AppBlocks>();
}
