//! `ferrio-demo [demo]`: serves one of the demo apps (`reference` by default).

use anyhow::{bail, Context};
use ferrio::demos::Demo;
use ferrio_demo::DemoBlocks;
use tracing_subscriber::EnvFilter;

/// The demo in this crate (the others are Ferrio's own, in `ferrio::demos`).
const CUSTOM_COMPONENT: &str = "custom-component";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .init();
    let name = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "reference".to_owned());
    let app = if name == CUSTOM_COMPONENT {
        ferrio_demo::custom_component::app()
    } else if let Some(demo) = Demo::from_name(&name) {
        demo.build()
    } else {
        let mut known: Vec<_> = Demo::ALL.iter().map(|d| d.name()).collect();
        known.push(CUSTOM_COMPONENT);
        bail!("unknown demo {name:?}; the demos are: {}", known.join(", "));
    };
    app.launch_with::<DemoBlocks>()
        .await
        .context("serving the app")
}
