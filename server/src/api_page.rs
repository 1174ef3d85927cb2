//! The API page (`/?view=api`, "Use via API" in the footer): every endpoint of
//! `/gradio_api/info` with its parameters and returns, and a copy-ready call in Python
//! (`gradio_client`), JavaScript (`@gradio/client`), curl (the two-step REST API) and Rust
//! (`reqwest`). Rendered on the server: it adds nothing to the app's wasm bundle.
//!
//! Each snippet uses the parameters' example values. A file parameter names a local file after
//! the example's name (`sample_file.pdf`): the Python and JavaScript clients upload it, and
//! the curl and Rust calls upload it first (`/gradio_api/upload`), as a program must.

use std::collections::BTreeMap;
use std::fmt::Write;

use leptos::prelude::*;

use crate::api_info::{ApiInfo, EndpointInfo};

/// The languages a call is shown in, in the page's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SnippetLanguage {
    Python,
    JavaScript,
    Curl,
    Rust,
}

impl SnippetLanguage {
    pub(crate) const ALL: [SnippetLanguage; 4] = [
        SnippetLanguage::Python,
        SnippetLanguage::JavaScript,
        SnippetLanguage::Curl,
        SnippetLanguage::Rust,
    ];

    /// The `data-lang` of its snippets.
    pub(crate) fn id(self) -> &'static str {
        match self {
            SnippetLanguage::Python => "python",
            SnippetLanguage::JavaScript => "javascript",
            SnippetLanguage::Curl => "bash",
            SnippetLanguage::Rust => "rust",
        }
    }

    fn name(self) -> &'static str {
        match self {
            SnippetLanguage::Python => "Python",
            SnippetLanguage::JavaScript => "JavaScript",
            SnippetLanguage::Curl => "curl",
            SnippetLanguage::Rust => "Rust",
        }
    }

    /// What the reader needs installed first.
    fn install(self) -> &'static str {
        match self {
            SnippetLanguage::Python => "pip install gradio_client",
            SnippetLanguage::JavaScript => "npm i @gradio/client",
            SnippetLanguage::Curl => "curl, in any shell",
            SnippetLanguage::Rust => {
                "cargo add reqwest --features json,multipart; \
                 cargo add serde_json; cargo add tokio --features full"
            }
        }
    }
}

/// One argument of a call: a value, or a local file to upload.
enum Arg {
    Json(serde_json::Value),
    File(String),
}

/// The example value of each parameter, with files as local file names.
fn args(endpoint: &EndpointInfo) -> Vec<(String, Arg)> {
    endpoint
        .parameters
        .iter()
        .map(|p| {
            let arg = match file_name(&p.example_input) {
                Some(name) => Arg::File(name),
                None => Arg::Json(p.example_input.clone()),
            };
            (p.parameter_name.clone(), arg)
        })
        .collect()
}

/// The name of the file an example `FileData` stands for.
fn file_name(example: &serde_json::Value) -> Option<String> {
    let is_file = example
        .pointer("/meta/_type")
        .is_some_and(|t| t == "gradio.FileData");
    if !is_file {
        return None;
    }
    let name = example["orig_name"]
        .as_str()
        .or_else(|| example["path"].as_str()?.rsplit('/').next())
        .filter(|n| !n.is_empty())
        .unwrap_or("file.txt");
    // Kept to characters every snippet can quote as they are.
    let name: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || "._-".contains(*c))
        .collect();
    Some(if name.trim_matches('.').is_empty() {
        "file.txt".to_owned()
    } else {
        name
    })
}

/// The call to `api_name` (`/echo`) of the app at `root`, in `language`.
pub(crate) fn snippet(
    language: SnippetLanguage,
    root: &str,
    api_name: &str,
    endpoint: &EndpointInfo,
) -> String {
    let args = args(endpoint);
    match language {
        SnippetLanguage::Python => python(root, api_name, &args),
        SnippetLanguage::JavaScript => javascript(root, api_name, &args),
        SnippetLanguage::Curl => curl(root, api_name, &args),
        SnippetLanguage::Rust => rust(root, api_name, &args),
    }
}

