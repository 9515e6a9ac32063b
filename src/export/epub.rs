//! EPUB export: one EPUB 3 book (with an EPUB 2 `toc.ncx` too, for older
//! readers), one XHTML chapter per entry, a table of contents listing every
//! entry with its sections as sub-entries, and an inline contents page.
//!
//! Built with the `epub-builder` crate, which assembles the zip in memory:
//! EPUB is the one format that is not streamed.
//!
//! With the reader's marks, a chapter's highlighted passages are `<mark>`
//! with an EPUB 3 footnote reference after each (`epub:type="noteref"`),
//! and the chapter ends with the footnotes (`<aside epub:type="footnote">`:
//! the note, the link back, and a link to return); the entry note comes
//! under the byline, and highlights no longer found in the text are
//! listed at the end.

use super::marks::{Laid, Marks, lay};
use crate::model::Entry;
use epub_builder::{EpubBuilder, EpubContent, EpubVersion, ReferenceType, TocElement, ZipLibrary};
use std::collections::BTreeSet;
use std::io::{self, Write};

const CSS: &str = "body { font-family: serif; line-height: 1.5; }\n\
    .byline { font-style: italic; }\n\
    .caption { font-style: italic; text-align: center; }\n\
    aside.author-note { font-size: 0.9em; font-style: italic; margin: 2em 0 0 0; }\n\
    figure { margin: 1em 0; } figcaption { font-style: italic; text-align: center; }\n\
    blockquote { margin-left: 2em; font-style: italic; }\n\
    mark { background: #fff3a0; }\n\
    aside.entry-note, aside.footnote { font-size: 0.9em; }\n\
    pre { white-space: pre-wrap; font-size: 0.85em; }\n";

/// Writes `entries` as one EPUB book titled `title`.
pub(crate) fn write_epub(
    entries: &[&Entry],
    title: &str,
    marks: &Marks,
    w: &mut dyn Write,
) -> io::Result<()> {
    build(entries, title, marks)
        .map_err(io::Error::other)?
        .generate(w)
        .map_err(io::Error::other)
}

fn build(
    entries: &[&Entry],
    title: &str,
    marks: &Marks,
) -> epub_builder::Result<EpubBuilder<ZipLibrary>> {
    let mut book = EpubBuilder::new(ZipLibrary::new()?)?;
    book.epub_version(EpubVersion::V30);
    book.metadata("title", xml_text(title))?
        .metadata("lang", "en")?
        .metadata("generator", crate::formats::epub::GENERATOR)?
        .metadata("toc_name", "Contents")?;
    let authors: BTreeSet<&str> = entries.iter().filter_map(|e| e.author.as_deref()).collect();
    book.set_authors(authors.into_iter().map(xml_text).collect());
    // Named in the package document too (epub-builder's `generator` goes
    // only into the navigation page), so a reader knows its chapters
    // state their own metadata.
    book.add_metadata_opf(Box::new(epub_builder::MetadataOpf {
        name: "generator".into(),
        content: crate::formats::epub::GENERATOR.into(),
    }));
    book.stylesheet(CSS.as_bytes())?;
    book.inline_toc();
    for (i, e) in entries.iter().enumerate() {
        let file = format!("entry-{:06}.xhtml", i + 1);
        let xhtml = chapter(e, &lay(e, marks.get(&e.id), 1));
        let mut content =
            EpubContent::new(file.clone(), xhtml.as_bytes()).title(xml_text(&e.title));
        for (k, section) in e.sections().enumerate() {
            content = content.child(TocElement::new(
                format!("{file}#s{}", k + 1),
                xml_text(section),
            ));
        }
        if i == 0 {
            content = content.reftype(ReferenceType::Text);
        }
        book.add_content(content)?;
    }
    Ok(book)
}

