//! What the commands on the reader's memory do: a selection becomes a
//! highlight (its anchor made from the entry's text), highlights are
//! recoloured, noted and deleted, notes are written, the reading position
//! is kept, and collections are made, named, filled, ordered and deleted.
//! The window's copy of highlights changes at once; the memory's thread
//! writes every change.

use super::app::HotlineApp;
use super::collections::{Naming, Taking, same};
use super::command::{Command, Toward};
use super::marking::{Draft, NoteOn, TextSelection};
use super::memory::CollectionChange;
use hotline::db::Colour;
use hotline::marks::text::EntryText;

impl HotlineApp {
    pub(super) fn apply_marking(&mut self, ctx: &egui::Context, c: Command) {
        if let Command::Highlight(colour) = c {
            if self.mark_selection(colour).is_none() {
                self.flash(ctx, "Select some text in the reader first.");
            }
            return;
        }
        let now = ctx.input(|i| i.time);
        let rt = &mut self.rt;
        let archive = rt.session.archive.clone();
        let open = rt.open.and_then(|ix| archive.get(ix).map(|e| (ix, e)));
        let marking = &mut rt.reader.marking;
        match c {
            Command::NoteOnSelection => {
                let on = match self.mark_selection(Colour::Yellow) {
                    Some(id) => NoteOn::Highlight(id),
                    None => match self.rt.reader.marking.active {
                        Some(id) => NoteOn::Highlight(id),
                        None if open.is_some() => NoteOn::Entry,
                        None => return,
                    },
                };
                self.start_note(on);
            }
            Command::CopySelection => {
                let text = open.and_then(|(ix, e)| {
                    let sel = marking
                        .selection
                        .filter(|s| s.entry == ix && !s.is_empty())?;
                    let text = EntryText::of(e);
                    let range = selected_range(&text, sel);
                    text.as_str().get(range).map(str::to_string)
                });
                match text {
                    Some(t) => {
                        ctx.copy_text(t);
                        self.flash(ctx, "Copied the selected text.");
                    }
                    None => self.flash(ctx, "Select some text in the reader first."),
                }
            }
            Command::ExtendSelection(step) => {
                if let Some((ix, e)) = open {
                    marking.extend(ix, e, step);
                }
            }
            Command::Recolour(id, colour) => {
                let note = rt.memory.highlight(id).map(|h| h.note.clone());
                if let Some(note) = note {
                    rt.memory.update_highlight(id, colour, &note);
                }
            }
            Command::DeleteHighlight(id) => {
                rt.memory.delete_highlight(id);
                if marking.active == Some(id) {
                    marking.active = None;
                    marking.draft = None;
                }
            }
            Command::OpenHighlightCard(id) => marking.click(Some(id)),
            Command::CloseHighlightCard => marking.click(None),
            Command::SaveNote => {
                let Some(d) = marking.draft.take() else {
                    return;
                };
                match d.on {
                    NoteOn::Highlight(id) => {
                        let colour = rt.memory.highlight(id).map(|h| h.colour);
                        if let Some(colour) = colour {
                            rt.memory.update_highlight(id, colour, d.text.trim());
                        }
                    }
                    NoteOn::Entry => {
                        if let Some((_, e)) = open {
                            rt.memory.set_entry_note(&e.id, &d.text);
                        }
                    }
                }
            }
            Command::CancelNote => marking.draft = None,
            Command::EditEntryNote if open.is_some() => self.start_note(NoteOn::Entry),
            Command::KeepPosition(ix, offset) => {
                if let Some(e) = archive.get(ix) {
                    rt.memory.set_position(&e.id, offset, now);
                }
            }
            _ => {}
        }
    }

    /// Marks the reader's selection in `colour` and opens the new
    /// highlight's card; its id, or `None` with nothing selected.
    fn mark_selection(&mut self, colour: Colour) -> Option<i64> {
        let rt = &mut self.rt;
        let ix = rt.open?;
        let entry = rt.session.archive.get(ix)?;
        let marking = &mut rt.reader.marking;
        let sel = marking
            .selection
            .filter(|s| s.entry == ix && !s.is_empty())?;
        let text = EntryText::of(entry);
        let range = selected_range(&text, sel);
        if text.as_str().get(range.clone())?.trim().is_empty() {
            return None;
        }
        let anchor = hotline::marks::anchor::make(&text, range);
        let id = rt.memory.add_highlight(&entry.id, anchor, colour);
        marking.selection = None;
        marking.active = Some(id);
        marking.draft = None;
        Some(id)
    }

