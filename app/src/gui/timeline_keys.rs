//! The keyboard on the timeline's plot, once it has the focus (a click,
//! or Tab): the arrows move and stretch the chosen range the way they move
//! a list's cursor, and + and − zoom. egui moves the focus on arrows unless
//! the focused widget asks for them, so the plot does, for ← and → only
//! (↑ and ↓ still move the list).

use super::command::shortcut_text;
use super::timeline_plot::Pick;
use egui::{Key, Modifiers};
use hotline::{Bins, Period, Span};

/// The keys in words: "On the chart, ←/→ move the dates, …".
pub fn keys_hint(ctx: &egui::Context) -> String {
    let arrows = arrows(ctx);
    format!("On the chart, {arrows} move the dates, Shift+{arrows} stretch them, + zooms in, - out")
}

/// The arrow keys as people write them ("←/→").
pub fn arrows(ctx: &egui::Context) -> String {
    let key = |k: Key| shortcut_text(ctx, &egui::KeyboardShortcut::new(Modifiers::NONE, k));
    format!("{}/{}", key(Key::ArrowLeft), key(Key::ArrowRight))
}

/// The keyboard's state between frames.
#[derive(Debug, Default)]
pub struct Keyboard {
    /// The fixed and the moving end of the range the keys chose last.
    ends: Option<(Period, Period)>,
}

/// The keys on the focused plot (`id`) over `bins`, with `chosen` the
/// filter's date range: ←/→ move the chosen period, Shift+←/→ stretch
/// the choice, Home/End jump to the ends, + zooms in, − zooms out.
pub fn keys_ui(
    ui: &egui::Ui,
    (bins, chosen): (&Bins, Option<Span>),
    keyboard: &mut Keyboard,
    id: egui::Id,
) -> Option<Pick> {
    ui.memory_mut(|m| {
        let filter = egui::EventFilter {
            horizontal_arrows: true,
            ..Default::default()
        };
        m.set_focus_lock_filter(id, filter);
    });
    let pressed = |modifiers: Modifiers, key: Key| ui.input_mut(|i| i.consume_key(modifiers, key));
    if pressed(Modifiers::NONE, Key::Plus) || pressed(Modifiers::NONE, Key::Equals) {
        return Some(Pick::ZoomIn);
    }
    if pressed(Modifiers::NONE, Key::Minus) {
        return Some(Pick::ZoomOut);
    }
    let last = bins.len().checked_sub(1)?;
    let (stretch, step) = if pressed(Modifiers::SHIFT, Key::ArrowLeft) {
        (true, Step::By(-1))
    } else if pressed(Modifiers::SHIFT, Key::ArrowRight) {
        (true, Step::By(1))
    } else if pressed(Modifiers::NONE, Key::ArrowLeft) {
        (false, Step::By(-1))
    } else if pressed(Modifiers::NONE, Key::ArrowRight) {
        (false, Step::By(1))
    } else if pressed(Modifiers::NONE, Key::Home) {
        (false, Step::To(0))
    } else if pressed(Modifiers::NONE, Key::End) {
        (false, Step::To(last))
    } else {
        return None;
    };
    let (anchor, cursor) = match ends(bins, chosen, keyboard) {
        Some((a, c)) => {
            let c = match step {
                Step::By(d) => c.saturating_add_signed(d).min(last),
                Step::To(i) => i,
            };
            (if stretch { a } else { c }, c)
        }
        // Nothing chosen yet: → starts at the first period, ← at the last.
        None => {
            let c = match step {
                Step::By(d) if d < 0 => last,
                Step::By(_) => 0,
                Step::To(i) => i,
            };
            (c, c)
        }
    };
    let (a, c) = (bins.period(anchor)?, bins.period(cursor)?);
    keyboard.ends = Some((a, c));
    Some(Pick::Range(a.min(c), a.max(c)))
}

/// A keyboard move: by some periods, or to one.
#[derive(Clone, Copy)]
enum Step {
    By(isize),
    To(usize),
}

/// The keyboard's fixed and moving ends as places among the bins: its own
/// while the chosen range is still the one it made, else the chosen
/// range's first and last periods.
fn ends(bins: &Bins, chosen: Option<Span>, keyboard: &Keyboard) -> Option<(usize, usize)> {
    let chosen = chosen?;
    let place = |p: Period| p.bounds().and_then(|(first, _)| bins.index_of(first));
    if let Some((a, c)) = keyboard.ends
        && a.granularity() == bins.granularity()
        && Span::of(a.min(c)).map(|s| s.first) == Some(chosen.first)
        && Span::of(a.max(c)).map(|s| s.last) == Some(chosen.last)
    {
        return Some((place(a)?, place(c)?));
    }
    let first = bins.index_of(chosen.first)?;
    let last = bins.index_of(chosen.last)?;
    Some((first, last))
}
