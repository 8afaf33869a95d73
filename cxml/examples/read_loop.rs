//! Reads one document over and over with the typed reader, for profilers
//! and quick ratio checks between benchmark runs:
//! `cargo run --release -p cxml --example read_loop -- FILE [N] [read|scan|both]`.
//! `both` alternates a bare quick-xml scan and a typed read and prints the
//! medians and their ratio (the benchmark's figure, less noisy to compare).

use std::time::{Duration, Instant};

fn scan(bytes: &[u8]) -> usize {
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let mut events = 0;
    while !matches!(
        reader.read_event(),
        Ok(quick_xml::events::Event::Eof) | Err(_)
    ) {
        events += 1;
    }
    events
}

fn read(bytes: &[u8]) -> usize {
    cxml::read::read(bytes).expect("reads").advisories.len()
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times.get(times.len() / 2).copied().unwrap_or_default()
}

fn minimum(times: &[Duration]) -> Duration {
    times.iter().min().copied().unwrap_or_default()
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .expect("usage: read_loop FILE [N] [read|scan|both]");
    let n: usize = args.next().map_or(10, |n| n.parse().expect("N"));
    let mode = args.next().unwrap_or_else(|| "both".to_owned());
    let bytes = std::fs::read(&path).expect("read file");
    let (mut scans, mut reads) = (Vec::new(), Vec::new());
    let mut sink = 0;
    for _ in 0..n {
        if mode != "read" {
            let start = Instant::now();
            sink += scan(std::hint::black_box(&bytes));
            scans.push(start.elapsed());
        }
        if mode != "scan" {
            let start = Instant::now();
            sink += read(std::hint::black_box(&bytes));
            reads.push(start.elapsed());
        }
    }
    let ratio = |scan: Duration, read: Duration| {
        scan.as_secs_f64() / read.as_secs_f64().max(f64::MIN_POSITIVE)
    };
    let (scan_min, read_min) = (minimum(&scans), minimum(&reads));
    let (scan, read) = (median(scans), median(reads));
    println!(
        "{n} runs: medians scan {scan:?}, read {read:?}, read/scan throughput {:.3}; \
         minimums {scan_min:?}, {read_min:?}, {:.3} ({sink})",
        ratio(scan, read),
        ratio(scan_min, read_min),
    );
}
