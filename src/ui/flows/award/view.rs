//! What the award flow shows at each step.

use ratatui::text::Line;

use super::{AwardFlow, Step};
use crate::dates;
use crate::money;
use crate::ui::theme::Theme;

impl AwardFlow {
    /// The step in hand: the route, the member picker, the dates, the plan with every check, or
    /// the confirmation.
    pub(super) fn lines(&self, t: &Theme) -> Vec<Line<'static>> {
        let o = &self.opportunity;
        let mut out = vec![Line::raw(format!(
            "{} · {} · top slice {}% = {} · net for delivery {}",
            o.service_line,
            money::display(o.value),
            o.top_slice_pct.normalize(),
            money::display(o.top_slice()),
            money::display(o.net_value())
        ))];
        match &self.step {
            Step::Route(c) => {
                out.push(Line::styled("Award route:", t.title));
                for (i, r) in [
                    "Joint delivery plan (shares by headroom)",
                    "Competitive sub-tender (panel scores)",
                ]
                .iter()
                .enumerate()
                {
                    let sel = i == c.selected;
                    out.push(Line::styled(
                        format!("{} {r}", if sel { "▶" } else { " " }),
                        if sel { t.selected } else { t.base },
                    ));
                }
            }
            Step::Members { filter, cursor } => {
                out.push(Line::styled(
                    format!(
                        "Members with capacity in {} — type to narrow:",
                        o.service_line
                    ),
                    t.title,
                ));
                out.push(Line::raw(format!("/{}", filter.shown())));
                let vis = Self::visible(&self.candidates, &filter.text);
                let start = cursor.saturating_sub(9);
                for (pos, i) in vis.iter().enumerate().skip(start).take(10) {
                    let c = &self.candidates[*i];
                    let mark = if self.chosen.contains(i) {
                        "[x]"
                    } else {
                        "[ ]"
                    };
                    let sel = pos == *cursor;
                    out.push(Line::styled(
                        format!(
                            "{} {mark} {:<8} {:<36} headroom {:>5}",
                            if sel { "▶" } else { " " },
                            c.member,
                            c.name,
                            c.headroom
                        ),
                        if sel { t.selected } else { t.base },
                    ));
                }
                out.push(Line::raw(format!("{} chosen", self.chosen.len())));
            }
            Step::Start(f) | Step::End(f) | Step::Units(f) | Step::Reason(f) => {
                let label = match &self.step {
                    Step::Start(_) => "First day of delivery (YYYY-MM-DD):",
                    Step::End(_) => "Last day of delivery (YYYY-MM-DD):",
                    Step::Units(_) => {
                        "Units of activity per month the contract needs (split by headroom):"
                    }
                    _ => "Reason for the award (recorded in the audit log):",
                };
                out.push(Line::raw(format!(
                    "{} member(s): {}",
                    self.chosen.len(),
                    self.chosen
                        .iter()
                        .map(|i| self.candidates[*i].member.clone())
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
                out.push(Line::styled(label, t.title));
                out.push(Line::raw(f.shown()));
            }
            Step::Plan { cursor } | Step::EditShare { cursor, .. } => {
                out.push(Line::raw(format!(
                    "{} – {} · {} units/month · reason: {}",
                    dates::display(self.start),
                    dates::display(self.end),
                    self.units,
                    self.reason
                )));
                for (i, (p, s)) in self.plans.iter().zip(&self.shares).enumerate() {
                    let sel = i == *cursor;
                    let ok = p.failures().is_empty();
                    out.push(Line::styled(
                        format!(
                            "{} {:<8} {:>14} {:>5} u/m  {}",
                            if sel { "▶" } else { " " },
                            s.0,
                            money::display(s.1),
                            s.2,
                            if ok {
                                "all checks pass"
                            } else {
                                "CHECKS FAILED"
                            }
                        ),
                        if sel {
                            t.selected
                        } else if ok {
                            t.ok
                        } else {
                            t.danger
                        },
                    ));
                    if sel {
                        for c in &p.checks {
                            out.push(Line::styled(
                                format!("     {}", c.line()),
                                if c.passed { t.muted } else { t.danger },
                            ));
                        }
                    }
                }
                let diff = self.total() - o.net_value();
                out.push(Line::styled(
                    format!(
                        "Shares total {} against net {}{}",
                        money::display(self.total()),
                        money::display(o.net_value()),
                        if diff.is_zero() {
                            " — exact".to_string()
                        } else {
                            format!(" — differ by {}", money::display(diff))
                        }
                    ),
                    if diff.is_zero() { t.ok } else { t.warn },
                ));
                if let Some(r) = &self.override_reason {
                    out.push(Line::styled(format!("Override: {r}"), t.warn));
                }
                if let Step::EditShare { field, .. } = &self.step {
                    out.push(Line::styled("New share (£):", t.title));
                    out.push(Line::raw(field.shown()));
                }
            }
            Step::Override(f) => {
                out.push(Line::styled(
                    "Override reason (recorded with the failed checks):",
                    t.warn,
                ));
                out.push(Line::raw(f.shown()));
            }
            Step::Confirm(f) => {
                out.push(Line::styled(
                    "This will write, in one transaction, each with its audit row:",
                    t.title,
                ));
                for s in &self.shares {
                    out.push(Line::raw(format!(
                        "  a sub-contract for {}: {}, {} units/month, {} – {}",
                        s.0,
                        money::display(s.1),
                        s.2,
                        dates::display(self.start),
                        dates::display(self.end)
                    )));
                }
                out.push(Line::styled(format!("Type {} to confirm:", o.code), t.warn));
                out.push(Line::raw(f.shown()));
            }
        }
        if let Some(e) = &self.error {
            out.push(Line::styled(e.clone(), t.danger));
        }
        out
    }
}
