//! The dashboard driven through its update loop: keys in, state out.

mod ui_support;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use hubboard::ui::action::Pane;
use hubboard::ui::app::{App, Mode};
use hubboard::ui::sort::CapacitySort;
use hubboard::ui::theme::ThemeName;
use hubboard::ui::update::Effect;
use ui_support::*;

fn press(app: &mut App, code: KeyCode) -> Effect {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn typed(app: &mut App, s: &str) {
    for c in s.chars() {
        press(app, KeyCode::Char(c));
    }
}

#[test]
fn tab_number_keys_and_back_tab_move_between_panes() {
    let (_dir, store) = demo_db();
    let mut app = app_on(&store, ThemeName::Default);
    assert_eq!(app.pane, Pane::Tenders);
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.pane, Pane::Capacity);
    press(&mut app, KeyCode::BackTab);
    press(&mut app, KeyCode::BackTab);
    assert_eq!(app.pane, Pane::Risks);
    press(&mut app, KeyCode::Char('3'));
    assert_eq!(app.pane, Pane::Performance);
}

#[test]
fn filter_is_live_case_insensitive_and_esc_clears_it() {
    let (_dir, store) = demo_db();
    let mut app = app_on(&store, ThemeName::Default);
    press(&mut app, KeyCode::Char('2'));
    let all = app.view_len(Pane::Capacity);
    press(&mut app, KeyCode::Char('/'));
    assert_eq!(app.mode, Mode::Filter);
    typed(&mut app, "KNOWSLEY");
    let some = app.view_len(Pane::Capacity);
    assert!(some > 0 && some < all, "{some} of {all}");
    let s = app.snapshot.as_ref().unwrap();
    for idx in app.rows.view(Pane::Capacity) {
        let r = &s.capacity[*idx];
        let text = format!("{} {} {}", r.member, r.member_name, r.service_line).to_lowercase();
        assert!(text.contains("knowsley"), "{text}");
    }
    // Ctrl-W drops the last word, Ctrl-U the whole filter; neither types a letter.
    typed(&mut app, " zzz");
    assert_eq!(app.view_len(Pane::Capacity), 0);
    let ctrl = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL);
    app.handle_key(ctrl('w'));
    assert_eq!(app.view_len(Pane::Capacity), some);
    app.handle_key(ctrl('u'));
    assert_eq!(app.mode, Mode::Filter);
    assert_eq!(app.view_len(Pane::Capacity), all);
    typed(&mut app, "KNOWSLEY");
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.mode, Mode::Normal);
    assert_eq!(app.view_len(Pane::Capacity), all);
}

#[test]
fn palette_jumps_to_a_named_member() {
    let (_dir, store) = demo_db();
    let mut app = app_on(&store, ThemeName::Default);
    press(&mut app, KeyCode::Char(':'));
    assert_eq!(app.mode, Mode::Palette);
    typed(&mut app, "huyton advice");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.mode, Mode::Normal);
    assert_eq!(app.pane, Pane::Capacity);
    let s = app.snapshot.as_ref().unwrap();
    let idx = app.rows.view(Pane::Capacity)[app.cursor().selected];
    assert_eq!(s.capacity[idx].member_name, "Huyton Advice Centre");
}

#[test]
fn palette_runs_commands_too() {
    let (_dir, store) = demo_db();
    let mut app = app_on(&store, ThemeName::Default);
    press(&mut app, KeyCode::Char(':'));
    typed(&mut app, "zoom");
    press(&mut app, KeyCode::Enter);
    assert!(app.zoom);
}

#[test]
fn zoom_toggles_and_esc_unzooms() {
    let (_dir, store) = demo_db();
    let mut app = app_on(&store, ThemeName::Default);
    press(&mut app, KeyCode::Char('z'));
    assert!(app.zoom);
    press(&mut app, KeyCode::Esc);
    assert!(!app.zoom);
}

#[test]
fn enter_opens_a_detail_and_esc_returns() {
    let (_dir, store) = demo_db();
    let mut app = app_on(&store, ThemeName::Default);
    press(&mut app, KeyCode::Char('2'));
    let effect = press(&mut app, KeyCode::Enter);
    let Effect::OpenDetail(req) = effect else {
        panic!("{effect:?}")
    };
    hubboard::ui::open_detail(&mut app, &req, store.conn(), today());
    assert_eq!(app.mode, Mode::Detail);
    assert!(app.detail.as_ref().unwrap().title.starts_with("Member "));
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.mode, Mode::Normal);
    assert!(app.detail.is_none());
}

