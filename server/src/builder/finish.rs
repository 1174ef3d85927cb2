//! Turning the builder into the app: Gradio's forms around runs of inputs, unique endpoint
//! names, Markdown rendered and HTML sanitized once.

use std::collections::HashSet;

use ferrio_components::config::{AppMode, FooterLink, LayoutNode};
use ferrio_components::{Block, ComponentId, Form};

use super::{BlockFunction, Blocks, BlocksBuilder, ServerBlock, SessionSettings, ROOT};
use crate::files::remote::RemoteSettings;
use crate::files::FileSettings;

impl BlocksBuilder {
    pub(super) fn finish(self) -> Blocks {
        let mut s = self.state.into_inner();
        let mut root = s.open.drain(..).next().map(|(_, c)| c).unwrap_or_default();
        // Forms come last in id order, as Gradio allocates them when a layout closes.
        let mut next_id = s.next_id;
        wrap_forms(&mut root, false, &mut s.blocks, &mut next_id);
        dedupe_api_names(&mut s.functions);
        add_aliases(&mut s.functions);
        // Markdown is rendered once, here, so the browser bundle needs no parser; HTML is
        // sanitized here, whatever order its builder methods were called in.
        for (_, block) in &mut s.blocks {
            match block {
                Block::Markdown(m) => m.html = crate::markdown::render(&m.value, false),
                Block::Html(h) => {
                    let raw = std::mem::take(&mut h.value);
                    h.value = h.clean(raw);
                }
                _ => {}
            }
        }
        let states = s
            .blocks
            .iter()
            .filter_map(|(id, block)| match block {
                Block::State(state) => Some((*id, state.initial.clone())),
                _ => None,
            })
            .collect();
        Blocks {
            title: "Ferrio".to_owned(),
            states,
            blocks: s.blocks,
            layout: LayoutNode {
                id: ROOT,
                children: Some(root),
            },
            functions: s.functions,
            app_id: uuid::Uuid::new_v4().as_u64_pair().0,
            mode: AppMode::Blocks,
            default_concurrency_limit: Some(1),
            max_size: None,
            status_update_rate: crate::runtime::queue::STATUS_UPDATE_RATE,
            abandoned: crate::runtime::queue::Abandoned::default(),
            shutdown_grace: super::app::SHUTDOWN_GRACE,
            files: FileSettings::default(),
            remote: RemoteSettings::default(),
            sessions: SessionSettings::default(),
            examples: s.examples,
            theme: crate::theme::Theme::default(),
            css: String::new(),
            head: String::new(),
            footer_links: FooterLink::ALL.to_vec(),
            run_history: true,
            fill_height: false,
            fill_width: false,
        }
    }
}

/// Gradio wraps each run of neighbouring form components in a `Form` block. In a Row the Form
/// takes its children's place: its scale is the sum of theirs (1 where unset) and its minimum
/// width the sum of their minimum widths, as Gradio's `Form.add_child` has it.
fn wrap_forms(
    children: &mut Vec<LayoutNode>,
    in_row: bool,
    blocks: &mut Vec<(ComponentId, ServerBlock)>,
    next_id: &mut u32,
) {
    let is_form_component = |id: ComponentId, blocks: &[(ComponentId, ServerBlock)]| {
        blocks
            .iter()
            .any(|(b, block)| *b == id && block.is_form_component())
    };
    let mut out: Vec<LayoutNode> = Vec::with_capacity(children.len());
    let mut run: Vec<LayoutNode> = Vec::new();
    let flush = |run: &mut Vec<LayoutNode>,
                 out: &mut Vec<LayoutNode>,
                 blocks: &mut Vec<(ComponentId, ServerBlock)>,
                 next_id: &mut u32| {
        if run.is_empty() {
            return;
        }
        *next_id += 1;
        let id = ComponentId(*next_id);
        let mut form = Form {
            scale: 0,
            min_width: 0,
        };
        if in_row {
            for child in run.iter() {
                let (scale, min_width) = blocks
                    .iter()
                    .find(|(b, _)| *b == child.id)
                    .map_or((None, 0), |(_, block)| flex_of(block));
                form.scale += scale.unwrap_or(1);
                form.min_width += min_width;
            }
        }
        blocks.push((id, Block::from(form).widen()));
        out.push(LayoutNode {
            id,
            children: Some(std::mem::take(run)),
        });
    };
    for mut node in children.drain(..) {
        if let Some(grandchildren) = node.children.as_mut() {
            flush(&mut run, &mut out, blocks, next_id);
            let is_row = blocks
                .iter()
                .any(|(b, block)| *b == node.id && matches!(block, Block::Row(_)));
            wrap_forms(grandchildren, is_row, blocks, next_id);
            out.push(node);
        } else if is_form_component(node.id, blocks) {
            run.push(node);
        } else {
            flush(&mut run, &mut out, blocks, next_id);
            out.push(node);
        }
    }
    flush(&mut run, &mut out, blocks, next_id);
    *children = out;
}

