//! One pass over a whole page that notes what the rest needs: its
//! metadata as the page states it (`<meta>`, `<title>`, the canonical
//! link, the first heading, bylines, `<time>`s), the elements that may
//! hold the article (`<article>`, `<main>`, `itemprop="articleBody"`)
//! with how much text each holds, and the page's size and depth.

use super::dom::{self, Elem, Kind, Node, Visitor, has_token, is_dropped};
use dom_query::{NodeId, local_name};

/// What kind of element may hold the article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Holder {
    /// `itemprop="articleBody"`: the page says exactly where the text is.
    Body,
    Article,
    /// `<main>` or `role="main"`.
    Main,
}

/// An element that may hold the article (`I` names a node of the tree
/// surveyed).
#[derive(Debug, Clone)]
pub(super) struct Candidate<I = NodeId> {
    pub(super) id: I,
    pub(super) holder: Holder,
    /// Characters of text other than whitespace under it.
    pub(super) text: usize,
    /// Whether it sits inside another candidate of the same kind.
    pub(super) nested: bool,
}

/// What one pass over the page found.
#[derive(Debug)]
pub(super) struct Survey<I = NodeId> {
    /// `<meta>` tags: the lowercased `name`, `property` or `itemprop`,
    /// and `content`, in the page's order.
    pub(super) metas: Vec<(String, String)>,
    /// The text of the first `<title>`.
    pub(super) title: Option<String>,
    /// `<link rel="canonical">`.
    pub(super) canonical: Option<String>,
    /// `<base href>`.
    pub(super) base: Option<String>,
    /// The first `<h1>` in the page, and the first inside a candidate.
    pub(super) h1: Option<String>,
    pub(super) h1_in_article: Option<String>,
    /// The first few headings (`<h1>`–`<h3>`) in the page.
    pub(super) headings: Vec<String>,
    /// The texts of the first bylines (`rel="author"`,
    /// `itemprop="author"`, a class or id of `byline` or `author`).
    pub(super) bylines: Vec<String>,
    /// The first `<time>` marked as the publication date (`pubdate`,
    /// `itemprop="datePublished"`), and the first inside a candidate:
    /// its `datetime`, or else its text.
    pub(super) time_published: Option<String>,
    pub(super) time_in_article: Option<String>,
    pub(super) candidates: Vec<Candidate<I>>,
    /// Characters of text other than whitespace in the body.
    pub(super) text: usize,
    /// Elements in the page, and how deep they nest.
    pub(super) elements: usize,
    pub(super) depth: usize,
}

impl<I> Default for Survey<I> {
    fn default() -> Self {
        Survey {
            metas: Vec::new(),
            title: None,
            canonical: None,
            base: None,
            h1: None,
            h1_in_article: None,
            headings: Vec::new(),
            bylines: Vec::new(),
            time_published: None,
            time_in_article: None,
            candidates: Vec::new(),
            text: 0,
            elements: 0,
            depth: 0,
        }
    }
}

impl<I> Survey<I> {
    /// The first non-empty `content` of a `<meta>` called `key`.
    pub(super) fn meta(&self, key: &str) -> Option<&str> {
        self.metas
            .iter()
            .find(|(k, v)| k == key && !v.trim().is_empty())
            .map(|(_, v)| v.trim())
    }

    /// Every non-empty `content` of the `<meta>`s called `key`.
    pub(super) fn metas<'s>(&'s self, key: &'s str) -> impl Iterator<Item = &'s str> + 's {
        self.metas
            .iter()
            .filter(move |(k, v)| k == key && !v.trim().is_empty())
            .map(|(_, v)| v.trim())
    }
}

/// Surveys the page under `root`.
pub(super) fn survey<N: Node>(root: N) -> Survey<N::Id> {
    let mut s = Surveyor {
        out: Survey::default(),
        open: Vec::new(),
        skip: 0,
        names: String::new(),
    };
    dom::walk(root, &mut s);
    s.out
}

/// Headings kept, at most.
const MAX_HEADINGS: usize = 8;

/// Bylines kept, at most.
const MAX_BYLINES: usize = 4;

/// The longest byline text kept, in bytes: a longer "byline" is an
/// author's biography box.
const MAX_BYLINE: usize = 160;

struct Surveyor<I> {
    out: Survey<I>,
    /// The open elements, outermost first (how deep the walk is).
    open: Vec<Open>,
    /// How many open elements hold no readable text (scripts, the head).
    skip: usize,
    /// An element's class and id, lowercased (kept for its buffer).
    names: String,
}

/// An element the walk is inside.
struct Open {
    /// The candidate it is (its index), if it is one.
    candidate: Option<usize>,
    /// Whether it holds no readable text.
    dropped: bool,
    /// The page's text counted before it opened: a candidate's text is
    /// the count when it closes less this.
    text_before: usize,
}

