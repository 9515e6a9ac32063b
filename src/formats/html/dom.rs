//! Reading the parsed tree: a walk over it without recursion (a page may
//! nest elements tens of thousands deep, and a recursive walk would
//! overflow the stack, which no `catch_unwind` can catch), and what an
//! element is called and carries.

use dom_query::{Element, NodeData, NodeId, NodeRef, local_name};

/// What a walk does at each node.
pub(super) trait Visitor<'a> {
    /// Called on entering `node`; returns whether to walk its children.
    fn enter(&mut self, node: NodeRef<'a>) -> bool;
    /// Called after the children of a node whose [`Visitor::enter`]
    /// returned true.
    fn exit(&mut self, node: NodeRef<'a>);
}

/// The node's first child, next sibling and parent.
fn links(node: &NodeRef<'_>) -> (Option<NodeId>, Option<NodeId>, Option<NodeId>) {
    node.query(|t| (t.first_child, t.next_sibling, t.parent))
        .unwrap_or((None, None, None))
}

/// Walks the nodes under `root` (not `root` itself) in document order.
pub(super) fn walk<'a>(root: NodeRef<'a>, v: &mut impl Visitor<'a>) {
    let tree = root.tree;
    let mut next = links(&root).0;
    while let Some(id) = next {
        let node = NodeRef::new(id, tree);
        if v.enter(node) {
            if let (Some(child), _, _) = links(&node) {
                next = Some(child);
                continue;
            }
            v.exit(node);
        }
        // Up to the nearest ancestor with a next sibling, leaving each
        // ancestor on the way.
        let mut cur = node;
        next = loop {
            let (_, sibling, parent) = links(&cur);
            if sibling.is_some() {
                break sibling;
            }
            match parent {
                Some(p) if p != root.id => {
                    cur = NodeRef::new(p, tree);
                    v.exit(cur);
                }
                _ => break None,
            }
        };
    }
}

/// The value of the attribute `name` (lowercase) of `el`.
pub(super) fn attr<'e>(el: &'e Element, name: &str) -> Option<&'e str> {
    el.attrs
        .iter()
        .find(|a| &*a.name.local == name)
        .map(|a| a.value.as_ref())
}

/// Whether the whitespace-separated list in attribute `name` holds `token`
/// (ASCII case-insensitive, as `rel` and `class` tokens are compared).
pub(super) fn has_token(el: &Element, name: &str, token: &str) -> bool {
    attr(el, name).is_some_and(|v| {
        v.split_ascii_whitespace()
            .any(|t| t.eq_ignore_ascii_case(token))
    })
}

/// The class and id of `el`, lowercased, into `names` (a buffer kept
/// between elements).
pub(super) fn class_and_id(el: &Element, names: &mut String) {
    names.clear();
    for a in ["class", "id"] {
        if let Some(v) = attr(el, a) {
            names.push_str(v);
            names.push(' ');
        }
    }
    names.make_ascii_lowercase();
}

/// Whether `el` is a byline, as readability tells them: `rel="author"`,
/// `itemprop="author"`, or a class or id (`names`, from [`class_and_id`])
/// that says so. An author's note is no byline.
pub(super) fn is_byline(el: &Element, names: &str) -> bool {
    if has_token(el, "class", "author-note") {
        return false;
    }
    has_token(el, "rel", "author")
        || has_token(el, "itemprop", "author")
        || names.contains("byline")
        || names.contains("dateline")
        || names.contains("writtenby")
        || names
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|t| t == "author")
}

/// Whether `el` is hidden from readers: the `hidden` attribute,
/// `aria-hidden="true"`, or an inline `display: none` or `visibility:
/// hidden`.
pub(super) fn is_hidden(el: &Element) -> bool {
    if attr(el, "hidden").is_some()
        || attr(el, "aria-hidden").is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
    {
        return true;
    }
    attr(el, "style").is_some_and(|s| {
        let s: String = s
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        s.contains("display:none") || s.contains("visibility:hidden")
    })
}

/// Elements whose content is never text to read: code, styles, embedded
/// objects, controls and the document's head.
pub(super) fn is_dropped(el: &Element) -> bool {
    matches!(
        el.name.local,
        local_name!("script")
            | local_name!("style")
            | local_name!("noscript")
            | local_name!("template")
            | local_name!("svg")
            | local_name!("math")
            | local_name!("iframe")
            | local_name!("frame")
            | local_name!("frameset")
            | local_name!("object")
            | local_name!("embed")
            | local_name!("canvas")
            | local_name!("audio")
            | local_name!("video")
            | local_name!("map")
            | local_name!("button")
            | local_name!("select")
            | local_name!("textarea")
            | local_name!("input")
            | local_name!("nav")
            | local_name!("dialog")
            | local_name!("head")
            | local_name!("title")
            | local_name!("meta")
            | local_name!("link")
            | local_name!("base")
    )
}

/// Whether some element under `node` is one of `names`.
pub(super) fn has_descendant(node: NodeRef<'_>, names: &[&str]) -> bool {
    struct Find<'n> {
        names: &'n [&'n str],
        found: bool,
    }
    impl<'a> Visitor<'a> for Find<'_> {
        fn enter(&mut self, node: NodeRef<'a>) -> bool {
            if self.found {
                return false;
            }
            node.query(|t| match &t.data {
                NodeData::Element(el) => {
                    self.found = self.names.iter().any(|n| &*el.name.local == *n);
                    !self.found
                }
                _ => false,
            })
            .unwrap_or(false)
        }
        fn exit(&mut self, _: NodeRef<'a>) {}
    }
    let mut f = Find {
        names,
        found: false,
    };
    walk(node, &mut f);
    f.found
}

/// The text under `node` (without scripts, styles and the like), its
/// whitespace runs as single spaces, trimmed.
pub(super) fn text_of(node: NodeRef<'_>) -> String {
    struct Collect(String);
    impl<'a> Visitor<'a> for Collect {
        fn enter(&mut self, node: NodeRef<'a>) -> bool {
            node.query(|t| match &t.data {
                NodeData::Text { contents } => {
                    self.0.push_str(contents);
                    false
                }
                NodeData::Element(el) => !is_dropped(el),
                _ => false,
            })
            .unwrap_or(false)
        }
        fn exit(&mut self, _: NodeRef<'a>) {}
    }
    let mut c = Collect(String::new());
    walk(node, &mut c);
    c.0.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// How much text is under `node`: its characters other than whitespace
/// (without scripts, styles and the like).
pub(super) fn text_len(node: NodeRef<'_>) -> usize {
    struct Count(usize);
    impl<'a> Visitor<'a> for Count {
        fn enter(&mut self, node: NodeRef<'a>) -> bool {
            node.query(|t| match &t.data {
                NodeData::Text { contents } => {
                    self.0 += visible_len(contents);
                    false
                }
                NodeData::Element(el) => !is_dropped(el),
                _ => false,
            })
            .unwrap_or(false)
        }
        fn exit(&mut self, _: NodeRef<'a>) {}
    }
    let mut c = Count(0);
    walk(node, &mut c);
    c.0
}

/// About how many characters of `s` are not whitespace: its characters
/// other than ASCII whitespace (counted over bytes, which is several
/// times faster; a rare no-break space counts as text).
pub(super) fn visible_len(s: &str) -> usize {
    s.bytes()
        .filter(|&b| !b.is_ascii_whitespace() && (b & 0xC0) != 0x80)
        .count()
}
