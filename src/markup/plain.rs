//! Blocks as plain text a person reads: paragraphs and headings as they
//! are, list items with their bullet or number indented by depth, quotes
//! and preformatted text indented four spaces, captions as
//! `[Caption: …]` and author notes set apart in parentheses (the forms the
//! plain-text parser reads back).

use crate::model::{Block, BlockKind};
use std::io::{self, Write};

/// Writes `blocks`, each after a blank line (a list's items follow one
/// another without one).
pub fn write_blocks(blocks: &[Block], w: &mut dyn Write) -> io::Result<()> {
    let mut in_list = false;
    for b in blocks {
        let item = matches!(b.kind, BlockKind::ListItem { .. });
        if !(item && in_list) {
            writeln!(w)?;
        }
        in_list = item;
        match b.kind {
            BlockKind::Paragraph | BlockKind::Heading { .. } => writeln!(w, "{}", b.text)?,
            BlockKind::ListItem { depth, number } => {
                let pad = "  ".repeat(usize::from(depth));
                match number {
                    Some(n) => writeln!(w, "{pad}{n}. {}", b.text)?,
                    None => writeln!(w, "{pad}• {}", b.text)?,
                }
            }
            BlockKind::Quote | BlockKind::Preformatted => {
                for line in b.text.lines() {
                    writeln!(w, "    {line}")?;
                }
            }
            BlockKind::Caption => writeln!(w, "[Caption: {}]", b.text)?,
            BlockKind::AuthorNote => writeln!(w, "{}", bracketed_note(&b.text))?,
        }
    }
    Ok(())
}

/// An author note as its own paragraph: kept as written when it is already
/// set apart (parentheses, brackets, asterisks, "About the author"), else
/// put in parentheses so that a re-import still sees a note.
pub fn bracketed_note(note: &str) -> String {
    let n = note.trim();
    let wrapped = [("(", ")"), ("[", "]"), ("*", "*")]
        .iter()
        .any(|(open, close)| n.len() >= 2 && n.starts_with(open) && n.ends_with(close));
    if wrapped || n.to_lowercase().starts_with("about the author") {
        n.to_string()
    } else {
        format!("({n})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_quotes_and_code_read_as_plain_text() {
        let blocks = vec![
            Block::new(
                BlockKind::ListItem {
                    depth: 0,
                    number: Some(1),
                },
                "One",
            ),
            Block::new(
                BlockKind::ListItem {
                    depth: 1,
                    number: None,
                },
                "Inner",
            ),
            Block::new(BlockKind::Quote, "Said."),
            Block::new(BlockKind::Preformatted, "a\n  b"),
            Block::author_note("Jane writes."),
        ];
        let mut out = Vec::new();
        write_blocks(&blocks, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\n1. One\n  • Inner\n\n    Said.\n\n    a\n      b\n\n(Jane writes.)\n"
        );
    }
}
