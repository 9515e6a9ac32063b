//! The reader: the open entry set in the bundled serif on a calm page,
//! a column of the chosen width, a contents list of its sections, previous
//! and next, and the reading position remembered per entry.
//!
//! Headings are headings, captions are small muted italics, author notes
//! are set apart under a rule. Excerpts say plainly that only the teaser is
//! in the archive and which page (part k of n) they came from.

use super::command::Command;
use super::explore;
use super::export::Scope;
use super::extent::{self, Extent, Laid};
use super::find::{self, FindRuntime, Mode, Place};
use super::list::meta_line;
use super::marking::{self, Marking, Place as TextPlace, TextSelection};
use super::rich;
use super::state::UiState;
use super::theme;
use egui::text::TextFormat;
use egui::{Color32, FontId, RichText};
use hotline::db::Highlight;
use hotline::model::Span;
use hotline::numbers::counted;
use hotline::{Archive, BlockKind, Entry, Kind};
use std::ops::Range;

/// Reader state that is not saved.
#[derive(Default)]
pub struct ReaderRuntime {
    /// Restore the saved scroll position on the next frame.
    pub restore: bool,
    /// Scroll to this section heading on the next frame.
    pub jump: Option<usize>,
    /// The text selection, the open highlight card, and where the blocks
    /// were drawn.
    pub marking: Marking,
    /// Scroll to the highlight with this id once the text is drawn.
    pub reveal_highlight: Option<i64>,
    /// The heights of a long entry's blocks.
    extent: Extent,
    /// A scroll to a place in a long entry, asked again for a few frames:
    /// the blocks laid out on the way take their real heights, which
    /// moves the place.
    again: Option<(u8, Reveal)>,
    /// The scroll offset to take on the next pass: what is in view stays
    /// put when blocks above it were laid out taller or shorter.
    offset: Option<f32>,
    /// Where the open entry's highlights are, and for which entry,
    /// archive and memory revision: finding a passage in a changed text
    /// costs up to milliseconds, not to be spent every frame.
    placed: Option<((usize, u32, u64), std::rc::Rc<marking::Placed>)>,
}

impl ReaderRuntime {
    /// The placement of `entry`'s highlights, made again only when the
    /// entry, the archive or the highlights changed.
    fn placed(
        &mut self,
        key: (usize, u32, u64),
        entry: &Entry,
        highlights: &[Highlight],
    ) -> std::rc::Rc<marking::Placed> {
        match &self.placed {
            Some((k, p)) if *k == key => p.clone(),
            _ => {
                let p = std::rc::Rc::new(marking::placed(entry, highlights));
                self.placed = Some((key, p.clone()));
                p
            }
        }
    }
}

/// The places a page scrolls to: the current hit, a highlight (its id),
/// a section heading (its number).
#[derive(Clone, Copy, Default)]
struct Reveal {
    hit: bool,
    highlight: Option<i64>,
    jump: Option<usize>,
    /// A long entry's saved place: a block and how far into it.
    anchor: Option<(usize, f32)>,
}

impl Reveal {
    fn any(&self) -> bool {
        self.hit || self.highlight.is_some() || self.jump.is_some() || self.anchor.is_some()
    }
}

/// Frames a scroll in a long entry is asked again.
const REVEAL_FRAMES: u8 = 4;

/// What one page is drawn with.
struct Page<'a> {
    entry: &'a Entry,
    /// Its canonical index.
    entry_ix: u32,
    size: f32,
    /// Scroll to this section heading.
    jump: Option<usize>,
    find: &'a FindRuntime,
    /// Scroll to the current hit.
    reveal: bool,
    /// Marker colours: every hit, the current hit.
    marks: (Color32, Color32),
    /// Only the entry's outline is loaded yet; its text is on its way.
    outline: bool,
    listed: Listed,
    /// The entry's highlights, and where each is in the entry's text.
    highlights: &'a [Highlight],
    placed: std::rc::Rc<marking::Placed>,
    entry_note: Option<&'a str>,
    /// The selection as the last frame left it.
    selection: Option<TextSelection>,
    /// The highlight whose card is open.
    active: Option<i64>,
    reveal_highlight: Option<i64>,
    /// A long entry's saved place to scroll to.
    anchor: Option<(usize, f32)>,
    laid: Laid,
}

