//! Parser for archive text files (placeholder: being replaced by the real parser).

use crate::id;
use crate::model::{Block, Entry, Kind};

/// What one file parsed into.
#[derive(Debug, Default)]
pub struct ParseOutput {
    pub entries: Vec<Entry>,
    /// Problems worth telling the user about (without the file name).
    pub warnings: Vec<String>,
}

/// Parses one decoded file. `file_hash` is [`id::content_hash`] of its bytes.
pub fn parse_document(source: &str, text: &str, file_hash: u64) -> ParseOutput {
    let blocks: Vec<Block> = text
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| Block::Paragraph(p.to_string()))
        .collect();
    let title: String = blocks
        .first()
        .map(|b| b.text().chars().take(80).collect())
        .unwrap_or_default();
    let title = if title.is_empty() {
        "Untitled".to_string()
    } else {
        title
    };
    ParseOutput {
        entries: vec![Entry {
            id: id::make_id(&title, file_hash, 0),
            title,
            author: None,
            date: None,
            kind: Kind::Article,
            source: source.to_string(),
            page: None,
            words: Entry::count_words(&blocks),
            blocks,
        }],
        warnings: Vec::new(),
    }
}