#[test]
fn movement_stays_within_the_rows() {
    let (_dir, store) = demo_db();
    let mut app = app_on(&store, ThemeName::Default);
    press(&mut app, KeyCode::Char('3'));
    press(&mut app, KeyCode::Up);
    assert_eq!(app.cursor().selected, 0);
    press(&mut app, KeyCode::End);
    assert_eq!(app.cursor().selected, app.view_len(Pane::Performance) - 1);
    press(&mut app, KeyCode::Char('j'));
    assert_eq!(app.cursor().selected, app.view_len(Pane::Performance) - 1);
    press(&mut app, KeyCode::Home);
    assert_eq!(app.cursor().selected, 0);
}

#[test]
fn sorting_cycles_and_reverses() {
    let (_dir, store) = demo_db();
    let mut app = app_on(&store, ThemeName::Default);
    press(&mut app, KeyCode::Char('2'));
    press(&mut app, KeyCode::Char('o')); // utilisation, highest first
    assert_eq!(app.sorts.capacity.key, CapacitySort::Utilisation);
    assert!(
        app.status.ends_with("sorted by utilisation"),
        "{}",
        app.status
    );
    let s = app.snapshot.as_ref().unwrap();
    let utils: Vec<u32> = app
        .rows
        .view(Pane::Capacity)
        .iter()
        .map(|i| s.capacity[*i].utilisation_pct())
        .collect();
    assert!(utils.windows(2).all(|w| w[0] >= w[1]));
    app.handle_key(KeyEvent::new(KeyCode::Char('O'), KeyModifiers::SHIFT));
    let s = app.snapshot.as_ref().unwrap();
    let utils: Vec<u32> = app
        .rows
        .view(Pane::Capacity)
        .iter()
        .map(|i| s.capacity[*i].utilisation_pct())
        .collect();
    assert!(utils.windows(2).all(|w| w[0] <= w[1]));
}

#[test]
fn heatmap_cursor_moves_and_basis_toggles() {
    let (_dir, store) = demo_db();
    let mut app = app_on(&store, ThemeName::Default);
    press(&mut app, KeyCode::Char('4'));
    let before = app.heat;
    press(&mut app, KeyCode::Char('g'));
    assert_ne!(app.heat.basis, before.basis);
    app.heat.probability = 1;
    app.heat.impact = 1;
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Up);
    assert_eq!((app.heat.probability, app.heat.impact), (2, 2));
    for _ in 0..20 {
        press(&mut app, KeyCode::Right);
        press(&mut app, KeyCode::Up);
    }
    assert_eq!(
        (app.heat.probability, app.heat.impact),
        (7, 4),
        "clamped to the Knowsley 7×4 grid"
    );
}

#[test]
fn q_quits_from_normal_mode_but_types_into_a_filter() {
    let (_dir, store) = demo_db();
    let mut app = app_on(&store, ThemeName::Default);
    press(&mut app, KeyCode::Char('/'));
    press(&mut app, KeyCode::Char('q'));
    assert!(!app.quit);
    assert_eq!(app.filters[0], "q");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('q'));
    assert!(app.quit);
}

#[test]
fn a_click_lands_on_the_pane_under_it() {
    use hubboard::ui::view::pane_at;
    use ratatui::layout::Rect;
    let (_dir, store) = demo_db();
    let app = app_on(&store, ThemeName::Default);
    let big = Rect::new(0, 0, 120, 40);
    assert_eq!(pane_at(big, &app, 5, 6), Some(Pane::Tenders));
    assert_eq!(pane_at(big, &app, 100, 6), Some(Pane::Capacity));
    assert_eq!(pane_at(big, &app, 5, 30), Some(Pane::Performance));
    assert_eq!(pane_at(big, &app, 100, 30), Some(Pane::Risks));
    assert_eq!(
        pane_at(big, &app, 5, 0),
        None,
        "the summary strip is not a pane"
    );
    // At 80×24 only the current pane is on screen.
    assert_eq!(
        pane_at(Rect::new(0, 0, 80, 24), &app, 70, 20),
        Some(Pane::Tenders)
    );
}

