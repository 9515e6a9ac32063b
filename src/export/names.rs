//! File names for the per-entry layout, from a template such as
//! `{date}-{author}-{title}`, safe on every common file system.
//!
//! Fields: `{date}` (`YYYY-MM-DD` or `undated`), `{author}` (or `unknown`),
//! `{title}`, `{id}`, `{kind}`, and `{n}`: the entry's number in the
//! export from 1, zero-padded to the digits of the last one (`001`…`120`),
//! so the files sort in the export's order (a collection's own order).
//! Each other field becomes a lowercase slug: letters and digits (any
//! script) kept, apostrophes dropped, everything else a single `-`. Text
//! outside the braces is kept.
//!
//! A `/` in the template's text makes subfolders, as in Calibre's
//! `{author}/{date} {title}`: the last part names the file, the parts before
//! it name folders, always below the export folder. Each part is sanitised
//! on its own:
//! - reserved characters `<>:"/\|?*` and control characters become `-`, so
//!   no part holds a separator, and a `\` or `C:` never starts a path;
//! - no leading or trailing dots, spaces or dashes, so no part is `.` or
//!   `..`;
//! - Windows device names (`CON`, `PRN`, `AUX`, `NUL`, `COM0`–`COM9`,
//!   `LPT0`–`LPT9`, with any extension, any case) get a leading `_`;
//! - at most [`MAX_NAME_BYTES`] bytes (the file's extension included), cut
//!   at a character boundary;
//! - never empty: a part whose template text alone is blank (`a//b`, a
//!   leading `/`, `../`) is dropped for every entry, and a part that comes
//!   out empty for one entry is `untitled`. So every entry's file lies at
//!   the same depth, and no planned file has the name of a planned folder.
//!
//! Paths are unique ignoring case: later clashes get `-2`, `-3`, … before
//! the extension (still within the byte limit). They use `/` between parts,
//! which every supported platform accepts in a path.
//!
//! A template with an unknown field is refused by [`check_template`] (and so
//! by the export); [`plan_names`] keeps such a field as literal text.
//!
//! Names are assigned in entry order, so the names of the first `n` entries
//! do not depend on the entries after them (the dialog previews a prefix).

use crate::archive::Archive;
use crate::model::Entry;
use std::collections::{HashMap, HashSet};

/// The default per-entry file-name template.
pub const DEFAULT_TEMPLATE: &str = "{date}-{author}-{title}";
/// Longest file or folder name, in bytes, a file's extension included.
pub const MAX_NAME_BYTES: usize = 120;
/// The fields a template may use (without braces).
pub const TEMPLATE_FIELDS: [&str; 6] = ["date", "author", "title", "id", "kind", "n"];

/// Name used when a template gives nothing usable.
const FALLBACK: &str = "untitled";

/// File names (with `.ext`, below any subfolders the template makes, see
/// the module doc) for the entries at `ixs`, in order; unknown indexes are
/// skipped. For a preview, pass the first few indexes only.
pub fn plan_names(archive: &Archive, ixs: &[u32], template: &str, ext: &str) -> Vec<String> {
    let entries: Vec<&Entry> = ixs.iter().filter_map(|&ix| archive.get(ix)).collect();
    plan_entries(&entries, template, ext)
}

/// A template's `{field}`s that are not in [`TEMPLATE_FIELDS`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown field{} {} in the file-name template; the fields are {}",
    if .0.len() == 1 { "" } else { "s" },
    braced(.0.iter().map(String::as_str)),
    braced(TEMPLATE_FIELDS.iter().copied()),
)]
pub struct UnknownFields(pub Vec<String>);

