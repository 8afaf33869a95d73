//! The fast reader's driver. One event pass over the document hand-reads
//! the repeated line elements (`OrderRequest/ItemOut`,
//! `PunchOutOrderMessage/ItemIn`, `InvoiceDetailOrder/InvoiceDetailItem`)
//! and cuts them out; serde reads what is left (a few kilobytes of header)
//! and the lines are put back in document order. Anything the hand reader
//! does not model makes it give up (`None`), and the caller reads the whole
//! document through serde, so results and errors are serde's by construction.

use quick_xml::events::{BytesStart, Event};

use super::invoice_lines::invoice_detail_item;
use super::items::{item_in, item_out};
use super::pull::{Bail, Pull, is_blank, plain};
use crate::common::{ItemIn, ItemOut};
use crate::doc::InvoiceDetailItem;
use crate::envelope::{CXml, MessageBody, RequestBody};

/// Where an open element sits, as far as the lines are concerned.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Root,
    Request,
    Message,
    OrderRequest,
    PunchOutOrderMessage,
    InvoiceDetailRequest,
    InvoiceDetailOrder,
    Other,
}

impl Role {
    /// Elements whose direct text must be blank: the line holders (their
    /// text would be joined across a cut) and `Request`/`Message` (whose
    /// `$value` could take text).
    fn strict(self) -> bool {
        matches!(
            self,
            Self::Request
                | Self::Message
                | Self::OrderRequest
                | Self::PunchOutOrderMessage
                | Self::InvoiceDetailOrder
        )
    }
}

#[derive(Default)]
struct Lines {
    item_out: Vec<ItemOut>,
    item_in: Vec<ItemIn>,
    /// One entry per `InvoiceDetailOrder`, in document order.
    invoice: Vec<Vec<InvoiceDetailItem>>,
    /// Byte ranges cut out of the text.
    cuts: Vec<(usize, usize)>,
    /// Body elements holding lines, and other element children of
    /// `Request`/`Message` (which would change what serde's `$value` takes).
    bodies: usize,
    others: usize,
    roots: usize,
    envelopes: usize,
}

/// Reads `text` (already size-, encoding- and prolog-checked), or `None`
/// when serde must read it.
pub(super) fn read(text: &str) -> Bail<CXml> {
    if !may_hold_lines(text) {
        return None;
    }
    let lines = scan(text)?;
    if lines.cuts.is_empty() {
        return None;
    }
    if lines.bodies != 1 || lines.others != 0 || lines.roots != 1 || lines.envelopes != 1 {
        return None;
    }
    let mut rest = String::with_capacity(text.len() - cut_len(&lines.cuts));
    let mut from = 0;
    for &(start, end) in &lines.cuts {
        rest.push_str(text.get(from..start)?);
        from = end;
    }
    rest.push_str(text.get(from..)?);
    let mut doc: CXml = quick_xml::de::from_str(&rest).ok()?;
    put_back(&mut doc, lines)?;
    Some(doc)
}

/// Whether `text` may hold a line element at all: a start tag is `<` and
/// the name with nothing between, so a document without `<ItemOut`,
/// `<ItemIn` or `<InvoiceDetailItem` has nothing to cut, and the event
/// pass (as long as serde's own) is not made. A setup request, a status
/// answer, a small cart header: most of what a service receives.
fn may_hold_lines(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memmem::find(bytes, b"<Item").is_some()
        || memchr::memmem::find(bytes, b"<InvoiceDetailItem").is_some()
}

fn cut_len(cuts: &[(usize, usize)]) -> usize {
    cuts.iter().map(|(s, e)| e - s).sum()
}

