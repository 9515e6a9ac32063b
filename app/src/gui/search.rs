//! Full-text search in the window: [`SearchRuntime`] owns the query text,
//! the background `hotline-index` thread and the latest results.
//!
//! After each load the thread prepares a [`SearchIndex`] (kept in the
//! on-disk cache for user folders, else in memory; for an archive of
//! outlines, the cached index if it is current, with the text put under it
//! when it comes), then serves queries from a channel; only the newest
//! pending query runs (stale ones are dropped). An answer ranks every hit
//! and brings the first page's snippets; the list asks for the rest as
//! their rows are shown. The UI never waits: it polls for answers each
//! frame and the thread asks for a repaint when one is ready. The Trends
//! view's counts are asked of the same thread ([`SearchRuntime::ask_trends`]),
//! so they use the same index and never block a frame.

use super::answer::{Answer, on_pool, scan};
use super::explore::{Explored, Found};
use hotline::search::{
    BuildProgress, CacheOptions, CacheReport, Fallback, Prefetch, Query, SearchError, SearchIndex,
    Snippet,
};
use hotline::trends::Trends;
use hotline::{Archive, Filter};
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::sync::{Arc, Mutex, PoisonError};

/// Held while an index is prepared: a cancelled build may still be
/// finishing in the same cache folder when the next load's build starts.
static PREPARING: Mutex<()> = Mutex::new(());

/// Hits whose snippets come with the answer (more than a screenful); the
/// others' are asked for as their rows are shown.
const FIRST_SNIPPETS: usize = 60;

/// What the window asks of the thread.
enum Ask {
    /// Run this query (its serial and text), for the list under this
    /// filter.
    Query(u64, String, Filter),
    /// The text of the archive being searched (which was an outline).
    Text(Arc<Archive>),
    /// Snippets of the answer to a query (its serial) in these entries.
    Snippets(u64, Vec<u32>),
    /// Count these terms over time under this filter (see `hotline::trends`).
    Trends(u64, Vec<String>, Filter),
    /// The entries most like this one (see `super::explore`).
    Related(u32),
    /// This author's page.
    Author(String),
}

/// What the thread sends back.
enum Reply {
    /// The index is searchable; what the cache did, and why it could not
    /// be used (the index is then in memory).
    Ready(CacheReport, Option<String>),
    Failed(String),
    /// The cached index does not match the outline: it waits for the text.
    NeedsText,
    Results(u64, Result<Box<Answer>, String>),
    Snippets(u64, Vec<(u32, Snippet)>),
    Trends(u64, Box<Trends>),
    /// What the explore panels asked for, or the teasers' joins.
    Explore(Found),
}

