//! A byte-level HTML tokenizer for the pages [`super::fast`] reads: tags
//! with their attributes, text with its character references decoded,
//! comments and the doctype, found with byte searches rather than a
//! character at a time.
//!
//! It tokenizes as the HTML standard does for the markup it accepts, and
//! refuses ([`Refused`]) whatever it would have to guess at: a reference
//! that may be a legacy one without its `;`, odd numeric references,
//! attribute syntax the standard reads as an error, `<?` and `<!` other
//! than comments and the doctype, comments the standard ends oddly, a
//! script holding `<!--`, raw text that never closes.

use html5ever::data::NAMED_ENTITIES;
use memchr::memchr;
use std::borrow::Cow;

/// The tokenizer cannot read the page with certainty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Refused;

/// One token.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Token<'a> {
    /// Text, its references decoded.
    Text(Cow<'a, str>),
    Start(Tag<'a>),
    /// An end tag's name, lowercased.
    End(Cow<'a, str>),
    Comment(&'a str),
    Doctype,
}

/// A start tag.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Tag<'a> {
    /// Lowercased.
    pub(super) name: Cow<'a, str>,
    /// Names lowercased, values decoded; a repeated name's later values
    /// are dropped, as the standard drops them.
    pub(super) attrs: Vec<(Cow<'a, str>, Cow<'a, str>)>,
    pub(super) closing: Closing,
}

/// Whether a start tag ends with `/>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Closing {
    Open,
    SelfClosing,
}

/// How the text of a raw-text element is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Raw {
    /// `<title>` and `<textarea>`: references are decoded.
    Rcdata,
    /// `<style>`, `<xmp>` and the like: as it stands.
    Rawtext,
    /// `<script>`: as it stands, refused when it holds `<!--` (whose
    /// escaping rules this tokenizer does not follow).
    Script,
}

pub(super) struct Lexer<'a> {
    src: &'a str,
    pos: usize,
}

/// Whitespace as HTML counts it.
pub(super) fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\x0c' | b'\r')
}

/// Whether `s` is whitespace only.
pub(super) fn all_space(s: &str) -> bool {
    s.bytes().all(is_space)
}

impl<'a> Lexer<'a> {
    pub(super) fn new(src: &'a str) -> Self {
        Lexer { src, pos: 0 }
    }

