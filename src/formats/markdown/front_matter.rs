//! Front matter: the fields at the top of a Markdown file, in YAML
//! (between `---` lines, the last may be `...`), TOML (between `+++`
//! lines) or JSON (an object that opens the file, as Hugo writes it).
//!
//! Each flavour is read into the same [`Fields`], keys in lowercase (Hugo
//! reads `publishDate` and `publishdate` alike), so the fields mean the
//! same whatever the flavour. Front matter that does not parse is dropped
//! with a warning that says what is wrong and where; the body is read all
//! the same.

use yaml_rust2::{Yaml, YamlLoader};

/// A field's value, as much of it as the metadata needs: nesting deeper
/// than [`MAX_DEPTH`] is left out.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Value {
    Text(String),
    /// A number as written (`2`, `1.5`).
    Number(String),
    Bool(bool),
    List(Vec<Value>),
    Map(Fields),
    /// `null`, an empty value, or one too deep to keep.
    Null,
}

/// Fields in file order, keys lowercase.
pub(super) type Fields = Vec<(String, Value)>;

/// How deep lists and maps are kept (`authors: [{name: …}]` is two deep).
const MAX_DEPTH: usize = 3;

/// What the start of a file holds.
#[derive(Debug, Default, PartialEq)]
pub(super) struct Split<'a> {
    pub fields: Fields,
    /// Everything after the front matter (the whole text when it has none).
    pub body: &'a str,
}

/// Splits the front matter (if any) from the body of `text` and reads it.
pub(super) fn split<'a>(text: &'a str, warnings: &mut Vec<String>) -> Split<'a> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = first_line(text);
    let none = Split {
        fields: Vec::new(),
        body: text,
    };
    match first {
        "---" => {
            let Some((inner, body)) = fenced(text, &["---", "..."]) else {
                return none;
            };
            let fields = read_yaml(inner).unwrap_or_else(|e| {
                warnings.push(format!("front matter is not valid YAML: {e}"));
                Vec::new()
            });
            Split { fields, body }
        }
        "+++" => {
            let Some((inner, body)) = fenced(text, &["+++"]) else {
                return none;
            };
            let fields = read_toml(inner).unwrap_or_else(|e| {
                warnings.push(format!("front matter is not valid TOML: {e}"));
                Vec::new()
            });
            Split { fields, body }
        }
        _ if text.starts_with('{') && (first == "{" || first.starts_with("{\"")) => {
            read_json(text, warnings).unwrap_or(none)
        }
        _ => none,
    }
}

/// The first line, without its line ending and trailing spaces.
fn first_line(text: &str) -> &str {
    let end = memchr::memchr(b'\n', text.as_bytes()).unwrap_or(text.len());
    text[..end].trim_end()
}

/// The text between the first line and the next line that is one of
/// `closers`, and what follows that line; `None` when no line closes it.
fn fenced<'a>(text: &'a str, closers: &[&str]) -> Option<(&'a str, &'a str)> {
    let start = memchr::memchr(b'\n', text.as_bytes())? + 1;
    let mut at = start;
    while at <= text.len() {
        let end = memchr::memchr(b'\n', &text.as_bytes()[at..]).map_or(text.len(), |i| at + i);
        if closers.contains(&text[at..end].trim_end()) {
            let body = text.get(end + 1..).unwrap_or("");
            return Some((&text[start..at], body));
        }
        at = end + 1;
    }
    None
}

/// The 1-based line of byte `offset` in `text`, counted from `first`.
fn line_of(text: &str, offset: usize, first: usize) -> usize {
    let upto = text.get(..offset.min(text.len())).unwrap_or(text);
    first + memchr::memchr_iter(b'\n', upto.as_bytes()).count()
}

/// YAML's fields: read by [`super::simple_yaml`] when they are simple,
/// else by the YAML parser.
fn read_yaml(inner: &str) -> Result<Fields, String> {
    match super::simple_yaml::read(inner) {
        Some(fields) => Ok(fields),
        None => parse_yaml(inner),
    }
}

/// YAML's fields as the YAML parser reads them.
pub(super) fn parse_yaml(inner: &str) -> Result<Fields, String> {
    use super::yaml_size::{MAX_VALUES, expanded_values};
    if expanded_values(inner) > MAX_VALUES {
        return Err(format!(
            "its aliases expand to more than {} values",
            crate::numbers::grouped(MAX_VALUES as usize)
        ));
    }
    let docs = YamlLoader::load_from_str(inner).map_err(|e| {
        // The scanner counts lines from 1 within the front matter, which
        // starts on the file's second line.
        format!("{} (line {})", e.info(), e.marker().line() + 1)
    })?;
    match docs.into_iter().next() {
        None | Some(Yaml::Null) => Ok(Vec::new()),
        Some(Yaml::Hash(map)) => Ok(map
            .into_iter()
            .filter_map(|(k, v)| Some((yaml_key(k)?, from_yaml(v, 1))))
            .collect()),
        Some(_) => Err("expected `key: value` fields (line 2)".to_string()),
    }
}