/// What the reader shows.
pub struct Document<'a> {
    pub archive: &'a Archive,
    /// The entry in the reader, a canonical index.
    pub open: Option<u32>,
    /// The archive itself is still loading (not just its text).
    pub loading: bool,
    /// Whether the open entry is in the list (filters can leave it out).
    pub listed: Listed,
    /// The open entry's highlights, in the order of their place.
    pub highlights: &'a [Highlight],
    /// The note about the whole open entry.
    pub entry_note: Option<&'a str>,
    /// Where the reader left the open entry: points down the page, or in
    /// a long entry the block at the top of the view and how far into it
    /// (`12.25`: a quarter into block 12; see `extent`).
    pub position: f32,
    /// Moves whenever the highlights change.
    pub marks_revision: u64,
    /// The reader's collections (the Collect menu).
    pub collections: &'a [super::memory::Members],
    /// Its related entries and its teaser or article.
    pub around: explore::Around<'a>,
    /// The day "this day in the archive" is of, and its entries in other
    /// years, on the empty page.
    pub this_day: (chrono::NaiveDate, &'a [u32]),
}

/// Whether the open entry is one of the list's rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listed {
    Yes,
    No,
}

/// The reader panel: toolbar, the hit or find bar, then the page. `state`
/// keeps the reading position and the text size; `reader` and `find` are
/// the page's scroll requests and hits.
pub fn reader_ui(
    ui: &mut egui::Ui,
    state: &mut UiState,
    doc: &Document<'_>,
    (reader, find): (&mut ReaderRuntime, &mut FindRuntime),
    queue: &mut Vec<Command>,
) {
    let open = doc.open.and_then(|ix| doc.archive.get(ix).map(|e| (ix, e)));
    let opened = match open {
        Some(_) => Opened::Entry,
        None => Opened::Nothing,
    };
    let collect = (open.map(|(_, e)| e.id.as_str()), doc.collections);
    toolbar_ui(ui, state, (opened, collect), queue);
    let Some((ix, entry)) = open else {
        reader.marking.reset();
        empty_ui(ui, doc, queue);
        return;
    };
    if reader.marking.selection.is_some_and(|s| s.entry != ix) {
        reader.marking.reset();
    }
    reader.marking.begin_frame();
    hit_bar_ui(ui, find, queue);
    let mut scroll = egui::ScrollArea::vertical()
        .id_salt(("reader", ix))
        .auto_shrink(false);
    if let Some(offset) = reader.offset.take() {
        scroll = scroll.vertical_scroll_offset(offset);
    }
    // An outline is not the page: the saved position waits for the text.
    let outline = !doc.archive.has_text();
    let laid = Laid::of(entry);
    let long = laid == Laid::WhereSeen;
    // A long entry's place is a block and how far into it (see `extent`).
    let mut anchor = None;
    if !outline && std::mem::take(&mut reader.restore) {
        if long {
            let block = doc.position.max(0.0).floor();
            // The top of the page needs no scroll.
            anchor = (doc.position > 0.0 && (block as usize) < entry.blocks.len())
                .then_some((block as usize, doc.position - block));
        } else {
            scroll = scroll.vertical_scroll_offset(doc.position);
        }
    }
    let key = (
        std::ptr::from_ref(doc.archive) as usize,
        ix,
        doc.marks_revision,
    );
    let placed = reader.placed(key, entry, doc.highlights);
    let mut reveal = Reveal {
        hit: find.reveal,
        highlight: reader.reveal_highlight.take_if(|_| !outline),
        jump: reader.jump.take(),
        anchor,
    };
    if long {
        reveal = match reader.again.take() {
            _ if reveal.any() => {
                reader.again = Some((REVEAL_FRAMES, reveal));
                reveal
            }
            Some((n, again)) => {
                reader.again = (n > 1).then_some((n - 1, again));
                ui.ctx().request_repaint();
                again
            }
            None => reveal,
        };
    }
    let page = Page {
        entry,
        entry_ix: ix,
        size: state.font_size,
        jump: reveal.jump,
        find,
        reveal: reveal.hit,
        marks: find::marks(ui),
        outline,
        listed: doc.listed,
        highlights: doc.highlights,
        placed: placed.clone(),
        entry_note: doc.entry_note,
        selection: reader.marking.selection,
        active: reader.marking.active,
        reveal_highlight: reveal.highlight,
        anchor: reveal.anchor,
        laid,
    };
    let (marking, extent) = (&mut reader.marking, &mut reader.extent);
    let out = scroll.show(ui, |ui| {
        let avail = ui.available_width();
        let column = (state.line_chars * state.font_size * 0.48)
            .min(avail - 48.0)
            .max(160.0);
        let margin = ((avail - column) / 2.0).max(24.0);
        ui.add_space(28.0);
        ui.horizontal_top(|ui| {
            ui.add_space(margin);
            ui.vertical(|ui| {
                ui.set_max_width(column);
                explore::pair_ui(ui, doc.archive, ix, &doc.around, queue);
                page_ui(ui, &page, (marking, extent), queue);
                explore::related_ui(ui, doc.archive, &doc.around, queue);
            });
        });
        ui.add_space(48.0);
    });
    find.reveal = false;
    marking.follow_drag(ui, entry);
    let offset = out.state.clamped_offset().y;
    // While a place is scrolled to, the scroll puts it in view itself.
    if long && !reveal.any() && extent.shift().abs() > 0.5 {
        // Drawn again at once, moved by what the blocks above grew.
        reader.offset = Some(offset + extent.shift());
        ui.ctx()
            .request_discard("blocks above the view were laid out");
    }
    let place = match long {
        // Kept once a saved place has been scrolled to.
        true if reveal.anchor.is_none() => extent.anchor().map(|(b, into)| b as f32 + into),
        true => None,
        false => Some(offset),
    };
    if let Some(place) = place.filter(|p| !outline && (p - doc.position).abs() > 0.001) {
        queue.push(Command::KeepPosition(ix, place));
    }
    let bar = super::highlight_bar::Bar {
        entry,
        highlights: doc.highlights,
        placed: &placed,
        clip: out.inner_rect,
    };
    super::highlight_bar::bar_ui(ui, &bar, marking, queue);
}

