//! A page's tree as a plain vector of nodes, which [`super::fast`] builds
//! and every walk reads through [`Node`]: a step is an index into the
//! vector (no cell borrowed per step, as dom_query's tree needs), an
//! attribute is the lexer's name and value (no atom or string made for
//! it), and text stands borrowed from the page wherever it has no
//! reference to decode.

use super::dom::{Elem, Kind, Node};
use dom_query::LocalName;
use std::borrow::Cow;

/// The nodes of one page; the document is the first.
pub(super) struct Arena<'s> {
    nodes: Vec<Slot<'s>>,
}

/// One node and its links (indexes into the arena).
struct Slot<'s> {
    parent: Option<u32>,
    first_child: Option<u32>,
    last_child: Option<u32>,
    next_sibling: Option<u32>,
    data: Data<'s>,
}

/// What a node is.
pub(super) enum Data<'s> {
    Document,
    Element(El<'s>),
    Text(Cow<'s, str>),
    /// Its text is read only when the tree is compared with html5ever's.
    Comment(#[cfg_attr(not(test), allow(dead_code))] &'s str),
}

/// An element: its name and its attributes (names lowercased, values
/// decoded, each name once), in the page's order.
pub(super) struct El<'s> {
    pub(super) name: LocalName,
    pub(super) attrs: Vec<(Cow<'s, str>, Cow<'s, str>)>,
}

impl Elem for El<'_> {
    fn name(&self) -> &LocalName {
        &self.name
    }

    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_ref())
    }
}

/// The document node's index.
pub(super) const DOCUMENT: u32 = 0;

impl<'s> Arena<'s> {
    /// A tree of the document node alone.
    pub(super) fn new() -> Self {
        Arena {
            nodes: vec![Slot {
                parent: None,
                first_child: None,
                last_child: None,
                next_sibling: None,
                data: Data::Document,
            }],
        }
    }

    /// The document node.
    pub(super) fn root(&self) -> At<'_, 's> {
        At {
            arena: self,
            at: DOCUMENT,
        }
    }

    /// Adds `data` as the last child of `parent`: its index (`None` when
    /// the tree has as many nodes as an index can name, or no `parent`).
    pub(super) fn append(&mut self, parent: u32, data: Data<'s>) -> Option<u32> {
        let id = u32::try_from(self.nodes.len()).ok()?;
        let prev = {
            let p = self.nodes.get_mut(parent as usize)?;
            let prev = p.last_child.replace(id);
            p.first_child.get_or_insert(id);
            prev
        };
        if let Some(prev) = prev.and_then(|i| self.nodes.get_mut(i as usize)) {
            prev.next_sibling = Some(id);
        }
        self.nodes.push(Slot {
            parent: Some(parent),
            first_child: None,
            last_child: None,
            next_sibling: None,
            data,
        });
        Some(id)
    }

    /// Adds text under `parent`, joined to a text node it ends with (as
    /// html5ever's tree joins them); `None` as [`Arena::append`].
    pub(super) fn append_text(&mut self, parent: u32, t: Cow<'s, str>) -> Option<()> {
        let last = self.nodes.get(parent as usize)?.last_child;
        if let Some(Slot {
            data: Data::Text(text),
            ..
        }) = last.and_then(|i| self.nodes.get_mut(i as usize))
        {
            text.to_mut().push_str(&t);
            return Some(());
        }
        self.append(parent, Data::Text(t)).map(|_| ())
    }

    /// The tree as dom_query's, to compare with html5ever's.
    #[cfg(test)]
    pub(super) fn to_document(&self) -> dom_query::Document {
        use dom_query::{Document, Element, NodeData};
        use html5ever::tendril::StrTendril;
        use html5ever::{Attribute, QualName, ns};
        let doc = Document::default();
        let tree = &doc.tree;
        let mut ids = vec![tree.root_id()];
        // Children are appended in index order, which is their order.
        for slot in self.nodes.iter().skip(1) {
            let data = match &slot.data {
                Data::Document => NodeData::Document,
                Data::Element(el) => {
                    let attrs = el
                        .attrs
                        .iter()
                        .map(|(k, v)| Attribute {
                            name: QualName::new(None, ns!(), LocalName::from(&**k)),
                            value: StrTendril::from_slice(v),
                        })
                        .collect();
                    let qual = QualName::new(None, ns!(html), el.name.clone());
                    NodeData::Element(Element::new(qual, attrs, None, false))
                }
                Data::Text(t) => NodeData::Text {
                    contents: StrTendril::from_slice(t),
                },
                Data::Comment(c) => NodeData::Comment {
                    contents: StrTendril::from_slice(c),
                },
            };
            let id = tree.create_node(data);
            if let Some(parent) = slot.parent.and_then(|p| ids.get(p as usize)) {
                tree.append_child_of(parent, &id);
            }
            ids.push(id);
        }
        doc
    }
}

/// A node of an [`Arena`].
#[derive(Clone, Copy)]
pub(super) struct At<'t, 's> {
    arena: &'t Arena<'s>,
    at: u32,
}

impl<'t, 's> Node for At<'t, 's> {
    type Id = u32;
    type El = El<'s>;

    fn id(self) -> u32 {
        self.at
    }

    fn at(self, id: u32) -> Self {
        At {
            arena: self.arena,
            at: id,
        }
    }

    fn links(self) -> (Option<Self>, Option<Self>, Option<Self>) {
        let node = |id: Option<u32>| id.map(|id| self.at(id));
        self.arena
            .nodes
            .get(self.at as usize)
            .map_or((None, None, None), |s| {
                (node(s.first_child), node(s.next_sibling), node(s.parent))
            })
    }

    fn with<R: Default>(self, f: impl FnOnce(Kind<'_, El<'s>>) -> R) -> R {
        let Some(slot) = self.arena.nodes.get(self.at as usize) else {
            return R::default();
        };
        f(match &slot.data {
            Data::Document => Kind::Root,
            Data::Element(el) => Kind::Element(el),
            Data::Text(t) => Kind::Text(t),
            Data::Comment(_) => Kind::Other,
        })
    }
}
