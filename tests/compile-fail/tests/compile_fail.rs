//! Wiring a function whose types don't match its components is a compile error, with a message
//! that says what the components give and take.

#[test]
fn mismatched_handlers_do_not_compile() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
