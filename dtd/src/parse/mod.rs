//! The DTD parser: reads an external subset declaration by declaration and
//! builds the [`Schema`].
//!
//! This module owns the top level (comments, processing instructions, the
//! text declaration, conditional sections); the declarations themselves are
//! in [`decl`] and [`content`], literals in [`literal`], and
//! parameter-entity expansion in [`source`].

mod content;
mod decl;
mod literal;
mod source;

use crate::error::DtdError;
use crate::schema::Schema;
use source::{Res, Source};

/// Parses and compiles an external DTD subset.
pub(crate) fn parse(text: &str) -> Result<Schema, DtdError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut parser = Parser {
        src: Source::new(text),
        schema: Schema::default(),
        open_sections: 0,
    };
    parser.run()?;
    Ok(parser.schema)
}

/// Parser state shared by the declaration readers.
pub(crate) struct Parser<'a> {
    pub(crate) src: Source<'a>,
    pub(crate) schema: Schema,
    /// `INCLUDE` sections opened and not yet closed.
    open_sections: usize,
}

impl Parser<'_> {
    fn run(&mut self) -> Res<()> {
        loop {
            self.src.skip_ws()?;
            if self.src.at_eof() {
                break;
            }
            self.declaration()?;
        }
        if self.open_sections > 0 {
            return Err(self
                .src
                .error("conditional section not closed with ']]>'".to_owned()));
        }
        Ok(())
    }

    /// Reads one markup declaration, comment, PI or section delimiter.
    fn declaration(&mut self) -> Res<()> {
        let src = &mut self.src;
        if src.starts_with("<!--") {
            src.bump(4);
            src.skip_past("-->", "comment")
        } else if src.starts_with("<?") {
            src.skip_past("?>", "processing instruction")
        } else if src.starts_with("<![") {
            self.conditional_section()
        } else if src.starts_with("]]>") {
            if self.open_sections == 0 {
                return Err(src.error("']]>' outside a conditional section".to_owned()));
            }
            self.open_sections -= 1;
            src.bump(3);
            Ok(())
        } else if src.starts_with("<!ELEMENT") {
            self.element_decl()
        } else if src.starts_with("<!ATTLIST") {
            self.attlist_decl()
        } else if src.starts_with("<!ENTITY") {
            self.entity_decl()
        } else if src.starts_with("<!NOTATION") {
            self.notation_decl()
        } else {
            Err(src.error(format!(
                "expected a markup declaration, found {}",
                src.found()
            )))
        }
    }

    /// `<![INCLUDE[ ... ]]>` or `<![IGNORE[ ... ]]>`; the keyword usually
    /// comes from a parameter entity (`<![%SGML-help;[`).
    fn conditional_section(&mut self) -> Res<()> {
        self.src.bump(3);
        self.src.skip_ws()?;
        let keyword = self.src.read_name()?;
        self.src
            .expect(b'[', "after the conditional section keyword")?;
        match keyword.as_str() {
            "INCLUDE" => {
                self.open_sections += 1;
                Ok(())
            }
            "IGNORE" => self.skip_ignored(),
            other => Err(self.src.error(format!(
                "conditional section keyword must be INCLUDE or IGNORE, found {other}"
            ))),
        }
    }

    /// Skips an ignored section, honouring nested `<![ ... ]]>` pairs and
    /// expanding nothing inside.
    fn skip_ignored(&mut self) -> Res<()> {
        let mut depth = 1usize;
        loop {
            let rest = self.src.rest();
            let open = rest.find("<![");
            let Some(close) = rest.find("]]>") else {
                return Err(self
                    .src
                    .error("IGNORE section not closed with ']]>'".to_owned()));
            };
            match open {
                Some(o) if o < close => {
                    self.src.bump(o + 3);
                    depth += 1;
                }
                _ => {
                    self.src.bump(close + 3);
                    depth -= 1;
                    if depth == 0 {
                        return Ok(());
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
