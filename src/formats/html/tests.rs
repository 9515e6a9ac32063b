use super::extract::{How, Order};
use super::*;
use crate::markup::html::{SectionIds, blocks as write_blocks};
use crate::model::{BlockKind, Entry, Span, Style};
use chrono::NaiveDate;
use proptest::prelude::*;

fn span(start: u32, end: u32, style: Style) -> Span {
    Span { start, end, style }
}

fn link(url: &str) -> Style {
    Style::Link { url: url.into() }
}

fn item(depth: u8, number: Option<u32>, t: &str) -> Block {
    Block::new(BlockKind::ListItem { depth, number }, t)
}

fn texts(blocks: &[Block]) -> Vec<&str> {
    blocks.iter().map(|b| b.text.as_str()).collect()
}

/// The text of the span of `style`'s kind in `b` (the first).
fn spanned(b: &Block, like: fn(&Style) -> bool) -> Option<&str> {
    let s = b.spans.iter().find(|s| like(&s.style))?;
    b.text.get(s.start as usize..s.end as usize)
}

fn entry(text: &str) -> (Entry, How) {
    let (e, how) = parse_how(text, Order::HolderFirst);
    (e.expect("an entry"), how.expect("found"))
}

/// Every word of the page's chrome in these pages is spelled so.
fn assert_no_chrome(e: &Entry) {
    for b in &e.blocks {
        for word in [
            "NAVWORD",
            "SIDEBARWORD",
            "FOOTERWORD",
            "SCRIPTWORD",
            "ALTWORD",
            "SHAREWORD",
        ] {
            assert!(!b.text.contains(word), "{word} in {:?}", b.text);
        }
        for s in &b.spans {
            if let Style::Link { url } = &s.style {
                assert!(!url.contains("chrome"), "a chrome link {url}");
            }
        }
    }
}

/// A saved blog post: site header, navigation, an article with its own
/// header and footer, sharing buttons, a sidebar and the page's footer.
const BLOG_PAGE: &str = r##"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Why Support Matters | The HotLine</title>
<meta name="viewport" content="width=device-width">
<meta name="author" content="JANE DOE">
<meta property="article:published_time" content="2008-05-15T09:30:00Z">
<meta property="article:tag" content="Support">
<meta property="article:tag" content="SaaS">
<meta name="keywords" content="support, customers, saas">
<link rel="canonical" href="https://hotline.example/2008/05/why-support-matters/">
<link rel="stylesheet" href="/style.css">
<script>var tracking = "SCRIPTWORD";</script>
<style>.x { content: "SCRIPTWORD" }</style>
</head>
<body class="single">
<a class="skip-link" href="#content">Skip to content NAVWORD</a>
<header class="site-header"><a href="/chrome">The HotLine NAVWORD</a>
<p class="tagline">For the Profession NAVWORD</p></header>
<nav class="main-nav"><ul><li><a href="/chrome/">Home NAVWORD</a></li>
<li><a href="/chrome/archive">Archive NAVWORD</a></li></ul></nav>
<div class="container">
<main id="content">
<article class="post">
<header class="entry-header">
<h1 class="entry-title">Why Support Matters</h1>
<p class="byline">By <a rel="author" href="/chrome/jane">Jane Doe</a></p>
<time datetime="2008-05-16">May 16, 2008</time>
</header>
<div class="entry-content">
<p>Support is the <em>face</em> of a company. When <strong>customers</strong> call,
they remember how they were treated, long after they forget the product.</p>
<h2>Three lessons</h2>
<ol>
<li>Listen first.</li>
<li>Answer <a href="../faq.html">the question</a> that was asked.</li>
<li>Follow up.</li>
</ol>
<blockquote><p>The best support is the one you never need.</p></blockquote>
<figure><img src="desk.jpg" alt="ALTWORD"><figcaption>The support desk in 2008.</figcaption></figure>
<p>Good support teams measure what matters: time to answer, and whether the answer helped.</p>
<div class="sharedaddy"><h3>Share this: SHAREWORD</h3><a href="/chrome/share">Twitter SHAREWORD</a></div>
</div>
<footer class="entry-footer">Posted in <a href="/chrome/cat">Support FOOTERWORD</a></footer>
</article>
<section class="comments" id="comments"><h2>2 Comments SIDEBARWORD</h2><p>Great post! SIDEBARWORD</p></section>
</main>
<aside class="sidebar widget-area"><h3>Popular SIDEBARWORD</h3>
<ul><li><a href="/chrome/x">Another post SIDEBARWORD</a></li></ul></aside>
</div>
<footer class="site-footer"><p>Copyright 2008 FOOTERWORD</p></footer>
<script>document.write("SCRIPTWORD")</script>
</body></html>
"##;

