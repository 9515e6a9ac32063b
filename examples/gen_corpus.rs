//! Deterministic generator of large synthetic archive folders for benchmarks.
//!
//! `cargo run --release --example gen_corpus -- --n 100000 --seed 7 [--format FORMAT] DIR`
//!
//! `--format text` (the default) writes N files into `DIR/0000/`, `DIR/0001/`,
//! … (1,000 a folder) in the HotLine archive's format and the variants a
//! user's folder may hold: the masthead on most files, bylines (`By Name`,
//! `BY NAME`, `by Name`, `Written by Name`; ~5 % none) drawn from 40 authors
//! on a Zipf-like distribution, dates 2005–2012 mostly as a last line
//! `March 24, 2007` and sometimes at the top or as `2009-04-01`,
//! `1 April 2009`, `Apr. 1, 2009`, `April 1st, 2009`, `Posted on …` (~3 %
//! undated), ~2 % teaser pages, headings in half the articles, glued
//! captions, author notes, CRLF and CR line endings, BOMs, UTF-16 and
//! Windows-1252 files. Sizes are 2–50 KB with a mean of ~4 KB.
//!
//! The other formats carry the same N articles (the same draws, so the same
//! titles, authors, dates and words for a seed) in the shapes an archive
//! arrives in from elsewhere, all UTF-8 with LF line endings:
//!
//! - `html`: `DIR/0000/000000.html`, …, file i holding text file i: saved
//!   WordPress-style web pages. The `<head>` has `<title>Title | Site</title>`,
//!   a description, author, Open Graph and `article:published_time` metadata,
//!   a canonical link, a style sheet, scripts and JSON-LD; page chrome (a
//!   navigation menu, header, sidebar with recent posts and categories,
//!   footer) surrounds an `<article>` with `<h1>`, byline, `<time>`,
//!   paragraphs with `<em>`, `<strong>` and links, `<h2>` sections, and now
//!   and then a list, block quote or figure. Teaser pages become category
//!   listing pages. ~30 % of the pages write curly quotes and dashes as
//!   numeric character references, as WordPress does.
//! - `markdown`: `DIR/0000/2008-05-15-slug.md`, … (`slug.md` when undated; a
//!   `-2`, `-3`, … suffix keeps names unique within a folder): Jekyll/Hugo
//!   posts with YAML (~70 %) or TOML (~22 %) front matter, or none and a
//!   `# Title` line, then `## ` sections, emphasis, links, lists, quotes and
//!   images; a quarter of the files hard-wrap at 72 columns.
//! - `wxr`: one WordPress eXtended RSS 1.2 export, `DIR/export.xml`, with the
//!   N articles as posts (~2 % drafts; drafts and ~1 % of the others have a
//!   zero `post_date_gmt`), ~2 % attachments and ~1 % navigation menu
//!   items. Post content is HTML with `<p>` (70 %), classic-editor text with
//!   blank lines between paragraphs and `[caption]` shortcodes (15 %), or
//!   block-editor markup (15 %), with `<!--more-->` in ~30 %. It is written
//!   as it is made, so N can be large.
//!
//! Every article comes from its own PRNG (splitmix64) seeded by
//! `(seed, index)`, so the same arguments give byte-identical output whatever
//! the thread count. What only the other formats need (a title, post date and
//! time where the text has none, a category and tags) comes from a second
//! PRNG per article, so html, markdown and wxr agree on it; their markup
//! (which words are emphasised or linked, page chrome) comes from a third.
//! Neither changes the text's draws.
//!
//! Words come from a small common vocabulary plus a long tail of rarer
//! made-up words, and three fixed "needles" for search benchmarks:
//! `ombudsman` (~1 % of files), `serendipity` (~0.1 %), `quixotic` (~0.01 %).
//! The string `zzqqxx` never occurs (the ripgrep baseline searches for it).

use anyhow::{Context, Result, bail};
use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage: gen_corpus --n N --seed SEED [--format FORMAT] DIR
  --n N            number of articles to write (1..=10000000)
  --seed SEED      PRNG seed (u64); same seed, N and format give byte-identical output
  --format FORMAT  text (default): DIR/0000/000000.txt, … in the archive's format
                   html: DIR/0000/000000.html, … saved web pages
                   markdown: DIR/0000/2008-05-15-slug.md, … with front matter
                   wxr: one WordPress export file, DIR/export.xml
  DIR              output folder (created; must be empty or missing)";

const FILES_PER_DIR: usize = 1000;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Html,
    Markdown,
    Wxr,
}

impl Format {
    fn parse(s: &str) -> Option<Format> {
        match s {
            "text" => Some(Format::Text),
            "html" => Some(Format::Html),
            "markdown" => Some(Format::Markdown),
            "wxr" => Some(Format::Wxr),
            _ => None,
        }
    }
}

struct Args {
    n: usize,
    seed: u64,
    format: Format,
    dir: PathBuf,
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(a) => a,
        Err(msg) => {
            eprintln!("error: {msg}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn parse_args(mut it: impl Iterator<Item = String>) -> Result<Args, String> {
    let (mut n, mut seed, mut format, mut dir) = (None, None, Format::Text, None);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--n" | "--seed" => {
                let v = it.next().ok_or(format!("{a} needs a value"))?;
                let v: u64 = v.parse().map_err(|_| format!("{a}: not a number: {v}"))?;
                if a == "--n" {
                    n = Some(v);
                } else {
                    seed = Some(v);
                }
            }
            "--format" => {
                let v = it.next().ok_or("--format needs a value")?;
                format = Format::parse(&v).ok_or(format!(
                    "--format: unknown format {v} (text, html, markdown or wxr)"
                ))?;
            }
            "-h" | "--help" => return Err("help requested".into()),
            s if s.starts_with('-') => return Err(format!("unknown option {s}")),
            s if dir.is_none() => dir = Some(PathBuf::from(s)),
            s => return Err(format!("unexpected argument {s}")),
        }
    }
    let n = n.ok_or("--n is required")?;
    if n == 0 || n > 10_000_000 {
        return Err(format!("--n must be 1..=10000000, got {n}"));
    }
    Ok(Args {
        n: n as usize,
        seed: seed.ok_or("--seed is required")?,
        format,
        dir: dir.ok_or("DIR is required")?,
    })
}

fn run(args: &Args) -> Result<()> {
    prepare_dir(&args.dir)?;
    let started = std::time::Instant::now();
    if args.format == Format::Wxr {
        let c = write_wxr(args)?;
        println!(
            "wrote {} posts ({} drafts), {} attachments and {} menu items, {} bytes ({:.1} MB) to {} in {:.1} s",
            args.n,
            c.drafts,
            c.attachments,
            c.menu_items,
            c.bytes,
            c.bytes as f64 / 1e6,
            args.dir.join(WXR_FILE).display(),
            started.elapsed().as_secs_f64()
        );
        return Ok(());
    }
    let folders = args.n.div_ceil(FILES_PER_DIR);
    let bytes: u64 = (0..folders)
        .into_par_iter()
        .map(|d| write_folder(args, d))
        .collect::<Result<Vec<u64>>>()?
        .iter()
        .sum();
    println!(
        "wrote {} files, {} bytes ({:.1} MB) in {} folders of {} in {:.1} s",
        args.n,
        bytes,
        bytes as f64 / 1e6,
        folders,
        args.dir.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn prepare_dir(dir: &Path) -> Result<()> {
    if dir.exists() {
        let mut rd = std::fs::read_dir(dir).with_context(|| format!("{}", dir.display()))?;
        if rd.next().is_some() {
            bail!("{} is not empty; remove it first", dir.display());
        }
    }
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))
}

/// The seed of article `i`'s own PRNG, whose draws make its words.
fn doc_seed(seed: u64, i: usize) -> u64 {
    seed ^ (i as u64).wrapping_mul(0xA076_1D64_78BD_642F)
}

/// Salts of article `i`'s second and third PRNGs (`doc_seed ^ salt`): the
/// metadata that html, markdown and wxr share, and each format's markup.
/// Separate streams leave the text's draws untouched.
const META_SALT: u64 = 0x6D65_7461_5EED_0001;
const STYLE_SALT: u64 = 0x7374_796C_5EED_0002;

/// Writes folder `d`'s files (`text`, `html` or `markdown`); returns their
/// total size.
fn write_folder(args: &Args, d: usize) -> Result<u64> {
    let sub = args.dir.join(format!("{d:04}"));
    std::fs::create_dir_all(&sub).with_context(|| format!("creating {}", sub.display()))?;
    let vocab = Vocab::get();
    let mut total = 0u64;
    let mut doc = Doc::default();
    let mut page = String::with_capacity(64 * 1024);
    let mut names = Names::default();
    let end = ((d + 1) * FILES_PER_DIR).min(args.n);
    for i in d * FILES_PER_DIR..end {
        let mut rng = Rng::new(doc_seed(args.seed, i));
        doc.draw(&mut rng, vocab);
        page.clear();
        let (name, bytes): (String, Cow<[u8]>) = match args.format {
            Format::Text => (
                format!("{i:06}.txt"),
                Cow::Owned(encode(&doc.text, &mut rng)),
            ),
            Format::Html | Format::Markdown => {
                let html = args.format == Format::Html;
                let mut meta = Meta::draw(args.seed, i, &doc, vocab);
                let mut style = Rng::new(doc_seed(args.seed, i) ^ STYLE_SALT);
                // Titles repeat (they come from a short word list): html keeps
                // its permalinks unique, markdown its file names.
                let prefix = match (meta.dated, html) {
                    (false, _) => String::new(),
                    (true, true) => meta.date.format("%Y/%m/").to_string(),
                    (true, false) => meta.date.format("%Y-%m-%d-").to_string(),
                };
                meta.slug = names.unique(&prefix, &meta.slug);
                if html {
                    write_html(&mut page, &doc, &meta, &mut style, vocab);
                    (format!("{i:06}.html"), Cow::Borrowed(page.as_bytes()))
                } else {
                    write_markdown(&mut page, &doc, &meta, &mut style, vocab);
                    let name = format!("{prefix}{}.md", meta.slug);
                    (name, Cow::Borrowed(page.as_bytes()))
                }
            }
            Format::Wxr => bail!("wxr writes one file, not folders"),
        };
        let path = sub.join(&name);
        std::fs::write(&path, &bytes).with_context(|| format!("writing {}", path.display()))?;
        total += bytes.len() as u64;
    }
    Ok(total)
}

