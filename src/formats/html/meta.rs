//! A page's metadata: each field from the places a page may state it, the
//! most deliberate first (Open Graph and article tags, then the page's
//! own elements, then looser conventions).

use super::survey::Survey;
use super::url;
use crate::formats::{Meta, clean_author, parse_date};
use crate::model::Kind;
use crate::parse::parse_byline;

/// The metadata `s` found, with the page's title as [`title`] makes it.
pub(super) fn meta<I>(s: &Survey<I>) -> Meta {
    Meta {
        title: title(s),
        author: author(s),
        date: date(s),
        kind: Some(Kind::Article),
        tags: tags(s),
        url: page_url(s),
        ..Meta::default()
    }
}

/// The address the page's relative links are resolved against: its own
/// URL, or its `<base href>`.
pub(super) fn base<I>(s: &Survey<I>) -> Option<String> {
    page_url(s)
        .filter(|u| url::is_web(u))
        .or_else(|| s.base.clone().filter(|u| url::is_web(u)))
}

/// `s` on one line, its whitespace runs as single spaces.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What sites put between a page's title and their own name.
const SEPARATORS: &[&str] = &[
    " | ", " - ", " – ", " — ", " :: ", " : ", " · ", " • ", " » ", " / ", " ~ ",
];

/// The page's title: `og:title`, else `<title>`, else the first `<h1>`.
/// A title that is a heading of the page plus the site's name (`The
/// Story | Site`, `Site – The Story`) is cut to the part the heading (or
/// `og:site_name`) shows is the article's.
pub(super) fn title<I>(s: &Survey<I>) -> Option<String> {
    let site = s.meta("og:site_name").map(one_line);
    let h1 = s
        .h1_in_article
        .as_deref()
        .or(s.h1.as_deref())
        .map(one_line)
        .filter(|h| !h.is_empty());
    let stated = s
        .meta("og:title")
        .or(s.title.as_deref())
        .map(one_line)
        .filter(|t| !t.is_empty());
    let Some(t) = stated else { return h1 };
    let shown_part = h1
        .iter()
        .chain(&s.headings)
        .find_map(|h| shown(&t, &one_line(h)).map(str::to_string));
    if let Some(part) = shown_part {
        return Some(part);
    }
    Some(match site.as_deref() {
        Some(site) if !site.is_empty() => without_site(&t, site).to_string(),
        _ => t,
    })
}

/// The part of `title` that is `real` (ASCII case ignored), when the rest
/// is a site's name after a separator, or before one.
fn shown<'t>(title: &'t str, real: &str) -> Option<&'t str> {
    let n = real.len();
    if title.eq_ignore_ascii_case(real) {
        return Some(title);
    }
    if title.len() <= n {
        return None;
    }
    if title.is_char_boundary(n)
        && title[..n].eq_ignore_ascii_case(real)
        && SEPARATORS.iter().any(|sep| title[n..].starts_with(sep))
    {
        return Some(&title[..n]);
    }
    let at = title.len() - n;
    if title.is_char_boundary(at)
        && title[at..].eq_ignore_ascii_case(real)
        && SEPARATORS.iter().any(|sep| title[..at].ends_with(sep))
    {
        return Some(&title[at..]);
    }
    None
}

/// `title` without the site's name `site` after or before a separator.
fn without_site<'t>(title: &'t str, site: &str) -> &'t str {
    let n = site.len();
    if title.len() > n {
        let at = title.len() - n;
        if title.is_char_boundary(at)
            && title[at..].eq_ignore_ascii_case(site)
            && let Some(sep) = SEPARATORS.iter().find(|sep| title[..at].ends_with(*sep))
        {
            return &title[..at - sep.len()];
        }
        if title.is_char_boundary(n)
            && title[..n].eq_ignore_ascii_case(site)
            && let Some(sep) = SEPARATORS.iter().find(|sep| title[n..].starts_with(*sep))
        {
            return &title[n + sep.len()..];
        }
    }
    title
}

/// Whether a `<meta>` value is an address (Facebook's `article:author`
/// is the author's profile page), not a name.
fn is_address(s: &str) -> bool {
    let s = s.trim();
    s.contains("://") || s.starts_with("www.") || s.starts_with('/')
}

/// The author: `<meta name="author">`, `article:author` when it is a name,
/// Dublin Core's creator, then the page's byline elements.
fn author<I>(s: &Survey<I>) -> Option<String> {
    let metas = ["author", "article:author", "dc.creator", "dcterms.creator"]
        .iter()
        .filter_map(|k| s.meta(k))
        .filter(|a| !is_address(a))
        .map(str::to_string);
    // A byline element's text is a name only when it reads as a byline
    // (`By Jane Doe`) or is a few words without figures; "Posted on May
    // 5 by Jane in News" is not a name.
    let bylines = s
        .bylines
        .iter()
        .filter(|b| {
            parse_byline(b).is_some()
                || (b.split_whitespace().count() <= 5 && !b.chars().any(|c| c.is_ascii_digit()))
        })
        .cloned();
    metas.chain(bylines).find(|a| clean_author(a).is_some())
}

/// The publication date: `article:published_time`, a `<time>` marked as
/// the publication's or the first in the article, the `date` metas of
/// other conventions, then a byline's date.
fn date<I>(s: &Survey<I>) -> Option<chrono::NaiveDate> {
    let first = ["article:published_time", "datepublished"]
        .iter()
        .filter_map(|k| s.meta(k))
        .chain(s.time_published.as_deref())
        .chain(s.time_in_article.as_deref());
    let later = [
        "date",
        "dc.date",
        "dc.date.issued",
        "dc.date.created",
        "dcterms.date",
        "dcterms.issued",
        "dcterms.created",
        "pubdate",
        "publishdate",
        "publish-date",
        "og:published_time",
    ]
    .iter()
    .filter_map(|k| s.meta(k));
    first.chain(later).find_map(parse_date).or_else(|| {
        s.bylines
            .iter()
            .filter_map(|b| parse_byline(b)?.date?.date())
            .next()
    })
}

/// The page's address: `<link rel="canonical">`, else `og:url`; an
/// absolute one first.
fn page_url<I>(s: &Survey<I>) -> Option<String> {
    let found = [s.canonical.as_deref(), s.meta("og:url")];
    let found = found
        .iter()
        .flatten()
        .map(|u| u.trim())
        .filter(|u| !u.is_empty());
    found
        .clone()
        .find(|u| url::is_web(u))
        .or_else(|| found.clone().next())
        .map(str::to_string)
}

/// The tags: every `article:tag`, then the `keywords`, comma separated.
fn tags<I>(s: &Survey<I>) -> Vec<String> {
    let mut tags: Vec<String> = s.metas("article:tag").map(str::to_string).collect();
    for k in s.metas("keywords") {
        tags.extend(k.split(',').map(|t| t.trim().to_string()));
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_loses_the_site_name_its_heading_shows_is_not_part_of_it() {
        assert_eq!(shown("The Story | Site", "The Story"), Some("The Story"));
        assert_eq!(shown("Site – the story", "The Story"), Some("the story"));
        assert_eq!(shown("The Story", "the story"), Some("The Story"));
        assert_eq!(shown("The Storyteller | Site", "The Story"), None);
        assert_eq!(shown("Other", "The Story"), None);
        assert_eq!(without_site("The Story - Site", "Site"), "The Story");
        assert_eq!(without_site("SITE » The Story", "Site"), "The Story");
        assert_eq!(without_site("The Site", "Site"), "The Site");
    }
}
