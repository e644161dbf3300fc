//! The first look shows each pane as soon as its rows are in: the tender pipeline's first rows
//! first (by index), then member capacity, then (from the score cache, by index) performance's
//! first rows and the risk register, then every opportunity and everything else that needs the
//! scores. What the parts show together is
//! exactly what one whole load shows; until the scores are in, the strip, the palette and triage
//! say they are loading rather than showing figures that are not yet there.

mod ui_support;

use crossterm::event::{KeyCode, KeyEvent};
use hubboard::config::Config;
use hubboard::dashboard::{self, Part};
use hubboard::ui::app::Mode;
use hubboard::ui::theme::ThemeName;
use ui_support::*;

fn parts(store: &hubboard::store::Store) -> Vec<Part> {
    let mut out = Vec::new();
    dashboard::load_in_parts(store.conn(), today(), &Config::default(), &mut |p| {
        out.push(p)
    })
    .unwrap();
    out
}

fn empty_app() -> hubboard::ui::app::App {
    hubboard::ui::new_app(&Config::default(), ThemeName::Mono, "demo.db".into()).unwrap()
}

#[test]
fn the_parts_together_show_exactly_what_one_whole_load_shows() {
    let (_dir, store) = demo_db();
    let whole = app_on(&store, ThemeName::Mono);
    let mut app = empty_app();
    let parts = parts(&store);
    let kinds: Vec<&str> = parts
        .iter()
        .map(|p| match p {
            Part::TendersPage { .. } => "tenders page",
            Part::Tenders(_) => "tenders",
            Part::Capacity(_) => "capacity",
            Part::PerformancePage { .. } => "page",
            Part::Risks { .. } => "risks",
            Part::Summary(_) => "summary",
            Part::Scoring { .. } => "scoring",
            Part::Rest(_) => "rest",
        })
        .collect();
    assert_eq!(
        kinds,
        // The small demo's 30 opportunities fit on the first page: no second read of them.
        [
            "tenders page",
            "capacity",
            "page",
            "risks",
            "summary",
            "rest"
        ]
    );
    for p in parts {
        app.set_part(p);
    }
    for (w, h) in [(80, 24), (120, 40), (200, 60)] {
        assert_eq!(screen(&app, w, h), screen(&whole, w, h), "{w}x{h}");
    }
}

