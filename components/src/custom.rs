//! Components defined outside Ferrio: the same contract as the built-in ones, and a registry of
//! their own that the config carries in `Block::Custom`.
//!
//! A crate defines its component (props, data model, `Component`, [`CustomComponent`]) and an
//! enum of its custom components with [`custom_blocks!`](crate::custom_blocks). The app is then
//! rendered with that enum as its type parameter, and its views are matched exhaustively, so a
//! component without a view (or a view for other props) does not compile.

use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use crate::Component;

/// A component from outside Ferrio's core; its props go into the config as
/// `{"type": TYPE_NAME, "props": ...}`.
pub trait CustomComponent: Component + Serialize + DeserializeOwned {
    /// The config's `type` (lowercase, like Gradio's: `"rating"`).
    const TYPE_NAME: &'static str;
}

/// What the config and API builders need to know of a custom block; [`custom_blocks!`]
/// implements it for an app's enum of custom components.
///
/// [`custom_blocks!`]: crate::custom_blocks
pub trait CustomBlocks:
    std::fmt::Debug + Clone + PartialEq + Serialize + DeserializeOwned + Send + Sync + 'static
{
    /// The config's `type` of the block (`"rating"`).
    fn type_name(&self) -> &str;
    /// Whether it is a form component (neighbouring ones share a Form panel).
    fn is_form_component(&self) -> bool;
    /// `api_info` and an example payload, unless the component stays out of the API.
    fn api_schema(&self) -> Option<(Value, Value)>;
    /// The value shown before any event, as wire JSON.
    fn initial_data(&self) -> Value;
}

/// The registry of an app without custom components: no value can be built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoCustom {}

impl Serialize for NoCustom {
    fn serialize<S: Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
        match *self {}
    }
}

impl<'de> Deserialize<'de> for NoCustom {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let t = Tagged::deserialize(d)?;
        Err(D::Error::custom(format!(
            "unknown component type `{}` (not built in, and this app registers no custom components)",
            t.kind
        )))
    }
}

impl CustomBlocks for NoCustom {
    fn type_name(&self) -> &str {
        match *self {}
    }
    fn is_form_component(&self) -> bool {
        match *self {}
    }
    fn api_schema(&self) -> Option<(Value, Value)> {
        match *self {}
    }
    fn initial_data(&self) -> Value {
        match *self {}
    }
}

/// A custom component as the server holds it, whatever its type: enough to write the config
/// and the API info. The page itself is rendered with the app's typed registry.
#[derive(Debug, Clone, PartialEq)]
pub struct ErasedCustom {
    /// The config's `type`.
    pub type_name: String,
    /// Its props, as the config has them.
    pub props: Value,
    form: bool,
    api: Option<(Value, Value)>,
    initial: Value,
}

impl ErasedCustom {
    /// `c`, with what the config and the API info need of it.
    pub fn new<C: CustomComponent>(c: &C) -> Self {
        ErasedCustom {
            type_name: C::TYPE_NAME.to_owned(),
            props: serde_json::to_value(c).unwrap_or(Value::Null),
            form: C::FORM,
            api: (!C::SKIP_API).then(|| (c.api_info(), c.example_payload())),
            initial: serde_json::to_value(c.initial_data()).unwrap_or(Value::Null),
        }
    }
}

impl Serialize for ErasedCustom {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        TaggedRef {
            kind: &self.type_name,
            props: &self.props,
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for ErasedCustom {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let t = Tagged::deserialize(d)?;
        Ok(ErasedCustom {
            type_name: t.kind,
            props: t.props,
            form: false,
            api: None,
            initial: Value::Null,
        })
    }
}

impl CustomBlocks for ErasedCustom {
    fn type_name(&self) -> &str {
        &self.type_name
    }
    fn is_form_component(&self) -> bool {
        self.form
    }
    fn api_schema(&self) -> Option<(Value, Value)> {
        self.api.clone()
    }
    fn initial_data(&self) -> Value {
        self.initial.clone()
    }
}

/// `{"type": ..., "props": ...}`, as every block is written in the config.
#[doc(hidden)]
#[derive(Deserialize)]
pub struct Tagged {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub props: Value,
}

#[doc(hidden)]
#[derive(Serialize)]
pub struct TaggedRef<'a, P: Serialize> {
    #[serde(rename = "type")]
    pub kind: &'a str,
    pub props: &'a P,
}

/// Declares an app's registry of custom components: an enum with one variant per component
/// (named as its type), its config form and [`CustomBlocks`].
///
/// ```ignore
/// ferrio_components::custom_blocks! {
///     /// The custom components of my app.
///     pub enum MyBlocks { Rating, Sketchpad }
/// }
/// ```
#[macro_export]
macro_rules! custom_blocks {
    ($(#[$meta:meta])* $vis:vis enum $name:ident { $($c:ident),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq)]
        $vis enum $name {
            $(#[doc = concat!("A [`", stringify!($c), "`].")] $c($c),)+
        }

        $(impl ::core::convert::From<$c> for $name {
            fn from(c: $c) -> Self {
                $name::$c(c)
            }
        })+

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                s: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                match self {
                    $($name::$c(c) => $crate::__private::serde::Serialize::serialize(
                        &$crate::custom::TaggedRef {
                            kind: <$c as $crate::custom::CustomComponent>::TYPE_NAME,
                            props: c,
                        },
                        s,
                    ),)+
                }
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                d: D,
            ) -> ::core::result::Result<Self, D::Error> {
                use $crate::__private::serde::de::Error as _;
                let t = <$crate::custom::Tagged as $crate::__private::serde::Deserialize>::deserialize(d)?;
                $(if t.kind == <$c as $crate::custom::CustomComponent>::TYPE_NAME {
                    return <$c as $crate::__private::serde::Deserialize>::deserialize(&t.props)
                        .map($name::$c)
                        .map_err(D::Error::custom);
                })+
                Err(D::Error::custom(::std::format!("unknown component type `{}`", t.kind)))
            }
        }

        impl $crate::custom::CustomBlocks for $name {
            fn type_name(&self) -> &str {
                match self {
                    $($name::$c(_) => <$c as $crate::custom::CustomComponent>::TYPE_NAME,)+
                }
            }
            fn is_form_component(&self) -> bool {
                match self {
                    $($name::$c(_) => <$c as $crate::Component>::FORM,)+
                }
            }
            fn api_schema(
                &self,
            ) -> ::core::option::Option<($crate::__private::serde_json::Value, $crate::__private::serde_json::Value)> {
                match self {
                    $($name::$c(c) => (!<$c as $crate::Component>::SKIP_API).then(|| {
                        ($crate::Component::api_info(c), $crate::Component::example_payload(c))
                    }),)+
                }
            }
            fn initial_data(&self) -> $crate::__private::serde_json::Value {
                match self {
                    $($name::$c(c) => $crate::__private::serde_json::to_value(
                        $crate::Component::initial_data(c),
                    )
                    .unwrap_or_default(),)+
                }
            }
        }
    };
}