/// Slugs already used in one folder (or one WXR chunk), so that two articles
/// with the same title (and date) get `slug` and `slug-2`: file names and
/// URLs stay unique there, as Jekyll and WordPress need them to be.
#[derive(Default)]
struct Names(HashSet<String>);

impl Names {
    /// `slug`, or `slug-2`, `slug-3`, … when `prefix` + `slug` is taken.
    fn unique(&mut self, prefix: &str, slug: &str) -> String {
        let mut s = slug.to_owned();
        let mut k = 1;
        while !self.0.insert(format!("{prefix}{s}")) {
            k += 1;
            s = format!("{slug}-{k}");
        }
        s
    }
}

/// splitmix64: tiny, fast, and good enough for test data.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        let mut r = Rng(seed);
        r.next();
        r
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next()) * n as u128) >> 64) as usize
    }

    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `p`.
    fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64) < p * (1u64 << 53) as f64
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// A Zipf-like sampler over `0..n`: weight of rank k is 1 / (k + 1)^s.
struct Zipf(Vec<f64>);

impl Zipf {
    fn new(n: usize, s: f64) -> Self {
        let mut acc = 0.0;
        let mut cdf: Vec<f64> = (0..n)
            .map(|k| {
                acc += 1.0 / ((k + 1) as f64).powf(s);
                acc
            })
            .collect();
        cdf.iter_mut().for_each(|c| *c /= acc);
        Zipf(cdf)
    }

    fn sample(&self, rng: &mut Rng) -> usize {
        let u = rng.unit();
        self.0.partition_point(|&c| c < u).min(self.0.len() - 1)
    }
}

const AUTHORS: &str = "Mikael Blaisdell, Robert Butche, Jane Doe, John Roe, Maria Garcia, Wei Chen, \
    Priya Natarajan, Olaf Svensson, Amara Okafor, Lucia Rossi, Hiroshi Tanaka, \
    Fatima Haddad, Sean O’Brien, Ingrid Larsen, Carlos Mendes, Anna Kowalska, David \
    Levy, Grace Kim, Tomás Ruiz, Elena Petrova, Kofi Mensah, Sarah Connolly, Raj \
    Patel, Yuki Sato, Pierre Dubois, Nadia Rahman, Lars Becker, Mei Lin, Jorge \
    Alvarez, Chloe Martin, Ahmed Youssef, Hannah Weiss, Diego Fernández, Sophie \
    Laurent, Ivan Novak, Leila Karimi, Marcus Brown, Aisha Bello, Henrik Dahl, Rosa \
    Moreno";

const COMMON: &str = "the of and to a in that is for it as with be on not this are by \
    customer support service company product team customers we our you their they \
    have has more will can what about which when from all but an or at one would \
    value cloud saas vendor vendors profession contact center management executive \
    technology industry business profitability retention relationship strategy data \
    knowledge people time new must how only other those these into than most work \
    level success role market sales development quality cost costs revenue growth \
    renewal subscription churn loyalty satisfaction experience issue issues problem \
    problems fix break change process processes metrics measure results goals model \
    engineering operations staff agents analysts training tools software systems \
    platform release users user account accounts escalation ticket tickets incident \
    response resolution feedback community partners leadership vision future mission \
    economic professional organization organizations group groups decision decisions \
    really often every many much also there been were was so if do does just even \
    still well between through after before because while where why who them its";

const HEADING_WORDS: &str = "Value Support Future Customer Vision Cloud Strategy Metrics Retention Profession \
    Change Loyalty Renewal Leadership Service Growth Churn Knowledge Quality Success \
    Experience Data Team Economics";

const LINKERS: &str = "of and for in beyond without the versus";

const SYLLABLES: &str =
    "ka lo mer dran vi sto pel tur ben ro sa nil gor fen du ma tic al ver on hep lum cra so";

/// The shared word lists, built once.
struct Vocab {
    authors: Vec<&'static str>,
    author_zipf: Zipf,
    headings: Vec<&'static str>,
    linkers: Vec<&'static str>,
    common: Vec<&'static str>,
    common_zipf: Zipf,
    rare: Vec<String>,
    rare_zipf: Zipf,
}

impl Vocab {
    fn get() -> &'static Vocab {
        static V: std::sync::OnceLock<Vocab> = std::sync::OnceLock::new();
        V.get_or_init(Vocab::build)
    }

    fn build() -> Vocab {
        let authors: Vec<&'static str> = AUTHORS.split(", ").collect();
        let common: Vec<&'static str> = COMMON.split_whitespace().collect();
        let syllables: Vec<&'static str> = SYLLABLES.split_whitespace().collect();
        let mut rng = Rng::new(0x5EED);
        let rare: Vec<String> = (0..20_000)
            .map(|_| {
                let n = rng.range(3, 5);
                (0..n).map(|_| rng.pick(&syllables)).collect()
            })
            .collect();
        Vocab {
            author_zipf: Zipf::new(authors.len(), 1.1),
            authors,
            headings: HEADING_WORDS.split_whitespace().collect(),
            linkers: LINKERS.split_whitespace().collect(),
            common_zipf: Zipf::new(common.len(), 1.0),
            common,
            rare_zipf: Zipf::new(rare.len(), 1.1),
            rare,
        }
    }

    fn word(&self, rng: &mut Rng) -> &str {
        if rng.chance(0.04) {
            &self.rare[self.rare_zipf.sample(rng)]
        } else {
            self.common[self.common_zipf.sample(rng)]
        }
    }
}

/// File size target: 2 KB plus an exponential tail (mean 1.3 KB), and 2 % of
/// long files (10–50 KB): the mean comes to ~4 KB.
fn target_size(rng: &mut Rng) -> usize {
    if rng.chance(0.02) {
        rng.range(10_000, 49_000)
    } else {
        let tail = -(1.0 - rng.unit()).ln() * 1300.0;
        2048 + (tail as usize).min(40_000)
    }
}

const MASTHEAD: &str =
    "The HotLine Magazine Archives\nFor The Profession of Cloud/SaaS Product Support\n";

/// A byte range of `Doc::text`.
#[derive(Clone, Copy, Default)]
struct Span(usize, usize);

/// A part of an article's body, in text order.
#[derive(Clone, Copy)]
enum Block {
    /// A caption, which the text format glues onto the first paragraph.
    Caption(Span),
    Heading(Span),
    Paragraph(Span),
}

/// One article as the text format draws it: its text, and where its parts
/// lie in that text, so the other formats reuse the same words without
/// drawing them again.
#[derive(Default)]
struct Doc {
    text: String,
    title: Option<Span>,
    author: Option<&'static str>,
    /// The byline's lead-in (`By`, `BY`, `by`, `Written by`) and the name as
    /// the byline writes it.
    byline: Option<(&'static str, Span)>,
    date: Option<NaiveDate>,
    /// The date as the text writes it (`March 24, 2007`, `Posted on …`).
    date_text: Span,
    blocks: Vec<Block>,
    /// The author note, without its line breaks.
    note: Option<Span>,
    /// On a teaser page, the link text after every teaser (the blocks are the
    /// teasers); `None` on an article.
    more: Option<&'static str>,
}

impl Doc {
    fn get(&self, s: Span) -> &str {
        &self.text[s.0..s.1]
    }

    /// Appends what `f` writes to the text and returns where it lies.
    fn span(&mut self, f: impl FnOnce(&mut String)) -> Span {
        let start = self.text.len();
        f(&mut self.text);
        Span(start, self.text.len())
    }

    /// Draws article after article into the same buffers.
    fn draw(&mut self, rng: &mut Rng, v: &Vocab) {
        self.text.clear();
        self.blocks.clear();
        (self.title, self.author, self.byline, self.date) = (None, None, None, None);
        (self.note, self.more) = (None, None);
        let size = target_size(rng);
        if rng.chance(0.85) {
            self.text.push_str(MASTHEAD);
        }
        if rng.chance(0.02) {
            self.draw_teasers(rng, v, size);
            return;
        }
        if rng.chance(0.4) {
            self.title = Some(self.span(|out| title(out, rng, v)));
            self.text.push('\n');
        }
        let author = rng
            .chance(0.95)
            .then(|| v.authors[v.author_zipf.sample(rng)]);
        self.author = author;
        if let Some(a) = author {
            self.byline(rng, a);
        }
        let date = rng.chance(0.97).then(|| random_date(rng));
        self.date = date;
        let date_on_top = rng.chance(0.15);
        if let (Some(d), true) = (date, date_on_top) {
            self.write_date(rng, d);
        }
        self.text.push('\n');
        self.draw_body(rng, v, size);
        if let (Some(a), true) = (author, rng.chance(0.05)) {
            self.note = Some(self.span(|out| {
                let _ = write!(out, "({a} is a contributing editor of The HotLine.)");
            }));
            self.text.push_str("\n\n");
        }
        if let (Some(d), false) = (date, date_on_top) {
            self.write_date(rng, d);
        }
    }

    fn byline(&mut self, rng: &mut Rng, author: &str) {
        let r = rng.unit();
        let (lead, upper) = if r < 0.80 {
            ("By", false)
        } else if r < 0.88 {
            ("BY", true)
        } else if r < 0.93 {
            ("by", false)
        } else {
            ("Written by", false)
        };
        self.text.push_str(lead);
        self.text.push(' ');
        let name = self.span(|out| {
            if upper {
                out.push_str(&author.to_uppercase());
            } else {
                out.push_str(author);
            }
        });
        self.byline = Some((lead, name));
        self.text.push('\n');
    }

