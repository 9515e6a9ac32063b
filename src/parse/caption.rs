//! Image captions the scraper glued onto the text around them.
//!
//! Owns [`split_glued`]: `Hubble Telescope over EarthFor more than 30 years`
//! -> caption `Hubble Telescope over Earth` + paragraph `For more than 30
//! years`. The rule, applied only at the start of a paragraph: within the
//! first 12 words, a word `LR` where `L` ends in a lowercase letter, digit or
//! `)` and `R` starts with a capital (or an opening quote and a capital) and
//! is a whole word (`For`, `History`, `I`, `It’s`); the caption (all words
//! before plus `L`) has at least 2 words, at most 80 characters, no sentence
//! punctuation, and is title-cased (capitalised words and short function
//! words); `L` is not `Mc`/`Mac`; and the glued word occurs nowhere else in
//! the document and is not a well-known camel-case name (`WordStar`,
//! `iPhone`, `LinkedIn`…), because real inner-capital words repeat.
//!
//! Also [`split_inline`]: a short ALL-CAPS (or Title Case) run between a
//! sentence end and a sentence-starting word, as in `this week? COBOL The
//! lesson`, is a caption glued mid-paragraph.

/// How far into a paragraph a glued caption may end, in words.
const MAX_CAPTION_WORDS: usize = 12;

/// Longest caption, in characters.
const MAX_CAPTION_CHARS: usize = 80;

/// Lowercase words allowed inside a title-cased caption.
const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "nor", "of", "in", "on", "at", "to", "for", "from", "by",
    "with", "over", "under", "into", "onto", "upon", "via", "vs", "as", "per", "off", "out", "up",
    "down", "near", "after", "before", "through", "between", "among", "about", "across", "against",
    "without", "within", "beyond", "behind", "below", "above", "around", "along", "&",
];

/// Real words with an inner capital that must never be split.
const CAMEL_WORDS: &[&str] = &[
    "saas",
    "paas",
    "iaas",
    "wordstar",
    "wordperfect",
    "micropro",
    "microtimes",
    "infoworld",
    "varbusiness",
    "opcon",
    "iphone",
    "ipad",
    "ipod",
    "imac",
    "itunes",
    "icloud",
    "powerpoint",
    "youtube",
    "javascript",
    "typescript",
    "coffeescript",
    "linkedin",
    "mcdonald",
    "mcdonalds",
    "ebay",
    "paypal",
    "github",
    "gitlab",
    "fedex",
    "wordpress",
    "playstation",
    "sharepoint",
    "quickbooks",
    "turbotax",
    "salesforce",
    "hubspot",
    "myspace",
    "facebook",
    "dropbox",
    "whatsapp",
    "autocad",
    "pagemaker",
    "filemaker",
    "mastercard",
    "doubleclick",
    "netsuite",
    "rightnow",
    "servicenow",
    "zendesk",
    "macbook",
    "thinkpad",
    "spacex",
    "blackberry",
    "devops",
    "netware",
    "openoffice",
    "staroffice",
    "visicalc",
    "supercalc",
    "dbase",
    "webex",
    "logmein",
    "compuserve",
    "appleworks",
    "macwrite",
    "hypercard",
    "postscript",
    "truetype",
    "openai",
    "chatgpt",
    "cnet",
    "zdnet",
    "pcworld",
    "macworld",
    "computerworld",
    "networkworld",
    "businessweek",
    "techcrunch",
    "eweek",
    "crm",
    "mysql",
    "postgresql",
    "nasdaq",
    "intellij",
];

/// Sentence-starting words that may follow an inline caption.
const STARTERS: &[&str] = &[
    "The", "A", "An", "This", "That", "These", "Those", "It", "Its", "In", "On", "At", "We", "You",
    "He", "She", "They", "Our", "My", "Your", "Their", "But", "And", "So", "If", "When", "What",
    "How", "Why", "There", "Here", "As", "For", "Today", "Now", "One",
];

/// ALL-CAPS words that are ordinary interjections, not captions.
const CAPS_STOP: &[&str] = &[
    "YES", "NO", "OK", "OKAY", "WOW", "AND", "BUT", "THE", "NOT", "NOW",
];

