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
/// two threads at once, where glibc's allocator spent ~10 % of the time.
/// Built with `no_thp` (Cargo.toml): asking for transparent huge pages made
/// the kernel compact memory inside page faults, turning a 0.5 s reopen
/// into 1-4 s at random and a 12 s first index into 15-17 s; without them
/// the typical times are the same and the peak memory is lower.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
