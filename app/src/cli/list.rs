//! `hotline list`: the entries the filters keep, in canonical order, as an
//! aligned table or as the JSON array of `docs/CLI.md`.

use super::{Context, FilterArgs, out};
use hotline::render::Summary;
use hotline::{Archive, Entry};
use std::io::{self, Write};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Print a JSON array instead of a table.
    #[arg(long)]
    pub json: bool,
}

pub fn run(ctx: &Context, args: &ListArgs) -> anyhow::Result<ExitCode> {
    let ixs = ctx.select_args(&args.filters)?;
    let mut w = out::stdout();
    if args.json {
        write_json(&ctx.archive, &ixs, &mut w)?;
    } else {
        write_table(&ctx.archive, &ixs, &mut w)?;
    }
    w.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn entries<'a>(archive: &'a Archive, ixs: &'a [u32]) -> impl Iterator<Item = &'a Entry> + 'a {
    ixs.iter().filter_map(|&i| archive.get(i))
}

/// The `list --json` array, serialized on all cores and written in order.
pub fn write_json<W: Write>(archive: &Archive, ixs: &[u32], w: &mut W) -> io::Result<()> {
    let rows: Vec<&Entry> = entries(archive, ixs).collect();
    out::write_json_array_par(w, &rows, |e| Summary::new(e))
}

/// Widest author column before names are cut.
const AUTHOR_MAX: usize = 24;

/// Columns: date, author, words, id, title; nothing at all when empty.
pub fn write_table<W: Write>(archive: &Archive, ixs: &[u32], w: &mut W) -> io::Result<()> {
    if ixs.is_empty() {
        return Ok(());
    }
    let (mut author_w, mut id_w) = (out::width("AUTHOR"), out::width("ID"));
    for e in entries(archive, ixs) {
        author_w = author_w.max(out::width(&author(e)).min(AUTHOR_MAX));
        id_w = id_w.max(out::width(&e.id));
    }
    let row = |date: &str, author: &str, words: &str, id: &str, title: &str| {
        format!(
            "{}  {}  {words:>6}  {}  {title}",
            out::pad(date, 10),
            out::pad(&out::clip(author, AUTHOR_MAX), author_w),
            out::pad(id, id_w)
        )
    };
    writeln!(w, "{}", row("DATE", "AUTHOR", "WORDS", "ID", "TITLE"))?;
    for e in entries(archive, ixs) {
        let date = e
            .date
            .map_or_else(|| "undated".to_string(), |d| d.to_string());
        let words = e.words.to_string();
        let title = out::one_line(&e.title);
        writeln!(w, "{}", row(&date, &author(e), &words, &e.id, &title))?;
    }
    Ok(())
}

fn author(e: &Entry) -> std::borrow::Cow<'_, str> {
    out::one_line(e.author.as_deref().unwrap_or("(unknown)"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::tests::sample;

    #[test]
    fn json_elements_are_summaries_in_canonical_order() {
        let a = sample();
        let mut v = Vec::new();
        write_json(&a, &a.filter(&Default::default()), &mut v).unwrap();
        let list: serde_json::Value = serde_json::from_slice(&v).unwrap();
        let rows: Vec<String> = list
            .as_array()
            .unwrap()
            .iter()
            .map(|e| format!("{} {} {}", e["id"], e["date"], e["author"]))
            .collect();
        assert_eq!(
            rows,
            [
                r#""a" "2007-03-24" "Jane Doe""#,
                r#""b" "2007-12-12" "Bob Roe""#,
                r#""c" "2008-05-15" "Jane Doe""#,
                r#""u" null null"#,
            ]
        );
        assert_eq!(list[0]["sections"], serde_json::json!(["Section of a"]));
        assert_eq!(list[3]["kind"], "excerpt");
    }

    #[test]
    fn table_rows_are_aligned() {
        let a = sample();
        let mut v = Vec::new();
        write_table(&a, &a.filter(&Default::default()), &mut v).unwrap();
        let text = String::from_utf8(v).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "DATE        AUTHOR      WORDS  ID  TITLE");
        assert_eq!(lines[1], "2007-03-24  Jane Doe        7  a   Title a");
        assert_eq!(lines[2], "2007-12-12  Bob Roe         7  b   Title b");
        assert_eq!(lines[4], "undated     (unknown)       7  u   Title u");
    }
}
