//! What the front matter's fields mean: the entry's [`Meta`], the same
//! way for YAML, TOML and JSON, and for the `hotline` comment of a
//! combined export.
//!
//! | field | read from (first one present wins) |
//! | --- | --- |
//! | title | `title` |
//! | author | `author`, then `authors`: a name, a list of names, or `{name: …}`; two names are `A and B`, more `A, B and C` |
//! | date | `date`, `publishdate`, `pubdate`, `published` (Hugo's order); the first that reads as a date |
//! | tags | `tags`, then `categories`: lists, or strings cut at commas |
//! | url | `source_url`, `url` (only an absolute `http(s)` one: Hugo's `url` is a path on the site), `link`, `canonical_url`, `original` |
//! | kind | `kind`: `article` or `excerpt` |
//! | collection | `collection` |
//! | teaser | `teaser`: how many leading blocks are the teaser |
//! | marks | `marks: obsidian`: this app's export with the reader's highlights (see [`super::body`]) |
//!
//! Keys are compared in lowercase; unknown keys are ignored.

use super::front_matter::{Fields, Value};
use crate::formats::{Meta, clean_author, parse_date};
use crate::model::Kind;

/// The date fields, in the order Hugo reads them.
const DATE_KEYS: &[&str] = &["date", "publishdate", "pubdate", "published"];

/// Where the text was published, in order of preference.
const URL_KEYS: &[&str] = &["source_url", "url", "link", "canonical_url", "original"];

/// The front matter's metadata, and the entry count a combined export
/// declares.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct FrontMeta {
    pub meta: Meta,
    /// `entries: N` (a combined export of N entries).
    pub entries: Option<u32>,
    /// How the body writes the reader's marks.
    pub marks: MarkSyntax,
}

/// Whether the body holds the reader's marks, written as this app's
/// export writes them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) enum MarkSyntax {
    /// No marks: the body is read as it is.
    #[default]
    None,
    /// `marks: obsidian`: `==…==` around passages (every `=` of the text
    /// escaped), footnotes, and `> [!note]` callouts, none of them the
    /// entries' text.
    Obsidian,
}

/// Reads the fields' metadata; a date field that does not read as a
/// date is named in a warning.
pub(super) fn read(fields: &Fields, warnings: &mut Vec<String>) -> FrontMeta {
    let get = |key: &str| {
        fields
            .iter()
            .find(|(k, v)| k == key && *v != Value::Null)
            .map(|(_, v)| v)
    };
    let mut tags = Vec::new();
    for key in ["tags", "categories"] {
        if let Some(v) = get(key) {
            push_tags(v, &mut tags);
        }
    }
    let meta = Meta {
        title: get("title").and_then(text),
        author: get("author")
            .or_else(|| get("authors"))
            .and_then(|v| join_names(&names(v))),
        date: DATE_KEYS.iter().find_map(|&key| {
            let v = get(key)?;
            let raw = match v {
                // Jekyll's `published: false` says whether to publish.
                Value::Bool(_) => return None,
                v => text(v)?,
            };
            let date = parse_date(&raw);
            if date.is_none() {
                warnings.push(format!("front matter {key} {raw:?} is not a date"));
            }
            date
        }),
        kind: get("kind").and_then(text).and_then(|k| Kind::parse(&k)),
        tags,
        url: URL_KEYS.iter().find_map(|&key| {
            let url = get(key).and_then(text)?;
            let absolute = {
                let lower = url.trim_start().to_ascii_lowercase();
                lower.starts_with("http://") || lower.starts_with("https://")
            };
            (key != "url" || absolute).then_some(url)
        }),
        collection: get("collection").and_then(text),
        teaser: get("teaser").and_then(number),
    };
    FrontMeta {
        meta,
        entries: get("entries").and_then(number),
        marks: match get("marks").and_then(text) {
            Some(m) if m.eq_ignore_ascii_case("obsidian") => MarkSyntax::Obsidian,
            _ => MarkSyntax::None,
        },
    }
}

