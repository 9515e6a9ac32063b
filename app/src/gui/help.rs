//! The Help window: every keyboard shortcut (read from [`Command`], so the
//! list cannot go stale), mouse gestures, and the search syntax (the same
//! as the README's "Search syntax" section).

use super::command::Command;

/// Query syntax examples and what they do.
const SEARCH_SYNTAX: [(&str, &str); 7] = [
    ("support desk", "every word must match (any order)"),
    ("\"support desk\"", "the exact phrase"),
    (
        "-outsourcing",
        "leave out entries with this word (or -\"a phrase\")",
    ),
    ("manag*", "words beginning with manag"),
    (
        "author:blaisdell",
        "by this author (author:\"mikael blaisdell\")",
    ),
    (
        "date:2007",
        "in 2007; date:2007-03..2008-05 or date:..2008 for ranges",
    ),
    (
        "kind:excerpt",
        "only teasers (kind:article for full articles)",
    ),
];

/// The Help window: shortcuts, mouse, search syntax.
pub fn help_window_ui(ctx: &egui::Context, open: &mut bool) {
    egui::Window::new("Help")
        .open(open)
        .collapsible(false)
        .resizable(false)
        .vscroll(true)
        .default_width(460.0)
        .show(ctx, |ui| {
            ui.label(egui::RichText::new("Keyboard shortcuts").strong());
            two_columns("shortcuts").show(ui, |ui| {
                for c in Command::keyed() {
                    ui.label(c.label());
                    ui.label(egui::RichText::new(c.all_shortcuts_text(ctx)).monospace());
                    ui.end_row();
                }
            });
            ui.add_space(8.0);
            ui.label(egui::RichText::new("Mouse").strong());
            ui.label("Shift-click a checkbox to select a range of entries.");
            ui.label(
                "Click a bar of the timeline to show that period; drag across bars for a range.",
            );
            ui.label(format!("{}.", super::timeline_keys::keys_hint(ctx)));
            ui.label("Click a point of the Trends chart to list that term's entries then.");
            ui.label("Ctrl-click authors in the sidebar to combine several.");
            ui.add_space(8.0);
            search_syntax_ui(ui);
        });
}

fn search_syntax_ui(ui: &mut egui::Ui) {
    ui.label(egui::RichText::new("Search syntax").strong());
    two_columns("search_syntax").show(ui, |ui| {
        for (example, meaning) in SEARCH_SYNTAX {
            ui.label(egui::RichText::new(example).monospace());
            ui.label(meaning);
            ui.end_row();
        }
    });
    ui.label(
        "Case and accents are ignored, and English stemming applies: \
         profession also finds professional.",
    );
    ui.label(
        "When nothing matches, misspelt words are replaced by the closest \
         indexed words and the results say so (fuzzy fallback).",
    );
    let keys = |c: Command| c.shortcut_text(ui.ctx()).unwrap_or_default();
    let (find, next, previous) = (
        keys(Command::FindInArticle),
        keys(Command::NextHit),
        keys(Command::PreviousHit),
    );
    ui.label(format!(
        "Find in article ({find}) matches the same way; \
         {next} / {previous} step through the hits in the reader."
    ));
}

/// A striped two-column grid (name, value).
fn two_columns(id: &str) -> egui::Grid {
    egui::Grid::new(id)
        .num_columns(2)
        .spacing([24.0, 6.0])
        .striped(true)
}
