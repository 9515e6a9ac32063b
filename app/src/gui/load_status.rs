//! What the window says about getting an archive ready: the [`Step`] under
//! way (finding the files, reading them, the text behind an outline,
//! indexing for search), its counts and the time left, as one
//! [`LoadStatus`] the status bar and the list draw. [`Watch`] makes it
//! from the load's and the index's progress once a frame and keeps the
//! rate behind the time left.

use super::loader::Loading;
use hotline::numbers::grouped;
use hotline::progress::{Eta, Stage};
use std::time::{Duration, Instant};

/// What is under way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Walking the folders: files found so far, of about how many the
    /// last load found (0: no count; the total is not known).
    Finding { found: usize, expected: usize },
    /// Reading the files found: `read` of `total`.
    Reading { read: usize, total: usize },
    /// The outline is shown and its search index is opening; its text
    /// waits for it.
    OpeningIndex,
    /// Reading the text behind the outline on show.
    ReadingText { read: usize, total: usize },
    /// Indexing the archive on show for search: `indexed` of `total`
    /// (none known yet: the index is being opened or set up).
    Indexing { indexed: usize, total: usize },
}

impl Step {
    /// The step a load is at.
    pub fn of(loading: Loading) -> Step {
        match loading {
            Loading::Archive(s) if s.stage == Stage::Finding => Step::Finding {
                found: s.total,
                expected: s.expected,
            },
            Loading::Archive(s) => Step::Reading {
                read: s.done,
                total: s.total,
            },
            Loading::Waiting => Step::OpeningIndex,
            // The text's own walk is a moment of a cached folder's load.
            Loading::Text(s) if s.stage == Stage::Finding => {
                Step::ReadingText { read: 0, total: 0 }
            }
            Loading::Text(s) => Step::ReadingText {
                read: s.done,
                total: s.total,
            },
        }
    }

    /// How far along it is, where that is known.
    pub fn fraction(self) -> Option<f32> {
        let (done, total) = self.counts()?;
        Some(done.min(total) as f32 / total as f32)
    }

    /// Done of a known, non-zero total (for the walk, the last load's
    /// count, which it may pass).
    fn counts(self) -> Option<(usize, usize)> {
        match self {
            Step::Reading { read, total } | Step::ReadingText { read, total } => {
                Some((read, total))
            }
            Step::Indexing { indexed, total } => Some((indexed, total)),
            Step::Finding { found, expected } => Some((found, expected)),
            Step::OpeningIndex => None,
        }
        .filter(|&(_, total)| total > 0)
    }

    /// Whether Cancel may stop it: only a load whose archive is not shown
    /// yet (the text behind a shown outline is not optional, and an index
    /// half built helps no one).
    pub fn cancellable(self) -> bool {
        matches!(self, Step::Finding { .. } | Step::Reading { .. })
    }
}

/// A step and the time it has left, once that can be told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoadStatus {
    pub step: Step,
    pub left: Option<Duration>,
}

impl LoadStatus {
    /// The status bar's words: "Reading files: 61,000 of 100,000 · about
    /// 12 s left".
    pub fn text(&self) -> String {
        let of = |done: usize, total: usize| format!("{} of {}", grouped(done), grouped(total));
        let mut text = match self.step {
            Step::Finding { found: 0, .. } => "Finding files…".to_string(),
            Step::Finding { found, expected: 0 } => {
                format!("Finding files: {} so far", grouped(found))
            }
            Step::Finding { found, expected } => format!(
                "Finding files: {} of about {}",
                grouped(found),
                grouped(expected)
            ),
            Step::Reading { read, total } => format!("Reading files: {}", of(read, total)),
            Step::OpeningIndex => "Opening the search index…".to_string(),
            Step::ReadingText { total: 0, .. } => "Loading the text…".to_string(),
            Step::ReadingText { read, total } => format!("Loading the text: {}", of(read, total)),
            Step::Indexing { total: 0, .. } => "Preparing search…".to_string(),
            Step::Indexing { indexed, total } if indexed >= total => {
                "Indexing for search: saving the index…".to_string()
            }
            Step::Indexing { indexed, total } => {
                format!("Indexing for search: {}", of(indexed, total))
            }
        };
        if let Some(left) = self.left {
            text.push_str(" · ");
            text.push_str(&time_left(left));
        }
        text
    }