    fn write_date(&mut self, rng: &mut Rng, d: NaiveDate) {
        let r = rng.unit();
        self.date_text = self.span(|out| {
            let _ = if r < 0.80 {
                write!(out, "{}", d.format("%B %-d, %Y"))
            } else if r < 0.85 {
                write!(out, "{}", d.format("%Y-%m-%d"))
            } else if r < 0.90 {
                write!(out, "{}", d.format("%-d %B %Y"))
            } else if r < 0.93 {
                write!(out, "{}", d.format("%b. %-d, %Y"))
            } else if r < 0.96 {
                let ord = ordinal(d.day());
                write!(out, "{}", d.format(&format!("%B %-d{ord}, %Y")))
            } else {
                write!(out, "{}", d.format("Posted on %B %-d, %Y"))
            };
        });
        self.text.push('\n');
    }

    fn draw_body(&mut self, rng: &mut Rng, v: &Vocab, size: usize) {
        let headings = rng.chance(0.5);
        if rng.chance(0.08) {
            // A caption glued onto the first paragraph, as in the scraped files.
            let caption = self.span(|out| title(out, rng, v));
            self.blocks.push(Block::Caption(caption));
        }
        let mut paragraphs = 0;
        while self.text.len() < size {
            if headings && paragraphs > 0 && rng.chance(0.25) {
                let heading = self.span(|out| title(out, rng, v));
                self.blocks.push(Block::Heading(heading));
                self.text.push_str("\n\n");
            }
            let p = self.span(|out| paragraph(out, rng, v));
            self.blocks.push(Block::Paragraph(p));
            self.text.push_str("\n\n");
            paragraphs += 1;
        }
    }

    fn draw_teasers(&mut self, rng: &mut Rng, v: &Vocab, size: usize) {
        let marker = match rng.below(10) {
            0 => "Read more »",
            1 => "Continue reading…",
            _ => "Continue Reading »",
        };
        self.more = Some(marker);
        let n = rng.range(3, 10);
        for k in 0..n {
            if k > 0 && self.text.len() >= size {
                break;
            }
            let p = self.span(|out| paragraph(out, rng, v));
            self.blocks.push(Block::Paragraph(p));
            let _ = write!(self.text, "\n\n{marker}\n\n");
        }
    }
}

fn random_date(rng: &mut Rng) -> NaiveDate {
    let start = NaiveDate::from_ymd_opt(2005, 1, 1).map_or(0, |d| d.num_days_from_ce());
    let days = rng.below(8 * 365 + 2) as i32;
    NaiveDate::from_num_days_from_ce_opt(start + days).unwrap_or_default()
}

fn ordinal(day: u32) -> &'static str {
    match day {
        1 | 21 | 31 => "st",
        2 | 22 => "nd",
        3 | 23 => "rd",
        _ => "th",
    }
}

/// A short Title Case phrase with no sentence end (titles and headings).
fn title(out: &mut String, rng: &mut Rng, v: &Vocab) {
    let n = rng.range(2, 5);
    for k in 0..n {
        if k > 0 {
            out.push(' ');
            if rng.chance(0.3) {
                out.push_str(rng.pick(&v.linkers));
                out.push(' ');
            }
        }
        out.push_str(rng.pick(&v.headings));
    }
}

fn paragraph(out: &mut String, rng: &mut Rng, v: &Vocab) {
    for s in 0..rng.range(2, 7) {
        if s > 0 {
            out.push(' ');
        }
        sentence(out, rng, v);
    }
}

fn sentence(out: &mut String, rng: &mut Rng, v: &Vocab) {
    let n = rng.range(6, 24);
    let quoted = rng.chance(0.05);
    if quoted {
        out.push('“');
    }
    for k in 0..n {
        if k > 0 {
            out.push_str(if rng.chance(0.06) { ", " } else { " " });
        }
        let w = needle(rng).unwrap_or_else(|| v.word(rng));
        if k == 0 {
            capitalize(out, w);
        } else if rng.chance(0.01) {
            out.push_str("it’s");
        } else {
            out.push_str(w);
        }
    }
    out.push_str(match rng.below(20) {
        0 => "?",
        1 => " — really.",
        _ => ".",
    });
    if quoted {
        out.push('”');
    }
}

/// Fixed rare words at per-word rates that put them in ~1 %, ~0.1 % and
/// ~0.01 % of the files (a file has ~700 words).
fn needle(rng: &mut Rng) -> Option<&'static str> {
    match rng.next() % 100_000_000 {
        0..1500 => Some("ombudsman"),
        1500..1650 => Some("serendipity"),
        1650..1665 => Some("quixotic"),
        _ => None,
    }
}

fn capitalize(out: &mut String, w: &str) {
    let mut cs = w.chars();
    if let Some(c) = cs.next() {
        out.extend(c.to_uppercase());
        out.push_str(cs.as_str());
    }
}

/// Line endings and encodings: mostly UTF-8 with LF, some CRLF, CR, BOMs,
/// UTF-16LE and Windows-1252.
fn encode(text: &str, rng: &mut Rng) -> Vec<u8> {
    let r = rng.unit();
    let text: Cow<str> = if r < 0.05 {
        Cow::Owned(text.replace('\n', "\r\n"))
    } else if r < 0.055 {
        Cow::Owned(text.replace('\n', "\r"))
    } else {
        Cow::Borrowed(text)
    };
    let r = rng.unit();
    if r < 0.01 {
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend_from_slice(text.as_bytes());
        b
    } else if r < 0.012 {
        let mut b = vec![0xFF, 0xFE];
        b.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        b
    } else if r < 0.017 {
        encoding_rs::WINDOWS_1252.encode(&text).0.into_owned()
    } else {
        text.into_owned().into_bytes()
    }
}

// ---------------------------------------------------------------------------
// html, markdown and wxr: what they share.

const SITE: &str = "The HotLine Magazine Archives";
const TAGLINE: &str = "For The Profession of Cloud/SaaS Product Support";
const BASE_URL: &str = "https://example.com";

/// The site's offset from UTC in hours: US Eastern, without daylight saving
/// time. Local times (WXR's `post_date`, `<time datetime>`, front matter)
/// differ from UTC ones (`post_date_gmt`, `pubDate`,
/// `article:published_time`) as on a real site, and posting hours 06–18
/// keep both on the same calendar day.
const UTC_OFFSET_HOURS: i64 = -5;

/// Categories: display name and slug. Two hold `&` so that escaping shows.
const CATEGORIES: [(&str, &str); 7] = [
    ("Customer Support", "customer-support"),
    ("Cloud & SaaS", "cloud-saas"),
    ("Leadership", "leadership"),
    ("Metrics & Measurement", "metrics-measurement"),
    ("Knowledge Management", "knowledge-management"),
    ("Industry News", "industry-news"),
    ("Uncategorized", "uncategorized"),
];

const TAGS: [&str; 12] = [
    "support",
    "saas",
    "cloud",
    "metrics",
    "churn",
    "retention",
    "knowledge-base",
    "leadership",
    "customer-experience",
    "renewals",
    "escalation",
    "training",
];

/// Links out of the site; one has a query string with `&`.
const EXTERNAL_LINKS: [&str; 6] = [
    "https://en.wikipedia.org/wiki/Customer_service",
    "https://www.example.org/reports/support-benchmark-2008.pdf",
    "https://blog.example.net/2007/11/the-cost-of-churn/",
    "https://www.example.org/search?q=customer+retention&lang=en",
    "http://www.example.edu/~jsmith/papers/knowledge-centered-support.html",
    "https://example.com/?p=1234",
];

/// The site's menu: label and path.
const MENU: [(&str, &str); 7] = [
    ("Home", "/"),
    ("Archives", "/archives/"),
    ("Customer Support", "/category/customer-support/"),
    ("News & Views", "/category/news-views/"),
    ("Resources", "/resources/"),
    ("About", "/about/"),
    ("Contact", "/contact/"),
];

/// What html, markdown and wxr need beyond the text's words, drawn from the
/// article's second PRNG in a fixed order whatever the article holds, so the
/// three formats agree on it.
struct Meta {
    /// The WordPress post id (wxr) and `post-N` (html); an attachment and a
    /// menu item may take the next two.
    id: u64,
    /// The text's title, or a drawn one where the text has none.
    title: String,
    slug: String,
    /// Whether the text has a date; `date` is a drawn one when not.
    dated: bool,
    date: NaiveDate,
    /// Local time of day, 06:00–18:59.
    time: NaiveTime,
    /// An index into `CATEGORIES`.
    category: usize,
    tags: Vec<&'static str>,
}

impl Meta {
    fn draw(seed: u64, i: usize, doc: &Doc, v: &Vocab) -> Meta {
        let mut rng = Rng::new(doc_seed(seed, i) ^ META_SALT);
        let mut drawn_title = String::new();
        title(&mut drawn_title, &mut rng, v);
        let drawn_date = random_date(&mut rng);
        let (h, m, s) = (rng.range(6, 18), rng.below(60), rng.below(60));
        let time = NaiveTime::from_hms_opt(h as u32, m as u32, s as u32).unwrap_or_default();
        let category = rng.below(CATEGORIES.len());
        let mut tags = Vec::new();
        for _ in 0..rng.range(1, 4) {
            let t = rng.pick(&TAGS);
            if !tags.contains(&t) {
                tags.push(t);
            }
        }
        let title = doc.title.map_or(drawn_title, |t| doc.get(t).to_owned());
        Meta {
            id: 10 + 3 * i as u64,
            slug: slugify(&title),
            title,
            dated: doc.date.is_some(),
            date: doc.date.unwrap_or(drawn_date),
            time,
            category,
            tags,
        }
    }

    fn local(&self) -> NaiveDateTime {
        self.date.and_time(self.time)
    }

    fn utc(&self) -> NaiveDateTime {
        self.local() - TimeDelta::hours(UTC_OFFSET_HOURS)
    }

    /// The article's permalink: `/2008/05/slug/`, or `/slug/` when undated.
    fn url(&self) -> String {
        if self.dated {
            format!("{BASE_URL}/{}/{}/", self.date.format("%Y/%m"), self.slug)
        } else {
            format!("{BASE_URL}/{}/", self.slug)
        }
    }