/// `{a}, {b}`.
fn braced<'a>(fields: impl Iterator<Item = &'a str>) -> String {
    fields
        .map(|f| format!("{{{f}}}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Refuses a template with fields that are not in [`TEMPLATE_FIELDS`];
/// the error lists the valid ones.
pub fn check_template(template: &str) -> Result<(), UnknownFields> {
    let unknown = unknown_fields(template);
    if unknown.is_empty() {
        Ok(())
    } else {
        Err(UnknownFields(unknown))
    }
}

/// `{field}`s in the template that are not in [`TEMPLATE_FIELDS`] (plan
/// names keep them as literal text; [`check_template`] refuses them).
pub fn unknown_fields(template: &str) -> Vec<String> {
    pieces(template)
        .filter_map(|p| match p {
            Piece::Field(f) if !TEMPLATE_FIELDS.contains(&f) => Some(f.to_string()),
            _ => None,
        })
        .collect()
}

/// Paths (parts joined by `/`, the file's with `.ext`) for entries, in
/// order.
pub(crate) fn plan_entries(entries: &[&Entry], template: &str, ext: &str) -> Vec<String> {
    let ext: String = ext.chars().filter(char::is_ascii_alphanumeric).collect();
    let dot_ext = if ext.is_empty() {
        String::new()
    } else {
        format!(".{ext}")
    };
    let budget = MAX_NAME_BYTES - dot_ext.len().min(MAX_NAME_BYTES / 2);
    let (folders, file) = parts(template);
    let mut used: HashSet<String> = HashSet::with_capacity(entries.len());
    let mut next_suffix: HashMap<String, u32> = HashMap::new();
    let width = entries.len().to_string().len();
    entries
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let at = Numbering { n: i + 1, width };
            let mut dir = String::new();
            for folder in &folders {
                dir.push_str(&safe_stem(&expand(folder, e, at), MAX_NAME_BYTES));
                dir.push('/');
            }
            let stem = safe_stem(&expand(file, e, at), budget);
            let name = Name {
                dir: &dir,
                stem: &stem,
                dot_ext: &dot_ext,
            };
            unique(&name, budget, &mut used, &mut next_suffix)
        })
        .collect()
}

/// The template's folder parts and its file part, without the blank parts
/// (see the module doc).
fn parts(template: &str) -> (Vec<&str>, &str) {
    let mut parts: Vec<&str> = template.split('/').filter(|p| !is_blank(p)).collect();
    let file = parts.pop().unwrap_or_default();
    (parts, file)
}

/// True for a template part without fields whose text sanitises to nothing.
fn is_blank(part: &str) -> bool {
    pieces(part).all(|p| matches!(p, Piece::Text(t) if trim_ends(&clean(t)).is_empty()))
}

/// One planned path before it is made unique.
struct Name<'a> {
    /// The folders, each followed by `/` (empty for none).
    dir: &'a str,
    stem: &'a str,
    dot_ext: &'a str,
}

/// `dir/stem.ext`, or `dir/stem-k.ext` with the first free `k`
/// (case-insensitively).
fn unique(
    name: &Name<'_>,
    budget: usize,
    used: &mut HashSet<String>,
    next_suffix: &mut HashMap<String, u32>,
) -> String {
    let Name { dir, stem, dot_ext } = name;
    let path = format!("{dir}{stem}{dot_ext}");
    if used.insert(path.to_lowercase()) {
        return path;
    }
    let key = format!("{dir}{stem}").to_lowercase();
    let mut k = next_suffix.get(&key).copied().unwrap_or(2);
    loop {
        let suffix = format!("-{k}");
        let base = safe_stem(stem, budget - suffix.len());
        let path = format!("{dir}{base}{suffix}{dot_ext}");
        k += 1;
        if used.insert(path.to_lowercase()) {
            next_suffix.insert(key, k);
            return path;
        }
    }
}

enum Piece<'a> {
    Text(&'a str),
    Field(&'a str),
}

/// Splits a template into literal text and `{field}`s.
fn pieces(template: &str) -> impl Iterator<Item = Piece<'_>> {
    let mut rest = template;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let field = rest
            .strip_prefix('{')
            .and_then(|r| r.find('}').map(|end| (&r[..end], &r[end + 1..])))
            .filter(|(f, _)| !f.contains('{'));
        if let Some((f, after)) = field {
            rest = after;
            return Some(Piece::Field(f));
        }
        let end = rest[1..].find('{').map_or(rest.len(), |i| i + 1);
        let (text, after) = rest.split_at(end);
        rest = after;
        Some(Piece::Text(text))
    })
}

