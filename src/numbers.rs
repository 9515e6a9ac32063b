//! Numbers as people read them, shared by the window and the command line.

/// `12345` → `"12,345"`: counts of files and entries read at a glance.
pub fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `n` grouped with the noun that goes with it: `"1 entry"`,
/// `"1,200 entries"`.
pub fn counted(n: usize, (one, many): (&str, &str)) -> String {
    let noun = if n == 1 { one } else { many };
    format!("{} {noun}", grouped(n))
}

#[cfg(test)]
mod tests {
    #[test]
    fn groups_thousands() {
        assert_eq!(super::grouped(0), "0");
        assert_eq!(super::grouped(999), "999");
        assert_eq!(super::grouped(100_000), "100,000");
        assert_eq!(super::grouped(1_234_567), "1,234,567");
    }

    #[test]
    fn counts_take_the_noun_for_their_number() {
        let entries = ("entry", "entries");
        assert_eq!(super::counted(1, entries), "1 entry");
        assert_eq!(super::counted(0, entries), "0 entries");
        assert_eq!(super::counted(1200, entries), "1,200 entries");
    }
}
