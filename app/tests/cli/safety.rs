//! Output and interruption safety: closed and full output streams, special
//! files in the way, template mistakes, leftover temporary files, and
//! signals in the middle of an export.

use crate::*;
use std::process::{Child, Command as StdCommand, Stdio};
use std::time::{Duration, Instant};
use tempfile::TempDir;

/// A folder of `n` small dated articles.
fn articles(n: usize) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..n {
        write(
            dir.path(),
            &format!("f{i:04}.txt"),
            &format!(
                "Article {i} on support\nBy Jane Doe\nApril 1, 2009\n\n{}\n",
                "Customers like being heard. ".repeat(40)
            ),
        );
    }
    dir
}

/// `hotline --no-builtin --archive SRC ARGS` as a plain process (whose
/// output streams can be chosen), with fresh caches when `cache` is given.
fn command(src: &TempDir, args: &[&str], cache: Option<&Path>) -> StdCommand {
    let mut cmd = StdCommand::new(env!("CARGO_BIN_EXE_hotline"));
    cmd.env("NO_COLOR", "1").env_remove("RUST_BACKTRACE");
    cmd.env(
        "HOTLINE_CACHE_DIR",
        cache.unwrap_or(Path::new(concat!(env!("CARGO_TARGET_TMPDIR"), "/cache"))),
    );
    cmd.args(["--no-builtin", "--archive", arg(src)]).args(args);
    cmd
}

/// [`command`] started with a piped stderr.
fn spawn(src: &TempDir, args: &[&str], cache: Option<&Path>, stdout: Stdio) -> Child {
    command(src, args, cache)
        .stdout(stdout)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// `--no-builtin --archive SRC export --layout per-article --out OUT EXTRA…`
fn per_article<'a>(src: &'a TempDir, out: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["--no-builtin", "--archive", arg(src), "export"];
    args.extend(["--layout", "per-article", "--out", out]);
    args.extend_from_slice(extra);
    args
}

/// The sorted names in `dir` (none if it does not exist).
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

fn temps_in(dir: &Path) -> Vec<String> {
    names_in(dir)
        .into_iter()
        .filter(|n| n.starts_with(".hotline-export-"))
        .collect()
}

