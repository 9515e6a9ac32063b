//! The page's tree built straight from [`super::lex`]'s tokens, for the
//! pages whose markup says exactly what tree it is: a head of metadata,
//! then a body whose elements all close in order.
//!
//! html5ever's tree builder reads any markup, closing elements a page
//! left open and moving misplaced ones as browsers do, at a cost of many
//! checks per token. A saved page that closes what it opens needs none of
//! that: each start tag adds an element under the open one, each end tag
//! closes it. This builder does that, and refuses (`None`, and the page
//! goes to html5ever) every page where the standard's tree construction
//! would do anything else: an end tag that is not the open element's, a
//! start tag that would close an element left open (a block inside an open
//! `<p>`, a list item in an open item, a heading in a heading), elements
//! the standard moves or parses apart (forms in forms, nested links, text
//! or other elements straight inside a table, `<select>`, `<textarea>`,
//! SVG, MathML, templates, frames), content outside the head and body, a
//! page that is cut off or nested deeper than browsers nest. On what it
//! accepts it builds the same tree as html5ever (the tests compare the
//! two), as a [`super::arena`], so every
//! later rule reads it as it reads html5ever's tree.

use super::arena::{Arena, DOCUMENT, Data, El};
use super::lex::{Closing, Lexer, Raw, Refused, Tag, Token, all_space};
use dom_query::{LocalName, local_name};
use std::borrow::Cow;

/// `html` as the tokenizer reads it: its line ends as `\n` (the standard
/// reads them so before tokenizing), or `None` for a page with a NUL
/// (which the standard drops in some places and not others).
pub(super) fn prepare(html: &str) -> Option<Cow<'_, str>> {
    if memchr::memchr(0, html.as_bytes()).is_some() {
        return None;
    }
    Some(if memchr::memchr(b'\r', html.as_bytes()).is_some() {
        Cow::Owned(html.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(html)
    })
}

/// The tree of `html` (as [`prepare`] gives it), when the page is plain
/// enough to build it without html5ever.
pub(super) fn tree(html: &str) -> Option<Arena<'_>> {
    let mut b = Builder {
        lex: Lexer::new(html),
        tree: Arena::new(),
        mode: Mode::Initial,
        open: Vec::new(),
        html: None,
        drop_newline: false,
    };
    b.run().ok()?;
    Some(b.tree)
}

/// Where the page is, as the standard's insertion modes name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Initial,
    BeforeHead,
    InHead,
    AfterHead,
    InBody,
    AfterBody,
    AfterAfterBody,
}

struct Builder<'a> {
    lex: Lexer<'a>,
    tree: Arena<'a>,
    mode: Mode,
    /// The open elements, outermost first.
    open: Vec<(u32, LocalName)>,
    html: Option<u32>,
    /// A newline that opens the next text is dropped (just after `<pre>`).
    drop_newline: bool,
}

impl<'a> Builder<'a> {
    fn run(&mut self) -> Result<(), Refused> {
        while let Some(token) = self.lex.next_token()? {
            let drop_newline = std::mem::take(&mut self.drop_newline);
            match token {
                Token::Text(t) => {
                    let t = if drop_newline && t.starts_with('\n') {
                        without_first_byte(t)
                    } else {
                        t
                    };
                    self.text(t)?;
                }
                Token::Comment(c) => self.comment(c)?,
                Token::Doctype if self.mode == Mode::Initial => {}
                Token::Doctype => return Err(Refused),
                Token::Start(tag) => self.start(tag)?,
                Token::End(name) => {
                    // Mostly the open element's, whose name is at hand.
                    let name = match self.current_name() {
                        Some(open) if **open == *name => open.clone(),
                        _ => LocalName::from(&*name),
                    };
                    self.end(&name)?;
                }
            }
        }
        // A page cut off inside its body would be read as it stands, but
        // one cut off anywhere else is not this reader's to guess at.
        let whole = matches!(self.mode, Mode::AfterBody | Mode::AfterAfterBody)
            || (self.mode == Mode::InBody && self.open.len() == 2);
        whole.then_some(()).ok_or(Refused)
    }

