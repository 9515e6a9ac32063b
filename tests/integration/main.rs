//! The library's integration tests, one binary (ripgrep's layout): each
//! module drives the public API the way the app does.
//!
//! - `parser`: the built-in corpus against `tests/data/EXPECTED.md`, and one
//!   fixture per input variant;
//! - `parser_props`: hostile input to the parser and the loader (generated
//!   documents and folders);
//! - `search`: ranking, operators, stemming, highlights, facets, the typo
//!   fallback and the on-disk index cache;
//! - `export`: every format and layout, the re-import round trip, hostile
//!   names, overwrite refusal and unwritable targets;
//! - `export_folders`: subfolders from the name template, and files already
//!   there replaced or skipped;
//! - `marks_export`: the reader's highlights and notes in every export
//!   format, a collection's export, and the highlights-only export;
//! - `cache_damage`: both caches after damage between runs;
//! - `marks`: highlights, notes, collections and positions follow their
//!   entries through edits, renames and moves of the files;
//! - `quick`: a search of unchanged folders without a load answers as the
//!   ordinary path does, and declines when anything changed.

// Test helpers unwrap freely: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

mod cache_damage;
mod export;
mod export_folders;
mod formats;
mod marks;
mod marks_export;
mod parser;
mod parser_props;
mod quick;
mod round_trip;
mod search;
