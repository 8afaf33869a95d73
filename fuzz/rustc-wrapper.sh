#!/bin/sh
# RUSTC_WRAPPER for the long fuzzing runs (RELIABILITY.md "Fuzzing"):
# compiles aho-corasick without libFuzzer's coverage instrumentation and
# everything else as cargo-fuzz asks. `cxml::mask::Masker::know` builds an
# Aho-Corasick automaton for every input of the `mask` target (a new
# secret each time), and instrumented, with comparison tracing, that build
# takes most of the run; aho-corasick is not what is fuzzed. LLVM takes
# the last of repeated options, so these undo cargo-fuzz's RUSTFLAGS.
rustc="$1"
shift
case " $* " in
*" --crate-name aho_corasick "*)
    exec "$rustc" "$@" \
        -Cllvm-args=-sanitizer-coverage-level=0 \
        -Cllvm-args=-sanitizer-coverage-trace-compares=false \
        -Cllvm-args=-sanitizer-coverage-stack-depth=false \
        -Cllvm-args=-sanitizer-coverage-inline-8bit-counters=false \
        -Cllvm-args=-sanitizer-coverage-pc-table=false
    ;;
esac
exec "$rustc" "$@"
