//! Hits in the reader: the search's hits in the open entry ("hit 3 of 7")
//! and find-in-article (Ctrl+F), which share one [`FindRuntime`].
//!
//! The hit list is computed with the library's matcher (the same stems,
//! accent folding and phrases as search) once per (load, entry, mode,
//! query text) and memoized; frames only read it. The reader draws each
//! block through `rich::job` and scrolls to the current hit when
//! [`FindRuntime::reveal`] is set.

use super::command::Command;
use super::search::SearchRuntime;
use egui::{Color32, Key, Modifiers};
use hotline::search::Query;
use hotline::search::analyze::Analyzer;
use hotline::search::highlight::Matcher;
use hotline::{Archive, Entry};
use std::ops::Range;

/// Where in an entry a hit is, in reading order (the title first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Place {
    Title,
    /// An index into `Entry::blocks`.
    Block(usize),
}

/// One hit: where, and its byte range in that text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub place: Place,
    pub range: Range<usize>,
}

/// Which query the reader highlights.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The global search (the open entry is one of its results).
    Search,
    /// The find bar's own text.
    Find,
}

/// What the hit list was computed for: load generation, entry, mode, text.
type Key4 = (u64, u32, Mode, String);

/// The find bar and the memoized hits of the open entry.
#[derive(Debug, Default)]
pub struct FindRuntime {
    /// The find bar is shown.
    pub open: bool,
    /// The text in the "Find in article" field.
    pub text: String,
    had_focus: bool,
    key: Option<Key4>,
    /// Every hit in the open entry, in reading order.
    pub hits: Vec<Hit>,
    /// Why the find text could not be understood.
    pub error: Option<String>,
    /// Index of the current hit in `hits`.
    pub current: usize,
    /// Scroll the reader to the current hit on the next frame.
    pub reveal: bool,
}

impl FindRuntime {
    /// Recomputes the hits when the entry, the mode or the text changed
    /// (a comparison per frame; the matching runs only on a change).
    pub fn refresh(
        &mut self,
        archive: &Archive,
        generation: u64,
        open: Option<u32>,
        search: &SearchRuntime,
    ) {
        let source = open.and_then(|ix| self.source(ix, search).map(|(m, t)| (ix, m, t)));
        let Some((ix, mode, text)) = source else {
            self.key = None;
            self.hits.clear();
            self.error = None;
            return;
        };
        if let Some(k) = &self.key
            && (k.0, k.1, k.2, k.3.as_str()) == (generation, ix, mode, text)
        {
            return;
        }
        let (hits, error) = match (archive.get(ix), Query::parse(text)) {
            (Some(entry), Ok(q)) => (entry_hits(entry, &q), None),
            (_, Err(e)) => (Vec::new(), Some(e.to_string())),
            (None, Ok(_)) => (Vec::new(), None),
        };
        self.key = Some((generation, ix, mode, text.to_string()));
        self.hits = hits;
        self.error = error;
        self.current = 0;
        self.reveal = !self.hits.is_empty();
    }

    /// The mode and query text for entry `ix`: the find bar's text when it
    /// is open and not empty, else the search's when `ix` is a result.
    fn source<'a>(&'a self, ix: u32, search: &'a SearchRuntime) -> Option<(Mode, &'a str)> {
        if self.open {
            let t = self.text.trim();
            return (!t.is_empty()).then_some((Mode::Find, t));
        }
        let (_, outcome) = search.asked().shown()?;
        outcome.all.binary_search(&ix).ok()?;
        let text = outcome.fuzzy.as_deref().unwrap_or(&outcome.query);
        Some((Mode::Search, text))
    }

    /// The mode of the current hit list, if any.
    pub fn mode(&self) -> Option<Mode> {
        self.key.as_ref().map(|k| k.2)
    }

    /// Moves to the next (`1`) or previous (`-1`) hit, wrapping around.
    pub fn step(&mut self, delta: isize) {
        let n = self.hits.len();
        if n == 0 {
            return;
        }
        self.current = (self.current as isize + delta).rem_euclid(n as isize) as usize;
        self.reveal = true;
    }

    /// Opens the find bar (the caller gives its field the keyboard, see
    /// [`focus_field`]).
    pub fn show(&mut self) {
        self.open = true;
    }

    pub fn close(&mut self) {
        self.open = false;
        self.had_focus = false;
    }

    /// The hits in one place, and the index of the first of them.
    pub fn hits_in(&self, place: Place) -> (usize, &[Hit]) {
        let a = self.hits.partition_point(|h| h.place < place);
        let b = self.hits.partition_point(|h| h.place <= place);
        (a, &self.hits[a..b])
    }

    /// Esc closes the find bar (before it can clear the filters), and
    /// Enter / Shift+Enter in its field step through the hits.
    pub fn take_keys(&mut self, ctx: &egui::Context) {
        let close = Command::CloseFind.panel_shortcuts();
        if self.open && ctx.input_mut(|i| close.iter().any(|s| i.consume_shortcut(s))) {
            self.close();
            return;
        }
        if !self.had_focus {
            return;
        }
        let back = ctx.input_mut(|i| {
            i.consume_key(Modifiers::SHIFT, Key::Enter) || i.consume_key(Modifiers::SHIFT, Key::F3)
        });
        let fwd = ctx.input_mut(|i| {
            i.consume_key(Modifiers::NONE, Key::Enter) || i.consume_key(Modifiers::NONE, Key::F3)
        });
        if back {
            self.step(-1);
        } else if fwd {
            self.step(1);
        }
    }
}

