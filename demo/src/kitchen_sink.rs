//! Every component and layout on one page, each wired to a function, so a person (or a test)
//! can try them all: `ferrio-demo kitchen-sink`.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use serde_json::json;

use ferrio::prelude::*;

/// What the person picked, in words: each `select` listener of the page writes here.
pub fn picked_size(pick: SelectData<Radio>) -> String {
    format!("Size: picked {} (choice {})", pick.value, pick.index + 1)
}

/// A CheckboxGroup's `select`: the colour ticked or unticked.
pub fn picked_colour(pick: SelectData<CheckboxGroup>) -> String {
    let done = if pick.selected { "ticked" } else { "unticked" };
    format!("Colours: {done} {}", pick.value)
}

/// A multiselect Dropdown's `select`: the language added or removed.
pub fn picked_languages(pick: SelectData<Dropdown<Many>>) -> String {
    let done = if pick.selected { "added" } else { "removed" };
    format!("Languages: {done} {}", pick.value)
}

/// A cell of the order, with the item of its row (read from the table, an input).
pub fn picked_cell(pick: SelectData<Dataframe>, order: Table) -> String {
    let (row, col) = pick.index;
    let item = order
        .data
        .get(row)
        .and_then(|r| r.first())
        .map(Cell::text)
        .unwrap_or_default();
    let header = order.headers.get(col).cloned().unwrap_or_default();
    format!("{item} · {header} = {}", pick.value.text())
}

/// A row of an output table, from the selection alone.
pub fn picked_total(pick: SelectData<Dataframe>) -> String {
    let row: Vec<String> = pick
        .row_value
        .unwrap_or_default()
        .iter()
        .map(Cell::text)
        .collect();
    format!("Line totals, row {}: {}", pick.index.0 + 1, row.join(" "))
}

/// A Chatbot's `select`: the message clicked, and its place in the conversation.
pub fn picked_message(pick: SelectData<Chatbot>) -> String {
    format!("Message {}: {}", pick.index + 1, pick.value)
}

/// A Chatbot's `like`: the rating given to a reply (or taken back), with the reply's text.
pub fn rated_reply(like: LikeData) -> String {
    match &like.liked {
        Feedback::Removed => format!(
            "Took back the rating of reply {}",
            like.index.saturating_add(1)
        ),
        feedback => format!(
            "{} on reply {}: {}",
            feedback.label(),
            like.index.saturating_add(1),
            like.text()
        ),
    }
}

/// What a MultimodalTextbox sent: the files' names and the text.
pub fn sent(message: MultimodalValue) -> String {
    let names: Vec<String> = message
        .files
        .iter()
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    format!(
        "{} file(s) [{}], text: {}",
        names.len(),
        names.join(", "),
        message.text
    )
}

/// A Textbox's `select`: the selected text and where it lies.
pub fn picked_text(pick: SelectData<Textbox>) -> String {
    let (start, end) = pick.index;
    format!("Selected \"{}\" (characters {start}–{end})", pick.value)
}

/// A Gallery's `select`: the picture clicked, by place and caption.
pub fn picked_picture(pick: SelectData<Gallery>) -> String {
    let caption = pick.value.unwrap_or_else(|| "no caption".into());
    format!("Picture {}: {caption}", pick.index + 1)
}

/// What the choice components hold, as JSON, so the page shows exactly what the function got.
pub fn summarize(
    agree: bool,
    colours: Vec<String>,
    size: Option<String>,
    pet: Option<String>,
    languages: Vec<String>,
    fruit: Option<String>,
) -> serde_json::Value {
    json!({
        "agree": agree,
        "colours": colours,
        "size": size,
        "pet": pet,
        "languages": languages,
        "fruit": fruit,
    })
}

/// Counts a snippet's lines and echoes it back as Rust-flavoured code.
pub fn inspect_code(code: String) -> (f64, String) {
    let lines = code.lines().count() as f64;
    (lines, format!("// {lines} lines\n{code}"))
}

/// Whatever the person types is shown as HTML, sanitized: try `<img src=x onerror=alert(1)>`.
pub fn render_html(markup: String) -> String {
    markup
}

/// A Markdown output: the page shows it rendered (and sanitized) by the server.
pub fn preview_markdown(source: String) -> String {
    if source.trim().is_empty() {
        "*Nothing to preview.*".into()
    } else {
        source
    }
}

/// A swatch of the picked colour, as HTML.
pub fn swatch(colour: String) -> String {
    format!(
        r#"<div id="swatch" style="background-color:{colour};color:white;padding:16px;border-radius:6px;font-family:monospace">{colour}</div>"#
    )
}

/// A toy sentiment classifier: confidences from counted happy and sad words.
pub fn classify(text: String) -> Result<LabelValue, String> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    if words.is_empty() {
        return Err("Type a sentence to classify.".into());
    }
    let count = |list: &[&str]| words.iter().filter(|w| list.contains(&w.as_str())).count() as f64;
    let happy = count(&["good", "great", "love", "happy", "fast", "nice"]);
    let sad = count(&["bad", "awful", "hate", "sad", "slow", "broken"]);
    let total = happy + sad + 1.0;
    Ok([
        ("positive", happy / total),
        ("negative", sad / total),
        ("neutral", 1.0 / total),
    ]
    .into_iter()
    .collect())
}

