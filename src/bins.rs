//! Entries counted into time bins, for the timeline chart and `timeline`.
//!
//! A set of entries is first reduced to [`DayCounts`]: entries per dated
//! day, one scan of the archive's day column. Every binning after that
//! works on those distinct days (a few thousand for eight years of daily
//! issues), so the chart can bin again on any frame, after a zoom or a
//! resize, without touching the archive. [`Bins`] counts every period of a
//! span, the empty ones included, so bars stand at their dates and a gap is
//! a gap. [`choose`] picks the bin size from the span and the room the
//! chart has, keeping the reader's [`BinChoice`] when its bars fit, and
//! [`ticks`] picks the calendar boundaries the axis labels.

use crate::archive::{Archive, NO_DATE};
use crate::period::{Granularity, Period};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// An inclusive range of days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Span {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

impl Span {
    /// The days between two days, given in either order.
    pub fn new(a: NaiveDate, b: NaiveDate) -> Span {
        Span {
            first: a.min(b),
            last: a.max(b),
        }
    }

    /// The days of a period.
    pub fn of(p: Period) -> Option<Span> {
        p.bounds().map(|(first, last)| Span { first, last })
    }

    /// Days in the span, both ends counted.
    pub fn days(self) -> i64 {
        (self.last - self.first).num_days() + 1
    }

    /// How many periods of `by` the span touches.
    pub fn bins(self, by: Granularity) -> usize {
        let (first, last) = self.keys(by);
        (i64::from(last) - i64::from(first) + 1) as usize
    }

    /// The keys of the first and last periods of `by` the span touches.
    fn keys(self, by: Granularity) -> (i32, i32) {
        (by.key_of(self.first), by.key_of(self.last))
    }
}

/// A set of entries by day: how many fall on each dated day, and how many
/// have no date.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DayCounts {
    /// (day from CE, entries) for each day that has entries, ascending.
    days: Vec<(i32, usize)>,
    dated: usize,
    undated: usize,
}

impl DayCounts {
    /// Counts a list of dates, `None` for an undated entry.
    pub fn from_dates(dates: impl IntoIterator<Item = Option<NaiveDate>>) -> DayCounts {
        let mut days: Vec<i32> = dates
            .into_iter()
            .map(|d| d.map_or(NO_DATE, |d| d.num_days_from_ce()))
            .collect();
        days.sort_unstable();
        DayCounts::from_sorted(days)
    }

    /// Counts days given in ascending order ([`NO_DATE`] for undated).
    fn from_sorted(days: impl IntoIterator<Item = i32>) -> DayCounts {
        let mut out = DayCounts::default();
        for day in days {
            if day == NO_DATE {
                out.undated += 1;
                continue;
            }
            out.dated += 1;
            match out.days.last_mut() {
                Some((last, n)) if *last == day => *n += 1,
                _ => out.days.push((day, 1)),
            }
        }
        out
    }

    /// Entries with a date.
    pub fn dated(&self) -> usize {
        self.dated
    }

    /// Entries without a date.
    pub fn undated(&self) -> usize {
        self.undated
    }

    /// From the first dated entry's day to the last's.
    pub fn span(&self) -> Option<Span> {
        let first = day_to_date(self.days.first()?.0)?;
        let last = day_to_date(self.days.last()?.0)?;
        Some(Span { first, last })
    }

    /// Entries per period of `by`, for every period the span touches
    /// (whole periods: a week that starts before the span counts its
    /// Monday's entries too).
    pub fn bins(&self, by: Granularity, span: Span) -> Bins {
        let (first, last) = span.keys(by);
        let mut counts = vec![0; span.bins(by)];
        let start = Period::from_key(by, first)
            .and_then(Period::bounds)
            .map_or(span.first, |b| b.0)
            .num_days_from_ce();
        let from = self.days.partition_point(|&(day, _)| day < start);
        for &(day, n) in &self.days[from..] {
            let key = by.key_of_day(day);
            if key > last {
                break;
            }
            counts[(key - first) as usize] += n;
        }
        Bins { by, first, counts }
    }