/// Whether the reader has an entry open: the actions on it are offered
/// only then.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Opened {
    Entry,
    Nothing,
}

/// The toolbar's text-size and column controls, in reading order.
enum SizeItem {
    Button(&'static str, Command),
    /// The text size in points.
    Points,
    Separator,
}

const SIZE_ITEMS: [SizeItem; 6] = [
    SizeItem::Button("A-", Command::FontSmaller),
    SizeItem::Points,
    SizeItem::Button("A+", Command::FontBigger),
    SizeItem::Separator,
    SizeItem::Button("Narrower", Command::NarrowerColumn),
    SizeItem::Button("Wider", Command::WiderColumn),
];

/// Narrower than this, the toolbar takes two rows (the entry's actions,
/// then the text-size controls) instead of one with the size controls at
/// the right edge.
const TOOLBAR_ONE_ROW: f32 = 640.0;

/// The entry's actions (previous, next, cite, export, collect), then the
/// text-size and column controls.
fn toolbar_ui(
    ui: &mut egui::Ui,
    state: &UiState,
    (opened, (open_id, collections)): (Opened, (Option<&str>, &[super::memory::Members])),
    queue: &mut Vec<Command>,
) {
    egui::Frame::new()
        .inner_margin(egui::Margin::symmetric(12, 6))
        .fill(ui.visuals().panel_fill)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            let entry = |ui: &mut egui::Ui, queue: &mut Vec<Command>| {
                ui.add_enabled_ui(opened == Opened::Entry, |ui| {
                    icon_button_ui(ui, "Previous", Command::PreviousEntry, queue);
                    icon_button_ui(ui, "Next", Command::NextEntry, queue);
                    ui.separator();
                    icon_button_ui(ui, "Cite", Command::CopyCitation, queue);
                    icon_button_ui(ui, "Export entry…", Command::Export(Scope::Open), queue);
                    super::collections::collect_menu_ui(ui, open_id, collections, queue);
                });
            };
            let size = |ui: &mut egui::Ui, item: &SizeItem, queue: &mut Vec<Command>| match item {
                SizeItem::Button(text, command) => icon_button_ui(ui, text, command.clone(), queue),
                SizeItem::Points => {
                    ui.label(format!("{:.0} pt", state.font_size));
                }
                SizeItem::Separator => {
                    ui.separator();
                }
            };
            if ui.available_width() >= TOOLBAR_ONE_ROW {
                ui.horizontal(|ui| {
                    entry(ui, queue);
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        // Laid out from the right edge: last item first.
                        SIZE_ITEMS.iter().rev().for_each(|i| size(ui, i, queue));
                    });
                });
            } else {
                // Two rows, each group whole.
                ui.horizontal(|ui| entry(ui, queue));
                ui.horizontal(|ui| SIZE_ITEMS.iter().for_each(|i| size(ui, i, queue)));
            }
        });
}

/// The find bar when open, else "hit 3 of 7" when the entry has search hits.
fn hit_bar_ui(ui: &mut egui::Ui, f: &mut FindRuntime, queue: &mut Vec<Command>) {
    let search_hits = f.mode() == Some(Mode::Search) && !f.hits.is_empty();
    if !f.open && !search_hits {
        return;
    }
    egui::Frame::new()
        .inner_margin(egui::Margin::symmetric(12, 4))
        .fill(ui.visuals().faint_bg_color)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            if f.open {
                find::find_bar_ui(ui, f, queue);
            } else {
                find::search_hits_ui(ui, f, queue);
            }
        });
}