    fn bytes(&self) -> &'a [u8] {
        self.src.as_bytes()
    }

    /// The next token, `None` at the end.
    pub(super) fn next_token(&mut self) -> Result<Option<Token<'a>>, Refused> {
        let b = self.bytes();
        if self.pos >= b.len() {
            return Ok(None);
        }
        if b[self.pos] == b'<' && self.is_markup(self.pos) {
            return self.markup().map(Some);
        }
        // Text up to the next `<` that starts markup.
        let start = self.pos;
        let mut i = self.pos + 1;
        let end = loop {
            match memchr(b'<', b.get(i..).unwrap_or_default()) {
                Some(off) if self.is_markup(i + off) => break i + off,
                Some(off) => i += off + 1,
                None => break b.len(),
            }
        };
        self.pos = end;
        let text = self.src.get(start..end).ok_or(Refused)?;
        decode(text).map(|t| Some(Token::Text(t)))
    }

    /// Whether the `<` at `at` starts markup rather than standing as text.
    fn is_markup(&self, at: usize) -> bool {
        let b = self.bytes();
        match b.get(at + 1) {
            Some(c) if c.is_ascii_alphabetic() => true,
            Some(b'/' | b'!' | b'?') => true,
            _ => false,
        }
    }

    fn markup(&mut self) -> Result<Token<'a>, Refused> {
        let b = self.bytes();
        let at = self.pos;
        let rest = b.get(at..).unwrap_or_default();
        if rest.starts_with(b"<!--") {
            let body = at + 4;
            let tail = b.get(body..).unwrap_or_default();
            // `<!-->` and `<!--->` end at once, by the standard's rules.
            if tail.starts_with(b">") || tail.starts_with(b"->") {
                return Err(Refused);
            }
            let end = memchr::memmem::find(tail, b"-->").ok_or(Refused)? + body;
            let text = self.src.get(body..end).ok_or(Refused)?;
            // `--!>` ends a comment too.
            if text.contains("--!>") || text.ends_with("--!") {
                return Err(Refused);
            }
            self.pos = end + 3;
            return Ok(Token::Comment(text));
        }
        if rest.len() >= 9 && rest[2..9].eq_ignore_ascii_case(b"doctype") && rest[1] == b'!' {
            let end = memchr(b'>', rest).ok_or(Refused)?;
            self.pos = at + end + 1;
            return Ok(Token::Doctype);
        }
        match rest.get(1) {
            Some(b'/') => self.end_tag(),
            Some(c) if c.is_ascii_alphabetic() => self.start_tag(),
            _ => Err(Refused),
        }
    }

    /// A tag's name from `self.pos`, lowercased (refused unless letters,
    /// digits and `-`).
    fn name(&mut self) -> Result<Cow<'a, str>, Refused> {
        let b = self.bytes();
        let start = self.pos;
        let mut i = start;
        while let Some(&c) = b.get(i) {
            if is_space(c) || c == b'/' || c == b'>' {
                break;
            }
            if !(c.is_ascii_alphanumeric() || c == b'-') {
                return Err(Refused);
            }
            i += 1;
        }
        self.pos = i;
        lower(self.src.get(start..i).ok_or(Refused)?)
    }

    fn skip_space(&mut self) {
        let b = self.bytes();
        while b.get(self.pos).copied().is_some_and(is_space) {
            self.pos += 1;
        }
    }

    fn end_tag(&mut self) -> Result<Token<'a>, Refused> {
        self.pos += 2;
        if !self
            .bytes()
            .get(self.pos)
            .is_some_and(u8::is_ascii_alphabetic)
        {
            return Err(Refused);
        }
        let name = self.name()?;
        self.skip_space();
        if self.bytes().get(self.pos) != Some(&b'>') {
            return Err(Refused);
        }
        self.pos += 1;
        Ok(Token::End(name))
    }

    fn start_tag(&mut self) -> Result<Token<'a>, Refused> {
        self.pos += 1;
        let name = self.name()?;
        let mut attrs: Vec<(Cow<'a, str>, Cow<'a, str>)> = Vec::new();
        loop {
            self.skip_space();
            let b = self.bytes();
            match b.get(self.pos) {
                None => return Err(Refused),
                Some(b'>') => {
                    self.pos += 1;
                    return Ok(Token::Start(Tag {
                        name,
                        attrs,
                        closing: Closing::Open,
                    }));
                }
                Some(b'/') => {
                    if b.get(self.pos + 1) != Some(&b'>') {
                        return Err(Refused);
                    }
                    self.pos += 2;
                    return Ok(Token::Start(Tag {
                        name,
                        attrs,
                        closing: Closing::SelfClosing,
                    }));
                }
                Some(_) => {
                    let (key, value) = self.attribute()?;
                    if !attrs.iter().any(|(k, _)| *k == key) {
                        attrs.push((key, value));
                    }
                }
            }
        }
    }

    /// One attribute, from its name's first byte.
    fn attribute(&mut self) -> Result<(Cow<'a, str>, Cow<'a, str>), Refused> {
        let b = self.bytes();
        let start = self.pos;
        let mut i = start;
        while let Some(&c) = b.get(i) {
            if is_space(c) || c == b'/' || c == b'>' || (c == b'=' && i > start) {
                break;
            }
            if matches!(c, b'"' | b'\'' | b'<' | b'=') {
                return Err(Refused);
            }
            i += 1;
        }
        let key = lower(self.src.get(start..i).ok_or(Refused)?)?;
        self.pos = i;
        self.skip_space();
        if b.get(self.pos) != Some(&b'=') {
            return Ok((key, Cow::Borrowed("")));
        }
        self.pos += 1;
        self.skip_space();
        let (from, to, next) = match b.get(self.pos) {
            Some(&q @ (b'"' | b'\'')) => {
                let from = self.pos + 1;
                let len = memchr(q, b.get(from..).unwrap_or_default()).ok_or(Refused)?;
                (from, from + len, from + len + 1)
            }
            None | Some(b'>') => return Err(Refused),
            Some(_) => {
                let from = self.pos;
                let mut j = from;
                while let Some(&c) = b.get(j) {
                    if is_space(c) || c == b'>' {
                        break;
                    }
                    if matches!(c, b'"' | b'\'' | b'<' | b'=' | b'`') {
                        return Err(Refused);
                    }
                    j += 1;
                }
                (from, j, j)
            }
        };
        self.pos = next;
        let value = decode(self.src.get(from..to).ok_or(Refused)?)?;
        Ok((key, value))
    }

    /// The text of a raw-text element `name` whose start tag was just
    /// read, up to its end tag (which is the next token).
    pub(super) fn raw(&mut self, name: &str, how: Raw) -> Result<Cow<'a, str>, Refused> {
        let b = self.bytes();
        let n = name.as_bytes();
        let mut i = self.pos;
        let end = loop {
            let off = memchr(b'<', b.get(i..).unwrap_or_default()).ok_or(Refused)?;
            let at = i + off;
            let close = b.get(at + 1) == Some(&b'/')
                && b.get(at + 2..at + 2 + n.len())
                    .is_some_and(|w| w.eq_ignore_ascii_case(n))
                && b.get(at + 2 + n.len())
                    .is_some_and(|&c| is_space(c) || c == b'/' || c == b'>');
            if close {
                break at;
            }
            i = at + 1;
        };
        let text = self.src.get(self.pos..end).ok_or(Refused)?;
        self.pos = end;
        match how {
            Raw::Rcdata => decode(text),
            Raw::Rawtext => Ok(Cow::Borrowed(text)),
            Raw::Script if text.contains("<!--") => Err(Refused),
            Raw::Script => Ok(Cow::Borrowed(text)),
        }
    }
}

