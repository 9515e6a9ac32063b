//! `hotline timeline`: entries per year or month among what the filters
//! keep, in time order, the undated bucket last; a table with a small bar
//! per period, or JSON.

use super::{Context, FilterArgs, out};
use hotline::{Granularity, Period};
use serde::Serialize;
use std::io::{self, Write};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct TimelineArgs {
    /// Bucket size.
    #[arg(long, value_enum, default_value_t = ByArg::Year)]
    pub by: ByArg,
    /// Count only what these filters keep.
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Print a JSON array instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// `timeline --by` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ByArg {
    Year,
    Month,
}

impl ByArg {
    pub fn granularity(self) -> Granularity {
        match self {
            ByArg::Year => Granularity::Year,
            ByArg::Month => Granularity::Month,
        }
    }

    /// As typed on the command line.
    pub fn name(self) -> &'static str {
        match self {
            ByArg::Year => "year",
            ByArg::Month => "month",
        }
    }
}

/// One `timeline --json` element: `period` is `"2007"`, `"2007-03"` or null.
#[derive(Debug, Serialize)]
struct PeriodCount {
    period: Option<String>,
    count: usize,
}

pub fn run(ctx: &Context, args: &TimelineArgs) -> anyhow::Result<ExitCode> {
    let by = args.by.granularity();
    let ixs = ctx.select_args(&args.filters)?;
    let buckets = ctx.archive.timeline(&ixs, by);
    let mut w = out::stdout();
    if args.json {
        let items = buckets.iter().map(|(p, count)| PeriodCount {
            period: p.map(|p| p.to_string()),
            count: *count,
        });
        out::write_json_array(&mut w, items)?;
    } else {
        write_table(&buckets, &mut w)?;
    }
    w.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Longest bar, in characters.
const BAR_MAX: usize = 40;

/// Period, count and a bar scaled to the largest bucket.
fn write_table<W: Write>(buckets: &[(Option<Period>, usize)], w: &mut W) -> io::Result<()> {
    let Some(max) = buckets.iter().map(|(_, n)| *n).max() else {
        return Ok(());
    };
    let count_w = max.to_string().len().max("COUNT".len());
    writeln!(w, "{:<7}  {:>count_w$}", "PERIOD", "COUNT")?;
    for (period, n) in buckets {
        let label = period.map_or_else(|| "undated".to_string(), |p| p.to_string());
        writeln!(w, "{label:<7}  {n:>count_w$}  {}", bar(*n, max))?;
    }
    Ok(())
}

/// `n` of `max` as a bar of at most [`BAR_MAX`] blocks; never empty for n > 0.
fn bar(n: usize, max: usize) -> String {
    let len = if max == 0 {
        0
    } else {
        (n * BAR_MAX)
            .div_ceil(max)
            .clamp(usize::from(n > 0), BAR_MAX)
    };
    "█".repeat(len)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_bucket() {
        assert_eq!(bar(8, 8).chars().count(), BAR_MAX);
        assert_eq!(bar(1, 100_000).chars().count(), 1);
        assert_eq!(bar(0, 8), "");
        assert_eq!(bar(4, 8).chars().count(), BAR_MAX / 2);
    }

    #[test]
    fn table_has_undated_last_with_bars() {
        let mut v = Vec::new();
        write_table(&[(Some(Period::Year(2007)), 3), (None, 6)], &mut v).unwrap();
        let text = String::from_utf8(v).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[1].starts_with("2007         3  █"), "{text}");
        assert!(lines[2].starts_with("undated      6  "), "{text}");
        assert_eq!(lines[2].matches('█').count(), BAR_MAX);
    }
}
