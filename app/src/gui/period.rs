//! Periods and date filters in words, shared by the sidebar's timeline tree
//! and the chart: a period's label and its axis label, a date range's
//! label, whether a filter is exactly a period, and the filter narrowed to
//! (or widened from) one.

use chrono::{Datelike, NaiveDate};
use hotline::{Filter, Granularity, Period};

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// "March", or "?" for a month that does not exist.
fn month_name(m: u32) -> &'static str {
    MONTHS.get(m.wrapping_sub(1) as usize).unwrap_or(&"?")
}

/// "Mar".
fn month_abbr(m: u32) -> &'static str {
    let name = month_name(m);
    name.get(..3).unwrap_or(name)
}

/// "1850s", "2007", "Jan–Mar 2007", "March 2007", "Week of 19 Mar 2007",
/// "24 March 2007".
pub fn period_label(p: Period) -> String {
    match p {
        Period::Decade(y) => format!("{y}s"),
        Period::Year(y) => y.to_string(),
        Period::Quarter(y, q) => {
            let first = q.saturating_sub(1) * 3 + 1;
            format!("{}–{} {y}", month_abbr(first), month_abbr(first + 2))
        }
        Period::Month(y, m) => format!("{} {y}", month_name(m)),
        Period::Week(..) => match p.bounds() {
            Some((monday, _)) => format!("Week of {}", short_day(monday, Year::Shown)),
            None => p.to_string(),
        },
        Period::Day(d) => format!("{} {} {}", d.day(), month_name(d.month()), d.year()),
    }
}

/// Whether a short date names its year.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Year {
    Shown,
    Left,
}

/// "19 Mar 2007", or "19 Mar".
fn short_day(d: NaiveDate, year: Year) -> String {
    let day = format!("{} {}", d.day(), month_abbr(d.month()));
    match year {
        Year::Shown => format!("{day} {}", d.year()),
        Year::Left => day,
    }
}

/// A tick's label on the time axis: "1850", "2007" for a January, "Apr"
/// for another month, "19 Mar" for a week or a day. `year` asks for the
/// year on ticks that would leave it out (the first tick says which year
/// the ones after it are in).
pub fn tick_label(p: Period, year: Year) -> String {
    match p {
        Period::Month(y, 1) => y.to_string(),
        Period::Month(y, m) if year == Year::Shown => format!("{} {y}", month_abbr(m)),
        Period::Month(_, m) => month_abbr(m).to_string(),
        Period::Week(..) | Period::Day(_) => match p.bounds() {
            Some((first, _)) => short_day(first, year),
            None => p.to_string(),
        },
        Period::Decade(y) | Period::Year(y) => y.to_string(),
        Period::Quarter(..) => period_label(p),
    }
}

/// The current date filter in words, if any: "2007", "March 2007 – May
/// 2008", "1850s – 1870s", "From 3 Mar 2007".
pub fn range_label(f: &Filter) -> Option<String> {
    if f.undated {
        return Some("Undated".into());
    }
    match (f.from, f.to) {
        (None, None) => None,
        (Some(a), Some(b)) => {
            let (first, last) = whole_periods(a, b);
            Some(match (first, last) {
                _ if first == last => period_label(first),
                // One year named once: "March – May 2007".
                (Period::Month(y, m), Period::Month(y2, m2)) if y == y2 => {
                    format!("{} – {} {y}", month_name(m), month_name(m2))
                }
                (Period::Day(d), Period::Day(d2)) if d.year() == d2.year() => {
                    let day = |d: NaiveDate| format!("{} {}", d.day(), month_name(d.month()));
                    format!("{} – {} {}", day(d), day(d2), d.year())
                }
                _ => format!("{} – {}", period_label(first), period_label(last)),
            })
        }
        (Some(a), None) => Some(format!("From {}", short_day(a, Year::Shown))),
        (None, Some(b)) => Some(format!("Until {}", short_day(b, Year::Shown))),
    }
}

