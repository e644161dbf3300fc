//! The risk heatmap pane: probability × impact on the main scale with the count and band letter in
//! each cell (readable without colour); gross and net side by side when there is room, else one
//! at a time (`g`); the selected risk's gross and net cells marked ●; the risks in the selected
//! cell with their gross → net movement and overdue reviews (a generated risk with the rule and
//! figures that raised it); and the risks scored outside the scale listed apart and flagged. The pane's `/` filter narrows by code, title, category, owner or entity.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::fit::{self, fit, pad, pad_left};
use crate::dashboard::Snapshot;
use crate::dashboard::heatmap::{Basis, HeatGrid};
use crate::domain::Risk;
use crate::ui::app::App;

const LABEL_W: usize = 14;

/// A cell's count in at most four characters: `7`, `166`, `4.9k`, `49k`, `490k`, `4.9m`.
pub fn short_count(n: u64) -> String {
    match n {
        0..=999 => n.to_string(),
        1_000..=9_999 => format!("{:.1}k", n as f64 / 1_000.0).replace(".0k", "k"),
        10_000..=999_999 => format!("{}k", n / 1_000),
        _ => format!("{:.1}m", n as f64 / 1_000_000.0).replace(".0m", "m"),
    }
}

/// A cell's width for these grids: the widest count, the band letter and the marks either side.
fn cell_width(grids: &[&HeatGrid]) -> usize {
    let widest = grids
        .iter()
        .flat_map(|g| {
            let (mp, mi) = (g.scale.max_probability(), g.scale.max_impact());
            (1..=mi).flat_map(move |i| (1..=mp).map(move |p| short_count(g.count(p, i) as u64)))
        })
        .map(|c| c.chars().count())
        .max()
        .unwrap_or(1);
    widest.max(2) + 3
}

pub fn draw(f: &mut Frame, area: Rect, app: &App, s: &Snapshot, active: bool) {
    // Built when the risks or the filter change (`App::rebuild`), not on every key.
    let Some((gross, net)) = app.heat_grids.as_ref() else {
        return;
    };
    let shown = match app.heat.basis {
        Basis::Gross => gross,
        Basis::Net => net,
    };
    let scale = &shown.scale;
    // One cell width for both grids, so they line up and no count is cut.
    let cell_w = cell_width(&[gross, net]);
    let cells_w = cell_w * scale.max_probability() as usize;
    // The impact labels give way to the cells: the numbers alone when the names do not fit.
    let label_w = if LABEL_W + cells_w + 2 <= area.width as usize {
        LABEL_W
    } else {
        3
    };
    let grid_w = (label_w + cells_w) as u16;
    let grid_h = scale.max_impact() as u16 + 5;
    let selected = app.selected_risk();
    let both = area.width >= 2 * grid_w + 4;
    let (grids, list_area) = if both || area.width < grid_w + 30 {
        let [a, b] = Layout::vertical([Constraint::Length(grid_h), Constraint::Min(0)]).areas(area);
        (a, b)
    } else {
        let [a, b] =
            Layout::horizontal([Constraint::Length(grid_w + 2), Constraint::Min(10)]).areas(area);
        (a, b)
    };
    if both {
        let [g, n] = Layout::horizontal([
            Constraint::Length(grid_w + 4),
            Constraint::Length(grid_w + 4),
        ])
        .areas(grids);
        let on = |b: Basis| active && app.heat.basis == b;
        let widths = (label_w, cell_w);
        draw_grid(f, g, app, gross, selected, on(Basis::Gross), widths);
        draw_grid(f, n, app, net, selected, on(Basis::Net), widths);
    } else {
        draw_grid(f, grids, app, shown, selected, active, (label_w, cell_w));
    }
    draw_list(f, list_area, app, s, shown, selected);
}

