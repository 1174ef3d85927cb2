//! The registry: every kind of block Ferrio can put in a config, one variant each, with its
//! typed props. The app renders it with an exhaustive `match`, so a variant without a view is a
//! compile error, never a blank box in the browser.

use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer, Serialize};

use crate::custom::Tagged;

use crate::{Component, CustomBlocks, NoCustom};

/// Declares the registry once: the enum (serialized as Gradio's `{"type": "textbox", "props":
/// {...}}`; an unknown `type` fails to parse), `From` for each payload, and the questions the
/// config and API builders ask of any block.
macro_rules! registry {
    (
        components { $($cm:ident :: $c:ident = $cn:literal),* $(,)? }
        statics { $($sm:ident :: $s:ident = $sn:literal),* $(,)? }
        server_only { $($hm:ident :: $h:ident = $hn:literal),* $(,)? }
        layouts { $($lm:ident :: $l:ident = $ln:literal),* $(,)? }
    ) => {
        $(use crate::$cm::$c;)*
        $(use crate::$sm::$s;)*
        $(use crate::$hm::$h;)*
        $(use crate::$lm::$l;)*

        /// One block of the config, with its typed props: a component, a button, a State or a
        /// layout. `X` is the app's registry of custom components.
        #[derive(Debug, Clone, PartialEq, Serialize)]
        #[serde(tag = "type", content = "props")]
        pub enum Block<X = NoCustom> {
            $(#[doc = concat!("A [`", stringify!($c), "`] (`", $cn, "` in the config).")]
            #[serde(rename = $cn)] $c($c),)*
            $(#[doc = concat!("A [`", stringify!($s), "`] (`", $sn, "` in the config).")]
            #[serde(rename = $sn)] $s($s),)*
            $(#[doc = concat!("A [`", stringify!($h), "`] (`", $hn, "` in the config).")]
            #[serde(rename = $hn)] $h($h),)*
            $(#[doc = concat!("A [`", stringify!($l), "`] (`", $ln, "` in the config).")]
            #[serde(rename = $ln)] $l($l),)*
            /// A component from outside Ferrio's core, from the app's registry `X`.
            #[serde(untagged)]
            Custom(X),
        }

        /// By `type`: a built-in name parses its props (an error names the block), any other
        /// name goes to the app's registry `X`.
        impl<'de, X: DeserializeOwned> Deserialize<'de> for Block<X> {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let Tagged { kind, props } = Tagged::deserialize(d)?;
                let bad = |e: serde_json::Error| D::Error::custom(format!("bad props for `{kind}`: {e}"));
                match kind.as_str() {
                    $($cn => $c::deserialize(&props).map(Block::$c).map_err(bad),)*
                    $($sn => $s::deserialize(&props).map(Block::$s).map_err(bad),)*
                    $($hn => $h::deserialize(&props).map(Block::$h).map_err(bad),)*
                    $($ln => $l::deserialize(&props).map(Block::$l).map_err(bad),)*
                    _ => X::deserialize(&serde_json::json!({"type": kind, "props": props}))
                        .map(Block::Custom)
                        .map_err(D::Error::custom),
                }
            }
        }

        impl Block<NoCustom> {
            /// The same block in a registry with custom components.
            pub fn widen<X>(self) -> Block<X> {
                match self {
                    $(Block::$c(b) => Block::$c(b),)*
                    $(Block::$s(b) => Block::$s(b),)*
                    $(Block::$h(b) => Block::$h(b),)*
                    $(Block::$l(b) => Block::$l(b),)*
                    Block::Custom(never) => match never {},
                }
            }
        }

        $(impl From<$c> for Block { fn from(b: $c) -> Block { Block::$c(b) } })*
        $(impl From<$s> for Block { fn from(b: $s) -> Block { Block::$s(b) } })*
        $(impl From<$l> for Block { fn from(b: $l) -> Block { Block::$l(b) } })*

        impl<X: CustomBlocks> Block<X> {
            /// Gradio's type name, as it appears in the config's `type`.
            pub fn type_name(&self) -> &str {
                match self {
                    $(Block::$c(_) => $cn,)*
                    $(Block::$s(_) => $sn,)*
                    $(Block::$h(_) => $hn,)*
                    $(Block::$l(_) => $ln,)*
                    Block::Custom(x) => x.type_name(),
                }
            }

            /// Layout blocks hold children; the others are leaves of the layout tree.
            pub fn is_layout(&self) -> bool {
                matches!(self, $(Block::$l(_))|*)
            }

            /// Gradio groups neighbouring form components into a Form.
            pub fn is_form_component(&self) -> bool {
                match self {
                    $(Block::$c(_) => <$c as Component>::FORM,)*
                    Block::Custom(x) => x.is_form_component(),
                    _ => false,
                }
            }

            /// For blocks in the API: the JSON schema of their data (`api_info`) and an example
            /// of it; `None` for layouts, buttons, static text and skipped components.
            pub fn api_schema(&self) -> Option<(serde_json::Value, serde_json::Value)> {
                match self {
                    $(Block::$c(c) if !<$c as Component>::SKIP_API => {
                        Some((c.api_info(), c.example_payload()))
                    })*
                    Block::Custom(x) => x.api_schema(),
                    _ => None,
                }
            }

            /// Whether the block stays out of the API docs.
            pub fn skip_api(&self) -> bool {
                self.api_schema().is_none()
            }
        }
    };
}

/// The built-in blocks, listed once, each as `module::Type = "config type"`: calls `$m!` with
/// them, grouped. Made from this list: the registry enum, the crate-root re-exports and
/// [`crate::builtins`] (so `ferrio::prelude`), the page's value signals (`ferrio-app`'s
/// `state.rs`) and its `match` that draws each block (`render.rs`), where a block without a view
/// does not compile. A new component is its two files, each declared with `mod` in its crate
/// (rustfmt only formats files it reaches through plain `mod` items), plus its line here.
#[doc(hidden)]
#[macro_export]
macro_rules! builtin_blocks {
    ($m:ident) => {
        $m! {
            components {
                textbox::Textbox = "textbox",
                multimodal_textbox::MultimodalTextbox = "multimodaltextbox",
                number::Number = "number",
                slider::Slider = "slider",
                checkbox::Checkbox = "checkbox",
                checkbox_group::CheckboxGroup = "checkboxgroup",
                radio::Radio = "radio",
                dropdown::Dropdown = "dropdown",
                file::File = "file",
                image::Image = "image",
                media::Audio = "audio",
                media::Video = "video",
                gallery::Gallery = "gallery",
                color_picker::ColorPicker = "colorpicker",
                code::Code = "code",
                json::Json = "json",
                html::Html = "html",
                label::Label = "label",
                chatbot::Chatbot = "chatbot",
                dataframe::Dataframe = "dataframe",
                timer::Timer = "timer",
                dataset::Dataset = "dataset",
                download_button::DownloadButton = "downloadbutton",
                markdown::Markdown = "markdown",
            }
            statics {
                button::Button = "button",
            }
            // Values that live on the server, per session (`From` is theirs: they are generic).
            server_only {
                state::State = "state",
            }
            layouts {
                layout::Row = "row",
                layout::Column = "column",
                layout::Group = "group",
                layout::Form = "form",
                layout::Tabs = "tabs",
                layout::Tab = "tabitem",
                layout::Accordion = "accordion",
                layout::Sidebar = "sidebar",
            }
        }
    };
}

builtin_blocks!(registry);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_type_fails_loudly() {
        let err = serde_json::from_str::<Block>(r#"{"type":"sparkles","props":{}}"#).unwrap_err();
        assert!(
            err.to_string()
                .contains("unknown component type `sparkles`"),
            "{err}"
        );
    }

    #[test]
    fn form_and_api_membership() {
        assert!(Block::from(Radio::new(["a"])).is_form_component());
        assert!(!Block::from(Code::new()).is_form_component());
        assert!(Block::from(Tabs::new()).is_layout());
        assert!(Block::from(Button::new("x")).skip_api());
        assert!(!Block::from(Label::new()).skip_api());
        assert_eq!(Block::from(Tab::new("x")).type_name(), "tabitem");
    }

    #[test]
    fn every_variant_round_trips() {
        let blocks = [
            Block::from(Textbox::new().label("x")),
            Number::new().value(2.0).into(),
            Slider::new(0.0, 5.0).into(),
            Button::new("Go").into(),
            Markdown::new("# hi").into(),
            Row::new().into(),
            Column::new().into(),
            Group::new().into(),
            Form {
                scale: 0,
                min_width: 0,
            }
            .into(),
            Checkbox::new().value(true).into(),
            CheckboxGroup::new(["a", "b"]).value(["a"]).into(),
            Radio::new([("A", "a")]).value("a").into(),
            Dropdown::new(["a"]).value("a").into(),
            Dropdown::new(["a", "b"]).multiselect().value(["b"]).into(),
            ColorPicker::new().into(),
            Code::new().value("x").into(),
            Json::new().value(serde_json::json!({"k": [1]})).into(),
            Html::default()
                .dangerously_allow_script()
                .value("<b>x</b>")
                .into(),
            Label::new().value("cat").into(),
            Tabs::new().selected("t").into(),
            Tab::new("T").id("t").into(),
            Accordion::new("More").open(false).into(),
            Sidebar::new().label("Side").into(),
        ];
        for b in blocks {
            let json = serde_json::to_string(&b).unwrap();
            assert!(
                json.contains(&format!("\"type\":\"{}\"", b.type_name())),
                "{json}"
            );
            let back: Block = serde_json::from_str(&json).unwrap();
            assert_eq!(back, b);
        }
    }
}
