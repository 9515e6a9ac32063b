//! Reading a parsed tree: a walk over it without recursion (a page may
//! nest elements tens of thousands deep, and a recursive walk would
//! overflow the stack, which no `catch_unwind` can catch), and what an
//! element is called and carries. Every reading is written once over
//! [`Node`], which both trees a page may have implement: dom_query's
//! (html5ever's) and the plain [`super::arena`] of the fast path.

use dom_query::{Element, LocalName, NodeData, NodeId, NodeRef, local_name};

/// A node of a parsed page.
pub(super) trait Node: Copy {
    /// What names a node of the tree (for a later walk from it).
    type Id: Copy + std::fmt::Debug + PartialEq;
    /// An element of the tree.
    type El: Elem + ?Sized;
    fn id(self) -> Self::Id;
    /// The node of the same tree named `id`.
    fn at(self, id: Self::Id) -> Self;
    /// The node's first child, next sibling and parent.
    fn links(self) -> (Option<Self>, Option<Self>, Option<Self>);
    /// `f` of what the node is (the default of `R` for a node the tree
    /// does not hold).
    fn with<R: Default>(self, f: impl FnOnce(Kind<'_, Self::El>) -> R) -> R;
}

/// What a node is.
pub(super) enum Kind<'n, E: ?Sized> {
    /// The document or a fragment: only what is under it.
    Root,
    Element(&'n E),
    Text(&'n str),
    /// A comment, the doctype, a processing instruction.
    Other,
}

/// An element's name and attributes.
pub(super) trait Elem {
    /// Its local name.
    fn name(&self) -> &LocalName;
    /// The value of its attribute `name` (lowercase).
    fn attr(&self, name: &str) -> Option<&str>;
}

impl Elem for Element {
    fn name(&self) -> &LocalName {
        &self.name.local
    }

    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|a| &*a.name.local == name)
            .map(|a| a.value.as_ref())
    }
}

impl Node for NodeRef<'_> {
    type Id = NodeId;
    type El = Element;

    fn id(self) -> NodeId {
        self.id
    }

    fn at(self, id: NodeId) -> Self {
        NodeRef::new(id, self.tree)
    }

    fn links(self) -> (Option<Self>, Option<Self>, Option<Self>) {
        let tree = self.tree;
        let node = |id: Option<NodeId>| id.map(|id| NodeRef::new(id, tree));
        self.query(|t| (t.first_child, t.next_sibling, t.parent))
            .map_or((None, None, None), |(c, s, p)| (node(c), node(s), node(p)))
    }

    fn with<R: Default>(self, f: impl FnOnce(Kind<'_, Element>) -> R) -> R {
        self.query(|t| {
            f(match &t.data {
                NodeData::Document | NodeData::Fragment => Kind::Root,
                NodeData::Element(el) => Kind::Element(el),
                NodeData::Text { contents } => Kind::Text(contents),
                _ => Kind::Other,
            })
        })
        .unwrap_or_default()
    }
}

/// What a walk does at each node.
pub(super) trait Visitor<N: Node> {
    /// Called on entering `node`; returns whether to walk its children.
    fn enter(&mut self, node: N) -> bool;
    /// Called after the children of a node whose [`Visitor::enter`]
    /// returned true.
    fn exit(&mut self, node: N);
}

/// Walks the nodes under `root` (not `root` itself) in document order.
pub(super) fn walk<N: Node>(root: N, v: &mut impl Visitor<N>) {
    let root_id = root.id();
    let mut next = root.links().0;
    while let Some(node) = next {
        if v.enter(node) {
            if let (Some(child), _, _) = node.links() {
                next = Some(child);
                continue;
            }
            v.exit(node);
        }
        // Up to the nearest ancestor with a next sibling, leaving each
        // ancestor on the way.
        let mut cur = node;
        next = loop {
            let (_, sibling, parent) = cur.links();
            if sibling.is_some() {
                break sibling;
            }
            match parent {
                Some(p) if p.id() != root_id => {
                    cur = p;
                    v.exit(cur);
                }
                _ => break None,
            }
        };
    }
}

/// Whether `node` is an element called `name`.
pub(super) fn is_named<N: Node>(node: N, name: &LocalName) -> bool {
    node.with(|k| matches!(k, Kind::Element(el) if el.name() == name))
}

/// Whether the whitespace-separated list in attribute `name` holds `token`
/// (ASCII case-insensitive, as `rel` and `class` tokens are compared).
pub(super) fn has_token(el: &(impl Elem + ?Sized), name: &str, token: &str) -> bool {
    el.attr(name).is_some_and(|v| {
        v.split_ascii_whitespace()
            .any(|t| t.eq_ignore_ascii_case(token))
    })
}

/// The class and id of `el`, lowercased, into `names` (a buffer kept
/// between elements).
pub(super) fn class_and_id(el: &(impl Elem + ?Sized), names: &mut String) {
    names.clear();
    for a in ["class", "id"] {
        if let Some(v) = el.attr(a) {
            names.push_str(v);
            names.push(' ');
        }
    }
    names.make_ascii_lowercase();
}

/// Whether `el` is a byline, as readability tells them: `rel="author"`,
/// `itemprop="author"`, or a class or id (`names`, from [`class_and_id`])
/// that says so. An author's note is no byline.
pub(super) fn is_byline(el: &(impl Elem + ?Sized), names: &str) -> bool {
    if has_token(el, "class", "author-note") {
        return false;
    }
    has_token(el, "rel", "author")
        || has_token(el, "itemprop", "author")
        || has_part(names, "byline")
        || has_part(names, "dateline")
        || has_part(names, "writtenby")
        || names
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|t| t == "author")
}

