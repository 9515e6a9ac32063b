//! Filters by period, shared by the sidebar's timeline tree and the chart:
//! a period's label, whether a filter is exactly a period, and the filter
//! narrowed to (or widened from) one.

use hotline::{Filter, Period};

/// "March 2007".
pub fn month_label(p: Period) -> String {
    match p {
        Period::Month(y, m) => {
            const NAMES: [&str; 12] = [
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
            let name = NAMES.get(m.saturating_sub(1) as usize).unwrap_or(&"?");
            format!("{name} {y}")
        }
        Period::Year(y) => y.to_string(),
    }
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