/// Adds a note to this session's list (a `State`: each visitor has their own).
pub fn add_note(note: String, mut notes: Vec<String>) -> Result<(Vec<String>, String), String> {
    let note = note.trim();
    if note.is_empty() {
        return Err("Write a note first.".into());
    }
    notes.push(note.to_owned());
    let shown = notes.join("\n");
    Ok((notes, shown))
}

/// A streaming reply: the message and an empty answer first, then the answer word by word.
/// The box is emptied for the next message.
pub fn respond(
    message: String,
    history: Vec<ChatMessage>,
) -> impl Stream<Item = Result<(String, Vec<ChatMessage>), String>> {
    let message = message.trim().to_owned();
    if message.is_empty() {
        return stream::iter([Err("Type a message first.".to_owned())]).boxed();
    }
    let mut history = history;
    history.push(ChatMessage::user(&message));
    history.push(ChatMessage::assistant(""));
    let words: Vec<String> = format!("You said: {message}")
        .split_inclusive(' ')
        .map(str::to_owned)
        .collect();
    stream::unfold(
        (history, words.into_iter(), true),
        |(mut history, mut words, first)| async move {
            if !first {
                let word = words.next()?;
                tokio::time::sleep(Duration::from_millis(30)).await;
                if let Some(answer) = history.last_mut() {
                    answer.text_mut().push_str(&word);
                }
            }
            let shown = (String::new(), history.clone());
            Some((Ok(shown), (history, words, false)))
        },
    )
    .boxed()
}

/// A reply holding another component: the person's most used words as a Label (Gradio's
/// component in a chat message).
pub fn word_counts(history: Vec<ChatMessage>) -> Result<Vec<ChatMessage>, String> {
    let mut counts = std::collections::BTreeMap::<String, usize>::new();
    let said = history
        .iter()
        .filter(|m| m.role == Role::User)
        .filter_map(ChatMessage::text);
    for word in said.flat_map(|t| t.split(|c: char| !c.is_alphanumeric())) {
        if !word.is_empty() {
            *counts.entry(word.to_lowercase()).or_default() += 1;
        }
    }
    let total = counts.values().sum::<usize>() as f64;
    if total == 0.0 {
        return Err("Say something first: there are no words to count.".to_owned());
    }
    let words = Label::new().label("Most used words").num_top_classes(3);
    let shares = counts
        .into_iter()
        .map(|(word, n)| (word, n as f64 / total))
        .collect();
    let counted = ComponentMessage::new(&words, shares).map_err(|e| e.to_string())?;
    let mut history = history;
    history.push(ChatMessage::assistant(format!(
        "You wrote **{total}** words; the most used:"
    )));
    history.push(ChatMessage::assistant(counted));
    Ok(history)
}

/// Each line's total and the order's grand total (columns: item, price, quantity).
pub fn order_totals(order: Table) -> (Table, f64) {
    let mut lines = Table::new(["item", "total"]);
    let mut sum = 0.0;
    for row in &order.data {
        let item = row.first().map(Cell::text).unwrap_or_default();
        let price = row.get(1).and_then(Cell::as_f64).unwrap_or(0.0);
        let quantity = row.get(2).and_then(Cell::as_f64).unwrap_or(0.0);
        let total = price * quantity;
        sum += total;
        lines = lines.row([Cell::from(item), total.into()]);
    }
    (lines, sum)
}

/// The name and size of each file the person sent, and the same as a report to download.
pub fn describe_files(files: Vec<PathBuf>) -> Result<(String, Option<PathBuf>), String> {
    if files.is_empty() {
        return Ok(("No files.".to_owned(), None));
    }
    let listing = files
        .iter()
        .map(|p| {
            let name = p.file_name().unwrap_or_default().to_string_lossy();
            let size = std::fs::metadata(p).map(|m| m.len()).unwrap_or_default();
            format!("{name}: {size} bytes")
        })
        .collect::<Vec<_>>()
        .join("\n");
    // A fresh directory per report: the server copies the file into its cache when it is
    // returned, and concurrent reports must not overwrite each other first.
    let dir = std::env::temp_dir()
        .join("ferrio-kitchen-sink")
        .join(uuid::Uuid::new_v4().simple().to_string());
    let report = dir.join("report.txt");
    std::fs::create_dir_all(&dir)
        .and_then(|()| std::fs::write(&report, &listing))
        .map_err(|e| format!("could not write the report: {e}"))?;
    Ok((listing, Some(report)))
}

/// An action with nothing to show but its failure.
pub fn empty_bin() -> Result<(), String> {
    Err("The bin is empty already.".into())
}

/// The text saved as `note.txt`, for a DownloadButton to offer; nothing to offer for no text.
pub fn text_file(text: String) -> Result<Option<PathBuf>, String> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    // A fresh directory per file, as for the report above.
    let dir = std::env::temp_dir()
        .join("ferrio-kitchen-sink")
        .join(uuid::Uuid::new_v4().simple().to_string());
    let file = dir.join("note.txt");
    std::fs::create_dir_all(&dir)
        .and_then(|()| std::fs::write(&file, text))
        .map_err(|e| format!("could not write the file: {e}"))?;
    Ok(Some(file))
}

/// A DownloadButton's `click`, with the file it offers as the input.
pub fn downloading(file: Option<PathBuf>) -> String {
    match file {
        Some(path) => format!(
            "Downloading {}",
            path.file_name().unwrap_or_default().to_string_lossy()
        ),
        None => "Nothing to download yet: make the file first.".to_owned(),
    }
}