/// The call to `api_name` in every language, keyed by `data-lang` (`/info`'s `code_snippets`).
pub(crate) fn snippets(
    root: &str,
    api_name: &str,
    endpoint: &EndpointInfo,
) -> BTreeMap<&'static str, String> {
    SnippetLanguage::ALL
        .iter()
        .map(|&language| (language.id(), snippet(language, root, api_name, endpoint)))
        .collect()
}

fn python(root: &str, api_name: &str, args: &[(String, Arg)]) -> String {
    let files = args.iter().any(|(_, a)| matches!(a, Arg::File(_)));
    let mut s = String::new();
    let import = if files {
        "Client, handle_file"
    } else {
        "Client"
    };
    let _ = writeln!(s, "from gradio_client import {import}\n");
    let _ = writeln!(s, "client = Client({})", json_str(root));
    let _ = writeln!(s, "result = client.predict(");
    // By name where every name can be a keyword argument of its own (not `predict`'s own, not
    // twice); else all by position (a keyword can't come before a positional one).
    let mut seen = std::collections::HashSet::new();
    let by_name = args.iter().all(|(name, _)| {
        is_python_identifier(name)
            && !["api_name", "fn_index"].contains(&name.as_str())
            && seen.insert(name.as_str())
    });
    for (name, arg) in args {
        let value = match arg {
            Arg::File(f) => format!("handle_file({})", json_str(f)),
            Arg::Json(v) => python_literal(v),
        };
        if by_name {
            let _ = writeln!(s, "    {name}={value},");
        } else {
            let _ = writeln!(s, "    {value},");
        }
    }
    let _ = writeln!(s, "    api_name={},", json_str(api_name));
    let _ = writeln!(s, ")");
    s.push_str("print(result)\n");
    s
}

/// A name Python takes as a keyword argument (ASCII, as our parameter names are made).
fn is_python_identifier(name: &str) -> bool {
    const KEYWORDS: &[&str] = &[
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
        "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
        "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return",
        "try", "while", "with", "yield",
    ];
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !KEYWORDS.contains(&name)
}

/// JSON as a Python literal (`None`, `True`, dicts and lists as they are).
fn python_literal(v: &serde_json::Value) -> String {
    use serde_json::Value;
    match v {
        Value::Null => "None".to_owned(),
        Value::Bool(true) => "True".to_owned(),
        Value::Bool(false) => "False".to_owned(),
        Value::Number(n) => n.to_string(),
        Value::String(text) => json_str(text),
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(python_literal).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Object(map) => {
            let items: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}: {}", json_str(k), python_literal(v)))
                .collect();
            format!("{{{}}}", items.join(", "))
        }
    }
}

/// A string literal that Python, JavaScript and Rust all read the same way. JSON's `\u` escape
/// becomes `\u{...}` in Rust.
fn json_str(text: &str) -> String {
    serde_json::Value::from(text).to_string()
}

fn javascript(root: &str, api_name: &str, args: &[(String, Arg)]) -> String {
    let files = args.iter().any(|(_, a)| matches!(a, Arg::File(_)));
    let mut s = String::from("import { Client } from \"@gradio/client\";\n");
    if files {
        s.push_str("import { readFile } from \"node:fs/promises\";\n");
    }
    let _ = writeln!(
        s,
        "\nconst client = await Client.connect({});",
        json_str(root)
    );
    let _ = writeln!(
        s,
        "const result = await client.predict({}, {{",
        json_str(api_name)
    );
    for (name, arg) in args {
        let value = match arg {
            // Named, so the server knows its kind (a Blob has no name). In a browser, pass the
            // File from an <input type="file"> instead.
            Arg::File(f) => {
                let f = json_str(f);
                format!("new File([await readFile({f})], {f})")
            }
            Arg::Json(v) => v.to_string(),
        };
        let _ = writeln!(s, "  {}: {value},", json_str(name));
    }
    s.push_str("});\nconsole.log(result.data);\n");
    s
}