/// Where the entry comes from, out of the way: the file's path on hover,
/// and a click opens its folder.
fn source_ui(ui: &mut egui::Ui, source: &str) {
    if source.starts_with(hotline::load::BUILTIN_PREFIX) {
        ui.label(
            RichText::new("·  Built-in archive")
                .size(12.5)
                .color(theme::muted(ui)),
        )
        .on_hover_text(source);
        return;
    }
    ui.label(RichText::new("·").size(12.5).color(theme::muted(ui)));
    let link = ui
        .link(RichText::new("Show file").size(12.5))
        .on_hover_text(format!("{source}\nClick to open its folder"));
    if link.clicked()
        && let Some(folder) = std::path::Path::new(source).parent()
    {
        // Nothing to do if no file manager answers: the path is on hover.
        open::that_detached(folder).ok();
    }
}

/// Tags the reader shows as chips; more are counted (a page of thousands
/// would be laid out every frame).
const TAGS_SHOWN: usize = 40;

/// The entry's tags as small buttons; a click lists the entries with it.
fn tags_ui(ui: &mut egui::Ui, tags: &[String], queue: &mut Vec<Command>) {
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        for t in tags.iter().take(TAGS_SHOWN) {
            let chip = egui::Button::new(RichText::new(t).size(11.5)).corner_radius(8.0);
            if ui
                .add(chip)
                .on_hover_text(format!("List the entries tagged “{t}”"))
                .clicked()
            {
                queue.push(Command::ShowTag(t.clone()));
            }
        }
        if let Some(more) = tags.len().checked_sub(TAGS_SHOWN).filter(|&n| n > 0) {
            let text = format!("and {} more", hotline::numbers::grouped(more));
            ui.label(RichText::new(text).size(11.5).color(theme::muted(ui)));
        }
    });
}

/// A compact button whose hover text is the command's label and shortcut.
fn icon_button_ui(ui: &mut egui::Ui, text: &str, command: Command, queue: &mut Vec<Command>) {
    if ui
        .button(text)
        .on_hover_text(command.hover_text(ui.ctx()))
        .clicked()
    {
        queue.push(command);
    }
}

fn empty_ui(ui: &mut egui::Ui, doc: &Document<'_>, queue: &mut Vec<Command>) {
    ui.add_space(ui.available_height() * 0.3);
    ui.vertical_centered(|ui| {
        ui.label(
            RichText::new("HotLine Magazine Archives")
                .family(theme::serif_bold())
                .size(24.0),
        );
        ui.add_space(6.0);
        let text = if doc.loading {
            "Loading the archive…".to_string()
        } else {
            let entries = counted(doc.archive.len(), ("entry", "entries"));
            let by = match doc.archive.authors().len() {
                0 => "none with a known author".to_string(),
                n => format!("by {}", counted(n, ("author", "authors"))),
            };
            format!("{entries}, {by}. Choose one from the list to start reading.")
        };
        ui.label(RichText::new(text).color(theme::muted(ui)));
        if !doc.loading {
            explore::this_day_ui(ui, doc.archive, doc.this_day, queue);
        }
    });
}