/// The recording as it came: a sound or a clip round trip.
pub fn play_back(recording: Option<PathBuf>) -> Option<PathBuf> {
    recording
}

/// The picture mirrored, upside down and in grey, captioned, as files for a gallery.
pub fn variations(
    picture: Option<ferrio::image::DynamicImage>,
) -> Result<Vec<(PathBuf, Option<String>)>, String> {
    let Some(picture) = picture else {
        return Ok(Vec::new());
    };
    let dir = std::env::temp_dir()
        .join("ferrio-kitchen-sink")
        .join(uuid::Uuid::new_v4().simple().to_string());
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    [
        ("Mirrored", picture.fliph()),
        ("Upside down", picture.flipv()),
        ("Grey", picture.grayscale()),
    ]
    .into_iter()
    .enumerate()
    .map(|(i, (caption, image))| {
        let path = dir.join(format!("variation-{i}.png"));
        image.save(&path).map_err(|e| e.to_string())?;
        Ok((path, Some(caption.to_owned())))
    })
    .collect()
}

/// Counts its runs (one count for every visitor), taking 400 ms each: with the default
/// `trigger_mode` (once), clicks made while a run is in flight are dropped.
pub fn count_once() -> f64 {
    static RUNS: AtomicU64 = AtomicU64::new(0);
    std::thread::sleep(Duration::from_millis(400));
    (RUNS.fetch_add(1, Ordering::Relaxed) + 1) as f64
}

/// Like [`count_once`], for a listener whose `trigger_mode` is `Multiple`: every click runs.
pub fn count_every() -> f64 {
    static RUNS: AtomicU64 = AtomicU64::new(0);
    std::thread::sleep(Duration::from_millis(400));
    (RUNS.fetch_add(1, Ordering::Relaxed) + 1) as f64
}

/// A batch function: one call serves every click waiting in line (up to 4), and each answer
/// says how many shared the call.
pub fn shout_batch(texts: Vec<String>) -> Vec<String> {
    std::thread::sleep(Duration::from_millis(300));
    let n = texts.len();
    texts
        .iter()
        .map(|t| format!("{} (one of {n} in this call)", t.to_uppercase()))
        .collect()
}

/// Pages of this app open now: each page's `load` adds one, its `unload` takes it away.
static OPEN_PAGES: AtomicU64 = AtomicU64::new(0);

/// A `load` listener: counts this page in, and shows how many are open.
pub fn page_opened() -> f64 {
    (OPEN_PAGES.fetch_add(1, Ordering::Relaxed) + 1) as f64
}

/// An `unload` listener: counts the session's page out when it has gone.
pub fn page_closed(_session: SessionHash) {
    // Never below zero, even if a page's unload outlives a restart of the count.
    let _ = OPEN_PAGES.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1));
}

/// Takes 400 ms: clicked several times (its listener runs every click), the later runs wait in
/// line and show their place.
pub fn wait_in_line() -> String {
    std::thread::sleep(Duration::from_millis(400));
    "Served".to_owned()
}

/// Four steps with progress reports, for the three `show_progress` modes.
pub fn four_steps() -> String {
    for _ in Progress::new().desc("Working").tqdm(0..4) {
        std::thread::sleep(Duration::from_millis(250));
    }
    "Done".to_owned()
}

/// The picture mirrored left to right.
pub fn mirror(picture: Option<ferrio::image::DynamicImage>) -> Option<ferrio::image::DynamicImage> {
    picture.map(|p| p.fliph())
}

/// Gradio's classic `gr.update` demo: the essay box grows, shrinks, or goes.
pub fn essay_box(kind: Option<String>) -> Update<Textbox> {
    match kind.as_deref() {
        Some("short") => Textbox::update().lines(2).visible(true),
        Some("long") => Textbox::update().lines(8).visible(true),
        _ => Textbox::update().visible(false),
    }
}

fn cities(country: &str) -> &'static [&'static str] {
    match country {
        "France" => &["Paris", "Lyon", "Marseille"],
        "Japan" => &["Tokyo", "Osaka", "Kyoto"],
        "Peru" => &["Lima", "Cusco"],
        _ => &[],
    }
}

/// The city picker offers the country's cities, the first picked.
pub fn cities_of(country: Option<String>) -> Update<Dropdown> {
    let country = country.unwrap_or_default();
    let cities = cities(&country);
    Dropdown::update()
        .choices(cities.iter().copied())
        .value(cities.first().map(|c| c.to_string()))
        .label(format!("City in {country}"))
        .interactive(!cities.is_empty())
}

/// Only a city the country picker offered in this session gets here: the others are refused.
pub fn chosen_city(city: Option<String>) -> String {
    match city {
        Some(city) => format!("Off to {city}!"),
        None => "No city picked".into(),
    }
}

/// Locking the memo makes it read-only and its save button a red, disabled one.
pub fn lock_memo(locked: bool) -> (Update<Textbox>, Update<Button>) {
    let label = if locked { "Memo (locked)" } else { "Memo" };
    let variant = if locked {
        ButtonVariant::Stop
    } else {
        ButtonVariant::Secondary
    };
    (
        Textbox::update().interactive(!locked).label(label),
        Button::update().variant(variant).interactive(!locked),
    )
}

