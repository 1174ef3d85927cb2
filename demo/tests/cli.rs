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
