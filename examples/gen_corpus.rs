//! Deterministic generator of large synthetic archive folders for benchmarks.
//!
//! `cargo run --release --example gen_corpus -- --n 100000 --seed 7 DIR`
//! writes N files into `DIR/0000/`, `DIR/0001/`, … (1,000 a folder) in the
//! HotLine archive's format and the variants a user's folder may hold: the
//! masthead on most files, bylines (`By Name`, `BY NAME`, `by Name`,
//! `Written by Name`; ~5 % none) drawn from 40 authors on a Zipf-like
//! distribution, dates 2005–2012 mostly as a last line `March 24, 2007` and
//! sometimes at the top or as `2009-04-01`, `1 April 2009`, `Apr. 1, 2009`,
//! `April 1st, 2009`, `Posted on …` (~3 % undated), ~2 % teaser pages,
//! headings in half the articles, glued captions, author notes, CRLF and CR
//! line endings, BOMs, UTF-16 and Windows-1252 files. Sizes are 2–50 KB with
//! a mean of ~4 KB.
//!
//! Every file comes from its own PRNG (splitmix64) seeded by `(seed, index)`,
//! so the same arguments give byte-identical files whatever the thread count.
//! Words come from a small common vocabulary plus a long tail of rarer
//! made-up words, and three fixed "needles" for search benchmarks:
//! `ombudsman` (~1 % of files), `serendipity` (~0.1 %), `quixotic` (~0.01 %).
//! The string `zzqqxx` never occurs (the ripgrep baseline searches for it).

use anyhow::{Context, Result, bail};
use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;
use std::borrow::Cow;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage: gen_corpus --n N --seed SEED DIR
  --n N        number of files to write (1..=10000000)
  --seed SEED  PRNG seed (u64); same seed and N give byte-identical files
  DIR          output folder (created; must be empty or missing)";

const FILES_PER_DIR: usize = 1000;

struct Args {
    n: usize,
    seed: u64,
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
    let (mut n, mut seed, mut dir) = (None, None, None);
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
        dir: dir.ok_or("DIR is required")?,
    })
}

fn run(args: &Args) -> Result<()> {
    prepare_dir(&args.dir)?;
    let started = std::time::Instant::now();
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

fn write_folder(args: &Args, d: usize) -> Result<u64> {
    let sub = args.dir.join(format!("{d:04}"));
    std::fs::create_dir_all(&sub).with_context(|| format!("creating {}", sub.display()))?;
    let vocab = Vocab::get();
    let mut total = 0u64;
    let mut text = String::with_capacity(64 * 1024);
    let end = ((d + 1) * FILES_PER_DIR).min(args.n);
    for i in d * FILES_PER_DIR..end {
        let mut rng = Rng::new(args.seed ^ (i as u64).wrapping_mul(0xA076_1D64_78BD_642F));
        text.clear();
        write_document(&mut text, &mut rng, vocab);
        let bytes = encode(&text, &mut rng);
        let path = sub.join(format!("{i:06}.txt"));
        std::fs::write(&path, &bytes).with_context(|| format!("writing {}", path.display()))?;
        total += bytes.len() as u64;
    }
    Ok(total)
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

fn write_document(out: &mut String, rng: &mut Rng, v: &Vocab) {
    let size = target_size(rng);
    if rng.chance(0.85) {
        out.push_str(
            "The HotLine Magazine Archives\nFor The Profession of Cloud/SaaS Product Support\n",
        );
    }
    if rng.chance(0.02) {
        write_teasers(out, rng, v, size);
        return;
    }
    if rng.chance(0.4) {
        title(out, rng, v);
        out.push('\n');
    }
    let author = rng
        .chance(0.95)
        .then(|| v.authors[v.author_zipf.sample(rng)]);
    if let Some(a) = author {
        byline(out, rng, a);
    }
    let date = rng.chance(0.97).then(|| random_date(rng));
    let date_on_top = rng.chance(0.15);
    if let (Some(d), true) = (date, date_on_top) {
        write_date(out, rng, d);
    }
    out.push('\n');
    write_body(out, rng, v, size);
    if let (Some(a), true) = (author, rng.chance(0.05)) {
        let _ = write!(out, "({a} is a contributing editor of The HotLine.)\n\n");
    }
    if let (Some(d), false) = (date, date_on_top) {
        write_date(out, rng, d);
    }
}

fn byline(out: &mut String, rng: &mut Rng, author: &str) {
    let r = rng.unit();
    if r < 0.80 {
        let _ = writeln!(out, "By {author}");
    } else if r < 0.88 {
        let _ = writeln!(out, "BY {}", author.to_uppercase());
    } else if r < 0.93 {
        let _ = writeln!(out, "by {author}");
    } else {
        let _ = writeln!(out, "Written by {author}");
    }
}

fn random_date(rng: &mut Rng) -> NaiveDate {
    let start = NaiveDate::from_ymd_opt(2005, 1, 1).map_or(0, |d| d.num_days_from_ce());
    let days = rng.below(8 * 365 + 2) as i32;
    NaiveDate::from_num_days_from_ce_opt(start + days).unwrap_or_default()
}

fn write_date(out: &mut String, rng: &mut Rng, d: NaiveDate) {
    let r = rng.unit();
    let _ = if r < 0.80 {
        writeln!(out, "{}", d.format("%B %-d, %Y"))
    } else if r < 0.85 {
        writeln!(out, "{}", d.format("%Y-%m-%d"))
    } else if r < 0.90 {
        writeln!(out, "{}", d.format("%-d %B %Y"))
    } else if r < 0.93 {
        writeln!(out, "{}", d.format("%b. %-d, %Y"))
    } else if r < 0.96 {
        let ord = ordinal(d.day());
        writeln!(out, "{}", d.format(&format!("%B %-d{ord}, %Y")))
    } else {
        writeln!(out, "{}", d.format("Posted on %B %-d, %Y"))
    };
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

fn write_body(out: &mut String, rng: &mut Rng, v: &Vocab, size: usize) {
    let headings = rng.chance(0.5);
    if rng.chance(0.08) {
        // A caption glued onto the first paragraph, as in the scraped files.
        title(out, rng, v);
    }
    let mut paragraphs = 0;
    while out.len() < size {
        if headings && paragraphs > 0 && rng.chance(0.25) {
            title(out, rng, v);
            out.push_str("\n\n");
        }
        paragraph(out, rng, v);
        out.push_str("\n\n");
        paragraphs += 1;
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

fn write_teasers(out: &mut String, rng: &mut Rng, v: &Vocab, size: usize) {
    let marker = match rng.below(10) {
        0 => "Read more »",
        1 => "Continue reading…",
        _ => "Continue Reading »",
    };
    let n = rng.range(3, 10);
    for k in 0..n {
        if k > 0 && out.len() >= size {
            break;
        }
        paragraph(out, rng, v);
        let _ = write!(out, "\n\n{marker}\n\n");
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
