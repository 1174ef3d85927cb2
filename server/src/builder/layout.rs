//! Laying out: adding components and opening containers (rows, columns, tabs, ...), each at
//! the current place in the layout.

use std::any::Any;
use std::marker::PhantomData;

use ferrio_components::config::LayoutNode;
use ferrio_components::update::Updatable;
use ferrio_components::{
    Accordion, Block, Button, Column, ComponentId, CustomComponent, ErasedCustom, Group, Row,
    Sidebar, Tab, Tabs,
};

use super::{BlocksBuilder, BuilderState, Handle, ServerBlock, Updates, ROOT};

impl<'a, C> Handle<'a, C> {
    /// The component's id in the config (Gradio's `_id`): what the page and the API call it.
    pub fn id(&self) -> ComponentId {
        self.id
    }

    /// This component as an output that takes an [`Update`](ferrio_components::Update) of
    /// its props (and maybe its value) from the function, Gradio's `gr.update(...)`:
    /// `.click(hide, (), details.update())` with `fn hide() -> Update<Textbox>`.
    pub fn update(self) -> Updates<'a, C> {
        Updates(self)
    }
}

/// A layout block [`BlocksBuilder::layout`] can open, so that a function may update it.
pub trait Container: Into<Block> + Updatable {}
impl Container for Row {}
impl Container for Column {}
impl Container for Group {}
impl Container for Accordion {}
impl Container for Sidebar {}

/// Inside [`BlocksBuilder::tabs`]: the only thing a `Tabs` holds is tabs, so this is the only
/// method it offers.
pub struct TabsBuilder<'a> {
    builder: &'a BlocksBuilder,
}

