//! `hotline trends TERM…`: how many entries match each term (a query in the
//! search syntax) per year or month among what the filters keep, as counts
//! or as shares of each period's entries; a table with a small bar per
//! term, or JSON. The numbers are the library's [`hotline::trends`], the
//! same the window's Trends view draws.

use super::timeline::ByArg;
use super::{Context, FilterArgs, UsageError, out, search};
use hotline::search::Query;
use hotline::trends::{MAX_TERMS, Table, Trends, share, trends};
use serde::Serialize;
use std::io::{self, Write};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct TrendsArgs {
    /// Up to five terms, each a query in the syntax of `search`
    /// ("customer success", "support -desk", author:NAME, ...); a term
    /// that starts with '-' goes after `--`.
    #[arg(value_name = "TERM", required = true)]
    pub terms: Vec<String>,
    /// Period size.
    #[arg(long, value_enum, default_value_t = ByArg::Year)]
    pub by: ByArg,
    /// Show each count as a share of the period's entries.
    #[arg(long)]
    pub share: bool,
    /// Count only what these filters keep (totals too).
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// `trends --json`.
#[derive(Debug, Serialize)]
struct JsonTrends<'a> {
    by: &'static str,
    terms: Vec<JsonTerm<'a>>,
    /// Every period of the span, empty ones included.
    periods: Vec<JsonPeriod>,
}

#[derive(Debug, Serialize)]
struct JsonTerm<'a> {
    term: &'a str,
    /// Matching entries, dated or not.
    total: usize,
    undated: usize,
}

#[derive(Debug, Serialize)]
struct JsonPeriod {
    /// `"2007"` or `"2007-03"`.
    period: String,
    /// Entries the filters keep in the period.
    total: usize,
    /// Per term, in the order given.
    counts: Vec<usize>,
    /// Per term: count / total (0 for an empty period).
    shares: Vec<f64>,
}

pub fn run(ctx: &Context, args: &TrendsArgs) -> anyhow::Result<ExitCode> {
    if args.terms.len() > MAX_TERMS {
        return Err(UsageError(format!(
            "at most {MAX_TERMS} terms can be compared, {} were given",
            args.terms.len()
        ))
        .into());
    }
    let within = match &args.filters.query {
        Some(q) => Query::parse(q).map_err(|e| UsageError(e.to_string()))?,
        None => Query::default(),
    };
    let index = search::open_index(ctx)?;
    let found = trends(&index, &args.terms, &args.filters.filter(), &within);
    for t in &found.terms {
        if let Err(e) = &t.matches {
            return Err(UsageError(format!("term '{}': {e}", t.term)).into());
        }
    }
    let by = args.by.granularity();
    let table = found.table(by);
    let mut w = out::stdout();
    if args.json {
        // Built whole (it is small) so that a closed pipe is an io error.
        let text = serde_json::to_string_pretty(&json(&found, table.as_ref(), args.by))?;
        writeln!(w, "{text}")?;
    } else {
        let measure = if args.share {
            Measure::Share
        } else {
            Measure::Count
        };
        write_table(&found, table.as_ref(), measure, &mut w)?;
    }
    w.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn json<'a>(found: &'a Trends, table: Option<&Table>, by: ByArg) -> JsonTrends<'a> {
    let terms = found
        .terms
        .iter()
        .map(|t| JsonTerm {
            term: &t.term,
            total: t.total(),
            undated: t.matches.as_ref().map_or(0, |m| m.undated()),
        })
        .collect();
    let periods = table.map_or_else(Vec::new, |table| {
        (0..table.periods.len())
            .map(|i| {
                let total = table.totals[i];
                let counts: Vec<usize> = table.counts.iter().map(|c| c[i]).collect();
                JsonPeriod {
                    period: table.periods[i].to_string(),
                    total,
                    shares: counts.iter().map(|&n| share(n, total)).collect(),
                    counts,
                }
            })
            .collect()
    });
    JsonTrends {
        by: by.name(),
        terms,
        periods,
    }
}