/// Title block, contents, body and footer of one entry.
fn page_ui(
    ui: &mut egui::Ui,
    page: &Page,
    (marking, extent): (&mut Marking, &mut Extent),
    queue: &mut Vec<Command>,
) {
    let (e, size) = (page.entry, page.size);
    let ink = theme::ink(ui);
    let muted = theme::muted(ui);
    if e.kind == Kind::Excerpt {
        ui.label(
            RichText::new("EXCERPT")
                .small()
                .strong()
                .color(ui.visuals().warn_fg_color),
        );
    }
    let title = TextFormat {
        line_height: Some(size * 2.0),
        ..TextFormat::simple(
            FontId::new(size * 1.6, theme::serif_bold()),
            ui.visuals().strong_text_color(),
        )
    };
    // A title that is the text's opening is read there, not twice.
    if !e.title_is_opening() {
        marked_ui(ui, (&e.title, &[]), title, Place::Title, page, None);
        ui.add_space(4.0);
    }
    if page.listed == Listed::No {
        ui.label(
            RichText::new("Not in the list: the current filters or search leave it out.")
                .size(12.5)
                .color(ui.visuals().warn_fg_color),
        );
    }
    if let Some(author) = &e.author {
        let byline = egui::Button::new(
            RichText::new(format!("By {author}"))
                .family(theme::serif_italic())
                .size(size)
                .color(ink),
        )
        .frame(false);
        let open_page = Command::OpenAuthor(author.clone());
        if ui.add(byline).on_hover_text(open_page.label()).clicked() {
            queue.push(open_page);
        }
    }
    let date = e
        .date
        .map_or("Undated".into(), |d| d.format("%-d %B %Y").to_string());
    ui.horizontal(|ui| {
        ui.label(
            RichText::new(format!("{date}  ·  {} min read", e.reading_minutes()))
                .size(12.5)
                .color(muted),
        )
        .on_hover_text(meta_line(e));
        let marks = page.highlights.len();
        if marks > 0 {
            let text = match marks {
                1 => "1 highlight".to_string(),
                n => format!("{} highlights", hotline::numbers::grouped(n)),
            };
            ui.label(RichText::new(format!("·  {text}")).size(12.5).color(muted));
        }
        source_ui(ui, &e.source);
        if let Some(url) = &e.url {
            ui.label(RichText::new("·").size(12.5).color(muted));
            let link = ui
                .link(RichText::new("Open original").size(12.5))
                .on_hover_text(format!("{url}\nOpens in your browser"));
            if link.clicked() {
                ui.ctx().open_url(egui::OpenUrl::new_tab(url));
            }
        }
    });
    if let Some(book) = &e.collection {
        ui.label(
            RichText::new(format!("From {book}"))
                .size(12.5)
                .color(muted),
        );
    }
    if !e.tags.is_empty() {
        tags_ui(ui, &e.tags, queue);
    }
    super::highlight_bar::entry_note_ui(ui, page.entry_note, marking, queue);
    ui.add_space(size);
    if let Some(page) = &e.page {
        excerpt_note_ui(
            ui,
            &format!(
                "Only this teaser is in the archive. It is part {} of {} of the index page {}.",
                page.part, page.of, page.source
            ),
        );
    } else if e.kind == Kind::Excerpt {
        excerpt_note_ui(ui, "Only this teaser is in the archive.");
    }
    if page.outline {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(RichText::new("Loading the text…").color(muted));
        });
        return;
    }
    contents_ui(ui, e, queue);
    blocks_ui(ui, page, (marking, extent), queue);
    let orphans: Vec<&Highlight> = page
        .placed
        .orphans
        .iter()
        .filter_map(|&i| page.highlights.get(i))
        .collect();
    super::highlight_bar::orphans_ui(ui, &orphans, queue);
}