    fn current(&self) -> Option<&(u32, LocalName)> {
        self.open.last()
    }

    fn current_id(&self) -> Option<u32> {
        self.current().map(|(id, _)| *id)
    }

    fn current_name(&self) -> Option<&LocalName> {
        self.current().map(|(_, n)| n)
    }

    /// The body (the second open element, once the body is open).
    fn body(&self) -> Option<u32> {
        self.open.get(1).map(|(id, _)| *id)
    }

    fn text(&mut self, t: Cow<'a, str>) -> Result<(), Refused> {
        if t.is_empty() {
            return Ok(());
        }
        let space = all_space(&t);
        let parent = match self.mode {
            Mode::Initial | Mode::BeforeHead if space => return Ok(()),
            Mode::InHead if space => self.current_id(),
            Mode::AfterHead if space => self.html,
            Mode::InBody => {
                if !space && self.current_name().is_some_and(is_table_context) {
                    return Err(Refused);
                }
                self.current_id()
            }
            Mode::AfterBody | Mode::AfterAfterBody if space => self.body(),
            _ => return Err(Refused),
        };
        let parent = parent.ok_or(Refused)?;
        self.tree.append_text(parent, t).ok_or(Refused)
    }

    fn comment(&mut self, c: &'a str) -> Result<(), Refused> {
        let parent = match self.mode {
            // The document's own comments, outside the page's tree.
            Mode::Initial | Mode::AfterAfterBody => return Ok(()),
            Mode::BeforeHead | Mode::AfterHead | Mode::AfterBody => self.html,
            Mode::InHead | Mode::InBody => self.current_id(),
        };
        if let Some(parent) = parent {
            self.tree.append(parent, Data::Comment(c)).ok_or(Refused)?;
        }
        Ok(())
    }

    /// Adds the element of `tag` under `parent` (the document when
    /// `None`).
    fn element(
        &mut self,
        parent: Option<u32>,
        name: &LocalName,
        tag: &mut Tag<'a>,
    ) -> Result<u32, Refused> {
        // The element's attributes are the tag's last use.
        let el = El {
            name: name.clone(),
            attrs: std::mem::take(&mut tag.attrs),
        };
        self.tree
            .append(parent.unwrap_or(DOCUMENT), Data::Element(el))
            .ok_or(Refused)
    }

    /// Opens the element of `tag` under the current one.
    fn push(&mut self, name: LocalName, tag: &mut Tag<'a>) -> Result<u32, Refused> {
        // Deeper than browsers nest is no plain page (and the checks of
        // the open elements would grow with the square of the depth).
        if self.open.len() >= super::depth::MAX_DEPTH {
            return Err(Refused);
        }
        let parent = self.current_id().ok_or(Refused)?;
        let id = self.element(Some(parent), &name, tag)?;
        self.open.push((id, name));
        Ok(id)
    }

    fn start(&mut self, mut tag: Tag<'a>) -> Result<(), Refused> {
        let name = LocalName::from(&*tag.name);
        match (self.mode, &name) {
            (Mode::Initial, &local_name!("html")) => {
                let id = self.element(None, &name, &mut tag)?;
                self.html = Some(id);
                self.open.push((id, name));
                self.mode = Mode::BeforeHead;
                Ok(())
            }
            (Mode::BeforeHead, &local_name!("head")) => {
                self.push(name, &mut tag)?;
                self.mode = Mode::InHead;
                Ok(())
            }
            (Mode::InHead, _) => self.head_start(name, &mut tag),
            (Mode::AfterHead, &local_name!("body")) => {
                self.push(name, &mut tag)?;
                self.mode = Mode::InBody;
                Ok(())
            }
            (Mode::InBody, _) => self.body_start(name, &mut tag),
            _ => Err(Refused),
        }
    }

    fn head_start(&mut self, name: LocalName, tag: &mut Tag<'a>) -> Result<(), Refused> {
        match name {
            local_name!("meta")
            | local_name!("link")
            | local_name!("base")
            | local_name!("basefont")
            | local_name!("bgsound") => {
                self.element(self.current_id(), &name, tag)?;
                Ok(())
            }
            _ => match raw_kind(&name) {
                Some(how) => self.raw(name, tag, how),
                None => Err(Refused),
            },
        }
    }

