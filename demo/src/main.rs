//! `ferrio-demo [demo]`: serves one of the demo apps (`reference` by default).

use anyhow::Context;
use ferrio_demo::Demo;
use tracing_subscriber::EnvFilter;

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
    let Some(demo) = Demo::from_name(&name) else {
        let known: Vec<_> = Demo::ALL.iter().map(|d| d.name()).collect();
        anyhow::bail!("unknown demo {name:?}; the demos are: {}", known.join(", "));
    };
    demo.build().launch().await.context("serving the app")
}
