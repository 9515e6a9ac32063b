//! Highlights that survive edits: the text a highlight is measured in
//! ([`text::EntryText`]), anchoring a passage and finding it again after
//! its file changed ([`anchor`]), with the approximate matching that
//! needs ([`fuzzy`]); and the user's data following an entry whose id an
//! edit changed ([`follow`]), told apart from other entries by a sketch of
//! its text ([`sketch`]).

pub mod anchor;
pub mod follow;
pub mod fuzzy;
pub mod sketch;
pub mod text;

pub use anchor::{Placement, in_place, locate, make};
pub use follow::{Report, reconcile};
pub use text::{EntryText, Outline};
