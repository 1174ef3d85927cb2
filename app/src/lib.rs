//! Ferrio's browser app: renders any Gradio-5 config with Leptos (server-side, then hydrated),
//! sends events through the queue, and applies the streamed results.

pub mod client;
pub mod components;
pub mod render;
pub mod run_history;
pub mod state;

use std::sync::Arc;

use ferrio_components::{Config, CustomBlocks};
use leptos::config::LeptosOptions;
use leptos::prelude::*;

pub use render::{App, CustomViews};
pub use state::{CustomValue, PageState};

/// Where the page's stylesheets and browser code come from.
#[derive(Debug, Clone)]
pub struct PageAssets {
    /// Linked in order: the built-in components' styles first, then an app's own.
    pub stylesheets: Vec<String>,
    /// The code that hydrates the page.
    pub scripts: Scripts,
}

/// The code that hydrates the page.
#[derive(Debug, Clone)]
pub enum Scripts {
    /// Ferrio's built-in bundle, at content-hashed URLs (`ferrio` embeds it).
    Bundle {
        /// The URL of the bundle's JS glue, which loads the wasm and hydrates.
        js: String,
        /// The URL of the bundle's core wasm.
        wasm: String,
        /// The URL of the module that loads the view chunks, which the glue imports.
        loader: String,
        /// The URLs of the wasm files of the view chunks the page draws at once
        /// ([`render::view_chunks`]): fetched with the page, not once the core asks for them.
        chunks: Vec<String>,
    },
    /// A site cargo-leptos built (an app with custom components): Leptos's own scripts, and its
    /// live reload under `cargo leptos watch`.
    Site(LeptosOptions),
}

/// The HTML page: the config is embedded as `window.gradio_config` (as Gradio does), so the
/// browser hydrates exactly what the server rendered without another round trip.
pub fn shell<X: CustomViews>(assets: PageAssets, config: Arc<Config<X>>) -> impl IntoView {
    let config_script = format!("window.gradio_config = {};", script_safe_json(&config));
    // Before the first paint, so a picked theme never flashes the other one.
    let theme_script = "try{var t=new URLSearchParams(location.search).get('__theme')||\
        localStorage.getItem('ferrio-theme');if(t==='dark'||t==='light')\
        document.documentElement.dataset.theme=t}catch(e){}";
    let title = config.title.clone();
    // The theme's variables and the app's CSS, versioned by their hash.
    let theme = format!("/theme.css?v={}", config.theme_hash);
    // The developer's own head HTML, as written (Gradio's `head`).
    let head = leptos::tachys::html::InertElement::new(config.head.clone().unwrap_or_default());
    let stylesheets = assets
        .stylesheets
        .into_iter()
        .map(|href| view! { <link rel="stylesheet" href=href/> })
        .collect_view();
    let scripts = match assets.scripts {
        Scripts::Bundle {
            js,
            wasm,
            loader,
            chunks,
        } => bundle_scripts(js, wasm, loader, chunks).into_any(),
        Scripts::Site(options) => view! {
            <AutoReload options=options.clone()/>
            <HydrationScripts options/>
        }
        .into_any(),
    };
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <title>{title}</title>
                <link rel="icon" type="image/svg+xml" href="/favicon.svg"/>
                {stylesheets}
                <link rel="stylesheet" href=theme/>
                <script inner_html=theme_script></script>
                <script inner_html=config_script></script>
                {scripts}
                {head}
            </head>
            <body>
                <App<X> config/>
            </body>
        </html>
    }
}

/// What Leptos's `HydrationScripts` writes, for the built-in bundle's own file names: the files
/// start downloading with the page (the chunks' loader and the views' chunks too), then the module
/// instantiates the wasm and hydrates.
fn bundle_scripts(js: String, wasm: String, loader: String, chunks: Vec<String>) -> impl IntoView {
    // Both URLs are Ferrio's own (`/pkg/<version>/ferrio.js`): no quote can end the string.
    let start = format!(
        "import('{js}').then(m=>m.default({{module_or_path:'{wasm}'}}).then(()=>m.hydrate()))"
    );
    let chunks = chunks
        .into_iter()
        .map(|href| view! { <link rel="preload" href=href r#as="fetch" r#type="application/wasm" crossorigin=""/> })
        .collect_view();
    view! {
        <link rel="modulepreload" href=js/>
        <link rel="modulepreload" href=loader/>
        <link rel="preload" href=wasm r#as="fetch" r#type="application/wasm" crossorigin=""/>
        {chunks}
        <script type="module" inner_html=start></script>
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
    let preloads = render::preloads(&*config);
    if preloads.is_empty() {
        return leptos::mount::hydrate_body(move || view! { <App<X> config/> });
    }
    // The views' chunks (feature `split`) load side by side, then the page hydrates at once.
    wasm_bindgen_futures::spawn_local(async move {
        futures::future::join_all(preloads).await;
        leptos::mount::hydrate_body(move || view! { <App<X> config/> });
    });
}
