//! No code: the cases are in `tests/ui/`, checked by `tests/compile_fail.rs`.