/// The time of day on the server, `HH:MM:SS` in UTC.
pub fn server_clock() -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (h, m, s) = (now / 3600 % 24, now / 60 % 60, now % 60);
    format!("{h:02}:{m:02}:{s:02}")
}

/// A layout's update: the advanced options show while the box is ticked.
pub fn show_advanced(on: bool) -> Update<Column> {
    Column::update().visible(on)
}

/// A Tab's update: the Extras tab shows while the box is ticked.
pub fn show_tab(on: bool) -> Update<Tab> {
    Tab::update().visible(on)
}

/// A Tab's `select`: which tab the person (or a function) just showed.
pub fn opened_tab(pick: SelectData<Tab>) -> String {
    format!(
        "Opened “{}”, tab {} of the strip",
        pick.value,
        pick.index + 1
    )
}

/// The demo crate's assets: Ferrio's logo is shown as an initial value and an avatar.
const ASSETS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/assets");
// A PNG: SVG is never served inline (it can carry script), so it couldn't be shown in a page.
const LOGO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/logo.png");

/// The kitchen sink: every component and layout on tabs, each wired to a function above.
pub fn app() -> Blocks {
    Blocks::new(|b| {
        b.sidebar_with(Sidebar::new().label("About").open(false), |b| {
            b.add(Markdown::new(
                "Every Ferrio component, wired to a function. Each tab is one group of them.",
            ));
        });
        b.add(Markdown::new("# Kitchen sink"));
        let (tabs, to_events) = b.layout_tabs(Tabs::new(), |t| {
            t.tab("Choices", |b| {
                let inputs = b.row(|b| {
                    let inputs = b.column(|b| {
                        (
                            b.add(Checkbox::new().label("I agree").value(true)),
                            b.add(CheckboxGroup::new(["Red", "Green", "Blue"]).label("Colours")),
                            b.add(
                                Radio::new([("Small", "s"), ("Medium", "m"), ("Large", "l")])
                                    .label("Size")
                                    .value("m"),
                            ),
                            b.add(Dropdown::new(["cat", "dog", "bird"]).label("Pet")),
                            b.add(
                                Dropdown::new(["rust", "python", "go"])
                                    .multiselect()
                                    .max_choices(2)
                                    .label("Languages")
                                    .value(["rust"]),
                            ),
                            b.add(
                                Dropdown::new(["apple", "pear"])
                                    .allow_custom_value(true)
                                    .label("Fruit (or type your own)"),
                            ),
                        )
                    });
                    b.column(|b| {
                        let summary = b.add(Json::new().label("What the function got").open(true));
                        b.add(Button::new("Summarize").primary())
                            .click(summarize, inputs, summary);
                        let pick = b.add(Textbox::new().label("Last pick"));
                        inputs.1.select(picked_colour, (), pick);
                        inputs.2.select(picked_size, (), pick);
                        inputs.4.select(picked_languages, (), pick);
                    });
                    inputs
                });
                // Shown by their labels ("Large"), loaded as their values ("l").
                b.examples(
                    (inputs.2, inputs.4),
                    [
                        (Some("l".to_owned()), vec!["go".to_owned()]),
                        (
                            Some("s".to_owned()),
                            vec!["python".to_owned(), "rust".to_owned()],
                        ),
                    ],
                );
            });
            t.tab("Text & code", |b| {
                b.row(|b| {
                    let source = b.add(
                        Code::new()
                            .language(Language::Python)
                            .label("Source")
                            .value("def f(x):\n    return x"),
                    );
                    let lines = b.add(Number::new().label("Lines"));
                    let echoed = b.add(Code::new().language(Language::Rust).label("Echoed"));
                    source.change(inspect_code, source, (lines, echoed));
                });
                b.row(|b| {
                    let markup = b.add(
                        Textbox::new()
                            .label("HTML")
                            .value("<b>bold</b> <img src=x onerror=alert(1)>"),
                    );
                    let shown = b.add(Html::new("").label("Rendered"));
                    b.button("Render").click(render_html, markup, shown);
                });
                b.row(|b| {
                    let draft = b.add(
                        Textbox::new()
                            .label("Markdown text")
                            .lines(3)
                            .value("Some **bold** text")
                            .buttons([TextboxButton::Copy]),
                    );
                    let preview = b.add(
                        Markdown::new("Some **bold** text")
                            .label("Preview")
                            .elem_id("markdown-preview"),
                    );
                    draft.change(preview_markdown, draft, preview);
                });
                b.row(|b| {
                    let colour = b.add(ColorPicker::new().label("Colour").value("#3b82f6"));
                    let swatch_html = b.add(Html::new(swatch("#3b82f6".into())).label("Swatch"));
                    colour.change(swatch, colour, swatch_html);
                });
            });
            t.tab("Data", |b| {
                let order = b.row(|b| {
                    let order = b.add(
                        Dataframe::new(
                            Table::new(["item", "price", "quantity"])
                                .row([Cell::from("tea"), 2.5.into(), 2.0.into()])
                                .row([Cell::from("cake"), 4.0.into(), 1.0.into()]),
                        )
                        .datatype([ColumnType::Str, ColumnType::Number, ColumnType::Number])
                        .label("Order"),
                    );
                    let (lines, total) = b.column(|b| {
                        (
                            b.add(
                                Dataframe::new(Table::new(["item", "total"])).label("Line totals"),
                            ),
                            b.add(Number::new().label("Grand total")),
                        )
                    });
                    order.change(order_totals, order, (lines, total));
                    b.button("Total").click(order_totals, order, (lines, total));
                    (order, lines)
                });
                let cell = b.add(Textbox::new().label("Picked cell"));
                order.0.select(picked_cell, order.0, cell);
                order.1.select(picked_total, (), cell);
            });
            t.tab("Chat", |b| {
                let chat = b.add(
                    Chatbot::new()
                        .label("Conversation")
                        .height(280)
                        .placeholder("Say something: the bot answers word by word.")
                        .assistant_avatar(LOGO)
                        // 👍 / 👎, and two reasons of its own under a flag; on the
                        // person's messages too.
                        .feedback_options(["Like", "Dislike", "Inaccurate", "Funny"])
                        .like_user_message(true),
                );
                let message = b.add(Textbox::new().label("Message").placeholder("Hello"));
                b.add(Button::new("Send").primary()).click(
                    respond,
                    (message, chat),
                    (message, chat),
                );
                message
                    .submit(respond, (message, chat), (message, chat))
                    .private();
                b.button("Count my words").click(word_counts, chat, chat);
                let picked = b.add(Textbox::new().label("Picked message"));
                chat.select(picked_message, (), picked);
                chat.like(rated_reply, (), picked);
                message.select(picked_text, (), picked);
                let attach = b.add(
                    MultimodalTextbox::new()
                        .label("Text and files")
                        .placeholder("Type, and attach files with the clip"),
                );
                let got = b.add(Textbox::new().label("What you sent"));
                attach.submit(sent, attach, got);
            });
            t.tab("State", |b| {
                let notes = b.add(State::new(Vec::<String>::new()));
                let note = b.add(Textbox::new().label("Note"));
                let shown = b.add(
                    Textbox::new()
                        .label("My notes (this session only)")
                        .lines(4),
                );
                b.add(Button::new("Add note").primary()).click(
                    add_note,
                    (note, notes),
                    (notes, shown),
                );
            });
            t.tab("Files", |b| {
                b.row(|b| {
                    let files = b.add(File::new().multiple().label("Your files"));
                    let (listing, report) = b.column(|b| {
                        (
                            b.add(Textbox::new().label("What arrived").lines(3)),
                            b.add(File::new().label("Report")),
                        )
                    });
                    // The button's endpoint is the API's `/describe_files`; the upload
                    // listener does the same for people and stays private.
                    b.button("Describe")
                        .click(describe_files, files, (listing, report));
                    files
                        .upload(describe_files, files, (listing, report))
                        .private();
                    files
                        .clear(describe_files, files, (listing, report))
                        .private();
                });
                b.row(|b| {
                    let text = b.add(Textbox::new().label("Text to save"));
                    let download = b.add(DownloadButton::new("Download the text"));
                    let status = b.add(Textbox::new().label("Download status"));
                    b.button("Make the file").click(text_file, text, download);
                    download.click(downloading, download, status);
                });
                b.row(|b| {
                    let picture = b.add(Image::new().decoded().label("Picture"));
                    // Stored as PNG rather than Gradio's default, lossless WebP.
                    let mirrored = b.add(
                        Image::new()
                            .decoded()
                            .label("Mirrored")
                            .format(ImageFormat::Png),
                    );
                    picture.upload(mirror, picture, mirrored).api_name("mirror");
                    // Only from the camera (Gradio's `sources=["webcam"]`): nothing to pick,
                    // drop or paste.
                    let selfie = b.add(
                        Image::new()
                            .decoded()
                            .label("Selfie")
                            .sources([ImageSource::Webcam]),
                    );
                    selfie.upload(mirror, selfie, mirrored).private();
                });
                b.row(|b| {
                    let source = b.add(Image::new().decoded().label("Vary this picture"));
                    let grid = b.add(Gallery::new().label("Variations").columns(3));
                    source
                        .upload(variations, source, grid)
                        .api_name("variations");
                    let picked = b.add(Textbox::new().label("Picked picture"));
                    grid.select(picked_picture, (), picked);
                    // A picture given as the initial value: served from the cache.
                    b.add(
                        Image::new()
                            .label("Logo")
                            .value(LOGO)
                            .interactive(false)
                            .height(120),
                    );
                });
                b.row(|b| {
                    let sound = b.add(Audio::new().label("Sound"));
                    let heard = b.add(Audio::new().label("Played back"));
                    sound.upload(play_back, sound, heard).api_name("play_back");
                    let clip = b.add(Video::new().label("Clip"));
                    let seen = b.add(Video::new().label("Shown back"));
                    clip.upload(play_back, clip, seen).api_name("show_back");
                });
            });
            t.tab("Classify", |b| {
                let text = b.add(
                    Textbox::new()
                        .label("Sentence")
                        .placeholder("I love fast apps"),
                );
                let label = b.add(Label::new().label("Sentiment").num_top_classes(3));
                b.add(Button::new("Classify").primary())
                    .click(classify, text, label);
                text.submit(classify, text, label).private();
            });
            let (to_events, show_extras) = t.tab("Updates", |b| {
                b.row(|b| {
                    let kind = b.add(
                        Radio::new(["short", "long", "none"])
                            .label("What kind of essay?")
                            .value("short"),
                    );
                    let essay = b.add(Textbox::new().label("Essay").lines(2).interactive(true));
                    kind.change(essay_box, kind, essay.update());
                });
                b.row(|b| {
                    let country =
                        b.add(Dropdown::new(["France", "Japan", "Peru"]).label("Country"));
                    let city = b.add(
                        Dropdown::new(Vec::<String>::new())
                            .label("City")
                            .interactive(false),
                    );
                    let trip = b.add(Textbox::new().label("Trip"));
                    country.change(cities_of, country, city.update());
                    city.change(chosen_city, city, trip);
                });
                b.row(|b| {
                    let locked = b.add(Checkbox::new().label("Lock the memo"));
                    let memo = b.add(Textbox::new().label("Memo"));
                    let save = b.add(Button::new("Save memo"));
                    save.click(|memo: String| format!("Saved: {memo}"), memo, memo)
                        .api_name("save_memo");
                    locked.change(lock_memo, locked, (memo.update(), save.update()));
                });
                b.row(|b| {
                    let show = b.add(Checkbox::new().label("Show advanced options"));
                    let (advanced, _) = b.layout(Column::new().visible(false), |b| {
                        b.add(Slider::new(0.0, 2.0).label("Temperature").value(1.0))
                    });
                    show.change(show_advanced, show, advanced.update());
                    let (details, _) = b.layout(Accordion::new("Details").open(false), |b| {
                        b.add(Markdown::new("Shown when the accordion opens."))
                    });
                    b.button("Open details").click(
                        || Accordion::update().open(true),
                        (),
                        details.update(),
                    );
                });
                b.row(|b| {
                    // Another tab shown by a function (Gradio's `gr.Tabs(selected=...)`), and
                    // a tab a function shows and hides (`gr.Tab(visible=...)`).
                    let to_events = b.add(Button::new("Go to the Events tab"));
                    let show_extras = b.add(Checkbox::new().label("Show the Extras tab"));
                    (to_events, show_extras)
                })
            });
            let (events, _) = t.layout_tab(Tab::new("Events").id("events"), |b| {
                let open = b.add(Number::new().label("Pages open (when this one loaded)"));
                open.value_from(page_opened).private();
                b.add(Textbox::new().label("Server clock (UTC)"))
                    .value_every(server_clock, std::time::Duration::from_secs(1))
                    .private();
                b.unload(page_closed);
                // A clock: every half second the count goes up (quietly: no pending stripe).
                let ticks = b.add(Number::new().label("Ticks").value(0.0));
                b.add(Timer::new(0.5))
                    .tick(|n: f64| n + 1.0, ticks, ticks)
                    .show_progress(ShowProgress::Hidden)
                    .api_name("tick");
                b.row(|b| {
                    let once = b.add(Number::new().label("Runs (once)"));
                    b.add(Button::new("Count (once)"))
                        .click(count_once, (), once);
                    let every = b.add(Number::new().label("Runs (every click)"));
                    b.add(Button::new("Count (every click)"))
                        .click(count_every, (), every)
                        .trigger_mode(TriggerMode::Multiple);
                    let text = b.add(Textbox::new().label("Batch input").value("hey"));
                    let shouted = b.add(Textbox::new().label("Batched"));
                    let shout = b.add(Button::new("Shout (batched)"));
                    b.on_batch([shout.clicked()], shout_batch, text, shouted)
                        .max_batch_size(4)
                        .trigger_mode(TriggerMode::Multiple);
                    let served = b.add(Textbox::new().label("Line"));
                    b.add(Button::new("Wait in line"))
                        .click(wait_in_line, (), served)
                        .trigger_mode(TriggerMode::Multiple);
                });
                b.row(|b| {
                    for (name, show) in [
                        ("Full", ShowProgress::Full),
                        ("Minimal", ShowProgress::Minimal),
                        ("Hidden", ShowProgress::Hidden),
                    ] {
                        b.column(|b| {
                            let out = b.add(Textbox::new().label(format!("{name} progress")));
                            b.add(Button::new(format!("Run ({name})")))
                                .click(four_steps, (), out)
                                .show_progress(show)
                                .api_name(format!("four_steps_{}", name.to_lowercase()));
                        });
                    }
                });
                // A failure with no output to show it on is a toast (Gradio's `gr.Error`).
                b.add(Button::new("Empty the bin")).click(empty_bin, (), ());
            });
            let (extras, opened) =
                t.layout_tab(Tab::new("Extras").id("extras").visible(false), |b| {
                    b.add(Markdown::new(
                        "A tab a function shows: `Tab::update().visible(true)`.",
                    ));
                    b.add(Textbox::new().label("Opened"))
                });
            show_extras.change(show_tab, show_extras, extras.update());
            // Which tab showed last, by a click or by a function ("Go to the Events tab").
            extras.select(opened_tab, (), opened).private();
            events.select(opened_tab, (), opened).private();
            to_events
        });
        to_events.click(|| Tabs::update().selected("events"), (), tabs.update());
        b.accordion_with(Accordion::new("More inputs").open(false), |b| {
            let n = b.add(Number::new().label("A number").value(4.0));
            let s = b.add(Slider::new(0.0, 10.0).label("A slider").value(2.0));
            let sum = b.add(Number::new().label("Their sum"));
            // Quick: the page calls it directly, never behind others in the queue.
            b.button("Add them")
                .click(|a: f64, b: f64| a + b, (n, s), sum)
                .queue(false);
        });
    })
    .title("Kitchen sink")
    // Wherever the app runs from, it may hand out its own assets (Gradio's `allowed_paths`).
    .allowed_paths([ASSETS])
}

