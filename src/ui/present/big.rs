//! Big figures for the back of the room: a 3×5-pixel font drawn with half blocks (3 rows tall) or
//! full blocks (5 rows tall, pixels two columns wide) for £ amounts, percentages and ratios.
//! A figure with a character outside the font, or wider than the space, falls back to bold text.

/// Pixel rows, top first; `#` is ink. Every glyph's columns each hold some ink, so glyphs are
/// separated by exactly one blank column and a figure can be read back (see `decode`).
fn glyph(c: char) -> Option<[&'static str; 5]> {
    Some(match c {
        '0' => ["###", "#.#", "#.#", "#.#", "###"],
        '1' => ["##", ".#", ".#", ".#", "##"],
        '2' => ["###", "..#", "###", "#..", "###"],
        '3' => ["###", "..#", "###", "..#", "###"],
        '4' => ["#.#", "#.#", "###", "..#", "..#"],
        '5' => ["###", "#..", "###", "..#", "###"],
        '6' => ["###", "#..", "###", "#.#", "###"],
        '7' => ["###", "..#", "..#", "..#", "..#"],
        '8' => ["###", "#.#", "###", "#.#", "###"],
        '9' => ["###", "#.#", "###", "..#", "###"],
        '£' => [".##", ".#.", "###", ".#.", "###"],
        '%' => ["#.#", "..#", ".#.", "#..", "#.#"],
        ',' => ["..", "..", "..", ".#", "#."],
        '.' => [".", ".", ".", ".", "#"],
        ':' => [".", "#", ".", "#", "."],
        '-' | '—' => ["...", "...", "###", "...", "..."],
        _ => return None,
    })
}

/// How a figure is drawn in the space available.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    /// Five rows, each pixel two columns wide.
    Large,
    /// Three rows of half blocks.
    Medium,
    /// Plain bold text.
    Text,
}

/// The columns `text` takes at `size`; `None` when the font cannot draw it.
pub fn width(text: &str, size: Size) -> Option<usize> {
    let px: usize = text
        .chars()
        .map(|c| glyph(c).map(|g| g[0].chars().count()))
        .sum::<Option<usize>>()?
        + text.chars().count().saturating_sub(1);
    Some(match size {
        Size::Large => px * 2,
        Size::Medium => px,
        Size::Text => text.chars().count(),
    })
}

/// The largest size that fits `cols`×`rows` (rows for the figure alone).
pub fn fit(text: &str, cols: usize, rows: usize) -> Size {
    for (size, need) in [(Size::Large, 5), (Size::Medium, 3)] {
        if rows >= need && width(text, size).is_some_and(|w| w <= cols) {
            return size;
        }
    }
    Size::Text
}

/// The rows of `text` drawn at `size` (one row, the text itself, for `Size::Text` or when the
/// font lacks a character).
pub fn lines(text: &str, size: Size) -> Vec<String> {
    let glyphs: Option<Vec<[&str; 5]>> = text.chars().map(glyph).collect();
    let Some(glyphs) = glyphs.filter(|_| size != Size::Text) else {
        return vec![text.to_string()];
    };
    let pixels: Vec<Vec<bool>> = (0..5)
        .map(|row| {
            let mut px = Vec::new();
            for (i, g) in glyphs.iter().enumerate() {
                if i > 0 {
                    px.push(false);
                }
                px.extend(g[row].chars().map(|c| c == '#'));
            }
            px
        })
        .collect();
    match size {
        Size::Large => pixels
            .iter()
            .map(|row| row.iter().map(|p| if *p { "██" } else { "  " }).collect())
            .collect(),
        _ => (0..3)
            .map(|r| {
                let top = &pixels[r * 2];
                let bottom = pixels.get(r * 2 + 1);
                top.iter()
                    .enumerate()
                    .map(|(x, t)| match (*t, bottom.is_some_and(|b| b[x])) {
                        (true, true) => '█',
                        (true, false) => '▀',
                        (false, true) => '▄',
                        (false, false) => ' ',
                    })
                    .collect()
            })
            .collect(),
    }
}

/// Reads `Size::Large` rows back into text: the inverse of `lines`, for tests that check a big
/// figure on screen says what the pack says.
pub fn decode(rows: &[String]) -> Option<String> {
    if rows.len() != 5 {
        return None;
    }
    let px: Vec<Vec<bool>> = rows
        .iter()
        .map(|r| {
            let cs: Vec<char> = r.chars().collect();
            cs.chunks(2).map(|p| p[0] == '█').collect()
        })
        .collect();
    let cols = px.iter().map(Vec::len).max()?;
    let ink = |x: usize| px.iter().any(|r| r.get(x).copied().unwrap_or(false));
    let mut out = String::new();
    let mut x = 0;
    while x < cols {
        if !ink(x) {
            x += 1;
            continue;
        }
        let start = x;
        while x < cols && ink(x) {
            x += 1;
        }
        let pattern: Vec<String> = px
            .iter()
            .map(|r| {
                (start..x)
                    .map(|i| {
                        if r.get(i).copied().unwrap_or(false) {
                            '#'
                        } else {
                            '.'
                        }
                    })
                    .collect()
            })
            .collect();
        let c = "0123456789£%,.:-"
            .chars()
            .find(|c| glyph(*c).is_some_and(|g| g.iter().zip(&pattern).all(|(a, b)| a == b)))?;
        out.push(c);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_glyph_has_ink_in_every_column_so_figures_read_back() {
        for c in "0123456789£%,.:-".chars() {
            let g = glyph(c).unwrap();
            let w = g[0].chars().count();
            assert!(g.iter().all(|r| r.chars().count() == w), "{c}");
            for x in 0..w {
                assert!(
                    g.iter().any(|r| r.chars().nth(x) == Some('#')),
                    "{c} column {x}"
                );
            }
        }
        for figure in ["£1,234,567", "62%", "9.4:1", "£0", "100%", "-"] {
            assert_eq!(decode(&lines(figure, Size::Large)).as_deref(), Some(figure));
        }
    }

    #[test]
    fn sizes_step_down_to_text_when_space_runs_out() {
        let f = "£1,234,567";
        let large = width(f, Size::Large).unwrap();
        let medium = width(f, Size::Medium).unwrap();
        assert_eq!(large, medium * 2);
        assert_eq!(fit(f, large, 5), Size::Large);
        assert_eq!(fit(f, large - 1, 5), Size::Medium);
        assert_eq!(fit(f, large, 4), Size::Medium);
        assert_eq!(fit(f, medium - 1, 5), Size::Text);
        assert_eq!(fit(f, 80, 2), Size::Text);
        assert_eq!(fit("redacted", 200, 5), Size::Text);
        assert_eq!(lines("redacted", Size::Large), vec!["redacted".to_string()]);
        assert_eq!(lines(f, Size::Medium).len(), 3);
        assert_eq!(lines(f, Size::Large).len(), 5);
    }
}
