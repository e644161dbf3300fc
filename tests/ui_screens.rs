//! Whole screens at SSH (80×24), desktop (120×40) and projector (200×60) sizes, compared with
//! reviewed snapshots, plus checks of the styles that text snapshots cannot show.

mod ui_support;

use hubboard::ui::action::{Action, Pane};
use hubboard::ui::app::Mode;
use hubboard::ui::snapshot;
use hubboard::ui::theme::ThemeName;
use ratatui::style::{Color, Modifier};
use ui_support::*;

const SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (200, 60)];

#[test]
fn every_pane_at_every_size() {
    let (_dir, store) = demo_db();
    for (w, h) in SIZES {
        let app = app_on(&store, ThemeName::Default);
        insta::assert_snapshot!(format!("overview_{w}x{h}"), screen(&app, w, h));
        for pane in Pane::ALL {
            let mut app = app_on(&store, ThemeName::Default);
            app.pane = pane;
            app.zoom = true;
            insta::assert_snapshot!(
                format!("{}_{w}x{h}", pane.short().to_lowercase()),
                screen(&app, w, h)
            );
        }
    }
}

#[test]
fn help_palette_and_detail_at_every_size() {
    let (_dir, store) = demo_db();
    for (w, h) in SIZES {
        let mut app = app_on(&store, ThemeName::Default);
        app.apply(Action::Help);
        insta::assert_snapshot!(format!("help_{w}x{h}"), screen(&app, w, h));

        let mut app = app_on(&store, ThemeName::Default);
        app.apply(Action::Palette);
        for c in "huyton".chars() {
            app.handle_key(crossterm::event::KeyEvent::from(
                crossterm::event::KeyCode::Char(c),
            ));
        }
        insta::assert_snapshot!(format!("palette_{w}x{h}"), screen(&app, w, h));

        let mut app = app_on(&store, ThemeName::Default);
        app.pane = Pane::Performance;
        if let hubboard::ui::update::Effect::OpenDetail(req) = app.apply(Action::Open) {
            hubboard::ui::open_detail(&mut app, &req, store.conn(), today());
        }
        assert_eq!(app.mode, Mode::Detail);
        insta::assert_snapshot!(format!("detail_performance_{w}x{h}"), screen(&app, w, h));
    }
}

#[test]
fn the_selected_row_is_reversed_and_bold_in_every_theme() {
    let (_dir, store) = demo_db();
    for theme in [ThemeName::Default, ThemeName::HighContrast, ThemeName::Mono] {
        let mut app = app_on(&store, theme);
        app.pane = Pane::Performance;
        app.zoom = true;
        let buf = snapshot::render(&app, 120, 40);
        let text = snapshot::to_text(&buf);
        let y = text
            .lines()
            .position(|l| l.contains('▶') && !l.contains("Sub-contract performance"))
            .unwrap();
        let x = text
            .lines()
            .nth(y)
            .unwrap()
            .chars()
            .position(|c| c == '▶')
            .unwrap() as u16;
        let cell = &buf[(x + 3, y as u16)];
        assert!(
            cell.modifier.contains(Modifier::BOLD),
            "{theme:?}: selection not bold"
        );
        if theme != ThemeName::HighContrast {
            assert!(
                cell.modifier.contains(Modifier::REVERSED),
                "{theme:?}: selection not reversed"
            );
        }
    }
}

#[test]
fn under_performers_are_marked_with_a_symbol_and_the_danger_style() {
    let (_dir, store) = demo_db();
    let mut app = app_on(&store, ThemeName::Default);
    app.pane = Pane::Performance;
    app.zoom = true;
    app.apply(Action::Down); // move the selection off the worst row so its own style shows
    let buf = snapshot::render(&app, 120, 40);
    let text = snapshot::to_text(&buf);
    let (y, line) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains(" !") && l.contains('%'))
        .expect("a flagged row");
    let x = line
        .chars()
        .collect::<Vec<_>>()
        .windows(2)
        .position(|w| w[0] == ' ' && w[1] == '!')
        .unwrap()
        + 1;
    let cell = &buf[(x as u16, y as u16)];
    assert_eq!(cell.symbol(), "!");
    assert_eq!(cell.fg, Color::Red);
    assert!(cell.modifier.contains(Modifier::BOLD));
}

#[test]
fn mono_theme_draws_no_colour_at_all() {
    let (_dir, store) = demo_db();
    let app = app_on(&store, ThemeName::Mono);
    let buf = snapshot::render(&app, 120, 40);
    for cell in buf.content() {
        assert!(
            matches!(cell.fg, Color::Reset),
            "foreground colour in mono: {:?}",
            cell.fg
        );
        assert!(
            matches!(cell.bg, Color::Reset),
            "background colour in mono: {:?}",
            cell.bg
        );
    }
}

#[test]
fn the_headline_figures_keep_their_labels_at_every_size() {
    let (_dir, store) = demo_db();
    let app = app_on(&store, ThemeName::Default);
    for (w, h) in [(80, 24), (100, 30), (120, 40), (200, 60)] {
        let text = screen(&app, w, h);
        for label in [
            "Pipeline £",
            "Active £",
            "Top slice £",
            "Under-performing ",
            "Overdue returns ",
            "Reviews overdue ",
        ] {
            assert!(text.contains(label), "{w}×{h}: no {label:?}\n{text}");
        }
    }
}
