//! The `ferrio-demo` binary, as `./x test` runs it: an unknown demo name is refused with the list
//! of demos, not served as something else. (This test also makes `cargo test` build the binary
//! the browser and client tests serve.)

use std::process::Command;

#[test]
fn an_unknown_demo_is_refused_with_the_list_of_demos() {
    let out = Command::new(env!("CARGO_BIN_EXE_ferrio-demo"))
        .arg("no-such-demo")
        .output()
        .expect("ferrio-demo runs");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("unknown demo \"no-such-demo\""), "{stderr}");
    for demo in ferrio_demo::Demo::ALL {
        assert!(stderr.contains(demo.name()), "{stderr}");
    }
}

/// SIGTERM (what a container runtime sends) stops the server cleanly: it drains and exits 0,
/// rather than dying of the signal.
#[cfg(unix)]
#[test]
fn sigterm_stops_the_server_cleanly() {
    use std::time::{Duration, Instant};
    let addr = "127.0.0.1:38917";
    let mut server = Command::new(env!("CARGO_BIN_EXE_ferrio-demo"))
        .arg("reference")
        .env("LEPTOS_SITE_ADDR", addr)
        .spawn()
        .expect("ferrio-demo runs");
    let up = Instant::now();
    while std::net::TcpStream::connect(addr).is_err() {
        assert!(
            up.elapsed() < Duration::from_secs(30),
            "the server never listened"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let killed = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    let asked = Instant::now();
    let status = loop {
        if let Some(status) = server.try_wait().unwrap() {
            break status;
        }
        if asked.elapsed() > Duration::from_secs(15) {
            server.kill().unwrap();
            panic!("still running 15 s after SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");
}
