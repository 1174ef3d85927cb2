//! Markdown → HTML on the server, so the browser bundle carries no parser. The output is safe to
//! insert as HTML: raw HTML in the source is shown as text, and links can't run script.

use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag};

/// Renders `source` to HTML with no way to inject markup or script. With `line_breaks`, a
/// single newline breaks the line (as chat messages are written), not only a blank line.
pub(crate) fn render(source: &str, line_breaks: bool) -> String {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let events = Parser::new_ext(source, options).map(|event| match event {
        // Raw HTML becomes visible text (escaped by the writer).
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::SoftBreak if line_breaks => Event::HardBreak,
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        other => other,
    });
    let mut out = String::with_capacity(source.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}

/// Keeps relative URLs and the schemes a link may carry; anything else (`javascript:`, `data:`,
/// `vbscript:`, ...) becomes `#`.
fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    let lower: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    let scheme = lower.split_once(':').map(|(s, _)| s);
    match scheme {
        None => url,
        // A colon after a path or query separator isn't a scheme.
        Some(s) if s.contains(['/', '?', '#']) => url,
        Some("http" | "https" | "mailto") => url,
        Some(_) => CowStr::Borrowed("#"),
    }
}

#[cfg(test)]
mod tests {
    use super::render;

    #[test]
    fn renders_common_markdown() {
        let html = render(
            "# Title\n\nSome **bold** and [a link](https://example.com).",
            false,
        );
        assert!(html.contains("<h1>Title</h1>"), "{html}");
        assert!(html.contains("<strong>bold</strong>"), "{html}");
        assert!(
            html.contains(r#"<a href="https://example.com">a link</a>"#),
            "{html}"
        );
    }

    #[test]
    fn raw_html_is_shown_as_text() {
        let html = render(
            "hi <script>alert(1)</script>\n\n<img src=x onerror=alert(1)>",
            false,
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn script_urls_are_dropped() {
        for src in [
            "[x](javascript:alert(1))",
            "[x]( JavaScript:alert(1))",
            "[x](data:text/html,hi)",
            "![i](vbscript:x)",
        ] {
            let html = render(src, false);
            assert!(
                !html.to_ascii_lowercase().contains("script:"),
                "{src} → {html}"
            );
            assert!(!html.contains("data:"), "{src} → {html}");
        }
        assert!(render("[x](/relative?a=b:c)", false).contains(r#"href="/relative?a=b:c""#));
    }

    #[test]
    fn line_breaks_keep_single_newlines() {
        assert_eq!(render("one\ntwo", false), "<p>one\ntwo</p>\n");
        assert_eq!(render("one\ntwo", true), "<p>one<br />\ntwo</p>\n");
    }
}
