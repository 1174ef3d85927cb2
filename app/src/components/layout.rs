//! Row, Column, Group and Form: containers whose children come from the layout tree.

use ferrio_components::config::LayoutNode;
use ferrio_components::{Column, Group, Row};
use leptos::prelude::*;

use crate::render::render_children;
use crate::state::AppState;

pub struct LayoutView;

impl LayoutView {
    pub fn row(state: &AppState, node: &LayoutNode, props: &Row) -> impl IntoView {
        let class = if props.equal_height {
            "row equal-height"
        } else {
            "row"
        };
        view! {
            <div class=class id=props.elem_id.clone() style:display=(!props.visible).then_some("none")>
                {render_children(state, node)}
            </div>
        }
    }

    pub fn column(state: &AppState, node: &LayoutNode, props: &Column) -> impl IntoView {
        view! {
            <div
                class="column"
                id=props.elem_id.clone()
                style:flex-grow=props.scale.to_string()
                style:min-width=format!("min({}px, 100%)", props.min_width)
                style:display=(!props.visible).then_some("none")
            >
                {render_children(state, node)}
            </div>
        }
    }

    pub fn group(state: &AppState, node: &LayoutNode, props: &Group) -> impl IntoView {
        view! {
            <div class="group" id=props.elem_id.clone() style:display=(!props.visible).then_some("none")>
                {render_children(state, node)}
            </div>
        }
    }

    pub fn form(state: &AppState, node: &LayoutNode) -> impl IntoView {
        view! { <div class="form">{render_children(state, node)}</div> }
    }
}
