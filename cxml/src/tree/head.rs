//! What a document is, read from its first elements only.
//!
//! The validator must know which DTD governs a document before it can start
//! the DTD pass; on a large document it wants to start that pass at once,
//! on a second thread, while the tree is still being read. The document
//! type is decided by the first few elements (the root, the Request,
//! Message or Response, and that one's first child), so reading stops as
//! soon as they are seen. The answer must match what the finished tree
//! says; the validator checks that it does and falls back to reading in
//! order when it does not.

use quick_xml::Reader;
use quick_xml::events::Event;

use super::DeclaredDtd;
use super::doctype;

/// Reading gives up after this many events: a document whose type is not
/// known by then is read in order.
const MAX_EVENTS: usize = 10_000;

/// The facts that choose a DTD.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Head {
    pub(crate) root: String,
    /// As the validator's `document_type` names it from the whole tree.
    pub(crate) document_type: String,
    pub(crate) declared: Option<DeclaredDtd>,
}

/// The type of a document whose body (`Request`, `Message`, `Response`)
/// holds nothing but a Status: a Response is the Status it carries; any
/// other body is its own type.
pub(crate) fn type_of_empty_body(body: &str) -> String {
    if body == "Response" { "Status" } else { body }.to_owned()
}

/// The head of `text`, or `None` when it cannot be told from the first
/// elements (or the text is not well-formed there).
pub(crate) fn read_head(text: &str) -> Option<Head> {
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = false;
    let mut declared = None;
    let mut root = None;
    let mut depth = 0usize;
    let mut body: Option<String> = None;
    for _ in 0..MAX_EVENTS {
        let (name, empty) = match reader.read_event().ok()? {
            Event::DocType(d) if root.is_none() => {
                let content = d.decode().ok()?;
                let raw = doctype::parse(&content, true).ok()?;
                declared = raw.system_id.as_deref().and_then(DeclaredDtd::named_by);
                continue;
            }
            Event::Start(e) => (String::from_utf8(e.name().as_ref().to_vec()).ok()?, false),
            Event::Empty(e) => (String::from_utf8(e.name().as_ref().to_vec()).ok()?, true),
            Event::End(_) => {
                if depth == 2
                    && let Some(body) = body.take()
                {
                    // The body closed with nothing but Status inside.
                    return Some(Head {
                        root: root?,
                        document_type: type_of_empty_body(&body),
                        declared,
                    });
                }
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    // The root closed without a body.
                    let root: String = root?;
                    return Some(Head {
                        document_type: root.clone(),
                        root,
                        declared,
                    });
                }
                continue;
            }
            Event::Eof => return None,
            _ => continue,
        };
        depth += 1;
        match depth {
            1 if !name.eq_ignore_ascii_case("cXML") || empty => {
                return Some(Head {
                    root: name.clone(),
                    document_type: name,
                    declared,
                });
            }
            1 => root = Some(name),
            2 if body.is_none() && matches!(name.as_str(), "Request" | "Message" | "Response") => {
                if empty {
                    return Some(Head {
                        root: root?,
                        document_type: type_of_empty_body(&name),
                        declared,
                    });
                }
                body = Some(name);
                continue;
            }
            3 if body.is_some() && name != "Status" => {
                return Some(Head {
                    root: root?,
                    document_type: name,
                    declared,
                });
            }
            _ => {}
        }
        if empty {
            depth -= 1;
        }
    }
    None
}