    /// Entries per period of `by` that has any, in time order; the undated
    /// entries (`None`) last.
    pub fn periods(&self, by: Granularity) -> Vec<(Option<Period>, usize)> {
        let mut out: Vec<(Option<Period>, usize)> = Vec::new();
        for &(day, n) in &self.days {
            let Some(date) = day_to_date(day) else {
                continue;
            };
            let period = Period::of(date, by);
            match out.last_mut() {
                Some((Some(last), count)) if *last == period => *count += n,
                _ => out.push((Some(period), n)),
            }
        }
        if self.undated > 0 {
            out.push((None, self.undated));
        }
        out
    }
}

fn day_to_date(day: i32) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(day)
}

/// Entries per period over a span, one count per period from the first to
/// the last, empty periods included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bins {
    by: Granularity,
    /// The first period's key.
    first: i32,
    counts: Vec<usize>,
}

impl Bins {
    pub fn granularity(&self) -> Granularity {
        self.by
    }

    pub fn len(&self) -> usize {
        self.counts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }

    /// Entries per period, in time order.
    pub fn counts(&self) -> &[usize] {
        &self.counts
    }

    /// The `i`-th period.
    pub fn period(&self, i: usize) -> Option<Period> {
        let key = self.first.checked_add(i32::try_from(i).ok()?)?;
        Period::from_key(self.by, key)
    }

    /// The place of the period that holds `date`, if it is one of these.
    pub fn index_of(&self, date: NaiveDate) -> Option<usize> {
        let i = i64::from(self.by.key_of(date)) - i64::from(self.first);
        usize::try_from(i).ok().filter(|&i| i < self.len())
    }

    /// From the first period's first day to the last period's last day.
    pub fn span(&self) -> Option<Span> {
        let first = self.period(0)?.bounds()?.0;
        let last = self.period(self.len().checked_sub(1)?)?.bounds()?.1;
        Some(Span { first, last })
    }
}

/// How the reader wants the timeline binned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum BinChoice {
    /// Chosen from the span and the room the chart has.
    #[default]
    Auto,
    /// This size, as long as its bars fit.
    Fixed(Granularity),
}

impl BinChoice {
    /// Automatic first, then every size from the coarsest.
    pub const ALL: [BinChoice; 7] = [
        BinChoice::Auto,
        BinChoice::Fixed(Granularity::Decade),
        BinChoice::Fixed(Granularity::Year),
        BinChoice::Fixed(Granularity::Quarter),
        BinChoice::Fixed(Granularity::Month),
        BinChoice::Fixed(Granularity::Week),
        BinChoice::Fixed(Granularity::Day),
    ];
}

/// How many bars a chart has room for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Room {
    /// At the thinnest bar that can still be told from its neighbours: the
    /// most a size the reader chose may need.
    pub most: usize,
    /// At a comfortable width: the most an automatic choice may need.
    pub comfortable: usize,
}

/// The bin size for `span`: the reader's fixed size when its bars fit in
/// `room.most`, else the finest size whose bars do (coarser than the one
/// chosen); for [`BinChoice::Auto`], the finest that fits comfortably. A
/// span too long for even decades gets decades.
pub fn choose(span: Span, room: Room, choice: BinChoice) -> Granularity {
    let finest_within = |most: usize| {
        Granularity::ALL
            .into_iter()
            .rev()
            .find(|&g| span.bins(g) <= most)
            .unwrap_or(Granularity::Decade)
    };
    match choice {
        BinChoice::Auto => finest_within(room.comfortable),
        BinChoice::Fixed(g) if span.bins(g) <= room.most => g,
        BinChoice::Fixed(_) => finest_within(room.most),
    }
}