/// A component's `scale` and `min_width` props (read from its config form, so custom
/// components have theirs too).
fn flex_of(block: &ServerBlock) -> (Option<u32>, u32) {
    let json = serde_json::to_value(block).unwrap_or_default();
    let props = &json["props"];
    let scale = props["scale"]
        .as_u64()
        .map(|s| s.min(u32::MAX.into()) as u32);
    let min_width = props["min_width"]
        .as_u64()
        .unwrap_or(160)
        .min(u32::MAX.into()) as u32;
    (scale, min_width)
}

/// Two endpoints can't share a name: later ones get `_1`, `_2`, ... as in Gradio, except that a
/// name the developer gave is kept and a default name (the function's) yields to it.
fn dedupe_api_names(functions: &mut [BlockFunction]) {
    let mut seen = HashSet::new();
    let (named, defaulted): (Vec<_>, Vec<_>) = functions.iter_mut().partition(|f| f.named);
    for f in named.into_iter().chain(defaulted) {
        let Some(name) = f.config.api_name.clone() else {
            continue;
        };
        let mut candidate = name.clone();
        let mut n = 0;
        while !seen.insert(candidate.clone()) {
            n += 1;
            candidate = format!("{name}_{n}");
        }
        f.config.api_name = Some(candidate);
    }
}

/// Adds an undocumented listener for each alias ([`super::Listener::api_alias`]), after every
/// other so that no fn_index moves (and its endpoint's waiting line is known before it).
fn add_aliases(functions: &mut Vec<BlockFunction>) {
    let mut taken: HashSet<String> = functions
        .iter()
        .filter_map(|f| f.config.api_name.clone())
        .collect();
    for i in 0..functions.len() {
        let own = functions[i].config.api_name.clone();
        let mut aliases = std::mem::take(&mut functions[i].aliases);
        aliases.retain(|a| Some(a) != own.as_ref());
        if aliases.is_empty() || functions[i].run.is_none() {
            continue;
        }
        for name in aliases {
            let mut candidate = name.clone();
            let mut n = 0;
            while !taken.insert(candidate.clone()) {
                n += 1;
                candidate = format!("{name}_{n}");
            }
            let alias = functions[i].alias(functions.len(), candidate);
            functions.push(alias);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ferrio_components::{Number, Textbox};

    fn shout(s: String) -> String {
        s.to_uppercase()
    }

    #[test]
    fn forms_wrap_runs_of_inputs_like_gradio() {
        let blocks = Blocks::new(|b| {
            let a = b.add(Textbox::new());
            let o = b.add(Textbox::new());
            b.button("Go").click(shout, a, o);
            b.row(|b| {
                b.add(Number::new());
            });
        });
        let kinds: Vec<_> = blocks
            .blocks
            .iter()
            .map(|(id, b)| (id.0, b.type_name()))
            .collect();
        assert_eq!(
            kinds,
            vec![
                (1, "textbox"),
                (2, "textbox"),
                (3, "button"),
                (4, "row"),
                (5, "number"),
                (6, "form"),
                (7, "form")
            ]
        );
        let top: Vec<u32> = blocks
            .layout
            .children
            .as_ref()
            .unwrap()
            .iter()
            .map(|n| n.id.0)
            .collect();
        assert_eq!(top, vec![6, 3, 4]);
    }

    #[test]
    fn a_form_in_a_row_takes_its_childrens_scale_and_width() {
        let blocks = Blocks::new(|b| {
            b.row(|b| {
                b.add(Textbox::new().scale(7));
                b.add(Number::new().min_width(100));
                b.button("Go");
            });
            b.add(Textbox::new().scale(3));
        });
        let forms: Vec<(u32, u32)> = blocks
            .blocks
            .iter()
            .filter_map(|(_, b)| match b {
                Block::Form(f) => Some((f.scale, f.min_width)),
                _ => None,
            })
            .collect();
        // In the row: 7 + 1 (unset), 160 + 100; outside a row, neither.
        assert_eq!(forms, vec![(8, 260), (0, 0)]);
    }

    #[test]
    fn api_names_default_to_the_function_name_and_are_unique() {
        let blocks = Blocks::new(|b| {
            let a = b.add(Textbox::new());
            b.button("1").click(shout, a, a);
            b.button("2").click(shout, a, a);
            b.button("3").click(|s: String| s, a, a);
        });
        let names: Vec<_> = blocks
            .functions
            .iter()
            .map(|f| f.api_name().unwrap().to_owned())
            .collect();
        assert_eq!(names, ["shout", "shout_1", "predict"]);
    }

    #[test]
    fn a_name_given_by_the_developer_wins_over_a_default_one() {
        let blocks = Blocks::new(|b| {
            let a = b.add(Textbox::new());
            // Registered first, named `shout` by default.
            b.button("1").click(shout, a, a).private();
            b.button("2").click(shout, a, a).api_name("shout");
        });
        let names: Vec<_> = blocks
            .functions
            .iter()
            .map(|f| f.api_name().unwrap().to_owned())
            .collect();
        assert_eq!(names, ["shout_1", "shout"]);
    }
}