/// The first and last periods of the coarsest size whose periods `a..=b`
/// is made of. Quarters and weeks only name a single one: "Jan–Mar 2007 –
/// Apr–Jun 2007" reads worse than the months, and weeks than the days.
fn whole_periods(a: NaiveDate, b: NaiveDate) -> (Period, Period) {
    for by in Granularity::ALL {
        let (first, last) = (Period::of(a, by), Period::of(b, by));
        let starts = first.bounds().is_some_and(|(start, _)| start == a);
        let ends = last.bounds().is_some_and(|(_, end)| end == b);
        let single_only = matches!(by, Granularity::Quarter | Granularity::Week);
        if starts && ends && (first == last || !single_only) {
            return (first, last);
        }
    }
    (Period::Day(a), Period::Day(b))
}

/// True when the filter's date range is exactly this period.
pub fn is_period(filter: &Filter, p: Period) -> bool {
    p.bounds()
        .is_some_and(|(a, b)| filter.from == Some(a) && filter.to == Some(b))
}

/// The filter narrowed to the period, or with its dates dropped if it
/// already was.
pub fn toggle_period(filter: &Filter, p: Period) -> Filter {
    if is_period(filter, p) {
        return filter.without_dates();
    }
    with_range(filter, p, p)
}

/// The filter narrowed to the days from the start of `first` to the end of `last`.
pub fn with_range(filter: &Filter, first: Period, last: Period) -> Filter {
    let mut f = filter.without_dates();
    f.from = first.bounds().map(|b| b.0);
    f.to = last.bounds().map(|b| b.1);
    f
}

pub fn toggle_undated(filter: &Filter) -> Filter {
    let mut f = filter.without_dates();
    f.undated = !filter.undated;
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn range(a: &str, b: &str) -> Option<String> {
        range_label(&Filter {
            from: Some(d(a)),
            to: Some(d(b)),
            ..Filter::default()
        })
    }

    #[test]
    fn ranges_are_named_by_their_coarsest_whole_periods() {
        for (first, last, label) in [
            ("2007-01-01", "2008-12-31", "2007 – 2008"),
            ("2008-01-01", "2008-12-31", "2008"),
            ("1850-01-01", "1879-12-31", "1850s – 1870s"),
            ("2007-04-01", "2007-06-30", "Apr–Jun 2007"),
            ("2007-03-01", "2008-05-31", "March 2007 – May 2008"),
            ("2007-01-01", "2007-06-30", "January – June 2007"),
            ("2007-03-19", "2007-03-25", "Week of 19 Mar 2007"),
            ("2007-03-19", "2007-04-01", "19 March – 1 April 2007"),
            (
                "2007-12-30",
                "2008-01-02",
                "30 December 2007 – 2 January 2008",
            ),
            ("2007-03-24", "2007-03-24", "24 March 2007"),
        ] {
            assert_eq!(range(first, last).as_deref(), Some(label));
        }
        let from = Filter {
            from: Some(d("2007-03-03")),
            ..Filter::default()
        };
        assert_eq!(range_label(&from).unwrap(), "From 3 Mar 2007");
        assert_eq!(range_label(&Filter::default()), None);
    }

    #[test]
    fn labels_of_every_size() {
        let day = d("2007-03-24");
        let labels: Vec<String> = Granularity::ALL
            .into_iter()
            .map(|by| period_label(Period::of(day, by)))
            .collect();
        assert_eq!(
            labels,
            [
                "2000s",
                "2007",
                "Jan–Mar 2007",
                "March 2007",
                "Week of 19 Mar 2007",
                "24 March 2007"
            ]
        );
        assert_eq!(tick_label(Period::Month(2007, 1), Year::Left), "2007");
        assert_eq!(tick_label(Period::Month(2007, 4), Year::Left), "Apr");
        assert_eq!(tick_label(Period::Month(2007, 4), Year::Shown), "Apr 2007");
        assert_eq!(tick_label(Period::Day(day), Year::Left), "24 Mar");
        assert_eq!(tick_label(Period::Year(1850), Year::Left), "1850");
    }
}
