//! Links as a reader can open them: a page's relative links made absolute
//! against the page's own address (its canonical URL), since a saved page
//! no longer sits where its relative links point.

/// The scheme of `s` (`http` in `http://…`), if it starts with one.
fn scheme(s: &str) -> Option<&str> {
    let (scheme, _) = s.split_once(':')?;
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then_some(scheme)
}

/// A link's target as a reader can use it, or `None` for one that runs
/// code or holds no address (`javascript:`, `vbscript:`, empty). With a
/// `base` (an absolute `http(s)` address) a relative `href` is resolved
/// against it; otherwise it is kept as written.
pub(super) fn link(href: &str, base: Option<&str>) -> Option<String> {
    let href = href.trim();
    if href.is_empty() {
        return None;
    }
    if let Some(s) = scheme(href) {
        if s.eq_ignore_ascii_case("javascript") || s.eq_ignore_ascii_case("vbscript") {
            return None;
        }
        return Some(href.to_string());
    }
    Some(match base {
        Some(base) => resolve(base, href),
        None => href.to_string(),
    })
}

/// Whether `s` is an absolute `http` or `https` address.
pub(super) fn is_web(s: &str) -> bool {
    scheme(s).is_some_and(|sc| sc.eq_ignore_ascii_case("http") || sc.eq_ignore_ascii_case("https"))
        && s.contains("://")
}

/// `href` (without a scheme) resolved against the absolute `base`; kept
/// as written when `base` is not a web address.
fn resolve(base: &str, href: &str) -> String {
    let base = base.trim();
    if !is_web(base) {
        return href.to_string();
    }
    let Some((scheme, rest)) = base.split_once("://") else {
        return href.to_string();
    };
    if let Some(net) = href.strip_prefix("//") {
        return format!("{scheme}://{net}");
    }
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let origin = &base[..scheme.len() + 3 + host_end];
    let path_and_more = &rest[host_end..];
    let path_end = path_and_more
        .find(['?', '#'])
        .unwrap_or(path_and_more.len());
    let path = &path_and_more[..path_end];
    if href.starts_with('#') {
        let without_fragment = base.split('#').next().unwrap_or(base);
        return format!("{without_fragment}{href}");
    }
    if href.starts_with('?') {
        return format!("{origin}{path}{href}");
    }
    let joined = if href.starts_with('/') {
        href.to_string()
    } else {
        let dir = path.rfind('/').map_or("/", |i| &path[..=i]);
        format!("{dir}{href}")
    };
    format!("{origin}{}", remove_dots(&joined))
}

/// A path without its `.` and `..` segments (RFC 3986, 5.2.4); the
/// query and fragment are left alone.
fn remove_dots(path: &str) -> String {
    let tail_at = path.find(['?', '#']).unwrap_or(path.len());
    let (path, tail) = path.split_at(tail_at);
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').collect();
    let last = segments.len().saturating_sub(1);
    for (i, seg) in segments.iter().enumerate() {
        match *seg {
            "." => {
                if i == last {
                    out.push("");
                }
            }
            ".." => {
                if out.len() > 1 {
                    out.pop();
                }
                if i == last {
                    out.push("");
                }
            }
            s => out.push(s),
        }
    }
    let mut p = out.join("/");
    if !p.starts_with('/') {
        p.insert(0, '/');
    }
    p + tail
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_resolve_against_the_page() {
        let base = Some("https://e.com/mag/2008/story.html?p=1#top");
        assert_eq!(
            link("next.html", base).as_deref(),
            Some("https://e.com/mag/2008/next.html")
        );
        assert_eq!(
            link("../index.html", base).as_deref(),
            Some("https://e.com/mag/index.html")
        );
        assert_eq!(
            link("./a/./b.html", base).as_deref(),
            Some("https://e.com/mag/2008/a/b.html")
        );
        assert_eq!(link("/about", base).as_deref(), Some("https://e.com/about"));
        assert_eq!(
            link("//cdn.e.com/x", base).as_deref(),
            Some("https://cdn.e.com/x")
        );
        assert_eq!(
            link("#note1", base).as_deref(),
            Some("https://e.com/mag/2008/story.html?p=1#note1")
        );
        assert_eq!(
            link("?p=2", base).as_deref(),
            Some("https://e.com/mag/2008/story.html?p=2")
        );
        assert_eq!(
            link("../../../../x", Some("http://e.com/a/")).as_deref(),
            Some("http://e.com/x")
        );
        assert_eq!(
            link("b", Some("http://e.com")).as_deref(),
            Some("http://e.com/b")
        );
    }

    #[test]
    fn links_keep_their_form_without_a_base_and_scripts_are_no_links() {
        assert_eq!(link(" page.html ", None).as_deref(), Some("page.html"));
        assert_eq!(
            link("mailto:ed@e.com", Some("https://e.com/")).as_deref(),
            Some("mailto:ed@e.com")
        );
        assert_eq!(link("x.html", Some("file.html")).as_deref(), Some("x.html"));
        assert_eq!(link("JavaScript:alert(1)", None), None);
        assert_eq!(link("  ", None), None);
    }
}
