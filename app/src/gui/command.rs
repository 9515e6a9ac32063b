//! Every action of the window as one [`Command`] type, shared by buttons,
//! menus and keyboard shortcuts (after rerun's `UICommand`).
//!
//! Panels push commands into a queue; the App applies them once a frame
//! (`app.rs`). Each command has a label, and those bound to keys list them in
//! [`Command::shortcuts`], which both the key handler and the Help window
//! read, so the two cannot drift apart.

use super::collections::{Naming, Taking};
use super::export::Scope;
use super::marking::Step;
use super::state::{JoinedTeasers, ThemeChoice, TimeScope};
use egui::{Key, KeyboardShortcut, Modifiers};
use hotline::db::Colour;
use hotline::explore::Step as TimeStep;
use hotline::sort::SortKey;
use hotline::{BinChoice, Filter, Granularity, Period};

/// One thing the user can ask for.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Move the list cursor up one row.
    CursorUp,
    /// Move the list cursor down one row.
    CursorDown,
    /// Open the entry under the list cursor.
    OpenCursor,
    /// Open the entry at a canonical index.
    Open(u32),
    /// Toggle the selection of the entry under the list cursor.
    ToggleCursorSelection,
    /// Toggle the selection of one entry (sets the range anchor).
    ToggleSelection(u32),
    /// Select every shown entry from the range anchor to this one.
    SelectRangeTo(u32),
    SelectAllShown,
    ClearSelection,
    SetFilter(Filter),
    ClearFilter,
    /// Lists the entries with this tag (a tag clicked in the reader).
    ShowTag(String),
    PreviousEntry,
    NextEntry,
    FontBigger,
    FontSmaller,
    WiderColumn,
    NarrowerColumn,
    SetTheme(ThemeChoice),
    /// Sort by a key; the current key again flips the direction.
    SortBy(SortKey),
    /// List a search's hits best first.
    SortByRelevance,
    /// List a collection shown alone in its own order.
    SortByCollection,
    /// The timeline's bar size.
    SetBins(BinChoice),
    /// Scroll the reader to the n-th section heading.
    JumpToSection(usize),
    OpenFolderDialog,
    /// Start loading this folder (with the built-in archive when asked).
    LoadFolder(std::path::PathBuf),
    CancelLoad,
    ToggleWarnings,
    ToggleHelp,
    /// Put the keyboard in the Search field.
    FocusSearch,
    /// Open the reader's find bar (the Search field when no entry is open).
    FindInArticle,
    CloseFind,
    /// Move to the next / previous hit in the reader.
    NextHit,
    PreviousHit,
    DismissNote,
    /// Open the Export window on these entries.
    Export(Scope),
    /// Copy the open entry's citation to the clipboard.
    CopyCitation,
    /// Copy the citations of the selected entries.
    CopySelectionCitations,
    /// Close the window (saving what it remembers).
    Quit,
    /// Show or fold away the sidebar.
    ToggleSidebar,
    /// Mark the reader's selection in this colour.
    Highlight(Colour),
    /// Write a note: on the selection (marking it), else on the open
    /// highlight, else on the entry.
    NoteOnSelection,
    /// Copy the reader's selected text.
    CopySelection,
    /// Grow the reader's selection from the keyboard.
    ExtendSelection(Step),
    /// Give a highlight another colour.
    Recolour(i64, Colour),
    DeleteHighlight(i64),
    /// Open the card of a highlight in the open entry.
    OpenHighlightCard(i64),
    CloseHighlightCard,
    /// Keep the note being written.
    SaveNote,
    CancelNote,
    /// Write the note on the whole open entry.
    EditEntryNote,
    /// The reader is this far down the entry (a canonical index).
    KeepPosition(u32, f32),
    /// Add entries to the named collection (made if it does not exist).
    AddToCollection(String, Taking),
    /// Take the open entry out of the named collection.
    RemoveFromCollection(String),
    /// Ask for a name, then make a collection holding these entries.
    NewCollection(Taking),
    RenameCollection(String),
    DeleteCollection(String),
    /// The naming window's answer: the name typed (or the one to delete).
    NamingDone(Naming, String),
    /// Move the list's cursor entry within the chosen collection.
    MoveInCollection(Toward),
    /// An entry of the chosen collection dropped in the list: it goes
    /// just before the second entry, or last (canonical indexes).
    PlaceInCollection(u32, Option<u32>),
    /// Show or close the Highlights window.
    ToggleHighlights,
    /// Open the entry (a canonical index) at the highlight (an id).
    ShowHighlight(u32, i64),
    /// Open the Highlights window searching for these words.
    ShowHighlightsFor(String),
    /// Open or close the Trends window.
    ToggleTrends,
    /// List a term's matches in one period (a point of the Trends chart).
    ShowTrendPoint(String, Period),
    /// Open the next (or previous) dated entry in time, across the
    /// archive or the list (see [`TimeScope`]).
    StepInTime(TimeStep),
    /// Open an entry picked at random (from the list when time steps
    /// follow it).
    RandomEntry,
    /// Whether time steps and random picks go across the archive or the list.
    SetTimeScope(TimeScope),
    /// Show or hide the teasers whose article is in the archive.
    SetJoinedTeasers(JoinedTeasers),
    /// Open this author's page.
    OpenAuthor(String),
    /// List this author's entries.
    ListAuthor(String),
    /// Open the Export window on this author's entries.
    ExportAuthor(String),
}