#[cfg(test)]
mod tests {
    use super::*;
    use ferrio::components::EventName;

    #[test]
    fn updates_say_what_changes() {
        let short = essay_box(Some("short".into()));
        assert_eq!(short.props()["lines"], 2);
        assert_eq!(short.props()["visible"], true);
        assert_eq!(essay_box(None).props()["visible"], false);
        let (props, value) = (cities_of(Some("Peru".into())).props().clone(), {
            let (value, _) = cities_of(Some("Peru".into())).into_parts();
            value
        });
        assert_eq!(
            props["choices"],
            serde_json::json!([["Lima", "Lima"], ["Cusco", "Cusco"]])
        );
        assert_eq!(props["label"], "City in Peru");
        assert_eq!(value, Some(Some("Lima".to_owned())));
        assert_eq!(show_advanced(true).props()["visible"], true);
        assert_eq!(show_tab(false).props()["visible"], false);
        assert_eq!(
            opened_tab(SelectData::new(7, "Extras".into())),
            "Opened “Extras”, tab 8 of the strip"
        );
        let nowhere = cities_of(None);
        assert_eq!(nowhere.props()["interactive"], false);
        let (memo, save) = lock_memo(true);
        assert_eq!(memo.props()["interactive"], false);
        assert_eq!(save.props()["variant"], "stop");
        assert_eq!(chosen_city(Some("Lima".into())), "Off to Lima!");
    }

