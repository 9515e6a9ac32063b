//! The `hotline` binary: with no subcommand it opens the reader window on the
//! embedded archive; with one it does the same work headless (see README).

mod gui;

use std::process::ExitCode;

fn main() -> ExitCode {
    let opts = gui::GuiOptions {
        load: hotline::LoadOptions::default(),
        screenshot: None,
    };
    match gui::run(opts) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
