//! The tender pipeline pane: counts and value by stage, then every opportunity with its deadline,
//! days left (bunched deadlines marked ‼), bid/no-bid score and decision, and top slice.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::fit::fit;
use super::table::{self, col, flex, num};
use crate::dashboard::Snapshot;
use crate::dates;
use crate::domain::{BidDecision, Stage};
use crate::money;
use crate::ui::action::Pane;
use crate::ui::app::App;

const COLS: [table::Col; 10] = [
    col("Code", 8, 0),
    flex("Title", 9, 0),
    col("Stage", 10, 1),
    col("Deadline", 11, 4),
    num("Left", 8, 1),
    num("Value", 7, 1),
    num("Score", 5, 3),
    col("Decision", 8, 4),
    num("Slice", 5, 5),
    flex("Commissioner", 14, 7),
];

/// Whether `decided` goes further towards bidding than `recommended`.
fn bolder(decided: BidDecision, recommended: BidDecision) -> bool {
    let rank = |d: BidDecision| match d {
        BidDecision::NoBid => 0,
        BidDecision::Review => 1,
        BidDecision::Bid => 2,
    };
    rank(decided) > rank(recommended)
}

pub fn draw(f: &mut Frame, area: Rect, app: &App, s: &Snapshot, active: bool) -> usize {
    let t = &app.theme;
    let [strip, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    let mut spans = Vec::new();
    let mut used = 0usize;
    for st in &s.stages {
        let item = format!(
            "{} {} {}",
            st.stage.label(),
            st.count,
            money::display_short(st.value)
        );
        let sep = if spans.is_empty() { 0 } else { 3 };
        if used + sep + item.chars().count() > area.width as usize {
            break;
        }
        if sep > 0 {
            spans.push(Span::styled(" │ ", t.muted));
        }
        used += sep + item.chars().count();
        let style = if st.stage.is_open() { t.title } else { t.muted };
        spans.push(Span::styled(item, style));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), strip);

    let view = app.rows.view(Pane::Tenders);
    let cap = app.rules.top_slice_cap_pct;
    table::draw(
        f,
        body,
        t,
        &COLS,
        view.len(),
        &app.cursors[0],
        active,
        |row, c| {
            let r = &s.tenders[view[row]];
            let o = &r.opportunity;
            match c {
                0 => (o.code.clone(), t.base),
                1 => (o.title.clone(), t.base),
                2 => (
                    o.stage.label().to_string(),
                    if o.stage == Stage::Won { t.ok } else { t.base },
                ),
                3 => (dates::display(o.deadline), t.base),
                4 => days_left(app, r.days_left, o.stage, r.bunched),
                5 => (money::display_short(o.value), t.base),
                6 => (o.bid_score.map_or("–".into(), |v| v.to_string()), t.base),
                // ≠: decided to go further than the thresholds recommend for the score (a
                // cautious decision may rest on a failed gate, which the row does not show).
                7 => match (o.decision, o.bid_score) {
                    (Some(d), Some(score)) if bolder(d, app.rules.recommend(score)) => {
                        (format!("{}≠", d.label()), t.danger)
                    }
                    (Some(BidDecision::Bid), _) => ("Bid".into(), t.ok),
                    (Some(BidDecision::Review), _) => ("Review".into(), t.warn),
                    (Some(BidDecision::NoBid), _) => ("No bid".into(), t.muted),
                    (None, _) => ("–".into(), t.muted),
                },
                8 => {
                    let over = o.top_slice_pct > cap;
                    let text = format!(
                        "{}%{}",
                        o.top_slice_pct.normalize(),
                        if over { "!" } else { "" }
                    );
                    (text, if over { t.danger } else { t.base })
                }
                _ => (fit(&r.commissioner_name, 40), t.muted),
            }
        },
    )
}

fn days_left(app: &App, days: i64, stage: Stage, bunched: bool) -> table::Cell {
    let t = &app.theme;
    if !stage.is_open() {
        return ("closed".into(), t.muted);
    }
    if stage == Stage::Submitted && days < 0 {
        // The bid went in; the deadline passing is expected, the result is awaited.
        return ("awaiting".into(), t.muted);
    }
    if days < 0 {
        return ("overdue".into(), t.danger);
    }
    let text = format!("{days}d{}", if bunched { " ‼" } else { "" });
    let style = if days <= 7 || bunched { t.warn } else { t.base };
    (text, style)
}