/// Every hit of `q` in the entry's title and blocks, in reading order.
pub fn entry_hits(entry: &Entry, q: &Query) -> Vec<Hit> {
    let matcher = Matcher::new(q);
    if matcher.is_empty() {
        return Vec::new();
    }
    // A title the reader does not show (it is the text's opening) has no
    // hits of its own.
    let title = match entry.title_is_opening() {
        true => Vec::new(),
        false => matcher.hits(&entry.title, &mut Analyzer::default()),
    };
    let title = title.into_iter().map(|range| Hit {
        place: Place::Title,
        range,
    });
    let blocks = hotline::search::highlight(entry, q)
        .into_iter()
        .map(|(i, range)| Hit {
            place: Place::Block(i),
            range,
        });
    title.chain(blocks).collect()
}

/// The find field's id: known before the field is drawn, so a shortcut
/// can give it the keyboard within the frame ([`focus_field`]).
fn field_id() -> egui::Id {
    egui::Id::unique("hotline-find-field")
}

/// Puts the keyboard in the find field now.
pub fn focus_field(ctx: &egui::Context) {
    ctx.memory_mut(|m| m.request_focus(field_id()));
}

/// The find bar: field, "n of m", previous / next, close.
pub fn find_bar_ui(ui: &mut egui::Ui, f: &mut FindRuntime, queue: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        let r = ui.add(
            egui::TextEdit::singleline(&mut f.text)
                .id(field_id())
                .hint_text("Find in article")
                .desired_width(220.0),
        );
        r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, "Find in article"));
        f.had_focus = r.has_focus();
        let count = match (&f.error, f.hits.len()) {
            (Some(_), _) => "no match".to_string(),
            (None, 0) if f.text.trim().is_empty() => String::new(),
            (None, 0) => "0 of 0".to_string(),
            (None, n) => format!("{} of {n}", f.current + 1),
        };
        let counted = ui.label(count);
        if let Some(e) = &f.error {
            counted.on_hover_text(e.as_str());
        }
        step_buttons_ui(ui, !f.hits.is_empty(), queue);
        if ui
            .button("Close")
            .on_hover_text(Command::CloseFind.hover_text(ui.ctx()))
            .clicked()
        {
            queue.push(Command::CloseFind);
        }
    });
}

/// "hit 3 of 7" with previous / next, for the search's hits.
pub fn search_hits_ui(ui: &mut egui::Ui, f: &FindRuntime, queue: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        ui.label(format!("hit {} of {}", f.current + 1, f.hits.len()));
        step_buttons_ui(ui, true, queue);
    });
}

fn step_buttons_ui(ui: &mut egui::Ui, enabled: bool, queue: &mut Vec<Command>) {
    for (text, command) in [
        ("Previous hit", Command::PreviousHit),
        ("Next hit", Command::NextHit),
    ] {
        if ui
            .add_enabled(enabled, egui::Button::new(text))
            .on_hover_text(command.hover_text(ui.ctx()))
            .clicked()
        {
            queue.push(command);
        }
    }
}

/// Marker colours: every hit, and the current one.
pub fn marks(ui: &egui::Ui) -> (Color32, Color32) {
    if ui.visuals().dark_mode {
        (
            Color32::from_rgb(0x5C, 0x4A, 0x12),
            Color32::from_rgb(0xB0, 0x62, 0x10),
        )
    } else {
        (
            Color32::from_rgb(0xFF, 0xE8, 0x8C),
            Color32::from_rgb(0xFF, 0xA8, 0x3C),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(place: Place, range: Range<usize>) -> Hit {
        Hit { place, range }
    }

    #[test]
    fn hits_in_finds_each_place_and_its_first_index() {
        let mut f = FindRuntime {
            hits: vec![
                hit(Place::Title, 0..1),
                hit(Place::Block(2), 0..1),
                hit(Place::Block(2), 3..4),
                hit(Place::Block(5), 0..1),
            ],
            ..FindRuntime::default()
        };
        assert_eq!(f.hits_in(Place::Block(2)).0, 1);
        assert_eq!(f.hits_in(Place::Block(2)).1.len(), 2);
        assert!(f.hits_in(Place::Block(3)).1.is_empty());
        f.step(-1);
        assert_eq!(f.current, 3, "previous from the first wraps to the last");
        f.step(1);
        assert_eq!(f.current, 0);
    }
}