    /// An uploaded image's URL; `k` tells the article's images apart.
    fn image(&self, k: usize) -> String {
        let ym = self.date.format("%Y/%m");
        format!("{BASE_URL}/wp-content/uploads/{ym}/{}-{k}.jpg", self.slug)
    }
}

/// A URL-safe lower-case form of `s`: `Value of Support` → `value-of-support`,
/// `Sean O’Brien` → `sean-obrien`, `Tomás Ruiz` → `tomas-ruiz`.
fn slugify(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let c = match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ñ' => 'n',
            'ç' => 'c',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if c != '’' && c != '\'' && !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        out.push_str("post");
    }
    out
}

/// A WordPress login: first initial and last name, `Sean O’Brien` → `sobrien`.
fn login(name: &str) -> String {
    let (first, last) = name.rsplit_once(' ').unwrap_or(("", name));
    let initial = first.chars().next().map(|c| slugify(&c.to_string()));
    let mut s = initial.unwrap_or_default();
    s.push_str(&slugify(last).replace('-', ""));
    s
}

/// Another post of the site, for links: a drawn title and date.
fn post_url(rng: &mut Rng, v: &Vocab) -> String {
    let mut t = String::new();
    title(&mut t, rng, v);
    let d = random_date(rng);
    format!("{BASE_URL}/{}/{}/", d.format("%Y/%m"), slugify(&t))
}

fn link_url(rng: &mut Rng, v: &Vocab) -> String {
    if rng.chance(0.6) {
        post_url(rng, v)
    } else {
        rng.pick(&EXTERNAL_LINKS).to_owned()
    }
}

/// The start of `s`, cut at a space to at most `max` bytes, with `…` when cut.
fn excerpt(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_owned();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    let cut = s[..end].rfind(' ').map_or(&s[..end], |k| &s[..k]);
    format!("{}…", cut.trim_end_matches([',', '.', '?', '—', ' ']))
}

// ---------------------------------------------------------------------------
// Inline markup: emphasis, strong emphasis and links over a paragraph's words.

enum Mark {
    Em,
    Strong,
    Link(String),
}

/// A mark over words `.0..=.1` of a paragraph.
type MarkSpan = (usize, usize, Mark);

/// A word's leading quote, the word, and its trailing punctuation: marks go
/// around the word only, as a writer would put them.
fn split_word(w: &str) -> (&str, &str, &str) {
    let rest = w.trim_start_matches('“');
    let core = rest.trim_end_matches([',', '.', '?', '”']);
    let lead = &w[..w.len() - rest.len()];
    let trail = &rest[core.len()..];
    (lead, core, trail)
}

fn ends_sentence(w: &str) -> bool {
    w.ends_with(['.', '?', '”'])
}

/// Draws a paragraph's marks: now and then an emphasised word or two, a
/// strong phrase and a link of two to four words, none across a sentence end
/// and none overlapping, in word order.
fn draw_marks(rng: &mut Rng, v: &Vocab, words: &[&str], marks: &mut Vec<MarkSpan>) {
    marks.clear();
    for (p, kind) in [(0.35, 0), (0.15, 1), (0.25, 2)] {
        if !rng.chance(p) {
            continue;
        }
        let len = match kind {
            0 => rng.range(1, 2),
            1 => rng.range(1, 3),
            _ => rng.range(2, 4),
        };
        let a = rng.below(words.len());
        let b = (a + len - 1).min(words.len() - 1);
        let wordlike = |w: &str| split_word(w).1.starts_with(char::is_alphabetic);
        let ok = wordlike(words[a])
            && wordlike(words[b])
            && !words[a..b].iter().any(|w| ends_sentence(w))
            && !marks.iter().any(|m| m.0 <= b && a <= m.1);
        if ok {
            let mark = match kind {
                0 => Mark::Em,
                1 => Mark::Strong,
                _ => Mark::Link(link_url(rng, v)),
            };
            marks.push((a, b, mark));
        }
    }
    marks.sort_by_key(|m| m.0);
}

/// How text and marks are written.
#[derive(Clone, Copy)]
enum Dialect {
    /// HTML; with `entities`, curly quotes, dashes and the like as numeric
    /// character references (`&#8217;`), as WordPress's wptexturize writes them.
    Html {
        entities: bool,
    },
    Markdown,
}

impl Dialect {
    fn text(self, out: &mut String, s: &str) {
        match self {
            Dialect::Html { entities } => escape_html(out, s, entities),
            Dialect::Markdown => escape_markdown(out, s),
        }
    }

    fn open(self, out: &mut String, m: &Mark) {
        match (self, m) {
            (Dialect::Html { .. }, Mark::Em) => out.push_str("<em>"),
            (Dialect::Html { .. }, Mark::Strong) => out.push_str("<strong>"),
            (Dialect::Html { .. }, Mark::Link(url)) => {
                out.push_str("<a href=\"");
                escape_html(out, url, false);
                out.push_str("\">");
            }
            (Dialect::Markdown, Mark::Em) => out.push('*'),
            (Dialect::Markdown, Mark::Strong) => out.push_str("**"),
            (Dialect::Markdown, Mark::Link(_)) => out.push('['),
        }
    }

    fn close(self, out: &mut String, m: &Mark) {
        match (self, m) {
            (Dialect::Html { .. }, Mark::Em) => out.push_str("</em>"),
            (Dialect::Html { .. }, Mark::Strong) => out.push_str("</strong>"),
            (Dialect::Html { .. }, Mark::Link(_)) => out.push_str("</a>"),
            (Dialect::Markdown, Mark::Em) => out.push('*'),
            (Dialect::Markdown, Mark::Strong) => out.push_str("**"),
            (Dialect::Markdown, Mark::Link(url)) => {
                let _ = write!(out, "]({url})");
            }
        }
    }
}

/// Writes `words` separated by spaces, escaped, with `marks` (in word order)
/// around them.
fn inline(out: &mut String, words: &[&str], marks: &[MarkSpan], d: Dialect) {
    let mut next = 0;
    let mut open: Option<&MarkSpan> = None;
    for (k, w) in words.iter().enumerate() {
        if k > 0 {
            out.push(' ');
        }
        let (lead, core, trail) = split_word(w);
        d.text(out, lead);
        if let Some(m) = marks.get(next).filter(|m| m.0 == k) {
            d.open(out, &m.2);
            open = Some(m);
            next += 1;
        }
        d.text(out, core);
        if let Some(m) = open.filter(|m| m.1 == k) {
            d.close(out, &m.2);
            open = None;
        }
        d.text(out, trail);
    }
}

/// Escapes `&`, `<`, `>` and `"` (text and attribute values alike); with
/// `entities`, also writes typographic punctuation as character references.
fn escape_html(out: &mut String, s: &str, entities: bool) {
    let plain = |b: u8| !matches!(b, b'&' | b'<' | b'>' | b'"') && (b < 0x80 || !entities);
    if s.bytes().all(plain) {
        out.push_str(s);
        return;
    }
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '’' | '‘' | '“' | '”' | '—' | '–' | '…' | '»' if entities => {
                let _ = write!(out, "&#{};", u32::from(c));
            }
            c => out.push(c),
        }
    }
}

/// Backslash-escapes the characters Markdown would read as markup.
fn escape_markdown(out: &mut String, s: &str) {
    let special = |c: char| matches!(c, '\\' | '*' | '_' | '[' | ']' | '<' | '>' | '`');
    if !s.bytes().any(|b| special(char::from(b))) {
        out.push_str(s);
        return;
    }
    for c in s.chars() {
        if special(c) {
            out.push('\\');
        }
        out.push(c);
    }
}

/// A JSON string literal; `<` as `\u003c` so that it cannot end a `<script>`.
fn json_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '<' => out.push_str("\\u003c"),
            c if c < ' ' => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// `s` as XML character data in a CDATA section; a `]]>` inside is split
/// across two sections.
fn cdata(out: &mut String, s: &str) {
    out.push_str("<![CDATA[");
    if s.contains("]]>") {
        out.push_str(&s.replace("]]>", "]]]]><![CDATA[>"));
    } else {
        out.push_str(s);
    }
    out.push_str("]]>");
}

// ---------------------------------------------------------------------------
// HTML bodies, shared by html pages and WXR post content.

/// How an article's body is written as HTML.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Flavor {
    /// A saved web page's `<div class="entry-content">`.
    Page,
    /// WXR content with `<p>` paragraphs.
    Post,
    /// WXR content as the classic editor stores it: paragraphs separated by
    /// blank lines without `<p>` (WordPress adds them on display), captions
    /// as `[caption]` shortcodes.
    Classic,
    /// WXR content as the block editor stores it: every block between
    /// `<!-- wp:… -->` comments.
    Blocks,
}

impl Flavor {
    fn block_start(self, out: &mut String, name: &str) {
        if self == Flavor::Blocks {
            let _ = writeln!(out, "<!-- wp:{name} -->");
        }
    }

    fn block_end(self, out: &mut String, name: &str) {
        match self {
            Flavor::Blocks => {
                let _ = write!(out, "\n<!-- /wp:{name} -->\n\n");
            }
            Flavor::Classic => out.push_str("\n\n"),
            Flavor::Page | Flavor::Post => out.push('\n'),
        }
    }
}

