//! Look and feel: the bundled reading font (Charis SIL), calm colours for
//! light and dark, and spacing. Everything visual that is not layout.

use super::state::ThemeChoice;
use egui::{Color32, FontData, FontDefinitions, FontFamily, FontId, TextStyle, Theme};
use std::sync::Arc;

/// The reading serif, regular, italic and bold.
const CHARIS_REGULAR: &[u8] = include_bytes!("../../../assets/fonts/CharisSIL-Regular.ttf");
const CHARIS_ITALIC: &[u8] = include_bytes!("../../../assets/fonts/CharisSIL-Italic.ttf");
const CHARIS_BOLD: &[u8] = include_bytes!("../../../assets/fonts/CharisSIL-Bold.ttf");

/// Font families of the reader.
pub fn serif() -> FontFamily {
    FontFamily::Name("serif".into())
}
pub fn serif_italic() -> FontFamily {
    FontFamily::Name("serif-italic".into())
}
pub fn serif_bold() -> FontFamily {
    FontFamily::Name("serif-bold".into())
}

/// Installs fonts and both light and dark styles.
pub fn install(ctx: &egui::Context) {
    install_fonts(ctx);
    ctx.style_mut_of(Theme::Light, |s| style(s, Theme::Light));
    ctx.style_mut_of(Theme::Dark, |s| style(s, Theme::Dark));
}

/// Applies the user's theme choice.
pub fn apply(ctx: &egui::Context, choice: ThemeChoice) {
    ctx.set_theme(match choice {
        ThemeChoice::System => egui::ThemePreference::System,
        ThemeChoice::Light => egui::ThemePreference::Light,
        ThemeChoice::Dark => egui::ThemePreference::Dark,
    });
}

fn install_fonts(ctx: &egui::Context) {
    let mut fonts = FontDefinitions::default();
    let fallback = fonts
        .families
        .get(&FontFamily::Proportional)
        .cloned()
        .unwrap_or_default();
    for (name, bytes, family) in [
        ("charis", CHARIS_REGULAR, serif()),
        ("charis-italic", CHARIS_ITALIC, serif_italic()),
        ("charis-bold", CHARIS_BOLD, serif_bold()),
    ] {
        fonts
            .font_data
            .insert(name.into(), Arc::new(FontData::from_static(bytes)));
        let mut chain = vec![name.to_string()];
        chain.extend(fallback.iter().cloned());
        fonts.families.insert(family, chain);
    }
    // The interface font has no arrows (sort direction, keys in Help):
    // the bundled monospace font's stand in.
    let mono = fonts
        .families
        .get(&FontFamily::Monospace)
        .and_then(|m| m.first().cloned());
    if let (Some(mono), Some(ui)) = (mono, fonts.families.get_mut(&FontFamily::Proportional)) {
        ui.push(mono);
    }
    ctx.set_fonts(fonts);
}

fn style(s: &mut egui::Style, theme: Theme) {
    s.spacing.item_spacing = egui::vec2(8.0, 6.0);
    s.spacing.button_padding = egui::vec2(8.0, 3.0);
    s.spacing.interact_size.y = 22.0;
    s.text_styles
        .insert(TextStyle::Body, FontId::proportional(14.0));
    s.text_styles
        .insert(TextStyle::Button, FontId::proportional(14.0));
    s.text_styles
        .insert(TextStyle::Heading, FontId::proportional(17.0));
    s.text_styles
        .insert(TextStyle::Small, FontId::proportional(11.5));
    let v = &mut s.visuals;
    let (panel, window, faint, accent) = match theme {
        Theme::Light => (
            Color32::from_rgb(0xF4, 0xF2, 0xEE),
            Color32::from_rgb(0xFB, 0xFA, 0xF7),
            Color32::from_rgb(0xEA, 0xE7, 0xE1),
            Color32::from_rgb(0x2F, 0x6F, 0xB5),
        ),
        Theme::Dark => (
            Color32::from_rgb(0x22, 0x22, 0x25),
            Color32::from_rgb(0x1B, 0x1B, 0x1D),
            Color32::from_rgb(0x2C, 0x2C, 0x30),
            Color32::from_rgb(0x6E, 0xA8, 0xE8),
        ),
    };
    v.panel_fill = panel;
    v.window_fill = window;
    v.faint_bg_color = faint;
    v.hyperlink_color = accent;
    v.selection.bg_fill = accent.gamma_multiply(0.28);
    v.selection.stroke.color = accent;
    v.widgets.noninteractive.bg_stroke.color = faint;
    // An unticked checkbox is its outline: on the light theme's pale
    // panels egui's default outline all but vanishes.
    if theme == Theme::Light {
        v.widgets.inactive.bg_stroke = egui::Stroke::new(1.0, Color32::from_gray(0x8C));
    }
}

/// Background of the reading page (a touch warmer than the chrome).
pub fn paper(ui: &egui::Ui) -> Color32 {
    if ui.visuals().dark_mode {
        Color32::from_rgb(0x19, 0x19, 0x1B)
    } else {
        Color32::from_rgb(0xFF, 0xFE, 0xFB)
    }
}

/// Colour of body text in the reader.
pub fn ink(ui: &egui::Ui) -> Color32 {
    if ui.visuals().dark_mode {
        Color32::from_rgb(0xDD, 0xDA, 0xD4)
    } else {
        Color32::from_rgb(0x26, 0x24, 0x22)
    }
}

/// The background of a highlight of `colour`: pale on paper, deep in the
/// dark theme, so the ink reads on it in both.
pub fn highlight(ui: &egui::Ui, colour: hotline::db::Colour) -> Color32 {
    use hotline::db::Colour;
    let dark = ui.visuals().dark_mode;
    let (r, g, b) = match (colour, dark) {
        (Colour::Yellow, false) => (0xFF, 0xF0, 0xA0),
        (Colour::Green, false) => (0xCC, 0xEE, 0xC2),
        (Colour::Blue, false) => (0xC8, 0xE0, 0xFF),
        (Colour::Pink, false) => (0xFF, 0xD2, 0xE4),
        (Colour::Yellow, true) => (0x5E, 0x52, 0x1C),
        (Colour::Green, true) => (0x2C, 0x52, 0x30),
        (Colour::Blue, true) => (0x26, 0x44, 0x62),
        (Colour::Pink, true) => (0x5E, 0x2E, 0x46),
    };
    Color32::from_rgb(r, g, b)
}

/// Muted text (metadata, counts, captions).
pub fn muted(ui: &egui::Ui) -> Color32 {
    ui.visuals().weak_text_color()
}

/// The accent colour (links, the current timeline range).
pub fn accent(ui: &egui::Ui) -> Color32 {
    ui.visuals().hyperlink_color
}
