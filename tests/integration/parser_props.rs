//! Property tests of hostile input to the parser and the loader: the parser
//! never panics and every entry it makes has a valid title and id, whatever
//! the input; a load of any generated folder (random bytes, every encoding,
//! files over the size limit, FIFOs, sockets, symlinks into `/proc`, names
//! with newlines or not valid Unicode) finishes, reports every file it did
//! not load, prints each warning on one line and gives the same answer
//! with and without its cache.

// Test helpers unwrap freely: a failed unwrap is a failed test.

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

/// The loader over generated folders: every kind of file a user's folder
/// can hold, under every kind of name.
#[cfg(unix)]
mod folders {
    use super::*;
    use hotline::load::load;
    use hotline::read::ReadLimit;
    use hotline::{Archive, LoadOptions, Progress, Text, Warning};
    use std::path::{Path, PathBuf};
    use std::time::Duration;

    /// The read limit of these loads: small, so "too large" is cheap.
    const LIMIT: u64 = 4096;

    #[derive(Debug, Clone)]
    enum Content {
        Text(String, Encoding),
        Bytes(Vec<u8>),
        /// A real file just past the limit.
        OverLimit,
        /// A sparse file of a gigabyte: never to be read.
        Sparse,
        Fifo,
        Socket,
        /// A symlink to a path outside the folder.
        Link(&'static str),
        /// A folder with one text file in it.
        Folder(String),
    }

    #[derive(Debug, Clone, Copy)]
    enum Encoding {
        Utf8,
        Utf8Bom,
        Utf16Le,
        Utf16Be,
        Windows1252,
    }

    fn encode(text: &str, enc: Encoding) -> Vec<u8> {
        match enc {
            Encoding::Utf8 => text.as_bytes().to_vec(),
            Encoding::Utf8Bom => [&b"\xEF\xBB\xBF"[..], text.as_bytes()].concat(),
            Encoding::Utf16Le => [0xFF, 0xFE]
                .into_iter()
                .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
                .collect(),
            Encoding::Utf16Be => [0xFE, 0xFF]
                .into_iter()
                .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
                .collect(),
            Encoding::Windows1252 => encoding_rs::WINDOWS_1252.encode(text).0.into_owned(),
        }
    }

    fn content() -> impl Strategy<Value = Content> {
        let enc = proptest::sample::select(
            &[
                Encoding::Utf8,
                Encoding::Utf8Bom,
                Encoding::Utf16Le,
                Encoding::Utf16Be,
                Encoding::Windows1252,
            ][..],
        );
        prop_oneof![
            6 => (document(), enc).prop_map(|(d, e)| Content::Text(d, e)),
            2 => proptest::collection::vec(any::<u8>(), 0..600).prop_map(Content::Bytes),
            1 => Just(Content::OverLimit),
            1 => Just(Content::Sparse),
            1 => Just(Content::Fifo),
            1 => Just(Content::Socket),
            1 => proptest::sample::select(&[
                "/proc/self", "/proc/kmsg", "/dev/zero", "/dev/null", "/sys", "/no/such/target",
            ][..]).prop_map(Content::Link),
            1 => document().prop_map(Content::Folder),
        ]
    }

    /// Names as users' files have them: plain, spaced, accented, with a
    /// newline that could forge a line of output, hidden, and (on Linux)
    /// not valid Unicode at all.
    fn name() -> impl Strategy<Value = Vec<u8>> {
        const NAMES: &[&[u8]] = &[
            b"note.txt",
            b"My Article.md",
            b"caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac.txt",
            b"new\nwarning: forged.txt",
            b"tab\there\x1b[31m.txt",
            b".hidden.txt",
            b"caf\xe9.txt",
            b"\xff\xfe.txt",
            b"no extension",
        ];
        proptest::sample::select(NAMES).prop_map(<[u8]>::to_vec)
    }

    fn path_of(dir: &Path, name: &[u8], i: usize) -> PathBuf {
        use std::os::unix::ffi::OsStrExt;
        // A number first keeps names unique and the walk order known.
        let mut bytes = format!("{i:02} ").into_bytes();
        bytes.extend_from_slice(name);
        if name.starts_with(b".") {
            bytes = [name, format!("{i:02}").as_bytes()].concat();
        }
        dir.join(std::ffi::OsStr::from_bytes(&bytes))
    }