    #[test]
    fn values_computed_at_load_are_load_listeners_of_their_component() {
        let config = app().config("");
        let id_of = |label: &str| {
            config
                .components
                .iter()
                .find(|c| serde_json::to_value(&c.block).unwrap()["props"]["label"] == label)
                .map(|c| c.id)
                .unwrap()
        };
        let clock = id_of("Server clock (UTC)");
        let dep = config
            .dependencies
            .iter()
            .find(|d| d.outputs == [clock])
            .expect("a listener writes the clock");
        assert!(dep.inputs.is_empty());
        let events: Vec<EventName> = dep.targets.iter().map(|t| t.1).collect();
        assert_eq!(events, [EventName::Load, EventName::Tick]);
        assert_eq!(dep.show_progress, ShowProgress::Hidden);
        let opened = id_of("Pages open (when this one loaded)");
        assert!(config
            .dependencies
            .iter()
            .any(|d| d.outputs == [opened] && d.targets.iter().any(|t| t.1 == EventName::Load)));
        let clock = server_clock();
        assert_eq!(clock.len(), 8, "{clock}");
        assert_eq!(clock.matches(':').count(), 2, "{clock}");
    }

    #[test]
    fn counters_count_their_runs() {
        let first = count_every();
        assert_eq!(count_every(), first + 1.0);
        assert_eq!(four_steps(), "Done");
    }

