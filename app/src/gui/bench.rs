//! Headless frame timing: the real App on a plain `egui::Context`, no
//! window. Prints how long a launch takes to list, to search and to read
//! (the target: searchable within 1 s on reopening a 100,000-article
//! folder) and its frames while the archive loads and while it is indexed
//! (target: ≤ 16 ms), then milliseconds per frame of the list view and
//! per filter change, the numbers BENCHMARKS.md records (targets: < 4 ms a
//! frame, < 16 ms a filter change, at 100,000 entries).

use super::GuiOptions;
use super::app::HotlineApp;
use super::command::Command;
use super::load_status::Step;
use super::session::Shown;
use hotline::sort::{Sort, SortKey};
use hotline::{AuthorSel, Filter, Granularity};
use std::time::Instant;

/// Reached by the hidden `--bench-frames N` option.
///
/// Loads `opts.load` as a launch does, timing every frame, then times
/// `frames` frames and a series of filter changes, printing a summary to
/// stdout. `--bench-frames 0` times the launch only.
pub fn bench(opts: GuiOptions, frames: usize) -> anyhow::Result<()> {
    let ctx = egui::Context::default();
    let frame = |app: &mut HotlineApp| {
        let input = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(
                egui::Pos2::ZERO,
                egui::vec2(1280.0, 820.0),
            )),
            // What a window's renderer allows (Mesa's llvmpipe and desktop
            // GPUs: 16,384), not egui's cautious default of 2,048: the
            // glyph atlas fills up to that side, and at 2,048 the window's
            // fonts filled it every few seconds, each time costing a
            // frame of 20-40 ms to draw every glyph again.
            max_texture_side: Some(16_384),
            ..Default::default()
        };
        let t = Instant::now();
        let out = ctx.run_ui(input, |ui| app.ui_body(ui));
        let _shapes = ctx.tessellate(out.shapes, out.pixels_per_point);
        // No renderer here: texture updates are measured, then dropped.
        let mut textures = out.textures_delta;
        textures.clear();
        t.elapsed().as_secs_f64() * 1e3
    };
    let mut app = launch(&ctx, opts, &frame);
    if let Some(n) = std::env::var("HOTLINE_BENCH_HIGHLIGHTS")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
    {
        highlights(&mut app, n, frames.max(20), &frame);
        return Ok(());
    }
    if frames == 0 {
        return Ok(());
    }
    let archive = app.rt.session.archive.clone();
    // Warm up: fonts, galley caches, memo.
    for _ in 0..5 {
        frame(&mut app);
    }
    let list: Vec<f64> = (0..frames.max(1)).map(|_| frame(&mut app)).collect();
    report("list view frame (nothing open)", &list);

    if let Some(&first) = app.rt.view.rows.first() {
        app.rt.queue.push(Command::Open(first));
        frame(&mut app);
        let reading: Vec<f64> = (0..frames.max(1)).map(|_| frame(&mut app)).collect();
        report("list + reader frame", &reading);
    }

    let mut changes = Vec::new();
    let authors: Vec<String> = app
        .rt
        .view
        .counts
        .authors
        .iter()
        .filter_map(|(n, _)| n.clone())
        .take(10)
        .collect();
    for name in authors {
        let f = Filter {
            authors: vec![AuthorSel::Named(name)],
            ..Filter::default()
        };
        app.rt.queue.push(Command::SetFilter(f));
        frame(&mut app); // applies the command at the end of the frame
        changes.push(frame(&mut app)); // recomputes the view and draws
    }
    let years = archive.timeline(&archive.filter(&Filter::default()), Granularity::Year);
    for (p, _) in years.iter().take(10) {
        let Some((from, to)) = p.and_then(|p| p.bounds()) else {
            continue;
        };
        let f = Filter {
            from: Some(from),
            to: Some(to),
            ..Filter::default()
        };
        app.rt.queue.push(Command::SetFilter(f));
        frame(&mut app);
        changes.push(frame(&mut app));
    }
    report(
        "filter change (author or year), frame incl. recompute",
        &changes,
    );

    // Typing in the search box: one character per frame (as fast as
    // anyone types), then the frames that take in the answers.
    app.rt.queue.push(Command::ClearFilter);
    frame(&mut app); // applies the command at the end of the frame
    let cleared = frame(&mut app); // recomputes the view and draws
    if std::env::var_os("HOTLINE_BENCH_VERBOSE").is_some() {
        println!("  clearing the filter: {cleared:.2} ms");
    }
    let mut typing = Vec::new();
    for query in ["customer support", "quixotic", "manag*"] {
        let first = typing.len();
        app.rt.search.text.clear();
        for c in query.chars() {
            app.rt.search.text.push(c);
            typing.push(frame(&mut app));
        }
        let waited = Instant::now();
        while !app.rt.search.settled() && waited.elapsed().as_secs() < 10 {
            std::thread::sleep(std::time::Duration::from_millis(2));
            typing.push(frame(&mut app));
        }
        typing.push(frame(&mut app));
        if std::env::var_os("HOTLINE_BENCH_VERBOSE").is_some() {
            let worst = typing[first..].iter().copied().fold(0.0, f64::max);
            println!("  typing {query:?}: worst frame {worst:.2} ms");
            let typed = query.chars().count();
            for (k, ms) in typing[first..]
                .iter()
                .enumerate()
                .filter(|(_, ms)| **ms > 8.0)
            {
                let at = match k.checked_sub(typed) {
                    None => format!("after {:?}", query.chars().take(k + 1).collect::<String>()),
                    Some(w) => format!("waiting, frame {w}"),
                };
                println!("    {ms:.2} ms {at}");
            }
        }
    }
    report(
        "typing a query, every frame until the answer is shown",
        &typing,
    );
    Ok(())
}

