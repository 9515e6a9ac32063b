//! The App: owns the persisted [`UiState`] and the [`Runtime`] state, polls
//! the loading [`Session`], lays the window out panel by panel (each panel
//! gets what it draws and the command queue), and applies the queued
//! [`Command`]s once a frame. Filters and counts come from `hotline::query`
//! through [`View`].

use super::collections::CollectionsRuntime;
use super::command::{self, Command};
use super::export::{ExportDialog, Scope, Sources};
use super::find::FindRuntime;
use super::highlights_view::HighlightsView;
use super::memory::{Memory, Store};
use super::reader::ReaderRuntime;
use super::saver::{self, Saver};
use super::search::{Asked, SearchRuntime};
use super::selection::Selection;
use super::session::{Event, Phase, Session, Shown, drop_elsewhere};
use super::state::{CollectionOrder, HitsOrder, JoinedTeasers, TimeScope, UiState};
use super::timeline::ChartRuntime;
use super::trends::TrendsRuntime;
use super::view::View;
use super::{
    author_page, explore, find, help, layout, list, menu, reader, search, sidebar, status, theme,
    timeline, trends, warnings,
};
use hotline::{Archive, LoadOptions};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Everything not saved between runs.
#[derive(Default)]
pub struct Runtime {
    /// The archive on show, the load that replaces or fills it, and its
    /// search index's start.
    pub session: Session,
    pub view: View,
    pub selection: Selection,
    /// The highlighted list row (keyboard cursor), a canonical index.
    pub cursor: Option<u32>,
    /// The entry in the reader, a canonical index.
    pub open: Option<u32>,
    /// Where the last selection toggle happened (for Shift-click ranges).
    pub anchor: Option<u32>,
    /// Commands queued this frame by panels and keys.
    pub queue: Vec<Command>,
    /// Scroll the list to the cursor on the next frame.
    pub reveal_cursor: bool,
    pub reader: ReaderRuntime,
    pub chart: ChartRuntime,
    pub search: SearchRuntime,
    /// The Trends window's terms and counts.
    pub trends: TrendsRuntime,
    /// The find bar and the hits highlighted in the reader.
    pub find: FindRuntime,
    /// A message for the user shown under the menu bar (e.g. settings reset).
    pub note: Option<String>,
    pub show_help: bool,
    pub show_warnings: bool,
    pub export: ExportDialog,
    /// A passing confirmation in the status bar ("Copied …") and the time
    /// (egui seconds) until which it shows.
    pub flash: Option<(String, f64)>,
    /// The window's width at the last frame (what the sidebar toggle
    /// toggles from).
    pub width: f32,
    /// Where each panel was drawn in the last frame.
    pub panels: Vec<layout::Drawn>,
    /// Highlights, notes, collections and reading positions.
    pub memory: Memory,
    /// The collections' counts and order, and the naming window.
    pub collections: CollectionsRuntime,
    /// The Highlights window.
    pub highlights: HighlightsView,
    /// The author whose page is open, and their collections and
    /// highlights as the memory has them.
    pub author_page: Option<String>,
    pub author_shelf: author_page::Shelf,
    /// The day "this day in the archive" is of (today unless a test sets it).
    pub today: Option<chrono::NaiveDate>,
    pub this_day: explore::ThisDay,
}

/// The status bar: counts on the left; the export's and the load's
/// progress and the warnings on the right, each drawn by its own widget.
fn status_bar_ui(ui: &mut egui::Ui, rt: &mut Runtime) {
    let counts = status::Counts {
        shown: rt.view.rows.len(),
        total: rt.all_entries(),
        selected: rt.selection.len(),
        warnings: rt.session.archive.warnings().len(),
    };
    ui.horizontal(|ui| {
        status::counts_ui(ui, &counts, &mut rt.flash, &mut rt.queue);
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            rt.export.status_ui(ui);
            status::warnings_button_ui(ui, counts.warnings, &mut rt.queue);
            status::progress_ui(ui, rt.session.status.as_ref(), &mut rt.queue);
        });
    });
}

impl Runtime {
    /// What "All entries" counts, and the status line's "of M": like
    /// every facet it follows the search (its matches), else the archive.
    fn all_entries(&self) -> usize {
        self.search
            .asked()
            .shown()
            .map_or(self.session.archive.len(), |(_, a)| a.all.len())
    }
}