    /// Opens the note editor on `on`, holding its note so far.
    fn start_note(&mut self, on: NoteOn) {
        let rt = &mut self.rt;
        let text = match on {
            NoteOn::Highlight(id) => rt.memory.highlight(id).map(|h| h.note.clone()),
            NoteOn::Entry => rt
                .open
                .and_then(|ix| rt.session.archive.get(ix))
                .and_then(|e| rt.memory.entry_note(&e.id))
                .map(str::to_string),
        };
        let marking = &mut rt.reader.marking;
        if let NoteOn::Highlight(id) = on {
            marking.active = Some(id);
        }
        marking.draft = Some(Draft {
            on,
            text: text.unwrap_or_default(),
            focus: true,
        });
    }
}

impl HotlineApp {
    pub(super) fn apply_collection(&mut self, c: Command) {
        let rt = &mut self.rt;
        let archive = rt.session.archive.clone();
        let open_id = rt.open.and_then(|ix| archive.get(ix)).map(|e| e.id.clone());
        let taken = |taking: Taking| -> Vec<String> {
            match taking {
                Taking::Open => open_id.iter().cloned().collect(),
                Taking::Selection => rt.selection.ids(&archive),
            }
        };
        let change = match c {
            Command::AddToCollection(name, taking) => {
                let ids = taken(taking);
                if ids.is_empty() {
                    return;
                }
                CollectionChange::Add { name, ids }
            }
            Command::RemoveFromCollection(name) => match open_id {
                Some(id) => CollectionChange::Remove {
                    name,
                    ids: vec![id],
                },
                None => return,
            },
            Command::NewCollection(taking) => {
                let ids = taken(taking);
                rt.collections.ask(Naming::New(ids));
                return;
            }
            Command::RenameCollection(name) => {
                rt.collections.ask(Naming::Rename(name));
                return;
            }
            Command::DeleteCollection(name) => {
                rt.collections.ask(Naming::Delete(name));
                return;
            }
            Command::NamingDone(Naming::New(ids), name) => {
                // A new collection is listed at once.
                self.state.filter.collections = vec![name.clone()];
                if ids.is_empty() {
                    CollectionChange::Create(name)
                } else {
                    CollectionChange::Add { name, ids }
                }
            }
            Command::NamingDone(Naming::Rename(from), to) => {
                for c in &mut self.state.filter.collections {
                    if same(c, &from) {
                        c.clone_from(&to);
                    }
                }
                CollectionChange::Rename { from, to }
            }
            Command::NamingDone(Naming::Delete(name), _) => {
                self.state.filter.collections.retain(|c| !same(c, &name));
                CollectionChange::Delete(name)
            }
            Command::MoveInCollection(toward) => {
                let [name] = self.state.filter.collections.as_slice() else {
                    return;
                };
                let Some(id) = rt.cursor.or(rt.open).and_then(|ix| archive.get(ix)) else {
                    return;
                };
                let id = id.id.clone();
                // Places count every id of the collection, loaded or not.
                let Some(at) =
                    (rt.memory.collection(name)).and_then(|c| c.ids.iter().position(|i| *i == id))
                else {
                    return;
                };
                let to = match toward {
                    Toward::Start => at.saturating_sub(1),
                    Toward::End => at + 1,
                };
                rt.reveal_cursor = true;
                CollectionChange::Move {
                    name: name.clone(),
                    id,
                    to,
                }
            }
            Command::PlaceInCollection(moved, before) => {
                let [name] = self.state.filter.collections.as_slice() else {
                    return;
                };
                let Some(members) = rt.memory.collection(name) else {
                    return;
                };
                let place = |ix: u32| {
                    let id = &archive.get(ix)?.id;
                    members.ids.iter().position(|i| i == id)
                };
                let Some(from) = place(moved) else {
                    return;
                };
                // Places count every id of the collection, loaded or not;
                // the entry leaves its place before it takes the new one.
                let to = match before.map(place) {
                    None => members.ids.len() - 1,
                    Some(Some(at)) if at > from => at - 1,
                    Some(Some(at)) => at,
                    Some(None) => return,
                };
                if to == from {
                    return;
                }
                CollectionChange::Move {
                    name: name.clone(),
                    id: members.ids[from].clone(),
                    to,
                }
            }
            _ => return,
        };
        self.rt.memory.change_collections(change);
    }
}

/// The bytes of the entry's text a selection covers.
fn selected_range(text: &EntryText, sel: TextSelection) -> std::ops::Range<usize> {
    let (a, b) = sel.ordered();
    text.offset(a.block, a.byte)..text.offset(b.block, b.byte)
}
