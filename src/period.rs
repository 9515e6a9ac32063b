//! Calendar periods of the timeline: [`Granularity`] (a bin size, from a
//! decade down to a day) and [`Period`] (one decade, year, quarter, month,
//! ISO week or day) with its first and last days.
//!
//! Each granularity numbers its periods with a *key*
//! ([`Granularity::key_of_day`]): consecutive periods have consecutive keys,
//! so the chart lays bins out by key and a gap in the keys is a gap in time.

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// Timeline bin size, coarsest first (the derived order is that order).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
pub enum Granularity {
    /// Ten years from a year ending in 0.
    Decade,
    #[default]
    Year,
    Quarter,
    Month,
    /// An ISO week, Monday to Sunday.
    Week,
    Day,
}

impl Granularity {
    /// Every bin size, coarsest first.
    pub const ALL: [Granularity; 6] = [
        Granularity::Decade,
        Granularity::Year,
        Granularity::Quarter,
        Granularity::Month,
        Granularity::Week,
        Granularity::Day,
    ];

    /// The key of the period that holds `day` (days from CE, as
    /// [`NaiveDate::num_days_from_ce`] counts them and the archive's day
    /// column holds them).
    pub fn key_of_day(self, day: i32) -> i32 {
        match self {
            Granularity::Day => day,
            // Day 1, 0001-01-01, is a Monday.
            Granularity::Week => (day - 1).div_euclid(7),
            coarse => {
                let date = NaiveDate::from_num_days_from_ce_opt(day).unwrap_or(NaiveDate::MIN);
                coarse.key_of_month(date.year() * 12 + date.month0() as i32)
            }
        }
    }

    /// The key of the period that holds `date`.
    pub fn key_of(self, date: NaiveDate) -> i32 {
        self.key_of_day(date.num_days_from_ce())
    }

    /// The key of a period at least a month long from a month's index
    /// (`year * 12 + month0`); weeks and days are not made of months.
    fn key_of_month(self, month: i32) -> i32 {
        match self {
            Granularity::Decade => month.div_euclid(120),
            Granularity::Year => month.div_euclid(12),
            Granularity::Quarter => month.div_euclid(3),
            Granularity::Month | Granularity::Week | Granularity::Day => month,
        }
    }
}

/// One period of the timeline.
///
/// The first two variants are the original ones: their order and their
/// serialized names are kept, so saved filters and the CLI's output read
/// as before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Period {
    Year(i32),
    /// Year and month (1-12).
    Month(i32, u32),
    /// The decade that starts with this year (a multiple of ten).
    Decade(i32),
    /// Year and quarter (1-4).
    Quarter(i32, u32),
    /// ISO week-numbering year and week (1-53).
    Week(i32, u32),
    Day(NaiveDate),
}

impl Period {
    /// The period of a day.
    pub fn of(date: NaiveDate, by: Granularity) -> Period {
        match by {
            Granularity::Decade => Period::Decade(date.year() - date.year().rem_euclid(10)),
            Granularity::Year => Period::Year(date.year()),
            Granularity::Quarter => Period::Quarter(date.year(), date.month0() / 3 + 1),
            Granularity::Month => Period::Month(date.year(), date.month()),
            Granularity::Week => {
                let week = date.iso_week();
                Period::Week(week.year(), week.week())
            }
            Granularity::Day => Period::Day(date),
        }
    }

    /// The period with this key (see [`Granularity::key_of_day`]); `None`
    /// outside the calendar's range.
    pub fn from_key(by: Granularity, key: i32) -> Option<Period> {
        let month = |per: i32| {
            let m = key.checked_mul(per)?;
            NaiveDate::from_ymd_opt(m.div_euclid(12), m.rem_euclid(12) as u32 + 1, 1)
        };
        let first = match by {
            Granularity::Decade => month(120)?,
            Granularity::Year => month(12)?,
            Granularity::Quarter => month(3)?,
            Granularity::Month => month(1)?,
            Granularity::Week => NaiveDate::from_num_days_from_ce_opt(key.checked_mul(7)? + 1)?,
            Granularity::Day => NaiveDate::from_num_days_from_ce_opt(key)?,
        };
        Some(Period::of(first, by))
    }

    /// The bin size this period is one of.
    pub fn granularity(self) -> Granularity {
        match self {
            Period::Decade(_) => Granularity::Decade,
            Period::Year(_) => Granularity::Year,
            Period::Quarter(..) => Granularity::Quarter,
            Period::Month(..) => Granularity::Month,
            Period::Week(..) => Granularity::Week,
            Period::Day(_) => Granularity::Day,
        }
    }

    /// Its key among the periods of its granularity; `None` when it is not
    /// a real period (month 13, week 54).
    pub fn key(self) -> Option<i32> {
        Some(self.granularity().key_of(self.bounds()?.0))
    }

    /// The period after this one.
    pub fn next(self) -> Option<Period> {
        Period::from_key(self.granularity(), self.key()?.checked_add(1)?)
    }

