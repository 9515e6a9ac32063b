//! egui_kittest tests of the timeline chart on three shapes of archive: a
//! dozen entries over two years, a few hundred over two centuries, and
//! 110,000 over eight years. Bars and tick labels are accessible nodes, so
//! the tests find them by name and read where they stand.

use super::app::HotlineApp;
use super::search_tests::type_query;
use super::tests::{entry, harness_with, para, pointer, shown, step_until};
use egui::accesskit::{Role, Toggled};
use egui::{Key, Modifiers, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use hotline::{Archive, BinChoice, Entry, Granularity, Text};
use std::sync::Arc;

/// An archive of one entry a date, each with `text` as its body.
fn archive_of(dated: &[(String, &str)]) -> Arc<Archive> {
    let entries = dated
        .iter()
        .enumerate()
        .map(|(i, (date, text))| {
            let id = format!("e{i:04}");
            entry(
                &id,
                &format!("Entry {i}"),
                None,
                Some(date),
                vec![para(text)],
            )
        })
        .collect();
    Arc::new(Archive::new(entries, vec![]))
}

/// Twelve entries from January 2007 to November 2008, none from March to
/// April 2007 or in July 2007.
const DOZEN: [&str; 12] = [
    "2007-01-15",
    "2007-01-20",
    "2007-02-03",
    "2007-05-02",
    "2007-06-30",
    "2007-08-30",
    "2007-09-01",
    "2007-12-12",
    "2008-01-10",
    "2008-02-14",
    "2008-06-01",
    "2008-11-30",
];

fn dozen() -> Harness<'static, HotlineApp> {
    let dated: Vec<(String, &str)> = DOZEN.iter().map(|d| (d.to_string(), "A note.")).collect();
    harness_with(None, archive_of(&dated))
}

/// A few hundred entries from 1800 to 2010, none from 1900 to 1939. The
/// railway is in one entry of 1857 and three of 2001; 2005 has forty more
/// entries, so the 2000s match more often but at a smaller share.
fn centuries() -> Vec<(String, &'static str)> {
    let mut dated = Vec::new();
    for y in (1800..=2010).filter(|y| !(1900..1940).contains(y)) {
        for k in 0..1 + usize::from(y % 3 == 0) {
            let date = format!("{y}-{:02}-{:02}", 1 + (y + k as i32) % 12, 1 + y % 28);
            dated.push((date, "Notes of the year."));
        }
    }
    dated.push(("1857-06-01".into(), "The railway came to town."));
    for day in ["2001-03-01", "2001-04-01", "2001-05-01"] {
        dated.push((day.into(), "A railway closed."));
    }
    for i in 0..40 {
        dated.push((format!("2005-01-{:02}", 1 + i % 28), "More notes."));
    }
    dated
}

/// Entries of `dated` in the decade starting with `from`.
fn in_decade(dated: &[(String, &str)], from: i32) -> usize {
    let years = from.to_string()[..3].to_string();
    dated.iter().filter(|(d, _)| d.starts_with(&years)).count()
}

/// The node of the bar named `name` ("March 2007: 1 entry").
fn bar(h: &Harness<'_, HotlineApp>, name: &str) -> egui::Rect {
    h.get_by_label(name).rect()
}

/// Whether a bar of `period` is drawn (any count).
fn has_bar(h: &Harness<'_, HotlineApp>, period: &str) -> bool {
    h.query_by_label_contains(&format!("{period}: ")).is_some()
}

/// The bar size shown in the chart's menu.
fn bin_menu(h: &Harness<'_, HotlineApp>) -> String {
    let combo = h.get_by_role(Role::ComboBox);
    combo.value().unwrap_or_default()
}

/// Presses at `from`, drags to `to` and lets go, a frame per step.
fn drag(h: &mut Harness<'_, HotlineApp>, from: Pos2, to: Pos2) {
    pointer(h, from, Some(true));
    h.run();
    pointer(h, from + egui::vec2(8.0, 0.0), None);
    h.run();
    pointer(h, to, None);
    h.run();
    pointer(h, to, Some(false));
    h.run();
}

/// Gives the chart the keyboard.
fn focus_chart(h: &mut Harness<'_, HotlineApp>) {
    h.get_by_label("Timeline chart").focus();
    h.run();
}

/// Presses a key (with modifiers) and lets a frame pass.
fn press(h: &mut Harness<'_, HotlineApp>, modifiers: Modifiers, key: Key) {
    h.key_press_modifiers(modifiers, key);
    h.run();
}