/// Where the search stands (see [`SearchRuntime::asked`]).
#[derive(Clone, Copy)]
pub enum Asked<'a> {
    /// Nothing typed: the list shows every entry under the filters.
    Nothing,
    /// A query is typed and its answer is on its way (or the text could
    /// not be understood); `shown` is the newest answer to an earlier text,
    /// kept on show so the list does not flicker back to everything.
    Waiting { shown: Option<(u64, &'a Answer)> },
    /// The answer to the text in the field: its serial and the answer.
    Answered(u64, &'a Answer),
}

impl<'a> Asked<'a> {
    /// The answer on show: the current one, or an earlier one while the
    /// current runs.
    pub fn shown(self) -> Option<(u64, &'a Answer)> {
        match self {
            Asked::Nothing => None,
            Asked::Waiting { shown } => shown,
            Asked::Answered(serial, answer) => Some((serial, answer)),
        }
    }

    /// The answer to the text in the field, if it is in.
    pub fn current(self) -> Option<(u64, &'a Answer)> {
        match self {
            Asked::Answered(serial, answer) => Some((serial, answer)),
            Asked::Nothing | Asked::Waiting { .. } => None,
        }
    }
}

/// Search state for the current archive.
#[derive(Default)]
pub struct SearchRuntime {
    /// The text in the Search field.
    pub text: String,
    /// Serial of the query last sent (0: none yet).
    sent: u64,
    /// The text of the query last sent.
    sent_text: String,
    tx: Option<Sender<Ask>>,
    rx: Option<Receiver<Reply>>,
    progress: Option<Arc<BuildProgress>>,
    pub ready: bool,
    /// The index waits for the archive's text (to update its cache).
    pub needs_text: bool,
    pub failure: Option<String>,
    /// What the index build did with the cache (once ready).
    pub report: Option<CacheReport>,
    /// Why the on-disk cache could not be used.
    pub cache_error: Option<String>,
    /// The latest answered query: its serial and answer.
    shown: Option<(u64, Answer)>,
    /// Hits of the shown outcome whose snippets were asked for.
    asked: std::collections::HashSet<u32>,
    /// Why the current query could not be understood.
    pub error: Option<String>,
    /// The field had the keyboard at the end of the last frame.
    had_focus: bool,
    /// Serial of the trends last asked for (0: none yet).
    trends_sent: u64,
    /// The newest trends answered: their serial and counts.
    trends: Option<(u64, Trends)>,
    /// Related entries, the author page and the teasers' joins, as the
    /// thread sends them.
    pub explored: Explored,
}

impl SearchRuntime {
    /// Starts indexing `archive` (dropping any previous index and results);
    /// `cache` says where its index may be kept on disk.
    /// `prefetch` is its cached index, if one was opened while it loaded.
    pub fn start(
        &mut self,
        ctx: &egui::Context,
        archive: Arc<Archive>,
        cache: CacheOptions,
        prefetch: Option<Prefetch>,
    ) {
        if let Some(p) = &self.progress {
            p.cancel();
        }
        let text = std::mem::take(&mut self.text);
        *self = SearchRuntime {
            text,
            ..SearchRuntime::default()
        };
        let (qtx, qrx) = channel::<Ask>();
        let (rtx, rrx) = channel();
        let progress = Arc::new(BuildProgress::default());
        let p = progress.clone();
        let ctx = ctx.clone();
        // The window's scan threads are started here if need be, at the
        // window's priority: the index thread below lowers its own, and
        // threads take the priority of the thread that starts them.
        on_pool(|| ());
        let spawned = std::thread::Builder::new()
            .name("hotline-index".into())
            .spawn(move || {
                // The window's thread draws ahead of this one and of the
                // indexing threads it starts.
                hotline::threads::background();
                worker(&ctx, (archive, &cache, prefetch), &p, &qrx, &rtx);
            });
        if let Err(e) = spawned {
            self.failure = Some(format!("cannot start indexing: {e}"));
            return;
        }
        self.tx = Some(qtx);
        self.rx = Some(rrx);
        self.progress = Some(progress);
    }

    /// Puts the text of the archive under the index, which was started on
    /// its outline (the same entries); starts over with it if the thread
    /// is gone.
    pub fn add_text(&mut self, ctx: &egui::Context, archive: Arc<Archive>, cache: CacheOptions) {
        let sent = match &self.tx {
            Some(tx) => tx.send(Ask::Text(archive.clone())).is_ok(),
            None => false,
        };
        if !sent {
            self.start(ctx, archive, cache, None);
        }
    }

    /// Esc in the field clears the query. egui drops the focus on Esc before
    /// the frame starts, so this runs first and takes the key (it must not
    /// also clear the filters).
    pub fn take_escape(&mut self, ctx: &egui::Context) {
        if std::mem::take(&mut self.had_focus)
            && ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape))
        {
            self.text.clear();
        }
    }

    /// Whether a query is typed (the list shows its hits).
    fn active(&self) -> bool {
        !self.text.trim().is_empty()
    }

    /// Sends the text if it changed and takes in any answers. `filter` is
    /// the list's: the answer comes with its rows and counts under it.
    pub fn poll(&mut self, filter: &Filter) {
        if self.text != self.sent_text {
            self.sent_text = self.text.clone();
            self.sent += 1;
            self.error = None;
            if let Some(tx) = &self.tx
                && self.active()
            {
                tx.send(Ask::Query(self.sent, self.text.clone(), filter.clone()))
                    .ok();
            }
        }
        let Some(rx) = &self.rx else { return };
        loop {
            match rx.try_recv() {
                Ok(Reply::Ready(report, cache_error)) => {
                    self.ready = true;
                    self.report = Some(report);
                    self.cache_error = cache_error;
                }
                Ok(Reply::Failed(e)) => self.failure = Some(e),
                Ok(Reply::NeedsText) => self.needs_text = true,
                Ok(Reply::Results(serial, outcome)) if serial == self.sent => match outcome {
                    Ok(o) => {
                        self.shown = Some((serial, *o));
                        self.asked.clear();
                    }
                    Err(e) => self.error = Some(e),
                },
                Ok(Reply::Results(..)) => {}
                Ok(Reply::Snippets(serial, found)) => match &mut self.shown {
                    Some((shown, o)) if *shown == serial => o.snippets.extend(found),
                    _ => {}
                },
                Ok(Reply::Trends(serial, t)) => self.trends = Some((serial, *t)),
                Ok(Reply::Explore(found)) => self.explored.take(found),
                Err(TryRecvError::Empty | TryRecvError::Disconnected) => break,
            }
        }
    }

    /// Asks for the snippets of shown hits that have none yet (rows
    /// scrolled into view beyond the first page); they arrive with a
    /// later [`SearchRuntime::poll`].
    pub fn want_snippets(&mut self, ixs: &[u32]) {
        let (Some((serial, o)), Some(tx)) = (&self.shown, &self.tx) else {
            return;
        };
        let missing: Vec<u32> = ixs
            .iter()
            .copied()
            .filter(|ix| !o.snippets.contains_key(ix) && self.asked.insert(*ix))
            .collect();
        if !missing.is_empty() {
            tx.send(Ask::Snippets(*serial, missing)).ok();
        }
    }

    /// Asks the thread to count `terms` over time under `filter`; returns
    /// the serial its answer will carry, or `None` when no index thread runs.
    pub fn ask_trends(&mut self, terms: Vec<String>, filter: Filter) -> Option<u64> {
        let tx = self.tx.as_ref()?;
        self.trends_sent += 1;
        tx.send(Ask::Trends(self.trends_sent, terms, filter)).ok()?;
        Some(self.trends_sent)
    }

    /// The newest trends answered (their serial and counts), once.
    pub fn take_trends(&mut self) -> Option<(u64, Trends)> {
        self.trends.take()
    }

    /// Asks for the entries most like `ix` (once per entry).
    pub fn want_related(&mut self, ix: u32) {
        if let Some(tx) = &self.tx
            && self.ready
            && self.explored.ask_related(ix)
        {
            tx.send(Ask::Related(ix)).ok();
        }
    }

    /// Asks for the page of the author named `name`.
    pub fn want_author(&mut self, name: &str) {
        if let Some(tx) = &self.tx
            && self.explored.ask_author(name)
        {
            tx.send(Ask::Author(name.to_string())).ok();
        }
    }

    /// Where the search stands: all the window asks of it.
    pub fn asked(&self) -> Asked<'_> {
        if !self.active() {
            return Asked::Nothing;
        }
        match &self.shown {
            Some((serial, o)) if *serial == self.sent => Asked::Answered(*serial, o),
            shown => Asked::Waiting {
                shown: shown.as_ref().map(|(serial, o)| (*serial, o)),
            },
        }
    }

    /// Whether the text in the field has its answer or its error (what a
    /// test or a screenshot waits for).
    pub fn settled(&self) -> bool {
        self.text == self.sent_text
            && (matches!(self.asked(), Asked::Answered(..)) || self.error.is_some())
    }

    /// Entries indexed and to index, while the index is built ((0, 0)
    /// before it starts).
    pub fn build_counts(&self) -> (usize, usize) {
        self.progress.as_ref().map_or((0, 0), |p| p.counts())
    }

    /// The field's hint: indexing progress until the index is ready.
    pub fn hint(&self) -> String {
        if self.ready {
            return "Search".into();
        }
        if self.failure.is_some() {
            return "Search unavailable".into();
        }
        match self.progress.as_ref().map(|p| p.counts()) {
            // Nothing to index yet: the first archive is loading.
            None => "Search (once loaded)".into(),
            Some((done, total)) if total > 0 => format!(
                "Indexing… {} / {}",
                hotline::numbers::grouped(done),
                hotline::numbers::grouped(total)
            ),
            Some(_) => "Indexing…".into(),
        }
    }
}