/// Which way an entry moves in a collection's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Toward {
    Start,
    End,
}

const fn key(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::NONE, key)
}

const fn cmd(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND, key)
}

impl Command {
    /// The commands that have keyboard shortcuts, in Help-window order.
    pub fn keyed() -> [Command; 34] {
        [
            Command::CursorUp,
            Command::CursorDown,
            Command::OpenCursor,
            Command::ToggleCursorSelection,
            Command::PreviousEntry,
            Command::NextEntry,
            Command::ClearFilter,
            Command::SelectAllShown,
            Command::FontBigger,
            Command::FontSmaller,
            Command::OpenFolderDialog,
            Command::ToggleWarnings,
            Command::ToggleHelp,
            Command::FocusSearch,
            Command::FindInArticle,
            // Shift+F3 before F3: matching ignores an extra Shift.
            Command::PreviousHit,
            Command::NextHit,
            Command::Export(Scope::Selection),
            Command::CopyCitation,
            Command::ToggleSidebar,
            Command::Highlight(Colour::Yellow),
            Command::NoteOnSelection,
            Command::ExtendSelection(Step::WordForward),
            Command::ExtendSelection(Step::WordBack),
            Command::ExtendSelection(Step::BlockForward),
            Command::ExtendSelection(Step::BlockBack),
            Command::MoveInCollection(Toward::Start),
            Command::MoveInCollection(Toward::End),
            Command::ToggleHighlights,
            Command::ToggleTrends,
            Command::StepInTime(TimeStep::Previous),
            Command::StepInTime(TimeStep::Next),
            Command::RandomEntry,
            Command::Quit,
        ]
    }

