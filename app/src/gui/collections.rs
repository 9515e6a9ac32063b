//! Collections in the window: the sidebar's section (each collection with
//! its count under the other filters; a click lists it, Ctrl+click adds
//! it; a right click renames, deletes or adds to it), the reader's
//! "Collect" menu (in which collections the open entry is), and the small
//! window that names a new collection, renames one or confirms a delete.
//! A chosen collection is a filter like an author; the list shows it in
//! the reader's own order, which Alt+↑ / Alt+↓ and dragging a row change.

use super::command::Command;
use super::memory::Members;
use super::theme;
use hotline::numbers::grouped;
use hotline::{Archive, Filter};

/// Which entries a collection command takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Taking {
    /// The entry open in the reader.
    Open,
    /// The selected entries.
    Selection,
}

/// What the naming window is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Naming {
    /// A new collection holding these ids.
    New(Vec<String>),
    Rename(String),
    /// Asks before deleting.
    Delete(String),
}

/// The naming window's state.
#[derive(Debug, Default)]
pub struct CollectionsRuntime {
    pub naming: Option<(Naming, String)>,
    /// Put the keyboard in the name field on the next frame.
    focus: bool,
    /// What the members and counts were made from: load generation,
    /// memory revision, filter (members left out) and search serial.
    key: Option<(u64, u64, Filter, u64)>,
    /// Each collection's name and its count under the other filters.
    pub counts: Vec<(String, usize)>,
    /// The single chosen collection's order, as canonical indexes.
    pub order: Option<Vec<u32>>,
}

impl CollectionsRuntime {
    pub fn ask(&mut self, naming: Naming) {
        let text = match &naming {
            Naming::Rename(name) => name.clone(),
            _ => String::new(),
        };
        self.naming = Some((naming, text));
        self.focus = true;
    }

    /// Fills the filter's members from the collections it names, and the
    /// sidebar's counts; recomputed only when the archive, the
    /// collections, the filter or the search changed.
    pub fn refresh(
        &mut self,
        (archive, generation): (&Archive, u64),
        (collections, revision): (&[Members], u64),
        filter: &mut Filter,
        search: Option<(u64, &[u32])>,
    ) {
        let serial = search.map_or(0, |s| s.0);
        let plain = Filter {
            members: Vec::new(),
            ..filter.clone()
        };
        let key = (generation, revision, plain, serial);
        if self.key.as_ref() == Some(&key) {
            return;
        }
        let indexes = |m: &Members| -> Vec<u32> {
            m.ids.iter().filter_map(|id| archive.index_of(id)).collect()
        };
        let chosen: Vec<&Members> = collections
            .iter()
            .filter(|c| filter.collections.iter().any(|n| same(n, &c.name)))
            .collect();
        let mut members: Vec<u32> = chosen.iter().flat_map(|c| indexes(c)).collect();
        members.sort_unstable();
        members.dedup();
        filter.members = members;
        self.order = match chosen.as_slice() {
            [one] if filter.collections.len() == 1 => Some(indexes(one)),
            _ => None,
        };
        let others = filter.without_collections();
        self.counts = collections
            .iter()
            .map(|c| {
                let mut ixs = indexes(c);
                ixs.sort_unstable();
                let mut kept = archive.filter_within(&others, &ixs);
                if let Some((_, all)) = search {
                    kept.retain(|ix| all.binary_search(ix).is_ok());
                }
                (c.name.clone(), kept.len())
            })
            .collect();
        self.key = Some(key);
    }
}

/// Collection names are the same without regard to case.
pub fn same(a: &str, b: &str) -> bool {
    a.to_lowercase() == b.to_lowercase()
}

/// The sidebar's Collections section.
pub fn sidebar_ui(
    ui: &mut egui::Ui,
    filter: &Filter,
    counts: &[(String, usize)],
    queue: &mut Vec<Command>,
) {
    let ctrl = ui.input(|i| i.modifiers.command);
    for (name, n) in counts {
        let on = filter.collections.iter().any(|c| same(c, name));
        let row = super::sidebar::facet_row_ui(ui, name, *n, on);
        if row.clicked() {
            let mut f = filter.clone();
            if on {
                f.collections.retain(|c| !same(c, name));
            } else if ctrl {
                f.collections.push(name.clone());
            } else {
                f.collections = vec![name.clone()];
            }
            f.members.clear();
            queue.push(Command::SetFilter(f));
        }
        row.context_menu(|ui| {
            for command in [
                Command::AddToCollection(name.clone(), Taking::Selection),
                Command::AddToCollection(name.clone(), Taking::Open),
                Command::RenameCollection(name.clone()),
                Command::DeleteCollection(name.clone()),
            ] {
                if ui.button(command.label()).clicked() {
                    queue.push(command);
                    ui.close();
                }
            }
        });
    }
    let new = ui.add(egui::Link::new(
        egui::RichText::new("New collection…")
            .size(12.5)
            .color(theme::muted(ui)),
    ));
    if new
        .on_hover_text("A named list of entries, in an order you set: right-click one to add to it")
        .clicked()
    {
        queue.push(Command::NewCollection(Taking::Selection));
    }
}

