//! Ways through the archive beyond the list: teasers joined to their
//! articles ([`teasers`]), moving on in time and by chance ([`reading`]), and an
//! author's page ([`author`]). Related entries (more like this) are the
//! search index's: [`crate::search::SearchIndex::related`].

pub mod author;
pub mod reading;
pub mod teasers;

pub use author::{
    AuthorProfile, AuthorShelf, UnknownAuthor, author_profile, author_shelf, shelf_among,
};
pub use reading::{Among, Step, random_entry, step_in_time, this_day};

pub use teasers::TeaserJoins;