/// The reader window.
pub struct HotlineApp {
    pub state: UiState,
    pub rt: Runtime,
    /// Keeps the state file current (the tests' windows have none).
    saver: Option<Saver>,
    /// Set by the signal handler: save now, the process is ending.
    flush: Arc<AtomicBool>,
    /// The load generation and selection revision the state's selection
    /// ids were copied from.
    synced: Option<(u64, u64)>,
}

impl HotlineApp {
    /// A window on an already loaded archive, with saved state restored
    /// (the tests' window: the app itself always loads).
    #[cfg(test)]
    pub fn new(
        ctx: &egui::Context,
        storage: Option<&dyn eframe::Storage>,
        archive: Arc<Archive>,
    ) -> HotlineApp {
        HotlineApp::with_session(ctx, storage, Session::showing(archive), Store::Memory)
    }

    /// A window that loads `load` on a background thread and shows it when done.
    pub fn loading(
        ctx: &egui::Context,
        storage: Option<&dyn eframe::Storage>,
        load: LoadOptions,
    ) -> HotlineApp {
        let store = hotline::db::default_path().map_or(Store::Memory, Store::File);
        HotlineApp::with_session(ctx, storage, Session::loading(ctx, load), store)
    }

    fn with_session(
        ctx: &egui::Context,
        storage: Option<&dyn eframe::Storage>,
        session: Session,
        store: Store,
    ) -> HotlineApp {
        theme::install(ctx);
        let (state, note) = UiState::restore(storage);
        theme::apply(ctx, state.theme);
        let mut app = HotlineApp {
            state: state.clone(),
            rt: Runtime {
                session,
                note,
                export: ExportDialog::from_prefs(&state.export),
                memory: Memory::start(store),
                ..Runtime::default()
            },
            saver: None,
            flush: Arc::default(),
            synced: None,
        };
        app.move_positions();
        app.adopt();
        let shown = app.rt.session.archive.clone();
        app.rt.memory.follow(shown);
        app
    }

    /// Reading positions kept in the state by an older window move into
    /// the library database.
    fn move_positions(&mut self) {
        let old = std::mem::take(&mut self.state.positions);
        self.rt
            .memory
            .take_old_positions(old.into_iter().map(|(id, (offset, _))| (id, offset)));
    }

    /// Keeps the state in the file at `path` from now on (see `saver`),
    /// starting from what it holds; with no file yet, the state read from
    /// eframe's storage is written there.
    pub fn with_state_file(mut self, ctx: &egui::Context, path: PathBuf) -> HotlineApp {
        let on_disk = match saver::restore(&path) {
            saver::Restored::Saved(s) => {
                self.take_state(ctx, (*s).clone());
                *s
            }
            saver::Restored::Missing => UiState {
                version: 0,
                ..UiState::default()
            },
            saver::Restored::Unusable(note) => {
                self.take_state(ctx, UiState::default());
                self.rt.note = Some(note);
                UiState::default()
            }
        };
        let saver = Saver::new(path, on_disk);
        #[cfg(unix)]
        saver.save_on_signals(ctx, self.flush.clone());
        self.saver = Some(saver);
        self
    }

    /// Writes the state now: the window is closing.
    pub fn save_before_exit(&mut self) {
        self.rt.memory.finish();
        self.sync_state();
        if let Some(saver) = &mut self.saver {
            saver.save_now(&self.state).ok();
        }
    }

    /// Shows `state` in place of the one restored at start.
    fn take_state(&mut self, ctx: &egui::Context, state: UiState) {
        theme::apply(ctx, state.theme);
        self.rt.export = ExportDialog::from_prefs(&state.export);
        self.state = state;
        self.move_positions();
        self.adopt();
    }

    /// Hands the current state to the saver (see `saver`); when the
    /// process is ending, writes it at once.
    fn keep_state(&mut self, ctx: &egui::Context) {
        let Some(mut saver) = self.saver.take() else {
            return;
        };
        if self.flush.load(Ordering::SeqCst) {
            self.sync_state();
            saver.save_now(&self.state).ok();
            self.flush.store(false, Ordering::SeqCst);
        } else if saver.due(ctx) {
            self.sync_state();
            saver.save_soon(&self.state);
        }
        if let Some(why) = saver.failure()
            && self.rt.note.is_none()
        {
            self.rt.note = Some(format!("Settings cannot be saved: {why}"));
        }
        self.saver = Some(saver);
    }