/// One grid: a title, a row per impact (highest first), the probability axis and the band legend.
fn draw_grid(
    f: &mut Frame,
    area: Rect,
    app: &App,
    grid: &HeatGrid,
    selected: Option<&Risk>,
    cursor: bool,
    (label_w, cell_w): (usize, usize),
) {
    let t = &app.theme;
    let scale = &grid.scale;
    let (mp, mi) = (scale.max_probability(), scale.max_impact());
    let mut lines = vec![Line::from(vec![
        Span::styled(format!("{} · {}", scale.title, grid.basis.label()), t.title),
        Span::styled(
            format!(
                " · {} in grid",
                crate::money::group_digits(&grid.total_in_grid().to_string())
            ),
            t.muted,
        ),
    ])];
    // Where the selected risk sits on this grid, if it does.
    let marked = selected.and_then(|r| match grid.basis {
        Basis::Gross => Some((r.gross_probability, r.gross_impact)),
        Basis::Net => r.net_probability.zip(r.net_impact),
    });
    for i in (1..=mi).rev() {
        let label = if label_w == LABEL_W {
            format!("{i} {}", scale.impact[i as usize - 1])
        } else {
            i.to_string()
        };
        let mut spans = vec![Span::styled(pad(&label, label_w), t.muted)];
        for p in 1..=mp {
            let n = grid.count(p, i);
            let band = scale.band(u32::from(p) * u32::from(i));
            let letter = band.map_or('?', |b| b.severity.letter());
            let style = band.map_or(t.base, |b| t.heat(b.severity));
            let here = p == app.heat.probability && i == app.heat.impact;
            let dot = if marked == Some((p, i)) { '●' } else { ' ' };
            let count = short_count(n as u64);
            let w = cell_w - 3;
            let text = if here {
                format!("[{count:>w$}{letter}]")
            } else {
                format!("{dot}{count:>w$}{letter} ")
            };
            let style = if here && cursor {
                style.add_modifier(Modifier::REVERSED | Modifier::BOLD)
            } else if here {
                style.add_modifier(Modifier::BOLD)
            } else {
                style
            };
            spans.push(Span::styled(pad(&text, cell_w), style));
        }
        lines.push(Line::from(spans));
    }
    let axis_label = if label_w == LABEL_W {
        "Probability →"
    } else {
        "P→"
    };
    let mut axis = vec![Span::styled(pad(axis_label, label_w), t.muted)];
    for p in 1..=mp {
        axis.push(Span::styled(pad_left(&format!("{p}  "), cell_w), t.muted));
    }
    lines.push(Line::from(axis));
    // The band legend, wrapped over as many lines as the grid's width needs.
    let legend: Vec<String> = scale
        .bands
        .iter()
        .map(|b| format!("{} {} {}–{}", b.severity.letter(), b.name, b.min, b.max))
        .collect();
    let mut row = String::new();
    for item in legend {
        if !row.is_empty() && fit::width(&row) + 3 + fit::width(&item) > area.width as usize {
            lines.push(Line::styled(std::mem::take(&mut row), t.muted));
        }
        if !row.is_empty() {
            row.push_str(" · ");
        }
        row.push_str(&item);
    }
    lines.push(Line::styled(fit(&row, area.width as usize), t.muted));
    f.render_widget(Paragraph::new(lines), area);
}

/// One line of the list under the grid, before it is worded: only the lines in view are.
enum ListLine<'a> {
    Heading,
    Risk(usize),
    Cause(&'a crate::domain::risk_rules::Cause),
    Apart(Section),
    Other(Section, usize),
    Unscored,
}

#[derive(Clone, Copy)]
enum Section {
    OffScale,
    Closed,
}

/// The selected cell's risks (the selected one marked), then the off-scale ones, then the closed
/// ones when shown; scrolled so the selected risk stays in view, and only what is in view worded.
fn draw_list(
    f: &mut Frame,
    area: Rect,
    app: &App,
    s: &Snapshot,
    grid: &HeatGrid,
    selected: Option<&Risk>,
) {
    let at = |n: u8| usize::from(n).checked_sub(1);
    // The cursor is kept on the grid (`App::set_snapshot`); should it ever not be, the cell is
    // empty and unnamed rather than a panic.
    let in_cell: &[usize] = at(app.heat.probability)
        .zip(at(app.heat.impact))
        .and_then(|(p, i)| grid.cells.get(p)?.get(i))
        .map_or(&[], Vec::as_slice);
    let is_sel = |idx: usize| selected.is_some_and(|x| x.code == s.risks[idx].code);
    let mut lines = vec![ListLine::Heading];
    let mut sel_line = None;
    for &idx in in_cell {
        if is_sel(idx) {
            sel_line = Some(lines.len());
        }
        lines.push(ListLine::Risk(idx));
        // A generated risk says which rule raised it and on what figures.
        if let Some(c) = s.risk_causes.get(&s.risks[idx].code) {
            lines.push(ListLine::Cause(c));
        }
    }
    let mut sections = vec![(Section::OffScale, &grid.off_scale)];
    if app.heat.show_closed {
        sections.push((Section::Closed, &grid.closed));
    }
    for (section, rows) in sections.into_iter().filter(|(_, r)| !r.is_empty()) {
        lines.push(ListLine::Apart(section));
        for &idx in rows {
            if is_sel(idx) {
                sel_line = Some(lines.len());
            }
            lines.push(ListLine::Other(section, idx));
        }
    }
    if !grid.unscored.is_empty() {
        lines.push(ListLine::Unscored);
    }
    // The selected risk stays in view, however long the lists under the cell.
    let rows = usize::from(area.height.max(1));
    let scroll = sel_line.map_or(0, |l| (l + 1).saturating_sub(rows));
    let words = Words {
        app,
        s,
        grid,
        in_cell: in_cell.len(),
        width: area.width as usize,
    };
    let shown: Vec<Line> = lines
        .iter()
        .skip(scroll)
        .take(rows)
        .map(|l| words.line(l, &is_sel))
        .collect();
    f.render_widget(Paragraph::new(shown), area);
}

