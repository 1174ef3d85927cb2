//! Serves the reference demo at the snippets' address and runs each snippet program: each
//! must exit successfully (it does only when its call completed) and print the outputs.

use std::process::Command;

/// What each program prints for the page's example values (`/flip`'s is checked below).
const EXPECTED: [(&str, &str); 5] = [
    (env!("CARGO_BIN_EXE_call_echo"), r#"["Hello!!"]"#),
    (env!("CARGO_BIN_EXE_call_add"), "[6.0]"),
    (env!("CARGO_BIN_EXE_call_stream"), r#"["abcde"]"#),
    (env!("CARGO_BIN_EXE_call_slow"), r#"["Hello!!"]"#),
    (env!("CARGO_BIN_EXE_call_filesize"), "[1234.0]"),
];

#[test]
fn every_snippet_calls_the_live_app() {
    let addr = ferrio_api_snippets::ROOT.trim_start_matches("http://");
    let listener = std::net::TcpListener::bind(addr)
        .unwrap_or_else(|e| panic!("the snippets call {addr}, which is taken: {e}"));
    listener.set_nonblocking(true).unwrap();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(async move {
            let app = ferrio::routes::router(ferrio::routes::AppState::new(
                ferrio_demo::reference::app(),
                ferrio::frontend::Frontend::Embedded,
            ));
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            axum::serve(listener, app).await.unwrap();
        });
    });
    // The file the file endpoint's snippet uploads, where it runs.
    let dir = std::env::temp_dir().join(format!("ferrio-snippets-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("sample_file.pdf"), [b'%'; 1234]).unwrap();
    // `/flip`'s example picture: red on the left, blue on the right.
    let bus = ferrio::image::RgbImage::from_fn(4, 2, |x, _| {
        ferrio::image::Rgb(if x < 2 { [255, 0, 0] } else { [0, 0, 255] })
    });
    bus.save(dir.join("bus.png")).unwrap();
    for (program, expected) in EXPECTED {
        let out = Command::new(program).current_dir(&dir).output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{program}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(stdout.trim(), expected, "{program}");
    }
    // `/flip` prints the file the app returns; the picture there is the example's mirror.
    let out = Command::new(env!("CARGO_BIN_EXE_call_flip"))
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let path = printed[0]["path"].as_str().expect("a file's path");
    let flipped = ferrio::image::open(path).unwrap().to_rgb8();
    assert_eq!(flipped.dimensions(), (4, 2));
    assert_eq!(flipped.get_pixel(0, 0).0, [0, 0, 255]);
    assert_eq!(flipped.get_pixel(3, 1).0, [255, 0, 0]);
    let _ = std::fs::remove_dir_all(&dir);
}
