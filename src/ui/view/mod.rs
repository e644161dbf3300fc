//! Drawing the dashboard from state. Below 100×30 the panes become tabs (one at a time) so nothing
//! overlaps at 80×24; above, they share a 2×2 grid. Overlays (help, palette, detail) draw last.

mod capacity;
mod chrome;
pub mod fit;
mod overlays;
mod performance;
mod risks;
pub mod table;
mod tenders;
mod triage;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::symbols::border;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::action::Pane;
use super::app::{App, Mode};

/// Below this size the panes are shown one at a time, as tabs.
pub const COMPACT_WIDTH: u16 = 100;
pub const COMPACT_HEIGHT: u16 = 30;

pub fn is_compact(area: Rect) -> bool {
    area.width < COMPACT_WIDTH || area.height < COMPACT_HEIGHT
}

/// Where each part of the screen goes: the summary strip, the tab line, the panes (all four, or
/// the current one full size) and the status bar.
pub struct Areas {
    pub strip: Rect,
    pub tabs: Rect,
    pub main: Rect,
    pub status: Rect,
    pub panes: Vec<(Pane, Rect)>,
}

pub fn areas(area: Rect, app: &App) -> Areas {
    let compact = is_compact(area);
    let strip_h = if compact {
        chrome::summary_rows(app, area.width as usize)
    } else {
        chrome::summary_rows(app, area.width.saturating_sub(2) as usize) + 2
    };
    let tabs_h = u16::from(compact || app.zoom);
    let [strip, tabs, main, status] = Layout::vertical([
        Constraint::Length(strip_h),
        Constraint::Length(tabs_h),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let panes = if compact || app.zoom {
        vec![(app.pane, main)]
    } else {
        let [top, bottom] =
            Layout::vertical([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(main);
        let [a, b] =
            Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(top);
        let [c, d] = Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
            .areas(bottom);
        Pane::ALL.into_iter().zip([a, b, c, d]).collect()
    };
    Areas {
        strip,
        tabs,
        main,
        status,
        panes,
    }
}

/// The pane under a screen position (for the optional mouse).
pub fn pane_at(area: Rect, app: &App, x: u16, y: u16) -> Option<Pane> {
    areas(area, app)
        .panes
        .into_iter()
        .find(|(_, r)| r.contains(ratatui::layout::Position { x, y }))
        .map(|(p, _)| p)
}

pub fn draw(f: &mut Frame, app: &App) {
    let area = f.area();
    let compact = is_compact(area);
    let Areas {
        strip,
        tabs,
        main,
        status,
        panes,
    } = areas(area, app);
    chrome::summary_strip(f, strip, app, compact);
    if tabs.height > 0 {
        chrome::tabs(f, tabs, app);
    }
    for (pane, rect) in panes {
        draw_pane(f, rect, app, pane);
    }
    chrome::status_bar(f, status, app);
    match app.mode {
        Mode::Help => overlays::help(f, main, app),
        Mode::Palette => overlays::palette(f, main, app),
        Mode::Detail => overlays::detail(f, main, app),
        Mode::Flow => overlays::flow(f, main, app),
        Mode::Audit => overlays::audit(f, main, app),
        Mode::Triage => triage::draw(f, main, app),
        _ => {}
    }
}

/// The selected row's words in full, for the pane's lower border.
fn selected_in_full(app: &App, s: &crate::dashboard::Snapshot, pane: Pane) -> Option<String> {
    let view = app.rows.view(pane);
    let i = *view.get(app.cursors[pane.index()].selected)?;
    Some(match pane {
        Pane::Tenders => {
            let t = s.tenders.get(i)?;
            let o = &t.opportunity;
            format!("{} {} — {}", o.code, o.title, t.commissioner_name)
        }
        Pane::Capacity => {
            let c = s.capacity.get(i)?;
            format!("{} {} · {}", c.member, c.member_name, c.service_line)
        }
        Pane::Performance => {
            let p = s.performance.get(i)?;
            format!(
                "{} {} {} · {} {} · {}",
                p.code,
                p.member,
                p.member_name,
                p.opportunity,
                p.service_line,
                p.state.label()
            )
        }
        Pane::Risks => return None,
    })
}

/// The edges the active pane wears: double above and below, the sides single as on every pane,
/// so moving between panes redraws two edges of each, not their whole outline.
const ACTIVE_EDGES: border::Set = border::Set {
    top_left: "╒",
    top_right: "╕",
    bottom_left: "╘",
    bottom_right: "╛",
    vertical_left: "│",
    vertical_right: "│",
    horizontal_top: "═",
    horizontal_bottom: "═",
};

/// A pane's outline, its upper and lower edges double and in the active colour when active; the
/// area inside it.
fn draw_border(f: &mut Frame, area: Rect, active: bool, t: &super::theme::Theme) -> Rect {
    let mut block = Block::new().borders(Borders::ALL).border_style(t.border);
    if active {
        block = block.border_set(ACTIVE_EDGES);
    }
    let inner = block.inner(area);
    f.render_widget(block, area);
    if active && area.height > 0 {
        let buf = f.buffer_mut();
        let top = Rect { height: 1, ..area };
        buf.set_style(top, t.border_active);
        buf.set_style(
            Rect {
                y: area.bottom() - 1,
                ..top
            },
            t.border_active,
        );
    }
    inner
}

/// A pane's frame: number, title, row count, filter and sort; double edges when active; the
/// selected row in full on the lower border.
fn draw_pane(f: &mut Frame, area: Rect, app: &App, pane: Pane) {
    let active = app.pane == pane;
    let t = &app.theme;
    let mut title = vec![
        Span::styled(if active { "▶ " } else { " " }, t.title_active),
        Span::styled(
            format!("{} {}", pane.index() + 1, pane.title()),
            if active { t.title_active } else { t.title },
        ),
    ];
    if pane != Pane::Risks && app.snapshot.is_some() && app.loaded.pane(pane) {
        let n = crate::money::group_digits(&app.view_len(pane).to_string());
        match app.loaded.page_of(pane) {
            // The first rows by index while the whole list comes: say how many there will be.
            Some(total) => title.push(Span::styled(
                format!(
                    " · {n} of {} so far",
                    crate::money::group_digits(&total.to_string())
                ),
                t.muted,
            )),
            None => title.push(Span::styled(format!(" · {n}"), t.muted)),
        }
        let sort = app.sorts.of(pane);
        if !sort.is_default() {
            title.push(Span::styled(
                format!(
                    " · {}{}",
                    sort.label(),
                    if sort.reversed() { " ↑" } else { "" }
                ),
                t.muted,
            ));
        }
    }
    let filter = &app.filters[pane.index()];
    if !filter.is_empty() {
        title.push(Span::styled(
            format!(" /{filter}"),
            t.warn.add_modifier(Modifier::BOLD),
        ));
    }
    title.push(Span::raw(" "));
    let inner = draw_border(f, area, active, t);
    let mut titles = Block::new().title(Line::from(title));
    // The selected row in full on the active pane's lower border: what a column cut reads whole.
    let full = app
        .snapshot
        .as_ref()
        .filter(|_| active)
        .and_then(|s| selected_in_full(app, s, pane));
    if let Some(text) = full {
        titles = titles.title_bottom(Line::styled(
            format!(
                " {} ",
                fit::fit(&text, (area.width as usize).saturating_sub(4))
            ),
            t.muted,
        ));
    }
    let edge = Rect {
        x: area.x.saturating_add(1),
        width: area.width.saturating_sub(2),
        ..area
    };
    f.render_widget(titles, edge);
    let Some(snapshot) = app.snapshot.as_ref().filter(|_| app.loaded.pane(pane)) else {
        f.render_widget(Paragraph::new(Line::styled("Loading…", t.muted)), inner);
        return;
    };
    let rows = match pane {
        Pane::Tenders => tenders::draw(f, inner, app, snapshot, active),
        Pane::Capacity => capacity::draw(f, inner, app, snapshot, active),
        Pane::Performance => performance::draw(f, inner, app, snapshot, active),
        Pane::Risks => {
            risks::draw(f, inner, app, snapshot, active);
            0
        }
    };
    if active {
        app.page_rows.set(rows.max(1));
    }
}
