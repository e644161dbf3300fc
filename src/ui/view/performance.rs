//! The sub-contract performance pane: the scorecard's overall score and standing, latest delivery
//! against profile, the average of the last three months, a trend sparkline, late and missing
//! returns, referrals, status; worst first.

use ratatui::Frame;
use ratatui::layout::Rect;
use rust_decimal::RoundingStrategy;

use super::table::{self, col, flex, num};
use crate::dashboard::Snapshot;
use crate::dashboard::performance::UNDER_PERFORMING_PCT;
use crate::domain::state::State;
use crate::money;
use crate::scoring::Standing;
use crate::ui::action::Pane;
use crate::ui::app::App;

// What a user decides by stays from 100×30 (code, member, standing, status); the score, which
// the standing words already carry, comes next.
const COLS: [table::Col; 12] = [
    col("Code", 9, 0),
    flex("Member", 8, 0),
    num("Score", 5, 2),
    col("Standing", 14, 1),
    num("Latest", 9, 3),
    num("3-mo", 5, 4),
    col("Trend", 6, 3),
    num("Late", 4, 4),
    num("Miss", 4, 3),
    num("Refs", 5, 5),
    col("Status", 12, 1),
    num("Value", 7, 4),
];

pub use crate::dashboard::trend::sparkline;

/// Standings in a column's width, in the Procurement Act's words.
pub fn standing_short(s: Standing) -> &'static str {
    s.short_label()
}

pub fn draw(f: &mut Frame, area: Rect, app: &App, s: &Snapshot, active: bool) -> usize {
    let t = &app.theme;
    let view = app.rows.view(Pane::Performance);
    let cell = |row: usize, c: usize| -> table::Cell {
        let r = &s.performance[view[row]];
        let dim = |cond: bool, on| if cond { on } else { t.muted };
        match c {
            // ⚑: an officer's early warning is open on it.
            0 if r.early_warning => (format!("{} ⚑", r.code), t.warn),
            0 => (r.code.clone(), t.base),
            1 => (r.member_name.to_string(), t.base),
            2 => match r.overall {
                Some(o) => {
                    let whole = o.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
                    let bad = r.under_performing();
                    (
                        format!("{}{whole}", if bad { "!" } else { "" }),
                        if bad { t.danger } else { t.base },
                    )
                }
                None => ("–".into(), t.muted),
            },
            3 if r.referral_route => (crate::scoring::signals::ROUTE_LABEL.into(), t.warn),
            3 => match r.standing {
                Some(x @ (Standing::Inadequate | Standing::RequiresImprovement)) => {
                    (standing_short(x).into(), t.danger)
                }
                Some(x @ Standing::ApproachingTarget) => (standing_short(x).into(), t.warn),
                Some(x) => (standing_short(x).into(), t.ok),
                None => ("not scored".into(), t.muted),
            },
            4 => match (r.latest_period, r.latest_pct()) {
                (Some(p), Some(pct)) => (format!("{} {pct}%", p.first_day().format("%b")), t.base),
                _ => ("–".into(), t.muted),
            },
            5 => match r.recent_pct() {
                Some(p) if p < UNDER_PERFORMING_PCT => (format!("{p}%"), t.warn),
                Some(p) => (format!("{p}%"), t.base),
                None => ("–".into(), t.muted),
            },
            6 => (sparkline(&r.trend), t.base),
            7 => (r.late.to_string(), dim(r.late > 0, t.warn)),
            8 => (r.missing.to_string(), dim(r.missing > 0, t.danger)),
            9 => (
                r.referrals.to_string(),
                if r.referrals == 0 { t.warn } else { t.muted },
            ),
            10 => {
                let style = match r.state {
                    State::Suspended { .. } => t.danger,
                    State::UnderNotice { .. } => t.warn,
                    _ => t.base,
                };
                (r.state.label().to_string(), style)
            }
            _ => (money::display_short(r.value), t.base),
        }
    };
    table::draw(f, area, t, &COLS, view.len(), &app.cursors[2], active, cell)
}