    /// First and last day of the period.
    pub fn bounds(self) -> Option<(NaiveDate, NaiveDate)> {
        let months = |y: i32, first: u32, count: u32| {
            let start = NaiveDate::from_ymd_opt(y, first, 1)?;
            let end = start.checked_add_months(chrono::Months::new(count))?;
            Some((start, end.pred_opt()?))
        };
        match self {
            Period::Decade(y) => {
                let first = y - y.rem_euclid(10);
                Some((
                    NaiveDate::from_ymd_opt(first, 1, 1)?,
                    NaiveDate::from_ymd_opt(first.checked_add(9)?, 12, 31)?,
                ))
            }
            Period::Year(y) => months(y, 1, 12),
            Period::Quarter(y, q) if (1..=4).contains(&q) => months(y, (q - 1) * 3 + 1, 3),
            Period::Quarter(..) => None,
            Period::Month(y, m) => months(y, m, 1),
            Period::Week(y, w) => {
                let monday = NaiveDate::from_isoywd_opt(y, w, Weekday::Mon)?;
                Some((monday, monday.checked_add_days(chrono::Days::new(6))?))
            }
            Period::Day(d) => Some((d, d)),
        }
    }
}

impl std::fmt::Display for Period {
    /// `1850s`, `2007`, `2007-Q1`, `2007-03`, `2007-W12`, `2007-03-24`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Period::Decade(y) => write!(f, "{y:04}s"),
            Period::Year(y) => write!(f, "{y:04}"),
            Period::Quarter(y, q) => write!(f, "{y:04}-Q{q}"),
            Period::Month(y, m) => write!(f, "{y:04}-{m:02}"),
            Period::Week(y, w) => write!(f, "{y:04}-W{w:02}"),
            Period::Day(d) => write!(f, "{}", d.format("%Y-%m-%d")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn periods_of_a_day_and_their_bounds() {
        let day = d("2007-03-24");
        let cases = [
            (Granularity::Decade, "2000s", "2000-01-01", "2009-12-31"),
            (Granularity::Year, "2007", "2007-01-01", "2007-12-31"),
            (Granularity::Quarter, "2007-Q1", "2007-01-01", "2007-03-31"),
            (Granularity::Month, "2007-03", "2007-03-01", "2007-03-31"),
            (Granularity::Week, "2007-W12", "2007-03-19", "2007-03-25"),
            (Granularity::Day, "2007-03-24", "2007-03-24", "2007-03-24"),
        ];
        for (by, shown, first, last) in cases {
            let p = Period::of(day, by);
            assert_eq!(p.to_string(), shown);
            assert_eq!(p.bounds(), Some((d(first), d(last))), "{by:?}");
            assert_eq!(p.granularity(), by);
        }
        assert_eq!(Period::Month(2008, 2).bounds().unwrap().1, d("2008-02-29"));
        assert_eq!(Period::Decade(1857).bounds().unwrap().0, d("1850-01-01"));
        assert_eq!(Period::Month(2007, 13).bounds(), None);
        assert_eq!(Period::Quarter(2007, 5).key(), None);
        // An ISO week can belong to the year before its Monday's.
        assert_eq!(
            Period::of(d("2010-01-03"), Granularity::Week).to_string(),
            "2009-W53"
        );
    }

    #[test]
    fn keys_are_consecutive_and_round_trip() {
        for by in Granularity::ALL {
            let mut day = d("1799-12-20");
            let mut last: Option<(Period, i32)> = None;
            while day < d("1801-02-10") {
                let p = Period::of(day, by);
                let key = by.key_of(day);
                assert_eq!(p.key(), Some(key), "{p}");
                assert_eq!(Period::from_key(by, key), Some(p), "{p}");
                if let Some((prev, prev_key)) = last
                    && prev != p
                {
                    assert_eq!(key, prev_key + 1, "{prev} then {p}");
                    assert_eq!(prev.next(), Some(p));
                    assert_eq!(prev.bounds().unwrap().1.succ_opt(), Some(day));
                }
                last = Some((p, key));
                day = day.succ_opt().unwrap();
            }
        }
        // Weeks start on Mondays, also before the common era.
        for key in [-3, 0, 1, 104_000] {
            let p = Period::from_key(Granularity::Week, key).unwrap();
            assert_eq!(p.bounds().unwrap().0.weekday(), Weekday::Mon, "{p}");
        }
        assert_eq!(Period::from_key(Granularity::Day, i32::MAX), None);
        assert_eq!(Period::from_key(Granularity::Decade, i32::MAX), None);
    }

    #[test]
    fn the_original_periods_keep_their_names() {
        let saved = serde_json::to_string(&[Period::Year(2007), Period::Month(2007, 3)]).unwrap();
        assert_eq!(saved, r#"[{"Year":2007},{"Month":[2007,3]}]"#);
        assert_eq!(
            serde_json::to_string(&Granularity::Month).unwrap(),
            "\"Month\""
        );
        assert!(Period::Year(2007) < Period::Month(2006, 1));
    }
}