/// An entry's place in the export, for `{n}`: its number from 1, and the
/// digits of the largest number (`{n}` is zero-padded to them, so the
/// files sort in the export's order).
#[derive(Debug, Clone, Copy)]
struct Numbering {
    n: usize,
    width: usize,
}

/// The template filled in for one entry (not yet sanitised).
fn expand(template: &str, e: &Entry, at: Numbering) -> String {
    let mut out = String::with_capacity(template.len() + e.title.len() + 32);
    for piece in pieces(template) {
        match piece {
            Piece::Text(t) => out.push_str(t),
            Piece::Field("date") => match e.date {
                Some(d) => out.push_str(&d.format("%Y-%m-%d").to_string()),
                None => out.push_str("undated"),
            },
            Piece::Field("author") => out.push_str(&slug(e.author.as_deref().unwrap_or("unknown"))),
            Piece::Field("title") => out.push_str(&slug(&e.title)),
            Piece::Field("id") => out.push_str(&slug(&e.id)),
            Piece::Field("kind") => out.push_str(e.kind.as_str()),
            Piece::Field("n") => out.push_str(&format!("{:0w$}", at.n, w = at.width)),
            Piece::Field(other) => {
                out.push('{');
                out.push_str(other);
                out.push('}');
            }
        }
    }
    out
}

/// Lowercase slug keeping letters and digits of any script.
fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else if c != '\'' && c != '’' {
            dash = true;
        }
    }
    out
}

/// Reserved and control characters replaced by `-`.
fn clean(raw: &str) -> String {
    raw.chars()
        .map(|c| {
            if c.is_control() || "<>:\"/\\|?*".contains(c) {
                '-'
            } else {
                c
            }
        })
        .collect()
}

/// One part of a path (a folder's name, or a file's without extension),
/// made safe and cut to `max` bytes.
fn safe_stem(raw: &str, max: usize) -> String {
    let mut stem = trim_ends(&clean(raw)).to_string();
    if stem.is_empty() {
        stem = FALLBACK.to_string();
    }
    if is_device_name(&stem) {
        stem.insert(0, '_');
    }
    if stem.len() > max {
        let mut cut = max;
        while !stem.is_char_boundary(cut) {
            cut -= 1;
        }
        stem = trim_ends(&stem[..cut]).to_string();
        if stem.is_empty() {
            stem = FALLBACK.to_string();
        }
    }
    stem
}

/// Without leading or trailing dots, spaces or dashes.
fn trim_ends(s: &str) -> &str {
    s.trim_start_matches(|c: char| c == '.' || c == '-' || c.is_whitespace())
        .trim_end_matches(|c: char| c == '.' || c == '-' || c.is_whitespace())
}