#[test]
fn a_saved_page_gives_its_article_without_the_sites_chrome() {
    for order in [Order::HolderFirst, Order::ReadabilityFirst] {
        let (e, how) = parse_how(BLOG_PAGE, order);
        let e = e.expect("an entry");
        assert_no_chrome(&e);
        let kinds: Vec<BlockKind> = e.blocks.iter().map(|b| b.kind).collect();
        let first = &e.blocks[0];
        assert_eq!(
            first.text,
            "Support is the face of a company. When customers call, they remember how they \
             were treated, long after they forget the product.",
            "{order:?}: {:#?}",
            e.blocks
        );
        assert_eq!(spanned(first, |s| *s == Style::Emphasis), Some("face"));
        assert_eq!(spanned(first, |s| *s == Style::Strong), Some("customers"));
        let lessons = e
            .blocks
            .iter()
            .find(|b| b.text == "Three lessons")
            .expect("h2");
        assert!(lessons.is_heading());
        let items: Vec<_> = e
            .blocks
            .iter()
            .filter(|b| matches!(b.kind, BlockKind::ListItem { .. }))
            .collect();
        assert_eq!(
            items.iter().map(|b| b.kind).collect::<Vec<_>>(),
            [1, 2, 3].map(|n| BlockKind::ListItem {
                depth: 0,
                number: Some(n)
            }),
            "{order:?}"
        );
        assert_eq!(
            spanned(items[1], |s| matches!(s, Style::Link { .. })),
            Some("the question")
        );
        assert_eq!(
            items[1].spans[0].style,
            link("https://hotline.example/2008/05/faq.html"),
            "relative links resolve against the canonical address"
        );
        assert!(kinds.contains(&BlockKind::Quote));
        assert!(
            e.blocks
                .iter()
                .any(|b| b.kind == BlockKind::Caption && b.text == "The support desk in 2008.")
        );
        assert_eq!(
            e.blocks.last().map(|b| b.text.as_str()),
            Some(
                "Good support teams measure what matters: time to answer, and whether the \
                 answer helped."
            ),
            "{order:?}"
        );
        // The title, byline and date are the entry's, not its text's.
        assert!(
            !e.blocks
                .iter()
                .any(|b| b.text.contains("Why Support Matters")
                    || b.text.contains("Jane Doe")
                    || b.text.contains("May 16"))
        );
        assert_eq!(e.title, "Why Support Matters");
        assert_eq!(e.author.as_deref(), Some("Jane Doe"));
        assert_eq!(e.date, NaiveDate::from_ymd_opt(2008, 5, 15));
        assert_eq!(
            e.url.as_deref(),
            Some("https://hotline.example/2008/05/why-support-matters/")
        );
        assert_eq!(e.tags, ["Support", "SaaS", "customers"]);
        assert_eq!(e.kind, crate::model::Kind::Article);
        let expected_how = match order {
            Order::HolderFirst => How::Holder,
            Order::ReadabilityFirst => How::Readability,
        };
        assert_eq!(how, Some(expected_how));
    }
}

/// A page of the early 2000s: no `<article>` or `<main>`, only divs.
const OLD_PAGE: &str = r#"<html><head><title>The Help Desk Is Dead</title>
<meta name="date" content="2003-02-01"></head>
<body>
<div id="header"><a href="/chrome"><img src="logo.gif" alt="ALTWORD"></a> NAVWORD Magazine</div>
<div id="menu"><a href="/chrome/1">NAVWORD one</a> | <a href="/chrome/2">NAVWORD two</a>
| <a href="/chrome/3">NAVWORD three</a> | <a href="/chrome/4">NAVWORD four</a></div>
<div id="sidebar"><h3>Links</h3><p><a href="/chrome/5">SIDEBARWORD</a>, <a href="/chrome/6">SIDEBARWORD</a></p></div>
<div id="story">
<h2>The Help Desk Is Dead</h2>
<p>For years the help desk was where questions went to wait. Customers filed tickets, and the
tickets sat in queues, and the queues grew longer every quarter, whatever the staffing plan said.</p>
<p>Then the web changed what people expect. They search first, they read, and they ask only when
the answer is not there, which means the questions that reach a person are the hard ones.</p>
<p>That changes who should answer them, how long an answer may take, and what a good answer is:
not the fastest, but the one that makes the next question unnecessary, for this customer and the next.</p>
</div>
<div id="footer">FOOTERWORD &copy; 2003</div>
</body></html>"#;

#[test]
fn a_page_without_marked_article_goes_to_readability() {
    let (e, how) = entry(OLD_PAGE);
    assert_eq!(how, How::Readability);
    assert_no_chrome(&e);
    assert_eq!(e.blocks.len(), 3, "{:#?}", e.blocks);
    assert!(e.blocks[0].text.starts_with("For years the help desk"));
    assert!(e.blocks.iter().all(|b| b.kind == BlockKind::Paragraph));
    assert_eq!(e.title, "The Help Desk Is Dead");
    assert_eq!(e.date, NaiveDate::from_ymd_opt(2003, 2, 1));
}