/// The reader's Collect menu: a tick for each collection the open entry
/// is in (a click adds or removes it), and a new collection with it.
pub fn collect_menu_ui(
    ui: &mut egui::Ui,
    id: Option<&str>,
    collections: &[Members],
    queue: &mut Vec<Command>,
) {
    ui.add_enabled_ui(id.is_some(), |ui| {
        // In a bar of its own: a lone menu button here closes again in the
        // frame after the click that opened it. The bar keeps the window's
        // button frame, so Collect looks like the buttons beside it, with
        // a menu bar's narrow padding, so the toolbar's row still holds it
        // in a narrow reader.
        let style = |s: &mut egui::Style| s.spacing.button_padding = egui::vec2(2.0, 0.0);
        let bar = egui::MenuBar::new().style(style);
        bar.ui(ui, |ui| {
            ui.menu_button("Collect", |ui| {
                for c in collections {
                    let mut inside = id.is_some_and(|id| c.ids.iter().any(|i| i == id));
                    let label = format!("{} ({})", c.name, grouped(c.ids.len()));
                    if ui.checkbox(&mut inside, label).clicked() {
                        queue.push(match inside {
                            true => Command::AddToCollection(c.name.clone(), Taking::Open),
                            false => Command::RemoveFromCollection(c.name.clone()),
                        });
                        ui.close();
                    }
                }
                if !collections.is_empty() {
                    ui.separator();
                }
                if ui.button("New collection with this entry…").clicked() {
                    queue.push(Command::NewCollection(Taking::Open));
                    ui.close();
                }
            })
            .response
            .on_hover_text("Add this entry to a collection, or take it out")
        });
    });
}

/// The small window that names or confirms; pushes what was decided.
pub fn naming_window_ui(
    ctx: &egui::Context,
    rt: &mut CollectionsRuntime,
    queue: &mut Vec<Command>,
) {
    let Some((naming, text)) = &mut rt.naming else {
        return;
    };
    let title = match naming {
        Naming::New(_) => "New collection",
        Naming::Rename(_) => "Rename collection",
        Naming::Delete(_) => "Delete collection",
    };
    let mut done: Option<bool> = None;
    let focus = std::mem::take(&mut rt.focus);
    egui::Window::new(title)
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, egui::vec2(0.0, 0.0))
        .show(ctx, |ui| {
            let confirm = match naming {
                Naming::Delete(name) => {
                    ui.label(format!(
                        "Delete the collection “{name}”? Its entries stay in the archive."
                    ));
                    "Delete"
                }
                Naming::New(ids) => {
                    let what = match ids.len() {
                        0 => "It starts empty: add entries from the reader's Collect menu or a collection's right-click menu.".to_string(),
                        1 => "It starts with 1 entry.".to_string(),
                        n => format!("It starts with {} entries.", grouped(n)),
                    };
                    name_field_ui(ui, text, focus, &mut done);
                    ui.label(egui::RichText::new(what).small().color(theme::muted(ui)));
                    "Create"
                }
                Naming::Rename(_) => {
                    name_field_ui(ui, text, focus, &mut done);
                    "Rename"
                }
            };
            ui.horizontal(|ui| {
                let named = matches!(naming, Naming::Delete(_)) || !text.trim().is_empty();
                if ui.add_enabled(named, egui::Button::new(confirm)).clicked() {
                    done = Some(true);
                }
                if ui.button("Cancel").clicked() {
                    done = Some(false);
                }
            });
        });
    if ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape)) {
        done = Some(false);
    }
    match done {
        Some(true) => {
            if let Some((naming, text)) = rt.naming.take() {
                queue.push(Command::NamingDone(naming, text.trim().to_string()));
            }
        }
        Some(false) => rt.naming = None,
        None => {}
    }
}

fn name_field_ui(ui: &mut egui::Ui, text: &mut String, focus: bool, done: &mut Option<bool>) {
    let r = ui.add(egui::TextEdit::singleline(text).hint_text("Name"));
    r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, "Collection name"));
    if focus {
        r.request_focus();
    }
    if r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) && !text.trim().is_empty() {
        *done = Some(true);
    }
}
