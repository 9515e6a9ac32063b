//! The YAML most front matter is, read without a YAML parser: lines of
//! `key: value` where a value is a plain scalar, a quoted one, a flow list
//! of those on one line (`[a, "b"]`), or a block list of those (`- a`
//! lines under `key:`), with comments and blank lines between. Anything
//! more (nesting, multi-line scalars, anchors, tags, block scalars,
//! repeated keys) answers `None`, and the YAML parser reads the front
//! matter instead; whatever is read here is what that parser would read
//! (the tests compare the two). A YAML parser costs more than the rest of
//! a short file's reading, and a load reads many files.

use super::front_matter::{Fields, Value, from_yaml};
use yaml_rust2::Yaml;

/// The fields of `yaml`, or `None` when it is more than the simple form.
pub(super) fn read(yaml: &str) -> Option<Fields> {
    let mut fields: Fields = Vec::new();
    // The block list being read (under the last key), with the indent of
    // its items.
    let mut list: Option<(Vec<Value>, usize)> = None;
    // Whether the last key had no value, so `- ` lines may follow.
    let mut open = false;
    for line in yaml.split('\n') {
        let content = line.trim_end_matches([' ', '\t', '\r']);
        let text = content.trim_start_matches(' ');
        if text.is_empty() || text.starts_with('#') {
            continue;
        }
        let indent = content.len() - text.len();
        if let Some(item) = text.strip_prefix("- ").or((text == "-").then_some("")) {
            if !open {
                return None;
            }
            let (items, at) = list.get_or_insert_with(|| (Vec::new(), indent));
            if *at != indent {
                return None;
            }
            items.push(from_yaml(scalar(item.trim_start_matches(' '))?, 2));
            continue;
        }
        if indent > 0 {
            return None;
        }
        end_list(&mut fields, &mut list);
        let (key, rest) = text.split_once(':')?;
        let plain_key = key
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
            && key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if !plain_key || !(rest.is_empty() || rest.starts_with(' ')) {
            return None;
        }
        let key = key.to_ascii_lowercase();
        if fields.iter().any(|(k, _)| *k == key) {
            return None;
        }
        let rest = rest.trim_start_matches(' ');
        open = rest.is_empty() || rest.starts_with('#');
        let value = if open {
            Value::Null
        } else if rest.starts_with('[') {
            flow_list(rest)?
        } else {
            from_yaml(scalar(rest)?, 1)
        };
        fields.push((key, value));
    }
    end_list(&mut fields, &mut list);
    Some(fields)
}

/// Gives the last key the block list read under it.
fn end_list(fields: &mut Fields, list: &mut Option<(Vec<Value>, usize)>) {
    if let (Some((items, _)), Some((_, value))) = (list.take(), fields.last_mut()) {
        *value = Value::List(items);
    }
}

/// One scalar that is all of `s` but a trailing comment.
fn scalar(s: &str) -> Option<Yaml> {
    let (value, rest) = match s.as_bytes().first()? {
        b'"' => double_quoted(s)?,
        b'\'' => single_quoted(s)?,
        // Indicators: these start something other than a plain scalar.
        b'-' | b'?' | b':' | b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!'
        | b'|' | b'>' | b'%' | b'@' | b'`' => return None,
        _ => {
            let end = comment_start(s).unwrap_or(s.len());
            let plain = s[..end].trim_end_matches([' ', '\t']);
            if plain.contains(": ") || plain.ends_with(':') || plain.contains('\t') {
                return None;
            }
            return Some(Yaml::from_str(plain));
        }
    };
    // Only a comment may follow, after a space.
    let after = rest.trim_start_matches([' ', '\t']);
    (after.is_empty() || (after.starts_with('#') && after.len() < rest.len())).then_some(value)
}

/// Where a comment starts in plain text: a `#` after a space.
fn comment_start(s: &str) -> Option<usize> {
    s.as_bytes()
        .windows(2)
        .position(|w| matches!(w[0], b' ' | b'\t') && w[1] == b'#')
}