/// What a launch frame was doing, by the load's status after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum During {
    /// Finding or reading files (of the archive or of its text).
    Loading,
    Indexing,
    Nothing,
}

impl During {
    fn of(app: &HotlineApp) -> During {
        match app.rt.session.status.map(|s| s.step) {
            None => During::Nothing,
            Some(Step::Indexing { .. }) => During::Indexing,
            Some(_) => During::Loading,
        }
    }
}

/// Where a frame's time went (Linux): this thread's time on a core (its
/// CPU clock) and waiting for one, its page faults, and the time the host
/// took the machine's cores away (steal, from `/proc/stat`), all as
/// counters to take differences of.
#[derive(Debug, Clone, Copy, Default)]
struct Sched {
    ran_ms: f64,
    waited_ms: f64,
    faults: f64,
    stolen_ms: f64,
}

impl Sched {
    fn now() -> Option<Sched> {
        // The scheduler's own count of time on a core moves only when the
        // thread is switched or the clock ticks; this clock is exact.
        #[cfg(target_os = "linux")]
        let ran_ms = {
            let t = rustix::time::clock_gettime(rustix::time::ClockId::ThreadCPUTime);
            t.tv_sec as f64 * 1e3 + t.tv_nsec as f64 / 1e6
        };
        #[cfg(not(target_os = "linux"))]
        let ran_ms = f64::NAN;
        let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
        let waited_ms = stat.split_whitespace().nth(1)?.parse::<f64>().ok()? / 1e6;
        // minflt and majflt, fields 10 and 12, after the name's ")".
        let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
        let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
        let faults = fields.get(7)?.parse::<f64>().ok()? + fields.get(9)?.parse::<f64>().ok()?;
        // The first line of /proc/stat, all cores: steal is its 8th count,
        // in 10 ms ticks.
        let all = std::fs::read_to_string("/proc/stat").ok()?;
        let steal = all.lines().next()?.split_whitespace().nth(8)?;
        let stolen_ms = steal.parse::<f64>().ok()? * 10.0;
        Some(Sched {
            ran_ms,
            waited_ms,
            faults,
            stolen_ms,
        })
    }

    fn since(self, before: Sched) -> Sched {
        Sched {
            ran_ms: self.ran_ms - before.ran_ms,
            waited_ms: self.waited_ms - before.waited_ms,
            faults: self.faults - before.faults,
            stolen_ms: self.stolen_ms - before.stolen_ms,
        }
    }
}

