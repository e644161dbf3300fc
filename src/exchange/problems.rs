//! Problems found in files being imported: where (file, line or record, column) and what. They
//! are gathered rather than thrown, so one run reports many problems, not just the first.

use std::fmt;

use crate::error::HubError;

/// How many problems an import reports before summarising the rest.
pub const MAX_REPORTED: usize = 20;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// `members.csv line 4`, `members.json record 2`, or just the file name.
    pub at: String,
    pub column: Option<String>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.column {
            Some(c) => write!(f, "{}, column {c}: {}", self.at, self.message),
            None => write!(f, "{}: {}", self.at, self.message),
        }
    }
}

/// The problems found: the first `MAX_REPORTED` kept whole, the rest only counted, so a hostile
/// file of millions of bad rows costs no more memory than twenty.
#[derive(Debug, Default)]
pub struct Problems {
    list: Vec<Problem>,
    more: usize,
}

impl Problems {
    pub fn add(&mut self, at: &str, column: Option<&str>, message: impl Into<String>) {
        if self.list.len() >= MAX_REPORTED {
            self.more += 1;
            return;
        }
        self.list.push(Problem {
            at: at.to_string(),
            column: column.map(str::to_string),
            message: message.into(),
        });
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// How many were found, reported or not.
    pub fn len(&self) -> usize {
        self.list.len() + self.more
    }

    /// The error an import with problems ends in: bad input (exit 2), listing the first
    /// `MAX_REPORTED` problems one per line.
    pub fn into_error(self) -> HubError {
        let n = self.len();
        let mut text = format!(
            "import refused, nothing was written: {n} problem{} found",
            if n == 1 { "" } else { "s" }
        );
        for p in &self.list {
            text.push_str("\n  ");
            text.push_str(&p.to_string());
        }
        if n > MAX_REPORTED {
            text.push_str(&format!("\n  … and {} more", n - MAX_REPORTED));
        }
        HubError::Invalid(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_name_file_line_and_column() {
        let mut p = Problems::default();
        p.add(
            "members.csv line 4",
            Some("staff"),
            "'x' is not a whole number",
        );
        p.add("members.csv", None, "the file is empty");
        let e = p.into_error().to_string();
        assert!(e.contains("2 problems found"));
        assert!(e.contains("\n  members.csv line 4, column staff: 'x' is not a whole number"));
        assert!(e.contains("\n  members.csv: the file is empty"));
    }

    #[test]
    fn only_the_first_twenty_are_listed() {
        let mut p = Problems::default();
        for i in 0..(MAX_REPORTED + 3) {
            p.add(&format!("claims.csv line {}", i + 2), None, "bad");
        }
        let e = p.into_error().to_string();
        assert_eq!(e.lines().count(), 1 + MAX_REPORTED + 1);
        assert!(e.ends_with("… and 3 more"));
        assert!(e.contains("line 21:"));
        assert!(!e.contains("line 22:"));
    }
}
