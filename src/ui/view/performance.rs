//! The sub-contract performance pane: latest delivery against profile, the average of the last
//! three months, a trend sparkline, late and missing returns, status; worst first.

use ratatui::Frame;
use ratatui::layout::Rect;

use super::table::{self, col, flex, num};
use crate::dashboard::Snapshot;
use crate::dashboard::performance::UNDER_PERFORMING_PCT;
use crate::domain::SubContractStatus;
use crate::money;
use crate::ui::action::Pane;
use crate::ui::app::App;

const COLS: [table::Col; 10] = [
    col("Code", 10, 0),
    flex("Member", 14, 0),
    num("Latest", 9, 2),
    num("3-mo", 6, 1),
    col("Trend", 6, 2),
    num("Late", 4, 3),
    num("Miss", 4, 2),
    num("Refs", 5, 5),
    col("Status", 9, 3),
    num("Value", 7, 4),
];

/// Delivery percentages as a text sparkline (0–120% over eight levels).
pub fn sparkline(values: &[u32]) -> String {
    const LEVELS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    values
        .iter()
        .map(|v| LEVELS[((*v).min(120) as usize * 7) / 120])
        .collect()
}

pub fn draw(f: &mut Frame, area: Rect, app: &App, s: &Snapshot, active: bool) -> usize {
    let t = &app.theme;
    let view = app.rows.view(Pane::Performance);
    table::draw(
        f,
        area,
        t,
        &COLS,
        view.len(),
        &app.cursors[2],
        active,
        |row, c| {
            let r = &s.performance[view[row]];
            match c {
                0 => (r.code.clone(), t.base),
                1 => (r.member_name.clone(), t.base),
                2 => match (r.latest_period, r.latest_pct()) {
                    (Some(p), Some(pct)) => {
                        (format!("{} {pct}%", p.first_day().format("%b")), t.base)
                    }
                    _ => ("–".into(), t.muted),
                },
                3 => match r.recent_pct() {
                    Some(p) if p < UNDER_PERFORMING_PCT => (format!("!{p}%"), t.danger),
                    Some(p) if p < 90 => (format!("{p}%"), t.warn),
                    Some(p) => (format!("{p}%"), t.ok),
                    None => ("–".into(), t.muted),
                },
                4 => (sparkline(&r.trend), t.base),
                5 => (
                    r.late.to_string(),
                    if r.late > 0 { t.warn } else { t.muted },
                ),
                6 => (
                    r.missing.to_string(),
                    if r.missing > 0 { t.danger } else { t.muted },
                ),
                7 => (
                    r.referrals.to_string(),
                    if r.referrals == 0 { t.warn } else { t.muted },
                ),
                8 => (
                    r.status.label().to_string(),
                    if r.status == SubContractStatus::Suspended {
                        t.danger
                    } else {
                        t.base
                    },
                ),
                _ => (money::display_short(r.value), t.base),
            }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::sparkline;

    #[test]
    fn sparkline_levels() {
        assert_eq!(sparkline(&[0, 60, 120, 200]), "▁▄██");
        assert_eq!(sparkline(&[]), "");
    }
}
