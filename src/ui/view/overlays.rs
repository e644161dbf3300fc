//! Overlays drawn over the panes: the help (generated from the command list and the live key
//! map), the command palette and the detail view.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph};

use super::fit::{fit, pad};
use crate::ui::app::App;
use crate::ui::commands::{COMMANDS, Scope};
use crate::ui::keymap::describe;

fn centred(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

fn frame<'a>(title: &'a str, app: &App) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Double)
        .border_style(app.theme.border_active)
        .title(Span::styled(format!(" {title} "), app.theme.title_active))
}

pub fn help(f: &mut Frame, area: Rect, app: &App) {
    let t = &app.theme;
    let rect = centred(area, 76, area.height.saturating_sub(2).max(10));
    let inner_w = rect.width.saturating_sub(2) as usize;
    let mut lines = Vec::new();
    for (heading, want) in [
        ("Everywhere", None),
        ("Risk heatmap", Some(crate::ui::action::Pane::Risks)),
    ] {
        lines.push(Line::styled(heading, t.header));
        for c in COMMANDS {
            let in_group = match (c.scope, want) {
                (Scope::Everywhere, None) => true,
                (Scope::Pane(p), Some(w)) => p == w,
                _ => false,
            };
            if !in_group {
                continue;
            }
            let keys: Vec<String> = app.keymap.keys(c.action).iter().map(describe).collect();
            let keys = if keys.is_empty() {
                "(unbound)".to_string()
            } else {
                keys.join(" ")
            };
            lines.push(Line::from(vec![
                Span::styled(pad(&keys, 14), t.key),
                Span::raw(fit(c.help, inner_w.saturating_sub(15))),
            ]));
        }
        lines.push(Line::raw(""));
    }
    lines.push(Line::styled(
        "In a filter: type to narrow, Enter keeps it, Esc clears it.",
        t.muted,
    ));
    lines.push(Line::styled(
        "Keys can be changed in the [keys] table of the config file.",
        t.muted,
    ));
    let visible = rect.height.saturating_sub(2) as usize;
    let scroll = app.help_scroll.min(lines.len().saturating_sub(visible));
    f.render_widget(Clear, rect);
    f.render_widget(
        Paragraph::new(lines.into_iter().skip(scroll).collect::<Vec<_>>())
            .block(frame("Help — keys", app)),
        rect,
    );
}

pub fn palette(f: &mut Frame, area: Rect, app: &App) {
    let t = &app.theme;
    let w = area.width.saturating_sub(4).min(90);
    let h = area.height.saturating_sub(2).min(22);
    let rect = Rect::new(area.x + (area.width - w) / 2, area.y + 1, w, h);
    let inner_w = w.saturating_sub(2) as usize;
    let mut lines = vec![Line::from(vec![
        Span::styled(":", t.key),
        Span::raw(app.palette.query.clone()),
        Span::styled("█", t.base),
    ])];
    let room = h.saturating_sub(3) as usize;
    let start = app.palette.selected.saturating_sub(room.saturating_sub(1));
    for (pos, idx) in app
        .palette
        .matches
        .iter()
        .enumerate()
        .skip(start)
        .take(room)
    {
        let e = &app.palette.entries[*idx];
        let sel = pos == app.palette.selected;
        let text = format!(
            "{} {} {}",
            if sel { "▶" } else { " " },
            pad(e.target.kind(), 12),
            e.label
        );
        lines.push(Line::styled(
            fit(&text, inner_w),
            if sel { t.selected } else { t.base },
        ));
    }
    if app.palette.matches.is_empty() {
        lines.push(Line::styled("  no match", t.muted));
    }
    f.render_widget(Clear, rect);
    f.render_widget(
        Paragraph::new(lines).block(frame(
            "Go to — commands, members, opportunities, sub-contracts",
            app,
        )),
        rect,
    );
}

pub fn detail(f: &mut Frame, area: Rect, app: &App) {
    let t = &app.theme;
    let Some(d) = &app.detail else { return };
    let inner_w = area.width.saturating_sub(2) as usize;
    let mut lines = Vec::new();
    for s in &d.sections {
        lines.push(Line::styled(fit(&s.heading, inner_w), t.header));
        for l in &s.lines {
            lines.push(Line::raw(fit(l, inner_w)));
        }
        lines.push(Line::raw(""));
    }
    let visible = area.height.saturating_sub(2) as usize;
    app.page_rows.set(visible.max(1));
    let scroll = app.detail_scroll.min(lines.len().saturating_sub(visible));
    f.render_widget(Clear, area);
    let title = fit(&d.title, inner_w.saturating_sub(4));
    f.render_widget(
        Paragraph::new(lines.into_iter().skip(scroll).collect::<Vec<_>>())
            .block(frame(&title, app)),
        area,
    );
}
