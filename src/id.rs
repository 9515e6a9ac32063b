//! Stable entry ids: a readable slug of the title plus a short content hash.
//!
//! An id is `[a-z0-9-]`, derived only from the entry itself (its file's bytes
//! and its position on the page), so it is the same on every run and machine
//! and does not change when other folders are loaded. Exact duplicates (the
//! same file twice) are told apart by [`make_unique`], ordered by source path.

use std::collections::HashMap;

/// Longest slug part of an id, in bytes (the hash adds 9 more).
pub const SLUG_MAX: usize = 48;

/// A stable 64-bit hash of a file's bytes (xxh3 is specified and
/// platform-independent, unlike `std`'s `DefaultHasher`).
pub fn content_hash(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

/// Builds an id from a title, the file's content hash and the entry's part
/// number on its page (0 for a whole article).
pub fn make_id(title: &str, file_hash: u64, part: u32) -> String {
    let mixed = if part == 0 {
        file_hash
    } else {
        xxhash_rust::xxh3::xxh3_64_with_seed(&file_hash.to_le_bytes(), u64::from(part))
    };
    let slug = slugify(title, SLUG_MAX);
    let hash = format!("{:08x}", (mixed >> 32) as u32);
    if slug.is_empty() {
        format!("entry-{hash}")
    } else {
        format!("{slug}-{hash}")
    }
}

/// Lowercase ASCII slug of `text`: letters and digits kept (common accented
/// Latin letters folded to ASCII), everything else a single `-`, cut at a
/// word boundary to at most `max` bytes.
pub fn slugify(text: &str, max: usize) -> String {
    let mut out = String::with_capacity(text.len().min(max + 8));
    let mut pending_dash = false;
    for c in text.chars().flat_map(fold_char) {
        if c.is_ascii_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push(c.to_ascii_lowercase());
        } else if c == '\'' || c == '’' {
            // "It’s" -> "its", not "it-s".
        } else {
            pending_dash = true;
        }
    }
    if out.len() > max {
        let cut = out[..=max].rfind('-').unwrap_or(max);
        out.truncate(cut);
    }
    out.trim_matches('-').to_string()
}

/// Folds a character to ASCII where there is an obvious equivalent.
fn fold_char(c: char) -> impl Iterator<Item = char> {
    let s: &str = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => "a",
        'æ' | 'Æ' => "ae",
        'ç' | 'Ç' => "c",
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => "i",
        'ñ' | 'Ñ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => "o",
        'œ' | 'Œ' => "oe",
        'ß' => "ss",
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => "u",
        'ý' | 'ÿ' | 'Ý' => "y",
        _ => "",
    };
    let single = if s.is_empty() { Some(c) } else { None };
    s.chars().chain(single)
}

/// Makes ids unique in place: the first holder (by `source`, then position)
/// keeps the id, later ones get `-2`, `-3`, ... The input order must be
/// deterministic (callers sort by source first).
pub fn make_unique(ids: &mut [String]) {
    // Usually every id is unique already: find out without copying them.
    let mut distinct: std::collections::HashSet<&str> =
        std::collections::HashSet::with_capacity(ids.len());
    if ids.iter().all(|id| distinct.insert(id)) {
        return;
    }
    drop(distinct);
    let mut seen: HashMap<String, u32> = HashMap::with_capacity(ids.len());
    for id in ids.iter_mut() {
        let n = seen.entry(id.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            let mut k = *n;
            loop {
                let candidate = format!("{id}-{k}");
                if !seen.contains_key(&candidate) {
                    seen.insert(candidate.clone(), 1);
                    *id = candidate;
                    break;
                }
                k += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_slug(s: &str) -> bool {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !s.starts_with('-')
            && !s.ends_with('-')
    }

    #[test]
    fn slug_is_lowercase_ascii_and_short() {
        assert_eq!(
            slugify("It’s Time for Something New", 48),
            "its-time-for-something-new"
        );
        assert_eq!(slugify("Café — Ünïcode!", 48), "cafe-unicode");
        let long = slugify(&"word ".repeat(40), 48);
        assert!(long.len() <= 48 && is_slug(&long), "{long}");
    }

    #[test]
    fn ids_are_stable_and_valid() {
        let h = content_hash(b"hello");
        assert_eq!(make_id("A Title", h, 0), make_id("A Title", h, 0));
        assert_ne!(make_id("A Title", h, 1), make_id("A Title", h, 2));
        assert!(is_slug(&make_id("日本語", h, 0)));
        assert!(make_id("日本語", h, 0).starts_with("entry-"));
        // xxh3 is specified: this value must never change between builds.
        assert_eq!(content_hash(b"hello"), 0x9555e8555c62dcfd);
    }

    #[test]
    fn duplicates_get_suffixes() {
        let mut ids = vec!["a".to_string(), "a".into(), "a-2".into(), "b".into()];
        make_unique(&mut ids);
        let mut sorted = ids.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), 4, "{ids:?}");
        assert_eq!(ids[0], "a");
    }
}