fn scan(text: &str) -> Bail<Lines> {
    let mut p = Pull::new(text);
    let mut stack: Vec<Role> = Vec::new();
    let mut lines = Lines::default();
    loop {
        let event = p.next()?;
        let at = p.at();
        let (e, empty) = match event {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(_) => {
                stack.pop()?;
                continue;
            }
            Event::Eof => return stack.is_empty().then_some(lines),
            Event::DocType(_) if stack.is_empty() && lines.roots == 0 => continue,
            // Past the prolog: not well-formed, and serde must not see it
            // (see `reject_doctype_in_content`).
            Event::DocType(_) => return None,
            Event::Text(t) if stack.last().is_some_and(|r| r.strict()) => {
                let t = std::str::from_utf8(&t).ok()?;
                if !is_blank(t) {
                    return None;
                }
                continue;
            }
            Event::Text(_) => continue,
            Event::GeneralRef(r) => {
                if stack.last().is_some_and(|r| r.strict()) {
                    return None;
                }
                p.check_ref(&r)?;
                continue;
            }
            _ => {
                if stack.last().is_some_and(|r| r.strict()) {
                    return None;
                }
                continue;
            }
        };
        let parent = stack.last().copied();
        if let Some(line) = line(&mut p, &mut lines, parent, &e, empty)? {
            lines.cuts.push((at, line));
            continue;
        }
        let role = role(&mut lines, parent, plain(&e)?.name().as_ref());
        if !empty {
            stack.push(role);
        }
    }
}

/// Reads a line element if `e` is one; returns where it ends.
fn line(
    p: &mut Pull<'_>,
    lines: &mut Lines,
    parent: Option<Role>,
    e: &BytesStart<'_>,
    empty: bool,
) -> Bail<Option<usize>> {
    match (parent, e.name().as_ref()) {
        (Some(Role::OrderRequest), b"ItemOut") => item_out(p, e, empty, &mut lines.item_out)?,
        (Some(Role::PunchOutOrderMessage), b"ItemIn") => item_in(p, e, empty, &mut lines.item_in)?,
        (Some(Role::InvoiceDetailOrder), b"InvoiceDetailItem") => {
            invoice_detail_item(p, e, empty, lines.invoice.last_mut()?)?;
        }
        _ => return Some(None),
    }
    Some(Some(p.pos()))
}

fn role(lines: &mut Lines, parent: Option<Role>, name: &[u8]) -> Role {
    let (role, body) = match (parent, name) {
        (None, _) => {
            lines.roots += 1;
            return Role::Root;
        }
        (Some(Role::Root), b"Request") => (Role::Request, false),
        (Some(Role::Root), b"Message") => (Role::Message, false),
        (Some(Role::Request), b"OrderRequest") => (Role::OrderRequest, true),
        (Some(Role::Request), b"InvoiceDetailRequest") => (Role::InvoiceDetailRequest, true),
        (Some(Role::Message), b"PunchOutOrderMessage") => (Role::PunchOutOrderMessage, true),
        (Some(Role::Message), b"Status") => (Role::Other, false),
        (Some(Role::Request | Role::Message), _) => {
            lines.others += 1;
            return Role::Other;
        }
        (Some(Role::InvoiceDetailRequest), b"InvoiceDetailOrder") => {
            lines.invoice.push(Vec::new());
            (Role::InvoiceDetailOrder, false)
        }
        _ => (Role::Other, false),
    };
    if matches!(role, Role::Request | Role::Message) {
        lines.envelopes += 1;
    }
    if body {
        lines.bodies += 1;
    }
    role
}

/// Puts the lines where serde would have put them; `None` if serde read a
/// different shape than the scan saw.
fn put_back(doc: &mut CXml, lines: Lines) -> Bail<()> {
    let request = doc.request.as_mut().map(|r| &mut r.body);
    let message = doc.message.as_mut().map(|m| &mut m.body);
    match (request, message) {
        (Some(RequestBody::OrderRequest(o)), None) if o.item_out.is_empty() => {
            o.item_out = lines.item_out;
        }
        (None, Some(MessageBody::PunchOutOrderMessage(m))) if m.item_in.is_empty() => {
            m.item_in = lines.item_in;
        }
        (Some(RequestBody::InvoiceDetailRequest(inv)), None) => {
            if inv.invoice_detail_order.len() != lines.invoice.len() {
                return None;
            }
            for (order, items) in inv.invoice_detail_order.iter_mut().zip(lines.invoice) {
                if !order.item.is_empty() {
                    return None;
                }
                order.item = items;
            }
        }
        _ => return None,
    }
    Some(())
}
