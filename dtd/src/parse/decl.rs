//! `<!ATTLIST>`, `<!ENTITY>` and `<!NOTATION>` declarations.

use super::Parser;
use super::source::Res;
use crate::attr::{AttrDecl, AttrType, DefaultDecl, normalize_default};
use crate::schema::GeneralEntity;

impl Parser<'_> {
    /// `<!ATTLIST element (name type default)* >`
    pub(super) fn attlist_decl(&mut self) -> Res<()> {
        self.src.bump("<!ATTLIST".len());
        self.src.skip_ws()?;
        let element = self.src.read_name()?;
        let id = self.schema.element_id(&element);
        loop {
            self.src.skip_ws()?;
            if self.src.peek() == Some(b'>') {
                self.src.bump(1);
                return Ok(());
            }
            let name = self.src.read_name()?;
            self.src.skip_ws()?;
            let ty = self.attr_type()?;
            self.src.skip_ws()?;
            let default = self.default_decl(&ty)?;
            let decl = AttrDecl {
                name: name.into(),
                ty,
                default,
            };
            if let Some(info) = self.schema.elements.get_mut(id as usize) {
                info.attrs.add(decl);
            }
        }
    }

    fn attr_type(&mut self) -> Res<AttrType> {
        if self.src.peek() == Some(b'(') {
            return Ok(AttrType::Enumeration(self.token_list(false)?));
        }
        let word = self.src.read_name()?;
        if word == "NOTATION" {
            self.src.skip_ws()?;
            if self.src.peek() != Some(b'(') {
                return Err(self.src.error("expected '(' after NOTATION".to_owned()));
            }
            return Ok(AttrType::Notation(self.token_list(true)?));
        }
        AttrType::from_keyword(&word)
            .ok_or_else(|| self.src.error(format!("unknown attribute type {word}")))
    }

    /// `( tok | tok ... )` of an enumerated or NOTATION type.
    fn token_list(&mut self, names: bool) -> Res<Box<[Box<str>]>> {
        self.src.bump(1);
        let mut tokens: Vec<Box<str>> = Vec::new();
        loop {
            self.src.skip_ws()?;
            let token = if names {
                self.src.read_name()?
            } else {
                self.src.read_nmtoken()?
            };
            tokens.push(token.into());
            self.src.skip_ws()?;
            match self.src.peek() {
                Some(b'|') => self.src.bump(1),
                Some(b')') => {
                    self.src.bump(1);
                    return Ok(tokens.into());
                }
                _ => {
                    let found = self.src.found();
                    return Err(self.src.error(format!(
                        "expected '|' or ')' in an enumeration, found {found}"
                    )));
                }
            }
        }
    }

    fn default_decl(&mut self, ty: &AttrType) -> Res<DefaultDecl> {
        if self.src.peek() != Some(b'#') {
            let value = self.att_value()?;
            return Ok(DefaultDecl::Default(normalize_default(ty, &value).into()));
        }
        self.src.bump(1);
        let keyword = self.src.read_name()?;
        match keyword.as_str() {
            "REQUIRED" => Ok(DefaultDecl::Required),
            "IMPLIED" => Ok(DefaultDecl::Implied),
            "FIXED" => {
                self.src.skip_ws()?;
                let value = self.att_value()?;
                Ok(DefaultDecl::Fixed(normalize_default(ty, &value).into()))
            }
            other => Err(self.src.error(format!("unknown default #{other}"))),
        }
    }

    /// `<!ENTITY [%] name (value | external id [NDATA n]) >`; the first
    /// declaration of a name wins.
    pub(super) fn entity_decl(&mut self) -> Res<()> {
        self.src.bump("<!ENTITY".len());
        self.src.skip_ws()?;
        let parameter = self.src.peek() == Some(b'%');
        if parameter {
            self.src.bump(1);
            if !self.src.skip_ws()? {
                return Err(self.src.error("expected whitespace after '%'".to_owned()));
            }
        }
        let name = self.src.read_name()?;
        self.src.skip_ws()?;
        let (value, unparsed) = if matches!(self.src.peek(), Some(b'"' | b'\'')) {
            (Some(self.entity_value()?), false)
        } else {
            self.external_id(false)?;
            let ws = self.src.skip_ws()?;
            let ndata = !parameter && ws && self.src.starts_with("NDATA");
            if ndata {
                self.src.bump("NDATA".len());
                self.src.skip_ws()?;
                self.src.read_name()?;
            }
            (None, ndata)
        };
        self.src.expect(b'>', "to close <!ENTITY>")?;
        if parameter {
            self.src.declare(name, value);
        } else {
            self.schema
                .entities
                .entry(name)
                .or_insert(GeneralEntity { value, unparsed });
        }
        Ok(())
    }

    /// `<!NOTATION name external-or-public-id >`
    pub(super) fn notation_decl(&mut self) -> Res<()> {
        self.src.bump("<!NOTATION".len());
        self.src.skip_ws()?;
        let name = self.src.read_name()?;
        self.src.skip_ws()?;
        self.external_id(true)?;
        self.src.expect(b'>', "to close <!NOTATION>")?;
        self.schema.notations.insert(name, ());
        Ok(())
    }

    /// `SYSTEM "uri"` or `PUBLIC "id" "uri"` (the URI may be omitted in a
    /// notation). The identifiers are read and dropped: nothing is fetched.
    fn external_id(&mut self, notation: bool) -> Res<()> {
        let keyword = self.src.read_name()?;
        self.src.skip_ws()?;
        match keyword.as_str() {
            "SYSTEM" => {
                self.src.read_literal()?;
            }
            "PUBLIC" => {
                self.src.read_literal()?;
                let ws = self.src.skip_ws()?;
                let quoted = matches!(self.src.peek(), Some(b'"' | b'\''));
                if quoted || !notation {
                    if !ws {
                        return Err(self
                            .src
                            .error("expected whitespace before the system literal".to_owned()));
                    }
                    self.src.read_literal()?;
                }
            }
            other => {
                return Err(self
                    .src
                    .error(format!("expected SYSTEM or PUBLIC, found {other}")));
            }
        }
        Ok(())
    }
}
