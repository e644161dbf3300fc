//! Text columns for command output: on a terminal a long name is cut to keep the table within
//! the screen; piped to a file or another program every cell is whole and the column widens.

use std::io::IsTerminal;

use unicode_width::UnicodeWidthStr;

/// Whether standard output is a terminal (cut to fit) rather than a pipe or file (whole text).
pub fn to_terminal() -> bool {
    std::io::stdout().is_terminal()
}

/// A column's width: `cap` on a terminal; when whole, as wide as its widest cell (never less
/// than its heading).
pub fn width<'a>(
    cells: impl IntoIterator<Item = &'a str>,
    heading: &str,
    cap: usize,
    whole: bool,
) -> usize {
    if !whole {
        return cap;
    }
    cells
        .into_iter()
        .map(|c| crate::text::clean(c).width())
        .chain([heading.width()])
        .max()
        .unwrap_or(cap)
}

/// `s` with control characters replaced, cut to `n` columns (marking a cut with an ellipsis)
/// and padded to `n`.
pub fn fit(s: &str, n: usize) -> String {
    let s = crate::text::clean(s);
    let mut out = String::new();
    let mut used = 0;
    for ch in s.chars() {
        let w = UnicodeWidthStr::width(ch.encode_utf8(&mut [0; 4]) as &str);
        if used + w > n {
            if n > 0 {
                // Make room for the ellipsis.
                while used + 1 > n {
                    match out.pop() {
                        Some(c) => {
                            used -= UnicodeWidthStr::width(c.encode_utf8(&mut [0; 4]) as &str)
                        }
                        None => break,
                    }
                }
                out.push('…');
                used += 1;
            }
            return out + &" ".repeat(n.saturating_sub(used));
        }
        out.push(ch);
        used += w;
    }
    out + &" ".repeat(n.saturating_sub(used))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_to_the_width_and_pads() {
        assert_eq!(fit("Knowsley Foodbank", 8), "Knowsle…");
        assert_eq!(fit("Age UK", 8), "Age UK  ");
        assert_eq!(fit("日本語テキスト", 5), "日本…");
        assert_eq!(fit("a\u{1b}[2Jb", 6), "a [2Jb");
    }

    #[test]
    fn whole_columns_take_the_widest_cell() {
        let cells = ["Age UK", "Brighter Futures Merseyside"];
        assert_eq!(width(cells, "Member", 10, false), 10);
        assert_eq!(width(cells, "Member", 10, true), 27);
        assert_eq!(width([], "Member", 10, true), 6);
    }
}
