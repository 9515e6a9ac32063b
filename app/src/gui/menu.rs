//! The top bar: File / View / Go / Help menus, the Search field (with its error
//! or fuzzy-correction note), and the note shown when saved settings had to
//! be reset.

use super::command::{Command, menu_item_ui};
use super::export::Scope;
use super::search::{self, SearchRuntime};
use super::state::{CollectionOrder, JoinedTeasers, ThemeChoice, TimeScope, UiState};
use hotline::BinChoice;
use hotline::explore::Step;
use hotline::sort::SortKey;

/// Menus, the Search field (which edits the search's text) and the note
/// banner.
pub fn menu_bar_ui(
    ui: &mut egui::Ui,
    state: &UiState,
    search: &mut SearchRuntime,
    note: Option<&str>,
    queue: &mut Vec<Command>,
) {
    // The menu bar takes the whole row, so the Search field lives inside it,
    // pushed to the right.
    egui::MenuBar::new().ui(ui, |ui| {
        sidebar_toggle_ui(ui, queue);
        ui.menu_button("File", |ui| file_menu_ui(ui, queue));
        ui.menu_button("View", |ui| view_menu_ui(ui, state, queue));
        ui.menu_button("Go", |ui| go_menu_ui(ui, state, queue));
        ui.menu_button("Help", |ui| {
            menu_item_ui(ui, Command::ToggleHelp, queue);
        });
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            search::search_field_ui(ui, search);
        });
    });
    if let Some(note) = note {
        ui.horizontal(|ui| {
            ui.label(egui::RichText::new(note).color(ui.visuals().warn_fg_color));
            if ui.small_button("Dismiss").clicked() {
                queue.push(Command::DismissNote);
            }
        });
    }
}

/// Three lines, the sign of a sidebar that folds away.
fn sidebar_toggle_ui(ui: &mut egui::Ui, queue: &mut Vec<Command>) {
    let command = Command::ToggleSidebar;
    let button = ui
        .add(egui::Button::new("").min_size(egui::vec2(26.0, 18.0)))
        .on_hover_text(command.hover_text(ui.ctx()));
    button.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, command.label()));
    let stroke = egui::Stroke::new(1.4, ui.visuals().text_color());
    let c = button.rect.center();
    for dy in [-4.0, 0.0, 4.0] {
        ui.painter()
            .line_segment([c + egui::vec2(-6.0, dy), c + egui::vec2(6.0, dy)], stroke);
    }
    if button.clicked() {
        queue.push(command);
    }
}

fn file_menu_ui(ui: &mut egui::Ui, queue: &mut Vec<Command>) {
    menu_item_ui(ui, Command::OpenFolderDialog, queue);
    menu_item_ui(ui, Command::ToggleWarnings, queue);
    ui.separator();
    menu_item_ui(ui, Command::SelectAllShown, queue);
    menu_item_ui(ui, Command::ClearSelection, queue);
    ui.separator();
    menu_item_ui(ui, Command::Export(Scope::Selection), queue);
    menu_item_ui(ui, Command::Export(Scope::Shown), queue);
    menu_item_ui(ui, Command::CopyCitation, queue);
    menu_item_ui(ui, Command::CopySelectionCitations, queue);
    ui.separator();
    menu_item_ui(ui, Command::Quit, queue);
}

/// Reading on: in time, at random, and where those look.
fn go_menu_ui(ui: &mut egui::Ui, state: &UiState, queue: &mut Vec<Command>) {
    menu_item_ui(ui, Command::StepInTime(Step::Previous), queue);
    menu_item_ui(ui, Command::StepInTime(Step::Next), queue);
    menu_item_ui(ui, Command::RandomEntry, queue);
    ui.separator();
    ui.label(egui::RichText::new("Look").small().weak());
    for scope in [TimeScope::Archive, TimeScope::List] {
        let command = Command::SetTimeScope(scope);
        if ui
            .radio(state.time_scope == scope, command.label())
            .clicked()
        {
            queue.push(command);
            ui.close();
        }
    }
}

fn view_menu_ui(ui: &mut egui::Ui, state: &UiState, queue: &mut Vec<Command>) {
    ui.label(egui::RichText::new("Theme").small().weak());
    for t in ThemeChoice::ALL {
        if ui.radio(state.theme == t, t.label()).clicked() {
            queue.push(Command::SetTheme(t));
            ui.close();
        }
    }
    ui.separator();
    menu_item_ui(ui, Command::FontBigger, queue);
    menu_item_ui(ui, Command::FontSmaller, queue);
    menu_item_ui(ui, Command::WiderColumn, queue);
    menu_item_ui(ui, Command::NarrowerColumn, queue);
    menu_item_ui(ui, Command::ToggleSidebar, queue);
    menu_item_ui(ui, Command::ToggleHighlights, queue);
    menu_item_ui(ui, Command::ToggleTrends, queue);
    ui.separator();
    ui.label(egui::RichText::new("Timeline").small().weak());
    for b in BinChoice::ALL {
        if ui
            .radio(state.bins == b, Command::SetBins(b).label())
            .clicked()
        {
            queue.push(Command::SetBins(b));
            ui.close();
        }
    }
    ui.separator();
    ui.label(egui::RichText::new("Sort").small().weak());
    // One collection listed alone has its own order too.
    let own = state.filter.collections.len() == 1 && state.collection_order == CollectionOrder::Own;
    if state.filter.collections.len() == 1 {
        let command = Command::SortByCollection;
        if ui.radio(own, command.label()).clicked() {
            queue.push(command);
            ui.close();
        }
    }
    for k in SortKey::ALL {
        let command = Command::SortBy(k);
        if ui
            .radio(!own && state.sort.key == k, command.label())
            .clicked()
        {
            queue.push(command);
            ui.close();
        }
    }
    ui.separator();
    let hide = state.joined_teasers == JoinedTeasers::Hide;
    let label = Command::SetJoinedTeasers(JoinedTeasers::Hide).label();
    if ui.checkbox(&mut hide.clone(), label).clicked() {
        let next = if hide {
            JoinedTeasers::Show
        } else {
            JoinedTeasers::Hide
        };
        queue.push(Command::SetJoinedTeasers(next));
        ui.close();
    }
    menu_item_ui(ui, Command::ClearFilter, queue);
}