/// Whether `names` (an element's class and id, a few dozen bytes) holds
/// `part`, as `str::contains` says: each place its first byte stands is
/// compared with it, which for names this short is several times cheaper
/// than preparing `contains`'s search for every part.
pub(super) fn has_part(names: &str, part: &str) -> bool {
    let (h, n) = (names.as_bytes(), part.as_bytes());
    let Some((&first, rest)) = n.split_first() else {
        return true;
    };
    h.iter()
        .enumerate()
        .any(|(i, &c)| c == first && h.get(i + 1..i + n.len()) == Some(rest))
}

/// Whether `el` is hidden from readers: the `hidden` attribute,
/// `aria-hidden="true"`, or an inline `display: none` or `visibility:
/// hidden`.
pub(super) fn is_hidden(el: &(impl Elem + ?Sized)) -> bool {
    if el.attr("hidden").is_some()
        || el
            .attr("aria-hidden")
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
    {
        return true;
    }
    el.attr("style").is_some_and(|s| {
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
pub(super) fn is_dropped(el: &(impl Elem + ?Sized)) -> bool {
    matches!(
        *el.name(),
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
pub(super) fn has_descendant<N: Node>(node: N, names: &[&str]) -> bool {
    struct Find<'n> {
        names: &'n [&'n str],
        found: bool,
    }
    impl<N: Node> Visitor<N> for Find<'_> {
        fn enter(&mut self, node: N) -> bool {
            if self.found {
                return false;
            }
            node.with(|k| match k {
                Kind::Element(el) => {
                    self.found = self.names.iter().any(|n| &**el.name() == *n);
                    !self.found
                }
                _ => false,
            })
        }
        fn exit(&mut self, _: N) {}
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
pub(super) fn text_of<N: Node>(node: N) -> String {
    struct Collect(String);
    impl<N: Node> Visitor<N> for Collect {
        fn enter(&mut self, node: N) -> bool {
            node.with(|k| match k {
                Kind::Text(t) => {
                    self.0.push_str(t);
                    false
                }
                Kind::Element(el) => !is_dropped(el),
                _ => false,
            })
        }
        fn exit(&mut self, _: N) {}
    }
    let mut c = Collect(String::new());
    walk(node, &mut c);
    c.0.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// How much text is under `node`: its characters other than whitespace
/// (without scripts, styles and the like).
pub(super) fn text_len<N: Node>(node: N) -> usize {
    struct Count(usize);
    impl<N: Node> Visitor<N> for Count {
        fn enter(&mut self, node: N) -> bool {
            node.with(|k| match k {
                Kind::Text(t) => {
                    self.0 += visible_len(t);
                    false
                }
                Kind::Element(el) => !is_dropped(el),
                _ => false,
            })
        }
        fn exit(&mut self, _: N) {}
    }
    let mut c = Count(0);
    walk(node, &mut c);
    c.0
}

/// About how many characters of `s` are not whitespace: its characters
/// other than ASCII whitespace (counted over bytes, which is several
/// times faster; a rare no-break space counts as text).
pub(super) fn visible_len(s: &str) -> usize {
    // Compared without branches, so that the count runs as vector code.
    super::raw::count_bytes(s.as_bytes(), |b| {
        let space = (b == b' ') | (b == b'\t') | (b == b'\n') | (b == b'\x0c') | (b == b'\r');
        !space & ((b & 0xC0) != 0x80)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn has_part_finds_what_contains_finds(
            names in "[a-z -]{0,40}",
            part in "[a-z -]{0,6}",
        ) {
            prop_assert_eq!(has_part(&names, &part), names.contains(part.as_str()));
            for part in ["byline", "author", "-ad-", "sidebar", "main"] {
                prop_assert_eq!(has_part(&names, part), names.contains(part));
            }
        }

        #[test]
        fn visible_len_counts_the_characters_other_than_ascii_whitespace(
            s in "[ a\\t\\n\\x0b\\x0c\\r\\u{a0}é€😀x]{0,700}",
        ) {
            let chars = s.chars().filter(|c| !c.is_ascii_whitespace()).count();
            prop_assert_eq!(visible_len(&s), chars);
        }
    }
}