impl<I> Surveyor<I> {
    fn element<N: Node>(&mut self, node: N, el: &N::El) {
        let out = &mut self.out;
        match *el.name() {
            local_name!("meta") => {
                let key = el
                    .attr("name")
                    .or_else(|| el.attr("property"))
                    .or_else(|| el.attr("itemprop"));
                if let (Some(k), Some(v)) = (key, el.attr("content")) {
                    out.metas
                        .push((k.trim().to_ascii_lowercase(), v.to_string()));
                }
            }
            // Not an SVG drawing's title.
            local_name!("title")
                if out.title.is_none()
                    && (self.skip == 0
                        || node
                            .links()
                            .2
                            .is_some_and(|p| dom::is_named(p, &local_name!("head")))) =>
            {
                let t = dom::text_of(node);
                if !t.is_empty() {
                    out.title = Some(t);
                }
            }
            local_name!("link") if out.canonical.is_none() && has_token(el, "rel", "canonical") => {
                out.canonical = el.attr("href").map(|h| h.trim().to_string());
            }
            local_name!("base") if out.base.is_none() => {
                out.base = el.attr("href").map(|h| h.trim().to_string());
            }
            local_name!("h2") | local_name!("h3")
                if self.skip == 0 && out.headings.len() < MAX_HEADINGS =>
            {
                out.headings.push(dom::text_of(node));
            }
            local_name!("h1") if self.skip == 0 => {
                if out.headings.len() < MAX_HEADINGS {
                    out.headings.push(dom::text_of(node));
                }
                let inside = self.open.iter().any(|o| o.candidate.is_some());
                if out.h1.is_none() || (inside && out.h1_in_article.is_none()) {
                    let t = dom::text_of(node);
                    if !t.is_empty() {
                        if inside && out.h1_in_article.is_none() {
                            out.h1_in_article = Some(t.clone());
                        }
                        out.h1.get_or_insert(t);
                    }
                }
            }
            local_name!("time") if self.skip == 0 => {
                let published =
                    el.attr("pubdate").is_some() || has_token(el, "itemprop", "datePublished");
                let inside = self.open.iter().any(|o| o.candidate.is_some());
                let wanted = (published && out.time_published.is_none())
                    || (inside && out.time_in_article.is_none());
                if wanted {
                    let when = el
                        .attr("datetime")
                        .map(|d| d.trim().to_string())
                        .filter(|d| !d.is_empty())
                        .unwrap_or_else(|| dom::text_of(node));
                    if published && out.time_published.is_none() {
                        out.time_published = Some(when.clone());
                    }
                    if inside && out.time_in_article.is_none() {
                        out.time_in_article = Some(when);
                    }
                }
            }
            _ => {}
        }
        if self.skip == 0 && out.bylines.len() < MAX_BYLINES && {
            dom::class_and_id(el, &mut self.names);
            dom::is_byline(el, &self.names)
        } {
            let t = dom::text_of(node);
            if !t.is_empty() && t.len() <= MAX_BYLINE {
                out.bylines.push(t);
            }
        }
    }

    /// The kind of candidate `el` is, if it is one.
    fn holder(el: &(impl Elem + ?Sized)) -> Option<Holder> {
        if has_token(el, "itemprop", "articleBody") {
            Some(Holder::Body)
        } else if *el.name() == local_name!("article") {
            Some(Holder::Article)
        } else if *el.name() == local_name!("main") || has_token(el, "role", "main") {
            Some(Holder::Main)
        } else {
            None
        }
    }
}

impl<N: Node> Visitor<N> for Surveyor<N::Id> {
    fn enter(&mut self, node: N) -> bool {
        node.with(|k| match k {
            Kind::Text(contents) => {
                if self.skip == 0 {
                    self.out.text += dom::visible_len(contents);
                }
                false
            }
            Kind::Element(el) => {
                self.out.elements += 1;
                self.out.depth = self.out.depth.max(self.open.len() + 1);
                self.element(node, el);
                let skip = is_dropped(el);
                self.skip += usize::from(skip);
                let cand = if skip {
                    None
                } else {
                    Self::holder(el).map(|holder| {
                        let nested = self.open.iter().filter_map(|o| o.candidate).any(|i| {
                            self.out
                                .candidates
                                .get(i)
                                .is_some_and(|c| c.holder == holder)
                        });
                        self.out.candidates.push(Candidate {
                            id: node.id(),
                            holder,
                            text: 0,
                            nested,
                        });
                        self.out.candidates.len() - 1
                    })
                };
                self.open.push(Open {
                    candidate: cand,
                    dropped: skip,
                    text_before: self.out.text,
                });
                true
            }
            Kind::Root => true,
            Kind::Other => false,
        })
    }

    fn exit(&mut self, node: N) {
        if !node.with(|k| matches!(k, Kind::Element(_))) {
            return;
        }
        let Some(open) = self.open.pop() else { return };
        if let Some(cand) = open.candidate.and_then(|c| self.out.candidates.get_mut(c)) {
            cand.text = self.out.text - open.text_before;
        }
        if open.dropped {
            self.skip = self.skip.saturating_sub(1);
        }
    }
}