    /// After the archive on show changed from `old`: what was selected and
    /// open in it, by id, is selected and open in the new one.
    fn carry_over(&mut self, old: Arc<Archive>, was: Shown) {
        if !old.is_empty() {
            self.sync_state_with(&old, was);
        }
        drop_elsewhere(old);
        self.adopt();
    }

    /// Selects and opens, in the archive on show, what the saved state
    /// names by id.
    fn adopt(&mut self) {
        let a = &self.rt.session.archive;
        self.rt.selection = Selection::from_ids(a, &self.state.selection);
        self.synced = None;
        self.rt.open = self.state.open.as_deref().and_then(|id| a.index_of(id));
        self.rt.cursor = self.rt.open;
        self.rt.anchor = None;
        self.rt.reader.restore = self.rt.open.is_some();
    }

    /// Copies the id-based parts of the runtime state into [`UiState`].
    /// The selection's ids are copied again only when it changed (it is
    /// asked several times a second, and may hold 100,000 entries).
    pub fn sync_state(&mut self) {
        let archive = self.rt.session.archive.clone();
        let shown = self.rt.session.shown;
        let now = (self.rt.session.generation, self.rt.selection.revision());
        if self.synced != Some(now) {
            self.state.selection = self.selection_ids(&archive, shown);
            self.synced = Some(now);
        }
        self.sync_open(&archive, shown);
    }

    /// From `a`, which is `shown` and about to be replaced.
    fn sync_state_with(&mut self, a: &Archive, shown: Shown) {
        self.state.selection = self.selection_ids(a, shown);
        self.synced = None;
        self.sync_open(a, shown);
    }

    /// The selection's ids in `a`, which is `shown`: a stand-in keeps the
    /// state's ids it does not hold, which are the load's.
    fn selection_ids(&self, a: &Archive, shown: Shown) -> Vec<String> {
        let mut selection = self.rt.selection.ids(a);
        if shown == Shown::StandIn {
            let elsewhere = |id: &&String| a.index_of(id).is_none();
            selection.extend(self.state.selection.iter().filter(elsewhere).cloned());
        }
        selection
    }

    /// The open entry's id and the export choices.
    fn sync_open(&mut self, a: &Archive, shown: Shown) {
        let mut open = self.rt.open.and_then(|ix| a.get(ix)).map(|e| e.id.clone());
        if shown == Shown::StandIn {
            open = open.or_else(|| {
                self.state
                    .open
                    .clone()
                    .filter(|id| a.index_of(id).is_none())
            });
        }
        self.state.open = open;
        self.state.export = self.rt.export.prefs();
    }