/// `text` with its inline styles and the hits at `place` marked; scrolls
/// to the current hit when the page asks for it, and opens a link when
/// one is clicked. A block's text (`marking` given) also shows its
/// highlights and the selection, and takes the pointer: a drag selects, a
/// double-click takes a word, a click on a highlight opens its card.
fn marked_ui(
    ui: &mut egui::Ui,
    (text, spans): (&str, &[Span]),
    format: TextFormat,
    place: Place,
    page: &Page,
    marking: Option<&mut Marking>,
) -> egui::Response {
    let (first, hits) = page.find.hits_in(place);
    let current = (page.find.current)
        .checked_sub(first)
        .filter(|&i| i < hits.len());
    let block = match place {
        Place::Block(i) if marking.is_some() => Some(i),
        _ => None,
    };
    let in_block = block.map_or_else(Vec::new, |b| page.placed.in_block(b, text.len()));
    let highlights: Vec<(Range<usize>, Color32)> = in_block
        .iter()
        .filter_map(|(r, i)| {
            let h = page.highlights.get(*i)?;
            let mut c = theme::highlight(ui, h.colour);
            if page.active == Some(h.id) {
                c = c.gamma_multiply(1.25);
            }
            Some((r.clone(), c))
        })
        .collect();
    let selection = block
        .and_then(|b| page.selection.and_then(|s| s.in_block(b, text.len())))
        .map(|r| (r, ui.visuals().selection.bg_fill));
    let marked = rich::Marked {
        text,
        spans,
        hits,
        current,
        marks: page.marks,
        highlights: &highlights,
        selection,
    };
    let faces = rich::Faces {
        italic: theme::serif_italic(),
        bold: theme::serif_bold(),
        mono: egui::FontFamily::Monospace,
        link: ui.visuals().hyperlink_color,
    };
    let mut job = rich::job(&marked, &format, &faces);
    let reveal = current.filter(|_| page.reveal).and_then(|i| hits.get(i));
    let links = spans
        .iter()
        .any(|s| matches!(s.style, hotline::Style::Link { .. }));
    let Some((marking, block)) = marking.zip(block) else {
        if reveal.is_none() && !links {
            return ui.label(job);
        }
        job.wrap.max_width = ui.available_width();
        let galley = ui.ctx().fonts_mut(|f| f.layout_job(job));
        let sense = if links {
            egui::Sense::click()
        } else {
            egui::Sense::hover()
        };
        let r = ui.add(egui::Label::new(galley.clone()).sense(sense));
        let drawn = marking::Drawn {
            block: 0,
            rect: r.rect,
            galley,
        };
        open_link(ui, &r, &drawn, (text, spans));
        if let Some(hit) = reveal {
            reveal_ui(ui, &drawn, text, hit.range.start, page.size);
        }
        return r;
    };
    job.wrap.max_width = ui.available_width();
    let galley = ui.ctx().fonts_mut(|f| f.layout_job(job));
    let r = ui.add(
        egui::Label::new(galley.clone())
            .selectable(false)
            .sense(egui::Sense::click_and_drag()),
    );
    let drawn = marking::Drawn {
        block,
        rect: r.rect,
        galley,
    };
    if let Some(hit) = reveal {
        reveal_ui(ui, &drawn, text, hit.range.start, page.size);
    }
    let revealed = in_block
        .iter()
        .find(|(_, i)| page.highlights.get(*i).map(|h| h.id) == page.reveal_highlight);
    if let Some((range, _)) = revealed {
        reveal_ui(ui, &drawn, text, range.start, page.size);
    }
    if marking.first_visible.is_none() && ui.clip_rect().intersects(r.rect) {
        marking.first_visible = Some(block);
    }
    let on_link = open_link(ui, &r, &drawn, (text, spans));
    let press = |r: &egui::Response| r.interact_pointer_pos();
    if r.drag_started()
        && let Some(origin) = ui.input(|i| i.pointer.press_origin())
    {
        let at = TextPlace {
            block,
            byte: drawn.byte_at(text, origin),
        };
        marking.start(page.entry_ix, at);
    } else if r.double_clicked()
        && let Some(pos) = press(&r)
    {
        let word = marking::word_at(text, drawn.byte_at(text, pos));
        marking.select(page.entry_ix, block, word);
    } else if r.clicked()
        && !on_link
        && let Some(pos) = press(&r)
    {
        let at = drawn.byte_at(text, pos);
        let hit = in_block
            .iter()
            .rev()
            .find(|(range, _)| range.start <= at && at < range.end)
            .and_then(|(_, i)| page.highlights.get(*i));
        marking.click(hit.map(|h| h.id));
    }
    if let Some(hovered) = r.hover_pos() {
        let at = drawn.byte_at(text, hovered);
        if in_block
            .iter()
            .any(|(range, _)| range.start <= at && at < range.end)
        {
            ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
        } else if !on_link {
            ui.ctx().set_cursor_icon(egui::CursorIcon::Text);
        }
    }
    marking.drawn.push(drawn);
    r
}

/// Opens the link under a click (with its address on hover); whether the
/// pointer is on one.
fn open_link(
    ui: &egui::Ui,
    r: &egui::Response,
    drawn: &marking::Drawn,
    (text, spans): (&str, &[Span]),
) -> bool {
    let Some(pos) = r.hover_pos() else {
        return false;
    };
    let Some(url) = rich::link_at(spans, drawn.byte_at(text, pos)) else {
        return false;
    };
    ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
    let url = url.to_string();
    let r = r.clone().on_hover_text(&url);
    if r.clicked() {
        ui.ctx().open_url(egui::OpenUrl::new_tab(url));
    }
    true
}

/// Scrolls so that byte `at` of the drawn `text` is in the middle.
fn reveal_ui(ui: &egui::Ui, drawn: &marking::Drawn, text: &str, at: usize, size: f32) {
    let bottom = drawn.pos_of(text, at);
    let line = egui::Rect::from_min_max(bottom - egui::vec2(0.0, size), bottom);
    ui.scroll_to_rect(line.expand(size), Some(egui::Align::Center));
}

fn excerpt_note_ui(ui: &mut egui::Ui, text: &str) {
    egui::Frame::new()
        .fill(ui.visuals().faint_bg_color)
        .corner_radius(6.0)
        .inner_margin(egui::Margin::symmetric(12, 8))
        .show(ui, |ui| {
            ui.label(RichText::new(text).color(theme::ink(ui)));
        });
    ui.add_space(12.0);
}

/// The numbered list of section headings; clicking one scrolls to it.
fn contents_ui(ui: &mut egui::Ui, e: &Entry, queue: &mut Vec<Command>) {
    let sections: Vec<&str> = e.sections().collect();
    if sections.len() < 2 {
        return;
    }
    ui.label(
        RichText::new("CONTENTS")
            .small()
            .strong()
            .color(theme::muted(ui)),
    );
    for (i, title) in sections.iter().enumerate() {
        let link = ui.add(egui::Link::new(format!("{}. {title}", i + 1)));
        if link.clicked() {
            queue.push(Command::JumpToSection(i));
        }
    }
    ui.add_space(16.0);
}

