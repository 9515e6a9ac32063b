//! What the window remembers between runs: [`UiState`], saved as JSON in
//! its own file as it changes (see `saver`); earlier releases kept it in
//! eframe's storage under [`STATE_KEY`], read once when there is no file.
//!
//! Only small, plain values live here (theme, reading font size and column
//! width, filters, sort, the open entry, the selection and reading positions,
//! all by entry id). The archive and everything derived from it is runtime
//! state (see `app.rs`). Saved state that cannot be read, or comes from
//! another version, falls back to defaults with a note for the user.

use super::layout::PanelWidths;
use hotline::sort::Sort;
use hotline::{BinChoice, Filter};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The storage key of the saved state.
pub const STATE_KEY: &str = "hotline-ui-state";
/// Bumped when a saved state can no longer be understood.
pub const STATE_VERSION: u32 = 1;

/// Reading font size range (points) and default.
pub const FONT_SIZES: (f32, f32, f32) = (12.0, 32.0, 18.0);
/// Reading column range (characters per line) and default.
pub const LINE_CHARS: (f32, f32, f32) = (45.0, 110.0, 70.0);

/// Light, dark, or whatever the system prefers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ThemeChoice {
    #[default]
    System,
    Light,
    Dark,
}

impl ThemeChoice {
    pub const ALL: [ThemeChoice; 3] = [ThemeChoice::System, ThemeChoice::Light, ThemeChoice::Dark];

    pub fn label(self) -> &'static str {
        match self {
            ThemeChoice::System => "Follow system",
            ThemeChoice::Light => "Light",
            ThemeChoice::Dark => "Dark",
        }
    }
}

/// How a search's hits are listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum HitsOrder {
    /// Best first.
    #[default]
    Relevance,
    /// By the list's sort.
    Sorted,
}

/// How a collection listed alone is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum CollectionOrder {
    /// The order the reader set (by dragging or Alt+↑/↓).
    #[default]
    Own,
    /// By the list's sort.
    Sorted,
}

/// Where "next in time" and "random entry" look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum TimeScope {
    /// Every entry of the archive.
    #[default]
    Archive,
    /// The entries in the list (under its filters and search).
    List,
}

/// Whether the list shows the teasers whose whole article is in the
/// archive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum JoinedTeasers {
    #[default]
    Show,
    Hide,
}

/// The persisted part of the window's state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct UiState {
    pub version: u32,
    pub theme: ThemeChoice,
    /// Reading font size in points.
    pub font_size: f32,
    /// Reading column width in characters.
    pub line_chars: f32,
    pub filter: Filter,
    pub sort: Sort,
    pub hits_order: HitsOrder,
    pub collection_order: CollectionOrder,
    /// The timeline's bar size.
    pub bins: BinChoice,
    /// Id of the entry open in the reader.
    pub open: Option<String>,
    /// Ids of the selected entries.
    pub selection: Vec<String>,
    /// Reader scroll offsets by entry id as older windows kept them: read
    /// once and moved into the library database (see `memory`).
    pub positions: HashMap<String, (f32, u64)>,
    /// The Export window's last choices.
    pub export: ExportPrefs,
    /// The sidebar's and the list's widths, and whether the sidebar shows.
    pub panels: PanelWidths,
    /// Years whose months the sidebar's timeline shows.
    pub expanded_years: std::collections::BTreeSet<i32>,
    /// Where time steps and random picks look.
    pub time_scope: TimeScope,
    /// Whether teasers with their article in the archive are listed.
    pub joined_teasers: JoinedTeasers,
}

/// The Export window's choices, kept between runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExportPrefs {
    /// File extension of the format (`txt`, `md`, `json`, `epub`).
    pub format: String,
    /// One file per entry rather than one combined file.
    pub per_entry: bool,
    pub template: String,
    /// The folder last exported to.
    pub folder: Option<std::path::PathBuf>,
}

impl Default for ExportPrefs {
    fn default() -> Self {
        ExportPrefs {
            format: "txt".into(),
            per_entry: false,
            template: hotline::export::DEFAULT_TEMPLATE.into(),
            folder: None,
        }
    }
}

impl Default for UiState {
    fn default() -> Self {
        UiState {
            version: STATE_VERSION,
            theme: ThemeChoice::System,
            font_size: FONT_SIZES.2,
            line_chars: LINE_CHARS.2,
            filter: Filter::default(),
            sort: Sort::default(),
            hits_order: HitsOrder::Relevance,
            collection_order: CollectionOrder::Own,
            bins: BinChoice::Auto,
            open: None,
            selection: Vec::new(),
            positions: HashMap::new(),
            export: ExportPrefs::default(),
            panels: PanelWidths::default(),
            expanded_years: Default::default(),
            time_scope: TimeScope::default(),
            joined_teasers: JoinedTeasers::default(),
        }
    }
}

impl UiState {
    /// Reads the state eframe's storage kept (where earlier releases saved
    /// it). Returns defaults plus a note for the user when the saved text
    /// is damaged or from another version.
    pub fn restore(storage: Option<&dyn eframe::Storage>) -> (UiState, Option<String>) {
        let Some(text) = storage.and_then(|s| s.get_string(STATE_KEY)) else {
            return (UiState::default(), None);
        };
        match UiState::from_json(&text) {
            Ok(s) => (s, None),
            Err(why) => (
                UiState::default(),
                Some(format!("Saved settings {why}; defaults are in use.")),
            ),
        }
    }

    /// The state saved as `text`, or why it cannot be used.
    pub fn from_json(text: &str) -> Result<UiState, &'static str> {
        match serde_json::from_str::<UiState>(text) {
            Ok(s) if s.version == STATE_VERSION => Ok(s.clamped()),
            Ok(_) => Err("came from another version"),
            Err(_) => Err("could not be read"),
        }
    }

    /// Writes the state to eframe's storage.
    pub fn save(&self, storage: &mut dyn eframe::Storage) {
        // Serializing plain data cannot fail; if it ever did, keeping the
        // previous saved state is the right outcome.
        if let Ok(text) = serde_json::to_string(self) {
            storage.set_string(STATE_KEY, text);
        }
    }

    /// Brings out-of-range numbers (hand-edited or damaged) back into range.
    fn clamped(mut self) -> UiState {
        self.font_size = clamp_or(self.font_size, FONT_SIZES);
        self.line_chars = clamp_or(self.line_chars, LINE_CHARS);
        self
    }

    pub fn bigger_font(&mut self, step: f32) {
        self.font_size = (self.font_size + step).clamp(FONT_SIZES.0, FONT_SIZES.1);
    }

    pub fn wider_column(&mut self, step: f32) {
        self.line_chars = (self.line_chars + step).clamp(LINE_CHARS.0, LINE_CHARS.1);
    }
}

fn clamp_or(v: f32, (lo, hi, default): (f32, f32, f32)) -> f32 {
    if v.is_finite() {
        v.clamp(lo, hi)
    } else {
        default
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_of_range_numbers_are_clamped() {
        let s = UiState {
            font_size: 300.0,
            line_chars: f32::NAN,
            ..UiState::default()
        }
        .clamped();
        assert_eq!(s.font_size, FONT_SIZES.1);
        assert_eq!(s.line_chars, LINE_CHARS.2);
    }
}
