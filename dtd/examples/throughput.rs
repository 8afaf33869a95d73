//! Measures validation throughput on a generated OrderRequest with 5,000
//! `ItemOut` lines (about 2.4 MB, the size FINDINGS.md times xmllint on).
//!
//! Usage: `cargo run --release -p dtd --example throughput [-- DTD_DIR [LINES]]`
//! (the DTD folder defaults to `../shared/cxml-dtd/1.2.071` beside the repo).

use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().map_or_else(default_dtd_dir, PathBuf::from);
    let lines: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(5_000);

    let started = Instant::now();
    let dtd = match dtd::Dtd::from_file(&dir.join("cXML.dtd")) {
        Ok(dtd) => dtd,
        Err(e) => {
            eprintln!("cXML.dtd: {e}");
            std::process::exit(2);
        }
    };
    println!(
        "compiled cXML.dtd in {:.1} ms",
        started.elapsed().as_secs_f64() * 1e3
    );

    let xml = order_request(lines);
    if let Some(path) = std::env::var_os("THROUGHPUT_DUMP")
        && let Err(e) = std::fs::write(&path, &xml)
    {
        eprintln!("cannot write {}: {e}", PathBuf::from(path).display());
    }
    let verdict = dtd.validate(xml.as_bytes());
    assert!(
        verdict.is_valid(),
        "generated document should be valid: {verdict:?}"
    );

    // The machine may be busy: report the best and the median round.
    let mut rounds: Vec<f64> = (0..60)
        .map(|_| {
            let started = Instant::now();
            std::hint::black_box(dtd.validate(std::hint::black_box(xml.as_bytes())));
            started.elapsed().as_secs_f64()
        })
        .collect();
    rounds.sort_by(f64::total_cmp);
    let mb = xml.len() as f64 / 1e6;
    for (label, secs) in [("best", rounds[0]), ("median", rounds[rounds.len() / 2])] {
        println!(
            "{lines} lines, {mb:.2} MB, {label}: {:.2} ms per validation, {:.0} MB/s",
            secs * 1e3,
            mb / secs
        );
    }
}

fn default_dtd_dir() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest
        .ancestors()
        .map(|a| a.join("shared/cxml-dtd/1.2.071"))
        .find(|d| d.is_dir())
        .unwrap_or_else(|| PathBuf::from("shared/cxml-dtd/1.2.071"))
}

/// A valid OrderRequest with `lines` items of about 480 bytes each.
/// (Also written to `$THROUGHPUT_DUMP` if set, to time other tools on it.)
fn order_request(lines: usize) -> String {
    let mut xml = String::with_capacity(600 * lines + 2_000);
    xml.push_str(HEAD);
    for n in 1..=lines {
        xml.push_str(&format!(
            r#"      <ItemOut quantity="{q}" lineNumber="{n}">
        <ItemID>
          <SupplierPartID>SKU-{n:06}</SupplierPartID>
        </ItemID>
        <ItemDetail>
          <UnitPrice><Money currency="USD">{p}.25</Money></UnitPrice>
          <Description xml:lang="en">Copy paper, A4, 80 g/m&#178;, 5 reams &amp; box</Description>
          <UnitOfMeasure>EA</UnitOfMeasure>
          <Classification domain="UNSPSC">14111507</Classification>
        </ItemDetail>
      </ItemOut>
"#,
            q = n % 7 + 1,
            p = n % 90 + 10,
        ));
    }
    xml.push_str("    </OrderRequest>\n  </Request>\n</cXML>\n");
    xml
}

const HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.071/cXML.dtd">
<cXML payloadID="1700000000.123.4567@buyer.example" timestamp="2025-01-27T07:35:37+00:00" xml:lang="en-US">
  <Header>
    <From><Credential domain="NetworkID"><Identity>AN00000123</Identity></Credential></From>
    <To><Credential domain="NetworkID"><Identity>AN00000456</Identity></Credential></To>
    <Sender>
      <Credential domain="NetworkID"><Identity>AN00000123</Identity><SharedSecret>s3cret</SharedSecret></Credential>
      <UserAgent>procsim 0.1</UserAgent>
    </Sender>
  </Header>
  <Request deploymentMode="test">
    <OrderRequest>
      <OrderRequestHeader orderID="PO-1" orderDate="2025-01-27T07:35:36+00:00" type="new">
        <Total><Money currency="USD">1000.00</Money></Total>
        <ShipTo>
          <Address>
            <Name xml:lang="en">ACME</Name>
            <PostalAddress>
              <Street>22 E 4th Ave</Street><City>Columbus</City><State>OH</State>
              <PostalCode>43201</PostalCode><Country isoCountryCode="US">United States</Country>
            </PostalAddress>
          </Address>
        </ShipTo>
        <BillTo>
          <Address>
            <Name xml:lang="en">ACME</Name>
          </Address>
        </BillTo>
      </OrderRequestHeader>
"#;