    /// Opens a raw-text element and reads its text (its end tag comes
    /// next).
    fn raw(&mut self, name: LocalName, tag: &mut Tag<'a>, how: Raw) -> Result<(), Refused> {
        if tag.closing == Closing::SelfClosing {
            return Err(Refused);
        }
        let id = self.push(name, tag)?;
        let text = self.lex.raw(&tag.name, how)?;
        if !text.is_empty() {
            self.tree.append_text(id, text).ok_or(Refused)?;
        }
        Ok(())
    }

    fn body_start(&mut self, name: LocalName, tag: &mut Tag<'a>) -> Result<(), Refused> {
        let current = self.current_name().cloned().ok_or(Refused)?;
        if is_table_context(&current) {
            return self.table_start(&current, name, tag);
        }
        if is_refused_in_body(&name) {
            return Err(Refused);
        }
        // Anything but phrasing closes an open paragraph.
        if !is_phrasing(&name) && self.is_open(|n| *n == local_name!("p")) {
            return Err(Refused);
        }
        match name {
            local_name!("li") => self.refuse_open_item(|n| *n == local_name!("li"))?,
            local_name!("dd") | local_name!("dt") => {
                self.refuse_open_item(|n| matches!(*n, local_name!("dd") | local_name!("dt")))?
            }
            _ if is_heading(&name) && is_heading(&current) => return Err(Refused),
            local_name!("a") | local_name!("form") | local_name!("button")
                if self.is_open(|n| *n == name) =>
            {
                return Err(Refused);
            }
            _ => {}
        }
        if let Some(how) = raw_kind(&name) {
            return self.raw(name, tag, how);
        }
        if is_void(&name) {
            self.element(self.current_id(), &name, tag)?;
            return Ok(());
        }
        // `/>` means nothing on an element that is not void.
        if tag.closing == Closing::SelfClosing {
            return Err(Refused);
        }
        let newline = matches!(name, local_name!("pre") | local_name!("listing"));
        self.push(name, tag)?;
        self.drop_newline = newline;
        Ok(())
    }

    /// A start tag where a table's own elements stand: only the table's
    /// structure, each part where it belongs (a row straight in a table
    /// gets the `<tbody>` the standard adds).
    fn table_start(
        &mut self,
        current: &LocalName,
        name: LocalName,
        tag: &mut Tag<'a>,
    ) -> Result<(), Refused> {
        if tag.closing == Closing::SelfClosing && name != local_name!("col") {
            return Err(Refused);
        }
        match (current, &name) {
            (
                &local_name!("table"),
                &(local_name!("caption")
                | local_name!("colgroup")
                | local_name!("tbody")
                | local_name!("thead")
                | local_name!("tfoot")),
            )
            | (
                &(local_name!("tbody") | local_name!("thead") | local_name!("tfoot")),
                &local_name!("tr"),
            )
            | (&local_name!("tr"), &(local_name!("td") | local_name!("th"))) => {
                self.push(name, tag)?;
                Ok(())
            }
            (&local_name!("table"), &local_name!("tr")) => {
                let mut body = Tag {
                    name: Cow::Borrowed("tbody"),
                    attrs: Vec::new(),
                    closing: Closing::Open,
                };
                self.push(local_name!("tbody"), &mut body)?;
                self.push(name, tag)?;
                Ok(())
            }
            (&local_name!("colgroup"), &local_name!("col")) => {
                self.element(self.current_id(), &name, tag)?;
                Ok(())
            }
            _ => Err(Refused),
        }
    }

    /// Refuses a list item (or `<dd>`, `<dt>`) that would close an open
    /// one: one the standard finds going up the open elements before a
    /// special element other than `<address>`, `<div>` and `<p>`.
    fn refuse_open_item(&self, item: impl Fn(&LocalName) -> bool) -> Result<(), Refused> {
        for (_, n) in self.open.iter().rev() {
            if item(n) {
                return Err(Refused);
            }
            if is_special(n)
                && !matches!(
                    *n,
                    local_name!("address") | local_name!("div") | local_name!("p")
                )
            {
                return Ok(());
            }
        }
        Ok(())
    }

