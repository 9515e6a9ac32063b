//! What each bar of the timeline stands for: its heights (entries, or
//! with a search the matching entries or their share of the period's,
//! before the period's entries drawn faintly) and its words, which its
//! tooltip and its accessible name use.

use super::period::period_label;
use hotline::numbers::grouped;
use hotline::{Bins, Granularity, Period};

/// What the bars measure when a search is on show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Measure {
    /// Matching entries per period.
    #[default]
    Counts,
    /// Matching entries as a share of the period's entries.
    Share,
}

/// One period's bar heights, as fractions of the full height.
pub struct Column {
    /// Its place among the bins.
    pub index: usize,
    pub period: Period,
    /// The bar: entries, or with a search the matching ones or their share.
    pub front: f32,
    /// The faint bar behind it with a search: the period's entries.
    pub back: f32,
}

/// The bars' heights and the scale's label ("36 a decade", "75% of a
/// decade's entries"). Counts share one scale, the largest period's
/// entries; shares are scaled to the largest share, with every period
/// that has entries standing full height behind.
pub fn columns(bins: &Bins, totals: Option<&Bins>, measure: Measure) -> (Vec<Column>, String) {
    let unit = unit(bins.granularity());
    let counts = bins.counts();
    let totals = totals.map(Bins::counts);
    let total = |i: usize| totals.map_or(counts[i], |t| t[i]);
    let periods = (0..counts.len()).filter_map(|i| Some((i, bins.period(i)?)));
    if let (Measure::Share, Some(_)) = (measure, totals) {
        let share = |i: usize| match total(i) {
            0 => 0.0,
            t => counts[i] as f32 / t as f32,
        };
        let top = (0..counts.len()).map(share).fold(0.0, f32::max);
        let scale = if top > 0.0 { 1.0 / top } else { 0.0 };
        let columns = periods
            .map(|(i, period)| Column {
                index: i,
                period,
                front: share(i) * scale,
                back: if total(i) > 0 { 1.0 } else { 0.0 },
            })
            .collect();
        return (columns, format!("{} of a {unit}'s entries", percent(top)));
    }
    let top = (0..counts.len()).map(total).max().unwrap_or(0).max(1);
    let columns = periods
        .map(|(i, period)| Column {
            index: i,
            period,
            front: counts[i] as f32 / top as f32,
            back: total(i) as f32 / top as f32,
        })
        .collect();
    (columns, format!("{} a {unit}", grouped(top)))
}

/// "decade", "year", …: what one bar covers.
pub(super) fn unit(by: Granularity) -> &'static str {
    match by {
        Granularity::Decade => "decade",
        Granularity::Year => "year",
        Granularity::Quarter => "quarter",
        Granularity::Month => "month",
        Granularity::Week => "week",
        Granularity::Day => "day",
    }
}

/// "35%", "3.5%".
pub(super) fn percent(share: f32) -> String {
    let pct = share * 100.0;
    if pct > 0.0 && pct < 10.0 {
        format!("{pct:.1}%")
    } else {
        format!("{pct:.0}%")
    }
}

/// A period and its count in words: "March 2007" and "12 entries", or
/// "3 of 120 entries match (2.5%)" with a search.
pub fn describe(bins: &Bins, totals: Option<&Bins>, i: usize) -> Option<(String, String)> {
    let period = period_label(bins.period(i)?);
    let n = *bins.counts().get(i)?;
    let entries = |n: usize| match n {
        0 => "no entries".to_string(),
        1 => "1 entry".to_string(),
        n => format!("{} entries", grouped(n)),
    };
    let count = match totals.and_then(|t| t.counts().get(i)) {
        None => entries(n),
        Some(0) => entries(0),
        Some(&t) => format!(
            "{} of {} {} ({})",
            grouped(n),
            entries(t),
            if n == 1 { "matches" } else { "match" },
            percent(n as f32 / t as f32)
        ),
    };
    Some((period, count))
}

#[cfg(test)]
mod tests {
    use super::*;
    use hotline::DayCounts;

    #[test]
    fn percents_keep_a_decimal_below_ten() {
        assert_eq!(percent(0.0), "0%");
        assert_eq!(percent(0.035), "3.5%");
        assert_eq!(percent(0.35), "35%");
        assert_eq!(percent(1.0), "100%");
    }

    #[test]
    fn counts_share_one_scale_and_shares_their_own() {
        let d = |s: &str| Some(chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap());
        let all = DayCounts::from_dates([d("2007-01-05"), d("2007-01-06"), d("2007-03-01")]);
        let hits = DayCounts::from_dates([d("2007-01-05"), d("2007-03-01")]);
        let span = all.span().unwrap();
        let (all, hits) = (
            all.bins(Granularity::Month, span),
            hits.bins(Granularity::Month, span),
        );
        let heights = |m: Measure| -> Vec<(f32, f32)> {
            let (columns, _) = columns(&hits, Some(&all), m);
            columns.iter().map(|c| (c.front, c.back)).collect()
        };
        assert_eq!(
            heights(Measure::Counts),
            [(0.5, 1.0), (0.0, 0.0), (0.5, 0.5)]
        );
        assert_eq!(
            heights(Measure::Share),
            [(0.5, 1.0), (0.0, 0.0), (1.0, 1.0)]
        );
        assert_eq!(
            columns(&hits, Some(&all), Measure::Share).1,
            "100% of a month's entries"
        );
        assert_eq!(columns(&all, None, Measure::Share).1, "2 a month");
        let (period, count) = describe(&hits, Some(&all), 0).unwrap();
        assert_eq!(
            (period.as_str(), count.as_str()),
            ("January 2007", "1 of 2 entries matches (50%)")
        );
        assert_eq!(describe(&all, None, 1).unwrap().1, "no entries");
    }
}