/// The text under the chart naming the chosen dates.
fn dates(h: &Harness<'_, HotlineApp>) -> String {
    let node = h.get_by_label_contains("Dates: ");
    node.value().unwrap_or_default()
}

#[test]
fn a_dozen_entries_over_two_years_stand_by_month_at_their_dates() {
    let h = dozen();
    assert_eq!(bin_menu(&h), "Auto: by month");
    assert_eq!(h.state().rt.view.rows.len(), 12);
    bar(&h, "January 2007: 2 entries");
    // Empty months are gaps in the axis, not left out.
    assert!(!has_bar(&h, "March 2007"));
    assert!(!has_bar(&h, "July 2007"));
    let (may, june, aug, sep) = (
        bar(&h, "May 2007: 1 entry").center().x,
        bar(&h, "June 2007: 1 entry").center().x,
        bar(&h, "August 2007: 1 entry").center().x,
        bar(&h, "September 2007: 1 entry").center().x,
    );
    let month = sep - aug;
    assert!(month > 5.0, "{month}");
    assert!(((june - may) / month - 1.0).abs() < 0.1);
    assert!(
        ((aug - june) / month - 2.0).abs() < 0.1,
        "the gap is a month"
    );
    // Labelled ticks on round dates: each year's label stands where its
    // January begins.
    let (t2007, t2008) = (h.get_by_label("2007"), h.get_by_label("2008"));
    let january = bar(&h, "January 2008: 1 entry");
    assert!((t2008.rect().center().x - january.left()).abs() < month / 2.0);
    assert!(t2007.rect().center().x < t2008.rect().center().x);
    assert!(
        t2008.rect().top() >= january.bottom(),
        "labels under the bars"
    );
    h.get_by_label("2 a month");
}

#[test]
fn two_centuries_stand_by_decade_and_a_search_keeps_1857_far_from_2001() {
    let dated = centuries();
    assert!((250..400).contains(&dated.len()), "{}", dated.len());
    let mut h = harness_with(None, archive_of(&dated));
    assert_eq!(bin_menu(&h), "Auto: by decade");
    for year in ["1800", "1850", "1900", "1950", "2000"] {
        h.get_by_label(year);
    }
    let fifties = format!("1850s: {} entries", in_decade(&dated, 1850));
    let sixties = format!("1860s: {} entries", in_decade(&dated, 1860));
    let decade = bar(&h, &sixties).center().x - bar(&h, &fifties).center().x;
    for empty in ["1900s", "1910s", "1920s", "1930s"] {
        assert!(!has_bar(&h, empty), "{empty}");
    }
    // The 1850s bar stands between the ticks of 1850 and 1900.
    let fifties_x = bar(&h, &fifties).center().x;
    assert!(h.get_by_label("1850").rect().center().x < fifties_x);
    assert!(fifties_x < h.get_by_label("1900").rect().center().x);

    type_query(&mut h, "railway");
    assert_eq!(shown(&h).len(), 4);
    let total = |from| in_decade(&dated, from);
    let old = format!("1850s: 1 of {} entries matches", total(1850));
    let new = format!("2000s: 3 of {} entries match", total(2000));
    let (old, new) = (
        h.get_by_label_contains(&old).rect(),
        h.get_by_label_contains(&new).rect(),
    );
    let apart = (new.center().x - old.center().x) / decade;
    assert!((apart - 15.0).abs() < 0.2, "{apart} decades apart");
    // The decades between keep their totals, with nothing matching.
    let eighties = format!("1880s: 0 of {} entries match (0%)", total(1880));
    h.get_by_label(&eighties);
}

#[test]
fn with_a_search_the_share_switch_redraws_the_bars_as_shares() {
    let dated = centuries();
    let mut h = harness_with(None, archive_of(&dated));
    assert!(h.query_by_label("Share").is_none(), "only with a search");
    type_query(&mut h, "railway");
    let old = |h: &Harness<'_, HotlineApp>| h.get_by_label_contains("1850s: 1 of ").rect();
    let new = |h: &Harness<'_, HotlineApp>| h.get_by_label_contains("2000s: 3 of ").rect();
    // Counts: three matches stand taller than one, on the archive's scale.
    assert!(new(&h).height() > old(&h).height());
    let busiest = dated
        .iter()
        .map(|(d, _)| d[..3].to_string())
        .fold(std::collections::HashMap::new(), |mut m, d| {
            *m.entry(d).or_insert(0) += 1;
            m
        })
        .into_values()
        .max()
        .unwrap();
    h.get_by_label(&format!("{busiest} a decade"));
    h.get_by_label("Share").click();
    h.run();
    // Shares: one of a dozen outweighs three of fifty.
    assert!(old(&h).height() > new(&h).height());
    h.get_by_label_contains("of a decade's entries");
    assert!(h.query_by_label(&format!("{busiest} a decade")).is_none());
    h.get_by_label("Counts").click();
    h.run();
    assert!(new(&h).height() > old(&h).height());
}

