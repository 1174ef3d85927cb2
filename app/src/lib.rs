//! Ferrio's browser app: renders any Gradio-5 config with Leptos (server-side, then hydrated),
//! sends events through the queue, and applies the streamed results.

pub mod client;
pub mod components;
pub mod render;
pub mod state;

use std::sync::Arc;

use ferrio_components::{Config, CustomBlocks};
use leptos::prelude::*;

pub use render::{App, CustomViews};
pub use state::{AppState, CustomValue};

/// The HTML page: the config is embedded as `window.gradio_config` (as Gradio does), so the
/// browser hydrates exactly what the server rendered without another round trip.
pub fn shell<X: CustomViews>(options: LeptosOptions, config: Arc<Config<X>>) -> impl IntoView {
    let config_script = format!("window.gradio_config = {};", script_safe_json(&config));
    // Before the first paint, so a picked theme never flashes the other one.
    let theme_script = "try{var t=new URLSearchParams(location.search).get('__theme')||\
        localStorage.getItem('ferrio-theme');if(t==='dark'||t==='light')\
        document.documentElement.dataset.theme=t}catch(e){}";
    let title = config.title.clone();
    // The theme's variables and the app's CSS, versioned by their hash.
    let theme = format!("/theme.css?v={}", config.theme_hash);
    // The developer's own head HTML, as written (Gradio's `head`).
    let head = leptos::tachys::html::InertElement::new(config.head.clone());
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <title>{title}</title>
                <link rel="icon" type="image/svg+xml" href="/favicon.svg"/>
                <link rel="stylesheet" href="/pkg/ferrio.css"/>
                <link rel="stylesheet" href=theme/>
                <script inner_html=theme_script></script>
                <script inner_html=config_script></script>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                {head}
            </head>
            <body>
                <App<X> config/>
            </body>
        </html>
    }
}

/// JSON that can sit inside a `<script>` element: `<` is escaped so no label or value can close
/// the element (`</script>`) and inject markup.
pub fn script_safe_json<X: CustomBlocks>(config: &Config<X>) -> String {
    serde_json::to_string(config)
        .expect("a Config always serializes")
        .replace('<', "\\u003c")
}

/// The browser side of an app with registry `X`: reads the embedded config and hydrates the
/// server-rendered page. The app's wasm crate exports it as `hydrate` (cargo-leptos calls that).
#[cfg(feature = "hydrate")]
pub fn hydrate<X: CustomViews>() {
    console_error_panic_hook::set_once();
    let config = client::embedded_config::<X>();
    leptos::mount::hydrate_body(move || view! { <App<X> config/> });
}
