//! The `hotline` command line, end to end, against the contract in
//! `docs/CLI.md`: every command, filter, output shape, exit status and
//! message.
//!
//! Nine groups, one module each:
//! - `plain`: folders (`--no-builtin`, files with no byline or date): output
//!   shapes, exit codes, warnings, global options;
//! - `meta`: small folders with bylines, dates and a teaser page, for the
//!   filters and counts (these rely on the parser reading `By …` and dates);
//! - `builtin`: the embedded corpus, checked against `EXPECTED.md`;
//! - `export` and `search`: those commands on small user folders, with
//!   their caches;
//! - `safety`: closed and full output streams, special files, template
//!   mistakes, leftover temporary files and signals during an export;
//! - `query`: full-text queries as filters and searches (typo fallback,
//!   repeated operators, reversed date ranges);
//! - `quick`: a search of an unchanged folder prints what a loaded one does;
//! - `trends`: per-term counts checked against `search` and `timeline`.
//! - `explore`: `related`, `author` and exports without joined teasers.

// Helpers outside `#[test]` functions panic on purpose: a failed setup is a
// failed test.
#![allow(clippy::unwrap_used)]

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;
use tempfile::TempDir;

pub fn hotline() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_hotline"));
    cmd.env("NO_COLOR", "1").env_remove("RUST_BACKTRACE");
    // Parse and search caches go under target/, not the user's cache.
    cmd.env(
        "HOTLINE_CACHE_DIR",
        concat!(env!("CARGO_TARGET_TMPDIR"), "/cache"),
    );
    cmd
}

/// Runs `hotline ARGS`, expects exit 0 and returns stdout.
pub fn ok(args: &[&str]) -> String {
    let out = hotline().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Runs `hotline ARGS` and parses stdout as JSON.
pub fn json(args: &[&str]) -> Value {
    let text = ok(args);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{args:?}: {e}\n{text}"))
}

/// Runs `hotline ARGS`, expects exit `code`, no stdout, and returns stderr,
/// which must start with `error: ` and carry no panic.
pub fn fails(code: i32, args: &[&str]) -> String {
    let out = hotline().args(args).output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(code), "{args:?}: {stderr}");
    assert!(stderr.starts_with("error: "), "{args:?}: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(out.stdout.is_empty(), "{args:?}");
    stderr
}

pub fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

/// Three files with no byline and no date.
pub fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect()
}

pub fn arg(dir: &TempDir) -> &str {
    dir.path().to_str().unwrap()
}

mod builtin;
mod collections;
mod explore;
mod export;
mod formats;
mod highlights;
mod meta;
mod plain;
mod query;
mod quick;
mod safety;
mod search;
mod trends;
