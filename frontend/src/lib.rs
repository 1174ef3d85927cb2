//! The built-in bundle's entry point: hydrates any page whose components are all built in.
//!
//! `./x bundle` compiles this crate to wasm, runs wasm-bindgen and wasm-opt, and writes the
//! result to `server/bundle/`, which the `ferrio` crate embeds. An app with custom components
//! builds its own entry instead (see `examples/custom-app`).

/// Called by the page's module script once the wasm is loaded.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    ferrio_app::hydrate::<ferrio_components::NoCustom>();
}
