//! The frame around the panes: the summary strip of headline figures, the tab line (compact and
//! zoomed layouts) and the status bar with badges and key hints from the command list.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::fit::{fit, width};
use crate::money;
use crate::ui::action::Pane;
use crate::ui::app::{App, Mode};
use crate::ui::commands::commands;

/// The headline figures, each with one label at every width: `(text with its count, text
/// without, style)`.
fn headline_items(app: &App) -> Option<Vec<(String, String, Style)>> {
    let t = &app.theme;
    let s = &app
        .snapshot
        .as_ref()
        .filter(|_| app.loaded.summary)?
        .summary;
    let flag = |n: i64, style: Style| if n > 0 { style } else { t.ok };
    let count = |n: u64| money::group_digits(&n.to_string());
    let under = s.under_performing_providers as i64;
    let slice = money::display_short(s.top_slice_income);
    let (pipe, active) = (
        money::display_short(s.pipeline_value),
        money::display_short(s.active_value),
    );
    let flagged = |label: &str, n: i64| format!("{}{label} {}", bang(n), count(n.max(0) as u64));
    Some(vec![
        (
            format!("Pipeline {pipe} ({})", count(s.pipeline_count as u64)),
            format!("Pipeline {pipe}"),
            t.base,
        ),
        (
            format!("Active {active} ({})", count(s.active_count as u64)),
            format!("Active {active}"),
            t.base,
        ),
        (
            format!("Top slice {slice}"),
            format!("Top slice {slice}"),
            t.base,
        ),
        (
            flagged("Under-performing", under),
            flagged("Under-performing", under),
            flag(under, t.danger),
        ),
        (
            flagged("Overdue returns", s.overdue_returns),
            flagged("Overdue returns", s.overdue_returns),
            flag(s.overdue_returns, t.warn),
        ),
        (
            flagged("Reviews overdue", s.overdue_reviews),
            flagged("Reviews overdue", s.overdue_reviews),
            flag(s.overdue_reviews, t.warn),
        ),
    ])
}

/// The strip's lines in `room` columns: one when every figure fits with its count, else
/// without the counts, else two lines; the labels never change.
pub fn summary_lines(app: &App, room: usize) -> Vec<Line<'static>> {
    let t = &app.theme;
    let Some(items) = headline_items(app) else {
        return vec![Line::styled(" Loading figures…", t.muted)];
    };
    let sep = 3;
    let joined = |texts: &[&String]| -> usize {
        texts.iter().map(|x| width(x)).sum::<usize>() + sep * texts.len().saturating_sub(1)
    };
    let with: Vec<&String> = items.iter().map(|i| &i.0).collect();
    let without: Vec<&String> = items.iter().map(|i| &i.1).collect();
    let (texts, rows) = if joined(&with) <= room {
        (with, 1)
    } else if joined(&without) <= room {
        (without, 1)
    } else {
        (with, 2)
    };
    // Two rows: as many figures on the first as fit, the rest on the second.
    let mut lines: Vec<Vec<Span<'static>>> = vec![Vec::new(); rows];
    let mut used = vec![0usize; rows];
    let mut row = 0;
    for (text, (_, _, style)) in texts.iter().zip(&items) {
        let w = width(text);
        let gap = if lines[row].is_empty() { 0 } else { sep };
        if used[row] + gap + w > room && row + 1 < rows && !lines[row].is_empty() {
            row += 1;
        }
        let gap = if lines[row].is_empty() { 0 } else { sep };
        if used[row] + gap + w > room {
            continue;
        }
        if gap > 0 {
            lines[row].push(Span::styled(" │ ", t.muted));
        }
        used[row] += gap + w;
        lines[row].push(Span::styled((*text).clone(), *style));
    }
    lines.into_iter().map(Line::from).collect()
}

/// How many rows the strip's figures take in `width` columns.
pub fn summary_rows(app: &App, width: usize) -> u16 {
    summary_lines(app, width).len() as u16
}

pub fn summary_strip(f: &mut Frame, area: Rect, app: &App, compact: bool) {
    let t = &app.theme;
    let inner_w = if compact {
        area.width
    } else {
        area.width.saturating_sub(2)
    } as usize;
    let lines = summary_lines(app, inner_w);
    if compact {
        f.render_widget(Paragraph::new(lines), area);
    } else {
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(t.border)
            .title(Span::styled(" hubboard ", t.title));
        f.render_widget(Paragraph::new(lines).block(block), area);
    }
}

