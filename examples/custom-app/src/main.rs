//! The app's server: `cargo leptos watch` (or `cargo leptos build --release`, then the binary
//! with `LEPTOS_SITE_ROOT` pointing at the site it built).

use ferrio_custom_app::AppBlocks;

#[tokio::main]
async fn main() -> Result<(), ferrio::prelude::LaunchError> {
    ferrio_custom_app::app::app()
        .launch_with::<AppBlocks>()
        .await
}
