//! One slide on screen: a title line with the slide number (and a REDACTED badge), the lead, the
//! body (big figures, a table or the heatmap) or the detail list behind it, and the key hints.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::keys;
use super::state::Presenter;
use super::table::fit;
use super::{big_table, figures, heat, table};
use crate::board::Body;
use crate::ui::theme::Theme;

/// What the first slide says while the others are still being read.
pub const READING_REST: &str = "Reading the other slides…";

pub fn draw(f: &mut Frame, p: &Presenter, theme: &Theme) {
    let full = f.area();
    f.render_widget(Block::default().style(theme.base), full);
    let (mx, my) = if full.width >= 160 { (6, 2) } else { (3, 1) };
    if full.width <= mx * 2 + 10 || full.height <= my * 2 + 6 {
        f.render_widget(
            Paragraph::new("Enlarge the window to show the slides").style(theme.base),
            full,
        );
        return;
    }
    let area = Rect::new(
        full.x + mx,
        full.y + my,
        full.width - mx * 2,
        full.height - my * 2,
    );
    let Some(slide) = p.deck.slides.get(p.slide) else {
        return;
    };
    let w = area.width as usize;

    // Title line: the slide's title left, the badge and number right.
    let number = if p.reading_rest() {
        format!("{} / …", p.slide + 1)
    } else {
        format!("{} / {}", p.slide + 1, p.slide_count())
    };
    let badge = if p.deck.redacted { " REDACTED " } else { "" };
    let title = if p.detail {
        format!("{} — detail", slide.title)
    } else {
        slide.title.clone()
    };
    let right_w = number.chars().count() + badge.chars().count() + 2;
    let title = fit(&title.to_uppercase(), w.saturating_sub(right_w + 1));
    let gap = w.saturating_sub(title.chars().count() + right_w);
    let head = Line::from(vec![
        Span::styled(title, theme.title_active),
        Span::styled(" ".repeat(gap), theme.base),
        Span::styled(badge, theme.badge),
        Span::styled("  ", theme.base),
        Span::styled(number, theme.title),
    ]);
    f.render_widget(
        Paragraph::new(head),
        Rect::new(area.x, area.y, area.width, 1),
    );
    let lead = if p.detail {
        slide.detail.title.clone()
    } else {
        slide.lead.clone()
    };
    // The lead takes a second line rather than be cut.
    let lead: Vec<Line> = table::wrap(&lead, w, 2)
        .into_iter()
        .map(|l| Line::styled(l, theme.base))
        .collect();
    let lead_h = lead.len() as u16;
    f.render_widget(
        Paragraph::new(lead),
        Rect::new(area.x, area.y + 1, area.width, lead_h),
    );

    let gap_after_lead = if area.height >= 40 { 2 } else { 1 };
    let top = 1 + lead_h + gap_after_lead;
    let body = Rect::new(
        area.x,
        area.y + top,
        area.width,
        area.height.saturating_sub(top + 2),
    );
    let mut position = String::new();
    if p.detail {
        let (first, shown) = table::draw(f, body, &slide.detail, theme, p.scroll);
        let n = slide.detail.rows.len();
        if shown < n {
            position = format!("rows {}–{} of {n}  ·  ↑/↓ scroll", first + 1, first + shown);
        }
    } else {
        match &slide.body {
            Body::Figures(figs) => figures::draw(f, body, figs, theme),
            Body::Table(t) if big_table::draw(f, body, t, theme) => {}
            Body::Table(t) => {
                let (_, shown) = table::draw(f, body, t, theme, 0);
                if shown < t.rows.len() {
                    position = format!("{} of {} shown  ·  Enter for all", shown, t.rows.len());
                }
            }
            Body::Heat(h) => heat::draw(f, body, h, theme),
        }
    }
    let foot_y = area.y + area.height - 1;
    let as_of = format!("as of {}", p.deck.as_of);
    let hints = fit(&keys::hints(), w.saturating_sub(as_of.chars().count() + 2));
    f.render_widget(
        Paragraph::new(Line::styled(hints, theme.key)),
        Rect::new(area.x, foot_y, area.width, 1),
    );
    f.render_widget(
        Paragraph::new(Line::styled(as_of, theme.base)).alignment(Alignment::Right),
        Rect::new(area.x, foot_y, area.width, 1),
    );
    if position.is_empty() && p.reading_rest() {
        position = READING_REST.into();
    }
    if !position.is_empty() {
        f.render_widget(
            Paragraph::new(Line::styled(position, theme.warn)).alignment(Alignment::Right),
            Rect::new(area.x, foot_y - 1, area.width, 1),
        );
    }
}
