//! Ways on from the reader: the entries related to the open one, its
//! teaser or article, and "this day in the archive" on the start page;
//! and what the `hotline-index` thread answers for them ([`Found`], kept
//! in [`Explored`]). The related entries and the author page need the
//! search index, so they are computed on that thread, never here.

use super::command::Command;
use super::theme;
use egui::RichText;
use hotline::explore::{AuthorProfile, TeaserJoins, author_profile};
use hotline::search::{Related, SearchIndex};
use hotline::{Archive, Kind};
use std::sync::Arc;

/// Related entries listed beside the reader.
const RELATED: usize = 10;

/// An author's page as the index thread made it (their collections and
/// highlights are counted in the window, from its memory), or why there
/// is none (an unknown name).
pub type PageOutcome = Result<Box<AuthorProfile>, String>;

/// One answer of the index thread.
pub enum Found {
    /// The teasers joined to their articles.
    Joins(Arc<TeaserJoins>),
    /// The entries most like an entry.
    Related(u32, Vec<Related>),
    /// An author's page, or why there is none.
    Author(String, PageOutcome),
}

/// What has come back so far for the archive on show.
#[derive(Default)]
pub struct Explored {
    pub joins: Option<Arc<TeaserJoins>>,
    /// The last entry asked about and, once in, its related entries.
    related: Option<(u32, Option<Vec<Related>>)>,
    /// The last author asked about and, once in, the page.
    author: Option<(String, Option<PageOutcome>)>,
}

impl Explored {
    pub fn take(&mut self, found: Found) {
        match found {
            Found::Joins(j) => self.joins = Some(j),
            Found::Related(ix, list) => {
                if self.related.as_ref().is_some_and(|(asked, _)| *asked == ix) {
                    self.related = Some((ix, Some(list)));
                }
            }
            Found::Author(name, page) => {
                if self
                    .author
                    .as_ref()
                    .is_some_and(|(asked, _)| *asked == name)
                {
                    self.author = Some((name, Some(page)));
                }
            }
        }
    }

    /// Records that `ix`'s related entries are asked for; false if they
    /// already were.
    pub fn ask_related(&mut self, ix: u32) -> bool {
        if self.related.as_ref().is_some_and(|(asked, _)| *asked == ix) {
            return false;
        }
        self.related = Some((ix, None));
        true
    }

    /// Records that `name`'s page is asked for; false if it already was.
    pub fn ask_author(&mut self, name: &str) -> bool {
        if self.author.as_ref().is_some_and(|(asked, _)| asked == name) {
            return false;
        }
        self.author = Some((name.to_string(), None));
        true
    }

    /// The related entries of `ix`, once in.
    pub fn related(&self, ix: u32) -> Option<&[Related]> {
        match &self.related {
            Some((asked, Some(list))) if *asked == ix => Some(list),
            _ => None,
        }
    }

    /// The page of the author last asked about: `None` while it is made.
    pub fn author(&self) -> Option<&PageOutcome> {
        self.author.as_ref().and_then(|(_, page)| page.as_ref())
    }
}

/// The teasers joined to their articles (index thread).
pub fn joins(index: &SearchIndex) -> Arc<TeaserJoins> {
    Arc::new(TeaserJoins::find(index.archive()))
}

/// The answers to what was asked (index thread): related entries, an
/// author's page.
pub fn answer(
    index: &SearchIndex,
    joins: Option<&TeaserJoins>,
    (related, author): (Option<u32>, Option<String>),
) -> Vec<Found> {
    let mut out = Vec::new();
    if let Some(ix) = related {
        out.push(Found::Related(ix, index.related(ix, RELATED, joins)));
    }
    if let Some(name) = author {
        let page = author_profile(index, &name)
            .map(Box::new)
            .map_err(|e| e.to_string());
        out.push(Found::Author(name, page));
    }
    out
}

/// What the reader shows around the open entry.
pub struct Around<'a> {
    /// Its related entries, once in (`None` while they are made).
    pub related: Option<&'a [Related]>,
    pub joins: Option<&'a TeaserJoins>,
}

