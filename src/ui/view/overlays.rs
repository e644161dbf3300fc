//! Overlays drawn over the panes: the help (generated from the command list and the live key
//! map), the command palette and the detail view.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph};

use super::fit::{fit, pad};
use crate::ui::action::Pane;
use crate::ui::app::App;
use crate::ui::commands::{Scope, commands};
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
    let rect = centred(area, 84, area.height.saturating_sub(2).max(10));
    let inner_w = rect.width.saturating_sub(2) as usize;
    let mut lines = Vec::new();
    let groups: [(&str, Option<Pane>); 5] = [
        ("Everywhere", None),
        ("Tender opportunities", Some(Pane::Tenders)),
        ("Member capacity", Some(Pane::Capacity)),
        ("Sub-contract performance", Some(Pane::Performance)),
        ("Risk heatmap", Some(Pane::Risks)),
    ];
    for (heading, want) in groups {
        // Read-only sessions are not told about decisions they cannot take.
        let members: Vec<_> = commands()
            .iter()
            .filter(|c| !app.read_only || !c.decision)
            .filter(|c| match (c.scope, want) {
                (Scope::Everywhere, None) => true,
                (Scope::Pane(p), Some(w)) => p == w,
                _ => false,
            })
            .collect();
        if members.is_empty() {
            continue;
        }
        lines.push(Line::styled(heading, t.header));
        for c in members {
            let keys: Vec<String> = app.keymap.keys(c.action).iter().map(describe).collect();
            let keys = if keys.is_empty() {
                "(unbound)".to_string()
            } else {
                keys.join(" ")
            };
            // Long descriptions wrap under themselves rather than being cut.
            let wrapped = super::fit::wrap(c.help, inner_w.saturating_sub(15).max(10));
            for (n, part) in wrapped.into_iter().enumerate() {
                let key_cell = if n == 0 {
                    pad(&keys, 14)
                } else {
                    " ".repeat(14)
                };
                lines.push(Line::from(vec![
                    Span::styled(key_cell, t.key),
                    Span::raw(format!(" {}", part.trim_start())),
                ]));
            }
        }
        lines.push(Line::raw(""));
    }
    if app.read_only {
        lines.push(Line::styled(
            "Read-only: decisions are not available in this session.",
            t.warn,
        ));
    }
    lines.push(Line::styled("What the marks mean", t.header));
    for (mark, means) in MARKS {
        let wrapped = super::fit::wrap(means, inner_w.saturating_sub(19).max(10));
        for (n, part) in wrapped.into_iter().enumerate() {
            let mark = if n == 0 {
                pad(mark, 18)
            } else {
                " ".repeat(18)
            };
            lines.push(Line::from(vec![
                Span::styled(mark, t.key),
                Span::raw(format!(" {}", part.trim_start())),
            ]));
        }
    }
    lines.push(Line::raw(""));
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

/// The marks the panes use, for the legend in the help.
const MARKS: [(&str, &str); 11] = [
    ("▶", "the selected row, or the pane with the keyboard"),
    (
        "! (headline)",
        "a count needing attention: under-performing, overdue returns or reviews",
    ),
    ("!81 (Score)", "a sub-contract under-performing"),
    (
        "12%! (Slice)",
        "a top slice above [rules] top_slice_cap_pct",
    ),
    (
        "+39 / !-5 (Free)",
        "units a month a member has free; ! when over-committed",
    ),
    (
        "9d ‼ (Left)",
        "a deadline bunched with others beyond the hub's bids a fortnight",
    ),
    (
        "Bid≠",
        "a bid decision bolder than the score recommends (taken over a check)",
    ),
    ("SC-0053 ⚑", "an open early warning on the sub-contract"),
    (
        "Late / Miss / Refs",
        "returns in late / months with no return / referrals received",
    ),
    ("″", "the same member as the row above"),
    (
        "⚠ (Risks)",
        "a risk scored outside its scale, to be corrected",
    ),
];