fn yaml_key(k: Yaml) -> Option<String> {
    match k {
        Yaml::String(s) | Yaml::Real(s) => Some(s.to_lowercase()),
        Yaml::Integer(i) => Some(i.to_string()),
        Yaml::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}

pub(super) fn from_yaml(v: Yaml, depth: usize) -> Value {
    match v {
        Yaml::String(s) => Value::Text(s),
        Yaml::Real(s) => Value::Number(s),
        Yaml::Integer(i) => Value::Number(i.to_string()),
        Yaml::Boolean(b) => Value::Bool(b),
        Yaml::Array(items) if depth < MAX_DEPTH => {
            Value::List(items.into_iter().map(|i| from_yaml(i, depth + 1)).collect())
        }
        Yaml::Hash(map) if depth < MAX_DEPTH => Value::Map(
            map.into_iter()
                .filter_map(|(k, v)| Some((yaml_key(k)?, from_yaml(v, depth + 1))))
                .collect(),
        ),
        _ => Value::Null,
    }
}

fn read_toml(inner: &str) -> Result<Fields, String> {
    let table = inner.parse::<toml::Table>().map_err(|e| {
        let line = e.span().map_or(2, |s| line_of(inner, s.start, 2));
        format!("{} (line {line})", e.message().trim_end())
    })?;
    Ok(table
        .into_iter()
        .map(|(k, v)| (k.to_lowercase(), from_toml(v, 1)))
        .collect())
}

fn from_toml(v: toml::Value, depth: usize) -> Value {
    match v {
        toml::Value::String(s) => Value::Text(s),
        toml::Value::Integer(i) => Value::Number(i.to_string()),
        toml::Value::Float(f) => Value::Number(f.to_string()),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::Text(d.to_string()),
        toml::Value::Array(items) if depth < MAX_DEPTH => {
            Value::List(items.into_iter().map(|i| from_toml(i, depth + 1)).collect())
        }
        toml::Value::Table(t) if depth < MAX_DEPTH => Value::Map(
            t.into_iter()
                .map(|(k, v)| (k.to_lowercase(), from_toml(v, depth + 1)))
                .collect(),
        ),
        _ => Value::Null,
    }
}

/// JSON front matter: the object that opens `text`. When it does not
/// parse, a line that is only `}` still ends it; with no such line the
/// file has no front matter.
fn read_json<'a>(text: &'a str, warnings: &mut Vec<String>) -> Option<Split<'a>> {
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<serde_json::Value>();
    match stream.next() {
        Some(Ok(value)) => {
            let end = stream.byte_offset();
            // The rest of the closing brace's line belongs to it.
            let rest = &text[end..];
            let body = match memchr::memchr(b'\n', rest.as_bytes()) {
                Some(nl) if rest[..nl].trim().is_empty() => &rest[nl + 1..],
                _ => rest,
            };
            Some(Split {
                fields: json_fields(value),
                body,
            })
        }
        Some(Err(e)) => {
            let (_, body) = fenced(text, &["}"])?;
            let msg = e.to_string();
            let reason = msg.split(" at line ").next().unwrap_or(&msg);
            warnings.push(format!(
                "front matter is not valid JSON: {reason} (line {})",
                e.line()
            ));
            Some(Split {
                fields: Vec::new(),
                body,
            })
        }
        None => None,
    }
}

/// The fields of a JSON object (anything else has none).
pub(super) fn json_fields(value: serde_json::Value) -> Fields {
    match value {
        serde_json::Value::Object(map) => map
            .into_iter()
            .map(|(k, v)| (k.to_lowercase(), from_json(v, 1)))
            .collect(),
        _ => Vec::new(),
    }
}