/// A `"…"` scalar at the start of `s`, and what follows it. JSON string
/// syntax is a part of YAML's double-quoted one with the same meaning,
/// so serde_json reads it; other escapes, and escaped surrogates (JSON
/// pairs them, YAML refuses them), are left to the YAML parser.
fn double_quoted(s: &str) -> Option<(Yaml, &str)> {
    let bytes = s.as_bytes();
    let mut i = 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => {
                let quoted = &s[..=i];
                if quoted.contains("\\ud") || quoted.contains("\\uD") {
                    return None;
                }
                let text: String = serde_json::from_str(quoted).ok()?;
                return Some((Yaml::String(text), &s[i + 1..]));
            }
            _ => i += 1,
        }
    }
    None
}

/// A `'…'` scalar at the start of `s` (`''` is a quote), and what follows.
fn single_quoted(s: &str) -> Option<(Yaml, &str)> {
    let mut text = String::new();
    let mut rest = &s[1..];
    loop {
        let q = rest.find('\'')?;
        text.push_str(&rest[..q]);
        rest = &rest[q + 1..];
        match rest.strip_prefix('\'') {
            Some(after) => {
                text.push('\'');
                rest = after;
            }
            None => return Some((Yaml::String(text), rest)),
        }
    }
}

/// `[a, "b", 'c']` on one line: scalars only, no trailing comma.
fn flow_list(s: &str) -> Option<Value> {
    let inner = s.strip_prefix('[')?.strip_suffix(']')?;
    let mut items = Vec::new();
    let mut rest = inner.trim_start_matches(' ');
    if rest.is_empty() {
        return Some(Value::List(items));
    }
    loop {
        let (item, after) = match rest.as_bytes().first()? {
            b'"' => double_quoted(rest)?,
            b'\'' => single_quoted(rest)?,
            _ => {
                let end = rest.find(',').unwrap_or(rest.len());
                let plain = rest[..end].trim_end_matches(' ');
                // What would make it something else in a flow list (`-`
                // and `?` only at the start).
                let odd = |b: u8| b"[]{}#:\"'\t&*!|>%@`".contains(&b);
                let first = plain.bytes().next();
                // A word starting with `-` or `?` inside the item is
                // read differently by YAML parsers (`[a -]` is an error to
                // ours): the parser decides.
                let word_mark = plain.split(' ').any(|w| w.starts_with(['-', '?']));
                if first.is_none_or(|b| b == b'-' || b == b'?')
                    || word_mark
                    || plain.bytes().any(odd)
                {
                    return None;
                }
                (Yaml::from_str(plain), &rest[end..])
            }
        };
        items.push(from_yaml(item, 2));
        let after = after.trim_start_matches(' ');
        match after.strip_prefix(',') {
            Some(next) => {
                rest = next.trim_start_matches(' ');
                if rest.is_empty() {
                    return None;
                }
            }
            None if after.is_empty() => return Some(Value::List(items)),
            None => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::front_matter::parse_yaml;
    use super::*;
    use proptest::prelude::*;

    fn t(s: &str) -> Value {
        Value::Text(s.into())
    }

    #[test]
    fn our_own_front_matter_is_simple() {
        let yaml = "title: \"A \\\"quoted\\\": title\"\nauthor: null\ndate: 2008-05-15\nkind: article\n\
                    tags: [\"Support\", \"a, b\"]\nurl: \"https://e.com/x\"\nteaser: 2\nsource: \"old/x.txt\"\n\
                    id: x-1\nsections:\n  - \"Deep\"\n  - \"Deeper\"\n";
        let fields = read(yaml).expect("simple");
        assert_eq!(Ok(fields.clone()), parse_yaml(yaml));
        assert_eq!(fields[0], ("title".into(), t("A \"quoted\": title")));
        assert_eq!(fields[1], ("author".into(), Value::Null));
        assert_eq!(
            fields[4],
            ("tags".into(), Value::List(vec![t("Support"), t("a, b")]))
        );
        assert_eq!(
            fields[9],
            ("sections".into(), Value::List(vec![t("Deep"), t("Deeper")]))
        );
    }

    #[test]
    fn scalars_resolve_as_the_parser_resolves_them() {
        for yaml in [
            "title: A",
            "a: null\nb: ~\nc: NULL\nd: True\ne: 007\nf: 0x1F\ng: .inf\nh: +5\ni: yes",
            "a: 'it''s' # note\nb: \"\\u00e9\\n\\/\"\nc: [1, 'x', \"y\", 2008-05-15]\nd: []",
            "a: x # c\nb: x#y\nc: http://e.com/a#b\nd: a, b",
            "list:\n- a\n- 'b'\n\n# between\n- 3\nnext: 1",
            "empty:\nafter: 1",
        ] {
            let fields = read(yaml);
            assert!(fields.is_some(), "{yaml:?}");
            assert_eq!(fields.ok_or_else(String::new), parse_yaml(yaml), "{yaml:?}");
        }
    }

    #[test]
    fn anything_more_is_left_to_the_parser() {
        for yaml in [
            "a:\n  b: c\n",
            "a: |\n  text\n",
            "a: x\n  continued\n",
            "a: &x 1\nb: *x\n",
            "a: !!str 1\n",
            "a: 1\na: 2\n",
            "a: [1, [2]]\n",
            "a: [1,\n  2]\n",
            "a: \"\\x41\"\n",
            "a: \"\\ud83d\\ude00\"\n",
            "'a': 1\n",
            "a:b\n",
            "- a\n",
            "a: b: c\n",
            "a:\n - x\n  - y\n",
            "title: [a -]\n",
        ] {
            assert_eq!(read(yaml), None, "{yaml:?}");
        }
    }

    /// Lines of the simple form, now and then with something past it.
    fn line() -> impl Strategy<Value = String> {
        let key = prop_oneof![
            8 => "(title|author|kind|date|tags|x_y|a-b)[a-z_0-9]{0,2}",
            1 => "(2k|-k|Tags|a b)",
        ];
        let plain = prop_oneof![
            6 => "[a-zA-Z0-9][a-zA-Z0-9 .,/+()-]{0,12}",
            2 => "[a-zA-Z0-9 .:,#'\"\\[\\]{}&*!|>%@`?~+-]{0,12}",
            1 => "(null|~|True|NULL|0x1F|0o17|\\+5|007|-3|1\\.5e3|\\.inf|2008-05-15|yes|no|on)",
        ];
        let quoted = prop_oneof![
            3 => "\"([a-z #:,'\\[é]|\\\\[nt\"\\\\/]){0,8}\"",
            1 => "\"([a-z]|\\\\[0xuU]|\\\\u00e9|\\\\x41|\\\\ud83d|\\\\ude00){0,4}\"",
            2 => "'([a-z #:,\"\\[]|''){0,8}'",
        ];
        let scalar = prop_oneof![3 => plain, 2 => quoted];
        let value = prop_oneof![
            6 => scalar.clone(),
            2 => prop::collection::vec(scalar.clone(), 0..4).prop_map(|v| format!("[{}]", v.join(", "))),
            2 => Just(String::new()),
        ];
        let comment =
            prop_oneof![8 => Just(""), 1 => Just(" # note"), 1 => Just("# x"), 1 => Just("  ")];
        let sep = prop_oneof![8 => Just(": "), 1 => Just(":"), 1 => Just(":  ")];
        prop_oneof![
            10 => (key, sep, value, comment.clone()).prop_map(|(k, sep, v, c)| format!("{k}{sep}{v}{c}")),
            4 => (prop_oneof![4 => Just("  - "), 1 => Just("- "), 1 => Just(" - ")], scalar, comment)
                .prop_map(|(ind, v, c)| format!("{ind}{v}{c}")),
            1 => prop_oneof![Just(String::new()), Just("# comment".to_string()), Just("  more".to_string())],
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn what_is_read_here_is_what_the_parser_reads(lines in prop::collection::vec(line(), 1..8)) {
            let yaml = lines.join("\n");
            if let Some(fields) = read(&yaml) {
                prop_assert_eq!(Ok(fields), parse_yaml(&yaml), "{}", yaml);
            }
        }
    }
}