fn blocks_ui(
    ui: &mut egui::Ui,
    page: &Page,
    (marking, extent): (&mut Marking, &mut Extent),
    queue: &mut Vec<Command>,
) {
    let size = page.size;
    let ink = theme::ink(ui);
    let muted = theme::muted(ui);
    let strong = ui.visuals().strong_text_color();
    let format = |size: f32, family, color| TextFormat::simple(FontId::new(size, family), color);
    let body = TextFormat {
        line_height: Some(size * 1.55),
        ..format(size, theme::serif(), ink)
    };
    let long = page.laid == Laid::WhereSeen;
    let width = ui.available_width();
    if long {
        extent.begin(page.entry_ix, width, size);
    }
    let wanted = long.then(|| wanted_block(page)).flatten();
    let first_top = ui.cursor().min.y;
    let mut heading_no = 0;
    for (i, block) in page.entry.blocks.iter().enumerate() {
        let place = Place::Block(i);
        let text = (block.text.as_str(), block.spans.as_slice());
        let heading = matches!(block.kind, BlockKind::Heading { .. });
        if long && block.text.len() > extent::GIANT {
            let anchor = page.anchor.filter(|a| a.0 == i).map(|a| a.1);
            giant_ui(ui, (i, &block.text), body.clone(), (extent, anchor));
            heading_no += usize::from(heading);
            continue;
        }
        let jump_here = heading && page.jump == Some(heading_no);
        let estimate = extent::estimate(block.text.len(), width, size, 1.55) + size * 0.7;
        if long && !jump_here && wanted != Some(i) && extent.skip(ui, (i, 0), estimate) {
            heading_no += usize::from(heading);
            continue;
        }
        let top = ui.cursor().min.y;
        match block.kind {
            BlockKind::Paragraph => {
                marked_ui(ui, text, body.clone(), place, page, Some(marking));
                ui.add_space(size * 0.7);
            }
            BlockKind::Heading { level } => {
                ui.add_space(size * 0.6);
                let scale = match level {
                    0 | 1 => 1.4,
                    2 => 1.2,
                    3 => 1.1,
                    _ => 1.0,
                };
                let heading = format(size * scale, theme::serif_bold(), strong);
                let r = marked_ui(ui, text, heading, place, page, Some(marking));
                if page.jump == Some(heading_no) {
                    r.scroll_to_me(Some(egui::Align::TOP));
                }
                heading_no += 1;
                ui.add_space(size * 0.3);
            }
            BlockKind::ListItem { depth, number } => {
                let next_is_item = page
                    .entry
                    .blocks
                    .get(i + 1)
                    .is_some_and(|b| matches!(b.kind, BlockKind::ListItem { .. }));
                ui.horizontal_top(|ui| {
                    ui.add_space(size * (1.0 + 1.5 * f32::from(depth)));
                    let marker = match number {
                        Some(n) => format!("{n}."),
                        None => if depth % 2 == 0 { "•" } else { "–" }.to_string(),
                    };
                    // A label, not paint, so screen readers say the number.
                    let right = egui::Layout::right_to_left(egui::Align::TOP);
                    ui.allocate_ui_with_layout(egui::vec2(size * 1.6, size), right, |ui| {
                        let face = FontId::new(size, theme::serif());
                        ui.label(RichText::new(marker).font(face).color(muted));
                    });
                    ui.vertical(|ui| marked_ui(ui, text, body.clone(), place, page, Some(marking)));
                });
                ui.add_space(size * if next_is_item { 0.25 } else { 0.7 });
            }
            BlockKind::Quote => {
                let bar = ui.visuals().widgets.noninteractive.bg_stroke.color;
                let rect = egui::Frame::new()
                    .inner_margin(egui::Margin {
                        left: 14,
                        right: 0,
                        top: 2,
                        bottom: 2,
                    })
                    .show(ui, |ui| {
                        let quote = format(size, theme::serif_italic(), ink);
                        marked_ui(ui, text, quote, place, page, Some(marking))
                    })
                    .response
                    .rect;
                ui.painter().vline(
                    rect.left() + 3.0,
                    rect.y_range(),
                    egui::Stroke::new(3.0, bar),
                );
                ui.add_space(size * 0.7);
            }
            BlockKind::Preformatted => {
                egui::Frame::new()
                    .fill(ui.visuals().faint_bg_color)
                    .corner_radius(4.0)
                    .inner_margin(egui::Margin::symmetric(10, 6))
                    .show(ui, |ui| {
                        let code = format(size * 0.85, egui::FontFamily::Monospace, ink);
                        marked_ui(ui, text, code, place, page, Some(marking));
                    });
                ui.add_space(size * 0.7);
            }
            BlockKind::Caption => {
                let caption = format(size * 0.82, theme::serif_italic(), muted);
                marked_ui(ui, text, caption, place, page, Some(marking));
                ui.add_space(size * 0.7);
            }
            BlockKind::AuthorNote => {
                ui.add_space(size * 0.4);
                ui.separator();
                let note = format(size * 0.9, theme::serif_italic(), muted);
                marked_ui(ui, text, note, place, page, Some(marking));
                ui.add_space(size * 0.7);
            }
        }
        let notes = notes_ending_in(page, i, block.text.len());
        if !notes.is_empty() {
            super::highlight_bar::notes_ui(ui, &notes, size, queue);
        }
        if long {
            extent.drawn(ui, (i, 0), top, (estimate, (0.0, 1.0)));
            if let Some((_, into)) = page.anchor.filter(|a| a.0 == i) {
                scroll_into(ui, top, into);
            }
        }
    }
    if long {
        extent.ends(ui, first_top, page.entry.blocks.len());
    }
}

