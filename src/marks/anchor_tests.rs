//! Finding an anchored passage again: unit cases for each way a text
//! changes, and properties over generated articles.

use super::*;
use proptest::prelude::*;

fn text(blocks: &[&str]) -> EntryText {
    EntryText::from_blocks(blocks.iter().copied())
}

/// The anchor of the first occurrence of `quote` in `t`.
fn anchor_of(t: &EntryText, quote: &str) -> Anchor {
    let at = t.as_str().find(quote).unwrap();
    make(t, at..at + quote.len())
}

/// The text `placement` puts the mark on, if any.
fn placed<'a>(t: &'a EntryText, placement: &Placement) -> Option<&'a str> {
    match placement {
        Placement::Exact(r) | Placement::Moved(r) => Some(&t.as_str()[r.clone()]),
        Placement::Orphan => None,
    }
}

const STORY: [&str; 3] = [
    "The mill stood by the river for a hundred years before the flood.",
    "When the water rose in March, the miller carried his sacks to the loft and waited.",
    "Nobody in the village remembers what became of the wheel.",
];

#[test]
fn make_keeps_the_quote_its_context_and_the_text_hash() {
    let t = text(&STORY);
    let a = anchor_of(&t, "the miller carried his sacks");
    assert_eq!(a.quote, "the miller carried his sacks");
    assert_eq!(a.prefix.chars().count(), CONTEXT_CHARS);
    assert!(a.prefix.ends_with("When the water rose in March, "));
    assert!(a.suffix.starts_with(" to the loft and waited.\n\nN"));
    assert_eq!(a.text_hash, t.hash());
    assert_eq!(&t.as_str()[a.start as usize..a.end as usize], a.quote);
    let first = make(&t, 0..3);
    assert_eq!((first.prefix.as_str(), first.quote.as_str()), ("", "The"));
}

#[test]
fn the_same_text_places_the_mark_exactly() {
    let t = text(&STORY);
    let a = anchor_of(&t, "carried his sacks");
    let at = a.start as usize;
    assert_eq!(locate(&t, &a), Placement::Exact(at..at + a.quote.len()));
}

#[test]
fn a_paragraph_added_before_moves_the_mark_with_its_passage() {
    let a = anchor_of(&text(&STORY), "carried his sacks");
    let t = text(&["A new opening paragraph.", STORY[0], STORY[1], STORY[2]]);
    let placement = locate(&t, &a);
    assert!(matches!(placement, Placement::Moved(_)), "{placement:?}");
    assert_eq!(placed(&t, &placement), Some("carried his sacks"));
}

#[test]
fn punctuation_and_spacing_edits_inside_the_quote_are_followed() {
    let quote = "the miller carried his sacks to the loft and waited";
    let a = anchor_of(&text(&STORY), quote);
    for edited in [
        "When the water rose in March, the miller carried his sacks to the loft, and waited.",
        "When the water rose in March, the miller  carried his sacks to the loft and waited.",
        "When the water rose in March, the miller carried his sacks into the loft and waited.",
    ] {
        let t = text(&[STORY[0], edited, STORY[2]]);
        let placement = locate(&t, &a);
        let got = placed(&t, &placement).unwrap_or_else(|| panic!("orphan in {edited:?}"));
        assert!(similarity(got, quote) >= 0.9, "{got:?} in {edited:?}");
        assert!(
            got.starts_with("the miller") && got.ends_with("waited"),
            "{got:?}"
        );
    }
}

#[test]
fn an_edit_right_beside_the_quote_still_finds_it_by_the_other_side() {
    let quote = "the miller carried his sacks to the loft";
    let a = anchor_of(&text(&STORY), quote);
    let edited =
        "When the flood came in April, the miller carried his sacks to the loft and waited.";
    let t = text(&[STORY[0], edited, STORY[2]]);
    assert_eq!(placed(&t, &locate(&t, &a)), Some(quote));
}

