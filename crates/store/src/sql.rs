//! Building statements with a variable number of values. The `Any` driver's query builder writes
//! `?` placeholders, which PostgreSQL refuses, so lists are spelled out as `$n` here.

/// `$from, $from+1, …` for `n` values, for `IN (…)` lists.
pub(crate) fn params(from: usize, n: usize) -> String {
    (from..from + n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

/// `($from, …), (…)` for `rows` rows of `width` values each, for multi-row `VALUES`.
pub(crate) fn rows(from: usize, rows: usize, width: usize) -> String {
    (0..rows).map(|r| format!("({})", params(from + r * width, width))).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn placeholders_are_numbered() {
        assert_eq!(super::params(2, 3), "$2, $3, $4");
        assert_eq!(super::rows(1, 2, 2), "($1, $2), ($3, $4)");
    }
}
