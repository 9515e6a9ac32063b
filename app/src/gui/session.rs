//! The loading session: which archive the window shows and how it gets
//! there. A [`Session`] owns the archive on show and its generation, the
//! folders it came from, the load running on its thread ([`Loader`]), the
//! start of its search index and the hand-off from outline to text.
//!
//! It moves through explicit [`Phase`]s: a load shows nothing new until
//! its outline or text arrives (what was on show stays, and at launch the
//! built-in entries stand in); an outline (from a reopened folder's
//! caches) is listed at once and becomes searchable when its cached index
//! opens; only then does the text load, and it goes under the same index.
//! A cancelled load leaves what was on show. [`Session::poll`] does all of
//! this once a frame, says what changed ([`Event`]) and how far the load
//! and the index are ([`LoadStatus`]); the frame loop only asks it what to
//! show.

use super::load_status::{LoadStatus, Step, Watch};
use super::loader::{Loaded, Loader, Outcome};
use super::search::SearchRuntime;
use super::view::Prepared;
use hotline::numbers::grouped;
use hotline::search::cache::{self, default_cache_root};
use hotline::search::{CacheOptions, Prefetch, SearchIndex};
use hotline::sort::Sort;
use hotline::{Archive, Filter, LoadOptions, Progress, Text};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

/// Where the session stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// A load runs and nothing of it is shown yet (the previous archive
    /// stays on show).
    Loading,
    /// The archive's outline is shown; its index is opening.
    Outline,
    /// The outline is searchable; its text is loading.
    Searchable,
    /// The archive with its text is shown; its index is being prepared.
    Indexing,
    /// The text is in and searchable.
    FullText,
    /// The index could not be prepared: the archive is shown unsearchable.
    Unsearchable,
}

/// What the archive on show is to the saved state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Shown {
    /// What a load gave: the saved state describes it.
    #[default]
    Loaded,
    /// The built-in entries, standing in while the launch's load runs:
    /// the saved state's other ids are the load's.
    StandIn,
}

/// What [`Session::poll`] changed.
pub enum Event {
    /// Another archive is on show (the old one is handed back, with what
    /// it was, so what was selected in it can be carried over by id).
    Replaced(Arc<Archive>, Shown),
    /// The outline on show got its text: the same entries at the same
    /// indexes, under the same search index.
    TextFilled,
    /// The load was cancelled; what was on show stays. What to tell the
    /// user.
    Cancelled(String),
}

/// The archive on show and the load that will replace or fill it.
#[derive(Default)]
pub struct Session {
    /// The archive on show.
    pub archive: Arc<Archive>,
    /// What it is to the saved state.
    pub shown: Shown,
    /// Bumped whenever the archive on show changes (memo keys include it).
    pub generation: u64,
    /// The user folders of the archive on show (its index is cached on
    /// disk) and of the load in progress.
    pub folders: Vec<PathBuf>,
    loading_folders: Vec<PathBuf>,
    /// The cached search index of the load in progress, opened alongside it.
    prefetch: Option<Prefetch>,
    /// The generation the search index was started for.
    indexed: u64,
    /// The search index cache root (`None`: `HOTLINE_CACHE_DIR` or the
    /// per-user cache directory).
    pub cache_dir: Option<PathBuf>,
    /// The load's thread, its progress, and the Open dialog.
    pub loader: Loader,
    /// How far the load and the index are, as of the last poll.
    pub status: Option<LoadStatus>,
    /// The list view of the archive put on show by the last poll, made
    /// with it (for the view to adopt).
    pub prepared: Option<Prepared>,
    watch: Watch,
}

impl Session {
    /// A session showing `archive`, to be indexed on the first poll.
    #[cfg(test)]
    pub fn showing(archive: Arc<Archive>) -> Session {
        Session {
            archive,
            generation: 1,
            ..Session::default()
        }
    }

    /// A session loading `load`; the built-in entries stand in meanwhile
    /// if it has them.
    pub fn loading(ctx: &egui::Context, load: LoadOptions) -> Session {
        let mut s = Session::default();
        s.start(ctx, load);
        s
    }

    /// Starts loading `load` in the background; the folders' cached index
    /// is opened and checked while they load. With nothing on show, the
    /// built-in entries the load includes are shown at once: parsing
    /// them takes about a millisecond.
    pub fn start(&mut self, ctx: &egui::Context, load: LoadOptions) {
        if self.archive.is_empty() && load.builtin && !load.folders.is_empty() {
            let builtin = LoadOptions {
                folders: Vec::new(),
                cache: None,
                ..load.clone()
            };
            if let Ok(archive) = hotline::load(&builtin, &Progress::default()) {
                self.show(Arc::new(archive));
                self.shown = Shown::StandIn;
            }
        }
        self.loading_folders = load.folders.clone();
        let cache = self.cache_options(&load.folders);
        self.prefetch = SearchIndex::prefetch(&cache);
        let order = cache::load_order(&load, &cache);
        self.loader.start(ctx, load, order);
    }

    /// The options for loading `folder` as the Open dialog chose it.
    pub fn folder_load(&self, folder: PathBuf) -> LoadOptions {
        LoadOptions {
            builtin: self.loader.include_builtin,
            folders: vec![folder],
            text: Text::Full,
            cache: self.cache_dir.clone().or_else(default_cache_root),
            ..LoadOptions::default()
        }
    }

