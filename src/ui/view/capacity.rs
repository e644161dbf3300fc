//! The member capacity pane: per member and service line, committed units against capacity with a
//! utilisation bar, headroom, tier, and compliance items due or expired.

use ratatui::Frame;
use ratatui::layout::Rect;

use super::table::{self, col, flex, num};
use crate::dashboard::Snapshot;
use crate::domain::Tier;
use crate::ui::action::Pane;
use crate::ui::app::App;
use crate::ui::sort::CapacitySort;

const COLS: [table::Col; 7] = [
    flex("Member", 14, 0),
    flex("Service line", 12, 0),
    col("Tier", 5, 5),
    num("Used/cap", 8, 1),
    col("Utilisation", 11, 2),
    num("Free", 5, 1),
    col("Compliance", 11, 3),
];

/// A ten-cell bar with the percentage, readable without colour.
pub fn bar(pct: u32, cells: usize) -> String {
    let filled = ((pct.min(100) as usize * cells) + 50) / 100;
    format!(
        "{}{} {:>3}%",
        "█".repeat(filled),
        "░".repeat(cells - filled),
        pct.min(999)
    )
}

pub fn draw(f: &mut Frame, area: Rect, app: &App, s: &Snapshot, active: bool) -> usize {
    let t = &app.theme;
    let view = app.rows.view(Pane::Capacity);
    let by_member = app.sorts.capacity.key == CapacitySort::Member;
    table::draw(
        f,
        area,
        t,
        &COLS,
        view.len(),
        &app.cursors[1],
        active,
        |row, c| {
            let r = &s.capacity[view[row]];
            let over = r.headroom() < 0;
            // Sorted by member, a member's later rows leave its name out so groups read at a glance.
            let repeat = row > 0 && by_member && s.capacity[view[row - 1]].member == r.member;
            match c {
                0 if repeat => ("  ″".into(), t.muted),
                0 => (r.member_name.clone(), t.base),
                1 => (r.service_line.clone(), t.base),
                2 => match r.tier {
                    Tier::Full => ("Full".into(), t.base),
                    Tier::Associate => ("Assoc".into(), t.muted),
                },
                3 => (format!("{}/{}", r.committed, r.capacity), t.base),
                4 => {
                    let pct = r.utilisation_pct();
                    let style = if pct > 100 {
                        t.danger
                    } else if pct >= 90 {
                        t.warn
                    } else {
                        t.ok
                    };
                    (bar(pct, 5), style)
                }
                5 => (
                    format!("{}{:+}", if over { "!" } else { "" }, r.headroom()),
                    if over { t.danger } else { t.base },
                ),
                _ => {
                    if r.compliance_kinds == 0 {
                        ("! none".into(), t.danger)
                    } else if r.compliance_expired > 0 {
                        (format!("! {} expired", r.compliance_expired), t.danger)
                    } else if r.compliance_due > 0 {
                        (format!("{} due", r.compliance_due), t.warn)
                    } else {
                        ("ok".into(), t.muted)
                    }
                }
            }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::bar;

    #[test]
    fn bars_show_the_number_too() {
        assert_eq!(bar(75, 8), "██████░░  75%");
        assert_eq!(bar(0, 4), "░░░░   0%");
        assert_eq!(bar(140, 4), "████ 140%");
    }
}
