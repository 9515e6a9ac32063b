//! How many values YAML front matter holds once its aliases are resolved,
//! counted before the YAML loader builds them.
//!
//! The loader copies an anchored value for each alias to it, so nine
//! lines of aliases to aliases (the "billion laughs") would build
//! billions of values and never finish. Counting the parser's events,
//! with each anchor's size remembered, costs one pass over the text.

use std::collections::HashMap;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// The most values front matter may expand to: far more than any page's
/// metadata, far fewer than can stop a load.
pub(super) const MAX_VALUES: u64 = 100_000;

/// The values `yaml` expands to (its parse errors are left to the loader).
pub(super) fn expanded_values(yaml: &str) -> u64 {
    let mut count = Count::default();
    // An error ends the count where it is; the loader reports it.
    Parser::new_from_str(yaml).load(&mut count, true).ok();
    let open: u64 = count.open.iter().map(|(_, n)| n).sum();
    count.total.saturating_add(open)
}

#[derive(Default)]
struct Count {
    /// The collections open, each with its anchor (0: none) and the
    /// values in it so far (itself included).
    open: Vec<(usize, u64)>,
    /// Each anchor's size.
    anchors: HashMap<usize, u64>,
    /// The values of the documents' closed top-level nodes.
    total: u64,
}

impl MarkedEventReceiver for Count {
    fn on_event(&mut self, ev: Event, _: Marker) {
        let (anchor, size) = match ev {
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                self.open.push((anchor, 1));
                return;
            }
            Event::SequenceEnd | Event::MappingEnd => match self.open.pop() {
                Some(closed) => closed,
                None => return,
            },
            Event::Scalar(_, _, anchor, _) => (anchor, 1),
            Event::Alias(id) => (0, self.anchors.get(&id).copied().unwrap_or(1)),
            _ => return,
        };
        if anchor > 0 {
            self.anchors.insert(anchor, size);
        }
        match self.open.last_mut() {
            Some((_, n)) => *n = n.saturating_add(size),
            None => self.total = self.total.saturating_add(size),
        }
    }
}

/// Thirteen lines of aliases to aliases, nine each: 9^13 values once
/// expanded.
#[cfg(test)]
pub(super) fn laughs() -> String {
    let mut yaml = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
    let mut prev = 'a';
    for name in 'b'..='m' {
        let refs = vec![format!("*{prev}"); 9].join(", ");
        yaml.push_str(&format!("{name}: &{name} [{refs}]\n"));
        prev = name;
    }
    yaml
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_values_count_once_and_aliases_count_what_they_stand_for() {
        // The map, two keys, a value, a list and its two values.
        assert_eq!(expanded_values("title: A\ntags: [a, b]\n"), 7);
        assert_eq!(
            expanded_values("a: &x [1, 2, 3]\nb: *x\nc: *x\n"),
            // The map, three keys, the list of four twice more.
            1 + 3 + 4 * 3
        );
    }

    #[test]
    fn aliases_to_aliases_are_counted_without_being_built() {
        assert!(expanded_values(&laughs()) > 9u64.pow(12));
    }
}
