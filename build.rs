//! Links the `procsim` executable at a fixed address rather than as a
//! position-independent executable. A PIE's 44,000 relative relocations
//! are applied at every start, writing into (and so copying) some 200
//! pages of the binary before `main` runs: 0.4 ms of every `procsim
//! validate`, a short process timed against xmllint (BENCHMARKS.md). The
//! cost: the executable's own code no longer moves between runs (its
//! libraries, heap and stack still do), an accepted loss for a test tool
//! that is not meant to face the internet.

fn main() {
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-link-arg-bin=procsim=-no-pie");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