/// The `hotline-index` thread: prepare the index, then answer queries
/// until the window drops the sender. An archive of outlines is searched
/// with its cached index if that is current, and its text is put under the
/// index when it comes; else the index waits for the text to be updated.
fn worker(
    ctx: &egui::Context,
    (archive, cache, prefetch): (Arc<Archive>, &CacheOptions, Option<Prefetch>),
    progress: &BuildProgress,
    asks: &Receiver<Ask>,
    replies: &Sender<Reply>,
) {
    let mut pending = Pending::default();
    let mut told = false;
    let prepare = |archive, prefetch| {
        let _one_at_a_time = PREPARING.lock().unwrap_or_else(PoisonError::into_inner);
        SearchIndex::prepare_prefetched(archive, cache, prefetch, progress)
    };
    let prepared = if archive.has_text() {
        prepare(archive, prefetch)
    } else {
        match SearchIndex::open_unchanged(archive, cache, prefetch) {
            Some(index) => Ok((index, None)),
            None => loop {
                if !std::mem::replace(&mut told, true) {
                    replies.send(Reply::NeedsText).ok();
                    ctx.request_repaint();
                }
                match asks.recv() {
                    Ok(Ask::Text(full)) => break prepare(full, None),
                    Ok(Ask::Query(serial, text, filter)) => {
                        pending.query = Some((serial, text, filter));
                    }
                    Ok(Ask::Trends(serial, terms, filter)) => {
                        pending.trends = Some((serial, terms, filter));
                    }
                    // Nothing is shown yet to want snippets of.
                    Ok(Ask::Snippets(..)) => {}
                    Ok(Ask::Related(ix)) => pending.related = Some(ix),
                    Ok(Ask::Author(name)) => pending.author = Some(name),
                    Err(_) => return,
                }
            },
        }
    };
    let (mut index, cache_error) = match prepared {
        Ok(ix) => ix,
        Err(e) => {
            replies.send(Reply::Failed(e.to_string())).ok();
            ctx.request_repaint();
            return;
        }
    };
    pending.joins_due = true;
    let report = index.cache_report();
    replies
        .send(Reply::Ready(report, cache_error.map(|e| e.to_string())))
        .ok();
    ctx.request_repaint();
    // The last query answered (its serial and what it ran as), for the
    // snippets asked for later.
    let mut answered: Option<(u64, Query)> = None;
    // The teasers joined to their articles, for related entries.
    let mut joins: Option<Arc<hotline::explore::TeaserJoins>> = None;
    loop {
        if pending.joins_due {
            pending.joins_due = false;
            let found = super::explore::joins(&index);
            joins = Some(found.clone());
            if replies.send(Reply::Explore(Found::Joins(found))).is_err() {
                return;
            }
            ctx.request_repaint();
        }
        if pending.is_empty() {
            match asks.recv() {
                Ok(ask) => pending.take(ask, &mut index, &prepare),
                Err(_) => return,
            }
        }
        // Only the newest pending query is worth running.
        while let Ok(ask) = asks.try_recv() {
            pending.take(ask, &mut index, &prepare);
        }
        for (serial, ixs) in pending.snippets.drain(..) {
            let Some((_, q)) = answered.as_ref().filter(|(s, _)| *s == serial) else {
                continue;
            };
            if replies
                .send(Reply::Snippets(serial, index.snippets(q, &ixs)))
                .is_err()
            {
                return;
            }
            ctx.request_repaint();
        }
        if let Some((serial, terms, filter)) = pending.trends.take() {
            let found = hotline::trends::trends(&index, &terms, &filter, &Query::default());
            if replies
                .send(Reply::Trends(serial, Box::new(found)))
                .is_err()
            {
                return;
            }
            ctx.request_repaint();
        }
        let asked = (pending.related.take(), pending.author.take());
        for found in super::explore::answer(&index, joins.as_deref(), asked) {
            if replies.send(Reply::Explore(found)).is_err() {
                return;
            }
            ctx.request_repaint();
        }
        let Some((serial, text, filter)) = pending.query.take() else {
            continue;
        };
        let (outcome, q) = run_query(&index, &text, &filter);
        answered = q.map(|q| (serial, q));
        if replies.send(Reply::Results(serial, outcome)).is_err() {
            return;
        }
        ctx.request_repaint();
    }
}

