//! The page's browser side: Ferrio's built-in bundle, embedded in this crate and served from
//! memory, or a site directory cargo-leptos built for an app with custom components.

mod bundle;

use std::path::Path;

use axum::http::header;
use axum::response::{IntoResponse, Response};
use ferrio_app::{PageAssets, Scripts};
use leptos::config::LeptosOptions;

pub(crate) use bundle::{serve as serve_bundle, BUNDLE};

/// Where the page's wasm, JS glue and app CSS come from.
#[derive(Debug, Clone, Default)]
pub enum Frontend {
    /// The bundle built into this crate: every built-in component, nothing to install or copy.
    #[default]
    Embedded,
    /// The files cargo-leptos wrote to `site_root` (an app with custom components builds its own
    /// wasm); the built-in components' CSS still comes from this crate.
    Site(LeptosOptions),
}

impl Frontend {
    /// A site when cargo-leptos runs the server (it sets `LEPTOS_OUTPUT_NAME`) or
    /// `LEPTOS_SITE_ROOT` names one; else the embedded bundle.
    pub fn from_env() -> Frontend {
        let set = |name| std::env::var_os(name).is_some_and(|v| !v.is_empty());
        if set("LEPTOS_OUTPUT_NAME") || set("LEPTOS_SITE_ROOT") {
            Frontend::Site(site_options())
        } else {
            Frontend::Embedded
        }
    }

    /// The stylesheets and scripts a page links, which shows views of these chunks at once
    /// (`ferrio_app::render::view_chunks`).
    pub(crate) fn page_assets<'a>(
        &self,
        view_chunks: impl IntoIterator<Item = &'a str>,
    ) -> PageAssets {
        let mut stylesheets = vec![BUNDLE.css_url()];
        let scripts = match self {
            Frontend::Embedded => Scripts::Bundle {
                js: BUNDLE.js_url(),
                wasm: BUNDLE.wasm_url(),
                loader: BUNDLE.loader_url(),
                chunks: BUNDLE.chunk_urls(view_chunks),
            },
            Frontend::Site(options) => {
                // cargo-leptos writes the app's own `style-file` here, when it has one.
                let own = format!("{}/{}.css", options.site_pkg_dir, options.output_name);
                if Path::new(options.site_root.as_ref()).join(&own).is_file() {
                    stylesheets.push(format!("/{own}"));
                }
                Scripts::Site(options.clone())
            }
        };
        PageAssets {
            stylesheets,
            scripts,
        }
    }

    /// The site directory whose files are served for paths no route takes.
    pub(crate) fn site_root(&self) -> Option<&str> {
        match self {
            Frontend::Embedded => None,
            Frontend::Site(options) => Some(options.site_root.as_ref()),
        }
    }
}

/// Leptos's options for a site: from cargo-leptos's environment (at run time, else as it was
/// when cargo-leptos built the server), else `LEPTOS_SITE_ROOT` or `target/site`.
pub fn site_options() -> LeptosOptions {
    match leptos::config::get_configuration(None) {
        Ok(conf) => conf.leptos_options,
        Err(_) => LeptosOptions::builder()
            .output_name("ferrio")
            .site_root(
                std::env::var("LEPTOS_SITE_ROOT")
                    .ok()
                    .filter(|v| !v.is_empty())
                    .unwrap_or_else(|| "target/site".to_owned()),
            )
            .build(),
    }
}

/// The tab's icon, built into the crate like the bundle.
pub(crate) async fn favicon() -> Response {
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        include_bytes!("../../assets/favicon.svg").as_slice(),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_bundle_links_its_hashed_files() {
        let assets = Frontend::Embedded.page_assets([]);
        assert_eq!(assets.stylesheets, [BUNDLE.css_url()]);
        match assets.scripts {
            Scripts::Bundle {
                js,
                wasm,
                loader,
                chunks,
            } => {
                assert_eq!((js, wasm), (BUNDLE.js_url(), BUNDLE.wasm_url()));
                assert_eq!(loader, BUNDLE.loader_url());
                assert_eq!(chunks, Vec::<String>::new());
            }
            Scripts::Site(_) => panic!("the embedded bundle has its own scripts"),
        }
        match Frontend::Embedded.page_assets(["chat", "files"]).scripts {
            Scripts::Bundle { chunks, .. } => {
                assert_eq!(chunks, BUNDLE.chunk_urls(["files", "chat"]));
                assert!(chunks.len() > BUNDLE.chunk_urls(["chat"]).len());
            }
            Scripts::Site(_) => panic!("the embedded bundle has its own scripts"),
        }
        assert_eq!(Frontend::Embedded.site_root(), None);
    }

    #[test]
    fn a_site_keeps_the_built_in_css_and_adds_its_own_when_it_has_one() {
        let dir = tempfile::tempdir().unwrap();
        let options = LeptosOptions::builder()
            .output_name("my-app")
            .site_root(dir.path().to_str().unwrap())
            .build();
        let site = Frontend::Site(options);
        assert_eq!(site.page_assets([]).stylesheets, [BUNDLE.css_url()]);
        std::fs::create_dir_all(dir.path().join("pkg")).unwrap();
        std::fs::write(dir.path().join("pkg/my-app.css"), "").unwrap();
        let assets = site.page_assets([]);
        assert_eq!(
            assets.stylesheets,
            [BUNDLE.css_url(), "/pkg/my-app.css".to_owned()]
        );
        assert!(matches!(assets.scripts, Scripts::Site(_)));
        assert_eq!(site.site_root(), dir.path().to_str());
    }
}