#[test]
fn a_short_page_gives_its_text_without_chrome() {
    let page = r#"<html><body><nav><a href="/chrome">NAVWORD</a></nav>
<header><p>Site NAVWORD</p></header>
<p>Back in ten minutes.</p>
<aside><p>SIDEBARWORD</p></aside><footer>FOOTERWORD</footer></body></html>"#;
    let (e, how) = entry(page);
    assert_ne!(how, How::Holder);
    assert_no_chrome(&e);
    assert_eq!(texts(&e.blocks), ["Back in ten minutes."]);
    assert_eq!(e.title, "Back in ten minutes");
}

#[test]
fn a_page_nested_past_what_readability_reads_falls_back_to_its_body() {
    let n = 450;
    let page = format!(
        "<html><head><title>Deep</title></head><body><nav>NAVWORD</nav>{}\
         <p>Deep down the text.</p>{}<footer>FOOTERWORD</footer></body></html>",
        "<div>".repeat(n),
        "</div>".repeat(n)
    );
    let (e, how) = entry(&page);
    assert_eq!(how, How::Fallback);
    assert_no_chrome(&e);
    assert_eq!(texts(&e.blocks), ["Deep down the text."]);
    assert_eq!(e.title, "Deep");
}

#[test]
fn an_empty_page_or_one_of_chrome_only_gives_no_entry_and_says_why() {
    for empty in [
        "",
        "   ",
        "<html><head><title>T</title></head><body>  </body></html>",
    ] {
        assert!(!super::fast_tests::agrees(empty) || empty.contains("<body>"));
        let out = parse("e.html", empty, 1);
        assert!(out.entries.is_empty());
        assert_eq!(out.warnings, ["no text found"], "{empty:?}");
    }
    let chrome = "<body><nav><a href='/'>Home</a></nav><footer>Copyright</footer></body>";
    super::fast_tests::agrees(chrome);
    let out = parse("c.html", chrome, 1);
    assert!(out.entries.is_empty());
    assert_eq!(out.warnings, ["no article text found in the page"]);
}

/// A page with `head` as given and a body of one article.
fn page(head: &str, body: &str) -> String {
    format!(
        "<html><head>{head}</head><body><article>{body}<p>{}</p></article></body></html>",
        "Enough text to be an article, with words that go on for a while and then a while \
         longer, so that no rule takes it for a scrap."
    )
}

#[test]
fn the_title_comes_from_og_title_then_title_then_the_first_heading() {
    let title = |head: &str, body: &str| entry(&page(head, body)).0.title;
    let og = r#"<meta property="og:title" content="From OG">"#;
    assert_eq!(
        title(
            &format!("<title>From Title</title>{og}"),
            "<h1>From H1</h1>"
        ),
        "From OG"
    );
    assert_eq!(
        title("<title>From Title</title>", "<h1>From H1</h1>"),
        "From Title"
    );
    assert_eq!(title("", "<h1>From H1</h1>"), "From H1");
    // The site's name goes when the heading shows it is not the title's.
    assert_eq!(
        title("<title>The Story | Site</title>", "<h1>The Story</h1>"),
        "The Story"
    );
    assert_eq!(
        title("<title>Site – The Story</title>", "<h1>The Story</h1>"),
        "The Story"
    );
    assert_eq!(
        title("<title>The Story - Site</title>", "<h1>Other</h1>"),
        "The Story - Site"
    );
    let site = r#"<meta property="og:site_name" content="Site">"#;
    assert_eq!(
        title(&format!("<title>The Story - Site</title>{site}"), ""),
        "The Story"
    );
    assert_eq!(
        title(
            r#"<meta property="og:title" content="The Story | Site">"#,
            "<h1>The Story</h1>"
        ),
        "The Story"
    );
}

#[test]
fn a_heading_that_repeats_the_title_leaves_the_text() {
    let (e, _) = entry(&page(
        "<title>The Story | Site</title>",
        "<h1>The  story</h1><h2>A part</h2>",
    ));
    assert_eq!(e.title, "The Story");
    assert_eq!(e.blocks[0].text, "A part", "{:#?}", e.blocks);
    // A heading of other words stays.
    let (e, _) = entry(&page("<title>Else</title>", "<h1>The Story</h1>"));
    assert_eq!(e.blocks[0].text, "The Story");
}