    /// Makes one item; what keeps a socket bound is returned with it.
    fn make(path: &Path, content: &Content) -> Option<std::os::unix::net::UnixListener> {
        match content {
            Content::Text(doc, enc) => std::fs::write(path, encode(doc, *enc)).unwrap(),
            Content::Bytes(b) => std::fs::write(path, b).unwrap(),
            Content::OverLimit => std::fs::write(path, "word ".repeat(1000)).unwrap(),
            Content::Sparse => std::fs::File::create(path)
                .unwrap()
                .set_len(1 << 30)
                .unwrap(),
            Content::Fifo => {
                let made = std::process::Command::new("mkfifo").arg(path).status();
                assert!(made.unwrap().success());
            }
            Content::Socket => {
                return Some(std::os::unix::net::UnixListener::bind(path).unwrap());
            }
            Content::Link(target) => std::os::unix::fs::symlink(target, path).unwrap(),
            Content::Folder(doc) => {
                std::fs::create_dir(path).unwrap();
                std::fs::write(path.join("inner.txt"), doc).unwrap();
            }
        }
        None
    }

    /// Loads on another thread: a load that blocks fails the case instead
    /// of hanging the suite.
    fn load_within(opts: &LoadOptions) -> Archive {
        let (tx, rx) = std::sync::mpsc::channel();
        let opts = opts.clone();
        std::thread::spawn(move || {
            let _ = tx.send(load(&opts, &Progress::default()).map_err(|e| e.to_string()));
        });
        let loaded = rx.recv_timeout(Duration::from_secs(60));
        loaded.expect("the load hung").expect("the load failed")
    }

    fn shown(a: &Archive) -> (Vec<Entry>, Vec<Warning>) {
        (a.entries().to_vec(), a.warnings().to_vec())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        #[test]
        fn any_folder_loads_whole_the_same_with_and_without_a_cache(
            items in proptest::collection::vec((name(), content()), 0..10)
        ) {
            let docs = tempfile::tempdir().unwrap();
            let cache = tempfile::tempdir().unwrap();
            let mut sockets = Vec::new();
            let mut expected = Vec::new();
            for (i, (name, content)) in items.iter().enumerate() {
                let path = path_of(docs.path(), name, i);
                sockets.extend(make(&path, content));
                if !name.starts_with(b".") {
                    expected.push((path, content.clone()));
                }
            }
            let opts = |cache_dir: Option<&Path>, text: Text| LoadOptions {
                builtin: false,
                folders: vec![docs.path().into()],
                text,
                cache: cache_dir.map(Path::to_path_buf),
                limit: ReadLimit { max_bytes: LIMIT },
            };
            let fresh = load_within(&opts(None, Text::Full));
            assert_valid(fresh.entries());
            // A cache only saves time: written, then reused, with text or
            // outline only, the load is the same.
            for text in [Text::Full, Text::Full, Text::Outline] {
                let cached = load_within(&opts(Some(cache.path()), text));
                let plain = match text {
                    Text::Full => shown(&fresh),
                    Text::Outline => shown(&load_within(&opts(None, Text::Outline))),
                };
                prop_assert_eq!(shown(&cached), plain);
            }
            for w in fresh.warnings() {
                prop_assert!(!w.to_string().contains(['\n', '\r', '\u{1b}']), "{}", w);
            }
            // Nothing is dropped silently: every item gave entries or a
            // warning, and what must not be read gave a warning.
            let told = |path: &Path| {
                let p = path.display().to_string();
                let warned = fresh.warnings().iter().any(|w| w.path.starts_with(&p));
                let loaded = fresh.entries().iter().any(|e| e.source.starts_with(&p));
                (warned, loaded)
            };
            for (path, content) in &expected {
                let (warned, loaded) = told(path);
                let must_warn = matches!(
                    content,
                    Content::OverLimit | Content::Sparse | Content::Fifo | Content::Socket
                        | Content::Link(_)
                );
                prop_assert!(warned || loaded, "{} gave nothing", path.display());
                prop_assert!(!must_warn || (warned && !loaded), "{}", path.display());
            }
            drop(sockets);
        }
    }
}