#[test]
fn a_deleted_passage_is_an_orphan() {
    let a = anchor_of(&text(&STORY), "the miller carried his sacks to the loft");
    let t = text(&[STORY[0], STORY[2]]);
    assert_eq!(locate(&t, &a), Placement::Orphan);
}

#[test]
fn a_rewritten_passage_is_an_orphan_not_a_guess() {
    let a = anchor_of(&text(&STORY), "the miller carried his sacks to the loft");
    let edited = "When the water rose in March, the baker hid his bread in the attic and waited.";
    let t = text(&[STORY[0], edited, STORY[2]]);
    assert_eq!(locate(&t, &a), Placement::Orphan);
}

#[test]
fn a_short_quote_without_its_context_is_an_orphan() {
    // "the" is in every paragraph: with both sides changed, no place is
    // the one that was marked.
    let t = text(&STORY);
    let a = anchor_of(&t, "wheel");
    let t2 = text(&["The wheel was sold.", "Then another wheel came."]);
    assert_eq!(locate(&t2, &a), Placement::Orphan);
}

#[test]
fn two_equally_good_places_are_refused() {
    let t = text(&["x echo y"]);
    let a = Anchor {
        start: 7,
        end: 11,
        ..make(&t, 2..6)
    };
    // Both copies are 5 bytes from the old offset, with the same context.
    let t = text(&["x echo y  x echo y"]);
    assert_eq!(locate(&t, &a), Placement::Orphan);
    let nearer = text(&["x echo y x echo y"]);
    assert_eq!(locate(&nearer, &a), Placement::Moved(11..15));
}

#[test]
fn multi_byte_text_is_measured_in_bytes_on_character_boundaries() {
    let before = [
        "Ça commence à Zürich, où l’été dure peu — très peu.",
        "東京の夏は長い。",
    ];
    let t = text(&before);
    let a = anchor_of(&t, "où l’été dure peu");
    assert_eq!(placed(&t, &locate(&t, &a)), Some("où l’été dure peu"));
    let after = [
        "Préface.",
        "Ça commence à Zürich, où l’été dure peu — très peu.",
        "東京の夏は長い。",
    ];
    let t2 = text(&after);
    assert_eq!(placed(&t2, &locate(&t2, &a)), Some("où l’été dure peu"));
    let edited = [
        "Ça commence à Zürich, où l'été dure peu — très peu.",
        "東京の夏は長い。",
    ];
    let t3 = text(&edited);
    assert_eq!(placed(&t3, &locate(&t3, &a)), Some("où l'été dure peu"));
    let kanji = anchor_of(&t, "夏は長");
    assert_eq!(placed(&t2, &locate(&t2, &kanji)), Some("夏は長"));
    // A range inside a character is snapped onto its boundaries.
    assert_eq!(make(&t, 1..3).quote, "Ça", "back to the start of Ç");
}

#[test]
fn empty_and_out_of_range_anchors_never_panic() {
    let t = text(&STORY);
    let empty = make(&t, 5..5);
    assert_eq!(locate(&t, &empty), Placement::Orphan);
    let past = make(&t, 10_000..20_000);
    assert_eq!((past.quote.as_str(), past.start), ("", t.len() as u64));
    let wild = Anchor {
        quote: "river".into(),
        prefix: "x".repeat(500),
        suffix: "ü".repeat(3),
        start: u64::MAX,
        end: 3,
        text_hash: t.hash(),
    };
    assert_eq!(
        placed(&t, &locate(&t, &wild)),
        None,
        "no context agrees with a short quote"
    );
    let long = Anchor {
        quote: "z".repeat(5_000),
        ..wild.clone()
    };
    assert_eq!(locate(&t, &long), Placement::Orphan);
    assert_eq!(locate(&text(&[]), &wild), Placement::Orphan);
    #[allow(clippy::reversed_empty_ranges)]
    let reversed = make(&t, 30..10);
    assert_eq!(reversed.quote, "");
}

