//! Tables that build rows only for the visible window, so 100,000 rows draw as fast as 100.
//! Columns have a priority: on a narrow screen the least important are left out whole rather than
//! squeezed until nothing is legible.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::fit::{pad, pad_left};
use crate::ui::app::Cursor;
use crate::ui::theme::Theme;

#[derive(Debug, Clone, Copy)]
pub struct Col {
    pub header: &'static str,
    pub min: u16,
    /// Takes a share of spare width.
    pub flex: bool,
    pub right: bool,
    /// Lower is more important; columns are dropped from the highest number down.
    pub priority: u8,
}

pub const fn col(header: &'static str, min: u16, priority: u8) -> Col {
    Col {
        header,
        min,
        flex: false,
        right: false,
        priority,
    }
}

pub const fn num(header: &'static str, min: u16, priority: u8) -> Col {
    Col {
        header,
        min,
        flex: false,
        right: true,
        priority,
    }
}

pub const fn flex(header: &'static str, min: u16, priority: u8) -> Col {
    Col {
        header,
        min,
        flex: true,
        right: false,
        priority,
    }
}

/// One cell: its text and style.
pub type Cell = (String, Style);

/// Width given to each column (`None` = left out) for a table `total` columns wide.
pub fn layout(cols: &[Col], total: u16) -> Vec<Option<u16>> {
    let mut order: Vec<usize> = (0..cols.len()).collect();
    order.sort_by_key(|i| (cols[*i].priority, *i));
    let mut included = vec![false; cols.len()];
    let mut used: u16 = 0;
    for i in order {
        let need = cols[i].min + u16::from(used > 0);
        if used + need <= total {
            included[i] = true;
            used += need;
        }
    }
    let mut widths: Vec<Option<u16>> = cols
        .iter()
        .zip(&included)
        .map(|(c, inc)| inc.then_some(c.min))
        .collect();
    let flexes: Vec<usize> = (0..cols.len())
        .filter(|i| included[*i] && cols[*i].flex)
        .collect();
    let spare = total.saturating_sub(used);
    if !flexes.is_empty() {
        let each = spare / flexes.len() as u16;
        let mut extra = spare % flexes.len() as u16;
        for i in flexes {
            let bonus = each + u16::from(extra > 0);
            extra = extra.saturating_sub(1);
            widths[i] = widths[i].map(|w| w + bonus);
        }
    }
    widths
}

/// Draws a header and the rows `offset..offset+height` of a `len`-row view; `cell(row, col)`
/// gives the content. The selected row is marked with `▶` and the selection style.
#[allow(clippy::too_many_arguments)]
pub fn draw(
    f: &mut Frame,
    area: Rect,
    theme: &Theme,
    cols: &[Col],
    len: usize,
    cursor: &Cursor,
    active: bool,
    cell: impl Fn(usize, usize) -> Cell,
) -> usize {
    if area.height == 0 || area.width < 4 {
        return 0;
    }
    let marker = 2u16;
    let widths = layout(cols, area.width.saturating_sub(marker));
    let body = area.height.saturating_sub(1) as usize;
    let selected = cursor.selected.min(len.saturating_sub(1));
    let mut offset = cursor.offset.get();
    if selected < offset {
        offset = selected;
    } else if body > 0 && selected >= offset + body {
        offset = selected + 1 - body;
    }
    offset = offset.min(len.saturating_sub(body.max(1)));
    cursor.offset.set(offset);
    // The header takes the first line; rows start on the next.
    cursor.first_line.set(area.y + 1);

    let mut lines: Vec<Line> = Vec::with_capacity(body + 1);
    let mut header = vec![Span::raw("  ")];
    push_cells(&mut header, cols, &widths, |c| {
        (cols[c].header.to_string(), theme.header)
    });
    lines.push(Line::from(header));
    for row in offset..(offset + body).min(len) {
        let is_sel = active && row == selected;
        let mut spans = vec![Span::styled(
            if row == selected { "▶ " } else { "  " },
            if is_sel { theme.selected } else { theme.base },
        )];
        push_cells(&mut spans, cols, &widths, |c| {
            let (text, style) = cell(row, c);
            (
                text,
                if is_sel {
                    style.patch(theme.selected)
                } else {
                    style
                },
            )
        });
        lines.push(Line::from(spans));
    }
    if len == 0 {
        lines.push(Line::styled("  (nothing to show)", theme.muted));
    }
    f.render_widget(Paragraph::new(lines), area);
    body
}

fn push_cells(
    spans: &mut Vec<Span<'static>>,
    cols: &[Col],
    widths: &[Option<u16>],
    cell: impl Fn(usize) -> Cell,
) {
    let mut first = true;
    for (c, w) in widths.iter().enumerate() {
        let Some(w) = w else { continue };
        if !first {
            spans.push(Span::raw(" "));
        }
        first = false;
        let (text, style) = cell(c);
        let text = if cols[c].right {
            pad_left(&text, *w as usize)
        } else {
            pad(&text, *w as usize)
        };
        spans.push(Span::styled(text, style));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrow_tables_drop_the_least_important_columns_whole() {
        let cols = [
            col("Code", 6, 0),
            flex("Title", 10, 1),
            num("Value", 8, 2),
            col("Extra", 10, 9),
        ];
        let wide = layout(&cols, 60);
        assert!(wide.iter().all(Option::is_some));
        assert_eq!(wide.iter().flatten().map(|w| w + 1).sum::<u16>() - 1, 60);
        let narrow = layout(&cols, 30);
        assert_eq!(narrow[3], None);
        assert!(narrow[0].is_some() && narrow[1].is_some() && narrow[2].is_some());
    }
}