/// Single-quoted for a POSIX shell.
fn sh_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r#"'\''"#))
}

/// An endpoint's name as a URL path segment: anything but letters, digits, `-`, `_` and `.`
/// is percent-encoded, so no name can end the string or the command around it.
fn path_segment(api_name: &str) -> String {
    use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
    const SEGMENT: &percent_encoding::AsciiSet =
        &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.');
    utf8_percent_encode(api_name.trim_start_matches('/'), SEGMENT).to_string()
}

fn curl(root: &str, api_name: &str, args: &[(String, Arg)]) -> String {
    let name = path_segment(api_name);
    let mut s = format!("URL={}\n", sh_quote(root));
    // Keyword arguments, as Gradio 6's `/call/v2` takes them.
    let mut data = Vec::new();
    let mut uploads = 0;
    for (param, arg) in args {
        let key = json_str(param);
        match arg {
            Arg::Json(v) => data.push(format!("{key}: {v}")),
            Arg::File(f) => {
                uploads += 1;
                let var = format!("FILE_{uploads}");
                let _ = writeln!(
                    s,
                    "# Upload the file; the server answers with its path.\n\
                     {var}=$(curl -s -F files=@{} \"$URL/gradio_api/upload\" | awk -F'\"' '{{ print $2 }}')",
                    sh_quote(f)
                );
                data.push(format!(
                    r#"{key}: {{"path": "@{var}@", "meta": {{"_type": "gradio.FileData"}}}}"#
                ));
            }
        }
    }
    // The JSON body, single-quoted, with each uploaded path spliced in from its variable.
    let mut body = sh_quote(&format!("{{{}}}", data.join(", ")));
    for n in 1..=uploads {
        body = body.replace(&format!("@FILE_{n}@"), &format!("'\"$FILE_{n}\"'"));
    }
    let _ = writeln!(
        s,
        "EVENT_ID=$(curl -s -X POST \"$URL/gradio_api/call/v2/{name}\" \\\n  \
         -H \"Content-Type: application/json\" \\\n  \
         -d {body} \\\n  | awk -F'\"' '{{ print $4 }}')"
    );
    let _ = writeln!(s, "curl -s -N \"$URL/gradio_api/call/{name}/$EVENT_ID\"");
    s
}