/// Writes an article's body: its blocks in order with inline markup, a list
/// or block quote made of a paragraph now and then, figures for captions,
/// the author note, and for WXR sometimes a `<!--more-->` after the first
/// paragraph or two.
fn html_body(
    out: &mut String,
    doc: &Doc,
    meta: &Meta,
    rng: &mut Rng,
    v: &Vocab,
    f: Flavor,
    h: Dialect,
) {
    let more_after = if f != Flavor::Page && rng.chance(0.3) {
        rng.range(1, 2)
    } else {
        0
    };
    let extra_figure = f == Flavor::Page && rng.chance(0.1);
    let mut marks = Vec::new();
    let mut paragraphs = 0;
    for &b in &doc.blocks {
        match b {
            Block::Caption(s) => figure(out, doc.get(s), meta, 1, f, h),
            Block::Heading(s) => {
                f.block_start(out, "heading");
                out.push_str(if f == Flavor::Blocks {
                    "<h2 class=\"wp-block-heading\">"
                } else {
                    "<h2>"
                });
                h.text(out, doc.get(s));
                out.push_str("</h2>");
                f.block_end(out, "heading");
            }
            Block::Paragraph(s) => {
                let words: Vec<&str> = doc.get(s).split(' ').collect();
                let r = rng.unit();
                let sentences = words.split_inclusive(|w| ends_sentence(w)).count();
                if paragraphs > 0 && r < 0.05 && sentences > 1 {
                    html_list(out, &words, f, h);
                } else if paragraphs > 0 && r < 0.10 {
                    f.block_start(out, "quote");
                    out.push_str(match f {
                        Flavor::Blocks => "<blockquote class=\"wp-block-quote\"><p>",
                        Flavor::Classic => "<blockquote>",
                        Flavor::Page | Flavor::Post => "<blockquote><p>",
                    });
                    inline(out, &words, &[], h);
                    out.push_str(if f == Flavor::Classic {
                        "</blockquote>"
                    } else {
                        "</p></blockquote>"
                    });
                    f.block_end(out, "quote");
                } else {
                    draw_marks(rng, v, &words, &mut marks);
                    f.block_start(out, "paragraph");
                    if f != Flavor::Classic {
                        out.push_str("<p>");
                    }
                    inline(out, &words, &marks, h);
                    if f != Flavor::Classic {
                        out.push_str("</p>");
                    }
                    f.block_end(out, "paragraph");
                }
                paragraphs += 1;
                if paragraphs == more_after {
                    f.block_start(out, "more");
                    out.push_str("<!--more-->");
                    f.block_end(out, "more");
                }
                if paragraphs == 1 && extra_figure {
                    let mut caption = String::new();
                    title(&mut caption, rng, v);
                    figure(out, &caption, meta, 2, f, h);
                }
            }
        }
    }
    if let Some(s) = doc.note {
        f.block_start(out, "paragraph");
        out.push_str(match f {
            Flavor::Page => "<p class=\"author-note\"><em>",
            Flavor::Classic => "<em>",
            Flavor::Post | Flavor::Blocks => "<p><em>",
        });
        h.text(out, doc.get(s));
        out.push_str(if f == Flavor::Classic {
            "</em>"
        } else {
            "</em></p>"
        });
        f.block_end(out, "paragraph");
    }
}

/// A paragraph as a bulleted list, a sentence an item.
fn html_list(out: &mut String, words: &[&str], f: Flavor, h: Dialect) {
    f.block_start(out, "list");
    out.push_str(if f == Flavor::Blocks {
        "<ul class=\"wp-block-list\">\n"
    } else {
        "<ul>\n"
    });
    for s in words.split_inclusive(|w| ends_sentence(w)) {
        out.push_str("<li>");
        inline(out, s, &[], h);
        out.push_str("</li>\n");
    }
    out.push_str("</ul>");
    f.block_end(out, "list");
}

/// An image with a caption; image `k` of the article. In WXR content its
/// attachment id is the post's id + 1 (the attachment item may or may not be
/// in the export, as when an image was deleted).
fn figure(out: &mut String, caption: &str, meta: &Meta, k: usize, f: Flavor, h: Dialect) {
    let src = meta.image(k);
    let aid = meta.id + 1;
    match f {
        Flavor::Page | Flavor::Post => {
            let _ = write!(
                out,
                "<figure class=\"wp-caption aligncenter\"><img src=\"{src}\" alt=\""
            );
            h.text(out, caption);
            out.push_str("\" width=\"640\" height=\"427\" loading=\"lazy\"><figcaption class=\"wp-caption-text\">");
            h.text(out, caption);
            out.push_str("</figcaption></figure>\n");
        }
        Flavor::Classic => {
            let _ = write!(
                out,
                "[caption id=\"attachment_{aid}\" align=\"aligncenter\" width=\"640\"]<img class=\"size-large wp-image-{aid}\" src=\"{src}\" alt=\"\" width=\"640\" height=\"427\" /> "
            );
            h.text(out, caption);
            out.push_str("[/caption]\n\n");
        }
        Flavor::Blocks => {
            let _ = write!(
                out,
                "<!-- wp:image {{\"id\":{aid},\"sizeSlug\":\"large\"}} -->\n<figure class=\"wp-block-image size-large\"><img src=\"{src}\" alt=\"\" class=\"wp-image-{aid}\"/><figcaption class=\"wp-element-caption\">"
            );
            h.text(out, caption);
            out.push_str("</figcaption></figure>\n<!-- /wp:image -->\n\n");
        }
    }
}

// ---------------------------------------------------------------------------
// html: saved web pages.

