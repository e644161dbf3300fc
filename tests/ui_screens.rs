//! Whole screens at SSH (80×24), desktop (120×40) and projector (200×60) sizes, compared with
//! reviewed snapshots, plus checks of the styles that text snapshots cannot show.

mod ui_support;

use hubboard::ui::action::{Action, Pane};
use hubboard::ui::app::Mode;
use hubboard::ui::snapshot;
use hubboard::ui::theme::ThemeName;
use ratatui::style::{Color, Modifier};
use ui_support::*;

const SIZES: [(u16, u16); 4] = [(80, 24), (100, 30), (120, 40), (200, 60)];

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

/// A register far larger than any hub's: thousands of risks in the busiest cells.
fn crowded_register(store: &hubboard::store::Store) {
    let conn = store.conn();
    conn.execute_batch("BEGIN").unwrap();
    let cells: [(u8, u8, usize); 4] = [(5, 3, 4_917), (6, 3, 1_650), (3, 2, 491), (1, 1, 12)];
    let mut n = 0;
    for (p, i, count) in cells {
        for _ in 0..count {
            n += 1;
            hubboard::store::risks::insert_risk(
                conn,
                &hubboard::domain::Risk {
                    code: format!("RX-{n:05}"),
                    title: format!("Crowded risk {n}"),
                    category: "operational".into(),
                    owner: "Hub manager".into(),
                    scale: "knowsley".into(),
                    gross_probability: p,
                    gross_impact: i,
                    preventative_controls: String::new(),
                    curative_controls: String::new(),
                    net_probability: Some(p.saturating_sub(1).max(1)),
                    net_impact: Some(i),
                    review_date: today(),
                    status: hubboard::domain::RiskStatus::Open,
                    entity_kind: hubboard::domain::EntityKind::Consortium,
                    entity_code: None,
                    generated_by: None,
                },
            )
            .unwrap();
        }
    }
    conn.execute_batch("COMMIT").unwrap();
}

#[test]
fn a_crowded_heatmap_keeps_every_count_and_band_letter_whole() {
    let (_dir, store) = demo_db();
    crowded_register(&store);
    let mut app = app_on(&store, ThemeName::Default);
    app.apply(Action::PaneRisks);
    // At 100×30 the pane is a quarter of the screen: zoomed (`z`), as a user would.
    for (w, h, zoom) in [(100, 30, true), (120, 40, false), (200, 60, false)] {
        if app.zoom != zoom {
            app.apply(Action::Zoom);
        }
        let text = screen(&app, w, h);
        // Gross: P5×I3 = 15 and P6×I3 = 18 are high, P3×I2 = 6 and P1×I1 low (Knowsley's bands).
        for cell in ["4.9kH", "1.6kH", "491L", "12L"] {
            assert!(text.contains(cell), "{w}×{h}: no {cell}\n{text}");
        }
        if (w, h) == (120, 40) {
            insta::assert_snapshot!("risks_crowded_120x40", text);
        }
    }
}

#[test]
fn the_columns_a_user_decides_by_are_on_screen_from_100_by_30() {
    let (_dir, store) = demo_db();
    let app = app_on(&store, ThemeName::Default);
    for (w, h) in [(100, 30), (120, 40), (200, 60)] {
        let text = screen(&app, w, h);
        let header = |first: &str| {
            text.lines()
                .find(|l| l.contains(first))
                .unwrap_or_default()
                .to_string()
        };
        assert!(
            header("Code     Title").contains("Value"),
            "{w}×{h}:\n{text}"
        );
        assert!(
            header("Code      Member").contains("Status"),
            "{w}×{h}:\n{text}"
        );
    }
}

#[test]
fn the_selected_row_reads_in_full_on_the_panes_lower_border() {
    let (_dir, store) = demo_db();
    let mut app = app_on(&store, ThemeName::Default);
    let snap = app.snapshot.as_ref().unwrap();
    let first = snap.tenders[app.rows.view(hubboard::ui::action::Pane::Tenders)[0]]
        .opportunity
        .clone();
    let text = screen(&app, 200, 60);
    // Cut in its column at 80×24, whole on the border.
    let small = screen(&app, 80, 24);
    let row = small
        .lines()
        .find(|l| l.starts_with('│') && l.contains(&first.code))
        .expect("the first row");
    assert!(!row.contains(&first.title), "not cut at 80×24: {row}");
    let border = small
        .lines()
        .find(|l| l.starts_with('╘'))
        .expect("the active pane's lower border");
    assert!(border.contains(&first.title), "{border}\n{text}");
    // Moving the selection moves the line.
    app.apply(Action::Down);
    let second = {
        let snap = app.snapshot.as_ref().unwrap();
        snap.tenders[app.rows.view(hubboard::ui::action::Pane::Tenders)[1]]
            .opportunity
            .code
            .clone()
    };
    let small = screen(&app, 80, 24);
    let border = small.lines().find(|l| l.starts_with('╘')).unwrap();
    assert!(border.contains(&second), "{border}");
}

/// The rows of a zoomed pane's table as drawn: every line between its header and its lower
/// border, without the selection mark.
fn drawn_rows(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.lines().collect();
    let top = lines.iter().position(|l| l.starts_with('╒')).unwrap_or(0);
    let bottom = lines
        .iter()
        .rposition(|l| l.starts_with('╘'))
        .unwrap_or(lines.len());
    lines[top + 1..bottom]
        .iter()
        .map(|l| l.trim_start_matches('│').trim_end_matches('│'))
        .map(|l| l.strip_prefix('▶').unwrap_or(l).trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn no_two_rows_of_a_pane_read_alike_at_any_size() {
    let (_dir, store) = demo_db();
    for (w, h) in SIZES {
        for pane in Pane::ALL {
            let mut app = app_on(&store, ThemeName::Default);
            app.pane = pane;
            app.zoom = true;
            let text = screen(&app, w, h);
            let rows = drawn_rows(&text);
            assert!(rows.len() > 3, "{pane:?} at {w}×{h} shows no rows:\n{text}");
            // No figure is cut: money and percentages are whole wherever they show.
            for word in text.split_whitespace() {
                let figure = word.starts_with('£') || word.trim_end_matches('…').ends_with('%');
                assert!(
                    !(figure && word.ends_with('…')),
                    "{pane:?} at {w}×{h}: a cut figure {word:?}\n{text}"
                );
            }
            let mut seen = std::collections::BTreeSet::new();
            for r in &rows {
                assert!(
                    seen.insert(r.clone()),
                    "{pane:?} at {w}×{h}: two rows read {r:?}\n{text}"
                );
            }
        }
    }
}
