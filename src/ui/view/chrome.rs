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

pub fn summary_strip(f: &mut Frame, area: Rect, app: &App, compact: bool) {
    let t = &app.theme;
    let Some(s) = app.snapshot.as_ref().map(|s| &s.summary) else {
        f.render_widget(
            Paragraph::new(Line::styled(" Loading figures…", t.muted)),
            area,
        );
        return;
    };
    let flag = |n: i64, style: Style| if n > 0 { style } else { t.ok };
    let under = s.under_performing_providers as i64;
    let slice = money::display_short(s.top_slice_income);
    let (pipe, active) = (
        money::display_short(s.pipeline_value),
        money::display_short(s.active_value),
    );
    // Each figure in three lengths; the widest that lets every figure fit is used, item by item.
    let items: Vec<([String; 3], Style)> = vec![
        (
            [
                format!("Pipeline {pipe} ({})", s.pipeline_count),
                format!("Pipeline {pipe}"),
                format!("Pipe {pipe}"),
            ],
            t.base,
        ),
        (
            [
                format!("Active {active} ({})", s.active_count),
                format!("Active {active}"),
                format!("Act {active}"),
            ],
            t.base,
        ),
        (
            [
                format!("Top slice {slice}"),
                format!("Slice {slice}"),
                format!("Sl {slice}"),
            ],
            t.base,
        ),
        (
            [
                format!("{}Under-performing {under}", bang(under)),
                format!("{}Under-perf {under}", bang(under)),
                format!("{}Under {under}", bang(under)),
            ],
            flag(under, t.danger),
        ),
        (
            [
                format!(
                    "{}Overdue returns {}",
                    bang(s.overdue_returns),
                    s.overdue_returns
                ),
                format!("{}Overdue {}", bang(s.overdue_returns), s.overdue_returns),
                format!("{}Late {}", bang(s.overdue_returns), s.overdue_returns),
            ],
            flag(s.overdue_returns, t.warn),
        ),
        (
            [
                format!(
                    "{}Reviews overdue {}",
                    bang(s.overdue_reviews),
                    s.overdue_reviews
                ),
                format!("{}Reviews {}", bang(s.overdue_reviews), s.overdue_reviews),
                format!("{}Rev {}", bang(s.overdue_reviews), s.overdue_reviews),
            ],
            flag(s.overdue_reviews, t.warn),
        ),
    ];
    let inner_w = if compact {
        area.width
    } else {
        area.width.saturating_sub(2)
    } as usize;
    let sep_w = 3 * (items.len() - 1);
    let mut choice = vec![0usize; items.len()];
    let total = |choice: &[usize]| -> usize {
        items
            .iter()
            .zip(choice)
            .map(|(i, c)| width(&i.0[*c]))
            .sum::<usize>()
            + sep_w
    };
    // Shorten from the last figure backwards, one step at a time, until the strip fits.
    'outer: for level in 1..3 {
        for k in (0..items.len()).rev() {
            if total(&choice) <= inner_w {
                break 'outer;
            }
            choice[k] = level;
        }
    }
    let mut spans = Vec::new();
    let mut used = 0;
    for ((texts, style), c) in items.iter().zip(&choice) {
        let text = &texts[*c];
        let sep = if spans.is_empty() { 0 } else { 3 };
        if used + sep + width(text) > inner_w {
            break;
        }
        if sep > 0 {
            spans.push(Span::styled(" │ ", t.muted));
        }
        used += sep + width(text);
        spans.push(Span::styled(text.clone(), *style));
    }
    let line = Line::from(spans);
    if compact {
        f.render_widget(Paragraph::new(line), area);
    } else {
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(t.border)
            .title(Span::styled(" hubboard ", t.title));
        f.render_widget(Paragraph::new(line).block(block), area);
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
        let room = w.saturating_sub(left_w.min(w / 2) + right_w + 2);
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
