//! Links back into the reader: `hotline://entry/ID` names an entry and
//! `hotline://entry/ID#h=HIGHLIGHT` one of its highlights. Exports write
//! one beside every highlight, and `hotline show` opens one.
//!
//! The id is percent-encoded (every byte but `A-Z a-z 0-9 - . _ ~`), so
//! any id survives the trip through a Markdown link, a CSV cell or a
//! shell; [`Link::parse`] undoes exactly that and refuses anything else
//! without panicking.

use std::fmt;

/// The scheme and kind that start every link.
const PREFIX: &str = "hotline://entry/";

/// An entry, and perhaps one of its highlights.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Link {
    pub entry: String,
    pub highlight: Option<i64>,
}

/// Why a text is not a link.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    #[error("not a hotline link (expected hotline://entry/ID or hotline://entry/ID#h=N)")]
    Scheme,
    #[error("the link names no entry")]
    NoEntry,
    #[error("the link's entry id is not valid percent-encoded UTF-8")]
    Encoding,
    #[error("the link's part after # is not h=NUMBER")]
    Fragment,
}

impl Link {
    /// A link to a whole entry.
    pub fn entry(id: &str) -> Link {
        Link {
            entry: id.to_string(),
            highlight: None,
        }
    }

    /// A link to one highlight of an entry.
    pub fn highlight(id: &str, highlight: i64) -> Link {
        Link {
            entry: id.to_string(),
            highlight: Some(highlight),
        }
    }

    /// Reads a link (the scheme without regard to case).
    pub fn parse(text: &str) -> Result<Link, LinkError> {
        let text = text.trim();
        let rest = text
            .get(..PREFIX.len())
            .filter(|p| p.eq_ignore_ascii_case(PREFIX))
            .and_then(|_| text.get(PREFIX.len()..))
            .ok_or(LinkError::Scheme)?;
        let (id, fragment) = match rest.split_once('#') {
            Some((id, f)) => (id, Some(f)),
            None => (rest, None),
        };
        let entry = decode(id)?;
        if entry.is_empty() {
            return Err(LinkError::NoEntry);
        }
        let highlight = match fragment {
            None => None,
            Some(f) => Some(
                f.strip_prefix("h=")
                    .and_then(|n| n.parse::<i64>().ok())
                    .ok_or(LinkError::Fragment)?,
            ),
        };
        Ok(Link { entry, highlight })
    }

    /// Whether `text` is meant as a link rather than a bare id.
    pub fn looks_like(text: &str) -> bool {
        text.trim()
            .get(..10)
            .is_some_and(|p| p.eq_ignore_ascii_case("hotline://"))
    }
}

impl fmt::Display for Link {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(PREFIX)?;
        // Runs of unreserved bytes are written as they are, in one piece
        // (an export writes a link per highlight).
        let id = self.entry.as_str();
        let mut from = 0;
        for (i, b) in id.bytes().enumerate() {
            if !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')) {
                // A run is ASCII, so its ends are character boundaries.
                if from < i {
                    f.write_str(&id[from..i])?;
                }
                write!(f, "%{b:02X}")?;
                from = i + 1;
            }
        }
        f.write_str(id.get(from..).unwrap_or_default())?;
        if let Some(h) = self.highlight {
            write!(f, "#h={h}")?;
        }
        Ok(())
    }
}

/// Percent-decoding into UTF-8 text.
fn decode(s: &str) -> Result<String, LinkError> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            // Two hex digits exactly (`from_str_radix` would take a sign).
            let hex = s
                .get(i + 1..i + 3)
                .filter(|h| h.bytes().all(|d| d.is_ascii_hexdigit()))
                .ok_or(LinkError::Encoding)?;
            out.push(u8::from_str_radix(hex, 16).map_err(|_| LinkError::Encoding)?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| LinkError::Encoding)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn links_read_and_write_by_the_documented_form() {
        let l = Link::highlight("for-more-than-30-years-12345678", 7);
        assert_eq!(
            l.to_string(),
            "hotline://entry/for-more-than-30-years-12345678#h=7"
        );
        assert_eq!(Link::parse(&l.to_string()), Ok(l));
        assert_eq!(
            Link::parse("HOTLINE://entry/a%20b%2Fc"),
            Ok(Link::entry("a b/c"))
        );
        assert_eq!(
            Link::entry("é #1").to_string(),
            "hotline://entry/%C3%A9%20%231"
        );
        for (bad, why) in [
            ("https://entry/x", LinkError::Scheme),
            ("hotline://entry/", LinkError::NoEntry),
            ("hotline://entry/x%2", LinkError::Encoding),
            ("hotline://entry/x%+1", LinkError::Encoding),
            ("hotline://entry/x%FF", LinkError::Encoding),
            ("hotline://entry/x#7", LinkError::Fragment),
            ("hotline://entry/x#h=", LinkError::Fragment),
            ("hotline://entr", LinkError::Scheme),
        ] {
            assert_eq!(Link::parse(bad), Err(why), "{bad}");
        }
        assert!(Link::looks_like(" hotline://entry/x"));
        assert!(!Link::looks_like("hotline-id"));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn format_then_parse_is_identity(entry in "\\PC{1,40}", h in proptest::option::of(any::<i64>())) {
            let link = Link { entry, highlight: h };
            prop_assert_eq!(Link::parse(&link.to_string()), Ok(link));
        }

        #[test]
        fn garbage_never_panics(s in "(hotline://entry/)?[%#h=0-9a-fA-F\\PC]{0,30}") {
            let _ = Link::parse(&s);
            let _ = Link::looks_like(&s);
        }
    }
}