    /// Keys that trigger the command (the first is shown in menus).
    pub fn shortcuts(&self) -> &'static [KeyboardShortcut] {
        const UP: &[KeyboardShortcut] = &[key(Key::ArrowUp), key(Key::K)];
        const DOWN: &[KeyboardShortcut] = &[key(Key::ArrowDown), key(Key::J)];
        const OPEN: &[KeyboardShortcut] = &[key(Key::Enter)];
        const TOGGLE: &[KeyboardShortcut] = &[key(Key::Space)];
        const PREVIOUS: &[KeyboardShortcut] = &[key(Key::OpenBracket)];
        const NEXT: &[KeyboardShortcut] = &[key(Key::CloseBracket)];
        const CLEAR: &[KeyboardShortcut] = &[key(Key::Escape)];
        const ALL: &[KeyboardShortcut] = &[cmd(Key::A)];
        const BIGGER: &[KeyboardShortcut] = &[cmd(Key::Plus), cmd(Key::Equals)];
        const SMALLER: &[KeyboardShortcut] = &[cmd(Key::Minus)];
        const FOLDER: &[KeyboardShortcut] = &[cmd(Key::O)];
        const WARNINGS: &[KeyboardShortcut] = &[cmd(Key::W)];
        const HELP: &[KeyboardShortcut] = &[key(Key::F1)];
        const SEARCH: &[KeyboardShortcut] = &[key(Key::Slash)];
        const FIND: &[KeyboardShortcut] = &[cmd(Key::F)];
        const NEXT_HIT: &[KeyboardShortcut] = &[key(Key::F3)];
        const PREVIOUS_HIT: &[KeyboardShortcut] =
            &[KeyboardShortcut::new(Modifiers::SHIFT, Key::F3)];
        const EXPORT: &[KeyboardShortcut] = &[cmd(Key::E)];
        const QUIT: &[KeyboardShortcut] = &[cmd(Key::Q)];
        const SIDEBAR: &[KeyboardShortcut] = &[cmd(Key::B)];
        const HIGHLIGHT: &[KeyboardShortcut] = &[key(Key::H)];
        const HIGHLIGHTS: &[KeyboardShortcut] = &[cmd(Key::H)];
        const NOTE: &[KeyboardShortcut] = &[key(Key::N)];
        const fn shift(key: Key) -> KeyboardShortcut {
            KeyboardShortcut::new(Modifiers::SHIFT, key)
        }
        const WORD_FORWARD: &[KeyboardShortcut] = &[shift(Key::ArrowRight)];
        const WORD_BACK: &[KeyboardShortcut] = &[shift(Key::ArrowLeft)];
        const BLOCK_FORWARD: &[KeyboardShortcut] = &[shift(Key::ArrowDown)];
        const BLOCK_BACK: &[KeyboardShortcut] = &[shift(Key::ArrowUp)];
        const EARLIER: &[KeyboardShortcut] = &[KeyboardShortcut::new(Modifiers::ALT, Key::ArrowUp)];
        const LATER: &[KeyboardShortcut] = &[KeyboardShortcut::new(Modifiers::ALT, Key::ArrowDown)];
        const TRENDS: &[KeyboardShortcut] = &[cmd(Key::T)];
        const BACK_IN_TIME: &[KeyboardShortcut] =
            &[KeyboardShortcut::new(Modifiers::ALT, Key::ArrowLeft)];
        const ON_IN_TIME: &[KeyboardShortcut] =
            &[KeyboardShortcut::new(Modifiers::ALT, Key::ArrowRight)];
        const RANDOM: &[KeyboardShortcut] = &[KeyboardShortcut::new(Modifiers::ALT, Key::R)];
        const CITE: &[KeyboardShortcut] = &[KeyboardShortcut::new(
            Modifiers::COMMAND.plus(Modifiers::SHIFT),
            Key::C,
        )];
        match self {
            Command::CursorUp => UP,
            Command::CursorDown => DOWN,
            Command::OpenCursor => OPEN,
            Command::ToggleCursorSelection => TOGGLE,
            Command::PreviousEntry => PREVIOUS,
            Command::NextEntry => NEXT,
            Command::ClearFilter => CLEAR,
            Command::SelectAllShown => ALL,
            Command::FontBigger => BIGGER,
            Command::FontSmaller => SMALLER,
            Command::OpenFolderDialog => FOLDER,
            Command::ToggleWarnings => WARNINGS,
            Command::ToggleHelp => HELP,
            Command::FocusSearch => SEARCH,
            Command::FindInArticle => FIND,
            Command::NextHit => NEXT_HIT,
            Command::PreviousHit => PREVIOUS_HIT,
            Command::Export(Scope::Selection) => EXPORT,
            Command::CopyCitation => CITE,
            Command::Quit => QUIT,
            Command::ToggleSidebar => SIDEBAR,
            Command::Highlight(Colour::Yellow) => HIGHLIGHT,
            Command::NoteOnSelection => NOTE,
            Command::ExtendSelection(Step::WordForward) => WORD_FORWARD,
            Command::ExtendSelection(Step::WordBack) => WORD_BACK,
            Command::ExtendSelection(Step::BlockForward) => BLOCK_FORWARD,
            Command::ExtendSelection(Step::BlockBack) => BLOCK_BACK,
            Command::MoveInCollection(Toward::Start) => EARLIER,
            Command::MoveInCollection(Toward::End) => LATER,
            Command::ToggleHighlights => HIGHLIGHTS,
            Command::ToggleTrends => TRENDS,
            Command::StepInTime(TimeStep::Previous) => BACK_IN_TIME,
            Command::StepInTime(TimeStep::Next) => ON_IN_TIME,
            Command::RandomEntry => RANDOM,
            _ => &[],
        }
    }

    /// What menus, buttons and the Help window call it.
    pub fn label(&self) -> String {
        let s = match self {
            Command::CursorUp => "Move up in the list",
            Command::CursorDown => "Move down in the list",
            Command::OpenCursor => "Open the highlighted entry",
            Command::Open(_) => "Open entry",
            Command::ToggleCursorSelection => "Select / unselect the highlighted entry",
            Command::ToggleSelection(_) => "Select / unselect",
            Command::SelectRangeTo(_) => "Select a range (Shift-click a checkbox)",
            Command::SelectAllShown => "Select all shown",
            Command::ClearSelection => "Clear selection",
            Command::SetFilter(_) => "Filter",
            Command::ClearFilter => "Clear all filters",
            Command::ShowTag(t) => return format!("Entries tagged “{t}”"),
            Command::PreviousEntry => "Previous entry",
            Command::NextEntry => "Next entry",
            Command::FontBigger => "Larger text",
            Command::FontSmaller => "Smaller text",
            Command::WiderColumn => "Wider column",
            Command::NarrowerColumn => "Narrower column",
            Command::SetTheme(t) => t.label(),
            Command::SortBy(k) => return format!("Sort by {}", k.as_str()),
            Command::SortByRelevance => "Best matches first",
            Command::SortByCollection => "In the collection's own order",
            Command::SetBins(BinChoice::Auto) => "Automatic",
            Command::SetBins(BinChoice::Fixed(g)) => match g {
                Granularity::Decade => "By decade",
                Granularity::Year => "By year",
                Granularity::Quarter => "By quarter",
                Granularity::Month => "By month",
                Granularity::Week => "By week",
                Granularity::Day => "By day",
            },
            Command::JumpToSection(_) => "Jump to section",
            Command::OpenFolderDialog => "Open archive folder…",
            Command::LoadFolder(_) => "Open",
            Command::CancelLoad => "Cancel loading",
            Command::ToggleWarnings => "Show load warnings",
            Command::ToggleHelp => "Shortcuts and search syntax",
            Command::FocusSearch => "Search",
            Command::FindInArticle => "Find in the open entry (or Search)",
            Command::CloseFind => "Close the find bar",
            Command::NextHit => "Next hit",
            Command::PreviousHit => "Previous hit",
            Command::DismissNote => "Dismiss",
            Command::Export(Scope::Selection) => "Export selection…",
            Command::Export(Scope::Shown) => "Export shown entries…",
            Command::Export(Scope::Open) => "Export this entry…",
            Command::CopyCitation => "Copy citation",
            Command::CopySelectionCitations => "Copy citations of the selection",
            Command::Quit => "Quit",
            Command::ToggleSidebar => "Show / hide the sidebar",
            Command::Highlight(c) => {
                return format!("Highlight the selection in {}", c.as_str());
            }
            Command::NoteOnSelection => "Note on the selection (else on the entry)",
            Command::CopySelection => "Copy the selected text",
            Command::ExtendSelection(Step::WordForward) => "Select to the next word",
            Command::ExtendSelection(Step::WordBack) => "Select back a word",
            Command::ExtendSelection(Step::BlockForward) => "Select to the paragraph's end",
            Command::ExtendSelection(Step::BlockBack) => "Select back to the paragraph's start",
            Command::Recolour(_, c) => return format!("Make it {}", c.as_str()),
            Command::DeleteHighlight(_) => "Delete highlight",
            Command::OpenHighlightCard(_) => "Open highlight",
            Command::CloseHighlightCard => "Close",
            Command::SaveNote => "Save note",
            Command::CancelNote => "Cancel",
            Command::EditEntryNote => "Note on this entry",
            Command::KeepPosition(..) => "Keep the reading position",
            Command::AddToCollection(name, Taking::Open) => {
                return format!("Add the open entry to “{name}”");
            }
            Command::AddToCollection(name, Taking::Selection) => {
                return format!("Add the selected entries to “{name}”");
            }
            Command::RemoveFromCollection(name) => return format!("Take it out of “{name}”"),
            Command::NewCollection(_) => "New collection…",
            Command::RenameCollection(_) => "Rename…",
            Command::DeleteCollection(_) => "Delete collection…",
            Command::NamingDone(..) => "OK",
            Command::MoveInCollection(Toward::Start) => "Move up in the collection",
            Command::MoveInCollection(Toward::End) => "Move down in the collection",
            Command::PlaceInCollection(..) => "Drag to reorder the collection",
            Command::ToggleHighlights => "Highlights and notes",
            Command::ShowHighlight(..) => "Open at the highlight",
            Command::ShowHighlightsFor(_) => "Highlights with the search's words",
            Command::ToggleTrends => "Trends…",
            Command::ShowTrendPoint(term, p) => {
                return format!("“{term}” in {}", super::period::period_label(*p));
            }
            Command::StepInTime(TimeStep::Next) => "Next in time",
            Command::StepInTime(TimeStep::Previous) => "Previous in time",
            Command::RandomEntry => "Random entry",
            Command::SetTimeScope(TimeScope::Archive) => "Across the whole archive",
            Command::SetTimeScope(TimeScope::List) => "Within the list",
            Command::SetJoinedTeasers(JoinedTeasers::Show) => {
                "Show teasers that have their article"
            }
            Command::SetJoinedTeasers(JoinedTeasers::Hide) => {
                "Hide teasers that have their article"
            }
            Command::OpenAuthor(name) => return format!("About {name}"),
            Command::ListAuthor(name) => return format!("Entries by {name}"),
            Command::ExportAuthor(_) => "Export this author…",
        };
        s.to_string()
    }

    /// Keys a panel takes for the command while the panel is active,
    /// ahead of the table in [`Command::shortcuts`]: Esc closes an open
    /// find bar before it can clear the filters.
    pub fn panel_shortcuts(&self) -> &'static [KeyboardShortcut] {
        const CLOSE: &[KeyboardShortcut] = &[key(Key::Escape)];
        match self {
            Command::CloseFind => CLOSE,
            _ => &[],
        }
    }

    /// The first shortcut as text for menus ("Ctrl+O"), if any.
    pub fn shortcut_text(&self, ctx: &egui::Context) -> Option<String> {
        self.shortcuts()
            .first()
            .or_else(|| self.panel_shortcuts().first())
            .map(|s| shortcut_text(ctx, s))
    }

    /// Its label with its first shortcut, for hover texts
    /// ("Next hit (F3)"): buttons never spell keys themselves, so a
    /// changed binding shows everywhere at once.
    pub fn hover_text(&self, ctx: &egui::Context) -> String {
        match self.shortcut_text(ctx) {
            Some(keys) => format!("{} ({keys})", self.label()),
            None => self.label(),
        }
    }

    /// Whether its keys work while a text field has the keyboard: keys
    /// that type nothing and edit nothing in a field (function keys, and
    /// Ctrl combinations a field has no use for).
    fn works_in_fields(&self) -> bool {
        matches!(
            self,
            Command::FontBigger
                | Command::FontSmaller
                | Command::OpenFolderDialog
                | Command::ToggleWarnings
                | Command::ToggleHelp
                | Command::FindInArticle
                | Command::NextHit
                | Command::PreviousHit
                | Command::Export(_)
                | Command::ToggleSidebar
                | Command::ToggleHighlights
                | Command::ToggleTrends
                | Command::Quit
        )
    }

    /// Whether it puts the keyboard in a text field: it takes effect at
    /// once, so the keys typed right after it in the same frame reach
    /// the field.
    pub fn focuses_field(&self) -> bool {
        matches!(self, Command::FocusSearch | Command::FindInArticle)
    }

    /// All shortcuts as text, for the Help window ("↑ / K").
    pub fn all_shortcuts_text(&self, ctx: &egui::Context) -> String {
        let keys: Vec<String> = self
            .shortcuts()
            .iter()
            .map(|s| shortcut_text(ctx, s))
            .collect();
        keys.join("  /  ")
    }
}

