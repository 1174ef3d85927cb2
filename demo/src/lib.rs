//! Ferrio's demo apps as one app crate. Most demos use only built-in components; the
//! `custom-component` demo adds [`ferrio_rating::Rating`], a component from outside the core, so
//! this crate declares a registry of custom components and their views — exactly what any app
//! with custom components does.

use ferrio_app::CustomViews;
use ferrio_components::ComponentId;
use ferrio_rating::view::RatingView;
use ferrio_rating::Rating;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
pub mod custom_component;

ferrio_components::custom_blocks! {
    /// The custom components the demos use.
    pub enum DemoBlocks { Rating }
}

/// One arm per registry entry: a component without a view is a non-exhaustive match, and a
/// view for other props is a type error.
impl CustomViews for DemoBlocks {
    fn view(&self, id: ComponentId) -> AnyView {
        match self {
            DemoBlocks::Rating(props) => view! { <RatingView id props=props.clone()/> }.into_any(),
        }
    }
}

/// The browser entry point cargo-leptos calls: hydrates any demo's page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    ferrio_app::hydrate::<DemoBlocks>();
}