    fn is_open(&self, f: impl Fn(&LocalName) -> bool) -> bool {
        self.open.iter().any(|(_, n)| f(n))
    }

    fn end(&mut self, name: &LocalName) -> Result<(), Refused> {
        match self.mode {
            Mode::InHead if *name == local_name!("head") => {
                self.open.pop();
                self.mode = Mode::AfterHead;
                Ok(())
            }
            Mode::InHead | Mode::InBody => self.close(name),
            Mode::AfterBody if *name == local_name!("html") => {
                self.mode = Mode::AfterAfterBody;
                Ok(())
            }
            _ => Err(Refused),
        }
    }

    /// An end tag in the head or body: it must close the open element.
    fn close(&mut self, name: &LocalName) -> Result<(), Refused> {
        let current = self.current_name().ok_or(Refused)?;
        let in_body = self.mode == Mode::InBody;
        match name {
            // The body stays open after `</body>`: what follows it is
            // the body's.
            &local_name!("body") if in_body && *current == local_name!("body") => {
                self.mode = Mode::AfterBody;
            }
            &local_name!("html") if in_body && *current == local_name!("body") => {
                self.mode = Mode::AfterAfterBody;
            }
            &local_name!("body") | &local_name!("html") => return Err(Refused),
            // A table's end closes the `<tbody>` the table holds.
            &local_name!("table")
                if matches!(
                    *current,
                    local_name!("tbody") | local_name!("thead") | local_name!("tfoot")
                ) && self.open.len() >= 2
                    && self
                        .open
                        .get(self.open.len() - 2)
                        .is_some_and(|(_, n)| *n == local_name!("table")) =>
            {
                self.open.pop();
                self.open.pop();
            }
            _ if name == current => {
                self.open.pop();
            }
            _ => return Err(Refused),
        }
        Ok(())
    }
}

/// `t` without its first byte (a `\n`).
fn without_first_byte(t: Cow<'_, str>) -> Cow<'_, str> {
    match t {
        Cow::Borrowed(s) => Cow::Borrowed(s.get(1..).unwrap_or_default()),
        Cow::Owned(s) => Cow::Owned(s.get(1..).unwrap_or_default().to_string()),
    }
}

/// How the text of a raw-text element is read (`<textarea>` and
/// `<plaintext>` are refused instead).
fn raw_kind(name: &LocalName) -> Option<Raw> {
    match *name {
        local_name!("title") => Some(Raw::Rcdata),
        local_name!("style")
        | local_name!("xmp")
        | local_name!("iframe")
        | local_name!("noembed")
        | local_name!("noframes") => Some(Raw::Rawtext),
        local_name!("script") => Some(Raw::Script),
        _ => None,
    }
}

/// The elements in whose place only a table's structure may stand.
fn is_table_context(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("table")
            | local_name!("tbody")
            | local_name!("thead")
            | local_name!("tfoot")
            | local_name!("tr")
            | local_name!("colgroup")
    )
}

fn is_heading(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("h1")
            | local_name!("h2")
            | local_name!("h3")
            | local_name!("h4")
            | local_name!("h5")
            | local_name!("h6")
    )
}

/// Start tags the standard reads in the body other than by opening an
/// element where it stands.
fn is_refused_in_body(name: &LocalName) -> bool {
    (is_table_context(name) && *name != local_name!("table"))
        || matches!(
            *name,
            local_name!("html")
                | local_name!("head")
                | local_name!("body")
                | local_name!("frameset")
                | local_name!("frame")
                | local_name!("plaintext")
                | local_name!("textarea")
                | local_name!("select")
                | local_name!("option")
                | local_name!("optgroup")
                | local_name!("rb")
                | local_name!("rp")
                | local_name!("rt")
                | local_name!("rtc")
                | local_name!("math")
                | local_name!("svg")
                | local_name!("image")
                | local_name!("isindex")
                | local_name!("template")
                | local_name!("caption")
                | local_name!("col")
                | local_name!("td")
                | local_name!("th")
                | local_name!("nobr")
        )
}

