//! The risk heatmap slide: probability rows (highest first) by impact columns, every cell showing
//! its count and band letter in the band's style, so it reads without colour; risks scored
//! outside the scale listed beneath with ⚠.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::table::fit;
use crate::board::Heat;
use crate::ui::theme::Theme;

pub fn draw(f: &mut Frame, area: Rect, h: &Heat, theme: &Theme) {
    let n_rows = h.rows.len() as u16;
    let n_cols = h.impact_labels.len().max(1) as u16;
    let label_w = (h
        .rows
        .iter()
        .map(|r| r.label.chars().count())
        .max()
        .unwrap_or(0) as u16
        + 2)
    .min(area.width / 4);
    let notes = (h.off_scale.len() as u16 + u16::from(h.unscored > 0) + 1).min(area.height / 3);
    let grid_h = area.height.saturating_sub(2 + notes);
    let cell_h = (grid_h / n_rows.max(1)).clamp(1, 3);
    let cell_w = (area.width.saturating_sub(label_w) / n_cols).clamp(5, 22);
    let header = Rect::new(area.x, area.y, area.width, 1);
    let mut head = " ".repeat(label_w as usize);
    for l in &h.impact_labels {
        let t = fit(l, cell_w as usize - 1);
        head.push_str(&format!("{t:^w$}", w = cell_w as usize));
    }
    f.render_widget(Paragraph::new(Line::styled(head, theme.header)), header);
    let mut y = area.y + 1;
    for row in &h.rows {
        if y + cell_h > area.y + area.height {
            break;
        }
        let label = Rect::new(area.x, y + (cell_h - 1) / 2, label_w, 1);
        f.render_widget(
            Paragraph::new(Line::styled(
                fit(&row.label, label_w as usize - 1),
                theme.title,
            )),
            label,
        );
        for (i, c) in row.cells.iter().enumerate() {
            let x = area.x + label_w + i as u16 * cell_w;
            let rect = Rect::new(x, y, cell_w.saturating_sub(1), cell_h);
            let style = c.severity.map_or(theme.base, |s| theme.heat(s));
            let mut lines = vec![Line::raw(""); ((cell_h - 1) / 2) as usize];
            lines.push(Line::raw(format!("{} {}", c.count, c.letter())));
            f.render_widget(
                Paragraph::new(lines)
                    .alignment(Alignment::Center)
                    .style(style),
                rect,
            );
        }
        y += cell_h;
    }
    let mut notes_lines: Vec<Line> = vec![Line::raw("")];
    for o in &h.off_scale {
        notes_lines.push(Line::styled(
            format!("⚠ outside the scale: {o}"),
            theme.warn,
        ));
    }
    if h.unscored > 0 {
        notes_lines.push(Line::styled(
            format!("{} open risks have no {} score yet", h.unscored, h.basis),
            theme.base,
        ));
    }
    let rest = Rect::new(
        area.x,
        y,
        area.width,
        (area.y + area.height).saturating_sub(y),
    );
    f.render_widget(Paragraph::new(notes_lines).style(theme.base), rest);
}
