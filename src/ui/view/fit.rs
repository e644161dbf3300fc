//! Fitting text into a width without cutting a word in the middle: long text ends at a word
//! boundary with an ellipsis; a single word too long for the space is cut and marked.

use unicode_width::UnicodeWidthStr;

pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// `s` shortened to at most `max` columns.
pub fn fit(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    if max == 1 {
        return "…".into();
    }
    // Take whole characters up to max-1 columns, leaving room for the ellipsis.
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > max - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    // Prefer to stop at the last word boundary if that keeps at least half the space.
    if let Some(pos) = out.rfind(' ')
        && width(&out[..pos]) >= (max - 1) / 2
    {
        out.truncate(pos);
    }
    let trimmed = out.trim_end().to_string();
    trimmed + "…"
}

/// Left-aligns `s` in exactly `w` columns (shortening as `fit` does).
pub fn pad(s: &str, w: usize) -> String {
    let f = fit(s, w);
    let n = width(&f);
    f + &" ".repeat(w.saturating_sub(n))
}

/// Right-aligns `s` in exactly `w` columns.
pub fn pad_left(s: &str, w: usize) -> String {
    let f = fit(s, w);
    let n = width(&f);
    " ".repeat(w.saturating_sub(n)) + &f
}

/// Rows laid out as columns, each as wide as its widest cell and two spaces apart; the columns
/// marked in `right` (money, counts) are aligned right. Trailing spaces are trimmed.
pub fn columns(rows: &[Vec<String>], right: &[bool]) -> Vec<String> {
    let mut widths: Vec<usize> = Vec::new();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            match widths.get_mut(i) {
                Some(w) => *w = (*w).max(width(cell)),
                None => widths.push(width(cell)),
            }
        }
    }
    rows.iter()
        .map(|row| {
            let cells: Vec<String> = row
                .iter()
                .zip(&widths)
                .enumerate()
                .map(|(i, (cell, &w))| {
                    if right.get(i).copied().unwrap_or(false) {
                        pad_left(cell, w)
                    } else {
                        pad(cell, w)
                    }
                })
                .collect();
            cells.join("  ").trim_end().to_string()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_untouched() {
        assert_eq!(fit("Knowsley CVS", 20), "Knowsley CVS");
    }

    #[test]
    fn long_text_stops_at_a_word_boundary() {
        assert_eq!(fit("Age UK Knowsley & West Mersey", 18), "Age UK Knowsley…");
        assert!(width(&fit("Halewood Youth in Community Centre", 12)) <= 12);
    }

    #[test]
    fn one_long_word_is_cut_and_marked() {
        assert_eq!(fit("Supercalifragilistic", 6), "Super…");
        assert_eq!(fit("abc", 1), "…");
        assert_eq!(fit("abc", 0), "");
    }

    #[test]
    fn columns_take_their_widest_cell() {
        let rows = vec![
            vec!["Code".to_string(), "Value".to_string()],
            vec!["SC01".to_string(), "£1.00".to_string()],
            vec!["TOTAL".to_string(), "£120.00".to_string()],
        ];
        assert_eq!(
            columns(&rows, &[false, true]),
            vec!["Code     Value", "SC01     £1.00", "TOTAL  £120.00"]
        );
        assert!(columns(&[], &[]).is_empty());
    }

    #[test]
    fn padding_keeps_exact_widths() {
        assert_eq!(pad("ab", 4), "ab  ");
        assert_eq!(pad_left("ab", 4), "  ab");
        assert_eq!(width(&pad("Listening Ear (Merseyside)", 10)), 10);
    }
}

/// Word-wraps `s` to `max` columns; continuation lines keep the first line's indent. A word longer
/// than a line is cut and marked, as `fit` does.
pub fn wrap(s: &str, max: usize) -> Vec<String> {
    if width(s) <= max || max < 8 {
        return vec![fit(s, max)];
    }
    let indent: String = s.chars().take_while(|c| *c == ' ').collect();
    let mut lines = Vec::new();
    let mut line = indent.clone();
    for word in s.split_whitespace() {
        let sep = if line.trim().is_empty() { "" } else { " " };
        if width(&line) + sep.len() + width(word) > max && !line.trim().is_empty() {
            lines.push(std::mem::replace(&mut line, format!("{indent}  ")));
            line.push_str(word);
        } else {
            line.push_str(sep);
            line.push_str(word);
        }
    }
    lines.push(line);
    lines.into_iter().map(|l| fit(&l, max)).collect()
}

#[cfg(test)]
mod wrap_tests {
    use super::*;

    #[test]
    fn long_lines_wrap_at_words_with_the_indent_kept() {
        let w = wrap(
            "  ✗ share of income: existing £71,639.22 + new £24,205.86 a year",
            30,
        );
        assert_eq!(w[0], "  ✗ share of income: existing");
        assert!(w[1].starts_with("    £71,639.22"));
        assert!(w.iter().all(|l| width(l) <= 30));
        assert_eq!(wrap("short", 30), vec!["short"]);
    }
}
