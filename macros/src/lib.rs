//! Ferrio's derive macros. Apps use them through `ferrio::prelude`, which re-exports each one
//! beside the trait it implements.

use proc_macro::TokenStream;
use proc_macro2::{Span, TokenStream as TokenStream2};
use quote::{format_ident, quote, quote_spanned};
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{parse_macro_input, Data, DeriveInput, Error, Fields};

/// `#[derive(Inputs)]` on a struct of named fields makes it one argument that gathers many
/// inputs: for `struct Params { steps: f64, seed: f64 }` it writes `ParamsInputs`, a struct with
/// one component handle per field, and a listener given `ParamsInputs { steps, seed }` as its
/// inputs calls `fn run(p: Params)`. Each field's type must be its component's value type (a
/// Slider's `f64`, a Textbox's `String`), checked where the handles are filled in. The fields'
/// order is the API's parameter order.
#[proc_macro_derive(Inputs)]
pub fn derive_inputs(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    inputs(&input)
        .unwrap_or_else(Error::into_compile_error)
        .into()
}

fn inputs(input: &DeriveInput) -> syn::Result<TokenStream2> {
    let name = &input.ident;
    if !input.generics.params.is_empty() {
        return Err(Error::new_spanned(
            &input.generics,
            "`#[derive(Inputs)]` takes a struct without generics: its fields are the values a \
             function gets, owned",
        ));
    }
    let fields = match &input.data {
        Data::Struct(s) => match &s.fields {
            Fields::Named(named) if !named.named.is_empty() => &named.named,
            _ => {
                return Err(Error::new_spanned(
                    name,
                    "`#[derive(Inputs)]` takes a struct with named fields, one per input",
                ))
            }
        },
        _ => {
            return Err(Error::new_spanned(
                name,
                "`#[derive(Inputs)]` takes a struct with named fields, one per input",
            ))
        }
    };
    let vis = &input.vis;
    let handles = format_ident!("{}Inputs", name);
    let names: Vec<_> = fields
        .iter()
        .map(|f| f.ident.clone().expect("named"))
        .collect();
    let types: Vec<_> = fields.iter().map(|f| &f.ty).collect();
    // One type parameter per field, for its component; the prefix keeps them from shadowing
    // the types the fields name (a field `string: String`).
    let components: Vec<_> = names
        .iter()
        .map(|n| {
            syn::Ident::new(
                &format!("__{}", camel(&n.unraw().to_string())),
                Span::call_site(),
            )
        })
        .collect();
    // Spanned at each field, so a component of another value type is reported there.
    let bounds: TokenStream2 = components
        .iter()
        .zip(&types)
        .map(|(c, ty)| quote_spanned! {ty.span()=> #c: ::ferrio::components::Component<Value = #ty>,})
        .collect();
    let doc = format!(
        "The components whose values make a [`{name}`] (`#[derive(Inputs)]`): one handle per \
         field, in the API's parameter order."
    );
    Ok(quote! {
        #[doc = #doc]
        #vis struct #handles<'a, #(#components),*>
        where
            #bounds
        {
            #(pub #names: ::ferrio::prelude::Handle<'a, #components>,)*
        }

        impl<'a, #(#components),*> ::core::clone::Clone for #handles<'a, #(#components),*>
        where
            #bounds
        {
            fn clone(&self) -> Self {
                *self
            }
        }

        impl<'a, #(#components),*> ::core::marker::Copy for #handles<'a, #(#components),*>
        where
            #bounds
        {
        }

        impl<'a, #(#components),*> ::ferrio::__private::InputFields<'a>
            for #handles<'a, #(#components),*>
        where
            #bounds
        {
            type Struct = #name;
            fn fields(&self) -> ::std::vec::Vec<::ferrio::__private::Field<'a>> {
                ::std::vec![#(::ferrio::__private::Field::new(self.#names)),*]
            }
            fn assemble(values: &mut ::ferrio::__private::Values) -> #name {
                #name { #(#names: values.take(),)* }
            }
        }
    })
}

/// `max_new_tokens` → `MaxNewTokens`.
fn camel(snake: &str) -> String {
    snake
        .split('_')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn derive(src: &str) -> String {
        let input: DeriveInput = syn::parse_str(src).unwrap();
        match inputs(&input) {
            Ok(tokens) => tokens.to_string(),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn field_names_become_component_parameters() {
        assert_eq!(camel("max_new_tokens"), "MaxNewTokens");
        assert_eq!(camel("_seed"), "Seed");
        let out = derive("pub struct Params { steps: f64, max_new_tokens: u32, r#type: String }");
        assert!(out.contains("__Type"), "{out}");
        assert!(
            out.contains("pub struct ParamsInputs < 'a , __Steps , __MaxNewTokens , __Type >"),
            "{out}"
        );
        assert!(
            out.contains("__Steps : :: ferrio :: components :: Component < Value = f64 >"),
            "{out}"
        );
        assert!(
            out.contains(
                "pub max_new_tokens : :: ferrio :: prelude :: Handle < 'a , __MaxNewTokens >"
            ),
            "{out}"
        );
        assert!(out.contains("type Struct = Params"), "{out}");
    }

    #[test]
    fn other_shapes_are_refused_with_a_reason() {
        assert!(derive("struct P(f64);").contains("named fields"));
        assert!(derive("struct P {}").contains("named fields"));
        assert!(derive("enum P { A }").contains("named fields"));
        assert!(derive("struct P<T> { t: T }").contains("without generics"));
    }
}
