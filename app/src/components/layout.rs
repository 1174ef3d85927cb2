//! Row, Column, Group, Form, Tabs, Tab, Accordion and Sidebar: containers whose children come
//! from the layout tree.

use ferrio_components::config::LayoutNode;
use ferrio_components::{
    Accordion, Block, Column, Form, Group, Row, Sidebar, SidebarPosition, Tab, Tabs,
};
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;

use crate::render::{CustomViews, Renderer};

pub struct LayoutView;

impl LayoutView {
    pub fn row<X: CustomViews>(r: &Renderer<X>, node: &LayoutNode, props: &Row) -> impl IntoView {
        let class = if props.equal_height {
            "row equal-height"
        } else {
            "row"
        };
        view! {
            <div class=class id=props.elem_id.clone() style:display=(!props.visible).then_some("none")>
                {r.children(node)}
            </div>
        }
    }

    pub fn column<X: CustomViews>(
        r: &Renderer<X>,
        node: &LayoutNode,
        props: &Column,
    ) -> impl IntoView {
        view! {
            <div
                class="column"
                id=props.elem_id.clone()
                style:flex-grow=props.scale.to_string()
                style:min-width=format!("min({}px, 100%)", props.min_width)
                style:display=(!props.visible).then_some("none")
            >
                {r.children(node)}
            </div>
        }
    }

    pub fn group<X: CustomViews>(
        r: &Renderer<X>,
        node: &LayoutNode,
        props: &Group,
    ) -> impl IntoView {
        view! {
            <div class="group" id=props.elem_id.clone() style:display=(!props.visible).then_some("none")>
                {r.children(node)}
            </div>
        }
    }

    /// In a Row, a Form takes its children's share of the width (the server sums their scales
    /// and minimum widths; elsewhere both are 0).
    pub fn form<X: CustomViews>(r: &Renderer<X>, node: &LayoutNode, props: &Form) -> impl IntoView {
        let in_row = props.scale > 0;
        view! {
            <div
                class="form"
                style:flex-grow=in_row.then(|| props.scale.to_string())
                style:min-width=in_row.then(|| format!("min({}px, 100%)", props.min_width))
            >
                {r.children(node)}
            </div>
        }
    }

    /// A tab strip and one panel per `Tab` child; only the selected panel shows. Panels stay in
    /// the page (hidden), so values typed into another tab are kept.
    pub fn tabs<X: CustomViews>(r: &Renderer<X>, node: &LayoutNode, props: &Tabs) -> impl IntoView {
        let tabs: Vec<(LayoutNode, Tab)> = node
            .children
            .iter()
            .flatten()
            .filter_map(
                |child| match r.config.component(child.id).map(|c| &c.block) {
                    Some(Block::Tab(tab)) => Some((child.clone(), tab.clone())),
                    _ => None,
                },
            )
            .collect();
        let first = props
            .selected
            .as_ref()
            .and_then(|sel| {
                tabs.iter()
                    .position(|(_, t)| t.id.as_ref() == Some(sel))
                    .or_else(|| sel.parse().ok())
            })
            .filter(|&i| i < tabs.len())
            .or_else(|| tabs.iter().position(|(_, t)| t.visible && t.interactive))
            .unwrap_or(0);
        let selected = RwSignal::new(first);
        // The tabs the keyboard can move to: shown and switchable.
        let usable: Vec<bool> = tabs
            .iter()
            .map(|(_, t)| t.visible && t.interactive)
            .collect();
        let button_ids: Vec<String> = tabs
            .iter()
            .map(|(tab_node, _)| format!("tab-{}", tab_node.id))
            .collect();
        let buttons = tabs
            .iter()
            .enumerate()
            .map(|(i, (tab_node, tab))| {
                view! {
                    <button
                        type="button"
                        role="tab"
                        id=format!("tab-{}", tab_node.id)
                        aria-controls=format!("tabpanel-{}", tab_node.id)
                        aria-selected=move || (selected.get() == i).to_string()
                        tabindex=move || if selected.get() == i { "0" } else { "-1" }
                        disabled=!tab.interactive
                        style:display=(!tab.visible).then_some("none")
                        on:click=move |_| selected.set(i)
                    >
                        {tab.label.clone()}
                    </button>
                }
            })
            .collect_view();
        // Arrow keys, Home and End move between the usable tabs and focus the one they pick,
        // as the WAI-ARIA tabs pattern asks.
        let on_key = move |ev: leptos::ev::KeyboardEvent| {
            let count = usable.len();
            let current = selected.get_untracked();
            let order: Vec<usize> = match ev.key().as_str() {
                "ArrowRight" => (1..=count).map(|k| (current + k) % count).collect(),
                "ArrowLeft" => (1..=count).map(|k| (current + count - k) % count).collect(),
                "Home" => (0..count).collect(),
                "End" => (0..count).rev().collect(),
                _ => return,
            };
            let Some(next) = order.into_iter().find(|&i| usable[i]) else {
                return;
            };
            ev.prevent_default();
            selected.set(next);
            if let Some(button) = document().get_element_by_id(&button_ids[next]) {
                if let Ok(button) = button.dyn_into::<leptos::web_sys::HtmlElement>() {
                    let _ = button.focus();
                }
            }
        };
        let panels = tabs
            .iter()
            .enumerate()
            .map(|(i, (tab_node, _))| {
                view! {
                    <div
                        class="tabitem"
                        role="tabpanel"
                        id=format!("tabpanel-{}", tab_node.id)
                        aria-labelledby=format!("tab-{}", tab_node.id)
                        style:display=move || (selected.get() != i).then_some("none")
                    >
                        {r.children(tab_node)}
                    </div>
                }
            })
            .collect_view();
        view! {
            <div class="tabs" id=props.elem_id.clone() style:display=(!props.visible).then_some("none")>
                <div class="tab-nav" role="tablist" on:keydown=on_key>{buttons}</div>
                {panels}
            </div>
        }
    }