/// What the list's lines say.
struct Words<'a> {
    app: &'a App,
    s: &'a Snapshot,
    grid: &'a HeatGrid,
    in_cell: usize,
    width: usize,
}

impl Words<'_> {
    fn line(&self, l: &ListLine, is_sel: &dyn Fn(usize) -> bool) -> Line<'static> {
        let t = &self.app.theme;
        let (text, style) = match l {
            ListLine::Heading => (self.heading(), t.title),
            ListLine::Risk(idx) => {
                let r = &self.s.risks[*idx];
                let overdue = r.review_date < self.s.today.unwrap_or_default();
                let style = if is_sel(*idx) {
                    t.selected
                } else if overdue {
                    t.warn
                } else {
                    t.base
                };
                (self.risk(r, is_sel(*idx), overdue), style)
            }
            ListLine::Cause(c) => (format!("    {}", c.reason()), t.muted),
            ListLine::Apart(section) => (self.apart_heading(*section), t.danger),
            ListLine::Other(section, idx) => {
                let r = &self.s.risks[*idx];
                let mark = if is_sel(*idx) { "▶" } else { " " };
                let text = format!("{mark} {} {} {}", r.code, r.title, self.apart(*section, r));
                (text, if is_sel(*idx) { t.selected } else { t.warn })
            }
            ListLine::Unscored => (
                format!(
                    "{} with no {} score yet",
                    self.grid.unscored.len(),
                    self.grid.basis.label()
                ),
                t.muted,
            ),
        };
        Line::styled(fit(&text, self.width), style)
    }

    fn heading(&self) -> String {
        let scale = &self.grid.scale;
        let (p, i) = (self.app.heat.probability, self.app.heat.impact);
        let score = u32::from(p) * u32::from(i);
        let band = scale
            .band(score)
            .map_or("no band".to_string(), |b| b.name.clone());
        let label = |labels: &[String], n: u8| {
            usize::from(n)
                .checked_sub(1)
                .and_then(|n| labels.get(n))
                .cloned()
                .unwrap_or_default()
        };
        format!(
            "P{p} {} × I{i} {} = {score} ({band}), {}: {} risk{}",
            label(&scale.probability, p),
            label(&scale.impact, i),
            self.grid.basis.label(),
            crate::money::group_digits(&self.in_cell.to_string()),
            if self.in_cell == 1 { "" } else { "s" }
        )
    }

    fn risk(&self, r: &Risk, selected: bool, overdue: bool) -> String {
        let net = match r.net_score() {
            Some(n) => format!("{} → {n}", r.gross_score()),
            None => format!("{} → not judged", r.gross_score()),
        };
        format!(
            "{} {} {} ({net}){}{}",
            if selected { "▶" } else { " " },
            r.code,
            r.title,
            if overdue { " ! review overdue" } else { "" },
            if r.generated_by.is_some() {
                " [generated]"
            } else {
                ""
            }
        )
    }

    fn apart_heading(&self, section: Section) -> String {
        match section {
            Section::OffScale => format!(
                "⚠ {} outside the {} scale — flagged for correction ([ ] selects, e edits):",
                self.grid.off_scale.len(),
                self.grid.scale.name
            ),
            Section::Closed => format!(
                "Closed: {} (c hides, x reopens the selected)",
                crate::money::group_digits(&self.grid.closed.len().to_string())
            ),
        }
    }

    fn apart(&self, section: Section, r: &Risk) -> String {
        match section {
            Section::OffScale => {
                let (rp, ri) = match self.grid.basis {
                    Basis::Gross => (r.gross_probability, r.gross_impact),
                    Basis::Net => (r.net_probability.unwrap_or(0), r.net_impact.unwrap_or(0)),
                };
                format!("(P{rp} × I{ri})")
            }
            Section::Closed => format!("({} → closed)", r.gross_score()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::short_count;

    #[test]
    fn counts_fit_in_four_characters() {
        for (n, s) in [
            (0, "0"),
            (7, "7"),
            (999, "999"),
            (1_000, "1k"),
            (4_917, "4.9k"),
            (49_170, "49k"),
            (491_700, "491k"),
            (4_917_000, "4.9m"),
        ] {
            assert_eq!(short_count(n), s);
            assert!(short_count(n).chars().count() <= 4);
        }
    }
}
