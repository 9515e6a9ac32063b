//! The `hotline` binary: with no subcommand it opens the reader window on the
//! embedded archive; with one it does the same work headless (see
//! `docs/CLI.md`). All the work is in the library; `cli` turns arguments into
//! library values and prints, `gui` draws.

mod cli;
mod gui;

use std::process::ExitCode;

fn main() -> ExitCode {
    match cli::run() {
        Ok(code) => code,
        Err(err) => cli::report(&err),
    }
}

/// mimalloc: loading 100,000 files makes millions of small allocations on
/// every core at once, which glibc's allocator serves slowly. Built with
/// `no_thp`: transparent huge pages make the kernel compact memory inside
/// page faults, which stalls a reopen at random (BENCHMARKS.md has the
/// figures).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
