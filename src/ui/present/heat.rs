//! The risk heatmap slide, in the dashboard's orientation: impact rows (highest first) by
//! probability columns, with both axes titled. A cell holding risks shows its count (in big
//! figures when the room allows) and band letter in the band's style, so it reads without
//! colour; an empty cell is muted. Risks scored outside the scale are listed beneath with ⚠.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::big::{self, Size};
use super::table::fit;
use crate::board::Heat;
use crate::board::deck::HeatCell;
use crate::ui::theme::Theme;

/// The tallest a cell grows, in rows: big figures and a line for the band letter.
const MOST_CELL_H: u16 = 7;

pub fn draw(f: &mut Frame, area: Rect, h: &Heat, theme: &Theme) {
    let n_rows = h.rows.len().max(1) as u16;
    let n_cols = h.column_labels.len().max(1) as u16;
    let label_w = (h
        .rows
        .iter()
        .map(|r| r.label.chars().count())
        .chain([h.row_axis.chars().count() + 2])
        .max()
        .unwrap_or(0) as u16
        + 2)
    .min(area.width / 4);
    let notes = (h.off_scale.len() as u16 + u16::from(h.unscored > 0) + 1).min(area.height / 3);
    // Above the grid the row axis's title; below it the column labels and the column axis's.
    let grid_h = area.height.saturating_sub(3 + notes);
    let cell_h = (grid_h / n_rows).clamp(1, MOST_CELL_H);
    let cell_w = (area.width.saturating_sub(label_w) / n_cols).clamp(5, 30);
    let heading = |text: String| Paragraph::new(Line::styled(text, theme.header));
    f.render_widget(
        heading(format!("{} ↑", h.row_axis)),
        Rect::new(area.x, area.y, label_w, 1),
    );
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
            draw_cell(f, rect, c, theme);
        }
        y += cell_h;
    }
    let bottom = area.y + area.height;
    for line in column_labels(&h.column_labels, label_w as usize, cell_w as usize) {
        if y < bottom {
            f.render_widget(heading(line), Rect::new(area.x, y, area.width, 1));
            y += 1;
        }
    }
    if y < bottom {
        let grid_w = (cell_w * n_cols).min(area.width.saturating_sub(label_w));
        f.render_widget(
            Paragraph::new(Line::styled(format!("{} →", h.column_axis), theme.header))
                .alignment(Alignment::Center),
            Rect::new(area.x + label_w, y, grid_w, 1),
        );
        y += 1;
    }
    draw_notes(
        f,
        Rect::new(area.x, y, area.width, bottom.saturating_sub(y)),
        h,
        theme,
    );
}

/// The columns' labels under the grid: on one line when each fits its cell, else the level on
/// one line and its words on the next ("6" over "very high").
fn column_labels(labels: &[String], indent: usize, cell_w: usize) -> Vec<String> {
    let room = cell_w.saturating_sub(1);
    let centred = |parts: &mut dyn Iterator<Item = &str>| {
        let mut line = " ".repeat(indent);
        for t in parts {
            line.push_str(&format!("{:^cell_w$}", fit(t, room)));
        }
        line
    };
    if labels.iter().all(|l| l.chars().count() <= room) {
        return vec![centred(&mut labels.iter().map(String::as_str))];
    }
    let split = |l: &String| -> (String, String) {
        let (n, words) = l.split_once(' ').unwrap_or((l.as_str(), ""));
        (n.to_string(), words.to_string())
    };
    let parts: Vec<(String, String)> = labels.iter().map(split).collect();
    vec![
        centred(&mut parts.iter().map(|p| p.0.as_str())),
        centred(&mut parts.iter().map(|p| p.1.as_str())),
    ]
}

/// One cell: the count, big when there is room, and the band letter; muted when empty.
fn draw_cell(f: &mut Frame, rect: Rect, c: &HeatCell, theme: &Theme) {
    let style = match c.severity {
        Some(s) if c.count > 0 => theme.heat(s),
        _ => theme.muted,
    };
    let count = c.count.to_string();
    // Big figures, which need their rows and one more for the letter, for cells holding risks;
    // an empty cell stays small.
    let size = if c.count == 0 {
        Size::Text
    } else {
        big::fit(
            &count,
            usize::from(rect.width),
            usize::from(rect.height.saturating_sub(1)),
        )
    };
    let mut lines: Vec<Line> = Vec::new();
    if size == Size::Text {
        lines.extend(vec![Line::raw(""); usize::from((rect.height - 1) / 2)]);
        lines.push(Line::raw(format!("{count} {}", c.letter())));
    } else {
        let figure = big::lines(&count, size);
        let spare = usize::from(rect.height).saturating_sub(figure.len() + 1);
        lines.extend(vec![Line::raw(""); spare / 2]);
        lines.extend(figure.into_iter().map(Line::raw));
        lines.push(Line::raw(c.letter().to_string()));
    }
    f.render_widget(
        Paragraph::new(lines)
            .alignment(Alignment::Center)
            .style(style),
        rect,
    );
}

fn draw_notes(f: &mut Frame, area: Rect, h: &Heat, theme: &Theme) {
    let mut lines: Vec<Line> = vec![Line::raw("")];
    for o in &h.off_scale {
        lines.push(Line::styled(
            format!("⚠ outside the scale: {o}"),
            theme.warn,
        ));
    }
    if h.unscored > 0 {
        lines.push(Line::styled(
            format!("{} open risks have no {} score yet", h.unscored, h.basis),
            theme.base,
        ));
    }
    f.render_widget(Paragraph::new(lines).style(theme.base), area);
}