#[test]
fn a_closed_stdout_after_an_export_is_success_and_the_files_stay() {
    let src = articles(50);
    let out = tempfile::tempdir().unwrap();
    for (layout, target) in [("single", "all.txt"), ("per-article", "each")] {
        let target = out.path().join(target);
        let mut child = spawn(
            &src,
            &[
                "export",
                "--layout",
                layout,
                "--out",
                target.to_str().unwrap(),
            ],
            None,
            Stdio::piped(),
        );
        // The reader is gone before the export prints what it wrote.
        drop(child.stdout.take());
        let done = child.wait_with_output().unwrap();
        let stderr = String::from_utf8(done.stderr).unwrap();
        assert!(done.status.success(), "{layout}: {stderr}");
        assert!(stderr.is_empty(), "{layout}: {stderr}");
        let written = match layout {
            "single" => usize::from(target.is_file()),
            _ => names_in(&target).len(),
        };
        assert_eq!(written, if layout == "single" { 1 } else { 50 }, "{layout}");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_stderr_is_not_a_panic_and_keeps_the_status() {
    let src = articles(3);
    write(src.path(), "bad.txt", "");
    let full = || std::fs::File::create("/dev/full").unwrap();
    let run = |args: &[&str]| command(&src, args, None).stderr(full()).output().unwrap();
    // A typo note (on the embedded corpus), the load warning, and an
    // error: all lost, no panic.
    let fuzzy = StdCommand::new(env!("CARGO_BIN_EXE_hotline"))
        .env(
            "HOTLINE_CACHE_DIR",
            concat!(env!("CARGO_TARGET_TMPDIR"), "/cache"),
        )
        .args(["search", "supprot"])
        .stderr(full())
        .output()
        .unwrap();
    assert_eq!(fuzzy.status.code(), Some(0));
    assert!(
        String::from_utf8(fuzzy.stdout)
            .unwrap()
            .contains("[Support]")
    );
    assert_eq!(run(&["list"]).status.code(), Some(0));
    assert_eq!(run(&["show", "no-such-id"]).status.code(), Some(1));
    assert_eq!(run(&["list", "--from", "2007-00"]).status.code(), Some(2));
    // A full stdout is a failed command (status 1), said on stderr.
    let listed = command(&src, &["list"], None)
        .stdout(full())
        .output()
        .unwrap();
    let stderr = String::from_utf8(listed.stderr).unwrap();
    assert_eq!(listed.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error: ") && !stderr.contains("panicked"),
        "{stderr}"
    );
}

#[test]
fn an_unknown_template_field_is_a_usage_error_listing_the_fields() {
    let src = articles(2);
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("each");
    let template = ["--template", "{date}-{nonexistent}"];
    let stderr = fails(2, &per_article(&src, target.to_str().unwrap(), &template));
    assert!(
        stderr.contains(
            "unknown field {nonexistent} in the file-name template; \
             the fields are {date}, {author}, {title}, {id}, {kind}, {n}"
        ),
        "{stderr}"
    );
    assert!(!target.exists());
}

#[cfg(unix)]
#[test]
fn force_replaces_only_regular_files() {
    let src = articles(2);
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo.txt");
    assert!(
        StdCommand::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    std::fs::write(dir.path().join("real.txt"), "mine").unwrap();
    let link = dir.path().join("link.txt");
    std::os::unix::fs::symlink("real.txt", &link).unwrap();
    for (node, kind) in [(&fifo, "a FIFO (named pipe)"), (&link, "a symbolic link")] {
        let stderr = fails(
            1,
            &[
                "--no-builtin",
                "--archive",
                arg(&src),
                "export",
                "--force",
                "--out",
                node.to_str().unwrap(),
            ],
        );
        assert_eq!(
            stderr,
            format!(
                "error: {} is {kind}; export only creates or replaces regular files\n",
                node.display()
            )
        );
    }
    assert!(!fifo.symlink_metadata().unwrap().is_file());
    assert!(link.symlink_metadata().unwrap().is_symlink());
    assert_eq!(names_in(dir.path()), ["fifo.txt", "link.txt", "real.txt"]);
}

#[cfg(target_os = "linux")]
#[test]
fn an_export_removes_temporary_files_left_by_a_dead_export_and_says_so() {
    let src = articles(3);
    let out = tempfile::tempdir().unwrap();
    let mut gone = StdCommand::new("true").spawn().unwrap();
    let pid = gone.id();
    gone.wait().unwrap();
    let stale = format!(".hotline-export-{pid}-AbC123.tmp");
    write(out.path(), &stale, "half an export");
    let said = ok(&per_article(&src, arg(&out), &[]));
    assert!(
        said.trim_end()
            .ends_with("; removed 1 temporary file left by an interrupted export"),
        "{said}"
    );
    assert!(temps_in(out.path()).is_empty());
    assert_eq!(names_in(out.path()).len(), 3);
}

/// Sends `signal` to the child.
#[cfg(target_os = "linux")]
fn kill(child: &Child, signal: &str) {
    let sent = StdCommand::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
}

#[cfg(target_os = "linux")]
#[test]
fn sigint_midway_through_an_export_leaves_all_files_or_none_and_no_temporary() {
    const FILES: usize = 3000;
    let src = articles(FILES);
    let out = tempfile::tempdir().unwrap();
    write(out.path(), "keep.txt", "someone else's");
    let mut child = spawn(
        &src,
        &["export", "--layout", "per-article", "--out", arg(&out)],
        None,
        Stdio::piped(),
    );
    // The export's first temporary file shows it is writing: interrupt then.
    let start = Instant::now();
    while names_in(out.path()).len() == 1 && child.try_wait().unwrap().is_none() {
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "no export began"
        );
        std::thread::sleep(Duration::from_millis(1));
    }
    kill(&child, "-INT");
    let done = child.wait_with_output().unwrap();
    let stderr = String::from_utf8(done.stderr).unwrap();
    let names = names_in(out.path());
    assert!(temps_in(out.path()).is_empty(), "{names:?}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    match done.status.code() {
        // Interrupted: none of the new files, and the message says so.
        Some(130) => {
            assert_eq!(names, ["keep.txt"], "{stderr}");
            assert!(
                stderr.starts_with("error: export interrupted: ")
                    && stderr.trim_end().ends_with("nothing was written"),
                "{stderr}"
            );
        }
        // Finished before the signal landed: every planned file.
        Some(0) => assert_eq!(names.len(), FILES + 1, "{stderr}"),
        other => panic!("status {other:?}: {stderr}"),
    }
}

#[cfg(target_os = "linux")]
#[test]
fn sigterm_during_the_load_exits_143_quietly_and_writes_nothing() {
    let src = articles(3000);
    let out = tempfile::tempdir().unwrap();
    // Fresh caches: every file is parsed, so the load takes a while.
    let cache = tempfile::tempdir().unwrap();
    let target = out.path().join("each");
    let child = spawn(
        &src,
        &[
            "export",
            "--layout",
            "per-article",
            "--out",
            target.to_str().unwrap(),
        ],
        Some(cache.path()),
        Stdio::piped(),
    );
    std::thread::sleep(Duration::from_millis(150));
    kill(&child, "-TERM");
    let done = child.wait_with_output().unwrap();
    let stderr = String::from_utf8(done.stderr).unwrap();
    if done.status.code() == Some(0) {
        // A machine fast enough to load 3000 files in 150 ms: nothing to check.
        return;
    }
    assert_eq!(done.status.code(), Some(143), "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
    assert!(!target.exists());
}

#[test]
fn a_file_name_cannot_forge_a_line_of_output() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "good.txt", "By Jane Doe\n\nThe only article.");
    write(dir.path(), "new\nwarning: forged.txt", "");
    let out = hotline()
        .args(["--no-builtin", "--archive", arg(&dir), "list"])
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("new\\nwarning: forged.txt: skipped: empty file"));
    // Errors too: one line, whatever the path holds.
    write(
        dir.path(),
        "a\nerror: forged",
        "a file where a folder should be",
    );
    let out = dir.path().join("a\nerror: forged").join("out.txt");
    let stderr = fails(
        1,
        &["--no-builtin", "export", "--out", out.to_str().unwrap()],
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("a\\nerror: forged"), "{stderr}");
}