/// A scalar as text (a number or a date as written); `None` for lists,
/// maps, booleans and blank text.
fn text(v: &Value) -> Option<String> {
    match v {
        Value::Text(s) | Value::Number(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        _ => None,
    }
}

/// A whole non-negative number, written as a number or as text.
fn number(v: &Value) -> Option<u32> {
    text(v)?.parse().ok()
}

/// The names an author field gives, each cleaned as a byline would be.
fn names(v: &Value) -> Vec<String> {
    match v {
        Value::List(items) => items.iter().flat_map(names).collect(),
        Value::Map(fields) => fields
            .iter()
            .find(|(k, _)| k == "name")
            .map(|(_, v)| names(v))
            .unwrap_or_default(),
        v => text(v).and_then(|t| clean_author(&t)).into_iter().collect(),
    }
}

/// `A`, `A and B`, `A, B and C`.
fn join_names(names: &[String]) -> Option<String> {
    match names {
        [] => None,
        [one] => Some(one.clone()),
        [init @ .., last] => Some(format!("{} and {last}", init.join(", "))),
    }
}

/// Tags from a list or from a comma-separated string.
fn push_tags(v: &Value, tags: &mut Vec<String>) {
    match v {
        Value::List(items) => tags.extend(items.iter().filter_map(text)),
        v => {
            if let Some(t) = text(v) {
                tags.extend(t.split(',').map(|s| s.trim().to_string()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn t(s: &str) -> Value {
        Value::Text(s.into())
    }

    fn fields(pairs: &[(&str, Value)]) -> Fields {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }

    fn meta(pairs: &[(&str, Value)]) -> (FrontMeta, Vec<String>) {
        let mut w = Vec::new();
        (read(&fields(pairs), &mut w), w)
    }

    #[test]
    fn every_field() {
        let (m, w) = meta(&[
            ("title", t(" The Title ")),
            ("author", t("By JANE DOE")),
            ("date", t("2008-05-15T09:30:00Z")),
            ("kind", t("Excerpt")),
            ("tags", Value::List(vec![t("a"), Value::Number("7".into())])),
            ("categories", t("b, c")),
            ("url", t("https://e.com/a")),
            ("collection", t("Issue 4")),
            ("teaser", Value::Number("2".into())),
            ("entries", t("3")),
            ("marks", t("Obsidian")),
        ]);
        assert!(w.is_empty());
        assert_eq!(
            m,
            FrontMeta {
                meta: Meta {
                    title: Some("The Title".into()),
                    author: Some("Jane Doe".into()),
                    date: NaiveDate::from_ymd_opt(2008, 5, 15),
                    kind: Some(Kind::Excerpt),
                    tags: vec!["a".into(), "7".into(), "b".into(), "c".into()],
                    url: Some("https://e.com/a".into()),
                    collection: Some("Issue 4".into()),
                    teaser: Some(2),
                },
                entries: Some(3),
                marks: MarkSyntax::Obsidian,
            }
        );
    }

    #[test]
    fn several_authors_are_joined() {
        let list = |names: &[&str]| Value::List(names.iter().map(|n| t(n)).collect());
        let author = |v: Value| meta(&[("authors", v)]).0.meta.author;
        assert_eq!(author(list(&["jane doe"])).as_deref(), Some("Jane Doe"));
        assert_eq!(
            author(list(&["Jane Doe", "John Roe"])).as_deref(),
            Some("Jane Doe and John Roe")
        );
        assert_eq!(
            author(list(&["A Bee", "", "C Dee", "E Eff"])).as_deref(),
            Some("A Bee, C Dee and E Eff")
        );
        let map = Value::Map(vec![("name".into(), t("Jane Doe"))]);
        assert_eq!(author(Value::List(vec![map])).as_deref(), Some("Jane Doe"));
        assert_eq!(author(Value::List(vec![])), None);
        let both = meta(&[("author", t("First One")), ("authors", t("Second"))]);
        assert_eq!(both.0.meta.author.as_deref(), Some("First One"));
    }

    #[test]
    fn dates_follow_hugos_order_and_bad_ones_are_named() {
        let day = |d| NaiveDate::from_ymd_opt(2008, 5, d);
        let date = |pairs: &[(&str, Value)]| meta(pairs).0.meta.date;
        assert_eq!(
            date(&[
                ("published", t("2008-05-04")),
                ("pubdate", t("2008-05-03")),
                ("publishdate", t("2008-05-02")),
                ("date", t("2008-05-01")),
            ]),
            day(1)
        );
        assert_eq!(
            date(&[("published", t("2008-05-04")), ("pubdate", t("2008-05-03"))]),
            day(3)
        );
        assert_eq!(
            date(&[("date", Value::Null), ("publishdate", t("May 2, 2008"))]),
            day(2)
        );
        assert_eq!(
            date(&[
                ("published", Value::Bool(true)),
                ("pubdate", t("2008-05-03"))
            ]),
            day(3)
        );
        let (m, w) = meta(&[("date", t("soon")), ("published", t("2008-05-04"))]);
        assert_eq!(m.meta.date, day(4));
        assert_eq!(w, ["front matter date \"soon\" is not a date"]);
    }

    #[test]
    fn urls_in_order_and_a_site_path_is_no_url() {
        let url = |pairs: &[(&str, Value)]| meta(pairs).0.meta.url;
        assert_eq!(url(&[("url", t("/posts/a/"))]), None);
        assert_eq!(
            url(&[("url", t("/posts/a/")), ("link", t("https://l.com"))]).as_deref(),
            Some("https://l.com")
        );
        assert_eq!(
            url(&[
                ("original", t("o")),
                ("canonical_url", t("c")),
                ("source_url", t("s"))
            ])
            .as_deref(),
            Some("s")
        );
        assert_eq!(
            url(&[("original", t("o")), ("canonical_url", t("c"))]).as_deref(),
            Some("c")
        );
        assert_eq!(
            url(&[("url", t("HTTP://E.COM"))]).as_deref(),
            Some("HTTP://E.COM")
        );
    }

    #[test]
    fn odd_values_are_ignored() {
        let (m, w) = meta(&[
            ("title", Value::List(vec![t("x")])),
            ("kind", t("essay")),
            ("teaser", t("-1")),
            ("entries", Value::Bool(true)),
            ("tags", t("")),
        ]);
        assert_eq!(m, FrontMeta::default());
        assert!(w.is_empty());
    }
}
