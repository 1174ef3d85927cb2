//! Row, Column, Group, Form, Tabs, Tab, Accordion and Sidebar: containers whose children come
//! from the layout tree.

use ferrio_components::config::LayoutNode;
use ferrio_components::{
    Accordion, Block, Column, ComponentId, Form, Group, Row, SelectData, Sidebar, SidebarPosition,
    Tab, Tabs,
};
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;

use crate::render::{CustomViews, Renderer};

/// The layout blocks' views, one function per kind; [`Renderer::children`] draws what is inside.
pub struct LayoutView;

impl LayoutView {
    /// Children side by side (wrapping on a narrow screen); `equal_height` stretches them to
    /// the tallest.
    pub fn row<X: CustomViews>(
        r: &Renderer<X>,
        node: &LayoutNode,
        props: Signal<Row>,
    ) -> impl IntoView {
        let elem_id = props.with_untracked(|p| p.elem_id.clone());
        view! {
            <div
                class=move || if props.with(|p| p.equal_height) { "row equal-height" } else { "row" }
                id=elem_id
                style:display=hidden(move || props.with(|p| p.visible))
            >
                {r.children(node)}
            </div>
        }
    }

    /// Children stacked, taking `scale` shares of a Row's width and at least `min_width`.
    pub fn column<X: CustomViews>(
        r: &Renderer<X>,
        node: &LayoutNode,
        props: Signal<Column>,
    ) -> impl IntoView {
        let elem_id = props.with_untracked(|p| p.elem_id.clone());
        view! {
            <div
                class="column"
                id=elem_id
                style:flex-grow=move || props.with(|p| p.scale.to_string())
                style:min-width=move || props.with(|p| format!("min({}px, 100%)", p.min_width))
                style:display=hidden(move || props.with(|p| p.visible))
            >
                {r.children(node)}
            </div>
        }
    }