/// Scrolls the view's top to `into` (0 to 1) of what was drawn from `top`
/// to the layout's cursor, at once.
fn scroll_into(ui: &egui::Ui, top: f32, into: f32) {
    // A scroll to a rectangle's top leaves the item spacing above it.
    let y = top + (ui.cursor().min.y - top) * into + ui.spacing().item_spacing.y;
    let line = egui::Rect::from_min_size(egui::pos2(ui.min_rect().left(), y), egui::vec2(1.0, 1.0));
    let at_once = egui::style::ScrollAnimation::none();
    ui.scroll_to_rect_animation(line, Some(egui::Align::TOP), at_once);
}

/// The block the page must draw this frame wherever it is: the one with
/// the current hit or the highlight to scroll to.
fn wanted_block(page: &Page) -> Option<usize> {
    let hit = page
        .reveal
        .then(|| page.find.hits.get(page.find.current))
        .flatten()
        .and_then(|h| match h.place {
            Place::Block(b) => Some(b),
            Place::Title => None,
        });
    let highlight = page.reveal_highlight.and_then(|id| {
        let i = page.highlights.iter().position(|h| h.id == id)?;
        let (range, _) = page.placed.ranges.iter().find(|(_, at)| *at == i)?;
        Some(page.placed.place_of(range.start).block)
    });
    let anchor = page.anchor.map(|(block, _)| block);
    hit.or(highlight).or(anchor)
}

/// A block too long to lay out at once: said so, then its text in plain
/// pieces, each laid out only where it is seen (and the one a saved place
/// `anchor` is in, scrolled to).
fn giant_ui(
    ui: &mut egui::Ui,
    (block, text): (usize, &str),
    body: TextFormat,
    (extent, anchor): (&mut Extent, Option<f32>),
) {
    let size = body.font_id.size;
    let mb = text.len() as f64 / 1e6;
    ui.label(
        RichText::new(format!(
            "This paragraph is {mb:.1} MB long: it is shown as plain text, without highlights or search marks."
        ))
        .size(12.5)
        .color(ui.visuals().warn_fg_color),
    );
    let width = ui.available_width();
    let starts = extent.pieces(block, text);
    let n = starts.len() as f32;
    // The piece the saved place is in, and how far into it.
    let wanted = anchor.map(|into| {
        let at = (into * n).clamp(0.0, n - 1.0);
        (at.floor() as usize, at.fract())
    });
    for (k, &start) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(text.len());
        let item = (block, k + 1);
        let estimate = extent::estimate(end - start, width, size, 1.55);
        let here = wanted.filter(|w| w.0 == k);
        if here.is_none() && extent.skip(ui, item, estimate) {
            continue;
        }
        let top = ui.cursor().min.y;
        let mut job =
            egui::text::LayoutJob::single_section(text[start..end].to_string(), body.clone());
        job.wrap.max_width = width;
        ui.label(job);
        extent.drawn(ui, item, top, (estimate, (k as f32, n)));
        if let Some((_, into)) = here {
            scroll_into(ui, top, into);
        }
    }
    ui.add_space(size * 0.7);
}

/// The highlights with a note whose passage ends in block `block`: their
/// notes are shown after it.
fn notes_ending_in<'a>(page: &Page<'a>, block: usize, len: usize) -> Vec<&'a Highlight> {
    page.placed
        .ending_in(block, len)
        .filter_map(|i| page.highlights.get(i))
        .filter(|h| !h.note.trim().is_empty())
        .collect()
}