/// `s` with its ASCII capitals lowered.
fn lower(s: &str) -> Result<Cow<'_, str>, Refused> {
    if s.is_empty() {
        return Err(Refused);
    }
    Ok(if s.bytes().any(|c| c.is_ascii_uppercase()) {
        Cow::Owned(s.to_ascii_lowercase())
    } else {
        Cow::Borrowed(s)
    })
}

/// `s` with its character references decoded.
pub(super) fn decode(s: &str) -> Result<Cow<'_, str>, Refused> {
    let b = s.as_bytes();
    let Some(first) = memchr(b'&', b) else {
        return Ok(Cow::Borrowed(s));
    };
    let mut out = String::with_capacity(s.len());
    let mut copied = 0;
    let mut i = first;
    loop {
        let (decoded, used) = reference(s, i)?;
        if let Some(chars) = decoded {
            out.push_str(s.get(copied..i).ok_or(Refused)?);
            for c in chars.into_iter().flatten() {
                out.push(c);
            }
            copied = i + used;
        }
        let from = i + used.max(1);
        match memchr(b'&', b.get(from..).unwrap_or_default()) {
            Some(off) => i = from + off,
            None => break,
        }
    }
    out.push_str(s.get(copied..).ok_or(Refused)?);
    Ok(Cow::Owned(out))
}

/// The one or two characters a reference stands for.
type Chars = [Option<char>; 2];

/// The reference at `at` (a `&`): what it stands for (`None` when the
/// `&` is plain text) and how many bytes it takes.
fn reference(s: &str, at: usize) -> Result<(Option<Chars>, usize), Refused> {
    let b = s.as_bytes();
    let after = at + 1;
    match b.get(after) {
        Some(b'#') => numeric(b, after + 1).map(|(c, used)| (Some([Some(c), None]), used + 2)),
        Some(c) if c.is_ascii_alphanumeric() => {
            let run = b
                .get(after..)
                .unwrap_or_default()
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric())
                .count();
            if b.get(after + run) == Some(&b';') {
                let key = s.get(after..=after + run).ok_or(Refused)?;
                if let Some(&(c1, c2)) = NAMED_ENTITIES.get(key)
                    && c1 != 0
                {
                    let c1 = char::from_u32(c1).ok_or(Refused)?;
                    let c2 = (c2 != 0).then(|| char::from_u32(c2)).flatten();
                    return Ok((Some([Some(c1), c2]), run + 2));
                }
            }
            // A legacy name without its `;` is read differently in text
            // and in attributes: left to the full parser.
            for n in 1..=run {
                let prefix = s.get(after..after + n).ok_or(Refused)?;
                if NAMED_ENTITIES.get(prefix).is_some_and(|&(c1, _)| c1 != 0) {
                    return Err(Refused);
                }
            }
            Ok((None, 1))
        }
        _ => Ok((None, 1)),
    }
}