    #[test]
    fn event_options_reach_the_config() {
        let config = app().config("");
        let by_api = |name: &str| {
            config
                .dependencies
                .iter()
                .find(|d| d.api_name.as_deref() == Some(name))
                .unwrap_or_else(|| panic!("no /{name}"))
        };
        assert_eq!(by_api("count_once").trigger_mode, TriggerMode::Once);
        assert_eq!(by_api("count_every").trigger_mode, TriggerMode::Multiple);
        assert_eq!(by_api("four_steps_full").show_progress, ShowProgress::Full);
        assert_eq!(
            by_api("four_steps_minimal").show_progress,
            ShowProgress::Minimal
        );
        assert_eq!(
            by_api("four_steps_hidden").show_progress,
            ShowProgress::Hidden
        );
        // A `change` listener keeps the latest trigger, as in Gradio.
        let change = config
            .dependencies
            .iter()
            .find(|d| d.targets.iter().any(|t| t.1 == EventName::Change))
            .expect("the kitchen sink has a change listener");
        assert_eq!(change.trigger_mode, TriggerMode::AlwaysLast);
        // The Timer's tick listener, on the timer (a component of type "timer").
        let tick = by_api("tick");
        let (timer, event) = tick.targets[0];
        assert_eq!(event, EventName::Tick);
        let block = &config
            .components
            .iter()
            .find(|c| Some(c.id) == timer)
            .unwrap()
            .block;
        assert_eq!(block.type_name(), "timer");
        assert_eq!(tick.show_progress, ShowProgress::Hidden);
    }

    #[test]
    fn summary_shows_every_value() {
        let v = summarize(
            true,
            vec!["Red".into()],
            Some("m".into()),
            None,
            vec![],
            None,
        );
        assert_eq!(v["agree"], true);
        assert_eq!(v["colours"], json!(["Red"]));
        assert_eq!(v["pet"], json!(null));
    }

    #[test]
    fn classifier_refuses_empty_text_and_favours_happy_words() {
        assert!(classify("  ".into()).is_err());
        let LabelValue::Confidences(c) = classify("I love fast apps".into()).unwrap() else {
            panic!("confidences expected")
        };
        let top = c.iter().max_by(|a, b| a.1.total_cmp(&b.1)).unwrap();
        assert_eq!(top.0, "positive");
    }