    /// Children in one panel, without gaps between them.
    pub fn group<X: CustomViews>(
        r: &Renderer<X>,
        node: &LayoutNode,
        props: Signal<Group>,
    ) -> impl IntoView {
        let elem_id = props.with_untracked(|p| p.elem_id.clone());
        view! {
            <div class="group" id=elem_id style:display=hidden(move || props.with(|p| p.visible))>
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
    /// the page (hidden), so values typed into another tab are kept. The tab shown is the
    /// Tabs' `selected` prop, which a click sets as an update would; each Tab follows its own
    /// props (label, visible, interactive).
    pub fn tabs<X: CustomViews>(
        r: &Renderer<X>,
        node: &LayoutNode,
        props: Signal<Tabs>,
    ) -> impl IntoView {
        let tabs: Vec<(LayoutNode, Signal<Tab>)> = node
            .children
            .iter()
            .flatten()
            .filter_map(
                |child| match r.config.component(child.id).map(|c| &c.block) {
                    Some(Block::Tab(tab)) => Some((child.clone(), r.live(child.id, tab))),
                    _ => None,
                },
            )
            .collect();
        let tab_props: Vec<Signal<Tab>> = tabs.iter().map(|(_, t)| *t).collect();
        // Shown and switchable: the tabs the keyboard can move to.
        let usable = {
            let tab_props = tab_props.clone();
            move |i: usize| tab_props[i].with(|t| t.visible && t.interactive)
        };
        let selected = {
            let usable = usable.clone();
            Memo::new(move |_| {
                // By id; a position names only a tab without one (a tab with the id "1"
                // stays apart from the tab at position 1).
                let picked = props.with(|p| p.selected.clone()).and_then(|sel| {
                    tab_props
                        .iter()
                        .position(|t| t.with(|t| t.id.as_ref() == Some(&sel)))
                        .or_else(|| {
                            sel.parse::<usize>().ok().filter(|&i| {
                                tab_props.get(i).is_some_and(|t| t.with(|t| t.id.is_none()))
                            })
                        })
                });
                // A tab that can't be shown (hidden, greyed out, never there) gives way to the
                // first usable one, as Gradio's `change_tab` refuses it.
                picked
                    .filter(|&i| usable(i))
                    .or_else(|| (0..tab_props.len()).find(|&i| usable(i)))
                    .unwrap_or(0)
            })
        };
        // Gradio's `Tab.select`: each time another tab shows, by a click or by a function.
        let shown_tabs: Vec<(ComponentId, Signal<Tab>)> =
            tabs.iter().map(|(tab_node, t)| (tab_node.id, *t)).collect();
        let state = r.state.clone();
        Effect::new(move |before: Option<usize>| {
            let now = selected.get();
            let changed = before.is_some_and(|before| before != now);
            if let Some((id, tab)) = shown_tabs.get(now).filter(|_| changed) {
                let label = tab.with_untracked(|t| t.label.clone());
                untrack(|| state.select::<Tab>(*id, SelectData::new(now, label)));
            }
            now
        });
        let (state, tabs_id) = (r.state.clone(), node.id);
        // What `selected` names a tab by: its id, or else its position (as Gradio).
        let names: Vec<String> = tabs
            .iter()
            .enumerate()
            .map(|(i, (_, t))| t.with_untracked(|t| t.id.clone()).unwrap_or(i.to_string()))
            .collect();
        let pick = move |i: usize| state.choose(tabs_id, Tabs::update().selected(names[i].clone()));
        let button_ids: Vec<String> = tabs
            .iter()
            .map(|(tab_node, _)| format!("tab-{}", tab_node.id))
            .collect();
        let buttons = tabs
            .iter()
            .enumerate()
            .map(|(i, (tab_node, tab))| {
                let (tab, pick) = (*tab, pick.clone());
                view! {
                    <button
                        type="button"
                        role="tab"
                        id=format!("tab-{}", tab_node.id)
                        aria-controls=format!("tabpanel-{}", tab_node.id)
                        aria-selected=move || (selected.get() == i).to_string()
                        tabindex=move || if selected.get() == i { "0" } else { "-1" }
                        disabled=move || !tab.with(|t| t.interactive)
                        style:display=hidden(move || tab.with(|t| t.visible))
                        on:click=move |_| pick(i)
                    >
                        {move || tab.with(|t| t.label.clone())}
                    </button>
                }
            })
            .collect_view();
        // Arrow keys, Home and End move between the usable tabs and focus the one they pick,
        // as the WAI-ARIA tabs pattern asks.
        let count = tabs.len();
        let on_key = move |ev: leptos::ev::KeyboardEvent| {
            let current = selected.get_untracked();
            let order: Vec<usize> = match ev.key().as_str() {
                "ArrowRight" => (1..=count).map(|k| (current + k) % count).collect(),
                "ArrowLeft" => (1..=count).map(|k| (current + count - k) % count).collect(),
                "Home" => (0..count).collect(),
                "End" => (0..count).rev().collect(),
                _ => return,
            };
            let Some(next) = order.into_iter().find(|&i| untrack(|| usable(i))) else {
                return;
            };
            ev.prevent_default();
            pick(next);
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
        let elem_id = props.with_untracked(|p| p.elem_id.clone());
        view! {
            <div class="tabs" id=elem_id style:display=hidden(move || props.with(|p| p.visible))>
                <div class="tab-nav" role="tablist" on:keydown=on_key>{buttons}</div>
                {panels}
            </div>
        }
    }

    /// A `Tab` outside any `Tabs`: its children under its label.
    pub fn lone_tab<X: CustomViews>(
        r: &Renderer<X>,
        node: &LayoutNode,
        props: Signal<Tab>,
    ) -> impl IntoView {
        let elem_id = props.with_untracked(|p| p.elem_id.clone());
        view! {
            <section class="tabitem" id=elem_id style:display=hidden(move || props.with(|p| p.visible))>
                <h3 class="label">{move || props.with(|p| p.label.clone())}</h3>
                {r.children(node)}
            </section>
        }
    }

    /// A native `<details>`: opens with a click, Enter or Space. Its `open` prop follows the
    /// person's toggles, as an update would set it.
    pub fn accordion<X: CustomViews>(
        r: &Renderer<X>,
        node: &LayoutNode,
        props: Signal<Accordion>,
    ) -> impl IntoView {
        let (state, id) = (r.state.clone(), node.id);
        let on_toggle = move |ev: leptos::ev::Event| {
            if let Some(details) = ev
                .target()
                .and_then(|t| t.dyn_into::<leptos::web_sys::Element>().ok())
            {
                state.choose(id, Accordion::update().open(details.has_attribute("open")));
            }
        };
        let elem_id = props.with_untracked(|p| p.elem_id.clone());
        view! {
            <details
                class="block accordion"
                id=elem_id
                open=move || props.with(|p| p.open)
                on:toggle=on_toggle
                style:display=hidden(move || props.with(|p| p.visible))
            >
                <summary>{move || props.with(|p| p.label.clone().unwrap_or_default())}</summary>
                <div class="accordion-body">{r.children(node)}</div>
            </details>
        }
    }

    /// A panel fixed to one side of the page, with a button that folds it away.
    pub fn sidebar<X: CustomViews>(
        r: &Renderer<X>,
        node: &LayoutNode,
        props: Signal<Sidebar>,
    ) -> impl IntoView {
        let open = move || props.with(|p| p.open);
        let (state, id) = (r.state.clone(), node.id);
        let (side, elem_id) = props.with_untracked(|p| {
            let side = match p.position {
                SidebarPosition::Left => "left",
                SidebarPosition::Right => "right",
            };
            (side, p.elem_id.clone())
        });
        let label = move || props.with(|p| p.label.clone());
        view! {
            <aside
                class=move || format!("sidebar {side}{}", if open() { " open" } else { "" })
                id=elem_id
                style:width=move || props.with(|p| format!("min({}px, 90vw)", p.width))
                style:display=hidden(move || props.with(|p| p.visible))
                aria-label=move || label().unwrap_or_else(|| "Sidebar".into())
            >
                <button
                    type="button"
                    class="sidebar-toggle"
                    aria-expanded=move || open().to_string()
                    aria-label="Toggle sidebar"
                    on:click=move |_| state.choose(id, Sidebar::update().open(!open()))
                >
                    {move || if open() == (side == "left") { "‹" } else { "›" }}
                </button>
                <div class="sidebar-content" inert=move || !open()>
                    {move || label().map(|l| view! { <h2 class="sidebar-label">{l}</h2> })}
                    {r.children(node)}
                </div>
            </aside>
        }
    }
}

/// `display: none` while `visible` says no.
fn hidden(
    visible: impl Fn() -> bool + Send + Sync + 'static,
) -> impl Fn() -> Option<&'static str> + Send + Sync + 'static {
    move || (!visible()).then_some("none")
}