/// Tick steps, finest first: every `n`-th period of a size, counted from
/// key 0, so the ticks fall on round dates (January, April, July and
/// October; years ending in 0 or 5).
const STEPS: [(Granularity, i32); 15] = [
    (Granularity::Day, 1),
    (Granularity::Week, 1),
    (Granularity::Month, 1),
    (Granularity::Month, 3),
    (Granularity::Month, 6),
    (Granularity::Year, 1),
    (Granularity::Year, 2),
    (Granularity::Year, 5),
    (Granularity::Year, 10),
    (Granularity::Year, 20),
    (Granularity::Year, 50),
    (Granularity::Year, 100),
    (Granularity::Year, 200),
    (Granularity::Year, 500),
    (Granularity::Year, 1000),
];

/// The axis's ticks over `span`: the periods of the finest step that
/// leaves at most `room` ticks, each standing at its first day, which lies
/// in the span (the coarsest step when none leaves so few).
pub fn ticks(span: Span, room: usize) -> Vec<Period> {
    // The multiples of n among the keys of the periods that start in the span.
    let multiples = |(by, n): (Granularity, i32)| {
        let (mut first, last) = span.keys(by);
        let start = Period::from_key(by, first).and_then(Period::bounds);
        if start.map(|b| b.0) != Some(span.first) {
            first += 1;
        }
        (-(-first).div_euclid(n), last.div_euclid(n))
    };
    let fits = |step: &(Granularity, i32)| {
        let (lo, hi) = multiples(*step);
        i64::from(hi) - i64::from(lo) < room as i64
    };
    let step = STEPS
        .into_iter()
        .find(fits)
        .unwrap_or(STEPS[STEPS.len() - 1]);
    let (lo, hi) = multiples(step);
    (lo..=hi)
        .filter_map(|m| Period::from_key(step.0, m.checked_mul(step.1)?))
        .collect()
}