/// What the table's cells show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Measure {
    Count,
    Share,
}

/// Longest bar, in characters.
const BAR_MAX: usize = 12;

/// One row per period: its total, then per term its count or share and a
/// bar on a scale shared by all terms (so the bars compare); the undated
/// matches last, when there are any.
fn write_table<W: Write>(
    found: &Trends,
    table: Option<&Table>,
    measure: Measure,
    w: &mut W,
) -> io::Result<()> {
    let Some(table) = table else {
        return writeln!(w, "no dated entries");
    };
    let cell = |term: usize, i: usize| -> (f64, String) {
        let n = table.counts[term][i];
        match measure {
            Measure::Count => (n as f64, n.to_string()),
            Measure::Share => {
                let s = share(n, table.totals[i]);
                (s, format!("{:.1}%", s * 100.0))
            }
        }
    };
    let periods = table.periods.len();
    let terms = table.counts.len();
    let max = (0..terms)
        .flat_map(|t| (0..periods).map(move |i| (t, i)))
        .map(|(t, i)| cell(t, i).0)
        .fold(0.0, f64::max);
    let total_w = table
        .totals
        .iter()
        .max()
        .map_or(0, |n| n.to_string().len())
        .max("TOTAL".len());
    let value_w = (0..terms)
        .flat_map(|t| (0..periods).map(move |i| (t, i)))
        .map(|(t, i)| cell(t, i).1.len())
        .max()
        .unwrap_or(1);
    let col_w = |t: usize| {
        found.terms[t]
            .term
            .chars()
            .count()
            .max(value_w + 1 + BAR_MAX)
    };
    let mut header = format!("{:<7}  {:>total_w$}", "PERIOD", "TOTAL");
    for (t, trend) in found.terms.iter().enumerate() {
        let name = out::one_line(&trend.term);
        header.push_str(&format!("  {name:<width$}", width = col_w(t)));
    }
    writeln!(w, "{}", header.trim_end())?;
    for i in 0..periods {
        let period = table.periods[i].to_string();
        let mut line = format!("{period:<7}  {:>total_w$}", table.totals[i]);
        for t in 0..terms {
            let (value, text) = cell(t, i);
            let cell = format!("{text:>value_w$} {}", bar(value, max));
            line.push_str(&format!("  {cell:<width$}", width = col_w(t)));
        }
        writeln!(w, "{}", line.trim_end())?;
    }
    let undated: Vec<usize> = found
        .terms
        .iter()
        .map(|t| t.matches.as_ref().map_or(0, |m| m.undated()))
        .collect();
    if undated.iter().any(|&n| n > 0) {
        let mut line = format!("{:<7}  {:>total_w$}", "undated", found.totals.undated());
        for (t, n) in undated.iter().enumerate() {
            let cell = format!("{n:>value_w$}");
            line.push_str(&format!("  {cell:<width$}", width = col_w(t)));
        }
        writeln!(w, "{}", line.trim_end())?;
    }
    Ok(())
}

/// `value` of `max` as a bar of at most [`BAR_MAX`] blocks; never empty
/// for a value above zero.
fn bar(value: f64, max: f64) -> String {
    if max <= 0.0 || value <= 0.0 {
        return String::new();
    }
    let len = ((value / max) * BAR_MAX as f64).ceil() as usize;
    "█".repeat(len.clamp(1, BAR_MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_share_one_scale_and_never_vanish() {
        assert_eq!(bar(8.0, 8.0).chars().count(), BAR_MAX);
        assert_eq!(bar(4.0, 8.0).chars().count(), BAR_MAX / 2);
        assert_eq!(bar(0.001, 100.0).chars().count(), 1);
        assert_eq!(bar(0.0, 8.0), "");
        assert_eq!(bar(3.0, 0.0), "");
    }
}
