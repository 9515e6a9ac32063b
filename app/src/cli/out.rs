//! Writing results to stdout: buffered, locked once, and shared helpers for
//! the human tables and the JSON arrays.
//!
//! Output goes through one `BufWriter` over the locked stdout; callers flush
//! it and return its errors, so a closed pipe ends the program quietly (see
//! `cli::report`) instead of panicking like `println!` would. Messages to
//! stderr go through [`eprint_line`], which never panics either: a closed or
//! full stderr loses the message, and the exit status still tells.

use serde::Serialize;
use std::io::{self, BufWriter, StdoutLock, Write};

/// Writes one line to stderr, ignoring a failed write (`eprintln!` would
/// panic): there is nowhere left to report it. Control characters in it
/// (a file name's newline, a query's escape sequence) are escaped, so a
/// message is always exactly one line and cannot forge another.
pub fn eprint_line(line: std::fmt::Arguments<'_>) {
    let line = line.to_string();
    let line = hotline::model::escape_controls(&line);
    let mut err = io::stderr().lock();
    if writeln!(err, "{line}").and_then(|()| err.flush()).is_err() {
        // A closed or full stderr: the message is lost, nothing else is.
    }
}

/// A buffered, locked stdout.
pub fn stdout() -> BufWriter<StdoutLock<'static>> {
    BufWriter::with_capacity(64 * 1024, io::stdout().lock())
}

/// Streams a JSON array, one element per line, without building it in
/// memory first.
pub fn write_json_array<W, T, I>(w: &mut W, items: I) -> io::Result<()>
where
    W: Write,
    T: Serialize,
    I: IntoIterator<Item = T>,
{
    let mut first = true;
    w.write_all(b"[")?;
    for item in items {
        w.write_all(if first { b"\n  " } else { b",\n  " })?;
        first = false;
        serde_json::to_writer(&mut *w, &item)?;
    }
    w.write_all(if first { b"]\n" } else { b"\n]\n" })
}

/// [`write_json_array`] for long lists: the elements are serialized on all
/// cores, a batch at a time, and written in order. Same bytes.
pub fn write_json_array_par<W, S, T, F>(w: &mut W, items: &[S], to_json: F) -> io::Result<()>
where
    W: Write,
    S: Sync,
    T: Serialize,
    F: Fn(&S) -> T + Sync,
{
    use rayon::prelude::*;
    /// Elements per task, and tasks per batch written.
    const CHUNK: usize = 1024;
    const BATCH: usize = 16 * CHUNK;
    w.write_all(b"[")?;
    for (b, batch) in items.chunks(BATCH).enumerate() {
        let parts: Vec<Vec<u8>> = batch
            .par_chunks(CHUNK)
            .enumerate()
            .map(|(c, chunk)| {
                let mut buf = Vec::with_capacity(chunk.len() * 384);
                for (k, item) in chunk.iter().enumerate() {
                    let first = b == 0 && c == 0 && k == 0;
                    buf.extend_from_slice(if first { b"\n  " } else { b",\n  " });
                    serde_json::to_writer(&mut buf, &to_json(item))?;
                }
                Ok(buf)
            })
            .collect::<io::Result<_>>()?;
        for part in parts {
            w.write_all(&part)?;
        }
    }
    w.write_all(if items.is_empty() { b"]\n" } else { b"\n]\n" })
}

/// `s` cut to at most `max` characters, with `…` when cut.
pub fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// `s` on one line: line breaks, tabs and other control characters become
/// spaces, so that one entry stays one row of a table.
pub fn one_line(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().any(char::is_control) {
        s.chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect::<String>()
            .into()
    } else {
        s.into()
    }
}

/// Width of `s` in characters (good enough for the Latin text of the archive).
pub fn width(s: &str) -> usize {
    s.chars().count()
}

/// `s` padded with spaces to `w` characters.
pub fn pad(s: &str, w: usize) -> String {
    let n = width(s);
    if n >= w {
        s.to_string()
    } else {
        format!("{s}{}", " ".repeat(w - n))
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn the_parallel_json_array_is_the_same_bytes() {
        for n in [0usize, 1, 2, 1023, 1024, 1025, 40_000] {
            let items: Vec<usize> = (0..n).collect();
            let json = |i: &usize| serde_json::json!({ "n": i, "s": format!("x\"{i}") });
            let (mut one, mut par) = (Vec::new(), Vec::new());
            write_json_array(&mut one, items.iter().map(json)).unwrap();
            write_json_array_par(&mut par, &items, json).unwrap();
            assert!(one == par, "{n} items");
            let back: Vec<serde_json::Value> = serde_json::from_slice(&par).unwrap();
            assert_eq!(back.len(), n);
        }
    }

    use super::*;

    fn array(items: &[u32]) -> String {
        let mut v = Vec::new();
        write_json_array(&mut v, items).unwrap();
        String::from_utf8(v).unwrap()
    }

    #[test]
    fn json_arrays_are_valid_and_one_per_line() {
        assert_eq!(array(&[]), "[]\n");
        assert_eq!(array(&[1, 2]), "[\n  1,\n  2\n]\n");
        let v: Vec<u32> = serde_json::from_str(&array(&[3, 4, 5])).unwrap();
        assert_eq!(v, [3, 4, 5]);
    }

    #[test]
    fn clip_and_pad_count_characters() {
        assert_eq!(clip("Mikael Blaisdell", 8), "Mikael …");
        assert_eq!(clip("It’s", 4), "It’s");
        assert_eq!(pad("’a", 4), "’a  ");
        assert_eq!(pad("abcdef", 3), "abcdef");
        assert_eq!(one_line("a\nb\tc"), "a b c");
    }

    #[test]
    fn one_line_keeps_clean_text() {
        assert!(matches!(
            one_line("It’s — fine"),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