/// A decision workflow: its body, then the keys it accepts on the last line.
pub fn flow(f: &mut Frame, area: Rect, app: &App) {
    let t = &app.theme;
    let Some(flow) = &app.flow else { return };
    let rect = centred(area, 100, area.height);
    let inner_w = rect.width.saturating_sub(2) as usize;
    let room = rect.height.saturating_sub(3) as usize;
    // Long lines wrap at words so no figure or reason is cut off.
    let body: Vec<Line> = flow
        .body(t, inner_w)
        .into_iter()
        .flat_map(|l| {
            let style = l
                .style
                .patch(l.spans.first().map(|s| s.style).unwrap_or_default());
            let text: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
            super::fit::wrap(&text, inner_w)
                .into_iter()
                .map(move |w| Line::styled(w, style))
        })
        .collect();
    // The step being answered is at the end: when the body is too long, keep its end in view.
    let skip = body.len().saturating_sub(room);
    let mut lines: Vec<Line> = body.into_iter().skip(skip).collect();
    while lines.len() < room {
        lines.push(Line::raw(""));
    }
    lines.push(Line::styled(fit(&flow.hint(), inner_w), t.key));
    f.render_widget(Clear, rect);
    let title = fit(&flow.title(), inner_w.saturating_sub(4));
    f.render_widget(Paragraph::new(lines).block(frame(&title, app)), rect);
}

/// The audit log: newest first, one decision a line; Enter opens a row's before and after.
pub fn audit(f: &mut Frame, area: Rect, app: &App) {
    let t = &app.theme;
    let inner_w = area.width.saturating_sub(2) as usize;
    let room = area.height.saturating_sub(3) as usize;
    app.page_rows.set(room.max(1));
    let start = app.audit_selected.saturating_sub(room.saturating_sub(1));
    let mut lines = vec![Line::styled(
        fit(
            &format!(
                "{:>5}  {:<17} {:<10} {:<12} {:<22} Reason",
                "Row", "When", "Who", "Action", "Entity"
            ),
            inner_w,
        ),
        t.header,
    )];
    let rows = app.audit_view();
    for (i, r) in rows.iter().enumerate().skip(start).take(room) {
        let when = crate::ui::list_words::audit_when(r);
        let text = format!(
            "{:>5}  {:<17} {:<10} {:<12} {:<22} {}",
            r.id,
            when,
            fit(&r.actor, 10),
            fit(&r.action, 12),
            fit(&r.entity, 22),
            r.reason.as_deref().unwrap_or("")
        );
        let sel = i == app.audit_selected;
        lines.push(Line::styled(
            fit(&text, inner_w),
            if sel { t.selected } else { t.base },
        ));
    }
    if rows.is_empty() {
        let none = if app.audit_rows.is_empty() {
            "No audit rows."
        } else {
            "No row matches the filter (Esc clears it)."
        };
        lines.push(Line::styled(none, t.muted));
    }
    f.render_widget(Clear, area);
    let title = if app.audit_filter.active() {
        format!(
            "{} — {} shown{}",
            app.audit_title,
            rows.len(),
            app.audit_filter.note()
        )
    } else {
        app.audit_title.clone()
    };
    let title = fit(&title, inner_w.saturating_sub(4));
    f.render_widget(Paragraph::new(lines).block(frame(&title, app)), area);
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
            pad(e.kind(), 12),
            e.label
        );
        lines.push(Line::styled(
            fit(&text, inner_w),
            if sel { t.selected } else { t.base },
        ));
    }
    if app.palette.waiting {
        let said = if app.palette.enter_held {
            "  loading every member, opportunity and sub-contract… Enter goes once they are in"
        } else {
            "  loading every member, opportunity and sub-contract…"
        };
        lines.push(Line::styled(fit(said, inner_w), t.muted));
    } else if app.palette.matches.is_empty() {
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
        // A long line (a reason, a why) wraps rather than being cut; the view scrolls.
        for l in &s.lines {
            lines.extend(super::fit::wrap(l, inner_w).into_iter().map(Line::raw));
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