/// Opens the window's app on `opts.load` as a launch does (the load and
/// the index on their threads; with `HOTLINE_BENCH_SAVED` set, with the
/// saved state of a returning reader) and types a query at once, as
/// someone who knows what they want does; prints when the list shows, when the
/// index is ready, when the query is answered and when the text is in,
/// and the frames meanwhile (the first, which sets up the fonts, apart;
/// then those while the archive loads and while it is indexed). Returns
/// the app with everything loaded.
fn launch(
    ctx: &egui::Context,
    opts: GuiOptions,
    frame: &impl Fn(&mut HotlineApp) -> f64,
) -> HotlineApp {
    let query = std::env::var("HOTLINE_BENCH_QUERY").unwrap_or_else(|_| "quixotic".into());
    let started = Instant::now();
    let mut app = HotlineApp::loading(ctx, None, opts.load);
    if std::env::var_os("HOTLINE_BENCH_SAVED").is_some() {
        // A returning reader: the list sorted by title, an entry open and
        // two selected (ids the archive is asked for when it arrives).
        app.state.sort = Sort {
            key: SortKey::Title,
            descending: false,
        };
        app.state.open = Some("some-saved-entry".into());
        app.state.selection = vec!["one-selected".into(), "another".into()];
    }
    app.rt.search.text.clone_from(&query);
    let mut marks: [Option<f64>; 5] = [None; 5];
    let verbose = std::env::var_os("HOTLINE_BENCH_VERBOSE").is_some();
    let mut frames: Vec<Frame> = Vec::new();
    while marks.iter().any(Option::is_none) && started.elapsed().as_secs() < 600 {
        let before = Sched::now();
        let ms = frame(&mut app);
        let sched = Sched::now().zip(before).map(|(a, b)| a.since(b));
        let during = During::of(&app);
        frames.push(Frame { ms, during, sched });
        let now = started.elapsed().as_secs_f64();
        let rt = &app.rt;
        // The archive loaded, not the built-in entries standing in.
        let shown = rt.session.shown == Shown::Loaded && !rt.session.archive.is_empty();
        // The progress has a share to show: a total, or the last load's
        // count for the walk.
        let counted = (rt.session.status).is_none_or(|s| s.step.fraction().is_some());
        let reached = [
            counted,
            shown,
            shown && (rt.search.ready || rt.search.failure.is_some()),
            shown && (rt.search.asked().current().is_some() || rt.search.error.is_some()),
            shown && rt.session.archive.has_text() && !rt.session.loader.is_loading(),
        ];
        if verbose && ms > 16.0 {
            let s = sched.unwrap_or_default();
            println!(
                "  {ms:.2} ms frame at {now:.3} s ({during:?}; on a core {:.2} ms, waiting for \
                 one {:.2} ms, {} page faults; the host took {:.0} ms of the cores)",
                s.ran_ms, s.waited_ms, s.faults, s.stolen_ms
            );
        }
        for (mark, hit) in marks.iter_mut().zip(reached) {
            if hit && mark.is_none() {
                *mark = Some(now);
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    let at = |m: Option<f64>| m.map_or("never".into(), |s| format!("{s:.3} s"));
    let hits = app
        .rt
        .search
        .asked()
        .current()
        .map_or(0, |(_, o)| o.all.len());
    println!(
        "launch on {} entries: progress counted at {}, list shown at {}, search ready at {}, \
         {query:?} answered at {} ({hits} hits), text in at {}",
        app.rt.session.archive.len(),
        at(marks[0]),
        at(marks[1]),
        at(marks[2]),
        at(marks[3]),
        at(marks[4])
    );
    let Some((first, rest)) = frames.split_first() else {
        return app;
    };
    println!(
        "first frame of the launch (fonts and layout set up): {:.2} ms",
        first.ms
    );
    report_frames("frame while the archive loads", rest, Some(During::Loading));
    report_frames("frame while it is indexed", rest, Some(During::Indexing));
    report_frames("frame during the launch, after the first", rest, None);
    app.rt.search.text.clear();
    app
}

/// The reader's memory at scale: `n` highlights spread over the archive
/// (one in each of the first `n` entries, each with a note) and 200 in
/// one entry, then the frames of the Highlights window as it opens, as a
/// search is typed into it and as a colour is turned off, and of the
/// reader drawing the entry with 200 highlights.
fn highlights(
    app: &mut HotlineApp,
    n: usize,
    frames: usize,
    frame: &impl Fn(&mut HotlineApp) -> f64,
) {
    use hotline::db::Colour;
    use hotline::marks::{EntryText, anchor};
    let archive = app.rt.session.archive.clone();
    let made = Instant::now();
    let mut added = 0;
    for e in archive.entries().iter().take(n) {
        let text = EntryText::of(e);
        let end = text
            .as_str()
            .char_indices()
            .nth(60)
            .map_or(text.len(), |(i, _)| i);
        if end == 0 {
            continue;
        }
        let colour = Colour::ALL[added % 4];
        let id = app
            .rt
            .memory
            .add_highlight(&e.id, anchor::make(&text, 0..end), colour);
        app.rt
            .memory
            .update_highlight(id, colour, "a note on the opening");
        added += 1;
    }
    // 200 highlights in the longest entry, one every few words.
    let long = (0..archive.len() as u32).max_by_key(|&ix| archive.get(ix).map_or(0, |e| e.words));
    if let Some(e) = long.and_then(|ix| archive.get(ix)) {
        let text = EntryText::of(e);
        let words: Vec<usize> = text
            .as_str()
            .match_indices(' ')
            .map(|(i, _)| i + 1)
            .collect();
        let step = (words.len() / 200).max(2);
        for pair in words.chunks(step).take(200) {
            let (from, to) = (pair[0], pair[pair.len().min(2) - 1].max(pair[0] + 1));
            let a = anchor::make(&text, from..to);
            app.rt.memory.add_highlight(&e.id, a, Colour::ALL[from % 4]);
            added += 1;
        }
    }
    app.rt.memory.settle();
    println!(
        "{added} highlights made and stored in {:.2} s",
        made.elapsed().as_secs_f64()
    );
    for _ in 0..3 {
        frame(app);
    }
    app.rt.queue.push(Command::ToggleHighlights);
    frame(app); // applies the command at the end of the frame
    let opening: Vec<f64> = (0..3).map(|_| frame(app)).collect();
    report("Highlights window: its first frames (rows made)", &opening);
    let open: Vec<f64> = (0..frames).map(|_| frame(app)).collect();
    report("Highlights window open, 100,000 rows", &open);
    let mut typing = Vec::new();
    for q in ["o", "op", "ope", "open", "openi", "openin", "opening"] {
        app.rt.highlights.narrowing.query = q.to_string();
        typing.push(frame(app));
    }
    report(
        "Highlights window: a search typed, a letter a frame",
        &typing,
    );
    let mut colours = Vec::new();
    for i in 0..4 {
        app.rt.highlights.narrowing.colours[i] = false;
        colours.push(frame(app));
        app.rt.highlights.narrowing.colours[i] = true;
        colours.push(frame(app));
    }
    report("Highlights window: a colour turned off and on", &colours);
    app.rt.queue.push(Command::ToggleHighlights);
    frame(app);
    if let Some(ix) = long {
        app.rt.queue.push(Command::Open(ix));
        frame(app);
        let first: Vec<f64> = (0..2).map(|_| frame(app)).collect();
        report(
            "reader: the entry with 200 highlights, first frames",
            &first,
        );
        let reading: Vec<f64> = (0..frames).map(|_| frame(app)).collect();
        report("reader: the entry with 200 highlights", &reading);
    }
}

/// One frame of a launch: how long it took, what was under way, and
/// where its time went.
struct Frame {
    ms: f64,
    during: During,
    sched: Option<Sched>,
}

/// [`report`] of the launch frames `during` something (all with `None`),
/// then of those the host left alone (no core taken away, so their time
/// is this machine's doing), and their own work: time on a core.
fn report_frames(what: &str, frames: &[Frame], during: Option<During>) {
    let of: Vec<&Frame> = (frames.iter())
        .filter(|f| during.is_none_or(|d| f.during == d))
        .collect();
    report(what, &of.iter().map(|f| f.ms).collect::<Vec<_>>());
    // (wall, on a core) of each frame the host left alone.
    let alone: Vec<(f64, f64)> = (of.iter())
        .filter_map(|f| {
            f.sched
                .filter(|s| s.stolen_ms == 0.0)
                .map(|s| (f.ms, s.ran_ms))
        })
        .collect();
    if alone.is_empty() {
        return;
    }
    let (kept, ran): (Vec<f64>, Vec<f64>) = alone.into_iter().unzip();
    report("  of them, the host took no core away", &kept);
    report("  their time on a core", &ran);
}

fn report(what: &str, ms: &[f64]) {
    if ms.is_empty() {
        println!("{what}: no samples");
        return;
    }
    let mut v = ms.to_vec();
    v.sort_by(f64::total_cmp);
    let pick = |q: f64| v[((v.len() - 1) as f64 * q).round() as usize];
    println!(
        "{what}: n={} median {:.2} ms, p95 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        v.len(),
        pick(0.5),
        pick(0.95),
        pick(0.99),
        pick(1.0)
    );
}