    /// The whole window, drawn into `ui` (eframe's root or a test harness).
    pub fn ui_body(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.rt.search.take_escape(&ctx);
        self.close_window_on_escape(&ctx);
        self.rt.find.take_keys(&ctx);
        for c in command::from_keys(&ctx) {
            // The field is drawn later in this frame with the keyboard
            // already in it, so the keys typed with the shortcut arrive.
            if c.focuses_field() {
                self.apply(&ctx, c);
            } else {
                self.rt.queue.push(c);
            }
        }
        let listed = (&self.state.filter, self.state.sort);
        let changed = self.rt.session.poll(&ctx, &mut self.rt.search, listed);
        if let Some(view) = self.rt.session.prepared.take() {
            let hits = self.state.hits_order;
            self.rt.view.adopt(self.rt.session.generation, view, hits);
        }
        match changed {
            Some(Event::Replaced(old, was)) => {
                self.carry_over(old, was);
                let shown = self.rt.session.archive.clone();
                self.rt.memory.follow(shown);
            }
            Some(Event::Cancelled(note)) => self.rt.note = Some(note),
            Some(Event::TextFilled) | None => {}
        }
        let rt = &mut self.rt;
        if rt.memory.poll(ctx.input(|i| i.time)) {
            rt.reader.marking.resolve(|id| rt.memory.resolve(id));
        }
        if let Some(problem) = rt.memory.problem.take() {
            rt.note = Some(problem);
        }
        rt.find.refresh(
            &rt.session.archive,
            rt.session.generation,
            rt.open,
            &rt.search,
        );
        rt.export.poll();
        let generation = rt.session.generation;
        rt.trends
            .poll(&mut rt.search, generation, &self.state.filter);
        let shown = rt.search.asked().shown();
        rt.collections.refresh(
            (&rt.session.archive, rt.session.generation),
            (&rt.memory.collections, rt.memory.revision()),
            &mut self.state.filter,
            shown.map(|(serial, a)| (serial, a.all.as_slice())),
        );
        let order = (self.state.sort, self.state.hits_order);
        let key = (rt.session.generation, &self.state.filter, order);
        let collection_order = (rt.collections.order.as_deref())
            .filter(|_| self.state.collection_order == CollectionOrder::Own);
        let hidden = match self.state.joined_teasers {
            JoinedTeasers::Hide => rt.search.explored.joins.as_ref(),
            JoinedTeasers::Show => None,
        };
        // Before the refresh, so rows that must be whole again are made
        // in this frame; after it, for the rows it made.
        rt.view.hide_joined(hidden);
        rt.view
            .refresh(&rt.session.archive, key, shown, collection_order);
        rt.view.hide_joined(hidden);
        if let Some(ix) = rt.open {
            rt.search.want_related(ix);
        }

        let top = egui::Panel::top("menu_bar").show(ui, |ui| {
            menu::menu_bar_ui(
                ui,
                &self.state,
                &mut rt.search,
                rt.note.as_deref(),
                &mut rt.queue,
            )
        });
        let bottom = egui::Panel::bottom("status_bar").show(ui, |ui| status_bar_ui(ui, rt));
        rt.panels.clear();
        rt.panels.push(layout::Drawn::fixed(top.response.rect));
        rt.panels.push(layout::Drawn::fixed(bottom.response.rect));
        rt.width = ui.available_width();
        let plan = self.state.panels.plan(rt.width);
        // The sidebar's highlights row: every highlight, or with a search
        // those holding its words (the search looks in them too).
        let searched = rt.search.asked().shown().map(|(_, a)| a.query.clone());
        let highlights_row = match searched.filter(|q| !q.trim().is_empty()) {
            Some(q) => {
                let n = rt.highlights.matching(&rt.memory, &rt.session.archive, &q);
                let label = format!("Highlights with “{q}”");
                n.filter(|&n| n > 0)
                    .map(|n| (label, n, Command::ShowHighlightsFor(q)))
            }
            None => {
                let n = rt.memory.highlight_count();
                let label = "Highlights and notes".to_string();
                (n > 0).then_some((label, n, Command::ShowHighlightsFor(String::new())))
            }
        };

        let mut edges = Vec::new();
        if let Some(range) = plan.sidebar {
            let shown = egui::Panel::left("sidebar")
                .default_size(self.state.panels.sidebar_width)
                .size_range(range)
                .show(ui, |ui| {
                    let facets = sidebar::Facets {
                        filter: &self.state.filter,
                        total: rt.all_entries(),
                        counts: &rt.view.counts,
                        collections: &rt.collections.counts,
                        highlights: highlights_row,
                    };
                    let expanded = &mut self.state.expanded_years;
                    sidebar::sidebar_ui(ui, &facets, expanded, &mut rt.queue);
                });
            self.state.panels.sidebar_width = shown.response.rect.width();
            edges.push(shown.response.rect);
            rt.panels
                .push(layout::Drawn::scrolling(shown.response.rect));
        }
        let listed = egui::Panel::left("entry_list")
            .default_size(self.state.panels.list_width)
            .size_range(plan.list)
            .frame(egui::Frame::side_top_panel(ui.style()).inner_margin(0))
            .show(ui, |ui| {
                search::search_note_ui(ui, &rt.search);
                let chart = timeline::Timeline {
                    filter: &self.state.filter,
                    bins: self.state.bins,
                    shown: &rt.view.counts.days,
                    totals: rt.view.counts.totals.as_ref(),
                };
                timeline::timeline_ui(ui, &chart, &mut rt.chart, &mut rt.queue);
                let search = match rt.search.asked() {
                    Asked::Nothing => list::ListSearch::None,
                    Asked::Waiting { shown: None } => list::ListSearch::Waiting,
                    Asked::Waiting {
                        shown: Some((_, answer)),
                    }
                    | Asked::Answered(_, answer) => list::ListSearch::Answered(&answer.snippets),
                };
                let loading_line = rt.session.status.and_then(|s| s.list_line());
                let view = list::ListView {
                    order: list::Order {
                        sort: self.state.sort,
                        hits: match rt.search.asked() {
                            Asked::Nothing => None,
                            _ => Some(self.state.hits_order),
                        },
                        collection: collection_order_shown(rt, &self.state),
                    },
                    archive: &rt.session.archive,
                    rows: &rt.view.rows,
                    selection: &rt.selection,
                    cursor: rt.cursor,
                    open: rt.open,
                    search,
                    reveal_cursor: std::mem::take(&mut rt.reveal_cursor),
                    loading: loading_line.as_deref(),
                };
                let missing = list::list_ui(ui, &view, &mut rt.queue);
                rt.search.want_snippets(&missing);
            });
        self.state.panels.list_width = listed.response.rect.width();
        edges.push(listed.response.rect);
        rt.panels
            .push(layout::Drawn::scrolling(listed.response.rect));
        let open_entry = rt.open.and_then(|ix| rt.session.archive.get(ix));
        let open_id = open_entry.map(|e| e.id.as_str());
        let today = rt.today.unwrap_or_else(explore::today);
        let this_day = match rt.open {
            None => rt
                .this_day
                .of(&rt.session.archive, rt.session.generation, today),
            Some(_) => &[],
        };
        let reader = egui::CentralPanel::default()
            .frame(egui::Frame::new().fill(theme::paper(ui)))
            .show(ui, |ui| {
                let doc = reader::Document {
                    archive: &rt.session.archive,
                    open: rt.open,
                    loading: rt.session.phase(&rt.search) == Phase::Loading,
                    listed: match rt.open.is_some_and(|ix| rt.view.lists(ix)) {
                        true => reader::Listed::Yes,
                        false => reader::Listed::No,
                    },
                    highlights: open_id.map_or(&[], |id| rt.memory.highlights_of(id)),
                    entry_note: open_id.and_then(|id| rt.memory.entry_note(id)),
                    position: open_id.map_or(0.0, |id| rt.memory.position(id)),
                    marks_revision: rt.memory.revision(),
                    collections: &rt.memory.collections,
                    around: explore::Around {
                        related: rt.open.and_then(|ix| rt.search.explored.related(ix)),
                        joins: rt.search.explored.joins.as_deref(),
                    },
                    this_day: (today, this_day),
                };
                let page = (&mut rt.reader, &mut rt.find);
                reader::reader_ui(ui, &mut self.state, &doc, page, &mut rt.queue);
            });
        rt.panels
            .push(layout::Drawn::scrolling(reader.response.rect));
        for edge in edges {
            layout::grip_ui(ui, edge);
        }

        help::help_window_ui(&ctx, &mut rt.show_help);
        super::collections::naming_window_ui(&ctx, &mut rt.collections, &mut rt.queue);
        if rt.highlights.open {
            rt.highlights.refresh(&rt.memory, &rt.session.archive);
        }
        let reading = rt.highlights.progress(&rt.memory);
        if reading.is_some() {
            // The rows are made a share per frame (for the window or the
            // sidebar's count).
            ctx.request_repaint();
        }
        let collections = (rt.memory.collections.as_slice(), reading);
        super::highlights_view::window_ui(&ctx, &mut rt.highlights, collections, &mut rt.queue);
        warnings::warnings_window_ui(&ctx, &rt.session.archive, &mut rt.show_warnings);
        rt.session.loader.dialog_ui(&ctx, &mut rt.queue);
        let sources = Sources {
            archive: &rt.session.archive,
            selection: &rt.selection,
            shown: &rt.view.rows,
            open: rt.open,
            collection: match self.state.filter.collections.as_slice() {
                [one] if rt.collections.order.is_some() => Some(one.as_str()),
                _ => None,
            },
            memory: &rt.memory,
        };
        rt.export.joins.clone_from(&rt.search.explored.joins);
        rt.export.window_ui(&ctx, &sources);
        trends::trends_window_ui(&ctx, &mut rt.trends, self.state.bins, &mut rt.queue);
        let page = match rt.search.explored.author() {
            None => author_page::Shown::Making,
            Some(Err(e)) => author_page::Shown::Unknown(e),
            Some(Ok(profile)) => author_page::Shown::Page {
                profile,
                shelf: rt.author_shelf.of(profile, &rt.session.archive, &rt.memory),
                problem: rt.memory.problem.as_deref(),
            },
        };
        author_page::author_window_ui(&ctx, &mut rt.author_page, page, &mut rt.queue);
        self.apply_commands(&ctx);
        self.keep_state(&ctx);
    }

