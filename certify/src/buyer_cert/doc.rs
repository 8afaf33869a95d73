//! One journaled document as the buyer checks read it: its bytes, its
//! positional tree (for line and column) and, when it reads, its typed
//! form; and the evidence that points back at its journal entry.

use cxml::{
    CXml,
    tree::{Document, Element},
};
use service_kit::journal::ExchangeDetail;

use crate::report::{Evidence, Located};

pub(crate) struct Doc<'a> {
    pub exchange: &'a ExchangeDetail,
    pub tree: Option<Document>,
    /// Why the document is not well-formed, with where.
    pub not_xml: Option<Located>,
    pub cxml: Option<CXml>,
}

impl<'a> Doc<'a> {
    pub fn read(exchange: &'a ExchangeDetail) -> Self {
        let bytes = exchange.raw.as_bytes();
        let (tree, not_xml) = match cxml::tree::parse(bytes) {
            Ok(tree) => (Some(tree), None),
            Err(err) => (
                None,
                Some(Located {
                    rule: Some("CX001".to_owned()),
                    path: String::new(),
                    line: err.line,
                    column: err.column,
                    message: err.message,
                }),
            ),
        };
        Self {
            exchange,
            tree,
            not_xml,
            cxml: cxml::read::read_lenient(bytes)
                .ok()
                .map(|parsed| parsed.doc),
        }
    }

    pub fn bytes(&self) -> &[u8] {
        self.exchange.raw.as_bytes()
    }

    /// Evidence about this document: its journal entry and the statuses
    /// the marketplace answered it with.
    pub fn evidence(&self, detail: impl Into<String>) -> Evidence {
        Evidence {
            http_status: self.exchange.http_status,
            cxml_status: self.exchange.cxml_status,
            journal_id: Some(self.exchange.id),
            ..Evidence::said(detail)
        }
    }

    /// The same, pointing at `el`.
    pub fn evidence_at(&self, detail: impl Into<String>, el: Element<'_>) -> Evidence {
        let detail = detail.into();
        let mut evidence = self.evidence(detail.clone());
        evidence.element = self.locate(el, None, detail);
        evidence
    }

    /// The element at `path` below the root (`Header/From`).
    pub fn at(&self, path: &str) -> Option<Element<'_>> {
        self.tree.as_ref()?.root().at(path)
    }

    pub fn locate(
        &self,
        el: Element<'_>,
        rule: Option<&str>,
        message: impl Into<String>,
    ) -> Option<Located> {
        let tree = self.tree.as_ref()?;
        Some(Located {
            rule: rule.map(str::to_owned),
            path: tree.path_of(el).unwrap_or_default(),
            line: el.line(),
            column: el.column(),
            message: message.into(),
        })
    }

    /// The `Status@text` the marketplace answered with, if it answered cXML.
    pub fn answer_text(&self) -> Option<String> {
        let response = self.exchange.response_raw.as_deref()?;
        let doc = cxml::read::read_lenient(response.as_bytes()).ok()?.doc;
        doc.response.map(|r| r.status.text)
    }

    /// Why this document cannot be judged at all, if it cannot.
    pub fn unreadable(&self) -> Option<String> {
        if self.exchange.raw_truncated {
            return Some(format!(
                "the journal kept only the first {} bytes of the document (journal entry {})",
                self.exchange.raw.len(),
                self.exchange.id
            ));
        }
        if let Some(at) = &self.not_xml {
            return Some(format!("the document is not well-formed XML: {at}"));
        }
        self.cxml
            .is_none()
            .then(|| "the document cannot be read as cXML".to_owned())
    }
}