/// True for Windows device names, alone or with any extension.
fn is_device_name(stem: &str) -> bool {
    let head = stem.split('.').next().unwrap_or(stem).trim_end();
    let upper = head.to_ascii_uppercase();
    match upper.as_str() {
        "CON" | "PRN" | "AUX" | "NUL" | "CONIN$" | "CONOUT$" => true,
        _ => {
            let (Some(prefix), Some(digit)) = (upper.get(..3), upper.get(3..)) else {
                return false;
            };
            (prefix == "COM" || prefix == "LPT")
                && (matches!(digit.as_bytes(), [b'0'..=b'9']) || matches!(digit, "¹" | "²" | "³"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Block;

    fn entry(title: &str, author: Option<&str>, date: Option<(i32, u32, u32)>) -> Entry {
        Entry::with_blocks(vec![Block::paragraph("Text.")])
            .with_id(&format!("{}-0000abcd", crate::id::slugify(title, 48)))
            .with_title(title)
            .with_source("x.txt")
            .with_author(author)
            .with_date(date)
    }

    fn names(titles: &[&str], template: &str) -> Vec<String> {
        let entries: Vec<Entry> = titles.iter().map(|t| entry(t, None, None)).collect();
        let refs: Vec<&Entry> = entries.iter().collect();
        plan_entries(&refs, template, "txt")
    }

    /// The rules every planned name must follow.
    fn assert_safe(name: &str) {
        assert!(!name.is_empty());
        assert!(
            name.len() <= MAX_NAME_BYTES,
            "{name} is {} bytes",
            name.len()
        );
        assert!(
            !name
                .chars()
                .any(|c| c.is_control() || "<>:\"/\\|?*".contains(c)),
            "{name}"
        );
        assert!(
            !name.starts_with(['.', ' ']) && !name.ends_with(['.', ' ']),
            "{name}"
        );
        assert!(!is_device_name(name), "{name}");
    }

    /// A dated entry with an author and an apostrophe, and one with
    /// neither date nor author.
    fn dated_and_undated() -> [Entry; 2] {
        [
            entry(
                "It’s Time for Something New",
                Some("Mikael Blaisdell"),
                Some((2007, 7, 25)),
            ),
            entry("Café Crème", None, None),
        ]
    }

    #[test]
    fn default_template_joins_date_author_title() {
        let [e, undated] = dated_and_undated();
        assert_eq!(
            plan_entries(&[&e, &undated], DEFAULT_TEMPLATE, "md"),
            [
                "2007-07-25-mikael-blaisdell-its-time-for-something-new.md",
                "undated-unknown-café-crème.md"
            ]
        );
    }

    #[test]
    fn hostile_titles_become_safe_names() {
        let got = names(
            &["../../etc/passwd", "CON", "a:b*c?", "nul.tar", "...", "  "],
            "{title}",
        );
        assert_eq!(
            got,
            [
                "etc-passwd.txt",
                "_con.txt",
                "a-b-c.txt",
                "nul-tar.txt",
                "untitled.txt",
                "untitled-2.txt"
            ]
        );
        got.iter().for_each(|n| assert_safe(n));
    }

    #[test]
    fn literal_template_text_is_sanitised_too() {
        let got = names(&["x"], "../{title}/<COM1>?");
        assert_eq!(got, ["x/_COM1.txt"]);
        assert_eq!(names(&["x"], "COM1"), ["_COM1.txt"]);
        assert_safe(&names(&["x"], "COM1")[0]);
        assert_eq!(names(&["x"], "lpt9.{title}")[0], "_lpt9.x.txt");
        assert_eq!(names(&["x"], "")[0], "untitled.txt");
    }

    /// The rules every planned path must follow: parts that are safe names,
    /// nothing that leaves the export folder.
    fn assert_safe_path(path: &str) {
        assert!(!path.starts_with('/') && !path.ends_with('/'), "{path}");
        for part in path.split('/') {
            assert_safe(part);
        }
        let components = std::path::Path::new(path).components();
        assert!(
            components
                .into_iter()
                .all(|c| matches!(c, std::path::Component::Normal(_))),
            "{path}"
        );
    }

    #[test]
    fn a_slash_makes_subfolders() {
        let [e, undated] = dated_and_undated();
        assert_eq!(
            plan_entries(&[&e, &undated], "{author}/{date} {title}", "md"),
            [
                "mikael-blaisdell/2007-07-25 its-time-for-something-new.md",
                "unknown/undated café-crème.md"
            ]
        );
        assert_eq!(
            plan_entries(&[&e], "Essays/{kind}/{date}/{title}", "txt"),
            ["Essays/article/2007-07-25/its-time-for-something-new.txt"]
        );
    }

    #[test]
    fn subfolders_never_leave_the_export_folder() {
        for (template, want) in [
            ("/{title}", "x.txt"),
            ("../../{title}", "x.txt"),
            ("{title}/../y", "x/y.txt"),
            ("a//{title}", "a/x.txt"),
            ("./{title}/.", "x.txt"),
            (" / - /{title}", "x.txt"),
            ("C:/{title}", "C/x.txt"),
            ("\\\\server\\share/{title}", "server-share/x.txt"),
            ("..\\{title}/nul", "x/_nul.txt"),
            ("{title}/", "x.txt"),
            ("a/\u{7}/b\n/{title}", "a/b/x.txt"),
            ("///", "untitled.txt"),
        ] {
            let got = names(&["x"], template);
            assert_eq!(got, [want], "{template}");
            assert_safe_path(&got[0]);
        }
        // Titles cannot add folders: their slashes become dashes.
        let got = names(&["../../etc/passwd", "/", ".."], "{title}/{title}");
        assert_eq!(
            got,
            [
                "etc-passwd/etc-passwd.txt",
                "untitled/untitled.txt",
                "untitled/untitled-2.txt"
            ]
        );
        got.iter().for_each(|p| assert_safe_path(p));
    }

    #[test]
    fn folder_names_are_cut_to_the_limit_and_paths_are_unique() {
        let long = "word ".repeat(60);
        let got = names(&[&long, &long, "Same", "same"], "{title}/{title}");
        for p in &got {
            assert_safe_path(p);
        }
        let folder = got[0].split('/').next().unwrap();
        assert!(folder.len() > MAX_NAME_BYTES - 8, "{folder}");
        assert!(got[1].starts_with(&format!("{folder}/")), "{}", got[1]);
        assert!(got[1].ends_with("-2.txt"), "{}", got[1]);
        assert_eq!(got[2..], ["same/same.txt", "same/same-2.txt"]);
        // The same file name in different folders is no clash.
        let a = entry("Notes", Some("Jane Doe"), None);
        let b = entry("Notes", Some("John Roe"), None);
        assert_eq!(
            plan_entries(&[&a, &b], "{author}/{title}", "txt"),
            ["jane-doe/notes.txt", "john-roe/notes.txt"]
        );
    }

    #[test]
    fn long_titles_are_cut_at_char_boundaries_within_the_limit() {
        let ascii = "word ".repeat(60);
        let multi = "日本語のタイトル".repeat(13);
        let emoji = "é🦀".repeat(50);
        for t in [ascii.as_str(), multi.as_str(), emoji.as_str()] {
            assert!(t.len() >= 300);
            let got = names(&[t, t, t], "{title}");
            for n in &got {
                assert_safe(n);
                assert!(n.ends_with(".txt"));
            }
            assert!(got[0].len() > MAX_NAME_BYTES - 8, "{}", got[0]);
            assert!(got[2].ends_with("-3.txt"), "{}", got[2]);
        }
    }

    #[test]
    fn duplicates_get_numeric_suffixes_case_insensitively() {
        let got = names(&["Same", "same", "SAME", "same 2", "Same"], "{title}");
        assert_eq!(
            got,
            [
                "same.txt",
                "same-2.txt",
                "same-3.txt",
                "same-2-2.txt",
                "same-4.txt"
            ]
        );
        let lits = names(&["a", "b"], "Fixed");
        assert_eq!(lits, ["Fixed.txt", "Fixed-2.txt"]);
    }

    #[test]
    fn a_prefix_plans_the_same_names() {
        let titles = ["a", "a", "b", "a"];
        let all = names(&titles, "{title}");
        assert_eq!(names(&titles[..2], "{title}"), all[..2]);
    }

    #[test]
    fn unknown_fields_are_reported_and_kept_literally() {
        assert_eq!(unknown_fields("{date}-{nope}-{title}"), ["nope"]);
        assert!(unknown_fields(DEFAULT_TEMPLATE).is_empty());
        assert_eq!(names(&["x"], "{kind}-{nope}")[0], "article-{nope}.txt");
    }

    #[test]
    fn an_unknown_field_is_refused_with_the_valid_fields_listed() {
        assert_eq!(check_template(DEFAULT_TEMPLATE), Ok(()));
        assert_eq!(check_template("{id}.{kind} {title}"), Ok(()));
        let err = check_template("{date}-{nonexistent}").unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown field {nonexistent} in the file-name template; \
             the fields are {date}, {author}, {title}, {id}, {kind}, {n}"
        );
        let two = check_template("{a}{b}").unwrap_err().to_string();
        assert!(two.starts_with("unknown fields {a}, {b} in"), "{two}");
    }

    #[test]
    fn device_names_are_recognised() {
        for n in [
            "CON",
            "con.txt",
            "Aux",
            "nul.tar.gz",
            "COM1",
            "lpt9.md",
            "COM¹",
        ] {
            assert!(is_device_name(n), "{n}");
        }
        for n in ["console", "com10", "lpt", "conference.txt", "é", ""] {
            assert!(!is_device_name(n), "{n}");
        }
    }
}