    /// Applies (and empties) the command queue.
    fn apply_commands(&mut self, ctx: &egui::Context) {
        for c in std::mem::take(&mut self.rt.queue) {
            self.apply(ctx, c);
        }
    }

    fn apply(&mut self, ctx: &egui::Context, c: Command) {
        match c {
            Command::CursorUp => self.move_cursor(-1),
            Command::CursorDown => self.move_cursor(1),
            Command::OpenCursor => {
                if let Some(ix) = self.rt.cursor {
                    self.open(ix);
                }
            }
            Command::Open(ix) => self.open(ix),
            Command::ToggleCursorSelection => {
                if let Some(ix) = self.rt.cursor {
                    self.rt.selection.toggle(ix);
                    self.rt.anchor = Some(ix);
                }
            }
            Command::ToggleSelection(ix) => {
                self.rt.selection.toggle(ix);
                self.rt.anchor = Some(ix);
            }
            Command::SelectRangeTo(ix) => self.select_range_to(ix),
            Command::SelectAllShown => {
                for &ix in &self.rt.view.rows {
                    self.rt.selection.set(ix, true);
                }
            }
            Command::ClearSelection => self.rt.selection.clear(),
            Command::SetFilter(f) => self.state.filter = f,
            Command::ClearFilter => self.state.filter = Default::default(),
            Command::ShowTag(tag) => {
                self.state.filter = hotline::Filter {
                    tags: vec![tag],
                    ..Default::default()
                };
            }
            Command::PreviousEntry => self.step_entry(-1),
            Command::NextEntry => self.step_entry(1),
            Command::FontBigger => self.state.bigger_font(1.0),
            Command::FontSmaller => self.state.bigger_font(-1.0),
            Command::WiderColumn => self.state.wider_column(5.0),
            Command::NarrowerColumn => self.state.wider_column(-5.0),
            Command::SetTheme(t) => {
                self.state.theme = t;
                theme::apply(ctx, t);
            }
            Command::SortBy(key) => {
                let searching = !matches!(self.rt.search.asked(), Asked::Nothing);
                let own =
                    collection_order_shown(&self.rt, &self.state) == Some(CollectionOrder::Own);
                // Hits listed best first, or a collection in its own
                // order, take the key as it is; the key already in use is
                // reversed.
                if searching && self.state.hits_order == HitsOrder::Relevance {
                    self.state.hits_order = HitsOrder::Sorted;
                } else if own {
                    self.state.collection_order = CollectionOrder::Sorted;
                    self.state.sort.descending = false;
                } else {
                    self.state.sort.descending =
                        self.state.sort.key == key && !self.state.sort.descending;
                }
                self.state.sort.key = key;
            }
            Command::SortByRelevance => self.state.hits_order = HitsOrder::Relevance,
            Command::SortByCollection => self.state.collection_order = CollectionOrder::Own,
            Command::SetBins(b) => self.state.bins = b,
            Command::JumpToSection(n) => self.rt.reader.jump = Some(n),
            Command::OpenFolderDialog => self.rt.session.loader.dialog_open = true,
            Command::LoadFolder(path) => {
                let load = self.rt.session.folder_load(path);
                self.rt.session.start(ctx, load);
            }
            Command::CancelLoad => self.rt.session.loader.cancel(),
            Command::ToggleWarnings => self.rt.show_warnings = !self.rt.show_warnings,
            Command::ToggleHelp => self.rt.show_help = !self.rt.show_help,
            Command::FocusSearch => search::focus_field(ctx),
            Command::FindInArticle if self.rt.open.is_some() => {
                self.rt.find.show();
                find::focus_field(ctx);
            }
            Command::FindInArticle => search::focus_field(ctx),
            Command::CloseFind => self.rt.find.close(),
            Command::NextHit => self.rt.find.step(1),
            Command::PreviousHit => self.rt.find.step(-1),
            Command::DismissNote => self.rt.note = None,
            Command::Export(scope) => self.show_export(scope),
            Command::CopyCitation => self.copy_citation(ctx, false),
            Command::CopySelectionCitations => self.copy_citation(ctx, true),
            Command::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            Command::ToggleSidebar => {
                self.state.panels.sidebar = self.state.panels.toggled(self.rt.width);
            }
            c @ (Command::Highlight(_)
            | Command::NoteOnSelection
            | Command::CopySelection
            | Command::ExtendSelection(_)
            | Command::Recolour(..)
            | Command::DeleteHighlight(_)
            | Command::OpenHighlightCard(_)
            | Command::CloseHighlightCard
            | Command::SaveNote
            | Command::CancelNote
            | Command::EditEntryNote
            | Command::KeepPosition(..)) => self.apply_marking(ctx, c),
            c @ (Command::AddToCollection(..)
            | Command::RemoveFromCollection(_)
            | Command::NewCollection(_)
            | Command::RenameCollection(_)
            | Command::DeleteCollection(_)
            | Command::NamingDone(..)
            | Command::MoveInCollection(_)
            | Command::PlaceInCollection(..)) => self.apply_collection(c),
            Command::ToggleHighlights => self.rt.highlights.toggle(),
            Command::ShowHighlightsFor(q) => self.rt.highlights.show_for(&q),
            Command::ShowHighlight(ix, id) => {
                self.open(ix);
                self.rt.reader.reveal_highlight = Some(id);
                self.rt.reader.marking.click(Some(id));
            }
            Command::ToggleTrends => self.rt.trends.open = !self.rt.trends.open,
            Command::ShowTrendPoint(term, period) => {
                self.rt.search.text = term;
                self.state.filter = super::period::with_range(&self.state.filter, period, period);
            }
            Command::StepInTime(step) => self.step_in_time(step),
            Command::RandomEntry => self.random_entry(ctx),
            Command::SetTimeScope(scope) => self.state.time_scope = scope,
            Command::SetJoinedTeasers(j) => self.state.joined_teasers = j,
            Command::OpenAuthor(name) => {
                self.rt.search.want_author(&name);
                self.rt.author_page = Some(name);
            }
            Command::ListAuthor(name) => self.state.filter = author_filter(name),
            Command::ExportAuthor(name) => {
                self.state.filter = author_filter(name);
                self.rt.export.show(Scope::Shown);
            }
        }
    }

