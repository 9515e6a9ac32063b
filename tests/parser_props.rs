//! Property tests: the parser never panics, and every entry it makes has a
//! valid title and id, whatever the input.

// Test helpers unwrap freely: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

use hotline::load::parse_bytes;
use hotline::model::Entry;
use hotline::parse::parse_document;
use proptest::prelude::*;

/// Line pieces that exercise every rule of the parser.
const PIECES: &[&str] = &[
    "The HotLine Magazine Archives",
    "For The Profession of Cloud/SaaS Product Support",
    "By Jane Doe",
    "BY MARY O'BRIEN-MCDONALD",
    "by",
    "Written by jane doe, Staff Writer",
    "By Jane Doe on April 1, 2009",
    "Author:",
    "March 24, 2007",
    "February 30, 2008",
    "2009-13-01",
    "Posted on Wednesday, April 1st, 2009 at 10:30 am",
    "99999999999999999999-99-99",
    "Continue Reading »",
    "Read more »",
    "[Read more]",
    "Text. Continue reading…",
    "",
    "   ",
    "\u{a0}",
    "\r",
    "\r\n",
    "# ",
    "## Heading ##",
    "=====",
    "Vision at all Levels",
    "Is Support Truly a Profession?",
    "Hubble Telescope over EarthFor more than 30 years, I’ve been working.",
    "this week? COBOL The lesson is clear.",
    "(Robert Butche is the Publisher of Newsroom Magazine.)",
    "*",
    "()",
    "Title: ",
    "日本語のテキスト。",
    "ĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲĲ",
    "A very long line that goes on and on without any sentence end at all because it is one of those run-on openings",
];

fn is_slug(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn assert_valid(entries: &[Entry]) {
    for e in entries {
        assert!(!e.title.is_empty(), "{e:?}");
        assert!(e.title.chars().count() <= 80, "{}", e.title);
        assert_eq!(e.title, e.title.trim());
        assert!(!e.title.contains(['\n', '\r']));
        assert!(is_slug(&e.id), "{}", e.id);
        assert!(!e.blocks.is_empty());
    }
}

/// A document built from adversarial pieces, joined by LF, CRLF or CR, with
/// random extra words.
fn document() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        4 => proptest::sample::select(PIECES).prop_map(str::to_string),
        1 => "[A-Za-z’“”.,?!() ]{0,40}",
    ];
    let sep = proptest::sample::select(&["\n", "\r\n", "\r", "\n\n"][..]);
    proptest::collection::vec((line, sep), 0..30).prop_map(|parts| {
        parts
            .into_iter()
            .map(|(l, s)| format!("{l}{s}"))
            .collect::<String>()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        let (entries, _) = parse_bytes("prop/bytes.txt", &bytes);
        assert_valid(&entries);
    }

    #[test]
    fn adversarial_documents_give_valid_entries(doc in document()) {
        let out = parse_document("prop/doc.txt", &doc, 42);
        assert_valid(&out.entries);
        if out.entries.is_empty() {
            prop_assert!(out.warnings.iter().any(|w| w == "no text found"));
        }
        for e in &out.entries {
            for b in &e.blocks {
                prop_assert!(!b.text().contains("The HotLine Magazine Archives"));
                prop_assert!(!b.text().contains("Continue Reading »"));
            }
        }
    }

    #[test]
    fn arbitrary_text_never_panics(doc in "\\PC{0,400}") {
        let out = parse_document("prop/any.txt", &doc, 7);
        assert_valid(&out.entries);
    }
}