/// Splits a glued caption off the start of `para`: `(caption, rest)`.
/// `doc` is the whole file's text, used to see whether the glued word is a
/// real word that occurs elsewhere.
pub fn split_glued<'a>(para: &'a str, doc: &str) -> Option<(&'a str, &'a str)> {
    let mut offset = 0;
    for (idx, word) in super::lines::split_spaces(para)
        .enumerate()
        .take(MAX_CAPTION_WORDS)
    {
        let start = offset;
        offset += word.len() + 1;
        if idx >= 1
            && let Some(j) = glue_point(word, doc)
        {
            let cut = start + j;
            let caption = &para[..cut];
            if caption.chars().count() <= MAX_CAPTION_CHARS && cut < para.len() {
                return Some((caption, &para[cut..]));
            }
            return None;
        }
        let first = idx == 0;
        if !caption_word(word, first) {
            return None;
        }
    }
    None
}

/// A word that can be part of a title-cased caption.
fn caption_word(word: &str, first: bool) -> bool {
    let punctuated = word
        .bytes()
        .any(|b| matches!(b, b'.' | b'!' | b'?' | b';' | b':' | b','));
    if word.is_empty() || punctuated {
        return false;
    }
    let capital = word
        .chars()
        .find(|c| c.is_alphanumeric())
        .is_some_and(|c| c.is_uppercase() || c.is_numeric());
    capital || (!first && FUNCTION_WORDS.iter().any(|f| f.eq_ignore_ascii_case(word)))
}

/// Where `word` splits into caption end `L` and sentence start `R`, if it is
/// a glued word (see the module doc).
fn glue_point(word: &str, doc: &str) -> Option<usize> {
    // `R` starts with a capital or a quote mark after the first character:
    // most words have neither (an ASCII test), so they are done at once.
    if !word
        .bytes()
        .skip(1)
        .any(|b| b.is_ascii_uppercase() || b == b'"' || !b.is_ascii())
    {
        return None;
    }
    let mut prev: Option<char> = None;
    for (j, c) in word.char_indices() {
        let Some(p) = prev.replace(c) else {
            continue;
        };
        let joint = p.is_lowercase() || p.is_ascii_digit() || p == ')';
        let opens = c.is_uppercase()
            || (matches!(c, '“' | '"' | '‘')
                && word[j + c.len_utf8()..].starts_with(char::is_uppercase));
        if joint && opens && good_left(&word[..j]) && whole_word(&word[j..]) && lone_word(word, doc)
        {
            return Some(j);
        }
    }
    None
}

/// `L`: a capitalised word, not the `Mc`/`Mac` of a surname.
fn good_left(left: &str) -> bool {
    caption_word(left, false)
        && left.starts_with(|c: char| c.is_uppercase() || c.is_numeric())
        && left != "Mc"
        && left != "Mac"
}

/// `R`: a capitalised whole word (`For`, `History`, `I`, `It’s`), possibly
/// opening with a quote mark, possibly followed by punctuation.
fn whole_word(right: &str) -> bool {
    let r = right.trim_start_matches(['“', '"', '‘']);
    let core = r.trim_end_matches(|c: char| !c.is_alphanumeric());
    let mut chars = core.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    first.is_uppercase()
        && chars.all(|c| c.is_alphabetic() || c == '’' || c == '\'')
        && r[core.len()..].chars().all(|c| !c.is_alphanumeric())
}

/// The glued word is not a known camel-case word and appears only once in
/// the document.
fn lone_word(word: &str, doc: &str) -> bool {
    let core = word.trim_matches(|c: char| !c.is_alphanumeric());
    if CAMEL_WORDS.iter().any(|w| w.eq_ignore_ascii_case(core)) {
        return false;
    }
    let mut count = 0;
    for (i, _) in doc.match_indices(core) {
        let before = doc[..i].chars().next_back();
        let after = doc[i + core.len()..].chars().next();
        if !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric) {
            count += 1;
            if count > 1 {
                return false;
            }
        }
    }
    true
}

/// An inline caption in `para`: byte ranges `(before_end, caption, after_start)`
/// as in `… this week? COBOL The lesson …`.
pub fn split_inline(para: &str) -> Option<(usize, std::ops::Range<usize>, usize)> {
    // One vectorised pass over the sentence ends, in text order. A caption
    // starts with a capital or a digit right after `. `, so most sentence
    // ends are ruled out by two byte checks.
    let b = para.as_bytes();
    memchr::memchr3_iter(b'.', b'?', b'!', b).find_map(|k| {
        let next = *b.get(k + 2)?;
        let may_start = next.is_ascii_uppercase() || next.is_ascii_digit() || !next.is_ascii();
        if b.get(k + 1) != Some(&b' ') || !may_start {
            return None;
        }
        inline_at(para, k)
    })
}

