//! Ways through the archive beyond the list: teasers joined to their
//! articles ([`teasers`]), moving on in time and by chance ([`reading`]),
//!.

pub mod reading;
pub mod teasers;

pub use reading::{Among, Step, random_entry, step_in_time, this_day};

pub use teasers::TeaserJoins;