    /// Where time steps and random picks look.
    fn among(&self) -> hotline::explore::Among<'_> {
        match self.state.time_scope {
            TimeScope::Archive => hotline::explore::Among::Archive,
            TimeScope::List => hotline::explore::Among::List(&self.rt.view.rows),
        }
    }

    /// Opens the next or previous dated entry in time after the open one.
    fn step_in_time(&mut self, step: hotline::explore::Step) {
        let Some(from) = self.rt.open else { return };
        let archive = self.rt.session.archive.clone();
        if let Some(ix) = hotline::explore::step_in_time(&archive, self.among(), from, step) {
            self.open(ix);
        }
    }

    /// Opens an entry picked by the clock, never the open one.
    fn random_entry(&mut self, ctx: &egui::Context) {
        let seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64)
            ^ ctx.cumulative_frame_nr();
        let archive = self.rt.session.archive.clone();
        let picked = hotline::explore::random_entry(&archive, self.among(), self.rt.open, seed);
        if let Some(ix) = picked {
            self.open(ix);
        }
    }

    /// Esc closes the window on top (Help, then Export, then Warnings,
    /// then Trends) before it can clear the filters.
    fn close_window_on_escape(&mut self, ctx: &egui::Context) {
        let rt = &mut self.rt;
        let open = [
            &mut rt.show_help,
            &mut rt.export.open,
            &mut rt.highlights.open,
            &mut rt.show_warnings,
            &mut rt.trends.open,
        ];
        let Some(top) = open.into_iter().find(|o| **o) else {
            return;
        };
        if ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape)) {
            *top = false;
        }
    }

    /// Opens the Export window on `scope`, or the nearest scope that has
    /// entries (the selection, else the shown entries).
    fn show_export(&mut self, scope: Scope) {
        let rt = &self.rt;
        let scope = match scope {
            Scope::Selection if rt.selection.len() == 0 => Scope::Shown,
            Scope::Open if rt.open.is_none() => Scope::Shown,
            s => s,
        };
        self.rt.export.show(scope);
    }

    /// Copies the open entry's citation (or, when asked or when nothing is
    /// open, the selection's) as plain text.
    fn copy_citation(&mut self, ctx: &egui::Context, selection: bool) {
        let a = &self.rt.session.archive;
        let (text, what) = match self.rt.open.and_then(|ix| a.get(ix)) {
            Some(e) if !selection => (hotline::export::citation(e), format!("“{}”", e.title)),
            _ => {
                let ixs: Vec<u32> = self.rt.selection.indexes().collect();
                let n = ixs.len();
                if n == 0 {
                    self.flash(ctx, "Nothing to cite: open or select an entry first.");
                    return;
                }
                let what = hotline::numbers::counted(n, ("entry", "entries"));
                (hotline::export::citations(a, &ixs), what)
            }
        };
        ctx.copy_text(text);
        self.flash(ctx, &format!("Copied the citation of {what}."));
    }

    pub(super) fn flash(&mut self, ctx: &egui::Context, text: &str) {
        let until = ctx.input(|i| i.time) + 4.0;
        self.rt.flash = Some((text.to_string(), until));
    }

    /// Opens a representative entry (the first with the most sections), for
    /// screenshots.
    pub fn show_sample(&mut self) {
        let a = &self.rt.session.archive;
        let best = (0..a.len() as u32).max_by_key(|&ix| {
            let sections = a.get(ix).map_or(0, |e| e.sections().count());
            (sections, std::cmp::Reverse(ix))
        });
        if let Some(ix) = best {
            self.open(ix);
        }
    }

    fn open(&mut self, ix: u32) {
        let Some(entry) = self.rt.session.archive.get(ix) else {
            return;
        };
        self.state.open = Some(entry.id.clone());
        if self.rt.open != Some(ix) {
            self.rt.reader.marking.reset();
        }
        self.rt.open = Some(ix);
        self.rt.cursor = Some(ix);
        self.rt.reader.restore = true;
        self.rt.reveal_cursor = true;
    }

    /// Moves the list cursor by `delta` rows (from the open entry if none).
    fn move_cursor(&mut self, delta: isize) {
        let rows = &self.rt.view.rows;
        if rows.is_empty() {
            return;
        }
        let from = self.rt.cursor.or(self.rt.open);
        let next = match from.and_then(|ix| self.rt.view.position_of(ix)) {
            Some(pos) => pos.saturating_add_signed(delta).min(rows.len() - 1),
            None if delta < 0 => rows.len() - 1,
            None => 0,
        };
        self.rt.cursor = Some(rows[next]);
        self.rt.reveal_cursor = true;
    }

    /// Opens the previous / next shown entry relative to the open one.
    fn step_entry(&mut self, delta: isize) {
        self.rt.cursor = self.rt.open.or(self.rt.cursor);
        let before = self.rt.cursor;
        self.move_cursor(delta);
        if let Some(ix) = self.rt.cursor
            && self.rt.cursor != before
        {
            self.open(ix);
        }
    }

    /// Selects every shown entry between the anchor and `ix` (inclusive).
    fn select_range_to(&mut self, ix: u32) {
        let rt = &mut self.rt;
        let to = rt.view.position_of(ix);
        let from = rt.anchor.and_then(|a| rt.view.position_of(a));
        match (from, to) {
            (Some(a), Some(b)) => {
                for &r in &rt.view.rows[a.min(b)..=a.max(b)] {
                    rt.selection.set(r, true);
                }
            }
            _ => rt.selection.toggle(ix),
        }
        rt.anchor = Some(ix);
    }
}

/// The filter keeping one author's entries.
fn author_filter(name: String) -> hotline::Filter {
    hotline::Filter {
        authors: vec![hotline::AuthorSel::Named(name)],
        ..Default::default()
    }
}

impl eframe::App for HotlineApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.ui_body(ui);
    }

    /// eframe's periodic save (and the one before exit): the writer thread
    /// takes it, so the frame does not wait for the disk.
    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.sync_state();
        match &mut self.saver {
            Some(saver) => saver.save_soon(&self.state),
            None => self.state.save(storage),
        }
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.save_before_exit();
    }
}

/// How the one collection the list shows alone is ordered (`None`: the
/// list is not one collection, or it lists a search's hits).
fn collection_order_shown(rt: &Runtime, state: &UiState) -> Option<CollectionOrder> {
    let alone = rt.collections.order.is_some();
    (alone && matches!(rt.search.asked(), Asked::Nothing)).then_some(state.collection_order)
}