/// The XHTML page of one entry, with its marks.
fn chapter(e: &Entry, laid: &Laid<'_>) -> String {
    let mut s =
        String::with_capacity(e.blocks.iter().map(|b| b.text().len() + 16).sum::<usize>() + 512);
    let title = escape(&e.title);
    s.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n");
    s.push_str("<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"en\" xml:lang=\"en\">\n");
    s.push_str(&format!(
        "<head>\n<meta charset=\"UTF-8\"/>\n<title>{title}</title>\n{}\
         <link rel=\"stylesheet\" type=\"text/css\" href=\"stylesheet.css\"/>\n</head>\n<body>\n<h1>{title}</h1>\n",
        head_meta(e)
    ));
    let byline: Vec<String> = e
        .author
        .iter()
        .map(|a| format!("By {}", escape(a)))
        .chain(e.date.map(crate::render::long_date))
        .collect();
    if !byline.is_empty() {
        s.push_str(&format!("<p class=\"byline\">{}</p>\n", byline.join(" · ")));
    }
    if let Some(note) = laid.note {
        s.push_str("<aside class=\"entry-note\" epub:type=\"annotation\">");
        for line in note.lines().filter(|l| !l.trim().is_empty()) {
            s.push_str(&format!("<p>{}</p>", escape(line)));
        }
        s.push_str("</aside>\n");
    }
    s.push_str(&crate::markup::html::blocks_marked(
        &e.blocks,
        &laid.blocks,
        crate::markup::html::SectionIds::Numbered,
    ));
    push_notes(&mut s, laid);
    s.push_str("</body>\n</html>\n");
    s
}

/// The chapter's footnotes, then the highlights no longer found.
fn push_notes(s: &mut String, laid: &Laid<'_>) {
    for p in laid.placed.iter().filter(|p| p.range.is_some()) {
        let n = p.number;
        s.push_str(&format!(
            "<aside epub:type=\"footnote\" class=\"footnote\" id=\"note-{n}\"><p><a href=\"#ref-{n}\">{n}.</a> {}</p></aside>\n",
            note_html(p)
        ));
    }
    let orphans: Vec<_> = laid.placed.iter().filter(|p| p.range.is_none()).collect();
    if !orphans.is_empty() {
        s.push_str(
            "<section class=\"orphans\"><p>Highlights no longer found in the text:</p>\n<ul>\n",
        );
        for p in orphans {
            s.push_str(&format!(
                "<li>\u{201c}{}\u{201d} {}</li>\n",
                escape(&p.highlight.anchor.quote),
                note_html(p)
            ));
        }
        s.push_str("</ul></section>\n");
    }
}

/// A highlight's note, then its link back.
fn note_html(p: &super::Placed<'_>) -> String {
    let link = format!(
        "<a href=\"{}\">open in HotLine</a>",
        escape(&p.link().to_string())
    );
    if p.highlight.note.trim().is_empty() {
        link
    } else {
        format!("{} — {link}", escape(p.highlight.note.trim()))
    }
}

/// The entry's metadata in the chapter's head, in the names web pages
/// use (`author`, `date`, `article:tag`, `canonical`), so that the chapter
/// read back as a page gives the same entry.
fn head_meta(e: &Entry) -> String {
    let mut m = String::new();
    let mut meta = |attr: &str, name: &str, content: &str| {
        m.push_str(&format!(
            "<meta {attr}=\"{name}\" content=\"{}\"/>\n",
            escape(content)
        ));
    };
    meta("name", "hotline:entry", &e.id);
    if let Some(a) = &e.author {
        meta("name", "author", a);
    }
    if let Some(d) = e.date {
        meta("name", "date", &d.format("%Y-%m-%d").to_string());
    }
    if e.kind != crate::model::Kind::Article {
        meta("name", "hotline:kind", e.kind.as_str());
    }
    for t in &e.tags {
        meta("property", "article:tag", t);
    }
    if let Some(url) = &e.url {
        m.push_str(&format!(
            "<link rel=\"canonical\" href=\"{}\"/>\n",
            escape(url)
        ));
    }
    m
}

/// Text without the control characters XML 1.0 forbids (the builder
/// escapes `<`, `&` and quotes in titles itself).
fn xml_text(t: &str) -> String {
    t.chars()
        .filter(|&c| !c.is_control() || c == '\t' || c == '\n')
        .collect()
}

/// XML-escaped text with forbidden control characters dropped.
fn escape(t: &str) -> String {
    let mut out = String::with_capacity(t.len() + 8);
    for c in t.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_makes_text_safe_xml() {
        assert_eq!(escape("a < b & \"c\"\u{1}"), "a &lt; b &amp; &quot;c&quot;");
        assert_eq!(xml_text("x\u{0}y"), "xy");
    }
}