    /// A `Tab` outside any `Tabs`: its children under its label.
    pub fn lone_tab<X: CustomViews>(
        r: &Renderer<X>,
        node: &LayoutNode,
        props: &Tab,
    ) -> impl IntoView {
        view! {
            <section class="tabitem" id=props.elem_id.clone()>
                <h3 class="label">{props.label.clone()}</h3>
                {r.children(node)}
            </section>
        }
    }

    /// A native `<details>`: opens with a click, Enter or Space.
    pub fn accordion<X: CustomViews>(
        r: &Renderer<X>,
        node: &LayoutNode,
        props: &Accordion,
    ) -> impl IntoView {
        view! {
            <details
                class="block accordion"
                id=props.elem_id.clone()
                open=props.open
                style:display=(!props.visible).then_some("none")
            >
                <summary>{props.label.clone().unwrap_or_default()}</summary>
                <div class="accordion-body">{r.children(node)}</div>
            </details>
        }
    }

    /// A panel fixed to one side of the page, with a button that folds it away.
    pub fn sidebar<X: CustomViews>(
        r: &Renderer<X>,
        node: &LayoutNode,
        props: &Sidebar,
    ) -> impl IntoView {
        let open = RwSignal::new(props.open);
        let side = match props.position {
            SidebarPosition::Left => "left",
            SidebarPosition::Right => "right",
        };
        view! {
            <aside
                class=move || format!("sidebar {side}{}", if open.get() { " open" } else { "" })
                id=props.elem_id.clone()
                style:width=format!("min({}px, 90vw)", props.width)
                style:display=(!props.visible).then_some("none")
                aria-label=props.label.clone().unwrap_or_else(|| "Sidebar".into())
            >
                <button
                    type="button"
                    class="sidebar-toggle"
                    aria-expanded=move || open.get().to_string()
                    aria-label="Toggle sidebar"
                    on:click=move |_| open.update(|o| *o = !*o)
                >
                    {move || if open.get() == (side == "left") { "‹" } else { "›" }}
                </button>
                <div class="sidebar-content" inert=move || !open.get()>
                    {props.label.clone().map(|l| view! { <h2 class="sidebar-label">{l}</h2> })}
                    {r.children(node)}
                </div>
            </aside>
        }
    }
}
