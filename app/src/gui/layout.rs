//! How the window shares its width between the sidebar, the list and the
//! reader, at any size from 800×560 up: the reader keeps a readable
//! minimum, the list shrinks to its own minimum first, and the sidebar
//! folds away when the window is narrow (as mail and reader apps do),
//! with a toggle to bring it back. The widths the user drags to are kept
//! in the saved state.

use serde::{Deserialize, Serialize};

/// Narrower than this, the reader's column and toolbar no longer fit.
pub const READER_MIN: f32 = 360.0;
/// The list's narrowest: a title, its byline and the checkbox.
pub const LIST_MIN: f32 = 280.0;
const LIST_MAX: f32 = 720.0;
const SIDEBAR_MIN: f32 = 160.0;
const SIDEBAR_MAX: f32 = 360.0;
/// From this window width down, the sidebar starts folded away.
const FOLD_BELOW: f32 = 960.0;

/// Whether the sidebar shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum SidebarChoice {
    /// Shown when the window is wide enough, folded away when narrow.
    #[default]
    Auto,
    Shown,
    Hidden,
}

/// The panel sizes the window remembers.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PanelWidths {
    pub sidebar: SidebarChoice,
    pub sidebar_width: f32,
    pub list_width: f32,
}

impl Default for PanelWidths {
    fn default() -> Self {
        PanelWidths {
            sidebar: SidebarChoice::Auto,
            sidebar_width: 220.0,
            list_width: 430.0,
        }
    }
}

/// The ranges each panel may take in a window `width` wide.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// `None`: the sidebar is folded away.
    pub sidebar: Option<std::ops::RangeInclusive<f32>>,
    pub list: std::ops::RangeInclusive<f32>,
}

impl PanelWidths {
    /// Whether the sidebar shows in a window `width` wide.
    pub fn sidebar_shown(&self, width: f32) -> bool {
        match self.sidebar {
            SidebarChoice::Auto => width >= FOLD_BELOW,
            SidebarChoice::Shown => true,
            SidebarChoice::Hidden => false,
        }
    }

    /// The sidebar toggled from how it shows in a window `width` wide.
    pub fn toggled(&self, width: f32) -> SidebarChoice {
        match self.sidebar_shown(width) {
            true => SidebarChoice::Hidden,
            false => SidebarChoice::Shown,
        }
    }

    /// How a window `width` wide is shared: the reader keeps
    /// [`READER_MIN`]; what is left goes to the sidebar (if shown) and the
    /// list, each within its own range.
    pub fn plan(&self, width: f32) -> Plan {
        let sidebar = self.sidebar_shown(width).then(|| {
            let room = width - READER_MIN - LIST_MIN;
            SIDEBAR_MIN..=room.clamp(SIDEBAR_MIN, SIDEBAR_MAX)
        });
        let taken = match &sidebar {
            Some(range) => self.sidebar_width.clamp(*range.start(), *range.end()),
            None => 0.0,
        };
        let room = width - taken - READER_MIN;
        Plan {
            sidebar,
            list: LIST_MIN..=room.clamp(LIST_MIN, LIST_MAX),
        }
    }
}

/// Whether a panel's content may run past its bottom edge (into its
/// scroll area) or must fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overflow {
    Fits,
    Scrolls,
}

/// Where a panel was drawn, and whether its content scrolls (no panel
/// scrolls sideways: whatever runs past a side is cut off).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Drawn {
    pub rect: egui::Rect,
    pub overflow: Overflow,
}

impl Drawn {
    pub fn fixed(rect: egui::Rect) -> Drawn {
        Drawn {
            rect,
            overflow: Overflow::Fits,
        }
    }

    pub fn scrolling(rect: egui::Rect) -> Drawn {
        Drawn {
            rect,
            overflow: Overflow::Scrolls,
        }
    }
}

/// A grip at the middle of a panel's right edge: the edge can be
/// dragged (egui draws only a hairline there).
pub fn grip_ui(ui: &egui::Ui, panel: egui::Rect) {
    let color = ui
        .visuals()
        .widgets
        .noninteractive
        .fg_stroke
        .color
        .gamma_multiply(0.6);
    let x = panel.right();
    for dy in [-6.0, 0.0, 6.0] {
        ui.painter()
            .circle_filled(egui::pos2(x, panel.center().y + dy), 1.6, color);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reader_keeps_its_minimum_at_every_size() {
        let widths = PanelWidths {
            sidebar_width: 360.0,
            list_width: 720.0,
            ..PanelWidths::default()
        };
        for width in [800.0, 1024.0, 1280.0, 1920.0, 3840.0] {
            let plan = widths.plan(width);
            let sidebar = plan
                .sidebar
                .map_or(0.0, |r| widths.sidebar_width.clamp(*r.start(), *r.end()));
            let list = widths
                .list_width
                .clamp(*plan.list.start(), *plan.list.end());
            assert!(
                width - sidebar - list >= READER_MIN,
                "{width}: {sidebar} + {list}"
            );
        }
    }

    #[test]
    fn the_sidebar_folds_when_narrow_unless_asked_for() {
        let auto = PanelWidths::default();
        assert!(!auto.sidebar_shown(800.0) && auto.sidebar_shown(1280.0));
        assert_eq!(auto.toggled(800.0), SidebarChoice::Shown);
        assert_eq!(auto.toggled(1280.0), SidebarChoice::Hidden);
        let shown = PanelWidths {
            sidebar: SidebarChoice::Shown,
            ..auto
        };
        assert!(shown.plan(800.0).sidebar.is_some());
    }
}
