//! A deck table on screen: columns sized to their content, the widest text column taking what is
//! left, only the rows that fit drawn, a blank line between rows when there is room.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table as TableWidget};
use unicode_width::UnicodeWidthStr;

use crate::board::{Table, format::sparkline};
use crate::ui::theme::Theme;

/// Shortens `s` to `w` columns with an ellipsis.
pub fn fit(s: &str, w: usize) -> String {
    if s.width() <= w {
        return s.to_string();
    }
    let mut out = String::new();
    for c in s.chars() {
        if out.width() + 1 >= w {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// `s` in lines of at most `w` columns, broken at spaces; at most `most` lines, the last cut
/// with an ellipsis only when even those are not enough.
pub fn wrap(s: &str, w: usize, most: usize) -> Vec<String> {
    let mut lines: Vec<String> = crate::ui::view::fit::wrap(s, w)
        .into_iter()
        .map(|l| l.trim_start().to_string())
        .collect();
    if lines.len() > most.max(1) {
        let rest = lines.split_off(most.max(1) - 1).join(" ");
        lines.push(fit(&rest, w));
    }
    lines
}

/// Draws `t` from row `scroll`; returns (first row shown, rows shown) for the position line.
pub fn draw(f: &mut Frame, area: Rect, t: &Table, theme: &Theme, scroll: usize) -> (usize, usize) {
    if t.rows.is_empty() || t.headers.is_empty() {
        f.render_widget(
            Paragraph::new(Line::styled(t.empty.clone(), theme.base)).style(theme.base),
            area,
        );
        return (0, 0);
    }
    let mut headers = t.headers.clone();
    let mut right = t.right.clone();
    let mut rows: Vec<Vec<String>> = t.rows.clone();
    if t.has_trends() {
        headers.push("Trend".into());
        right.push(false);
        for (i, r) in rows.iter_mut().enumerate() {
            r.push(sparkline(t.trends.get(i).map_or(&[][..], |v| v)));
        }
    }
    let spacing = if area.width >= 160 { 3 } else { 2 };
    let natural: Vec<usize> = (0..headers.len())
        .map(|c| {
            rows.iter()
                .map(|r| r.get(c).map_or(0, |s| s.width()))
                .chain([headers[c].width()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let avail = (area.width as usize).saturating_sub(spacing * headers.len().saturating_sub(1));
    let mut widths = natural.clone();
    // Narrow the widest columns first until the table fits.
    while widths.iter().sum::<usize>() > avail {
        let (i, w) = widths
            .iter()
            .enumerate()
            .max_by_key(|(_, w)| **w)
            .map(|(i, w)| (i, *w))
            .unwrap_or((0, 0));
        if w <= 6 {
            break;
        }
        widths[i] = w - 1;
    }
    let body_rows = (area.height as usize).saturating_sub(2);
    let airy = rows.len() * 2 <= body_rows;
    let per_row = if airy { 2 } else { 1 };
    let visible = (body_rows / per_row).max(1);
    let start = scroll.min(rows.len().saturating_sub(visible));
    let end = (start + visible).min(rows.len());
    let cells = |r: &[String], style| {
        r.iter()
            .enumerate()
            .map(|(c, s)| {
                let w = widths.get(c).copied().unwrap_or(0);
                let text = fit(s, w);
                let pad = w.saturating_sub(text.width());
                let shown = if right.get(c).copied().unwrap_or(false) {
                    format!("{}{text}", " ".repeat(pad))
                } else {
                    text
                };
                Cell::from(Span::styled(shown, style))
            })
            .collect::<Vec<_>>()
    };
    let widget_rows: Vec<Row> = rows[start..end]
        .iter()
        .map(|r| {
            Row::new(cells(r, theme.base))
                .bottom_margin(if airy { 1 } else { 0 })
                .style(theme.base)
        })
        .collect();
    let header = Row::new(cells(&headers, theme.header))
        .bottom_margin(1)
        .style(theme.base);
    let constraints: Vec<Constraint> = widths
        .iter()
        .map(|w| Constraint::Length(*w as u16))
        .collect();
    let widget = TableWidget::new(widget_rows, constraints)
        .header(header)
        .column_spacing(spacing as u16)
        .style(theme.base);
    f.render_widget(widget, area);
    (start, end - start)
}
