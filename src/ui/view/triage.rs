//! The triage list, over the panes: providers needing attention, most urgent first — severity,
//! then money at risk, then trend — each saying why in words; the selected row's reasons in full
//! below. Referral-route warnings ("bid candy") are marked apart from providers failing.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph};

use super::fit::{fit, pad, pad_left, wrap};
use crate::money;
use crate::scoring::{Severity, SignalKind};
use crate::ui::app::App;
use crate::ui::list_words::standing_word;

pub fn draw(f: &mut Frame, area: Rect, app: &App) {
    let t = &app.theme;
    let rows = app.triage_rows();
    let all = app.snapshot.as_ref().map_or(0, |s| s.triage.len());
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Double)
        .border_style(t.border_active)
        .title(Line::styled(
            if app.triage_filter.active() {
                format!(
                    " Triage — {} of {all} needing attention, most urgent first{} ",
                    rows.len(),
                    app.triage_filter.note()
                )
            } else {
                format!(" Triage — {all} needing attention, most urgent first ")
            },
            t.title_active,
        ));
    let inner = block.inner(area);
    f.render_widget(Clear, area);
    f.render_widget(block, area);
    // The reasons for the selected row take up to a third of the height, most severe first.
    let why_h = (inner.height / 3).clamp(4, 10);
    let [list, why] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(why_h)]).areas(inner);
    let w = list.width as usize;
    let room = list.height.saturating_sub(1) as usize;
    app.page_rows.set(room.max(1));
    let sel = app.triage_selected.min(rows.len().saturating_sub(1));
    let start = sel.saturating_sub(room.saturating_sub(1));
    // Fixed columns, then the reasons in what is left.
    let fixed = 2 + 9 + 1 + 22 + 1 + 9 + 1 + 12 + 1 + 10 + 1;
    let mut lines = vec![Line::styled(
        fit(
            &format!(
                "  {} {} {} {} {} {}",
                pad("Severity", 9),
                pad("Provider", 22),
                pad("Contract", 9),
                pad("Standing", 14),
                pad_left("At risk", 10),
                "Why"
            ),
            w,
        ),
        t.header,
    )];
    for (i, r) in rows.iter().enumerate().skip(start).take(room) {
        let severity = r.severity_word();
        let standing = standing_word(r);
        let text = format!(
            "{} {} {} {} {} {} {}",
            if i == sel { "▶" } else { " " },
            pad(severity, 9),
            pad(&r.member_name, 22),
            pad(r.subcontract.as_deref().unwrap_or("member"), 9),
            pad(standing, 14),
            pad_left(&money::display_short(r.money_at_risk), 10),
            fit(&r.why, w.saturating_sub(fixed)),
        );
        let style = if i == sel {
            t.selected
        } else if r.kind == SignalKind::ReferralRoute {
            t.warn
        } else if r.severity == Severity::High {
            t.danger
        } else {
            t.base
        };
        lines.push(Line::styled(fit(&text, w), style));
    }
    if rows.is_empty() {
        let none = if all > 0 {
            "  No row matches the filter (Esc clears it)."
        } else {
            "  Nobody needs attention."
        };
        lines.push(Line::styled(none, t.muted));
    }
    f.render_widget(Paragraph::new(lines), list);

    let mut detail: Vec<Line> = Vec::new();
    if let Some(r) = rows.get(sel) {
        let who = match &r.subcontract {
            Some(c) => format!(
                "{} — {c} on {}",
                r.member_name,
                r.opportunity.as_deref().unwrap_or("")
            ),
            None => r.member_name.clone(),
        };
        detail.push(Line::styled(fit(&who, w), t.title));
        for s in &r.signals {
            for l in wrap(&format!("• {}", s.why), w) {
                detail.push(Line::raw(l));
            }
        }
    }
    detail.truncate((why.height as usize).saturating_sub(1));
    detail.push(Line::styled(
        fit(
            "Enter detail · s suspend (evidence first) · ↑↓ move · / filter · Esc back",
            w,
        ),
        t.muted,
    ));
    f.render_widget(Paragraph::new(detail), why);
}