#[test]
fn the_author_comes_from_meta_then_article_author_then_a_byline() {
    let author = |head: &str, body: &str| entry(&page(head, body)).0.author;
    let byline = r#"<p class="byline">By Sam Roe</p>"#;
    assert_eq!(
        author(r#"<meta name="author" content="Ann Lee">"#, byline).as_deref(),
        Some("Ann Lee")
    );
    assert_eq!(
        author(
            r#"<meta property="article:author" content="BOB KAY">"#,
            byline
        )
        .as_deref(),
        Some("Bob Kay")
    );
    assert_eq!(
        author(
            r#"<meta property="article:author" content="https://facebook.com/bob">"#,
            byline
        )
        .as_deref(),
        Some("Sam Roe"),
        "an address is no name"
    );
    assert_eq!(
        author("", r#"<span itemprop="author">Kim Ono</span>"#).as_deref(),
        Some("Kim Ono")
    );
    assert_eq!(
        author("", r#"<a rel="author" href="/k">Kim Ono</a>"#).as_deref(),
        Some("Kim Ono")
    );
    assert_eq!(
        author(
            "",
            r#"<div class="author">Posted on 5 May 2008 by kim in News</div>"#
        ),
        None,
        "a sentence is no name"
    );
    // The byline does not stay in the text.
    let (e, _) = entry(&page("", byline));
    assert!(!e.blocks.iter().any(|b| b.text.contains("Sam Roe")));
}

#[test]
fn the_date_comes_from_published_time_then_time_then_date_metas() {
    let date = |head: &str, body: &str| entry(&page(head, body)).0.date;
    let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
    let time = r#"<time datetime="2007-02-03T10:00:00+01:00">Feb 3</time>"#;
    let meta = r#"<meta name="DC.date" content="2006-01-02">"#;
    let published = r#"<meta property="article:published_time" content="2008-05-15">"#;
    assert_eq!(date(&format!("{published}{meta}"), time), d(2008, 5, 15));
    assert_eq!(date(meta, time), d(2007, 2, 3));
    assert_eq!(date(meta, ""), d(2006, 1, 2));
    assert_eq!(
        date(r#"<meta name="date" content="May 4, 2005">"#, ""),
        d(2005, 5, 4)
    );
    assert_eq!(date("", "<time>March 9, 2004</time>"), d(2004, 3, 9));
    assert_eq!(
        date("", r#"<p class="byline">By Ann Lee | April 1, 2009</p>"#),
        d(2009, 4, 1)
    );
    assert_eq!(date(r#"<meta name="date" content="soon">"#, ""), None);
}

#[test]
fn the_address_is_the_canonical_link_then_og_url_and_tags_are_collected() {
    let e = |head: &str| entry(&page(head, "")).0;
    let canonical = r#"<link rel="canonical" href="https://e.com/a">"#;
    let og = r#"<meta property="og:url" content="https://e.com/b">"#;
    assert_eq!(
        e(&format!("{og}{canonical}")).url.as_deref(),
        Some("https://e.com/a")
    );
    assert_eq!(e(og).url.as_deref(), Some("https://e.com/b"));
    assert_eq!(e("").url, None);
    let tags = r#"<meta property="article:tag" content="One"><meta property="article:tag" content="Two">
        <meta name="keywords" content="two, three ,, four">"#;
    assert_eq!(e(tags).tags, ["One", "Two", "three", "four"]);
}

#[test]
fn an_xhtml_page_reads_as_html() {
    let xhtml = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1//EN" "http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en">
<head><title>Chapter One</title><meta name="author" content="Ann Lee"/></head>
<body>
<h1>Chapter One</h1>
<p>It was a <em>dark</em> night.<br/>The servers hummed.</p>
<p class="x">Then <a href="two.xhtml">the call</a> came.</p>
<ul><li>one</li><li>two<ul><li>deeper</li></ul></li></ul>
</body></html>"#;
    let (e, _) = entry(xhtml);
    assert_eq!(e.title, "Chapter One");
    assert_eq!(e.author.as_deref(), Some("Ann Lee"));
    assert_eq!(
        texts(&e.blocks),
        [
            "It was a dark night. The servers hummed.",
            "Then the call came.",
            "one",
            "two",
            "deeper"
        ]
    );
    assert_eq!(e.blocks[1].spans, [span(5, 13, link("two.xhtml"))]);
    assert_eq!(
        e.blocks[4].kind,
        BlockKind::ListItem {
            depth: 1,
            number: None
        }
    );
}

#[test]
fn each_block_kind_comes_from_its_element() {
    let b = fragment_blocks(
        r#"<h1>One</h1><h3>Three</h3><h6>Six</h6><p>Para</p>
<blockquote><p>First quoted.</p><p>Second quoted.</p></blockquote>
<pre>  fn main() {
      x  =  1;
  }
</pre>
<figure><img src="x.png" alt="not text"><figcaption>A caption</figcaption></figure>
<aside class="author-note"><p>Ann Lee writes.</p></aside>
<p class="wp-caption-text">A WordPress caption</p>
<dl><dt>Term</dt><dd>Meaning</dd></dl>
<hr><address>Ann Lee, Boston</address>"#,
    );
    let kinds: Vec<BlockKind> = b.iter().map(|b| b.kind).collect();
    assert_eq!(
        kinds,
        [
            BlockKind::Heading { level: 1 },
            BlockKind::Heading { level: 3 },
            BlockKind::Heading { level: 6 },
            BlockKind::Paragraph,
            BlockKind::Quote,
            BlockKind::Quote,
            BlockKind::Preformatted,
            BlockKind::Caption,
            BlockKind::AuthorNote,
            BlockKind::Caption,
            BlockKind::Paragraph,
            BlockKind::Paragraph,
            BlockKind::Paragraph,
        ]
    );
    assert_eq!(b[6].text, "  fn main() {\n      x  =  1;\n  }");
    assert_eq!(
        texts(&b)[7..],
        [
            "A caption",
            "Ann Lee writes.",
            "A WordPress caption",
            "Term",
            "Meaning",
            "Ann Lee, Boston"
        ]
    );
}

#[test]
fn nested_lists_give_depths_and_numbers() {
    let b = fragment_blocks(
        r#"<ol start="4"><li>four</li><li>five<ul><li>bullet<ol><li>deep one</li></ol></li>
<li>bullet two</li></ul></li><li value="10">ten</li><li>eleven</li></ol>
<ol reversed><li>three</li><li>two</li><li>one</li></ol>
<li>stray item</li>"#,
    );
    assert_eq!(
        b,
        vec![
            item(0, Some(4), "four"),
            item(0, Some(5), "five"),
            item(1, None, "bullet"),
            item(2, Some(1), "deep one"),
            item(1, None, "bullet two"),
            item(0, Some(10), "ten"),
            item(0, Some(11), "eleven"),
            item(0, Some(3), "three"),
            item(0, Some(2), "two"),
            item(0, Some(1), "one"),
            item(0, None, "stray item"),
        ]
    );
}

#[test]
fn an_item_of_several_paragraphs_is_an_item_then_paragraphs() {
    let b =
        fragment_blocks("<ol><li><p>Step one.</p><p>More on it.</p></li><li>Step two.</li></ol>");
    assert_eq!(
        b,
        vec![
            item(0, Some(1), "Step one."),
            Block::paragraph("More on it."),
            item(0, Some(2), "Step two."),
        ]
    );
}

#[test]
fn spans_nest_with_byte_offsets_into_the_collapsed_text() {
    let b = fragment_blocks(
        "<p>  Caf\u{e9}  <em> na\u{ef}ve <strong>bold</strong> </em>and <code>x = 1</code>,\n\
         <a href=\"https://e.com/?a=1&amp;b=2\">a <i>link</i></a>; <kbd>Ctrl</kbd>\
         <b>  </b><a href=\"javascript:void(0)\">no link</a> <a>anchor</a></p>",
    );
    assert_eq!(b.len(), 1);
    let b = &b[0];
    assert_eq!(
        b.text,
        "Caf\u{e9} na\u{ef}ve bold and x = 1, a link; Ctrl no link anchor"
    );
    let at = |s: &str| u32::try_from(b.text.find(s).expect(s)).expect("small");
    let len = |s: &str| u32::try_from(s.len()).expect("small");
    let (naive, bold, code) = (at("na\u{ef}ve"), at("bold"), at("x = 1"));
    let (a, linked, ctrl) = (at("a link"), at("link;"), at("Ctrl"));
    assert_eq!(
        b.spans,
        vec![
            span(naive, bold + 4, Style::Emphasis),
            span(bold, bold + 4, Style::Strong),
            span(code, code + len("x = 1"), Style::Code),
            span(a, a + len("a link"), link("https://e.com/?a=1&b=2")),
            span(linked, linked + 4, Style::Emphasis),
            span(ctrl, ctrl + 4, Style::Code),
        ]
    );
}

#[test]
fn whitespace_collapses_and_entities_decode() {
    let b = fragment_blocks(
        "<p>\n\tFish&nbsp;&amp;&nbsp;chips &lt;3 &#8212; &eacute;t&eacute;\u{a0}\u{a0}x </p>\
         <h2> A <br> B </h2><p>a<span>b</span> c</p>",
    );
    assert_eq!(
        texts(&b),
        ["Fish & chips <3 \u{2014} \u{e9}t\u{e9} x", "A B", "ab c"]
    );
}

#[test]
fn scripts_styles_controls_and_navigation_are_no_text() {
    let b = fragment_blocks(
        r#"<p>Kept<script>no()</script><style>p{}</style><noscript>no</noscript></p>
<nav>Home About</nav><form><input value="q"><button>Go</button></form>
<svg><text>drawn</text></svg><iframe src="x">frame</iframe><template><p>later</p></template>
<p hidden>hidden</p><p style="display: none">gone</p><p aria-hidden="true">decor</p>
<p>Also <img src="a.png" alt="alt text">kept</p>"#,
    );
    assert_eq!(texts(&b), ["Kept", "Also kept"]);
}

#[test]
fn a_form_that_wraps_a_whole_page_keeps_its_text() {
    let b =
        fragment_blocks(r#"<form id="aspnetForm"><h1>Title</h1><p>Body text.</p><input></form>"#);
    assert_eq!(texts(&b), ["Title", "Body text."]);
}

#[test]
fn bare_text_breaks_into_paragraphs_at_blank_lines() {
    // As WordPress stores a post: no <p>, blank lines between paragraphs,
    // single line breaks inside them.
    let post = "First paragraph, line one\nline two with <em>emphasis\n\nthat goes on</em>.\n\n\
                Second paragraph.\r\n\r\nThird <a href=\"/x\">paragraph</a>.\n\n\n\
                <blockquote>Quoted one.\n\nQuoted two.</blockquote>\n\
                <p>In a p\n\nthe blank line is a space.</p>\
                <div>div one\n  \ndiv two</div>";
    let b = fragment_blocks(post);
    assert_eq!(
        texts(&b),
        [
            "First paragraph, line one line two with emphasis",
            "that goes on.",
            "Second paragraph.",
            "Third paragraph.",
            "Quoted one.",
            "Quoted two.",
            "In a p the blank line is a space.",
            "div one",
            "div two",
        ]
    );
    assert_eq!(spanned(&b[0], |s| *s == Style::Emphasis), Some("emphasis"));
    assert_eq!(
        spanned(&b[1], |s| *s == Style::Emphasis),
        Some("that goes on")
    );
    assert_eq!(
        spanned(&b[3], |s| matches!(s, Style::Link { .. })),
        Some("paragraph")
    );
    assert_eq!(b[4].kind, BlockKind::Quote);
    assert_eq!(b[5].kind, BlockKind::Quote);
}

#[test]
fn two_line_breaks_end_a_paragraph_and_one_is_a_space() {
    let b = fragment_blocks("<p>one<br>two<br><br>three<br/>\n<br />four</p><pre>a<br>b</pre>");
    assert_eq!(texts(&b), ["one two", "three", "four", "a\nb"]);
}

#[test]
fn tables_of_data_read_as_rows_and_layout_tables_as_their_blocks() {
    let b = fragment_blocks(
        "<table><caption>Prices</caption><tr><th>Plan</th><th>Price</th></tr>\
         <tr><td>Basic</td><td><b>$5</b></td></tr><tr><td>Pro</td><td></td><td>new</td></tr></table>",
    );
    assert_eq!(
        texts(&b),
        ["Prices", "Plan | Price", "Basic | $5", "Pro | new"]
    );
    assert_eq!(b[0].kind, BlockKind::Caption);
    assert_eq!(b[2].spans, [span(8, 10, Style::Strong)]);
    let layout = fragment_blocks(
        "<table><tr><td><p>Left column text.</p><p>More.</p></td><td>Right\n\nbare</td></tr></table>",
    );
    assert_eq!(
        texts(&layout),
        ["Left column text.", "More.", "Right", "bare"]
    );
}

#[test]
fn text_straight_in_containers_becomes_paragraphs_between_blocks() {
    let b = fragment_blocks("<div>before<p>para</p>after <em>it</em><div>inner</div>tail</div>");
    assert_eq!(texts(&b), ["before", "para", "after it", "inner", "tail"]);
    assert!(b.iter().all(|b| b.kind == BlockKind::Paragraph));
}

#[test]
fn a_link_around_blocks_links_each_of_them() {
    let b = fragment_blocks(r#"<a href="/p"><h2>Title</h2><p>Teaser</p></a>"#);
    assert_eq!(texts(&b), ["Title", "Teaser"]);
    for b in &b {
        assert_eq!(
            b.spans,
            [span(
                0,
                u32::try_from(b.text.len()).expect("small"),
                link("/p")
            )]
        );
    }
}

#[test]
fn deep_nesting_neither_overflows_nor_loses_text() {
    // html5ever takes time the square of the depth; 3,000 levels on a
    // 256 KB stack would overflow any walk that recursed.
    let n = 3_000;
    let run = move || {
        let html = format!("{}deep text{}", "<div>".repeat(n), "</div>".repeat(n));
        assert_eq!(texts(&fragment_blocks(&html)), ["deep text"]);
        let out = parse("deep.html", &format!("<html><body>{html}</body></html>"), 1);
        assert_eq!(out.entries.len(), 1, "{:?}", out.warnings);
        assert_eq!(texts(&out.entries[0].blocks), ["deep text"]);
        let lists = format!("{}x{}", "<ul><li>".repeat(300), "</li></ul>".repeat(300));
        assert_eq!(fragment_blocks(&lists), vec![item(u8::MAX, None, "x")]);
    };
    std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(run)
        .expect("a thread")
        .join()
        .expect("no overflow, no failure");
}

// What `markup::html` writes reads back as the same blocks.

/// Words: letters and figures, with what must be escaped and a few
/// characters beyond ASCII.
fn word() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9]{1,3}[a-z&<>\"'\u{e9}\u{2019}\u{2014}]{0,3}[a-z0-9]{0,2}"
}

fn style() -> impl Strategy<Value = Style> {
    prop_oneof![
        Just(Style::Emphasis),
        Just(Style::Strong),
        Just(Style::Code),
        "(https://e\\.com/[a-z0-9]{0,6}(\\?a=1&b=[a-z])?|[a-z]{1,6}\\.html)"
            .prop_map(|url| Style::Link { url }),
    ]
}

/// Text of words, with spans on word boundaries: runs of words, some
/// styled, some with a shorter run inside of another style.
fn styled_text() -> impl Strategy<Value = (String, Vec<Span>)> {
    let run = (
        prop::collection::vec(word(), 1..4),
        prop::option::of(style()),
        prop::option::of((style(), 0usize..3, 1usize..3)),
    );
    prop::collection::vec(run, 1..5).prop_map(|runs| {
        let mut text = String::new();
        let mut spans = Vec::new();
        for (words, outer, inner) in runs {
            if !text.is_empty() {
                text.push(' ');
            }
            let mut bounds = Vec::new();
            for (i, w) in words.iter().enumerate() {
                if i > 0 {
                    text.push(' ');
                }
                let start = text.len();
                text.push_str(w);
                bounds.push((start, text.len()));
            }
            let Some(outer) = outer else { continue };
            let at = |i: usize| u32::try_from(i).expect("small");
            let (first, last) = (bounds[0].0, bounds[bounds.len() - 1].1);
            spans.push(span(at(first), at(last), outer.clone()));
            if let Some((inner, from, n)) = inner {
                let same = std::mem::discriminant(&inner) == std::mem::discriminant(&outer);
                if !same && from < bounds.len() {
                    let to = (from + n).min(bounds.len()) - 1;
                    spans.push(span(at(bounds[from].0), at(bounds[to].1), inner));
                }
            }
        }
        (text, spans)
    })
}

/// Preformatted text: indented lines, blank lines inside, nothing to
/// trim at the end.
fn preformatted() -> impl Strategy<Value = String> {
    prop::collection::vec("( {0,4}[a-z{}();=&<]{1,6}( [a-z]{1,4}){0,3}|)", 1..5).prop_map(|lines| {
        // An HTML parser drops a newline right after `<pre>`.
        let t = lines.join("\n");
        let t = t.trim_start_matches('\n').trim_end().to_string();
        if t.trim().is_empty() {
            "x".to_string()
        } else {
            t
        }
    })
}

/// Text with its spans.
type Styled = (String, Vec<Span>);

/// One generated piece: a block, or a run of list items.
#[derive(Debug, Clone)]
enum Piece {
    Block(BlockKind, Styled),
    Pre(String),
    /// Items as (0 at the last item's level, 1 a level deeper, 2 a
    /// level up; ordered; the number a new list starts at).
    List(Vec<(u8, bool, u32, Styled)>),
}

fn piece() -> impl Strategy<Value = Piece> {
    let kind = prop_oneof![
        Just(BlockKind::Paragraph),
        (1u8..=6).prop_map(|level| BlockKind::Heading { level }),
        Just(BlockKind::Quote),
        Just(BlockKind::Caption),
        Just(BlockKind::AuthorNote),
    ];
    prop_oneof![
        3 => (kind, styled_text()).prop_map(|(k, t)| Piece::Block(k, t)),
        1 => preformatted().prop_map(Piece::Pre),
        2 => prop::collection::vec((0u8..3, any::<bool>(), 1u32..30, styled_text()), 1..10)
            .prop_map(Piece::List),
    ]
}

/// The blocks of `pieces`, with the list items numbered as a list that
/// `markup::html` writes is numbered when read: each list counts on from
/// its start, a deeper item opens a list one level down, one a level up
/// goes on with the list there, and an item of
/// the other kind (ordered or not) at a level starts a new list there.
fn to_blocks(pieces: Vec<Piece>) -> Vec<Block> {
    let mut out = Vec::new();
    for p in pieces {
        match p {
            Piece::Block(kind, (text, spans)) => out.push(Block::new(kind, text).with_spans(spans)),
            Piece::Pre(text) => out.push(Block::new(BlockKind::Preformatted, text)),
            Piece::List(items) => {
                // The open lists: ordered, next number.
                let mut lists: Vec<(bool, u32)> = Vec::new();
                for (step, ordered, start, (text, spans)) in items {
                    let depth = match step {
                        1 => lists.len(),
                        2 => lists.len().saturating_sub(2),
                        _ => lists.len().saturating_sub(1),
                    };
                    lists.truncate(depth + 1);
                    if lists.len() == depth + 1 && lists[depth].0 != ordered {
                        lists.pop();
                    }
                    if lists.len() == depth {
                        lists.push((ordered, start));
                    }
                    let number = ordered.then_some(lists[depth].1);
                    lists[depth].1 += 1;
                    let depth = u8::try_from(depth).expect("small");
                    out.push(
                        Block::new(BlockKind::ListItem { depth, number }, text).with_spans(spans),
                    );
                }
                // Two lists in a row would be written as one: a paragraph
                // between them keeps them apart.
                out.push(Block::paragraph("end of list"));
            }
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn blocks_written_as_xhtml_read_back_the_same(pieces in prop::collection::vec(piece(), 1..8)) {
        let blocks = to_blocks(pieces);
        let html = write_blocks(&blocks, SectionIds::None);
        prop_assert_eq!(fragment_blocks(&html), blocks, "{}", html);
    }

    #[test]
    fn any_text_parses_without_panicking(text in "\\PC{0,300}") {
        check_parse(&text)?;
    }

    #[test]
    fn mangled_pages_parse_without_panicking(
        cut in 0usize..6000,
        keep in 0usize..6000,
        junk in "(<[a-z/!?]{0,4}[a-z0-9 =\"'&#;]{0,12}>?|&[a-z#0-9]{0,6};?|</?(p|li|ol|ul|pre|td|tr|table|em|a|br|h2|article|main|div)>|[a-z \n]{0,8}){0,40}",
        page in prop::sample::select(vec![BLOG_PAGE, OLD_PAGE]),
    ) {
        let from = floor(page, cut.min(page.len()));
        let to = floor(page, (from + keep).min(page.len()));
        let mangled = format!("{}{junk}{}", &page[..from], &page[to..]);
        check_parse(&mangled)?;
        let reversed: String = page.chars().rev().collect();
        check_parse(&format!("{junk}{}", &reversed[..floor(&reversed, keep.min(reversed.len()))]))?;
    }
}

fn floor(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Parses `text` and checks what came out is well formed, and that no
/// step panicked (which `parse` would catch and report).
fn check_parse(text: &str) -> Result<(), TestCaseError> {
    super::fast_tests::agrees(text);
    let out = parse("x.html", text, 7);
    prop_assert!(
        !out.warnings.iter().any(|w| w.contains("could not be read")),
        "{:?}",
        out.warnings
    );
    prop_assert!(out.entries.len() <= 1);
    prop_assert_eq!(out.entries.is_empty(), !out.warnings.is_empty());
    for e in &out.entries {
        prop_assert!(!e.title.is_empty());
        prop_assert!(!e.blocks.is_empty());
        for b in &e.blocks {
            prop_assert!(!b.text.trim().is_empty());
            if b.kind != BlockKind::Preformatted {
                prop_assert_eq!(b.text.trim(), &b.text);
                prop_assert!(!b.text.contains("  "));
            }
            for s in &b.spans {
                let t = b.text.get(s.start as usize..s.end as usize);
                prop_assert!(t.is_some_and(|t| !t.is_empty() && t.trim() == t), "{:?}", b);
            }
        }
    }
    Ok(())
}

/// A page of about 5 KB with chrome, in two kinds: with its article
/// marked, and of divs only.
fn sample_page(marked: bool) -> String {
    let para = "<p>Support teams that <em>listen</em> first answer faster, because the \
                question they answer is the one the customer asked, not the one they \
                expected; <a href=\"/x\">measure it</a> and see.</p>\n";
    let (open, close) = if marked {
        ("<main><article><h1>The Article</h1>", "</article></main>")
    } else {
        (
            "<div id=\"content\"><div class=\"post\"><h2>The Article</h2>",
            "</div></div>",
        )
    };
    let nav: String = (0..20)
        .map(|i| format!("<li><a href=\"/chrome/{i}\">Section {i}</a></li>"))
        .collect();
    format!(
        "<!DOCTYPE html><html><head><title>The Article | Site</title>\
         <meta name=\"author\" content=\"Ann Lee\">\
         <meta property=\"article:published_time\" content=\"2008-05-15\">\
         <link rel=\"canonical\" href=\"https://e.com/a\"><script>var x = 1;</script></head>\
         <body><header><nav><ul>{nav}</ul></nav></header>{open}{}{close}\
         <aside class=\"sidebar\"><ul>{nav}</ul></aside><footer>Copyright</footer></body></html>",
        para.repeat(16)
    )
}

#[test]
fn the_sample_pages_take_the_paths_they_are_timed_on() {
    for (marked, order, how) in [
        (true, Order::HolderFirst, How::Holder),
        (true, Order::ReadabilityFirst, How::Readability),
        (false, Order::HolderFirst, How::Readability),
    ] {
        let page = sample_page(marked);
        assert!((4500..6500).contains(&page.len()), "{}", page.len());
        let (e, found) = parse_how(&page, order);
        let e = e.expect("an entry");
        assert_eq!(found, Some(how));
        assert_eq!(e.blocks.len(), 16, "{:#?}", e.blocks);
        assert_eq!(e.title, "The Article");
    }
}

#[test]
fn a_page_heavy_with_scripts_reads_as_it_would_without_them() {
    let (light, heavy) = (sample_page(true), heavy_page());
    assert!(heavy.len() > 15 * light.len());
    let (l, h) = (entry(&light).0, entry(&heavy).0);
    assert_eq!(h.blocks, l.blocks);
    assert_eq!((h.title, h.author, h.date), (l.title, l.author, l.date));
}

/// A page as browsers save it: the sample's article with 100 KB of
/// inline scripts and styles around it.
fn heavy_page() -> String {
    let script = format!(
        "<script>{}</script>",
        "window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);} if (a < b && c > d) { x = '<div>'; }\n"
            .repeat(300)
    );
    let style = format!(
        "<style>{}</style>",
        ".site-header .nav > li a:hover { color: #333; margin: 0 1em; }\n".repeat(250)
    );
    sample_page(true)
        .replace("</head>", &format!("{style}{script}</head>"))
        .replace("</body>", &format!("{script}</body>"))
}
