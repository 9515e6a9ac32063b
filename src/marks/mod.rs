//! Highlights that survive edits: the text a highlight is measured in
//! ([`text::EntryText`]), anchoring a passage and finding it again after
//! its file changed ([`anchor`]), with the approximate matching that
//! needs ([`fuzzy`]).

pub mod anchor;
pub mod fuzzy;
pub mod text;

pub use anchor::{Placement, locate, make};
pub use text::EntryText;
