//! Reading on from an entry: the next or previous entry in time, a random
//! entry, and "this day in the archive" (the entries of today's day and
//! month in other years).
//!
//! Canonical order is time order (date, then id; undated last), so within
//! any set of canonical indexes the next entry in time is the smallest
//! index above the open one. Undated entries have no place in time: they
//! are never a step, and from one there is none.

use crate::archive::{Archive, NO_DATE};
use chrono::{Datelike, NaiveDate};

/// Which entries a step in time may land on.
#[derive(Debug, Clone, Copy)]
pub enum Among<'a> {
    /// Every entry of the archive.
    Archive,
    /// The entries of a list (canonical indexes in any order: the list's
    /// own sort does not matter).
    List(&'a [u32]),
}

/// Which way to step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Next,
    Previous,
}

fn dated(archive: &Archive, ix: u32) -> bool {
    archive
        .day_col
        .get(ix as usize)
        .is_some_and(|&d| d != NO_DATE)
}

/// The entry after (or before) `from` in time among `among`; `None` at
/// either end, and from an undated entry.
pub fn step_in_time(archive: &Archive, among: Among<'_>, from: u32, step: Step) -> Option<u32> {
    if !dated(archive, from) {
        return None;
    }
    let better = |ix: u32, best: Option<u32>| match step {
        Step::Next => ix > from && best.is_none_or(|b| ix < b),
        Step::Previous => ix < from && best.is_none_or(|b| ix > b),
    };
    let found = match among {
        Among::Archive => match step {
            Step::Next => from.checked_add(1),
            Step::Previous => from.checked_sub(1),
        },
        Among::List(list) => list.iter().fold(
            None,
            |best, &ix| if better(ix, best) { Some(ix) } else { best },
        ),
    };
    found.filter(|&ix| dated(archive, ix))
}

/// A random entry among `among`, other than `except`, picked by `seed`
/// (the caller's: the time, or a fixed one in tests).
pub fn random_entry(
    archive: &Archive,
    among: Among<'_>,
    except: Option<u32>,
    seed: u64,
) -> Option<u32> {
    let all: Vec<u32>;
    let pool: &[u32] = match among {
        Among::List(list) => list,
        Among::Archive => {
            all = (0..archive.len() as u32).collect();
            &all
        }
    };
    let others = pool.len() - except.map_or(0, |e| pool.iter().filter(|&&ix| ix == e).count());
    if others == 0 {
        return None;
    }
    let pick = xxhash_rust::xxh3::xxh3_64(&seed.to_le_bytes()) % others as u64;
    pool.iter()
        .copied()
        .filter(|&ix| Some(ix) != except)
        .nth(pick as usize)
}

/// The entries dated on `today`'s day and month in other years, oldest
/// first (29 February matches only itself).
pub fn this_day(archive: &Archive, today: NaiveDate) -> Vec<u32> {
    let (month, day, year) = (today.month(), today.day(), today.year());
    (archive.entries().iter().enumerate())
        .filter(|(_, e)| {
            e.date
                .is_some_and(|d| d.month() == month && d.day() == day && d.year() != year)
        })
        .map(|(ix, _)| ix as u32)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::tests::sample;

    fn id(a: &Archive, ix: Option<u32>) -> Option<&str> {
        Some(a.get(ix?)?.id.as_str())
    }

    #[test]
    fn next_and_previous_in_time_walk_the_archive_by_date_and_stop_at_undated() {
        // Canonical order: a b d c u0 u1 (a and b share a day).
        let a = sample();
        let ix = |s| a.index_of(s).unwrap();
        let go = |from, step| id(&a, step_in_time(&a, Among::Archive, ix(from), step));
        assert_eq!(go("a", Step::Next), Some("b"));
        assert_eq!(go("d", Step::Next), Some("c"));
        assert_eq!(go("c", Step::Next), None);
        assert_eq!(go("a", Step::Previous), None);
        assert_eq!(go("c", Step::Previous), Some("d"));
        assert_eq!(go("u0", Step::Previous), None);
    }

    #[test]
    fn a_step_in_a_list_skips_what_the_list_leaves_out_whatever_its_order() {
        let a = sample();
        let ix = |s| a.index_of(s).unwrap();
        let list = [ix("c"), ix("a"), ix("u0")];
        let go = |from, step| id(&a, step_in_time(&a, Among::List(&list), ix(from), step));
        assert_eq!(go("a", Step::Next), Some("c"));
        assert_eq!(go("c", Step::Previous), Some("a"));
        assert_eq!(go("c", Step::Next), None);
    }

    #[test]
    fn a_random_entry_is_never_the_open_one_and_covers_the_others() {
        let a = sample();
        let open = a.index_of("d").unwrap();
        let seen: std::collections::BTreeSet<u32> = (0..200)
            .filter_map(|seed| random_entry(&a, Among::Archive, Some(open), seed))
            .collect();
        assert!(!seen.contains(&open));
        assert_eq!(seen.len(), a.len() - 1);
        assert_eq!(random_entry(&a, Among::List(&[open]), Some(open), 7), None);
        assert_eq!(random_entry(&a, Among::List(&[]), None, 7), None);
    }

    #[test]
    fn this_day_finds_the_same_day_and_month_in_other_years_only() {
        let a = sample();
        let day = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let ids = |v: Vec<u32>| -> Vec<String> {
            v.iter().map(|&i| a.get(i).unwrap().id.clone()).collect()
        };
        assert_eq!(ids(this_day(&a, day("2026-03-24"))), ["a", "b"]);
        assert_eq!(ids(this_day(&a, day("2007-03-24"))), Vec::<String>::new());
        assert_eq!(ids(this_day(&a, day("2026-05-15"))), ["c"]);
        assert_eq!(ids(this_day(&a, day("2026-05-16"))), Vec::<String>::new());
    }
}