#[test]
fn the_tender_pipeline_shows_while_the_scores_are_still_loading() {
    let (_dir, store) = demo_db();
    let mut app = empty_app();
    let mut parts = parts(&store).into_iter();
    app.set_part(parts.next().unwrap());
    let first = screen(&app, 120, 40);
    let code = app
        .selected_key(hubboard::ui::action::Pane::Tenders)
        .unwrap();
    assert!(first.contains(&format!("▶ {code}")), "{first}");
    // The page holds every opportunity of the small demo: nothing more is coming.
    assert!(first.contains("Tender opportunities · 30"), "{first}");
    assert!(!first.contains("so far"), "{first}");
    // Capacity, performance and the heatmap say they are loading (and the status bar); the
    // strip shows no figure.
    assert_eq!(first.matches("│Loading…").count(), 3, "{first}");
    assert!(first.contains("Loading figures…"), "{first}");
    assert!(!first.contains("Pipeline"), "{first}");
    // Triage waits for every row, and says so.
    app.handle_key(KeyEvent::from(KeyCode::Char('T')));
    assert_eq!(app.mode, Mode::Normal);
    assert!(app.status.contains("Still loading"), "{}", app.status);
    // Moving in the pane that is in works.
    app.handle_key(KeyEvent::from(KeyCode::Char('j')));
    assert_eq!(app.cursor().selected, 1);
    // The palette opens at once, waiting: what is typed is kept (no key goes to the panes), and
    // Enter waits for the entries.
    let member: String = store
        .conn()
        .query_row(
            "SELECT code FROM members ORDER BY code DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    app.handle_key(KeyEvent::from(KeyCode::Char(':')));
    assert_eq!(app.mode, Mode::Palette);
    for c in member.chars() {
        app.handle_key(KeyEvent::from(KeyCode::Char(c)));
    }
    app.handle_key(KeyEvent::from(KeyCode::Enter));
    assert_eq!(app.mode, Mode::Palette);
    assert!(app.palette.enter_held && app.palette.waiting);
    assert!(screen(&app, 120, 40).contains("Enter goes once they are in"));
    for p in parts {
        app.set_part(p);
    }
    assert!(!screen(&app, 120, 40).contains("Loading…"));
    // Every row in: the palette has its entries and the typed code's member first; the Enter
    // held is the runner's to press, and goes to the member.
    assert!(!app.palette.waiting && app.palette.enter_held);
    assert_eq!(app.palette.query, member);
    app.handle_key(KeyEvent::from(KeyCode::Enter));
    assert_eq!(app.mode, Mode::Normal);
    assert_eq!(app.pane, hubboard::ui::action::Pane::Capacity);
    // The capacity pane's rows are a member's service lines: the first of the member's.
    let key = app
        .selected_key(hubboard::ui::action::Pane::Capacity)
        .unwrap();
    assert!(key.starts_with(&format!("{member}\u{1f}")), "{key:?}");
}

#[test]
fn performance_shows_its_first_rows_by_index_and_says_the_rest_is_coming() {
    let (_dir, store) = demo_db();
    let whole = app_on(&store, ThemeName::Mono);
    let whole_screen = screen(&whole, 120, 40);
    let mut app = empty_app();
    let mut page_total = None;
    for p in parts(&store) {
        if let Part::PerformancePage { rows, total } = &p {
            page_total = Some((rows.len(), *total));
        }
        let rest = matches!(p, Part::Rest(_));
        if rest {
            // Before the whole list: its first rows, worst first, the same as the whole list's.
            let shown = screen(&app, 120, 40);
            let (n, total) = page_total.expect("a page before the rest");
            assert!(
                shown.contains(&format!("Sub-contract performance · {n} of {total} so far")),
                "{shown}"
            );
            let code = app
                .selected_key(hubboard::ui::action::Pane::Performance)
                .unwrap();
            assert_eq!(
                Some(code),
                whole.selected_key(hubboard::ui::action::Pane::Performance)
            );
            // The heatmap is complete already: its pane (the lower right quarter, above the
            // status bar) the same as the whole load's.
            let heatmap = |s: &str| -> Vec<String> {
                let lines: Vec<&str> = s.lines().collect();
                lines[20..lines.len() - 1]
                    .iter()
                    .map(|l| l.chars().skip(60).collect())
                    .collect()
            };
            assert!(
                heatmap(&shown).iter().any(|l| l.contains("in grid")),
                "{shown}"
            );
            assert_eq!(heatmap(&shown), heatmap(&whole_screen), "{shown}");
        }
        app.set_part(p);
    }
    assert!(!screen(&app, 120, 40).contains("so far"));
}

#[test]
fn a_part_arriving_after_a_whole_load_changes_nothing() {
    let (_dir, store) = demo_db();
    let mut app = app_on(&store, ThemeName::Mono);
    let before = screen(&app, 120, 40);
    let mut stale = parts(&store).remove(0);
    let Part::TendersPage { rows, .. } = &mut stale else {
        panic!("the tender pipeline's first rows come first");
    };
    rows.truncate(1);
    app.set_part(stale);
    assert_eq!(screen(&app, 120, 40), before);
}

#[test]
fn the_palette_lists_what_the_latest_snapshot_holds() {
    let (_dir, store) = demo_db();
    let config = Config::default();
    let mut app = app_on(&store, ThemeName::Mono);
    let entries = app.palette_index().len();
    // A snapshot with one opportunity fewer: the palette is built again, not reused.
    let mut snap = dashboard::load(store.conn(), today(), &config).unwrap();
    snap.tenders.pop();
    app.set_snapshot(snap);
    assert_eq!(app.palette_index().len(), entries - 1);
}

#[test]
fn the_status_bar_says_how_far_the_days_scores_have_got_and_keeps_a_greeting() {
    let (_dir, store) = demo_db();
    let mut app = empty_app();
    app.set_part(Part::Scoring {
        done: 41,
        total: 97_974,
    });
    assert_eq!(
        app.status,
        "Working out today's scores: 0% of 97,974 sub-contracts…"
    );
    app.set_part(Part::Scoring {
        done: 40_170,
        total: 97_974,
    });
    assert!(app.status.contains(": 41% of 97,974"), "{}", app.status);
    for p in parts(&store) {
        app.set_part(p);
    }
    assert_eq!(app.status, "", "cleared once every row is in");
    // A greeting (a read-only or practice database's) is never written over.
    let mut greeted = empty_app();
    greeted.status = "12 Mar 2026 (--today) is for looking".into();
    greeted.set_part(Part::Scoring { done: 1, total: 2 });
    for p in parts(&store) {
        greeted.set_part(p);
    }
    assert_eq!(greeted.status, "12 Mar 2026 (--today) is for looking");
}

#[test]
fn the_tender_pipeline_shows_its_first_rows_and_says_the_rest_is_coming() {
    let (_dir, store) = demo_db();
    let whole = app_on(&store, ThemeName::Mono);
    let mut app = empty_app();
    let mut parts = parts(&store).into_iter();
    let Some(Part::TendersPage {
        rows,
        total,
        stages,
    }) = parts.next()
    else {
        panic!("the tender pipeline's first rows come first");
    };
    assert_eq!(rows.len(), total);
    // As a pipeline longer than a page comes: its first rows, in the pane's order, then all.
    let mut first = rows.clone();
    first.sort_by(hubboard::dashboard::tenders::by_deadline);
    first.truncate(5);
    app.set_part(Part::TendersPage {
        rows: first,
        total,
        stages,
    });
    let shown = screen(&app, 120, 40);
    assert!(
        shown.contains(&format!("Tender opportunities · 5 of {total} so far")),
        "{shown}"
    );
    let pane = hubboard::ui::action::Pane::Tenders;
    assert_eq!(app.selected_key(pane), whole.selected_key(pane));
    app.set_part(Part::Tenders(rows));
    for p in parts {
        app.set_part(p);
    }
    let shown = screen(&app, 120, 40);
    assert!(
        shown.contains(&format!("Tender opportunities · {total}")),
        "{shown}"
    );
    assert!(!shown.contains("so far"), "{shown}");
    assert_eq!(shown, screen(&whole, 120, 40));
}

#[test]
fn a_pipeline_longer_than_a_page_comes_as_its_first_page_then_whole() {
    let (_dir, store) = demo_db();
    // The demo's 30 opportunities doubled three times over: 240, past the first page's 200.
    for round in 1..=3 {
        store
            .conn()
            .execute_batch(&format!(
                "CREATE TEMP TABLE IF NOT EXISTS more AS SELECT * FROM opportunities WHERE 0;
                 DELETE FROM more;
                 INSERT INTO more SELECT * FROM opportunities;
                 UPDATE more SET code = 'D{round}-' || code;
                 INSERT INTO opportunities SELECT * FROM more;"
            ))
            .unwrap();
    }
    // A look before (the day's scores worked out), as the screen is most often opened.
    let whole = app_on(&store, ThemeName::Mono);
    let parts = parts(&store);
    let Some(Part::TendersPage { rows, total, .. }) = parts.first() else {
        panic!("the tender pipeline's first rows come first");
    };
    assert_eq!((rows.len(), *total), (dashboard::FIRST_PAGE, 240));
    let whole_part = parts.iter().position(|p| matches!(p, Part::Tenders(_)));
    let summary = parts.iter().position(|p| matches!(p, Part::Summary(_)));
    assert!(
        whole_part > summary,
        "every opportunity after the first screen"
    );
    let mut app = empty_app();
    for p in parts {
        app.set_part(p);
    }
    for (w, h) in [(80, 24), (120, 40)] {
        assert_eq!(screen(&app, w, h), screen(&whole, w, h), "{w}x{h}");
    }
}