/// What the window asked for and the thread has not done yet.
#[derive(Default)]
struct Pending {
    /// The newest query (older ones are dropped) and the list's filter.
    query: Option<(u64, String, Filter)>,
    /// Snippets asked for, per answered query.
    snippets: Vec<(u64, Vec<u32>)>,
    /// The newest trends asked for (older ones are dropped).
    trends: Option<(u64, Vec<String>, Filter)>,
    /// The newest entry whose related entries were asked for.
    related: Option<u32>,
    /// The newest author page asked for.
    author: Option<String>,
    /// The teasers are to be joined (again) to their articles: the index
    /// is ready, or has its text now.
    joins_due: bool,
}

impl Pending {
    fn is_empty(&self) -> bool {
        self.query.is_none()
            && self.snippets.is_empty()
            && self.related.is_none()
            && self.author.is_none()
            && self.trends.is_none()
    }

    /// Takes in one ask: a query replaces the pending one; snippets queue;
    /// text goes under the index (or, for other entries, which the window
    /// does not send, into a new one).
    fn take<F>(&mut self, ask: Ask, index: &mut SearchIndex, prepare: &F)
    where
        F: Fn(Arc<Archive>, Option<Prefetch>) -> PreparedIndex,
    {
        match ask {
            Ask::Query(serial, text, filter) => self.query = Some((serial, text, filter)),
            Ask::Snippets(serial, ixs) => self.snippets.push((serial, ixs)),
            Ask::Trends(serial, terms, filter) => self.trends = Some((serial, terms, filter)),
            Ask::Related(ix) => self.related = Some(ix),
            Ask::Author(name) => self.author = Some(name),
            Ask::Text(full) => {
                self.joins_due = true;
                if let Some(ix) = index.with_archive(full.clone()) {
                    *index = ix;
                } else if let Ok((ix, _)) = prepare(full, None) {
                    *index = ix;
                }
            }
        }
    }
}