fn rust(root: &str, api_name: &str, args: &[(String, Arg)]) -> String {
    let name = path_segment(api_name);
    let mut s = String::from(
        "use serde_json::{json, Value};\n\n\
         #[tokio::main]\n\
         async fn main() -> Result<(), Box<dyn std::error::Error>> {\n",
    );
    let _ = writeln!(s, "    let url = {};", rust_str(root));
    s.push_str("    let http = reqwest::Client::new();\n");
    // Keyword arguments, as Gradio 6's `/call/v2` takes them (`json!` keys are Rust strings).
    let mut data = Vec::new();
    let mut uploads = 0;
    for (param, arg) in args {
        let key = rust_str(param);
        match arg {
            Arg::Json(v) => data.push(format!("{key}: {v}")),
            Arg::File(f) => {
                uploads += 1;
                let file = rust_str(f);
                let _ = writeln!(
                    s,
                    "    // Upload the file; the server answers with its path.\n    \
                     let part = reqwest::multipart::Part::bytes(std::fs::read({file})?)\n        \
                     .file_name({file});\n    \
                     let form = reqwest::multipart::Form::new().part(\"files\", part);\n    \
                     let paths: Vec<String> = http\n        \
                     .post(format!(\"{{url}}/gradio_api/upload\"))\n        \
                     .multipart(form)\n        \
                     .send()\n        \
                     .await?\n        \
                     .error_for_status()?\n        \
                     .json()\n        \
                     .await?;\n    \
                     let file_{uploads} = json!({{\"path\": paths[0], \"meta\": {{\"_type\": \"gradio.FileData\"}}}});"
                );
                data.push(format!("{key}: file_{uploads}"));
            }
        }
    }
    let _ = writeln!(
        s,
        "    let started: Value = http\n        \
         .post(format!(\"{{url}}/gradio_api/call/v2/{name}\"))\n        \
         .json(&json!({{{}}}))\n        \
         .send()\n        \
         .await?\n        \
         .error_for_status()?\n        \
         .json()\n        \
         .await?;\n    \
         let event_id = started[\"event_id\"].as_str().ok_or(\"no event id\")?;\n    \
         let stream = http\n        \
         .get(format!(\"{{url}}/gradio_api/call/{name}/{{event_id}}\"))\n        \
         .send()\n        \
         .await?\n        \
         .text()\n        \
         .await?;",
        data.join(", ")
    );
    s.push_str(
        "    // Server-sent events: `event: complete` and then the outputs as `data:`, or `event: error`.\n    \
         let mut event = \"\";\n    \
         let mut outputs = None;\n    \
         for line in stream.lines() {\n        \
         if let Some(name) = line.strip_prefix(\"event: \") {\n            \
         event = name;\n        \
         } else if let Some(data) = line.strip_prefix(\"data: \") {\n            \
         match event {\n                \
         \"complete\" => outputs = Some(serde_json::from_str::<Value>(data)?),\n                \
         \"error\" => return Err(format!(\"the call failed: {data}\").into()),\n                \
         _ => {}\n            \
         }\n        \
         }\n    \
         }\n    \
         let outputs = outputs.ok_or(\"the stream ended without a result\")?;\n    \
         println!(\"{outputs}\");\n    \
         Ok(())\n\
         }\n",
    );
    s
}

/// A Rust string literal.
fn rust_str(text: &str) -> String {
    format!("{text:?}")
}

/// The whole page, for the app titled `title` at `root`.
/// `theme_hash` names the app's `/theme.css`, which the page uses too.
pub(crate) fn render(title: &str, theme_hash: &str, root: &str, info: &ApiInfo) -> String {
    let theme = format!("/theme.css?v={theme_hash}");
    let title = title.to_owned();
    let root = root.to_owned();
    let count = info.named_endpoints.len();
    let endpoints: Vec<(String, EndpointInfo)> = info
        .named_endpoints
        .iter()
        .map(|(name, e)| (name.clone(), e.clone()))
        .collect();
    let theme_script = "try{var t=new URLSearchParams(location.search).get('__theme')||\
        localStorage.getItem('ferrio-theme');if(t==='dark'||t==='light')\
        document.documentElement.dataset.theme=t}catch(e){}";
    let owner = Owner::new();
    let html = owner.with(|| {
        let sections = endpoints
            .into_iter()
            .map(|(name, endpoint)| endpoint_section(&root, name, endpoint))
            .collect_view();
        let languages = SnippetLanguage::ALL
            .map(|l| {
                view! {
                    <button type="button" class="lang" data-lang=l.id()
                        aria-pressed=if l == SnippetLanguage::Python { "true" } else { "false" }>
                        {l.name()}
                    </button>
                }
            })
            .into_iter()
            .collect_view();
        let endpoint_word = if count == 1 { "endpoint" } else { "endpoints" };
        view! {
            <html lang="en">
                <head>
                    <meta charset="utf-8"/>
                    <meta name="viewport" content="width=device-width, initial-scale=1"/>
                    <title>{format!("API · {title}")}</title>
                    <link rel="icon" type="image/svg+xml" href="/favicon.svg"/>
                    <link rel="stylesheet" href=crate::frontend::BUNDLE.css_url()/>
                    <link rel="stylesheet" href=theme/>
                    <script inner_html=theme_script></script>
                </head>
                <body class="api-page" data-lang="python">
                    <main class="contain">
                        <p><a href="./">"← Back to the app"</a></p>
                        <h1>{format!("API of {title}")}</h1>
                        <p>
                            {format!("{count} {endpoint_word}. Call them from any program: ")}
                            "the calls below are ready to copy, with example values. "
                            <a href="gradio_api/info">"/gradio_api/info"</a>" describes them as data and "
                            <a href="gradio_api/openapi.json">"/gradio_api/openapi.json"</a>
                            " as OpenAPI."
                        </p>
                        <div class="langs" role="group" aria-label="SnippetLanguage">{languages}</div>
                        <p class="install">
                            {SnippetLanguage::ALL.map(|l| view! {
                                <span class="snippet" data-lang=l.id()>{format!("Needs: {}", l.install())}</span>
                            }).into_iter().collect_view()}
                        </p>
                        {sections}
                    </main>
                    <script inner_html=PAGE_SCRIPT></script>
                </body>
            </html>
        }
        .to_html()
    });
    format!("<!DOCTYPE html>{html}")
}