    /// The list's line while the archive it will show loads ("Loading
    /// 61,000 of 100,000 files…"); nothing once it is shown.
    pub fn list_line(&self) -> Option<String> {
        match self.step {
            Step::Finding { found: 0, .. } => Some("Loading: finding files…".to_string()),
            Step::Finding { found, .. } => {
                Some(format!("Loading: {} files found so far…", grouped(found)))
            }
            Step::Reading { read, total } => Some(format!(
                "Loading {} of {} files…",
                grouped(read),
                grouped(total)
            )),
            Step::OpeningIndex | Step::ReadingText { .. } | Step::Indexing { .. } => None,
        }
    }
}

/// "about 12 s left", "about 2 min 30 s left": coarser as it grows, so
/// it does not flicker.
pub fn time_left(left: Duration) -> String {
    let secs = left.as_secs_f64().round() as usize;
    match secs {
        0..=4 => "a few seconds left".to_string(),
        5..=59 => format!("about {secs} s left"),
        _ => {
            let tens = (secs + 5) / 10 * 10;
            match (tens / 60, tens % 60) {
                (min, 0) => format!("about {} min left", grouped(min)),
                (min, s) => format!("about {} min {s} s left", grouped(min)),
            }
        }
    }
}

/// Follows the steps frame by frame and keeps the rate of the current
/// one, for its time left.
#[derive(Debug, Default)]
pub struct Watch {
    /// The step's kind the rate is of.
    of: Option<std::mem::Discriminant<Step>>,
    eta: Eta,
}

impl Watch {
    /// The status of `step` seen at `now` (`None`: nothing under way).
    pub fn status(&mut self, step: Option<Step>, now: Instant) -> Option<LoadStatus> {
        let Some(step) = step else {
            *self = Watch::default();
            return None;
        };
        let kind = std::mem::discriminant(&step);
        if self.of != Some(kind) {
            *self = Watch {
                of: Some(kind),
                eta: Eta::default(),
            };
        }
        let left = step
            .counts()
            .and_then(|(done, total)| self.eta.observe(now, done, total));
        Some(LoadStatus { step, left })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_left_read_at_a_glance() {
        let s = |secs: u64| time_left(Duration::from_secs(secs));
        assert_eq!(s(3), "a few seconds left");
        assert_eq!(s(12), "about 12 s left");
        assert_eq!(s(64), "about 1 min left");
        assert_eq!(s(148), "about 2 min 30 s left");
        assert_eq!(s(3_600 * 20), "about 1,200 min left");
    }

    #[test]
    fn the_time_left_is_said_once_the_rate_has_settled_and_starts_over_each_step() {
        let t0 = Instant::now();
        let at = |ms: u64| t0 + Duration::from_millis(ms);
        let mut watch = Watch::default();
        let reading = |read| Some(Step::Reading { read, total: 1000 });
        assert_eq!(watch.status(reading(0), at(0)).unwrap().left, None);
        assert_eq!(watch.status(reading(100), at(500)).unwrap().left, None);
        let settled = watch.status(reading(250), at(1000)).unwrap();
        assert_eq!(settled.left, Some(Duration::from_secs(3)));
        assert_eq!(
            settled.text(),
            "Reading files: 250 of 1,000 · a few seconds left"
        );
        let indexing = |indexed| {
            Some(Step::Indexing {
                indexed,
                total: 1000,
            })
        };
        assert_eq!(watch.status(indexing(250), at(1100)).unwrap().left, None);
        assert!(watch.status(None, at(1200)).is_none());
    }

    #[test]
    fn only_counted_steps_have_a_fraction() {
        assert_eq!(
            Step::Finding {
                found: 10,
                expected: 0
            }
            .fraction(),
            None
        );
        assert_eq!(
            Step::Finding {
                found: 10,
                expected: 40
            }
            .fraction(),
            Some(0.25)
        );
        // A walk that finds more than the last load did is full, not over.
        assert_eq!(
            Step::Finding {
                found: 50,
                expected: 40
            }
            .fraction(),
            Some(1.0)
        );
        assert_eq!(Step::Reading { read: 0, total: 0 }.fraction(), None);
        assert_eq!(Step::Reading { read: 1, total: 4 }.fraction(), Some(0.25));
        assert_eq!(
            Step::Indexing {
                indexed: 3,
                total: 4
            }
            .fraction(),
            Some(0.75)
        );
    }
}