/// A shortcut as people write it: `Ctrl+=`, `[`, `/`, `Shift+F3`, `Esc`
/// (egui spells keys by their names: `OpenBracket`, `Slash`, `Equals`).
pub fn shortcut_text(ctx: &egui::Context, s: &KeyboardShortcut) -> String {
    let key = match s.logical_key {
        Key::Escape => "Esc",
        // Arrows every font has (egui's own arrow symbols are missing
        // from its monospace font).
        Key::ArrowUp => "↑",
        Key::ArrowDown => "↓",
        Key::ArrowLeft => "←",
        Key::ArrowRight => "→",
        // Punctuation by its symbol, the rest by name.
        k => k.symbol_or_name(),
    };
    let mods = ctx.format_modifiers(s.modifiers);
    // Names are joined with "+" ("Ctrl+="), Mac symbols are not ("⌘=").
    let join = if mods.ends_with(|c: char| c.is_alphanumeric()) {
        "+"
    } else {
        ""
    };
    format!("{mods}{join}{key}")
}

/// Consumes this frame's shortcut key presses and returns their commands.
/// While a text field has the keyboard only the keys that edit nothing in
/// it are taken ([`Command::works_in_fields`]), so typing a path never
/// moves the list. A key taken as a shortcut types nothing: its text
/// event goes with it.
pub fn from_keys(ctx: &egui::Context) -> Vec<Command> {
    let in_field = ctx.text_edit_focused();
    // A focused widget (the timeline's chart) has its own use for the
    // arrow keys.
    let focused = ctx.memory(|m| m.focused().is_some());
    let mut out = Vec::new();
    // A key with more modifiers is tried first: matching ignores an extra
    // Shift, so Shift+↑ would otherwise move the list.
    let mut keyed = Command::keyed();
    keyed.sort_by_key(|c| {
        std::cmp::Reverse(c.shortcuts().first().map_or(0, |s| {
            let m = s.modifiers;
            u8::from(m.shift) + u8::from(m.alt) + u8::from(m.command || m.ctrl)
        }))
    });
    ctx.input_mut(|input| {
        for command in keyed {
            if in_field && !command.works_in_fields() {
                continue;
            }
            if focused && matches!(command, Command::ExtendSelection(_)) {
                continue;
            }
            let taken = command
                .shortcuts()
                .iter()
                .find(|s| input.consume_shortcut(s));
            if let Some(s) = taken {
                drop_typed_text(input, s);
                out.push(command);
            }
        }
    });
    out
}

