//! The reader's marking controls: the bar beside a text selection (four
//! colours, a note, copy), the card of an open highlight (its colour, its
//! note, delete), the notes shown after their passages, the entry's own
//! note under its title, and the highlights whose passage cannot be found
//! any more.

use super::command::Command;
use super::marking::{Draft, Marking, NoteOn, Place, Placed};
use super::theme;
use egui::{Align2, Color32, Pos2, Rect, RichText};
use hotline::Entry;
use hotline::db::{Colour, Highlight};

/// What the bar is drawn over: the open entry, its highlights, and the
/// part of the window the page is shown in.
pub struct Bar<'a> {
    pub entry: &'a Entry,
    pub highlights: &'a [Highlight],
    /// Where the highlights are now.
    pub placed: &'a Placed,
    pub clip: Rect,
}

/// The colour's name as the buttons say it.
pub fn colour_name(c: Colour) -> &'static str {
    match c {
        Colour::Yellow => "Yellow",
        Colour::Green => "Green",
        Colour::Blue => "Blue",
        Colour::Pink => "Pink",
    }
}

/// The bar of a finished selection, or the card of the open highlight.
pub fn bar_ui(ui: &mut egui::Ui, bar: &Bar<'_>, marking: &mut Marking, queue: &mut Vec<Command>) {
    if marking.dragging {
        return;
    }
    if let Some(sel) = marking.selection.filter(|s| !s.is_empty()) {
        let end = sel.ordered().1;
        let at = screen_pos(marking, bar.entry, end, bar.clip);
        popup(ui, "selection-bar", at, |ui| selection_bar_ui(ui, queue));
        return;
    }
    let Some((i, h)) = marking
        .active
        .and_then(|id| bar.highlights.iter().enumerate().find(|(_, h)| h.id == id))
    else {
        return;
    };
    // An orphan's card opens at the page's edge.
    let end = bar.placed.end_of(i).unwrap_or(Place {
        block: usize::MAX,
        byte: 0,
    });
    let at = screen_pos(marking, bar.entry, end, bar.clip);
    let draft = &mut marking.draft;
    popup(ui, "highlight-card", at, |ui| card_ui(ui, h, draft, queue));
}

/// Where `at` is on screen, kept inside `clip` (a selection scrolled out
/// of view keeps its bar at the page's edge).
fn screen_pos(marking: &Marking, entry: &Entry, at: Place, clip: Rect) -> Pos2 {
    let drawn = marking.drawn.iter().find(|d| d.block == at.block);
    let text = entry.blocks.get(at.block).map_or("", |b| b.text.as_str());
    let pos = drawn.map_or(clip.left_bottom(), |d| d.pos_of(text, at.byte));
    let margin = 8.0;
    Pos2::new(
        pos.x.clamp(
            clip.left() + margin,
            (clip.right() - 260.0).max(clip.left()),
        ),
        pos.y.clamp(clip.top() + margin, clip.bottom() - 40.0) + 6.0,
    )
}

fn popup(ui: &egui::Ui, id: &str, at: Pos2, add: impl FnOnce(&mut egui::Ui)) {
    egui::Area::new(egui::Id::unique(id))
        .order(egui::Order::Foreground)
        .fixed_pos(at)
        .pivot(Align2::LEFT_TOP)
        .show(ui.ctx(), |ui| {
            egui::Frame::popup(ui.style()).show(ui, add);
        });
}

/// A button filled with the highlight colour, named for screen readers.
fn swatch_ui(ui: &mut egui::Ui, c: Colour, chosen: bool) -> egui::Response {
    let fill = theme::highlight(ui, c);
    let text = RichText::new(colour_name(c))
        .color(theme::ink(ui))
        .size(12.0);
    let mut button = egui::Button::new(text).fill(fill).corner_radius(8.0);
    if chosen {
        button = button.stroke(egui::Stroke::new(2.0, theme::accent(ui)));
    }
    ui.add(button)
}

fn selection_bar_ui(ui: &mut egui::Ui, queue: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        for c in Colour::ALL {
            let command = Command::Highlight(c);
            if swatch_ui(ui, c, false)
                .on_hover_text(command.hover_text(ui.ctx()))
                .clicked()
            {
                queue.push(command);
            }
        }
        ui.separator();
        for command in [Command::NoteOnSelection, Command::CopySelection] {
            let text = match command {
                Command::NoteOnSelection => "Note…",
                _ => "Copy",
            };
            if ui
                .button(text)
                .on_hover_text(command.hover_text(ui.ctx()))
                .clicked()
            {
                queue.push(command);
            }
        }
    });
}

fn card_ui(ui: &mut egui::Ui, h: &Highlight, draft: &mut Option<Draft>, queue: &mut Vec<Command>) {
    ui.set_max_width(320.0);
    ui.horizontal(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        for c in Colour::ALL {
            if swatch_ui(ui, c, c == h.colour).clicked() && c != h.colour {
                queue.push(Command::Recolour(h.id, c));
            }
        }
    });
    let writing = draft.as_mut().filter(|d| d.on == NoteOn::Highlight(h.id));
    match writing {
        Some(d) => note_editor_ui(ui, d, queue),
        None => {
            if !h.note.trim().is_empty() {
                ui.label(RichText::new(&h.note).italics());
            }
            ui.horizontal(|ui| {
                let label = if h.note.trim().is_empty() {
                    "Add note…"
                } else {
                    "Edit note…"
                };
                if ui.button(label).clicked() {
                    *draft = Some(Draft {
                        on: NoteOn::Highlight(h.id),
                        text: h.note.clone(),
                        focus: true,
                    });
                }
                if ui.button("Delete highlight").clicked() {
                    queue.push(Command::DeleteHighlight(h.id));
                }
                if ui.button("Close").clicked() {
                    queue.push(Command::CloseHighlightCard);
                }
            });
        }
    }
}