// Generated articles: paragraphs of common words (letters a–o), and a
// passage of marker words (letters q–z) that appear nowhere else.
const WORDS: [&str; 12] = [
    "a", "the", "of", "old", "mill", "bank", "in", "long", "field", "and", "held", "each",
];
const MARKS: [&str; 6] = ["quartz", "zephyr", "vortex", "wry", "sync", "xyst"];

fn words(
    pool: &'static [&'static str],
    n: std::ops::Range<usize>,
) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(pool), n).prop_map(|w| w.join(" "))
}

/// An article with a marked passage: paragraphs, the index of the one
/// holding the passage, and the passage's text before and after it in
/// that paragraph.
#[derive(Debug, Clone)]
struct Article {
    paragraphs: Vec<String>,
    at: usize,
    lead: String,
    passage: String,
    tail: String,
}

impl Article {
    fn blocks(&self, passage: &str) -> Vec<String> {
        let mut out = self.paragraphs.clone();
        let p = format!("{} {} {}", self.lead, passage, self.tail);
        out.insert(self.at.min(out.len()), p);
        out
    }

    fn text(&self, passage: &str) -> EntryText {
        EntryText::from_blocks(self.blocks(passage).iter().map(String::as_str))
    }

    /// Where the passage is in `self.text(passage)`.
    fn range(&self, passage: &str) -> Range<usize> {
        let before: usize = self.blocks(passage)[..self.at.min(self.paragraphs.len())]
            .iter()
            .map(|p| p.len() + 2)
            .sum();
        let start = before + self.lead.len() + 1;
        start..start + passage.len()
    }
}

