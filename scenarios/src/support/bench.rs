//! What the benches share: whether this run measures or only checks.
//!
//! `cargo bench` passes `--bench` to every bench binary; `cargo test`
//! (which runs the benches too, each declared `test = true`) does not.
//! Without it a bench runs once, small, and checks that everything it
//! would measure still works, without judging figures a shared, noisy
//! test machine cannot give: so no bench can rot unseen, and criterion
//! behaves the same way.

/// Whether this run measures (`cargo bench`) rather than tests.
pub fn measuring() -> bool {
    std::env::args().any(|arg| arg == "--bench")
}

/// `full` when measuring, else `quick`.
pub fn scaled(full: usize, quick: usize) -> usize {
    if measuring() { full } else { quick }
}