/// An index, and why the on-disk cache could not be used for it.
type PreparedIndex = Result<(SearchIndex, Option<SearchError>), SearchError>;

/// Runs one query: the outcome, and the query its snippets are of (the
/// corrected one for fuzzy results).
fn run_query(
    index: &SearchIndex,
    text: &str,
    filter: &Filter,
) -> (Result<Box<Answer>, String>, Option<Query>) {
    let q = match Query::parse(text) {
        Ok(q) => q,
        Err(e) => return (Err(e.to_string()), None),
    };
    let r = index.search_ranked(&q, &Filter::default(), FIRST_SNIPPETS, Fallback::Typos);
    let ran = match r.fuzzy.as_deref().map(Query::parse) {
        Some(Ok(fixed)) => fixed,
        _ => q,
    };
    let snippets = r.hits.into_iter().map(|h| (h.ix, h.snippet)).collect();
    let mut outcome = Answer {
        query: text.to_string(),
        ranked: r.ranked,
        all: r.all,
        snippets,
        fuzzy: r.fuzzy,
        scanned: None,
    };
    outcome.scanned = Some(scan(index.archive(), filter, &outcome));
    (Ok(Box::new(outcome)), Some(ran))
}

/// The Search field's id: known before the field is drawn, so a shortcut
/// can give it the keyboard within the frame ([`focus_field`]).
fn field_id() -> egui::Id {
    egui::Id::unique("hotline-search-field")
}

/// Puts the keyboard in the Search field now.
pub fn focus_field(ctx: &egui::Context) {
    ctx.memory_mut(|m| m.request_focus(field_id()));
}