/// A numeric reference's character from its first byte after `&#`, and
/// the bytes it takes from there (`;` included). Only a well-formed one
/// for a character that stands as written is read.
fn numeric(b: &[u8], from: usize) -> Result<(char, usize), Refused> {
    let (radix, digits_at) = match b.get(from) {
        Some(b'x' | b'X') => (16, from + 1),
        _ => (10, from),
    };
    let digits = b
        .get(digits_at..)
        .unwrap_or_default()
        .iter()
        .take_while(|c| c.is_ascii_hexdigit() && (radix == 16 || c.is_ascii_digit()))
        .count();
    if digits == 0 || digits > 7 || b.get(digits_at + digits) != Some(&b';') {
        return Err(Refused);
    }
    let text = std::str::from_utf8(b.get(digits_at..digits_at + digits).ok_or(Refused)?)
        .map_err(|_| Refused)?;
    let n = u32::from_str_radix(text, radix).map_err(|_| Refused)?;
    let plain = matches!(n, 0x09 | 0x0A | 0x0C) || (0x20..0x7F).contains(&n) || n >= 0xA0;
    let c = char::from_u32(n).filter(|_| plain).ok_or(Refused)?;
    Ok((c, digits_at + digits + 1 - from))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(s: &str) -> Result<Vec<Token<'_>>, Refused> {
        let mut l = Lexer::new(s);
        let mut out = Vec::new();
        while let Some(t) = l.next_token()? {
            out.push(t);
        }
        Ok(out)
    }

    #[test]
    fn references_decode_as_the_standard_reads_them_or_are_refused() {
        assert_eq!(
            decode("a &amp; b &lt;&#39;&#x263A;").unwrap(),
            "a & b <'\u{263a}"
        );
        assert_eq!(decode("AT&T; R&D &#").ok(), None);
        assert_eq!(
            decode("fish & chips &zzz; &1").unwrap(),
            "fish & chips &zzz; &1"
        );
        // `&amp` without `;` is a legacy reference: not guessed at.
        assert_eq!(decode("&ampx").ok(), None);
        assert_eq!(decode("&#0;").ok(), None);
        assert_eq!(decode("&#x80;").ok(), None);
        assert_eq!(decode("&NotEqualTilde;").unwrap(), "\u{2242}\u{338}");
    }

    #[test]
    fn tags_attributes_and_text_come_as_tokens() {
        let t =
            tokens("<!DOCTYPE html><P Class='a b' id=x hidden CLASS=c>1 < 2<!-- c --></p><br/>")
                .unwrap();
        assert_eq!(t[0], Token::Doctype);
        let Token::Start(tag) = &t[1] else { panic!() };
        assert_eq!(tag.name, "p");
        assert_eq!(
            tag.attrs,
            [
                (Cow::from("class"), Cow::from("a b")),
                (Cow::from("id"), Cow::from("x")),
                (Cow::from("hidden"), Cow::from("")),
            ]
        );
        assert_eq!(t[2], Token::Text(Cow::from("1 < 2")));
        assert_eq!(t[3], Token::Comment(" c "));
        assert_eq!(t[4], Token::End(Cow::from("p")));
        let Token::Start(br) = &t[5] else { panic!() };
        assert_eq!(br.closing, Closing::SelfClosing);
        for odd in [
            "<p a=\"x>",
            "<!-->",
            "<? x ?>",
            "<!x>",
            "</ p>",
            "<p/ x>",
            "<p a=b\"c>",
        ] {
            assert_eq!(tokens(odd).ok(), None, "{odd}");
        }
    }

    #[test]
    fn raw_text_runs_to_its_own_end_tag() {
        let mut l = Lexer::new("a</b> &amp; </STYLE >");
        assert_eq!(l.raw("style", Raw::Rawtext).unwrap(), "a</b> &amp; ");
        assert_eq!(
            l.next_token().unwrap(),
            Some(Token::End(Cow::from("style")))
        );
        let mut l = Lexer::new("x &amp; y</title>");
        assert_eq!(l.raw("title", Raw::Rcdata).unwrap(), "x & y");
        assert!(
            Lexer::new("<!-- x</script>")
                .raw("script", Raw::Script)
                .is_err()
        );
        assert!(
            Lexer::new("never closed")
                .raw("style", Raw::Rawtext)
                .is_err()
        );
    }
}