impl<'a> TabsBuilder<'a> {
    /// A page labelled `label`; `fill` adds its content, and its value is returned.
    pub fn tab<T>(&self, label: impl Into<String>, fill: impl FnOnce(&'a BlocksBuilder) -> T) -> T {
        self.tab_with(Tab::new(label), fill)
    }
    /// [`TabsBuilder::tab`] with a Tab built beforehand (`Tab::new(label).id("results")`, ...).
    pub fn tab_with<T>(&self, tab: Tab, fill: impl FnOnce(&'a BlocksBuilder) -> T) -> T {
        self.builder.container(tab.into(), fill)
    }
    /// [`TabsBuilder::tab_with`] that also gives the Tab's handle, so a function can show,
    /// hide, rename or disable it: `extras.update()` as an output takes
    /// `Tab::update().visible(true)`.
    pub fn layout_tab<T>(
        &self,
        tab: Tab,
        fill: impl FnOnce(&'a BlocksBuilder) -> T,
    ) -> (Handle<'a, Tab>, T) {
        self.builder.typed_container(tab, fill)
    }
}

impl BlocksBuilder {
    fn next_id(state: &mut BuilderState) -> ComponentId {
        state.next_id += 1;
        ComponentId(state.next_id)
    }

    /// Adds a component (or static block such as `Markdown`) at the current place in the layout.
    pub fn add<C: Into<Block> + Clone + 'static>(&self, component: C) -> Handle<'_, C> {
        let block = component.clone().into().widen();
        self.add_block(component, block)
    }

    /// Adds a component defined outside Ferrio ([`CustomComponent`]); the app must be launched
    /// with a registry that has it ([`Blocks::launch_with`](super::Blocks::launch_with)).
    pub fn add_custom<C: CustomComponent>(&self, component: C) -> Handle<'_, C> {
        let block = Block::Custom(ErasedCustom::new(&component));
        self.add_block(component, block)
    }

    fn add_block<C: Clone + 'static>(&self, component: C, block: ServerBlock) -> Handle<'_, C> {
        let mut s = self.state.borrow_mut();
        if s.open.is_empty() {
            s.open.push((ROOT, Vec::new()));
        }
        let id = Self::next_id(&mut s);
        s.typed.insert(id, Box::new(component));
        s.blocks.push((id, block));
        s.open
            .last_mut()
            .expect("root is open")
            .1
            .push(LayoutNode { id, children: None });
        Handle {
            id,
            builder: self,
            _component: PhantomData,
        }
    }

    /// A copy of the component behind `id`, as its own type.
    pub(crate) fn component<C: Clone + 'static>(&self, id: ComponentId) -> C {
        self.state.borrow().typed[&id]
            .downcast_ref::<C>()
            .expect("a handle's type matches its component")
            .clone()
    }

    fn container<'a, T>(&'a self, block: Block, fill: impl FnOnce(&'a BlocksBuilder) -> T) -> T {
        self.open_container(block, None, fill).1
    }

    /// A layout block that a function can update (Gradio's `with gr.Column() as col:`): `fill`
    /// adds its children, and the handle comes back with what `fill` returns, to be an output
    /// as `col.update()`:
    ///
    /// ```
    /// use ferrio::prelude::*;
    /// Blocks::new(|b| {
    ///     let show = b.add(Checkbox::new().label("Advanced"));
    ///     let (advanced, _) = b.layout(Column::new().visible(false), |b| b.add(Slider::new(0.0, 1.0)));
    ///     show.change(|on: bool| Column::update().visible(on), show, advanced.update());
    /// });
    /// ```
    pub fn layout<'a, L: Container, T>(
        &'a self,
        layout: L,
        fill: impl FnOnce(&'a BlocksBuilder) -> T,
    ) -> (Handle<'a, L>, T) {
        self.typed_container(layout, fill)
    }

    /// A container kept typed too, so that its updates are checked against its props.
    fn typed_container<'a, L: Into<Block> + Updatable, T>(
        &'a self,
        layout: L,
        fill: impl FnOnce(&'a BlocksBuilder) -> T,
    ) -> (Handle<'a, L>, T) {
        let block = layout.clone().into();
        let (id, filled) = self.open_container(block, Some(Box::new(layout)), fill);
        let handle = Handle {
            id,
            builder: self,
            _component: PhantomData,
        };
        (handle, filled)
    }

    fn open_container<'a, T>(
        &'a self,
        block: Block,
        typed: Option<Box<dyn Any>>,
        fill: impl FnOnce(&'a BlocksBuilder) -> T,
    ) -> (ComponentId, T) {
        {
            let mut s = self.state.borrow_mut();
            if s.open.is_empty() {
                s.open.push((ROOT, Vec::new()));
            }
            let id = Self::next_id(&mut s);
            if let Some(typed) = typed {
                s.typed.insert(id, typed);
            }
            s.blocks.push((id, block.widen()));
            s.open.push((id, Vec::new()));
        }
        let filled = fill(self);
        let mut s = self.state.borrow_mut();
        let (id, children) = s.open.pop().expect("container is open");
        s.open.last_mut().expect("root is open").1.push(LayoutNode {
            id,
            children: Some(children),
        });
        (id, filled)
    }

    /// Children side by side. Like every container, it returns what `fill` returns, so handles
    /// made inside can be wired outside.
    pub fn row<'a, T>(&'a self, fill: impl FnOnce(&'a BlocksBuilder) -> T) -> T {
        self.row_with(Row::new(), fill)
    }
    /// [`BlocksBuilder::row`] with a Row built beforehand (`Row::new().equal_height(true)`, ...).
    pub fn row_with<'a, T>(&'a self, row: Row, fill: impl FnOnce(&'a BlocksBuilder) -> T) -> T {
        self.container(row.into(), fill)
    }
    /// Children stacked (inside a Row: one column of it).
    pub fn column<'a, T>(&'a self, fill: impl FnOnce(&'a BlocksBuilder) -> T) -> T {
        self.column_with(Column::new(), fill)
    }
    /// [`BlocksBuilder::column`] with a Column built beforehand (`Column::new().scale(2)`, ...).
    pub fn column_with<'a, T>(
        &'a self,
        column: Column,
        fill: impl FnOnce(&'a BlocksBuilder) -> T,
    ) -> T {
        self.container(column.into(), fill)
    }
    /// Children in one panel, without gaps.
    pub fn group<'a, T>(&'a self, fill: impl FnOnce(&'a BlocksBuilder) -> T) -> T {
        self.group_with(Group::new(), fill)
    }
    /// [`BlocksBuilder::group`] with a Group built beforehand.
    pub fn group_with<'a, T>(
        &'a self,
        group: Group,
        fill: impl FnOnce(&'a BlocksBuilder) -> T,
    ) -> T {
        self.container(group.into(), fill)
    }

    /// Tabs: `fill` adds the pages with [`TabsBuilder::tab`] (and can add nothing else).
    pub fn tabs<'a, T>(&'a self, fill: impl FnOnce(&TabsBuilder<'a>) -> T) -> T {
        self.tabs_with(Tabs::new(), fill)
    }
    /// [`BlocksBuilder::tabs`] with a Tabs built beforehand (`Tabs::new().selected(...)`, ...).
    pub fn tabs_with<'a, T>(&'a self, tabs: Tabs, fill: impl FnOnce(&TabsBuilder<'a>) -> T) -> T {
        self.container(tabs.into(), |builder| fill(&TabsBuilder { builder }))
    }
    /// [`BlocksBuilder::tabs_with`] that also gives the Tabs' handle, so a function can show
    /// another tab: `tabs.update()` as an output takes `Tabs::update().selected("results")`.
    pub fn layout_tabs<'a, T>(
        &'a self,
        tabs: Tabs,
        fill: impl FnOnce(&TabsBuilder<'a>) -> T,
    ) -> (Handle<'a, Tabs>, T) {
        self.typed_container(tabs, |builder| fill(&TabsBuilder { builder }))
    }
    /// A section under `label` that folds open and shut (open at first).
    pub fn accordion<'a, T>(
        &'a self,
        label: impl Into<String>,
        fill: impl FnOnce(&'a BlocksBuilder) -> T,
    ) -> T {
        self.accordion_with(Accordion::new(label), fill)
    }
    /// [`BlocksBuilder::accordion`] with an Accordion built beforehand
    /// (`Accordion::new(label).open(false)`, ...).
    pub fn accordion_with<'a, T>(
        &'a self,
        accordion: Accordion,
        fill: impl FnOnce(&'a BlocksBuilder) -> T,
    ) -> T {
        self.container(accordion.into(), fill)
    }
    /// A collapsible panel at the side of the page.
    pub fn sidebar<'a, T>(&'a self, fill: impl FnOnce(&'a BlocksBuilder) -> T) -> T {
        self.sidebar_with(Sidebar::new(), fill)
    }
    /// [`BlocksBuilder::sidebar`] with a Sidebar built beforehand (`Sidebar::new().position(...)`).
    pub fn sidebar_with<'a, T>(
        &'a self,
        sidebar: Sidebar,
        fill: impl FnOnce(&'a BlocksBuilder) -> T,
    ) -> T {
        self.container(sidebar.into(), fill)
    }

    /// A Button; shorthand for `add(Button::new(text))`.
    pub fn button(&self, text: impl Into<String>) -> Handle<'_, Button> {
        self.add(Button::new(text))
    }
}
