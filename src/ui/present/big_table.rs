//! A short deck table at projector size: its figures in big type and its words beside them,
//! each row a band as tall as the figures, so a room can read it from the back. Used only when
//! every row fits at that size; otherwise the plain table is drawn.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::big::{self, Size};
use super::table::fit;
use crate::board::Table;
use crate::ui::theme::Theme;

/// Columns apart, at this size.
const SPACING: usize = 4;

/// The size, and each column's width and whether it is drawn big, when `t` fits `area` big.
fn plan(t: &Table, area: Rect) -> Option<(Size, Vec<(usize, bool)>)> {
    if t.rows.is_empty() || t.has_trends() {
        return None;
    }
    // A right-aligned column is drawn big when the font has every character of every cell.
    let big_col: Vec<bool> = (0..t.headers.len())
        .map(|c| {
            t.right.get(c).copied().unwrap_or(false)
                && t.rows.iter().all(|r| {
                    r.get(c)
                        .is_some_and(|s| !s.is_empty() && big::width(s, Size::Medium).is_some())
                })
        })
        .collect();
    if !big_col.contains(&true) {
        return None;
    }
    for size in [Size::Large, Size::Medium] {
        let band = rows_of(size) + 1;
        if 2 + t.rows.len() * band > usize::from(area.height) {
            continue;
        }
        let widths: Vec<(usize, bool)> = (0..t.headers.len())
            .map(|c| {
                let cell = |s: &str| match big_col[c] {
                    true => big::width(s, size).unwrap_or(0),
                    false => s.width(),
                };
                let w = t
                    .rows
                    .iter()
                    .map(|r| r.get(c).map_or(0, |s| cell(s)))
                    .chain([t.headers[c].width()])
                    .max()
                    .unwrap_or(0);
                (w, big_col[c])
            })
            .collect();
        let total: usize =
            widths.iter().map(|(w, _)| w).sum::<usize>() + SPACING * (widths.len() - 1);
        if total <= usize::from(area.width) {
            return Some((size, widths));
        }
    }
    None
}

fn rows_of(size: Size) -> usize {
    match size {
        Size::Large => 5,
        Size::Medium => 3,
        Size::Text => 1,
    }
}

/// Draws `t` big if it fits; false (nothing drawn) when it does not.
pub fn draw(f: &mut Frame, area: Rect, t: &Table, theme: &Theme) -> bool {
    let Some((size, widths)) = plan(t, area) else {
        return false;
    };
    let h = rows_of(size);
    let mut x = area.x;
    for (c, (w, is_big)) in widths.iter().enumerate() {
        let right = t.right.get(c).copied().unwrap_or(false);
        let place = |s: &str, width: usize| {
            let pad = w.saturating_sub(width);
            if right {
                format!("{}{s}", " ".repeat(pad))
            } else {
                s.to_string()
            }
        };
        let header = place(&fit(&t.headers[c], *w), t.headers[c].width().min(*w));
        let mut lines = vec![Line::styled(header, theme.header), Line::raw("")];
        for row in &t.rows {
            let text = row.get(c).map_or("", String::as_str);
            if *is_big {
                let width = big::width(text, size).unwrap_or(0);
                for l in big::lines(text, size) {
                    lines.push(Line::styled(place(&l, width), theme.base));
                }
            } else {
                // Words sit on the band's middle row.
                let shown = fit(text, *w);
                let width = shown.width();
                for r in 0..h {
                    let s = if r == h / 2 {
                        place(&shown, width)
                    } else {
                        String::new()
                    };
                    lines.push(Line::styled(s, theme.title));
                }
            }
            lines.push(Line::raw(""));
        }
        let width = u16::try_from(*w).unwrap_or(u16::MAX);
        let col = Rect::new(x, area.y, width.min(area.x + area.width - x), area.height);
        f.render_widget(Paragraph::new(lines).style(theme.base), col);
        x = x.saturating_add(width + SPACING as u16);
        if x >= area.x + area.width {
            break;
        }
    }
    true
}
