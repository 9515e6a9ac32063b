//! Headless frame timing: the real App on a plain `egui::Context`, no
//! window. Prints milliseconds per frame of the list view and per filter
//! change, the numbers BENCHMARKS.md records (issue 3: < 4 ms a frame,
//! < 16 ms a filter change, at 100,000 entries).

use super::GuiOptions;
use super::app::HotlineApp;
use super::command::Command;
use hotline::{AuthorSel, Filter, Granularity, Progress};
use std::sync::Arc;
use std::time::Instant;

/// Reached by the hidden `--bench-frames N` option.
///
/// Loads `opts.load`, then times `frames` frames and a series of filter
/// changes, printing a summary to stdout.
pub fn bench(opts: GuiOptions, frames: usize) -> anyhow::Result<()> {
    let started = Instant::now();
    let archive = Arc::new(hotline::load(&opts.load, &Progress::default())?);
    println!(
        "loaded {} entries in {:.0} ms",
        archive.len(),
        started.elapsed().as_secs_f64() * 1e3
    );
    let ctx = egui::Context::default();
    let mut app = HotlineApp::new(&ctx, None, archive.clone());
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
    // Warm up: fonts, galley caches, memo.
    for _ in 0..5 {
        frame(&mut app);
    }
    // Frames while the search index builds share the two cores with it;
    // time them, then wait for the index so the rest is steady state.
    let indexing: Vec<f64> = (0..frames.max(1)).map(|_| frame(&mut app)).collect();
    report("list view frame while indexing", &indexing);
    let waited = Instant::now();
    while !app.rt.search.ready && app.rt.search.failure.is_none() {
        std::thread::sleep(std::time::Duration::from_millis(50));
        frame(&mut app);
    }
    println!(
        "search index ready after a further {:.1} s",
        waited.elapsed().as_secs_f64()
    );
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
        while !app.rt.search.answered() && waited.elapsed().as_secs() < 10 {
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
