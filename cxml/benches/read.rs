//! Reading documents: the typed reader, the positional tree and DTD
//! validation, each against a bare quick-xml event scan of the same bytes
//! measured in the same run (the baseline the targets are ratios of). Two
//! large generated ones (5,000 lines), and a 1.5 KB PunchOutSetupRequest
//! from the public samples, the small kind a service reads most often.
//!
//! Run: `cargo bench -p cxml --bench read` (needs ../shared beside the
//! repository, PROCSIM_SHARED_DIR, or the DTD cache for the DTDs; without
//! them it says so and measures nothing).

use std::{hint::black_box, path::PathBuf};

/// The allocator the `procsim` binary runs with (src/main.rs).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

#[path = "support/large_documents.rs"]
mod large_documents;

/// Lines in the generated documents.
const LINES: usize = 5_000;

/// The baseline: every event of the document, nothing built.
fn bare_scan(bytes: &[u8]) -> usize {
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let mut events = 0;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) | Err(_) => return events,
            Ok(_) => events += 1,
        }
    }
}

fn bench_document(c: &mut Criterion, name: &str, bytes: &[u8], dtd_file: &str) {
    let dtd = dtd::Dtd::from_file(&shared_fixtures::dtds().join(dtd_file)).expect("DTD compiles");
    assert!(dtd.validate(bytes).is_valid(), "{name} is DTD-valid");
    let mut group = c.benchmark_group(name);
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("bare_quick_xml_scan", |b| {
        b.iter(|| bare_scan(black_box(bytes)))
    });
    group.bench_function("typed_read", |b| {
        b.iter(|| cxml::read::read(black_box(bytes)).expect("reads"))
    });
    group.bench_function("tree_parse", |b| {
        b.iter(|| cxml::tree::parse(black_box(bytes)).expect("parses"))
    });
    group.bench_function("dtd_validate", |b| {
        b.iter(|| dtd.validate(black_box(bytes)))
    });
    group.finish();
}

fn benches(c: &mut Criterion) {
    shared_fixtures::skip_without_samples!();
    shared_fixtures::skip_without_dtds!();
    let order = large_documents::order_request(LINES);
    eprintln!("OrderRequest: {LINES} lines, {} bytes", order.len());
    bench_document(c, "order_request_5000", &order, "cXML.dtd");
    let invoice = large_documents::invoice(LINES);
    eprintln!(
        "InvoiceDetailRequest: {LINES} lines, {} bytes",
        invoice.len()
    );
    bench_document(c, "invoice_5000", &invoice, "InvoiceDetail.dtd");
    let setup = std::fs::read(
        shared_fixtures::samples()
            .join("officeluv-cxml/punch_out_setup_request_doc_with_ship_to.xml"),
    )
    .expect("the setup request sample reads");
    bench_document(c, "punchout_setup_request", &setup, "cXML.dtd");
    if let Some(dir) = std::env::var_os("PROCSIM_BENCH_OUT") {
        let dir = PathBuf::from(dir);
        std::fs::create_dir_all(&dir).expect("bench out dir");
        std::fs::write(dir.join("order_request_5000.xml"), &order).expect("write");
        std::fs::write(dir.join("invoice_5000.xml"), &invoice).expect("write");
    }
}

criterion_group!(name = read; config = Criterion::default().sample_size(30); targets = benches);
criterion_main!(read);