#[test]
fn hovering_a_period_names_it_with_its_count() {
    let mut h = dozen();
    let jan = bar(&h, "January 2007: 2 entries");
    assert!(h.query_by_label("January 2007\n2 entries").is_none());
    h.hover_at(jan.center());
    h.run();
    h.get_by_label("January 2007\n2 entries");
    // A gap names its period too: the month after February.
    let feb = bar(&h, "February 2007: 1 entry").center();
    h.hover_at(feb + (feb - jan.center()));
    h.run();
    h.get_by_label("March 2007\nno entries");
}

#[test]
fn a_click_chooses_a_period_and_a_drag_a_range() {
    let mut h = dozen();
    h.get_by_label_contains("Click or drag across the bars to choose dates");
    h.get_by_label("May 2007: 1 entry").click();
    h.run();
    assert_eq!(shown(&h), ["Entry 3"]);
    assert_eq!(dates(&h), "Dates: May 2007");
    // The chosen dates have a row of their own, under the chart's ticks.
    let label = h.get_by_label_contains("Dates: ").rect();
    let chart = h.get_by_label("Timeline chart").rect();
    assert!(label.top() > chart.bottom());
    assert!(label.top() >= h.get_by_label("2008").rect().bottom());
    assert!(!label.intersects(h.get_by_role(Role::ComboBox).rect()));
    // The chosen period stays on the axis with the others.
    assert!(has_bar(&h, "January 2007"));

    let from = bar(&h, "January 2007: 2 entries").center();
    let to = bar(&h, "June 2007: 1 entry").center();
    drag(&mut h, from, to);
    assert_eq!(dates(&h), "Dates: January – June 2007");
    assert_eq!(shown(&h).len(), 5);
    h.get_by_label("Clear dates").click();
    h.run();
    assert_eq!(shown(&h).len(), 12);
}

#[test]
fn the_keyboard_moves_and_stretches_the_chosen_range() {
    let mut h = dozen();
    // The hint names the keys in symbols the font has.
    let arrows = super::timeline_keys::arrows(&h.ctx);
    h.get_by_label_contains(&format!("({arrows} on the chart)"));
    focus_chart(&mut h);
    press(&mut h, Modifiers::NONE, Key::ArrowRight);
    assert_eq!(dates(&h), "Dates: January 2007");
    press(&mut h, Modifiers::NONE, Key::ArrowRight);
    assert_eq!(dates(&h), "Dates: February 2007");
    press(&mut h, Modifiers::SHIFT, Key::ArrowRight);
    press(&mut h, Modifiers::SHIFT, Key::ArrowRight);
    assert_eq!(dates(&h), "Dates: February – April 2007");
    assert_eq!(shown(&h), ["Entry 2"]);
    press(&mut h, Modifiers::NONE, Key::ArrowLeft);
    assert_eq!(dates(&h), "Dates: March 2007", "moves from the moving end");
    press(&mut h, Modifiers::NONE, Key::End);
    assert_eq!(dates(&h), "Dates: November 2008");
    press(&mut h, Modifiers::SHIFT, Key::ArrowLeft);
    assert_eq!(dates(&h), "Dates: October – November 2008");
    press(&mut h, Modifiers::NONE, Key::Home);
    assert_eq!(dates(&h), "Dates: January 2007");
    assert_eq!(shown(&h).len(), 2);
}

