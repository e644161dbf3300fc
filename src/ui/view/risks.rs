//! The risk heatmap pane: probability × impact on the main scale with the count and band letter in
//! each cell (readable without colour), the risks in the selected cell, and the risks scored
//! outside the scale listed apart and flagged.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::fit::{self, fit, pad, pad_left};
use crate::dashboard::Snapshot;
use crate::dashboard::heatmap::HeatGrid;
use crate::ui::app::App;

const LABEL_W: usize = 14;
const CELL_W: usize = 5;

pub fn draw(f: &mut Frame, area: Rect, app: &App, s: &Snapshot, active: bool) {
    let t = &app.theme;
    let scale = app.heat_scale();
    let grid = HeatGrid::build(&s.risks, scale, app.heat.basis);
    let (mp, mi) = (scale.max_probability(), scale.max_impact());
    let grid_w = (LABEL_W + CELL_W * mp as usize) as u16;
    let grid_h = mi as u16 + 5;
    let side_by_side = area.width >= grid_w + 30;
    let (grid_area, list_area) = if side_by_side {
        let [a, b] =
            Layout::horizontal([Constraint::Length(grid_w + 2), Constraint::Min(10)]).areas(area);
        (a, b)
    } else {
        let [a, b] = Layout::vertical([Constraint::Length(grid_h), Constraint::Min(0)]).areas(area);
        (a, b)
    };

    let mut lines = vec![Line::from(vec![
        Span::styled(
            format!("{} · {} · ", scale.title, app.heat.basis.label()),
            t.title,
        ),
        Span::styled(format!("{} in grid", grid.total_in_grid()), t.muted),
    ])];
    for i in (1..=mi).rev() {
        let label = format!("{i} {}", scale.impact[i as usize - 1]);
        let mut spans = vec![Span::styled(pad(&label, LABEL_W), t.muted)];
        for p in 1..=mp {
            let n = grid.count(p, i);
            let score = u32::from(p) * u32::from(i);
            let band = scale.band(score);
            let letter = band.map_or('?', |b| b.severity.letter());
            let style = band.map_or(t.base, |b| t.heat(b.severity));
            let selected = p == app.heat.probability && i == app.heat.impact;
            let text = if selected {
                format!("[{n:>2}{letter}]")
            } else {
                format!(" {n:>2}{letter} ")
            };
            let style = if selected && active {
                style.add_modifier(Modifier::REVERSED | Modifier::BOLD)
            } else if selected {
                style.add_modifier(Modifier::BOLD)
            } else {
                style
            };
            spans.push(Span::styled(pad(&text, CELL_W), style));
        }
        lines.push(Line::from(spans));
    }
    let mut axis = vec![Span::styled(pad("Probability →", LABEL_W), t.muted)];
    for p in 1..=mp {
        axis.push(Span::styled(pad_left(&format!("{p}  "), CELL_W), t.muted));
    }
    lines.push(Line::from(axis));
    let legend: Vec<String> = scale
        .bands
        .iter()
        .map(|b| format!("{} {} {}–{}", b.severity.letter(), b.name, b.min, b.max))
        .collect();
    // The band legend, wrapped over as many lines as the grid's width needs.
    let mut row = String::new();
    for item in legend {
        if !row.is_empty() && fit::width(&row) + 3 + fit::width(&item) > grid_area.width as usize {
            lines.push(Line::styled(std::mem::take(&mut row), t.muted));
        }
        if !row.is_empty() {
            row.push_str(" · ");
        }
        row.push_str(&item);
    }
    lines.push(Line::styled(fit(&row, grid_area.width as usize), t.muted));
    f.render_widget(Paragraph::new(lines), grid_area);

    // The selected cell's risks, then the off-scale ones.
    let (p, i) = (app.heat.probability, app.heat.impact);
    let width = list_area.width as usize;
    let score = u32::from(p) * u32::from(i);
    let band = scale
        .band(score)
        .map_or("no band".to_string(), |b| b.name.clone());
    let in_cell = &grid.cells[p as usize - 1][i as usize - 1];
    let mut list = vec![Line::styled(
        fit(
            &format!(
                "P{p} {} × I{i} {} = {score} ({band}): {} risk{}",
                scale.probability[p as usize - 1],
                scale.impact[i as usize - 1],
                in_cell.len(),
                if in_cell.len() == 1 { "" } else { "s" }
            ),
            width,
        ),
        t.title,
    )];
    for idx in in_cell {
        let r = &s.risks[*idx];
        list.push(Line::raw(fit(&format!("  {} {}", r.code, r.title), width)));
    }
    if !grid.off_scale.is_empty() {
        list.push(Line::styled(
            fit(
                &format!(
                    "⚠ {} outside the {} scale — flagged for correction:",
                    grid.off_scale.len(),
                    scale.name
                ),
                width,
            ),
            t.danger,
        ));
        for idx in &grid.off_scale {
            let r = &s.risks[*idx];
            let (rp, ri) = match app.heat.basis {
                crate::dashboard::heatmap::Basis::Gross => (r.gross_probability, r.gross_impact),
                crate::dashboard::heatmap::Basis::Net => {
                    (r.net_probability.unwrap_or(0), r.net_impact.unwrap_or(0))
                }
            };
            list.push(Line::styled(
                fit(
                    &format!("  ! {} {} (P{rp} × I{ri})", r.code, r.title),
                    width,
                ),
                t.warn,
            ));
        }
    }
    if !grid.unscored.is_empty() {
        list.push(Line::styled(
            fit(
                &format!(
                    "{} with no {} score yet",
                    grid.unscored.len(),
                    app.heat.basis.label()
                ),
                width,
            ),
            t.muted,
        ));
    }
    f.render_widget(Paragraph::new(list), list_area);
}