    /// Takes in what the load sent, starts indexing an archive put on
    /// show, and lets the text of a shown outline load once its index is
    /// open. `filter` and `sort` are the list's (answers come scanned for
    /// the filter, loaded archives with their view).
    pub fn poll(
        &mut self,
        ctx: &egui::Context,
        search: &mut SearchRuntime,
        (filter, sort): (&Filter, Sort),
    ) -> Option<Event> {
        self.loader.list_as(filter, sort);
        let event = self.loader.poll().and_then(|outcome| self.take(outcome));
        if self.indexed != self.generation {
            self.indexed = self.generation;
            let cache = self.cache_options(&self.folders);
            // The prefetched index is the load's, not a stand-in's.
            let prefetch = match self.shown {
                Shown::Loaded => self.prefetch.take(),
                Shown::StandIn => None,
            };
            search.start(ctx, self.archive.clone(), cache, prefetch);
        }
        if let Some(Event::TextFilled) = &event {
            let cache = self.cache_options(&self.folders);
            search.add_text(ctx, self.archive.clone(), cache);
        }
        search.poll(filter);
        // The text waits while the outline's index opens (sharing the
        // cores with it would delay the first search by about as long).
        if search.ready || search.failure.is_some() || search.needs_text {
            self.loader.release_text();
        }
        self.status = self.watch.status(self.step(search), Instant::now());
        event
    }

    /// What is under way: the load, else the index of what it showed.
    fn step(&self, search: &SearchRuntime) -> Option<Step> {
        if let Some(loading) = self.loader.loading() {
            return Some(Step::of(loading));
        }
        if search.ready || search.failure.is_some() || self.archive.is_empty() {
            return None;
        }
        let (indexed, total) = search.build_counts();
        Some(Step::Indexing { indexed, total })
    }

    /// Where the session stands, given its search index's state.
    pub fn phase(&self, search: &SearchRuntime) -> Phase {
        if self.loader.is_loading() && !self.loader.loading_text() {
            return Phase::Loading;
        }
        match (self.archive.has_text(), search.ready) {
            (_, false) if search.failure.is_some() => Phase::Unsearchable,
            (false, false) => Phase::Outline,
            (false, true) => Phase::Searchable,
            (true, false) => Phase::Indexing,
            (true, true) => Phase::FullText,
        }
    }

    fn take(&mut self, outcome: Outcome) -> Option<Event> {
        let loaded = match outcome {
            Outcome::Loaded(loaded) => loaded,
            Outcome::Cancelled => return Some(self.cancelled()),
            Outcome::Failed => {
                self.stopped();
                return None;
            }
        };
        Some(match loaded {
            Loaded::Outline(archive, view) => {
                self.folders = self.loading_folders.clone();
                self.prepared = Some(view);
                self.replace(Arc::new(archive))
            }
            Loaded::Text(archive, view) => {
                self.prepared = Some(view);
                self.folders = std::mem::take(&mut self.loading_folders);
                let archive = Arc::new(archive);
                if self.archive.has_text() || !self.archive.same_entries(&archive) {
                    return Some(self.replace(archive));
                }
                // The text of the entries shown: the same indexes, the
                // same search index, only their text is new.
                drop_elsewhere(std::mem::replace(&mut self.archive, archive));
                self.generation += 1;
                self.indexed = self.generation;
                Event::TextFilled
            }
        })
    }

    /// A loaded archive replaces the one on show.
    fn replace(&mut self, archive: Arc<Archive>) -> Event {
        let was = std::mem::take(&mut self.shown);
        Event::Replaced(self.show(archive), was)
    }

    /// What was on show stays, and the user is told so.
    fn cancelled(&mut self) -> Event {
        self.stopped();
        let kept = match self.archive.len() {
            0 => "nothing is loaded".to_string(),
            1 => "the entry shown before is kept".to_string(),
            n => format!("the {} entries shown before are kept", grouped(n)),
        };
        Event::Cancelled(format!("Loading was cancelled: {kept}."))
    }

    /// The load ended without an archive: what is on show stays, and is
    /// now simply what is loaded.
    fn stopped(&mut self) {
        self.loading_folders.clear();
        self.prefetch = None;
        self.shown = Shown::Loaded;
    }

    /// Puts `archive` on show; returns the one it replaces.
    pub fn show(&mut self, archive: Arc<Archive>) -> Arc<Archive> {
        self.generation += 1;
        std::mem::replace(&mut self.archive, archive)
    }

    /// Where the search index of an archive loaded from `folders` is kept.
    fn cache_options(&self, folders: &[PathBuf]) -> CacheOptions {
        CacheOptions {
            cache_dir: self.cache_dir.clone(),
            roots: folders.to_vec(),
            ..Default::default()
        }
    }
}

/// Lets go of an archive on another thread: freeing 100,000 entries takes
/// longer than a frame. (Where the thread cannot start, here.)
pub fn drop_elsewhere(archive: Arc<Archive>) {
    if Arc::strong_count(&archive) > 1 || archive.is_empty() {
        return;
    }
    let _ = std::thread::Builder::new()
        .name("hotline-free".into())
        .spawn(move || drop(archive));
}