#[test]
fn zooming_narrows_the_axis_to_the_chosen_dates_and_back() {
    let mut h = harness_with(None, archive_of(&centuries()));
    let fifties = h.get_by_label_contains("1850s: ").rect().center();
    pointer(&h, fifties, Some(true));
    pointer(&h, fifties, Some(false));
    h.run();
    assert_eq!(dates(&h), "Dates: 1850s");
    assert!(h.query_by_label("Whole span").is_none());
    h.get_by_label("Zoom in").click();
    h.run();
    // Ten years get finer bars and ticks, and nothing outside them.
    assert_eq!(bin_menu(&h), "Auto: by quarter");
    h.get_by_label("Apr–Jun 1857: 1 entry");
    h.get_by_label("1856");
    assert!(h.query_by_label("1900").is_none());
    assert!(
        h.query_by_label("Zoom in").is_none(),
        "already zoomed to them"
    );
    h.get_by_label("Apr–Jun 1857: 1 entry").click();
    h.run();
    assert_eq!(dates(&h), "Dates: Apr–Jun 1857");
    h.get_by_label("Whole span").click();
    h.run();
    assert_eq!(bin_menu(&h), "Auto: by decade");
    h.get_by_label("1900");
    // Back on the whole span the decade that holds the chosen quarter is
    // lit, and only it.
    let lit: Vec<String> = h
        .query_all_by_label_contains(" entries")
        .filter(|n| n.accesskit_node().toggled() == Some(Toggled::True))
        .filter_map(|n| n.accesskit_node().label())
        .collect();
    assert_eq!(lit.len(), 1, "{lit:?}");
    assert!(lit[0].starts_with("1850s: "), "{lit:?}");
    // The same with the keys, on the focused chart: a quarter by week.
    focus_chart(&mut h);
    press(&mut h, Modifiers::NONE, Key::Plus);
    assert_eq!(bin_menu(&h), "Auto: by week");
    h.get_by_label("Week of 1 Jun 1857: 1 entry");
    press(&mut h, Modifiers::NONE, Key::Minus);
    assert_eq!(bin_menu(&h), "Auto: by decade");
}

#[test]
fn a_chosen_bar_size_is_kept_while_it_fits() {
    let mut h = dozen();
    h.get_by_role(Role::ComboBox).click();
    h.run();
    h.get_by_label("By quarter").click();
    h.run();
    assert_eq!(h.state().state.bins, BinChoice::Fixed(Granularity::Quarter));
    assert_eq!(bin_menu(&h), "By quarter");
    h.get_by_label("Jan–Mar 2007: 3 entries");
    // Days do not fit two years in a list column: the finest size that
    // fits stands in for them, and the choice is kept for a narrower span.
    h.state_mut().state.bins = BinChoice::Fixed(Granularity::Day);
    h.run();
    assert_eq!(bin_menu(&h), "By week");
    h.get_by_label("Week of 15 Jan 2007: 2 entries");
}

/// 110,000 outline entries, spread evenly over 2001 to 2008.
fn hundred_thousand() -> Arc<Archive> {
    let first = chrono::NaiveDate::from_ymd_opt(2001, 1, 1).unwrap();
    let days = 8 * 365 + 2;
    let entries: Vec<Entry> = (0..110_000u32)
        .map(|i| {
            let date = first + chrono::Days::new(u64::from(i) * days / 110_000);
            use chrono::Datelike;
            Entry::with_blocks(vec![])
                .with_id(&format!("e{i:06}"))
                .with_title(&format!("Entry {i}"))
                .with_author(Some(["Ann Lee", "Bo Chen", "Cy Diaz"][i as usize % 3]))
                .with_date(Some((date.year(), date.month(), date.day())))
        })
        .collect();
    Arc::new(Archive::new(entries, vec![]).with_text_kept(Text::Outline))
}

#[test]
fn a_hundred_thousand_entries_over_eight_years_stand_by_quarter() {
    let archive = hundred_thousand();
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 820.0))
        .build_eframe(move |cc| HotlineApp::new(&cc.egui_ctx, None, archive));
    // An outline's index waits for the text, which never comes here.
    assert!(step_until(&mut h, |app| app.rt.search.needs_text));
    // The status bar keeps a spinner for the text, which never comes.
    h.run_steps(4);
    assert_eq!(bin_menu(&h), "Auto: by quarter");
    for year in ["2002", "2004", "2006", "2008"] {
        h.get_by_label(year);
    }
    let quarters = h
        .query_all_by_label_contains(" entries")
        .filter(|n| n.accesskit_node().label().is_some_and(|l| l.contains(": ")))
        .count();
    assert_eq!(quarters, 32);
    let first = h.get_by_label_contains("Jan–Mar 2001: 3,");
    let last = h.get_by_label_contains("Oct–Dec 2008: 3,");
    // Evenly spread entries make bars of even height over the whole width.
    assert!((first.rect().height() - last.rect().height()).abs() < 3.0);
    assert!(last.rect().left() - first.rect().left() > 300.0);
    // Months fit when asked for; weeks do not, and months stand in.
    h.state_mut().state.bins = BinChoice::Fixed(Granularity::Month);
    h.run_steps(4);
    assert_eq!(bin_menu(&h), "By month");
    h.get_by_label_contains("March 2005: 1,");
    h.state_mut().state.bins = BinChoice::Fixed(Granularity::Week);
    h.run_steps(4);
    assert_eq!(bin_menu(&h), "By month");
}