const CSS: &str = "body{margin:0;font:16px/1.6 Georgia,serif;color:#222;background:#fff}
.site-header{border-bottom:1px solid #ddd;padding:1em 2em}
.site-title{font-size:1.6em;margin:0}.site-title a{color:#111;text-decoration:none}
.main-navigation ul{list-style:none;margin:0;padding:0}
.main-navigation li{display:inline-block;margin-right:1.2em}
.site-content{display:flex;gap:2em;max-width:72em;margin:0 auto;padding:1em 2em}
.site-main{flex:3;min-width:0}.widget-area{flex:1;font-size:.9em}
.entry-meta,.byline,.entry-footer{color:#666;font-size:.85em}
blockquote{border-left:3px solid #ccc;margin-left:0;padding-left:1em;color:#444}
figure{margin:1.5em 0}figure img{max-width:100%;height:auto}
.site-footer{border-top:1px solid #ddd;padding:1em 2em;font-size:.8em}
@media (max-width:600px){.site-content{display:block}}";

const JS: &str = "document.documentElement.className = document.documentElement.className.replace('no-js', 'js');
window.dataLayer = window.dataLayer || [];
function gtag(){dataLayer.push(arguments);}
gtag('js', new Date());
if (window.innerWidth < 600 && document.cookie.indexOf('menu=open') < 0) {
  document.documentElement.classList.add('compact-menu');
}";

/// `<meta {key}="{name}" content="…">`, the content escaped.
fn meta_tag(out: &mut String, key: &str, name: &str, content: &str, h: Dialect) {
    let _ = write!(out, "<meta {key}=\"{name}\" content=\"");
    h.text(out, content);
    out.push_str("\">\n");
}

/// One article as a saved web page; a teaser page as a category listing.
fn write_html(out: &mut String, doc: &Doc, meta: &Meta, rng: &mut Rng, v: &Vocab) {
    let h = Dialect::Html {
        entities: rng.chance(0.3),
    };
    let (cat, cat_slug) = CATEGORIES[meta.category];
    let page_no = rng.range(2, 40);
    let listing = doc.more.is_some();
    let (title, url) = if listing {
        let url = format!("{BASE_URL}/category/{cat_slug}/page/{page_no}/");
        (format!("{cat} Archives"), url)
    } else {
        (meta.title.clone(), meta.url())
    };
    let first = doc.blocks.iter().find_map(|b| match b {
        Block::Paragraph(s) => Some(doc.get(*s)),
        _ => None,
    });
    let description = excerpt(first.unwrap_or(""), 155);

    out.push_str("<!DOCTYPE html>\n<html lang=\"en-US\" class=\"no-js\">\n<head>\n");
    out.push_str("<meta charset=\"UTF-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<title>");
    h.text(out, &title);
    out.push_str(" | ");
    h.text(out, SITE);
    out.push_str("</title>\n");
    meta_tag(out, "name", "description", &description, h);
    if let (Some(a), false) = (doc.author, listing) {
        meta_tag(out, "name", "author", a, h);
    }
    let _ = writeln!(out, "<link rel=\"canonical\" href=\"{url}\">");
    meta_tag(out, "property", "og:locale", "en_US", h);
    let og_type = if listing { "website" } else { "article" };
    meta_tag(out, "property", "og:type", og_type, h);
    meta_tag(out, "property", "og:title", &title, h);
    meta_tag(out, "property", "og:description", &description, h);
    meta_tag(out, "property", "og:url", &url, h);
    meta_tag(out, "property", "og:site_name", SITE, h);
    if !listing {
        if meta.dated {
            let published = meta.utc().format("%Y-%m-%dT%H:%M:%SZ").to_string();
            meta_tag(out, "property", "article:published_time", &published, h);
        }
        meta_tag(out, "property", "article:section", cat, h);
        for t in &meta.tags {
            meta_tag(out, "property", "article:tag", t, h);
        }
    }
    let _ = writeln!(
        out,
        "<link rel=\"stylesheet\" id=\"hotline-style-css\" href=\"{BASE_URL}/wp-content/themes/hotline/style.css?ver=2.1&amp;build=7\" media=\"all\">"
    );
    let _ = writeln!(out, "<style>\n{CSS}\n</style>");
    let _ = writeln!(out, "<script>\n{JS}\n</script>");
    if !listing {
        json_ld(out, doc, meta, &url);
    }
    out.push_str("</head>\n");

    let body_class = if listing {
        "archive category paged"
    } else {
        "post-template-default single single-post"
    };
    let _ = writeln!(out, "<body class=\"{body_class}\">");
    out.push_str(
        "<a class=\"skip-link screen-reader-text\" href=\"#content\">Skip to content</a>\n",
    );
    site_header(out, doc, h);
    out.push_str(
        "<div id=\"content\" class=\"site-content\">\n<main id=\"main\" class=\"site-main\">\n",
    );
    if listing {
        listing_main(out, doc, meta, rng, v, h, page_no);
    } else {
        article(out, doc, meta, rng, v, h, &url);
    }
    out.push_str("</main>\n");
    sidebar(out, rng, v, h);
    out.push_str("</div>\n");
    out.push_str("<footer id=\"colophon\" class=\"site-footer\">\n<div class=\"site-info\">&copy; 2005&ndash;2012 ");
    h.text(out, SITE);
    let _ = write!(
        out,
        ". All rights reserved. <a href=\"{BASE_URL}/privacy-policy/\">Privacy Policy</a> &middot; Proudly powered by WordPress</div>\n</footer>\n"
    );
    let _ = write!(
        out,
        "<script src=\"{BASE_URL}/wp-includes/js/wp-embed.min.js?ver=4.9.8\" id=\"wp-embed-js\"></script>\n</body>\n</html>\n"
    );
}

/// Schema.org metadata as JSON-LD, as SEO plugins write it.
fn json_ld(out: &mut String, doc: &Doc, meta: &Meta, url: &str) {
    out.push_str("<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@type\":\"BlogPosting\",\"headline\":");
    json_str(out, &meta.title);
    if meta.dated {
        let published = meta.utc().format("%Y-%m-%dT%H:%M:%S+00:00").to_string();
        out.push_str(",\"datePublished\":");
        json_str(out, &published);
    }
    if let Some(a) = doc.author {
        out.push_str(",\"author\":{\"@type\":\"Person\",\"name\":");
        json_str(out, a);
        out.push('}');
    }
    out.push_str(",\"publisher\":{\"@type\":\"Organization\",\"name\":");
    json_str(out, SITE);
    out.push_str("},\"mainEntityOfPage\":");
    json_str(out, url);
    out.push_str("}</script>\n");
}

/// The site's header: its name, the tagline when the text has the masthead,
/// and the menu.
fn site_header(out: &mut String, doc: &Doc, h: Dialect) {
    let _ = write!(
        out,
        "<header id=\"masthead\" class=\"site-header\">\n<p class=\"site-title\"><a href=\"{BASE_URL}/\" rel=\"home\">"
    );
    h.text(out, SITE);
    out.push_str("</a></p>\n");
    if doc.text.starts_with(MASTHEAD) {
        out.push_str("<p class=\"site-description\">");
        h.text(out, TAGLINE);
        out.push_str("</p>\n");
    }
    out.push_str("<nav id=\"site-navigation\" class=\"main-navigation\" aria-label=\"Primary\">\n<ul id=\"primary-menu\" class=\"menu\">\n");
    for (label, path) in MENU {
        let _ = write!(out, "<li class=\"menu-item\"><a href=\"{BASE_URL}{path}\">");
        h.text(out, label);
        out.push_str("</a></li>\n");
    }
    out.push_str("</ul>\n</nav>\n</header>\n");
}

/// The article: `<h1>`, byline, date, body, categories and tags.
fn article(
    out: &mut String,
    doc: &Doc,
    meta: &Meta,
    rng: &mut Rng,
    v: &Vocab,
    h: Dialect,
    url: &str,
) {
    let (cat, cat_slug) = CATEGORIES[meta.category];
    let id = meta.id;
    let _ = writeln!(
        out,
        "<article id=\"post-{id}\" class=\"post-{id} post type-post status-publish format-standard hentry category-{cat_slug}\">"
    );
    out.push_str("<header class=\"entry-header\">\n<h1 class=\"entry-title\">");
    h.text(out, &meta.title);
    out.push_str("</h1>\n<div class=\"entry-meta\">\n");
    if let (Some((lead, name)), Some(a)) = (doc.byline, doc.author) {
        out.push_str("<span class=\"byline\">");
        h.text(out, lead);
        let _ = write!(
            out,
            " <span class=\"author vcard\"><a class=\"url fn n\" href=\"{BASE_URL}/author/{}/\" rel=\"author\">",
            slugify(a)
        );
        h.text(out, doc.get(name));
        out.push_str("</a></span></span>\n");
    }
    if meta.dated {
        let shown = doc.get(doc.date_text);
        let (posted, shown) = match shown.strip_prefix("Posted on ") {
            Some(rest) => ("Posted on ", rest),
            None => ("", shown),
        };
        let local = meta.local().format("%Y-%m-%dT%H:%M:%S");
        let _ = write!(
            out,
            "<span class=\"posted-on\">{posted}<a href=\"{url}\" rel=\"bookmark\"><time class=\"entry-date published\" datetime=\"{local}{:+03}:00\">",
            UTC_OFFSET_HOURS
        );
        h.text(out, shown);
        out.push_str("</time></a></span>\n");
    }
    out.push_str("</div>\n</header>\n<div class=\"entry-content\">\n");
    html_body(out, doc, meta, rng, v, Flavor::Page, h);
    out.push_str("</div>\n<footer class=\"entry-footer\">");
    let _ = write!(
        out,
        "<span class=\"cat-links\">Posted in <a href=\"{BASE_URL}/category/{cat_slug}/\" rel=\"category tag\">"
    );
    h.text(out, cat);
    out.push_str("</a></span> <span class=\"tags-links\">Tagged ");
    for (k, t) in meta.tags.iter().enumerate() {
        if k > 0 {
            out.push_str(", ");
        }
        let _ = write!(out, "<a href=\"{BASE_URL}/tag/{t}/\" rel=\"tag\">{t}</a>");
    }
    out.push_str("</span></footer>\n</article>\n");
}

/// A teaser page as page `page_no` of a category's listing: every teaser
/// under a drawn title and date, with the text's "Continue Reading »" link.
fn listing_main(
    out: &mut String,
    doc: &Doc,
    meta: &Meta,
    rng: &mut Rng,
    v: &Vocab,
    h: Dialect,
    page_no: usize,
) {
    let (cat, cat_slug) = CATEGORIES[meta.category];
    out.push_str("<header class=\"page-header\">\n<h1 class=\"page-title\">Category: <span>");
    h.text(out, cat);
    out.push_str("</span></h1>\n</header>\n");
    let mut t = String::new();
    for &b in &doc.blocks {
        let Block::Paragraph(s) = b else { continue };
        t.clear();
        title(&mut t, rng, v);
        let d = random_date(rng);
        let url = format!("{BASE_URL}/{}/{}/", d.format("%Y/%m"), slugify(&t));
        out.push_str("<article class=\"post type-post excerpt\">\n<header class=\"entry-header\">");
        let _ = write!(
            out,
            "<h2 class=\"entry-title\"><a href=\"{url}\" rel=\"bookmark\">"
        );
        h.text(out, &t);
        let _ = write!(
            out,
            "</a></h2>\n<div class=\"entry-meta\"><time class=\"entry-date\" datetime=\"{}\">{}</time></div></header>\n<div class=\"entry-summary\"><p>",
            d.format("%Y-%m-%d"),
            d.format("%B %-d, %Y")
        );
        let words: Vec<&str> = doc.get(s).split(' ').collect();
        inline(out, &words, &[], h);
        let _ = write!(out, "</p></div>\n<a class=\"more-link\" href=\"{url}\">");
        h.text(out, doc.more.unwrap_or("Continue Reading »"));
        out.push_str("</a>\n</article>\n");
    }
    let base = format!("{BASE_URL}/category/{cat_slug}/page");
    let _ = writeln!(
        out,
        "<nav class=\"navigation pagination\" aria-label=\"Posts\"><a class=\"prev page-numbers\" href=\"{base}/{}/\">&laquo; Newer posts</a> <a class=\"next page-numbers\" href=\"{base}/{}/\">Older posts &raquo;</a></nav>",
        page_no - 1,
        page_no + 1
    );
}

/// The sidebar: a search form, five recent posts (drawn titles and dates)
/// and the categories.
fn sidebar(out: &mut String, rng: &mut Rng, v: &Vocab, h: Dialect) {
    out.push_str("<aside id=\"secondary\" class=\"widget-area\" role=\"complementary\">\n");
    let _ = writeln!(
        out,
        "<section class=\"widget widget_search\"><form role=\"search\" method=\"get\" class=\"search-form\" action=\"{BASE_URL}/\"><label><span class=\"screen-reader-text\">Search for:</span><input type=\"search\" class=\"search-field\" placeholder=\"Search &hellip;\" value=\"\" name=\"s\"></label><input type=\"submit\" class=\"search-submit\" value=\"Search\"></form></section>"
    );
    out.push_str("<section class=\"widget widget_recent_entries\">\n<h2 class=\"widget-title\">Recent posts</h2>\n<ul>\n");
    let mut t = String::new();
    for _ in 0..5 {
        t.clear();
        title(&mut t, rng, v);
        let d = random_date(rng);
        let _ = write!(
            out,
            "<li><a href=\"{BASE_URL}/{}/{}/\">",
            d.format("%Y/%m"),
            slugify(&t)
        );
        h.text(out, &t);
        out.push_str("</a></li>\n");
    }
    out.push_str("</ul>\n</section>\n<section class=\"widget widget_categories\">\n<h2 class=\"widget-title\">Categories</h2>\n<ul>\n");
    for (name, slug) in CATEGORIES {
        let _ = write!(
            out,
            "<li class=\"cat-item\"><a href=\"{BASE_URL}/category/{slug}/\">"
        );
        h.text(out, name);
        out.push_str("</a></li>\n");
    }
    out.push_str("</ul>\n</section>\n</aside>\n");
}

// ---------------------------------------------------------------------------
// markdown: Jekyll/Hugo posts.

/// A YAML or TOML double-quoted string.
fn quoted(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
}

/// Appends `s` hard-wrapped at `width` columns (0: one line), every line
/// starting with `prefix`, then a blank line.
fn wrap(out: &mut String, s: &str, width: usize, prefix: &str) {
    out.push_str(prefix);
    let mut col = prefix.len();
    for (k, w) in s.split(' ').enumerate() {
        let len = w.chars().count();
        if k > 0 {
            if width > 0 && col + 1 + len > width {
                out.push('\n');
                out.push_str(prefix);
                col = prefix.len();
            } else {
                out.push(' ');
                col += 1;
            }
        }
        out.push_str(w);
        col += len;
    }
    out.push_str("\n\n");
}

/// One article as a Markdown post: front matter (YAML, TOML, or none and a
/// `# Title` line with the text's byline and date under it), then the body.
fn write_markdown(out: &mut String, doc: &Doc, meta: &Meta, rng: &mut Rng, v: &Vocab) {
    let r = rng.unit();
    let layout = rng.chance(0.5);
    let with_time = rng.chance(0.2);
    let source = rng.chance(0.4);
    let block_tags = rng.chance(0.25);
    let width = if rng.chance(0.25) { 72 } else { 0 };
    let (cat, _) = CATEGORIES[meta.category];
    let date = meta.dated.then(|| {
        let local = meta.local();
        match (r < 0.70, with_time) {
            (_, false) => local.format("%Y-%m-%d").to_string(),
            (true, true) => format!(
                "{} {:+03}00",
                local.format("%Y-%m-%d %H:%M:%S"),
                UTC_OFFSET_HOURS
            ),
            (false, true) => format!(
                "{}{:+03}:00",
                local.format("%Y-%m-%dT%H:%M:%S"),
                UTC_OFFSET_HOURS
            ),
        }
    });
    if r < 0.70 {
        out.push_str("---\n");
        if layout {
            out.push_str("layout: post\n");
        }
        out.push_str("title: ");
        quoted(out, &meta.title);
        out.push('\n');
        if let Some(a) = doc.author {
            let _ = writeln!(out, "author: {a}");
        }
        if let Some(d) = &date {
            let _ = writeln!(out, "date: {d}");
        }
        if block_tags {
            out.push_str("tags:\n");
            for t in &meta.tags {
                let _ = writeln!(out, "  - {t}");
            }
        } else {
            let _ = writeln!(out, "tags: [{}]", meta.tags.join(", "));
        }
        out.push_str("categories: [");
        quoted(out, cat);
        out.push_str("]\n");
        if source {
            let _ = writeln!(out, "source_url: {}", meta.url());
        }
        out.push_str("---\n\n");
    } else if r < 0.92 {
        out.push_str("+++\ntitle = ");
        quoted(out, &meta.title);
        out.push('\n');
        if let Some(a) = doc.author {
            out.push_str("author = ");
            quoted(out, a);
            out.push('\n');
        }
        if let Some(d) = &date {
            let _ = writeln!(out, "date = {d}");
        }
        out.push_str("tags = [");
        for (k, t) in meta.tags.iter().enumerate() {
            if k > 0 {
                out.push_str(", ");
            }
            quoted(out, t);
        }
        out.push_str("]\ncategories = [");
        quoted(out, cat);
        out.push_str("]\n");
        if source {
            out.push_str("source_url = ");
            quoted(out, &meta.url());
            out.push('\n');
        }
        out.push_str("+++\n\n");
    } else {
        out.push_str("# ");
        escape_markdown(out, &meta.title);
        out.push_str("\n\n");
        if let Some((lead, name)) = doc.byline {
            let _ = writeln!(out, "{lead} {}", doc.get(name));
        }
        if meta.dated {
            let _ = writeln!(out, "{}", doc.get(doc.date_text));
        }
        if doc.byline.is_some() || meta.dated {
            out.push('\n');
        }
    }
    markdown_body(out, doc, meta, rng, v, width);
    while out.ends_with("\n\n") {
        out.pop();
    }
}

/// The body: captions as images, headings, paragraphs with inline markup,
/// now and then a list or quote made of a paragraph; on a teaser page a link
/// after every teaser.
fn markdown_body(out: &mut String, doc: &Doc, meta: &Meta, rng: &mut Rng, v: &Vocab, width: usize) {
    let md = Dialect::Markdown;
    let mut marks = Vec::new();
    let mut line = String::new();
    let mut paragraphs = 0;
    for &b in &doc.blocks {
        match b {
            Block::Caption(s) => {
                out.push_str("![");
                escape_markdown(out, doc.get(s));
                let _ = write!(out, "]({})\n\n", meta.image(1));
            }
            Block::Heading(s) => {
                out.push_str("## ");
                escape_markdown(out, doc.get(s));
                out.push_str("\n\n");
            }
            Block::Paragraph(s) => {
                let words: Vec<&str> = doc.get(s).split(' ').collect();
                let r = rng.unit();
                let sentences = words.split_inclusive(|w| ends_sentence(w)).count();
                line.clear();
                if paragraphs > 0 && r < 0.05 && sentences > 1 {
                    for s in words.split_inclusive(|w| ends_sentence(w)) {
                        out.push_str("- ");
                        inline(out, s, &[], md);
                        out.push('\n');
                    }
                    out.push('\n');
                } else if paragraphs > 0 && r < 0.10 {
                    inline(&mut line, &words, &[], md);
                    wrap(out, &line, width, "> ");
                } else {
                    draw_marks(rng, v, &words, &mut marks);
                    inline(&mut line, &words, &marks, md);
                    wrap(out, &line, width, "");
                }
                if let Some(more) = doc.more {
                    out.push('[');
                    escape_markdown(out, more);
                    let _ = write!(out, "]({})\n\n", post_url(rng, v));
                }
                paragraphs += 1;
            }
        }
    }
    if let Some(s) = doc.note {
        out.push('*');
        escape_markdown(out, doc.get(s));
        out.push_str("*\n\n");
    }
}

// ---------------------------------------------------------------------------
// wxr: one WordPress export.

const WXR_FILE: &str = "export.xml";

/// The `pubDate` WordPress writes for a post whose `post_date_gmt` is zero.
const ZERO_PUB_DATE: &str = "Mon, 30 Nov -0001 00:00:00 +0000";
const ZERO_DATE: &str = "0000-00-00 00:00:00";

/// What `write_wxr` reports: the drafts among the posts, the other items,
/// and the bytes written.
#[derive(Default)]
struct WxrCounts {
    drafts: usize,
    attachments: usize,
    menu_items: usize,
    bytes: u64,
}

impl WxrCounts {
    fn add(&mut self, o: &WxrCounts) {
        self.drafts += o.drafts;
        self.attachments += o.attachments;
        self.menu_items += o.menu_items;
        self.bytes += o.bytes;
    }
}

/// Writes `DIR/export.xml`. Chunks of 1,000 posts render in parallel a
/// window at a time and are written in order through a `BufWriter`, so
/// memory stays at one window's worth (a few tens of MB) whatever N is.
fn write_wxr(args: &Args) -> Result<WxrCounts> {
    let path = args.dir.join(WXR_FILE);
    let file =
        std::fs::File::create(&path).with_context(|| format!("creating {}", path.display()))?;
    let mut w = std::io::BufWriter::with_capacity(1 << 20, file);
    let mut counts = WxrCounts::default();
    let put = |w: &mut std::io::BufWriter<std::fs::File>, s: &str| {
        w.write_all(s.as_bytes())
            .with_context(|| format!("writing {}", path.display()))
    };
    let mut head = String::new();
    wxr_head(&mut head, Vocab::get());
    put(&mut w, &head)?;
    counts.bytes += head.len() as u64;
    let chunks = args.n.div_ceil(FILES_PER_DIR);
    let window = 2 * rayon::current_num_threads();
    for first in (0..chunks).step_by(window) {
        let rendered: Vec<(String, WxrCounts)> = (first..(first + window).min(chunks))
            .into_par_iter()
            .map(|c| wxr_chunk(args, c))
            .collect();
        for (text, c) in rendered {
            put(&mut w, &text)?;
            counts.add(&c);
        }
    }
    let tail = "</channel>\n</rss>\n";
    put(&mut w, tail)?;
    counts.bytes += tail.len() as u64;
    w.flush()
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(counts)
}

/// The export's header: the channel, its authors, categories, tags and menu.
fn wxr_head(out: &mut String, v: &Vocab) {
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n");
    out.push_str("<!-- This is a WordPress eXtended RSS file generated by WordPress as an export of your site. -->\n");
    out.push_str("<!-- It contains information about your site's posts, pages, comments, categories, and other content. -->\n");
    out.push_str(
        "<!-- You may use this file to transfer that content from one site to another. -->\n",
    );
    out.push_str(
        "<!-- This file is not intended to serve as a complete backup of your site. -->\n\n",
    );
    out.push_str("<!-- generator=\"WordPress/4.9.8\" created=\"2013-03-01 12:00\" -->\n");
    out.push_str("<rss version=\"2.0\" xmlns:excerpt=\"http://wordpress.org/export/1.2/excerpt/\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" xmlns:wfw=\"http://wellformedweb.org/CommentAPI/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:wp=\"http://wordpress.org/export/1.2/\">\n\n");
    out.push_str("<channel>\n\t<title>");
    escape_html(out, SITE, false);
    let _ = write!(out, "</title>\n\t<link>{BASE_URL}</link>\n\t<description>");
    escape_html(out, TAGLINE, false);
    let _ = write!(
        out,
        "</description>\n\t<pubDate>Fri, 01 Mar 2013 12:00:00 +0000</pubDate>\n\t<language>en-US</language>\n\t<wp:wxr_version>1.2</wp:wxr_version>\n\t<wp:base_site_url>{BASE_URL}</wp:base_site_url>\n\t<wp:base_blog_url>{BASE_URL}</wp:base_blog_url>\n\n"
    );
    let authors = std::iter::once("admin").chain(v.authors.iter().copied());
    for (k, name) in authors.enumerate() {
        let login = if k == 0 { name.to_owned() } else { login(name) };
        let (first, last) = if k == 0 {
            ("", "")
        } else {
            name.split_once(' ').unwrap_or((name, ""))
        };
        let _ = write!(
            out,
            "\t<wp:author><wp:author_id>{}</wp:author_id><wp:author_login>",
            k + 1
        );
        cdata(out, &login);
        out.push_str("</wp:author_login><wp:author_email>");
        cdata(out, &format!("{login}@example.com"));
        out.push_str("</wp:author_email><wp:author_display_name>");
        cdata(out, name);
        out.push_str("</wp:author_display_name><wp:author_first_name>");
        cdata(out, first);
        out.push_str("</wp:author_first_name><wp:author_last_name>");
        cdata(out, last);
        out.push_str("</wp:author_last_name></wp:author>\n");
    }
    out.push('\n');
    for (k, (name, slug)) in CATEGORIES.iter().enumerate() {
        let _ = write!(
            out,
            "\t<wp:category><wp:term_id>{}</wp:term_id><wp:category_nicename>",
            k + 1
        );
        cdata(out, slug);
        out.push_str("</wp:category_nicename><wp:category_parent>");
        cdata(out, "");
        out.push_str("</wp:category_parent><wp:cat_name>");
        cdata(out, name);
        out.push_str("</wp:cat_name></wp:category>\n");
    }
    for (k, t) in TAGS.iter().enumerate() {
        let _ = write!(
            out,
            "\t<wp:tag><wp:term_id>{}</wp:term_id><wp:tag_slug>",
            20 + k
        );
        cdata(out, t);
        out.push_str("</wp:tag_slug><wp:tag_name>");
        cdata(out, t);
        out.push_str("</wp:tag_name></wp:tag>\n");
    }
    out.push_str("\t<wp:term><wp:term_id>40</wp:term_id><wp:term_taxonomy>");
    cdata(out, "nav_menu");
    out.push_str("</wp:term_taxonomy><wp:term_slug>");
    cdata(out, "main-menu");
    out.push_str("</wp:term_slug><wp:term_name>");
    cdata(out, "Main Menu");
    out.push_str("</wp:term_name></wp:term>\n\n");
    out.push_str("\t<generator>https://wordpress.org/?v=4.9.8</generator>\n\n");
}

/// Chunk `c`'s items (posts `c * 1000 ..`), and what they hold.
fn wxr_chunk(args: &Args, c: usize) -> (String, WxrCounts) {
    let v = Vocab::get();
    let mut out = String::with_capacity(8 << 20);
    let mut counts = WxrCounts::default();
    let mut doc = Doc::default();
    let mut body = String::with_capacity(64 * 1024);
    let mut names = Names::default();
    let end = ((c + 1) * FILES_PER_DIR).min(args.n);
    for i in c * FILES_PER_DIR..end {
        doc.draw(&mut Rng::new(doc_seed(args.seed, i)), v);
        let mut meta = Meta::draw(args.seed, i, &doc, v);
        meta.slug = names.unique("", &meta.slug);
        let mut style = Rng::new(doc_seed(args.seed, i) ^ STYLE_SALT);
        wxr_post(&mut out, &mut body, &doc, &meta, &mut style, v, &mut counts);
    }
    counts.bytes = out.len() as u64;
    (out, counts)
}

/// An item's fields up to `<wp:is_sticky>`; the caller adds categories and
/// post meta and closes it.
struct Item<'a> {
    id: u64,
    title: &'a str,
    link: &'a str,
    pub_date: &'a str,
    creator: &'a str,
    guid: &'a str,
    content: &'a str,
    excerpt: &'a str,
    post_date: &'a str,
    post_date_gmt: &'a str,
    comments: &'a str,
    name: &'a str,
    status: &'a str,
    parent: u64,
    menu_order: usize,
    kind: &'a str,
}

impl Item<'_> {
    fn write(&self, out: &mut String) {
        out.push_str("\t<item>\n\t\t<title>");
        escape_html(out, self.title, false);
        let _ = write!(
            out,
            "</title>\n\t\t<link>{}</link>\n\t\t<pubDate>{}</pubDate>\n\t\t<dc:creator>",
            self.link, self.pub_date
        );
        cdata(out, self.creator);
        let _ = write!(
            out,
            "</dc:creator>\n\t\t<guid isPermaLink=\"false\">{}</guid>\n\t\t<description></description>\n\t\t<content:encoded>",
            self.guid
        );
        cdata(out, self.content);
        out.push_str("</content:encoded>\n\t\t<excerpt:encoded>");
        cdata(out, self.excerpt);
        let _ = write!(
            out,
            "</excerpt:encoded>\n\t\t<wp:post_id>{}</wp:post_id>\n\t\t<wp:post_date>{}</wp:post_date>\n\t\t<wp:post_date_gmt>{}</wp:post_date_gmt>\n\t\t<wp:comment_status>{}</wp:comment_status>\n\t\t<wp:ping_status>{}</wp:ping_status>\n\t\t<wp:post_name>{}</wp:post_name>\n\t\t<wp:status>{}</wp:status>\n\t\t<wp:post_parent>{}</wp:post_parent>\n\t\t<wp:menu_order>{}</wp:menu_order>\n\t\t<wp:post_type>{}</wp:post_type>\n\t\t<wp:post_password></wp:post_password>\n\t\t<wp:is_sticky>0</wp:is_sticky>\n",
            self.id,
            self.post_date,
            self.post_date_gmt,
            self.comments,
            self.comments,
            self.name,
            self.status,
            self.parent,
            self.menu_order,
            self.kind
        );
    }
}

fn postmeta(out: &mut String, key: &str, value: &str) {
    out.push_str("\t\t<wp:postmeta>\n\t\t\t<wp:meta_key>");
    cdata(out, key);
    out.push_str("</wp:meta_key>\n\t\t\t<wp:meta_value>");
    cdata(out, value);
    out.push_str("</wp:meta_value>\n\t\t</wp:postmeta>\n");
}

/// One article as a post item, and after it, now and then, the attachment
/// item of its captioned image and a menu item.
fn wxr_post(
    out: &mut String,
    body: &mut String,
    doc: &Doc,
    meta: &Meta,
    rng: &mut Rng,
    v: &Vocab,
    counts: &mut WxrCounts,
) {
    let draft = rng.chance(0.02);
    let zero_gmt = draft || rng.chance(0.01);
    let has_caption = matches!(doc.blocks.first(), Some(Block::Caption(_)));
    let attachment = has_caption && rng.chance(0.25);
    let menu_item = rng.chance(0.01);
    let r = rng.unit();
    let flavor = if r < 0.70 {
        Flavor::Post
    } else if r < 0.85 {
        Flavor::Classic
    } else {
        Flavor::Blocks
    };
    body.clear();
    html_body(
        body,
        doc,
        meta,
        rng,
        v,
        flavor,
        Dialect::Html { entities: false },
    );
    let content = body.trim_end();

    // Drafts and ~1 % of the published posts have no GMT date, as when
    // WordPress never published them or an importer left it out.
    let post_date = meta.local().format("%Y-%m-%d %H:%M:%S").to_string();
    let (gmt, pub_date) = if zero_gmt {
        (ZERO_DATE.to_owned(), ZERO_PUB_DATE.to_owned())
    } else {
        let utc = meta.utc();
        let gmt = utc.format("%Y-%m-%d %H:%M:%S").to_string();
        (gmt, utc.format("%a, %d %b %Y %H:%M:%S +0000").to_string())
    };
    let id = meta.id;
    let guid = format!("{BASE_URL}/?p={id}");
    let ym = meta.date.format("%Y/%m");
    let link = if draft {
        guid.clone()
    } else {
        format!("{BASE_URL}/{ym}/{}/", meta.slug)
    };
    let creator = doc.author.map_or_else(|| "admin".to_owned(), login);
    Item {
        id,
        title: &meta.title,
        link: &link,
        pub_date: &pub_date,
        creator: &creator,
        guid: &guid,
        content,
        excerpt: "",
        post_date: &post_date,
        post_date_gmt: &gmt,
        comments: "open",
        name: if draft { "" } else { &meta.slug },
        status: if draft { "draft" } else { "publish" },
        parent: 0,
        menu_order: 0,
        kind: "post",
    }
    .write(out);
    let (cat, cat_slug) = CATEGORIES[meta.category];
    let _ = write!(
        out,
        "\t\t<category domain=\"category\" nicename=\"{cat_slug}\">"
    );
    cdata(out, cat);
    out.push_str("</category>\n");
    for t in &meta.tags {
        let _ = write!(out, "\t\t<category domain=\"post_tag\" nicename=\"{t}\">");
        cdata(out, t);
        out.push_str("</category>\n");
    }
    postmeta(out, "_edit_last", "1");
    out.push_str("\t</item>\n");
    counts.drafts += usize::from(draft);

    if let (true, Some(Block::Caption(s))) = (attachment, doc.blocks.first()) {
        let name = format!("{}-1", meta.slug);
        let src = meta.image(1);
        // An attachment's page hangs off its post's permalink; a draft has none.
        let link = if draft {
            format!("{BASE_URL}/?attachment_id={}", id + 1)
        } else {
            format!("{link}{name}/")
        };
        Item {
            id: id + 1,
            title: &name,
            link: &link,
            pub_date: &pub_date,
            creator: &creator,
            guid: &src,
            content: "",
            excerpt: doc.get(*s),
            post_date: &post_date,
            post_date_gmt: &gmt,
            comments: "closed",
            name: &name,
            status: "inherit",
            parent: id,
            menu_order: 0,
            kind: "attachment",
        }
        .write(out);
        let _ = writeln!(out, "\t\t<wp:attachment_url>{src}</wp:attachment_url>");
        postmeta(out, "_wp_attached_file", &format!("{ym}/{name}.jpg"));
        out.push_str("\t</item>\n");
        counts.attachments += 1;
    }

    if menu_item {
        let (label, path) = MENU[rng.below(MENU.len())];
        let mid = id + 2;
        let guid = format!("{BASE_URL}/?p={mid}");
        Item {
            id: mid,
            title: label,
            link: &guid,
            pub_date: &pub_date,
            creator: "admin",
            guid: &guid,
            content: "",
            excerpt: "",
            post_date: &post_date,
            post_date_gmt: &gmt,
            comments: "closed",
            name: &mid.to_string(),
            status: "publish",
            parent: 0,
            menu_order: rng.range(1, MENU.len()),
            kind: "nav_menu_item",
        }
        .write(out);
        out.push_str("\t\t<category domain=\"nav_menu\" nicename=\"main-menu\">");
        cdata(out, "Main Menu");
        out.push_str("</category>\n");
        postmeta(out, "_menu_item_type", "custom");
        postmeta(out, "_menu_item_menu_item_parent", "0");
        postmeta(out, "_menu_item_url", &format!("{BASE_URL}{path}"));
        out.push_str("\t</item>\n");
        counts.menu_items += 1;
    }
}