    #[test]
    fn notes_accumulate_and_empty_ones_are_refused() {
        let (notes, shown) = add_note("a".into(), vec![]).unwrap();
        let (_, shown2) = add_note(" b ".into(), notes).unwrap();
        assert_eq!(shown, "a");
        assert_eq!(shown2, "a\nb");
        assert!(add_note(" ".into(), vec![]).is_err());
    }

    #[tokio::test]
    async fn the_reply_streams_word_by_word() {
        let like: LikeData =
            serde_json::from_value(json!({"index": 1, "value": ["Hi", "there"], "liked": false}))
                .unwrap();
        assert_eq!(rated_reply(like.clone()), "Dislike on reply 2: Hi\nthere");
        let taken_back = LikeData {
            liked: Feedback::Removed,
            ..like
        };
        assert_eq!(rated_reply(taken_back), "Took back the rating of reply 2");
        let message = MultimodalValue {
            text: "hi".into(),
            files: vec!["/c/1/a.png".into(), "/c/2/b.txt".into()],
        };
        assert_eq!(sent(message), "2 file(s) [a.png, b.txt], text: hi");
        let steps: Vec<_> = respond("hi there".into(), vec![]).collect().await;
        let last = steps.last().unwrap().as_ref().unwrap();
        assert_eq!(
            last.1,
            vec![
                ChatMessage::user("hi there"),
                ChatMessage::assistant("You said: hi there")
            ]
        );
        assert_eq!(steps.len(), 5);
        assert!(respond(" ".into(), vec![]).collect::<Vec<_>>().await[0].is_err());
    }

    #[test]
    fn word_counts_reply_with_a_label_in_a_message() {
        let history = vec![
            ChatMessage::user("Tea, tea and cake"),
            ChatMessage::assistant("You said: Tea, tea and cake"),
        ];
        let chat = word_counts(history).unwrap();
        assert_eq!(chat.len(), 4);
        assert_eq!(
            chat[2].text(),
            Some("You wrote **4** words; the most used:")
        );
        let [MessageContent::Component(counted)] = &chat[3].content[..] else {
            panic!("a component message: {:?}", chat[3]);
        };
        assert_eq!(counted.component, "label");
        assert_eq!(counted.props["label"], "Most used words");
        assert_eq!(counted.props["num_top_classes"], 3);
        let data = counted.data(&Label::new()).unwrap();
        assert_eq!(data.label.as_deref(), Some("tea"));
        assert_eq!(data.confidences.unwrap()[0].confidence, 0.5);
        // The bot's words don't count.
        assert!(word_counts(vec![ChatMessage::assistant("hello")]).is_err());
    }

    #[test]
    fn order_totals_per_line_and_overall() {
        let order = Table::new(["item", "price", "quantity"])
            .row([Cell::from("tea"), 2.5.into(), 2.0.into()])
            .row([Cell::from("cake"), 4.0.into(), Cell::Empty(())]);
        let (lines, total) = order_totals(order);
        assert_eq!(total, 5.0);
        assert_eq!(lines.data[0], vec![Cell::from("tea"), Cell::Number(5.0)]);
        assert_eq!(lines.data[1][1], Cell::Number(0.0));
    }

    #[test]
    fn picks_are_told_in_words() {
        let order = Table::new(["item", "price"]).row([Cell::from("tea"), 2.5.into()]);
        let cell = SelectData::<Dataframe>::new((0, 1), 2.5.into());
        assert_eq!(picked_cell(cell, order), "tea · price = 2.5");
        let mut total = SelectData::<Dataframe>::new((0, 0), "tea".into());
        total.row_value = Some(vec!["tea".into(), 5.0.into()]);
        assert_eq!(picked_total(total), "Line totals, row 1: tea 5");
        let mut colour = SelectData::<CheckboxGroup>::new(1, "Green".into());
        colour.selected = false;
        assert_eq!(picked_colour(colour), "Colours: unticked Green");
        let text = SelectData::<Textbox>::new((6, 11), "wörld".into());
        assert_eq!(picked_text(text), "Selected \"wörld\" (characters 6–11)");
        assert_eq!(
            picked_picture(SelectData::new(0, None)),
            "Picture 1: no caption"
        );
    }

    #[test]
    fn a_batch_answers_each_of_its_texts() {
        assert_eq!(
            shout_batch(vec!["a".into(), "b".into()]),
            ["A (one of 2 in this call)", "B (one of 2 in this call)"]
        );
    }

    #[test]
    fn pages_are_counted_in_and_out() {
        let first = page_opened();
        page_closed(SessionHash("s".into()));
        assert_eq!(page_opened(), first);
        page_closed(SessionHash("s".into()));
    }

    #[test]
    fn code_lines_are_counted() {
        assert_eq!(inspect_code("a\nb".into()).0, 2.0);
    }

    #[test]
    fn the_app_builds_with_every_block_kind() {
        let config = app().config("");
        let mut kinds: Vec<&str> = config
            .components
            .iter()
            .map(|c| c.block.type_name())
            .collect();
        kinds.sort();
        kinds.dedup();
        for kind in [
            "accordion",
            "button",
            "checkbox",
            "checkboxgroup",
            "code",
            "colorpicker",
            "column",
            "dropdown",
            "form",
            "html",
            "json",
            "label",
            "markdown",
            "number",
            "radio",
            "row",
            "sidebar",
            "slider",
            "tabitem",
            "tabs",
            "textbox",
        ] {
            assert!(kinds.contains(&kind), "{kind} missing from {kinds:?}");
        }
    }
}