/// Removes the text event a shortcut's key press made (`/` types "/"),
/// the first one after its key event.
fn drop_typed_text(input: &mut egui::InputState, s: &KeyboardShortcut) {
    if s.modifiers.command || s.modifiers.ctrl || s.modifiers.alt {
        return;
    }
    let typed = s.logical_key.symbol_or_name();
    if let Some(at) = input
        .events
        .iter()
        .position(|e| matches!(e, egui::Event::Text(t) if t == typed))
    {
        input.events.remove(at);
    }
}

/// A menu entry that pushes `command` and closes the menu.
pub fn menu_item_ui(ui: &mut egui::Ui, command: Command, queue: &mut Vec<Command>) {
    let mut button = egui::Button::new(command.label());
    if let Some(keys) = command.shortcut_text(ui.ctx()) {
        button = button.shortcut_text(keys);
    }
    if ui.add(button).clicked() {
        queue.push(command);
        ui.close();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hover_texts_name_the_keys_that_run_the_command() {
        let ctx = egui::Context::default();
        let export = Command::Export(Scope::Selection).hover_text(&ctx);
        let keys = shortcut_text(&ctx, &cmd(Key::E));
        assert_eq!(export, format!("Export selection… ({keys})"));
        // A key a panel takes first counts as the command's key too.
        assert_eq!(
            Command::CloseFind.hover_text(&ctx),
            "Close the find bar (Esc)"
        );
        assert_eq!(Command::Open(0).hover_text(&ctx), "Open entry");
    }

    #[test]
    fn keys_read_as_people_write_them() {
        let ctx = egui::Context::default();
        let text = |s| shortcut_text(&ctx, &s);
        assert_eq!(text(key(Key::OpenBracket)), "[");
        assert_eq!(text(key(Key::CloseBracket)), "]");
        assert_eq!(text(key(Key::Slash)), "/");
        assert_eq!(text(cmd(Key::Equals)), "Ctrl+=");
        assert_eq!(text(key(Key::F3)), "F3");
        assert_eq!(text(key(Key::Escape)), "Esc");
        assert_eq!(text(key(Key::Space)), "Space");
        assert_eq!(text(cmd(Key::Q)), "Ctrl+Q");
        assert_eq!(
            text(KeyboardShortcut::new(Modifiers::SHIFT, Key::F3)),
            "Shift+F3"
        );
    }

    #[test]
    fn shortcuts_are_unique() {
        let mut seen = Vec::new();
        for c in Command::keyed() {
            assert!(!c.shortcuts().is_empty(), "{c:?} has no key");
            for s in c.shortcuts() {
                assert!(!seen.contains(s), "{s:?} bound twice");
                seen.push(*s);
            }
        }
    }
}