/// Picks the language shown (remembered) and copies a snippet.
const PAGE_SCRIPT: &str = r#"
(function () {
  function pick(lang) {
    document.body.dataset.lang = lang;
    document.querySelectorAll('button.lang').forEach(function (b) {
      b.setAttribute('aria-pressed', String(b.dataset.lang === lang));
    });
    try { localStorage.setItem('ferrio-api-lang', lang); } catch (e) {}
  }
  document.querySelectorAll('button.lang').forEach(function (b) {
    b.addEventListener('click', function () { pick(b.dataset.lang); });
  });
  document.querySelectorAll('button.copy').forEach(function (b) {
    b.addEventListener('click', function () {
      var code = b.closest('figure').querySelector('code').textContent;
      navigator.clipboard.writeText(code).then(function () {
        b.textContent = 'Copied';
        setTimeout(function () { b.textContent = 'Copy'; }, 1500);
      });
    });
  });
  try { var saved = localStorage.getItem('ferrio-api-lang'); if (saved) pick(saved); } catch (e) {}
})();
"#;

fn endpoint_section(root: &str, name: String, endpoint: EndpointInfo) -> impl IntoView {
    let snippets = SnippetLanguage::ALL
        .map(|l| {
            let code = snippet(l, root, &name, &endpoint);
            view! {
                <figure class="snippet" data-lang=l.id() data-endpoint=name.clone()>
                    <figcaption>
                        <span>{l.name()}</span>
                        <button type="button" class="copy">"Copy"</button>
                    </figcaption>
                    <pre><code>{code}</code></pre>
                </figure>
            }
        })
        .into_iter()
        .collect_view();
    let params = endpoint
        .parameters
        .iter()
        .map(|p| {
            view! {
                <tr>
                    <td><code>{p.parameter_name.clone()}</code></td>
                    <td><code>{p.python_type.type_name.clone()}</code></td>
                    <td>{format!("{} “{}”", p.component, p.label)}</td>
                </tr>
            }
        })
        .collect_view();
    let returns = endpoint
        .returns
        .iter()
        .enumerate()
        .map(|(i, r)| {
            view! {
                <tr>
                    <td>{format!("[{i}]")}</td>
                    <td><code>{r.python_type.type_name.clone()}</code></td>
                    <td>{format!("{} “{}”", r.component, r.label)}</td>
                </tr>
            }
        })
        .collect_view();
    let no_params = endpoint.parameters.is_empty();
    let no_returns = endpoint.returns.is_empty();
    let description = (!endpoint.description.is_empty()).then(|| {
        view! { <p>{endpoint.description.clone()}</p> }
    });
    let id = format!("endpoint-{}", name.trim_start_matches('/'));
    view! {
        <section class="endpoint" id=id>
            <h2><code>{name.clone()}</code></h2>
            {description}
            <table class="api-table">
                <caption>"Parameters"</caption>
                <thead><tr><th>"Name"</th><th>"Type"</th><th>"Component"</th></tr></thead>
                <tbody>{params}</tbody>
            </table>
            {no_params.then(|| view! { <p class="none">"No parameters."</p> })}
            <table class="api-table">
                <caption>"Returns"</caption>
                <thead><tr><th>"Output"</th><th>"Type"</th><th>"Component"</th></tr></thead>
                <tbody>{returns}</tbody>
            </table>
            {no_returns.then(|| view! { <p class="none">"Returns nothing."</p> })}
            {snippets}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference() -> ApiInfo {
        crate::test_demos::reference::app().api_info()
    }

    #[test]
    fn python_calls_with_keywords_and_handles_files() {
        let info = reference();
        let echo = snippet(
            SnippetLanguage::Python,
            "http://h:1",
            "/echo",
            &info.named_endpoints["/echo"],
        );
        assert_eq!(
            echo,
            "from gradio_client import Client\n\nclient = Client(\"http://h:1\")\n\
             result = client.predict(\n    text=\"Hello!!\",\n    api_name=\"/echo\",\n)\nprint(result)\n"
        );
        let size = snippet(
            SnippetLanguage::Python,
            "http://h:1",
            "/filesize",
            &info.named_endpoints["/filesize"],
        );
        assert!(size.contains("import Client, handle_file"), "{size}");
        assert!(
            size.contains("=handle_file(\"sample_file.pdf\"),"),
            "{size}"
        );
    }

    #[test]
    fn no_name_or_value_breaks_out_of_a_snippet() {
        let mut info = reference();
        let mut endpoint = info.named_endpoints.remove("/echo").unwrap();
        endpoint.parameters[0].example_input = "it's \"$(rm -rf ~)\"`x`".into();
        let name = "/a\"b'{c}$(d)";
        let curl = snippet(SnippetLanguage::Curl, "http://h:1", name, &endpoint);
        assert!(
            curl.contains("/gradio_api/call/v2/a%22b%27%7Bc%7D%24%28d%29\""),
            "{curl}"
        );
        assert!(
            curl.contains(r#"-d '{"text": "it'\''s \"$(rm -rf ~)\"`x`"}'"#),
            "{curl}"
        );
        let rust = snippet(SnippetLanguage::Rust, "http://h:1", name, &endpoint);
        assert!(
            rust.contains("call/v2/a%22b%27%7Bc%7D%24%28d%29\")"),
            "{rust}"
        );
        let python = snippet(SnippetLanguage::Python, "http://h:1", name, &endpoint);
        assert!(python.contains(r#"api_name="/a\"b'{c}$(d)","#), "{python}");
        // A name that can't be a keyword argument (`.parameter_names`): all by position.
        endpoint.parameters[0].parameter_name = "your text); import os; (x".into();
        let python = snippet(SnippetLanguage::Python, "http://h:1", "/echo", &endpoint);
        assert!(
            python.contains("client.predict(\n    \"it's \\\"$(rm -rf ~)\\\"`x`\",\n    api_name="),
            "{python}"
        );
        assert!(!python.contains("import os"), "{python}");
        // Twice the same name, or one of `predict`'s own: by position too.
        let mut add = info.named_endpoints["/add"].clone();
        add.parameters[1].parameter_name = add.parameters[0].parameter_name.clone();
        let twice = snippet(SnippetLanguage::Python, "http://h:1", "/add", &add);
        assert!(
            !twice.contains(&format!("{}=", add.parameters[0].parameter_name)),
            "{twice}"
        );
        add.parameters[1].parameter_name = "api_name".into();
        let reserved = snippet(SnippetLanguage::Python, "http://h:1", "/add", &add);
        assert_eq!(reserved.matches("api_name=").count(), 1, "{reserved}");
        for (name, ok) in [
            ("text", true),
            ("_x2", true),
            ("2x", false),
            ("class", false),
            ("a b", false),
            ("", false),
        ] {
            assert_eq!(is_python_identifier(name), ok, "{name}");
        }
        let file = serde_json::json!({"meta": {"_type": "gradio.FileData"}, "orig_name": "'\";$"});
        assert_eq!(file_name(&file).as_deref(), Some("file.txt"));
    }

    #[test]
    fn literals_read_the_same_in_each_language() {
        let v = serde_json::json!({"a": [null, true, 1.5, "x\"y'z"]});
        assert_eq!(python_literal(&v), r#"{"a": [None, True, 1.5, "x\"y'z"]}"#);
        assert_eq!(sh_quote("it's"), r#"'it'\''s'"#);
        assert_eq!(rust_str("a\"b\n"), r#""a\"b\n""#);
    }

    #[test]
    fn curl_and_rust_take_two_steps_and_upload_files_first() {
        let info = reference();
        let add = snippet(
            SnippetLanguage::Curl,
            "http://h:1",
            "/add",
            &info.named_endpoints["/add"],
        );
        // Gradio 6's keyword body, read back from `/call`.
        assert!(add.contains("/gradio_api/call/v2/add\""), "{add}");
        assert!(add.contains(r#"-d '{"a": 3, "b": 3}'"#), "{add}");
        assert!(
            add.contains("curl -s -N \"$URL/gradio_api/call/add/$EVENT_ID\""),
            "{add}"
        );
        let size = snippet(
            SnippetLanguage::Curl,
            "http://h:1",
            "/filesize",
            &info.named_endpoints["/filesize"],
        );
        assert!(
            size.contains("FILE_1=$(curl -s -F files=@'sample_file.pdf'"),
            "{size}"
        );
        let rust = snippet(
            SnippetLanguage::Rust,
            "http://h:1",
            "/filesize",
            &info.named_endpoints["/filesize"],
        );
        assert!(
            rust.contains("std::fs::read(\"sample_file.pdf\")"),
            "{rust}"
        );
        assert!(rust.contains("json!({\"f\": file_1})"), "{rust}");
        let js = snippet(
            SnippetLanguage::JavaScript,
            "http://h:1",
            "/filesize",
            &info.named_endpoints["/filesize"],
        );
        assert!(
            js.contains("new File([await readFile(\"sample_file.pdf\")], \"sample_file.pdf\")"),
            "{js}"
        );
    }

    /// The reference demo's Rust calls are checked in (`examples/api-snippets/snippets`) and
    /// built as that crate's programs, which its test runs against the demo: what the page
    /// shows compiles and works. `FERRIO_BLESS=1` rewrites them after a deliberate change.
    #[test]
    fn rust_snippets_are_the_programs_that_are_built_and_run() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../examples/api-snippets/snippets");
        let root = "http://127.0.0.1:3190";
        let bless = std::env::var_os("FERRIO_BLESS").is_some();
        for (name, endpoint) in &reference().named_endpoints {
            let code = snippet(SnippetLanguage::Rust, root, name, endpoint);
            let path = dir.join(format!("call_{}.rs", name.trim_start_matches('/')));
            if bless {
                std::fs::write(&path, &code).unwrap();
            }
            let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
            assert_eq!(
                code,
                checked_in,
                "{} (FERRIO_BLESS=1 to update)",
                path.display()
            );
        }
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 6);
    }

    #[test]
    fn the_page_lists_every_endpoint_with_a_snippet_per_language() {
        let html = render("echo <demo>", "abc", "http://h:1", &reference());
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.contains("API of echo &lt;demo&gt;"), "{html}");
        for name in ["echo", "add", "stream", "slow", "filesize", "flip"] {
            assert!(html.contains(&format!("id=\"endpoint-{name}\"")), "{name}");
        }
        assert_eq!(html.matches("<figure data-lang=").count(), 6 * 4);
        // Code is escaped text.
        assert!(html.contains("&quot;Hello!!&quot;") || html.contains("\"Hello!!\""));
        assert!(!html.contains("<script>alert"));
    }
}