/// Elements that may open inside a `<p>` without closing it.
fn is_phrasing(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("a")
            | local_name!("abbr")
            | local_name!("b")
            | local_name!("bdi")
            | local_name!("bdo")
            | local_name!("br")
            | local_name!("cite")
            | local_name!("code")
            | local_name!("data")
            | local_name!("del")
            | local_name!("dfn")
            | local_name!("em")
            | local_name!("i")
            | local_name!("img")
            | local_name!("ins")
            | local_name!("kbd")
            | local_name!("mark")
            | local_name!("q")
            | local_name!("s")
            | local_name!("samp")
            | local_name!("small")
            | local_name!("span")
            | local_name!("strong")
            | local_name!("sub")
            | local_name!("sup")
            | local_name!("time")
            | local_name!("u")
            | local_name!("var")
            | local_name!("wbr")
            | local_name!("font")
            | local_name!("big")
            | local_name!("tt")
            | local_name!("strike")
            | local_name!("label")
            | local_name!("acronym")
    )
}

/// Elements without content or end tag.
fn is_void(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("area")
            | local_name!("base")
            | local_name!("basefont")
            | local_name!("bgsound")
            | local_name!("br")
            | local_name!("embed")
            | local_name!("hr")
            | local_name!("img")
            | local_name!("input")
            | local_name!("keygen")
            | local_name!("link")
            | local_name!("meta")
            | local_name!("param")
            | local_name!("source")
            | local_name!("track")
            | local_name!("wbr")
    )
}

/// The standard's special elements (in HTML), which stop the search for
/// an open list item.
fn is_special(name: &LocalName) -> bool {
    is_heading(name)
        || matches!(
            *name,
            local_name!("address")
                | local_name!("applet")
                | local_name!("area")
                | local_name!("article")
                | local_name!("aside")
                | local_name!("base")
                | local_name!("basefont")
                | local_name!("bgsound")
                | local_name!("blockquote")
                | local_name!("body")
                | local_name!("br")
                | local_name!("button")
                | local_name!("caption")
                | local_name!("center")
                | local_name!("col")
                | local_name!("colgroup")
                | local_name!("dd")
                | local_name!("details")
                | local_name!("dir")
                | local_name!("div")
                | local_name!("dl")
                | local_name!("dt")
                | local_name!("embed")
                | local_name!("fieldset")
                | local_name!("figcaption")
                | local_name!("figure")
                | local_name!("footer")
                | local_name!("form")
                | local_name!("frame")
                | local_name!("frameset")
                | local_name!("head")
                | local_name!("header")
                | local_name!("hgroup")
                | local_name!("hr")
                | local_name!("html")
                | local_name!("iframe")
                | local_name!("img")
                | local_name!("input")
                | local_name!("keygen")
                | local_name!("li")
                | local_name!("link")
                | local_name!("listing")
                | local_name!("main")
                | local_name!("marquee")
                | local_name!("menu")
                | local_name!("meta")
                | local_name!("nav")
                | local_name!("noembed")
                | local_name!("noframes")
                | local_name!("noscript")
                | local_name!("object")
                | local_name!("ol")
                | local_name!("p")
                | local_name!("param")
                | local_name!("plaintext")
                | local_name!("pre")
                | local_name!("script")
                | local_name!("search")
                | local_name!("section")
                | local_name!("select")
                | local_name!("source")
                | local_name!("style")
                | local_name!("summary")
                | local_name!("table")
                | local_name!("tbody")
                | local_name!("td")
                | local_name!("template")
                | local_name!("textarea")
                | local_name!("tfoot")
                | local_name!("th")
                | local_name!("thead")
                | local_name!("title")
                | local_name!("tr")
                | local_name!("track")
                | local_name!("ul")
                | local_name!("wbr")
                | local_name!("xmp")
        )
}
