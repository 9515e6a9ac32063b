//! What the parse cache ([`crate::parse_cache`]) and the search index cache
//! ([`crate::search::cache`]) share: how a file is judged unchanged
//! ([`Stamp`]), how a cache knows which code wrote it ([`fingerprint`]),
//! how a cache file is put in place whole and what a killed writer left is
//! swept ([`atomic`]), and what a path in the cache root must be
//! ([`root`]).

pub mod atomic;
pub mod fingerprint;
pub mod root;
pub mod stamp;

pub use stamp::Stamp;