fn article() -> impl Strategy<Value = Article> {
    (
        prop::collection::vec(words(&WORDS, 3..16), 1..6),
        0usize..6,
        words(&WORDS, 1..8),
        words(&MARKS, 3..9),
        words(&WORDS, 1..8),
    )
        .prop_map(|(paragraphs, at, lead, passage, tail)| Article {
            at: at.min(paragraphs.len()),
            paragraphs,
            lead,
            passage,
            tail,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn a_mark_made_on_a_text_is_exact_on_that_text(
        blocks in prop::collection::vec("\\PC{0,40}", 0..5),
        a in 0usize..300,
        b in 0usize..300,
    ) {
        let t = EntryText::from_blocks(blocks.iter().map(String::as_str));
        let range = t.snap_range(a.min(b)..a.max(b));
        let anchor = make(&t, range.clone());
        let expected = if range.is_empty() { Placement::Orphan } else { Placement::Exact(range) };
        prop_assert_eq!(locate(&t, &anchor), expected);
    }

    #[test]
    fn a_mark_in_place_is_where_locate_puts_it(
        blocks in prop::collection::vec("[ab .]{0,30}", 1..4),
        a in 0.0f64..1.0,
        b in 0.0f64..1.0,
        near in -6isize..6,
        cut in 0usize..3,
        put in "[ab .]{0,3}",
    ) {
        // Made on one text, checked on an edit next to the passage (or in
        // it), alone and beside a copy of the text, whose passage has all
        // its context: the fast check declines or agrees with the full
        // search, never differs.
        let before = EntryText::from_blocks(blocks.iter().map(String::as_str));
        let at = |f: f64| (f * before.len() as f64) as usize;
        let anchor = make(&before, before.snap_range(at(a.min(b))..at(a.max(b))));
        let mut edited = before.as_str().to_string();
        let spot = if near < 0 { anchor.start as usize } else { anchor.end as usize };
        let spot = spot.saturating_add_signed(near).min(edited.len());
        edited.replace_range(spot..(spot + cut).min(edited.len()), &put);
        let copied = format!("{edited}\n\n{}", before.as_str());
        for now in [before.as_str(), &edited, &copied] {
            // One block holding the separators reads as the joined blocks.
            let e = crate::model::Entry::with_blocks(vec![crate::model::Block::paragraph(now)]);
            let fast = in_place(&Outline::of(&e), &anchor);
            if now == before.as_str() {
                // On the text it was made on, every mark is in place.
                prop_assert_eq!(fast.is_some(), !anchor.quote.is_empty());
            }
            let Some(range) = fast else { continue };
            let full = match locate(&EntryText::of(&e), &anchor) {
                Placement::Exact(r) | Placement::Moved(r) => Some(r),
                Placement::Orphan => None,
            };
            prop_assert_eq!(Some(range), full, "in {:?}", now);
        }
    }

    #[test]
    fn paragraphs_added_or_removed_elsewhere_move_the_mark_to_its_passage(
        article in article(),
        extra in words(&WORDS, 1..10),
        at in 0usize..8,
        remove in any::<bool>(),
    ) {
        let anchor = make(&article.text(&article.passage), article.range(&article.passage));
        let mut edited = article.clone();
        let n = edited.paragraphs.len();
        if remove && n > 1 {
            let i = at % n;
            edited.paragraphs.remove(i);
            if i < edited.at { edited.at -= 1; }
        } else {
            let i = at % (n + 1);
            edited.paragraphs.insert(i, extra);
            if i < edited.at { edited.at += 1; }
        }
        let t = edited.text(&edited.passage);
        let now = make(&t, edited.range(&edited.passage));
        let placement = locate(&t, &anchor);
        let expected = Placement::Moved(edited.range(&edited.passage));
        if now.prefix == anchor.prefix && now.suffix == anchor.suffix {
            prop_assert_eq!(placement, expected);
        } else {
            // An edit within the context: followed, or left an orphan.
            prop_assert!(placement == expected || placement == Placement::Orphan, "{:?}", placement);
        }
    }

    #[test]
    fn a_deleted_passage_leaves_an_orphan(article in article()) {
        let anchor = make(&article.text(&article.passage), article.range(&article.passage));
        let t = article.text("");
        prop_assert_eq!(locate(&t, &anchor), Placement::Orphan);
    }

    #[test]
    fn a_changed_word_in_a_long_quote_is_followed_or_orphaned_never_misplaced(
        article in article(),
        word in 0usize..9,
        replacement in prop::sample::select(&MARKS),
    ) {
        let anchor = make(&article.text(&article.passage), article.range(&article.passage));
        let mut w: Vec<&str> = article.passage.split(' ').collect();
        let i = word % w.len();
        w[i] = replacement;
        let changed = w.join(" ");
        let t = article.text(&changed);
        match locate(&t, &anchor) {
            Placement::Moved(r) => {
                let got = &t.as_str()[r.clone()];
                prop_assert!(similarity(got, &changed) >= 0.8, "{:?} for {:?}", got, changed);
                let there = article.range(&changed);
                prop_assert!(r.start < there.end && there.start < r.end, "{:?} is not {:?}", r, there);
            }
            Placement::Orphan => {}
            Placement::Exact(r) => prop_assert!(changed == article.passage, "exact {:?}", r),
        }
    }

    #[test]
    fn a_copy_of_the_passage_elsewhere_does_not_take_the_mark(
        article in article(),
        target in 0usize..6,
        cut in 0usize..16,
    ) {
        prop_assume!(!article.paragraphs.is_empty());
        let anchor = make(&article.text(&article.passage), article.range(&article.passage));
        let mut copied = article.clone();
        let q = target % copied.paragraphs.len();
        let para: Vec<&str> = copied.paragraphs[q].split(' ').collect();
        let k = cut % (para.len() + 1);
        let with_copy = [&para[..k], &[article.passage.as_str()], &para[k..]].concat().join(" ");
        copied.paragraphs[q] = with_copy;
        let t = copied.text(&copied.passage);
        let now = make(&t, copied.range(&copied.passage));
        prop_assume!(now.prefix == anchor.prefix && now.suffix == anchor.suffix);
        prop_assert_eq!(locate(&t, &anchor), Placement::Moved(copied.range(&copied.passage)));
    }
}