#[test]
fn the_heatmap_cursor_stays_on_the_grid_when_the_main_scale_shrinks() {
    let (_dir, store) = demo_db();
    let mut app = app_on(&store, ThemeName::Default);
    press(&mut app, KeyCode::Char('4'));
    for _ in 0..10 {
        press(&mut app, KeyCode::Right);
        press(&mut app, KeyCode::Up);
    }
    assert_eq!((app.heat.probability, app.heat.impact), (7, 4));
    // Most open risks are now on the NHS 5×5 scale, so it becomes the grid.
    for n in 0..40 {
        store
            .conn()
            .execute(
                "INSERT INTO risks (code, title, category, owner, scale, gross_probability,
                     gross_impact, preventative_controls, curative_controls, review_date, status,
                     entity_kind)
                 VALUES (?1, 'On the NHS scale', 'service', 'Chair', 'nhs5x5', 2, 2, '', '',
                     '2027-01-31', 'open', 'consortium')",
                [format!("R-9{n:02}")],
            )
            .unwrap();
    }
    let config = hubboard::config::Config::default();
    app.set_snapshot(hubboard::dashboard::load(store.conn(), today(), &config).unwrap());
    assert_eq!(app.heat_scale().name, "nhs5x5");
    assert_eq!((app.heat.probability, app.heat.impact), (5, 4));
    let shown = screen(&app, 120, 40);
    assert!(shown.contains("P5"), "{shown}");
    // The cell's detail, and a cell no scale has, open without reaching past the grid.
    let snap = app.snapshot.as_ref().unwrap();
    let scale = app.heat_scale();
    let basis = app.heat.basis;
    let cell = hubboard::ui::detail::risk_cell(snap, scale, basis, 5, 4);
    assert!(!cell.title.is_empty());
    hubboard::ui::detail::risk_cell(snap, scale, basis, 0, 9);
}

#[test]
fn help_scrolls_by_the_page_and_ends_with_what_the_marks_mean() {
    let (_dir, store) = demo_db();
    let mut app = app_on(&store, ThemeName::Default);
    press(&mut app, KeyCode::Char('?'));
    assert_eq!(app.mode, Mode::Help);
    let first = screen(&app, 100, 30);
    assert!(!first.contains("What the marks mean"));
    for _ in 0..20 {
        press(&mut app, KeyCode::PageDown);
        assert_eq!(app.mode, Mode::Help, "PgDn closed the help");
    }
    let last = screen(&app, 100, 30);
    assert!(last.contains("What the marks mean"), "{last}");
    for mark in ["‼", "⚑", "Bid≠", "Late / Miss / Refs", "″", "⚠"] {
        assert!(last.contains(mark), "{mark} not explained:\n{last}");
    }
    press(&mut app, KeyCode::Home);
    assert_eq!(screen(&app, 100, 30), first);
    press(&mut app, KeyCode::End);
    assert_eq!(screen(&app, 100, 30), last);
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.mode, Mode::Normal);
}

#[test]
fn a_status_message_is_shown_whole_and_the_key_hints_give_way() {
    let (_dir, store) = demo_db();
    let mut app = app_on(&store, ThemeName::Default);
    let message = "SC-0106: notice given, ends 28 Feb 2027; audit row 2; transfer not started";
    app.status = message.into();
    for (w, h) in [(100, 30), (120, 40)] {
        let text = screen(&app, w, h);
        let last = text.lines().last().unwrap_or_default();
        assert!(last.contains(message), "{w}×{h}: {last:?}");
    }
}

#[test]
fn a_click_on_a_row_selects_it() {
    let (_dir, store) = demo_db();
    let mut app = app_on(&store, ThemeName::Default);
    let text = screen(&app, 120, 40);
    let y = text
        .lines()
        .position(|l| l.contains("│  SC-0053"))
        .expect("SC-0053 in the performance pane") as u16;
    assert!(app.click_row(Pane::Performance, y));
    assert_eq!(
        app.selected_key(Pane::Performance).as_deref(),
        Some("SC-0053")
    );
    // The header line and the lines below the rows select nothing.
    let header = text
        .lines()
        .position(|l| l.contains("│  Code      Member"))
        .unwrap() as u16;
    assert!(!app.click_row(Pane::Performance, header));
    assert_eq!(
        app.selected_key(Pane::Performance).as_deref(),
        Some("SC-0053")
    );
}