/// The Search field, with the query error or fuzzy note below it.
pub fn search_field_ui(ui: &mut egui::Ui, s: &mut SearchRuntime) {
    let hint = s.hint();
    // Right to left (the menu bar's layout): clear button, field, magnifier.
    let visuals = ui.visuals().widgets.inactive;
    egui::Frame::new()
        .fill(ui.visuals().extreme_bg_color)
        .stroke(visuals.bg_stroke)
        .corner_radius(visuals.corner_radius)
        .inner_margin(egui::Margin::symmetric(6, 0))
        .show(ui, |ui| {
            ui.spacing_mut().item_spacing.x = 4.0;
            if s.text.is_empty() {
                ui.add_space(18.0);
            } else {
                let clear = ui
                    .add(egui::Button::new("×").frame(false).small())
                    .on_hover_text("Clear the search (Esc)");
                clear.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::Role::Button, true, "Clear search")
                });
                if clear.clicked() {
                    s.text.clear();
                }
            }
            let edit = egui::TextEdit::singleline(&mut s.text)
                .id(field_id())
                .hint_text(hint)
                .frame(egui::Frame::NONE)
                .desired_width(220.0);
            let r = ui.add(edit);
            s.had_focus = r.has_focus();
            r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, "Search"));
            magnifier_ui(ui);
        });
    if !s.ready && s.failure.is_none() {
        // Keep the "Indexing… n/total" hint moving.
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_millis(250));
    }
    if let Some(f) = &s.failure {
        ui.label(egui::RichText::new(f.as_str()).color(ui.visuals().error_fg_color));
    }
    if let Some(e) = &s.cache_error {
        let note = egui::RichText::new("Index not cached").color(ui.visuals().warn_fg_color);
        ui.label(note).on_hover_text(format!(
            "The search index cache could not be used ({e}); \
             the index was built in memory and is rebuilt on the next start."
        ));
    }
}

/// A magnifier drawn with lines (the bundled fonts have no such glyph).
fn magnifier_ui(ui: &mut egui::Ui) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(14.0, 14.0), egui::Sense::hover());
    let stroke = egui::Stroke::new(1.4, ui.visuals().weak_text_color());
    let center = rect.center() - egui::vec2(1.5, 1.5);
    ui.painter().circle_stroke(center, 4.5, stroke);
    let handle = egui::vec2(3.2, 3.2);
    ui.painter()
        .line_segment([center + handle, center + handle * 2.0], stroke);
}

/// Above the list: a query error or the fuzzy correction.
pub fn search_note_ui(ui: &mut egui::Ui, s: &SearchRuntime) {
    if let Some(e) = &s.error
        && s.active()
    {
        ui.label(egui::RichText::new(e.as_str()).color(ui.visuals().error_fg_color));
    } else if let Some((_, o)) = s.asked().current()
        && let Some(f) = &o.fuzzy
    {
        ui.label(format!("No exact matches — showing results for “{f}”"));
    }
}

/// The snippet with its highlights in bold on a tinted background.
pub fn snippet_job(ui: &egui::Ui, snippet: &Snippet, width: f32) -> egui::text::LayoutJob {
    let font = egui::FontId::proportional(12.0);
    let plain = egui::TextFormat::simple(font.clone(), ui.visuals().weak_text_color());
    let strong = egui::TextFormat {
        color: ui.visuals().strong_text_color(),
        background: ui.visuals().selection.bg_fill.gamma_multiply(0.6),
        ..egui::TextFormat::simple(font, ui.visuals().strong_text_color())
    };
    let mut job = egui::text::LayoutJob::default();
    let text = snippet.text.as_str();
    let mut at = 0;
    for h in &snippet.highlights {
        let (Some(before), Some(hit)) = (text.get(at..h.start), text.get(h.start..h.end)) else {
            continue;
        };
        job.append(before, 0.0, plain.clone());
        job.append(hit, 0.0, strong.clone());
        at = h.end;
    }
    job.append(text.get(at..).unwrap_or(""), 0.0, plain);
    job.wrap = egui::text::TextWrapping::truncate_at_width(width);
    job
}