impl Archive {
    /// The entries `ixs` by day. One pass when `ixs` is in canonical
    /// order (which is date order), as every filter returns it; a sort
    /// otherwise.
    pub fn day_counts(&self, ixs: &[u32]) -> DayCounts {
        let day = |i: &u32| self.day_col[*i as usize];
        if ixs.is_sorted_by_key(day) {
            return DayCounts::from_sorted(ixs.iter().map(day));
        }
        let mut days: Vec<i32> = ixs.iter().map(day).collect();
        days.sort_unstable();
        DayCounts::from_sorted(days)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::tests::sample;
    use crate::query::Filter;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn span(a: &str, b: &str) -> Span {
        Span::new(d(a), d(b))
    }

    /// Entries on these days ("undated" for an entry without a date).
    fn on(days: &[&str]) -> DayCounts {
        DayCounts::from_dates(days.iter().map(|s| (*s != "undated").then(|| d(s))))
    }

    /// The chart's room at a width in points (see the app's timeline).
    fn room(width: usize) -> Room {
        Room {
            most: width / 3,
            comfortable: width / 8,
        }
    }

    #[test]
    fn day_counts_of_an_archive_in_any_order() {
        let a = sample();
        let all = a.filter(&Filter::default());
        let counts = a.day_counts(&all);
        assert_eq!((counts.dated(), counts.undated()), (4, 2));
        assert_eq!(counts.span(), Some(span("2007-03-24", "2008-05-15")));
        let mut shuffled = all.clone();
        shuffled.reverse();
        assert_eq!(a.day_counts(&shuffled), counts);
        assert_eq!(a.day_counts(&[]), DayCounts::default());
        assert_eq!(DayCounts::default().span(), None);
    }

    #[test]
    fn bins_count_every_period_of_the_span_with_gaps_left_empty() {
        let counts = on(&["1857-06-01", "2001-09-11", "2001-01-01", "undated"]);
        let by_decade = counts.bins(Granularity::Decade, counts.span().unwrap());
        assert_eq!(by_decade.len(), 16);
        assert_eq!(by_decade.period(0), Some(Period::Decade(1850)));
        assert_eq!(by_decade.period(15), Some(Period::Decade(2000)));
        let mut expected = vec![0; 16];
        expected[0] = 1;
        expected[15] = 2;
        assert_eq!(by_decade.counts(), expected);
        assert_eq!(by_decade.index_of(d("1999-12-31")), Some(14));
        assert_eq!(by_decade.index_of(d("2010-01-01")), None);
        assert_eq!(by_decade.span(), Some(span("1850-01-01", "2009-12-31")));

        // A span that starts mid-week counts the whole week.
        let week = on(&["2007-03-19", "2007-03-25"]);
        let bins = week.bins(Granularity::Week, span("2007-03-24", "2007-04-01"));
        assert_eq!(bins.counts(), [2, 0]);
        assert_eq!(bins.period(1), Some(Period::Week(2007, 13)));
        // Days outside the span's periods are left out.
        let bins = counts.bins(Granularity::Year, span("1900-01-01", "2001-06-30"));
        assert_eq!((bins.len(), bins.counts()[101]), (102, 2));
        assert_eq!(bins.counts().iter().sum::<usize>(), 2);
    }

    #[test]
    fn periods_list_the_periods_that_have_entries() {
        let counts = on(&[
            "2007-03-24",
            "2007-03-24",
            "2007-12-31",
            "2008-01-01",
            "undated",
        ]);
        assert_eq!(
            counts.periods(Granularity::Quarter),
            [
                (Some(Period::Quarter(2007, 1)), 2),
                (Some(Period::Quarter(2007, 4)), 1),
                (Some(Period::Quarter(2008, 1)), 1),
                (None, 1)
            ]
        );
        assert_eq!(
            counts.periods(Granularity::Decade),
            [(Some(Period::Decade(2000)), 4), (None, 1)]
        );
    }

    #[test]
    fn bin_size_follows_the_span_and_the_width() {
        use BinChoice::{Auto, Fixed};
        use Granularity::*;
        let two_years = span("2007-01-12", "2008-11-30");
        let two_centuries = span("1801-04-02", "2009-10-30");
        let eight_years = span("2001-01-01", "2008-12-31");
        let narrow = room(400);
        assert_eq!(choose(two_years, narrow, Auto), Month);
        assert_eq!(choose(two_centuries, narrow, Auto), Decade);
        assert_eq!(choose(eight_years, narrow, Auto), Quarter);
        assert_eq!(choose(eight_years, room(900), Auto), Month);
        assert_eq!(choose(span("2007-03-01", "2007-03-10"), narrow, Auto), Day);
        // The reader's choice is kept while its bars fit...
        assert_eq!(choose(eight_years, narrow, Fixed(Month)), Month);
        assert_eq!(choose(two_years, narrow, Fixed(Decade)), Decade);
        assert_eq!(choose(two_centuries, room(900), Fixed(Year)), Year);
        // ...and gives way to the finest size that fits when they do not.
        assert_eq!(choose(eight_years, narrow, Fixed(Day)), Month);
        assert_eq!(choose(two_centuries, narrow, Fixed(Year)), Decade);
        let ages = span("0100-01-01", "2000-01-01");
        assert_eq!(choose(ages, narrow, Fixed(Year)), Decade);
    }

    #[test]
    fn ticks_fall_on_round_dates_inside_the_span() {
        let shown = |s: Span, room: usize| -> Vec<String> {
            ticks(s, room).iter().map(Period::to_string).collect()
        };
        assert_eq!(
            shown(span("1801-04-02", "2009-10-30"), 6),
            ["1850", "1900", "1950", "2000"]
        );
        assert_eq!(
            shown(span("1800-01-01", "2009-10-30"), 6),
            ["1800", "1850", "1900", "1950", "2000"]
        );
        assert_eq!(
            shown(span("2007-01-01", "2008-12-31"), 8),
            [
                "2007-01", "2007-04", "2007-07", "2007-10", "2008-01", "2008-04", "2008-07",
                "2008-10"
            ]
        );
        assert_eq!(
            shown(span("2007-03-24", "2007-04-10"), 5),
            ["2007-W13", "2007-W14", "2007-W15"]
        );
        assert_eq!(shown(span("2007-03-24", "2007-03-26"), 5).len(), 3);
        for room in [1, 3, 10, 40] {
            let n = ticks(span("2001-01-01", "2008-12-31"), room).len();
            assert!(n <= room && n > 0, "{n} ticks for room {room}");
        }
    }
}