fn bang(n: i64) -> &'static str {
    if n > 0 { "! " } else { "" }
}

pub fn tabs(f: &mut Frame, area: Rect, app: &App) {
    let t = &app.theme;
    let mut spans = Vec::new();
    for p in Pane::ALL {
        let label = if area.width >= 70 {
            p.short().to_string()
        } else {
            p.short()[..3].to_string()
        };
        if p == app.pane {
            spans.push(Span::styled(
                format!("[{} {label}]", p.index() + 1),
                t.selected,
            ));
        } else {
            spans.push(Span::styled(
                format!(" {} {label} ", p.index() + 1),
                t.muted,
            ));
        }
        spans.push(Span::raw(" "));
    }
    if app.zoom {
        spans.push(Span::styled("ZOOM", t.badge));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

pub fn status_bar(f: &mut Frame, area: Rect, app: &App) {
    let t = &app.theme;
    let w = area.width as usize;
    let mut right: Vec<Span> = Vec::new();
    let mut right_w = 0;
    for b in &app.badges {
        right.push(Span::styled(format!(" {b} "), t.badge));
        right.push(Span::raw(" "));
        right_w += width(b) + 3;
    }
    let left = match app.mode {
        Mode::Filter => vec![
            Span::styled("/", t.key),
            Span::raw(app.filters[app.pane.index()].clone()),
            Span::styled("█", t.base),
            Span::styled("  Enter keep · Esc clear", t.muted),
        ],
        Mode::Palette => vec![Span::styled(
            "Palette: type to search · ↑↓ choose · Enter go · Esc close",
            t.muted,
        )],
        Mode::Help => vec![Span::styled(
            "Help: ↑↓ PgUp PgDn Home End scroll · any other key closes",
            t.muted,
        )],
        Mode::Detail => vec![Span::styled(
            "Detail: ↑↓ PgUp PgDn scroll · A audit trail · Esc back",
            t.muted,
        )],
        // Once a flow has written, the status says what; until then, that nothing is written yet.
        Mode::Flow if !app.status.is_empty() => vec![Span::styled(app.status.clone(), t.ok)],
        Mode::Flow => vec![Span::styled(
            "Decision in progress: nothing is written until you confirm · Esc cancels",
            t.muted,
        )],
        Mode::Audit => vec![Span::styled(
            "Audit log: ↑↓ move · Enter before and after · / filter · Esc back",
            t.muted,
        )],
        Mode::Triage => vec![Span::styled(
            "Triage: ↑↓ move · Enter detail · s suspend · / filter · Esc back",
            t.muted,
        )],
        Mode::Normal => {
            let msg = if app.status.is_empty() {
                app.db_label.clone()
            } else {
                app.status.clone()
            };
            vec![Span::styled(msg, t.base)]
        }
    };
    let left_w: usize = left.iter().map(|s| width(&s.content)).sum();
    // Hints fill what is left between the message and the badges, dropped from the end.
    let mut hints: Vec<Span> = Vec::new();
    if app.mode == Mode::Normal {
        // A message is read whole, the hints giving way; the database's name may be cut.
        let reserve = if app.status.is_empty() {
            left_w.min(w / 2)
        } else {
            left_w
        };
        let room = w.saturating_sub(reserve + right_w + 2);
        let mut used = 0;
        for c in commands()
            .iter()
            .filter(|c| !c.hint.is_empty() && (!app.read_only || !c.decision))
            .filter(|c| match c.scope {
                crate::ui::commands::Scope::Everywhere => true,
                crate::ui::commands::Scope::Pane(p) => p == app.pane,
            })
        {
            let key = app.keymap.label(c.action);
            let item_w = width(&key) + 1 + width(c.hint) + 2;
            if used + item_w > room {
                break;
            }
            used += item_w;
            hints.push(Span::styled(key, t.key));
            hints.push(Span::styled(format!(":{}  ", c.hint), t.muted));
        }
    }
    let hints_w: usize = hints.iter().map(|s| width(&s.content)).sum();
    let left_room = w.saturating_sub(hints_w + right_w);
    let mut spans: Vec<Span> = Vec::new();
    let mut used = 0;
    for s in left {
        let text = fit(&s.content, left_room.saturating_sub(used));
        used += width(&text);
        spans.push(Span::styled(text, s.style));
    }
    spans.push(Span::raw(
        " ".repeat(w.saturating_sub(used + hints_w + right_w)),
    ));
    spans.extend(hints);
    spans.extend(right);
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}
