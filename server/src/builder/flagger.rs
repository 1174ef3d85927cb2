//! Flag buttons (Gradio's `CSVLogger` with its Flag button): a builder's [`Flagger`] wires
//! the listeners that save components' values as rows of a [`FlagLog`].

use std::path::PathBuf;
use std::sync::Arc;

use ferrio_components::config::{ApiVisibility, ShowProgress};
use ferrio_components::{Button, Chatbot, ComponentId, EventName, FnIndex};

use super::{BlocksBuilder, Handle, Inputs, Listener, Outputs, ParamInfo};
use crate::flagging::{flag_fn, like_fn, FlagColumn, FlagLog};
use crate::handler::EventFn;

/// Flagging set up for some components (from [`BlocksBuilder::flagging`]): attach Flag
/// buttons, or flag after each successful run.
pub struct Flagger<'a> {
    builder: &'a BlocksBuilder,
    dataset: Arc<FlagLog>,
    columns: Vec<FlagColumn>,
    params: Vec<ParamInfo>,
}

impl BlocksBuilder {
    /// Lets people save `components`' values (inputs and outputs alike) as rows of a dataset in
    /// `dir` (Gradio's `CSVLogger`): then its `.button(f, reason)` adds a Flag button's listener.
    ///
    /// ```no_run
    /// # use ferrio::prelude::*;
    /// # Blocks::new(|b| {
    /// let text = b.add(Textbox::new().label("Text"));
    /// let shouted = b.add(Textbox::new().label("Shouted"));
    /// b.button("Shout").click(|t: String| t.to_uppercase(), text, shouted);
    /// let flags = b.flagging(".ferrio/flagged", (text, shouted));
    /// flags.button(b.button("Flag"), "");
    /// flags.button(b.button("Flag as wrong"), "wrong");
    /// # });
    /// ```
    pub fn flagging<'a, C: Inputs<'a>>(
        &'a self,
        dir: impl Into<PathBuf>,
        components: C,
    ) -> Flagger<'a> {
        self.flagger(
            dir.into(),
            components.flag_columns(self),
            components.params(self),
        )
    }

    pub(crate) fn flagger(
        &self,
        dir: PathBuf,
        columns: Vec<FlagColumn>,
        params: Vec<ParamInfo>,
    ) -> Flagger<'_> {
        Flagger {
            builder: self,
            dataset: Arc::new(FlagLog::new(dir, &columns)),
            columns,
            params,
        }
    }
}

impl<'a> Flagger<'a> {
    /// A click on `button` saves the values with `reason` (`""` for none) in the dataset's
    /// `flag` column; the button says "Saved" for a moment. Not part of the API.
    pub fn button(&self, button: Handle<'a, Button>, reason: impl Into<String>) -> Listener<'a> {
        let label = self.builder.component::<Button>(button.id()).value;
        let run = flag_fn(
            self.dataset.clone(),
            self.columns.clone(),
            reason.into(),
            Some(label),
        );
        let target = vec![(Some(button.id()), EventName::Click)];
        let output = Outputs::params(&button, self.builder);
        self.register(target, true, output, run)
    }

    /// Saves the values after each successful run of `event` (Gradio's `flagging_mode="auto"`).
    pub fn after(&self, event: FnIndex) -> Listener<'a> {
        let run = flag_fn(
            self.dataset.clone(),
            self.columns.clone(),
            String::new(),
            None,
        );
        self.register(Vec::new(), false, Vec::new(), run).with(|f| {
            f.config.trigger_after = Some(event);
            f.config.trigger_only_on_success = true;
        })
    }

    /// Shows 👍 / 👎 under `chatbot`'s replies; each press saves the conversation up to that
    /// reply, with "Like" or "Dislike" in the `flag` column (Gradio's ChatInterface flagging).
    /// The flagger's components must be just the chatbot.
    pub fn likes(&self, chatbot: Handle<'a, Chatbot>) -> Listener<'a> {
        assert_eq!(
            self.columns.len(),
            1,
            "Flagger::likes saves a conversation: flag just the chatbot"
        );
        let offered: Chatbot = self.builder.component(chatbot.id());
        let run = like_fn(self.dataset.clone(), self.columns[0].clone(), offered);
        self.register(
            vec![(Some(chatbot.id()), EventName::Like)],
            false,
            Vec::new(),
            run,
        )
        .with(|f| f.config.collects_event_data = true)
    }

    /// The dataset rows go to.
    pub fn dataset(&self) -> &Arc<FlagLog> {
        &self.dataset
    }

    fn register(
        &self,
        targets: Vec<(Option<ComponentId>, EventName)>,
        generator: bool,
        outputs: Vec<ParamInfo>,
        run: EventFn,
    ) -> Listener<'a> {
        self.builder
            .register_erased(
                targets,
                generator,
                "flag".to_owned(),
                self.params.clone(),
                outputs,
                run,
            )
            .with(|f| {
                f.config.api_visibility = ApiVisibility::Private;
                // Not an endpoint at all (Gradio's `api_name=False`).
                f.config.api_name = None;
                f.config.show_progress = ShowProgress::Hidden;
                // Rows are written one at a time anyway; nobody should wait in line to flag.
                f.concurrency_limit = Some(None);
            })
    }
}
