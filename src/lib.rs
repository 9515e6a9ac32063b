//! HotLine Reader's library: everything but the window and the command line.
//!
//! The model ([`model`]), decoding ([`decode`]) and parsing ([`parse`]) of
//! archive files, loading folders in parallel ([`load`]), the indexed
//! [`archive::Archive`] and its filters and counts ([`query`]), and how
//! often terms occur over time ([`trends`]).
//!
//! ```
//! use hotline::{Filter, Granularity, LoadOptions, Progress, load};
//!
//! let archive = load(&LoadOptions::default(), &Progress::default()).expect("built-in corpus");
//! let all = archive.filter(&Filter::default());
//! assert_eq!(all.len(), 12);
//! let years = archive.timeline(&all, Granularity::Year);
//! assert_eq!(years.last().map(|(period, n)| (period.is_none(), *n)), Some((true, 8)));
//! ```
//!
//! Invariant: this library imports no egui, eframe, rfd or clap; the binary
//! (the `hotline-app` crate in `app/`) is the only front end, and the
//! compiler keeps it so: those crates are not among this one's dependencies.

pub mod archive;
pub mod bins;
pub mod cache;
pub mod collection;
pub mod db;
pub mod decode;
pub mod explore;
pub mod export;
pub mod formats;
pub mod id;
pub mod link;
pub mod load;
pub mod marks;
pub mod markup;
pub mod model;
pub mod numbers;
pub mod parse;
pub mod parse_cache;
pub mod period;
pub mod progress;
pub mod query;
pub mod read;
pub mod render;
pub mod search;
pub mod sort;
pub mod threads;
pub mod trends;

pub use archive::Archive;
pub use bins::{BinChoice, Bins, DayCounts, Span};
pub use load::{LoadOptions, Progress, Text, load};
pub use model::{Block, BlockKind, Entry, Kind, PageRef, Style, Warning};
pub use period::{Granularity, Period};
pub use query::{AuthorSel, Filter};
