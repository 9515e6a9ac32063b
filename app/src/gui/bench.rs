//! Headless frame timing: the real App on a plain `egui::Context`, no
//! window. Prints how long a launch takes to list, to search and to read
//! (the target: searchable within 1 s on reopening a 100,000-article
//! folder), then milliseconds per frame of the list view and per filter
//! change, the numbers BENCHMARKS.md records (targets: < 4 ms a frame,
//! < 16 ms a filter change, at 100,000 entries).

use super::GuiOptions;
use super::app::HotlineApp;
use super::command::Command;
use hotline::{AuthorSel, Filter, Granularity};
use std::time::Instant;

/// Reached by the hidden `--bench-frames N` option.
///
/// Loads `opts.load`, then times `frames` frames and a series of filter
/// changes, printing a summary to stdout.
pub fn bench(opts: GuiOptions, frames: usize) -> anyhow::Result<()> {
    let ctx = egui::Context::default();
    let frame = |app: &mut HotlineApp| {
        let input = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(
                egui::Pos2::ZERO,
                egui::vec2(1280.0, 820.0),
            )),
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

/// Opens the window's app on `opts.load` as a launch does (the load and
/// the index on their threads) and types a query at once, as someone
/// who knows what they want does; prints when the list shows, when the
/// index is ready, when the query is answered and when the text is in,
/// and the frames meanwhile. Returns the app with everything loaded.
fn launch(
    ctx: &egui::Context,
    opts: GuiOptions,
    frame: &impl Fn(&mut HotlineApp) -> f64,
) -> HotlineApp {
    let query = std::env::var("HOTLINE_BENCH_QUERY").unwrap_or_else(|_| "quixotic".into());
    let started = Instant::now();
    let mut app = HotlineApp::loading(ctx, None, opts.load);
    app.rt.search.text.clone_from(&query);
    let mut marks: [Option<f64>; 4] = [None; 4];
    let verbose = std::env::var_os("HOTLINE_BENCH_VERBOSE").is_some();
    let mut frames = Vec::new();
    while marks.iter().any(Option::is_none) && started.elapsed().as_secs() < 300 {
        frames.push(frame(&mut app));
        let now = started.elapsed().as_secs_f64();
        let rt = &app.rt;
        let shown = !rt.session.archive.is_empty();
        let reached = [
            shown,
            shown && (rt.search.ready || rt.search.failure.is_some()),
            shown && (rt.search.asked().current().is_some() || rt.search.error.is_some()),
            shown && rt.session.archive.has_text() && !rt.session.loader.is_loading(),
        ];
        if verbose && frames.last().is_some_and(|&ms| ms > 16.0) {
            println!("  {:.2} ms frame at {now:.3} s", frames[frames.len() - 1]);
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
        "launch on {} entries: list shown at {}, search ready at {}, {query:?} answered at {} \
         ({hits} hits), text in at {}",
        app.rt.session.archive.len(),
        at(marks[0]),
        at(marks[1]),
        at(marks[2]),
        at(marks[3])
    );
    report("frame during the launch", &frames);
    app.rt.search.text.clear();
    app
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
        "{what}: n={} median {:.2} ms, p95 {:.2} ms, max {:.2} ms",
        v.len(),
        pick(0.5),
        pick(0.95),
        pick(1.0)
    );
}