/// "Read the whole article" on a joined teaser, "Teased on index page …"
/// on an article that has teasers.
pub fn pair_ui(
    ui: &mut egui::Ui,
    archive: &Archive,
    ix: u32,
    around: &Around,
    queue: &mut Vec<Command>,
) {
    let Some(joins) = around.joins else { return };
    let Some(entry) = archive.get(ix) else { return };
    if entry.kind == Kind::Excerpt {
        if let Some(article) = joins.article_of(ix)
            && ui
                .button("Read the whole article")
                .on_hover_text(archive.get(article).map_or("", |a| a.title.as_str()))
                .clicked()
        {
            queue.push(Command::Open(article));
        }
        return;
    }
    for &t in joins.teasers_of(ix) {
        let Some(teaser) = archive.get(t) else {
            continue;
        };
        let page = teaser.page.as_ref().map_or_else(
            || teaser.source.clone(),
            |p| format!("{} (part {} of {})", p.source, p.part, p.of),
        );
        let link = ui.link(RichText::new(format!("Teased on index page {page}")).size(12.5));
        if link.on_hover_text("Open the teaser").clicked() {
            queue.push(Command::Open(t));
        }
    }
}

/// The "Related" section under the page: up to ten entries with the words
/// they share with the open one; a click opens one.
pub fn related_ui(ui: &mut egui::Ui, archive: &Archive, around: &Around, queue: &mut Vec<Command>) {
    ui.add_space(12.0);
    ui.separator();
    ui.label(RichText::new("Related").strong());
    let Some(list) = around.related else {
        ui.label(RichText::new("Finding related entries…").color(theme::muted(ui)));
        return;
    };
    if list.is_empty() {
        ui.label(RichText::new("No related entries.").color(theme::muted(ui)));
        return;
    }
    for r in list {
        let Some(e) = archive.get(r.ix) else { continue };
        let title = one_line(&e.title);
        let link = ui.link(title.as_str());
        // Named apart from the same title in the list.
        link.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Link, true, format!("Related: {title}"))
        });
        if link
            .on_hover_text(format!("Shares: {}", r.why.join(", ")))
            .clicked()
        {
            queue.push(Command::Open(r.ix));
        }
        let when = e
            .date
            .map_or("undated".into(), |d| d.format("%b %Y").to_string());
        let line = format!("{when}  ·  shares {}", r.why.join(", "));
        ui.label(RichText::new(line).size(11.5).color(theme::muted(ui)));
    }
}

/// The entries of one day and month in other years, found once per
/// archive and day rather than in every frame (a scan of every entry).
#[derive(Default)]
pub struct ThisDay {
    memo: Option<(u64, chrono::NaiveDate, Vec<u32>)>,
}

impl ThisDay {
    /// The entries of `today`'s day and month in the archive of load
    /// `generation`.
    pub fn of(&mut self, archive: &Archive, generation: u64, today: chrono::NaiveDate) -> &[u32] {
        let fresh = self
            .memo
            .as_ref()
            .is_some_and(|(g, d, _)| *g == generation && *d == today);
        if !fresh {
            let found = hotline::explore::this_day(archive, today);
            self.memo = Some((generation, today, found));
        }
        self.memo.as_ref().map_or(&[], |m| m.2.as_slice())
    }
}

/// "This day in the archive": the entries of `today`'s day and month in
/// other years (`days`), on the start page.
pub fn this_day_ui(
    ui: &mut egui::Ui,
    archive: &Archive,
    (today, days): (chrono::NaiveDate, &[u32]),
    queue: &mut Vec<Command>,
) {
    if days.is_empty() {
        return;
    }
    ui.add_space(18.0);
    ui.label(
        RichText::new(format!(
            "This day in the archive: {}",
            today.format("%-d %B")
        ))
        .strong(),
    );
    for &ix in days.iter().take(8) {
        let Some(e) = archive.get(ix) else { continue };
        let year = e.date.map_or(String::new(), |d| d.format("%Y").to_string());
        if ui.link(format!("{year}  {}", one_line(&e.title))).clicked() {
            queue.push(Command::Open(ix));
        }
    }
    if days.len() > 8 {
        ui.label(RichText::new(format!("and {} more", days.len() - 8)).color(theme::muted(ui)));
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Today's date (UTC), for "this day in the archive".
pub fn today() -> chrono::NaiveDate {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400);
    chrono::NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|d| d.checked_add_days(chrono::Days::new(days)))
        .unwrap_or_default()
}