/// A note being written: Save (Ctrl+Enter) or Cancel (Esc).
fn note_editor_ui(ui: &mut egui::Ui, d: &mut Draft, queue: &mut Vec<Command>) {
    let field = egui::TextEdit::multiline(&mut d.text)
        .hint_text("Your note")
        .desired_rows(3)
        .desired_width(ui.available_width().max(240.0));
    let r = ui.add(field);
    r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, "Your note"));
    if std::mem::take(&mut d.focus) {
        r.request_focus();
    }
    let focused = r.has_focus() || r.lost_focus();
    let (save, cancel) = ui.input_mut(|i| {
        (
            i.consume_key(egui::Modifiers::COMMAND, egui::Key::Enter),
            focused && i.consume_key(egui::Modifiers::NONE, egui::Key::Escape),
        )
    });
    ui.horizontal(|ui| {
        if ui.button("Save note").clicked() || save {
            queue.push(Command::SaveNote);
        }
        if ui.button("Cancel").clicked() || cancel {
            queue.push(Command::CancelNote);
        }
    });
}

/// The note about the whole entry under its title: shown, being written,
/// or offered.
pub fn entry_note_ui(
    ui: &mut egui::Ui,
    note: Option<&str>,
    marking: &mut Marking,
    queue: &mut Vec<Command>,
) {
    if let Some(d) = marking.draft.as_mut().filter(|d| d.on == NoteOn::Entry) {
        ui.add_space(6.0);
        ui.label(RichText::new("Note on this entry").small().strong());
        note_editor_ui(ui, d, queue);
        return;
    }
    match note {
        Some(text) => {
            ui.add_space(6.0);
            let r = note_card_ui(ui, theme::accent(ui), "Your note", text);
            if r.clicked() {
                queue.push(Command::EditEntryNote);
            }
        }
        None => {
            let link = ui.add(egui::Link::new(
                RichText::new("Add a note on this entry…")
                    .size(12.5)
                    .color(theme::muted(ui)),
            ));
            if link
                .on_hover_text(Command::EditEntryNote.hover_text(ui.ctx()))
                .clicked()
            {
                queue.push(Command::EditEntryNote);
            }
        }
    }
}

/// A note set apart: a bar of `colour` at its left, a small heading, the
/// note in italics; a click on it is the caller's.
fn note_card_ui(ui: &mut egui::Ui, colour: Color32, heading: &str, text: &str) -> egui::Response {
    let out = egui::Frame::new()
        .fill(ui.visuals().faint_bg_color)
        .corner_radius(4.0)
        .inner_margin(egui::Margin {
            left: 12,
            right: 8,
            top: 4,
            bottom: 6,
        })
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(RichText::new(heading).small().color(theme::muted(ui)));
            ui.label(
                RichText::new(text)
                    .family(theme::serif_italic())
                    .color(theme::ink(ui)),
            );
        });
    let rect = out.response.rect;
    ui.painter().vline(
        rect.left() + 3.0,
        rect.y_range(),
        egui::Stroke::new(4.0, colour),
    );
    ui.interact(rect, out.response.id.with("click"), egui::Sense::click())
        .on_hover_cursor(egui::CursorIcon::PointingHand)
}

/// The notes of highlights whose passage ends in the block just drawn.
pub fn notes_ui(ui: &mut egui::Ui, notes: &[&Highlight], size: f32, queue: &mut Vec<Command>) {
    for h in notes {
        let colour = theme::highlight(ui, h.colour);
        let r = note_card_ui(ui, colour, "Note", &h.note);
        if r.clicked() {
            queue.push(Command::OpenHighlightCard(h.id));
        }
        ui.add_space(size * 0.6);
    }
}

/// Highlights whose passage is not in the text any more: listed with
/// their quote and note, never drawn in the text.
pub fn orphans_ui(ui: &mut egui::Ui, orphans: &[&Highlight], queue: &mut Vec<Command>) {
    if orphans.is_empty() {
        return;
    }
    ui.add_space(16.0);
    ui.separator();
    let n = orphans.len();
    let heading = if n == 1 {
        "1 highlight could not be placed: its passage is not in the text any more.".to_string()
    } else {
        format!("{n} highlights could not be placed: their passages are not in the text any more.")
    };
    ui.label(
        RichText::new(heading)
            .size(12.5)
            .color(ui.visuals().warn_fg_color),
    );
    for h in orphans {
        ui.horizontal_wrapped(|ui| {
            let quote = format!("“{}”", h.anchor.quote.trim());
            ui.label(RichText::new(quote).family(theme::serif_italic()));
            if !h.note.trim().is_empty() {
                ui.label(RichText::new(format!("— {}", h.note.trim())).color(theme::muted(ui)));
            }
            if ui.small_button("Delete").clicked() {
                queue.push(Command::DeleteHighlight(h.id));
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hotline::Block;

    #[test]
    fn an_offset_of_the_entry_text_is_a_place_in_its_blocks() {
        let e = Entry::with_blocks(vec![Block::paragraph("abc"), Block::paragraph("de")]);
        let placed = super::super::marking::placed(&e, &[]);
        let place_of = |_: &Entry, at| placed.place_of(at);
        assert_eq!(place_of(&e, 2), Place { block: 0, byte: 2 });
        assert_eq!(place_of(&e, 3), Place { block: 0, byte: 3 });
        assert_eq!(place_of(&e, 6), Place { block: 1, byte: 1 });
        assert_eq!(place_of(&e, 99), Place { block: 1, byte: 2 });
    }
}