fn from_json(v: serde_json::Value, depth: usize) -> Value {
    use serde_json::Value as J;
    match v {
        J::String(s) => Value::Text(s),
        J::Number(n) => Value::Number(n.to_string()),
        J::Bool(b) => Value::Bool(b),
        J::Array(items) if depth < MAX_DEPTH => {
            Value::List(items.into_iter().map(|i| from_json(i, depth + 1)).collect())
        }
        J::Object(map) if depth < MAX_DEPTH => Value::Map(
            map.into_iter()
                .map(|(k, v)| (k.to_lowercase(), from_json(v, depth + 1)))
                .collect(),
        ),
        _ => Value::Null,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Value {
        Value::Text(s.into())
    }

    fn read(src: &str) -> (Split<'_>, Vec<String>) {
        let mut w = Vec::new();
        let s = split(src, &mut w);
        (s, w)
    }

    #[test]
    fn yaml_between_dashes_or_dots() {
        let (s, w) = read(
            "\u{feff}---\nTitle: 'A: \"b\"'\npublishDate: 2008-05-15\ntags: [x, 2]\nteaser: 3\ndraft: false\nauthor:\n  name: Jane\nnested: [[[[1]]]]\n...\n# Body\n",
        );
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(s.body, "# Body\n");
        assert_eq!(
            s.fields,
            vec![
                ("title".into(), text("A: \"b\"")),
                ("publishdate".into(), text("2008-05-15")),
                (
                    "tags".into(),
                    Value::List(vec![text("x"), Value::Number("2".into())])
                ),
                ("teaser".into(), Value::Number("3".into())),
                ("draft".into(), Value::Bool(false)),
                (
                    "author".into(),
                    Value::Map(vec![("name".into(), text("Jane"))])
                ),
                (
                    "nested".into(),
                    Value::List(vec![Value::List(vec![Value::Null])])
                ),
            ]
        );
    }

    #[test]
    fn toml_between_pluses_keeps_datetimes_as_text() {
        let (s, w) = read(
            "+++\ntitle = \"T\"\ndate = 2008-05-15T09:30:00Z\ncategories = [\"a\"]\n+++\nBody",
        );
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(s.body, "Body");
        assert_eq!(
            s.fields,
            vec![
                ("categories".into(), Value::List(vec![text("a")])),
                ("date".into(), text("2008-05-15T09:30:00Z")),
                ("title".into(), text("T")),
            ]
        );
    }

    #[test]
    fn json_object_at_the_start() {
        let (s, w) = read("{\n  \"title\": \"T\",\n  \"Teaser\": 2\n}\n\nBody {not json}\n");
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(s.body, "\nBody {not json}\n");
        assert_eq!(
            s.fields,
            vec![
                ("teaser".into(), Value::Number("2".into())),
                ("title".into(), text("T")),
            ]
        );
        let (s, w) = read("{curly} text\n}\n");
        assert_eq!(
            (s.fields.len(), s.body, w.len()),
            (0, "{curly} text\n}\n", 0)
        );
    }

    #[test]
    fn broken_front_matter_warns_with_its_line_and_is_dropped() {
        let (s, w) = read("---\ntitle: ok\ntags: [a, b\nauthor: x\n---\nBody\n");
        assert_eq!(s.body, "Body\n");
        assert!(s.fields.is_empty());
        assert_eq!(w.len(), 1);
        assert!(
            w[0].starts_with("front matter is not valid YAML: "),
            "{w:?}"
        );
        assert!(
            w[0].ends_with("(line 5)") || w[0].ends_with("(line 4)"),
            "{w:?}"
        );

        let (s, w) = read("+++\ntitle = \"T\"\ndate = \n+++\nBody");
        assert_eq!((s.body, s.fields.len()), ("Body", 0));
        assert!(
            w[0].starts_with("front matter is not valid TOML: "),
            "{w:?}"
        );
        assert!(w[0].ends_with("(line 3)"), "{w:?}");

        let (s, w) = read("{\n\"title\": \"T\",\n}\nBody");
        assert_eq!((s.body, s.fields.len()), ("Body", 0));
        assert_eq!(
            w,
            ["front matter is not valid JSON: trailing comma (line 3)"]
        );

        let (s, w) = read("---\n- a list\n---\nBody");
        assert_eq!(s.body, "Body");
        assert_eq!(
            w,
            ["front matter is not valid YAML: expected `key: value` fields (line 2)"]
        );
    }

    #[test]
    fn an_unclosed_fence_is_no_front_matter() {
        let (s, w) = read("---\nnot closed\n");
        assert_eq!(
            (s.body, s.fields.len(), w.len()),
            ("---\nnot closed\n", 0, 0)
        );
        let (s, _) = read("---\r\ntitle: T\r\n---  \r\nBody");
        assert_eq!(s.fields, vec![("title".into(), text("T"))]);
        assert_eq!(s.body, "Body");
        let (s, _) = read("---\n---\nBody");
        assert_eq!((s.body, s.fields.len()), ("Body", 0));
    }
}