/// The inline caption after the sentence end at byte `k`, if any.
fn inline_at(para: &str, k: usize) -> Option<(usize, std::ops::Range<usize>, usize)> {
    if para.as_bytes().get(k + 1) != Some(&b' ') {
        return None;
    }
    let start = k + 2;
    let len = inline_run(para.get(start..)?)?;
    let enough_words = para[..k].split_whitespace().take(3).count() == 3;
    let abbreviation = para[k..].starts_with('.') && super::title::is_abbreviation(&para[..k]);
    (enough_words && !abbreviation).then(|| (k + 1, start..start + len, start + len + 1))
}

/// Length in bytes of a caption run at the start of `s` that is followed by
/// a sentence starter and a lowercase word.
fn inline_run(s: &str) -> Option<usize> {
    // Most sentences start with an ordinary word: leave before splitting.
    let mut two = super::lines::split_spaces(s);
    let first = two.next().unwrap_or_default();
    let second = two.next().unwrap_or_default();
    let titled_pair = is_title_word(&second) && is_title_word(&first);
    if !(is_caps_word(&first) || titled_pair) {
        return None;
    }
    let mut buf = [""; 8];
    let mut n = 0;
    for w in super::lines::split_spaces(s).take(buf.len()) {
        buf[n] = w;
        n += 1;
    }
    let words = &buf[..n];
    let caps = words.iter().take_while(|w| is_caps_word(w)).count().min(3);
    let titled = words.iter().take_while(|w| is_title_word(w)).count().min(5);
    let run = if caps >= 1 && words[..caps].iter().any(|w| w.len() >= 3) {
        caps
    } else if titled >= 2 {
        titled
    } else {
        return None;
    };
    let starter = words.get(run)?;
    let next = words.get(run + 1)?;
    if !STARTERS.contains(starter) || !next.starts_with(char::is_lowercase) {
        return None;
    }
    let len = words[..run].iter().map(|w| w.len() + 1).sum::<usize>() - 1;
    (s[..len].chars().count() <= 40).then_some(len)
}

fn is_caps_word(w: &&str) -> bool {
    w.len() >= 2
        && w.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && w.chars().any(|c| c.is_ascii_uppercase())
        && !CAPS_STOP.contains(w)
}

fn is_title_word(w: &&str) -> bool {
    let mut chars = w.chars();
    chars.next().is_some_and(char::is_uppercase)
        && chars.all(char::is_lowercase)
        && !STARTERS.contains(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glued(p: &str) -> Option<(&str, &str)> {
        split_glued(p, p)
    }

    #[test]
    fn splits_the_corpus_captions() {
        for (p, cap) in [
            (
                "Hubble Telescope over EarthFor more than 30 years, I’ve",
                "Hubble Telescope over Earth",
            ),
            ("Through the LensI started writing", "Through the Lens"),
            (
                "Under the MicroscopeTo get an immediate view",
                "Under the Microscope",
            ),
            (
                "The BattleshipHistory is full of examples",
                "The Battleship",
            ),
            (
                "A Quiet Harbor“Nothing ever changes,” she said",
                "A Quiet Harbor",
            ),
        ] {
            assert_eq!(glued(p).map(|x| x.0), Some(cap), "{p}");
        }
    }

    #[test]
    fn keeps_real_inner_capital_words() {
        for p in [
            "In the previous SaaS/Cloud & Support Briefing, I called",
            "Using WordStar and WordPerfect at MicroPro was fun.",
            "The old OpCon East/West events put on by Jeffrey",
            "My iPhone and the PowerPoint deck were on YouTube.",
            "Big Mac McDonald ate lunch",
            "The McDonald family came",
            "We used WordStar every day",
        ] {
            assert_eq!(glued(p), None, "{p}");
        }
        let doc = "The FooBar Way of work. Later FooBar grew.";
        assert_eq!(split_glued("The FooBar Way of work.", doc), None);
    }

    #[test]
    fn inline_caption_after_a_question() {
        let p = "Do you know of any openings for senior COBOL programmers this week? COBOL The lesson is clear.";
        let (end, cap, after) = split_inline(p).unwrap();
        assert!(p[..end].ends_with("this week?"));
        assert_eq!(&p[cap], "COBOL");
        assert!(p[after..].starts_with("The lesson"));
        for prose in [
            "Is it true? Yes I think so.",
            "He left. The door closed behind him.",
            "We met in the U.S. The trip was long.",
            "They called. NASA engineers were ready.",
            "Who knew? NO The answer is no.",
        ] {
            assert_eq!(split_inline(prose), None, "{prose}");
        }
    }
}
