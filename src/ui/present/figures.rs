//! Headline figures in big block digits, two to a row, all the same size on one slide so the
//! slide reads calmly; bold text when the screen is too small.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::big::{self, Size};
use super::table::wrap;
use crate::board::{Figure, format::sparkline};
use crate::ui::theme::Theme;

/// The size every figure on the slide is drawn at, for a cell `cols` wide with `rows` for the
/// figure itself.
pub fn common_size(figs: &[Figure], cols: usize, rows: usize) -> Size {
    let rank = |s: Size| match s {
        Size::Large => 2,
        Size::Medium => 1,
        Size::Text => 0,
    };
    figs.iter()
        .map(|f| big::fit(&f.value, cols, rows))
        .min_by_key(|s| rank(*s))
        .unwrap_or(Size::Text)
}

/// The words under a figure, with its trend when it has one.
fn note_of(fig: &Figure) -> String {
    if fig.trend.is_empty() {
        fig.note.clone()
    } else {
        format!("{}  {}", fig.note, sparkline(&fig.trend))
    }
}

pub fn draw(f: &mut Frame, area: Rect, figs: &[Figure], theme: &Theme) {
    let per_row = 2usize;
    let grid_rows = figs.len().div_ceil(per_row).max(1);
    let cell_w = area.width / per_row as u16;
    let cell_h = area.height / grid_rows as u16;
    let pad = if cell_w >= 60 { 4 } else { 2 };
    let inner = (cell_w as usize).saturating_sub(pad + 2);
    // A cell holds the label, the figure, the note (on two lines where it needs them, never
    // cut) and a blank line.
    let notes: Vec<Vec<String>> = figs
        .iter()
        .map(|fig| wrap(&note_of(fig), inner, 2))
        .collect();
    let note_rows = notes.iter().map(Vec::len).max().unwrap_or(1);
    let room = (cell_h as usize).saturating_sub(2 + note_rows);
    let size = common_size(figs, inner, room);
    for (i, fig) in figs.iter().enumerate() {
        let x = area.x + (i % per_row) as u16 * cell_w;
        let y = area.y + (i / per_row) as u16 * cell_h;
        let rect = Rect::new(
            x + pad as u16 / 2,
            y,
            cell_w.saturating_sub(pad as u16),
            cell_h,
        );
        let mut lines = vec![Line::styled(fig.label.to_uppercase(), theme.header)];
        for l in big::lines(&fig.value, size) {
            lines.push(Line::styled(l, theme.title));
        }
        for l in &notes[i] {
            lines.push(Line::styled(l.clone(), theme.base));
        }
        f.render_widget(Paragraph::new(lines).style(theme.base), rect);
    }
}
