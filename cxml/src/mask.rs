//! Masking of shared secrets in raw documents, for everything that stores
//! or shows a document (journal, logs, pages). The rest of the document is
//! kept byte for byte, so a journal entry still shows what was sent.

use quick_xml::{Reader, events::Event};

/// What a secret is replaced with.
pub const MASK: &str = "***";

/// Elements whose text content is a credential.
const SECRET_ELEMENTS: &[&[u8]] = &[b"SharedSecret", b"CredentialMac"];

/// Returns `raw` with the content of every `SharedSecret` and
/// `CredentialMac` element replaced by `***`.
pub fn mask_secrets(raw: &[u8]) -> Vec<u8> {
    let ranges = match secret_ranges(raw) {
        Ok(ranges) => ranges,
        // A malformed document can still carry a secret after the point
        // where parsing stopped; mask by element markers instead.
        Err(ranges_before_error) => {
            let mut ranges = ranges_before_error;
            let from = ranges.last().map_or(0, |r| r.1);
            ranges.extend(marker_ranges(raw, from));
            ranges
        }
    };
    let mut out = Vec::with_capacity(raw.len());
    let mut at = 0;
    for (start, end) in ranges {
        out.extend_from_slice(&raw[at..start]);
        out.extend_from_slice(MASK.as_bytes());
        at = end;
    }
    out.extend_from_slice(&raw[at..]);
    out
}

/// Byte ranges `(start, end)` of secret contents.
type Ranges = Vec<(usize, usize)>;

/// Byte ranges of the content of secret elements, in order. On a parse
/// error, the ranges found so far come back as the error.
fn secret_ranges(raw: &[u8]) -> Result<Ranges, Ranges> {
    let mut reader = Reader::from_reader(raw);
    let mut ranges = Vec::new();
    let mut open: Option<(Vec<u8>, usize)> = None;
    loop {
        let before = reader.buffer_position() as usize;
        match reader.read_event() {
            Ok(Event::Start(e)) if open.is_none() && is_secret(e.local_name().as_ref()) => {
                open = Some((
                    e.name().as_ref().to_vec(),
                    reader.buffer_position() as usize,
                ));
            }
            Ok(Event::End(e)) => {
                if let Some((name, start)) = &open
                    && e.name().as_ref() == name.as_slice()
                {
                    if before > *start {
                        ranges.push((*start, before));
                    }
                    open = None;
                }
            }
            Ok(Event::Eof) => return Ok(ranges),
            Ok(_) => {}
            Err(_) => return Err(ranges),
        }
    }
}

fn is_secret(local_name: &[u8]) -> bool {
    SECRET_ELEMENTS.contains(&local_name)
}

/// Fallback for malformed input: content between `<SharedSecret...>` (or
/// CredentialMac) and the next `<` after it, searched from `from`.
fn marker_ranges(raw: &[u8], from: usize) -> Ranges {
    let mut ranges = Vec::new();
    let mut at = from;
    while at < raw.len() {
        let Some(open) = SECRET_ELEMENTS
            .iter()
            .filter_map(|name| find_open_tag(raw, at, name))
            .min()
        else {
            break;
        };
        let Some(gt) = raw[open..].iter().position(|b| *b == b'>') else {
            break;
        };
        let start = open + gt + 1;
        let end = raw[start..]
            .iter()
            .position(|b| *b == b'<')
            .map_or(raw.len(), |p| start + p);
        if end > start {
            ranges.push((start, end));
        }
        at = end.max(start);
    }
    ranges
}

fn find_open_tag(raw: &[u8], from: usize, name: &[u8]) -> Option<usize> {
    let needle_len = name.len() + 1;
    raw.get(from..)?
        .windows(needle_len)
        .position(|w| w[0] == b'<' && &w[1..] == name)
        .map(|p| from + p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn masked(xml: &str) -> String {
        String::from_utf8(mask_secrets(xml.as_bytes())).expect("utf-8")
    }

    #[test]
    fn secrets_are_masked_and_everything_else_kept() {
        let xml = "<cXML><Header><Sender><Credential domain=\"NetworkID\"><Identity>acme</Identity>\
                   <SharedSecret>s3cr&amp;t</SharedSecret></Credential></Sender></Header></cXML>";
        let out = masked(xml);
        assert_eq!(out, xml.replace("s3cr&amp;t", "***"));
    }

    #[test]
    fn every_credential_and_mac_is_masked() {
        let xml = "<a><SharedSecret>one</SharedSecret><b><SharedSecret>two</SharedSecret></b>\
                   <CredentialMac type=\"FromSenderCredentials\">mac</CredentialMac></a>";
        let out = masked(xml);
        assert!(
            !out.contains("one") && !out.contains("two") && !out.contains(">mac<"),
            "{out}"
        );
        assert_eq!(out.matches(MASK).count(), 3);
    }

    #[test]
    fn secrets_after_a_syntax_error_are_masked_too() {
        let xml =
            "<a><SharedSecret>first</SharedSecret><b></c><SharedSecret>late</SharedSecret></a>";
        let out = masked(xml);
        assert!(!out.contains("first") && !out.contains("late"), "{out}");
    }

    #[test]
    fn a_document_without_secrets_is_unchanged() {
        let xml = "<cXML><Response><Status code=\"200\" text=\"OK\"/></Response></cXML>";
        assert_eq!(masked(xml), xml);
    }
}
