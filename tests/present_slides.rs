//! Every slide at 100×30 and 200×60 in the projector theme, redacted and not, plus a drilled-in
//! detail; and the styles that matter on a projector checked on the buffer.

mod board_support;

use board_support::*;
use hubboard::ui::present::keys::PresentAction;
use hubboard::ui::present::{self};
use hubboard::ui::theme::{Theme, ThemeName};
use ratatui::style::Modifier;

#[test]
fn every_slide_at_projector_sizes_redacted_and_not() {
    let (_dir, path) = demo_db();
    for redact in [false, true] {
        let mut p = presenter(&path, redact);
        let n = p.slide_count();
        assert_eq!(n, 9);
        for i in 0..n {
            for (w, h) in [(100, 30), (200, 60)] {
                let text = mask_times(&screen(&p, w, h));
                assert!(text.contains(&format!("{} / {n}", i + 1)), "{text}");
                assert_eq!(text.contains("REDACTED"), redact, "{text}");
                let name = format!(
                    "slide{}_{}_{w}x{h}{}",
                    i + 1,
                    p.deck.slides[i].id,
                    if redact { "_redacted" } else { "" }
                );
                insta::assert_snapshot!(name, text);
            }
            p.apply(PresentAction::Next);
        }
    }
}

#[test]
fn drilling_in_shows_the_list_and_esc_returns() {
    let (_dir, path) = demo_db();
    let mut p = presenter(&path, false);
    p.apply(PresentAction::Next);
    p.apply(PresentAction::Next);
    let slide = screen(&p, 100, 30);
    assert!(p.apply(PresentAction::Drill));
    let detail = screen(&p, 100, 30);
    assert!(detail.contains("PIPELINE BY STAGE — DETAIL"), "{detail}");
    assert!(detail.contains("OP-0"), "{detail}");
    insta::assert_snapshot!("detail_pipeline_100x30", detail);
    p.apply(PresentAction::Back);
    assert_eq!(screen(&p, 100, 30), slide);
}

#[test]
fn headings_are_bold_and_nothing_is_dim_in_the_projector_theme() {
    let (_dir, path) = demo_db();
    let p = presenter(&path, false);
    let theme = Theme::named(ThemeName::Projector);
    let buf = present::render(&p, &theme, 100, 30);
    let area = buf.area;
    let mut bold_title = false;
    for y in 0..area.height {
        for x in 0..area.width {
            let c = &buf[(x, y)];
            assert!(!c.modifier.contains(Modifier::DIM), "dim cell at {x},{y}");
            if y == 1 && c.symbol() == "T" {
                bold_title |= c.modifier.contains(Modifier::BOLD);
            }
        }
    }
    assert!(bold_title, "the title line is bold");
}

#[test]
fn the_theme_option_still_applies() {
    let (_dir, path) = demo_db();
    let p = presenter(&path, false);
    let mono = Theme::named(ThemeName::Mono);
    let buf = present::render(&p, &mono, 100, 30);
    let area = buf.area;
    for y in 0..area.height {
        for x in 0..area.width {
            assert_eq!(buf[(x, y)].bg, ratatui::style::Color::Reset);
        }
    }
}

/// Moves to the slide with this id.
fn go_to(p: &mut present::state::Presenter, id: &str) {
    for _ in 0..p.slide_count() {
        if p.deck.slides[p.slide].id == id {
            return;
        }
        p.apply(PresentAction::Next);
    }
    panic!("no slide {id}");
}

#[test]
fn at_200_by_60_short_tables_show_their_figures_big_and_whole() {
    use hubboard::ui::present::big::{self, Size};
    let (_dir, path) = demo_db();
    for id in ["pipeline", "capacity"] {
        let mut p = presenter(&path, false);
        go_to(&mut p, id);
        let hubboard::board::Body::Table(t) = &p.deck.slides[p.slide].body else {
            panic!("{id} is a table");
        };
        let column = t.right.iter().rposition(|r| *r).expect("a figures column");
        let text = screen(&p, 200, 60);
        // Every figure of the column is on screen in big type, each of its rows whole.
        for row in &t.rows {
            let drawn = [Size::Large, Size::Medium].into_iter().any(|size| {
                big::lines(&row[column], size)
                    .iter()
                    .all(|l| text.contains(l.trim_end()))
            });
            assert!(drawn, "{id}: {} not drawn big\n{text}", row[column]);
        }
        // At 100×30 there is no room: the plain table, every row still there.
        let small = screen(&p, 100, 30);
        assert!(!small.contains('█'), "{id} at 100×30:\n{small}");
    }
}

#[test]
fn heatmap_slides_read_as_the_dashboard_with_axis_titles() {
    let (_dir, path) = demo_db();
    let mut p = presenter(&path, false);
    go_to(&mut p, "risks_gross");
    for (w, h) in [(100, 30), (200, 60)] {
        let text = screen(&p, w, h);
        assert!(
            text.contains("Impact ↑") && text.contains("Probability →"),
            "{text}"
        );
        // Impact up the side, highest first, as the dashboard's heatmap pane draws it.
        let grave = text.find("4 grave").expect("impact 4 labels a row");
        let minor = text.find("1 minor").expect("impact 1 labels a row");
        assert!(grave < minor, "{text}");
        assert!(
            text.contains("extreme") && text.contains("negligible"),
            "{text}"
        );
    }
}

#[test]
fn leads_and_captions_are_never_cut_at_100_by_30() {
    let (_dir, path) = demo_db();
    let mut p = presenter(&path, false);
    for _ in 0..p.slide_count() {
        let slide = &p.deck.slides[p.slide];
        let text = screen(&p, 100, 30);
        let words = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
        // The lead: the lines under the title, up to the first blank one.
        let lead: Vec<&str> = text
            .lines()
            .skip_while(|l| l.trim().is_empty())
            .skip(1)
            .take_while(|l| !l.trim().is_empty())
            .collect();
        assert_eq!(
            words(&lead.join(" ")),
            words(&slide.lead),
            "{}: lead cut\n{text}",
            slide.id
        );
        // Figures' captions sit side by side, so no cut mark anywhere on such a slide.
        if matches!(slide.body, hubboard::board::Body::Figures(_)) {
            assert!(!text.contains('…'), "{}: a caption cut\n{text}", slide.id);
        }
        p.apply(PresentAction::Next);
    }
}

#[test]
fn a_name_that_would_read_backwards_shows_its_hidden_characters() {
    let (_dir, path) = demo_db();
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute(
            "UPDATE members SET name = 'Brighter \u{202e}serutuF\u{200b} Merseyside' WHERE code = 'KN34'",
            [],
        )
        .unwrap();
    }
    let mut p = presenter(&path, false);
    go_to(&mut p, "attention");
    let text = screen(&p, 200, 60);
    assert!(text.contains("Brighter <U+202E>serutuF<U+200B>"), "{text}");
    assert!(!text.contains('\u{202e}') && !text.contains('\u{200b}'));
}

#[test]
fn while_the_figures_are_read_the_projector_says_so_in_the_middle() {
    let theme = Theme::named(ThemeName::Projector);
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 30)).unwrap();
    t.draw(|f| present::reading(f, &theme)).unwrap();
    let buf = t.backend().buffer();
    let line = |y: u16| -> String { (0..100).map(|x| buf[(x, y)].symbol().to_string()).collect() };
    let middle = line(15);
    assert_eq!(middle.trim(), present::READING);
    // Centred: as much space either side, give or take one.
    let left = middle.len() - middle.trim_start().len();
    let right = middle.len() - middle.trim_end().len();
    assert!(left.abs_diff(right) <= 3, "{middle:?}");
    assert!(
        (0..30)
            .filter(|y| *y != 15)
            .all(|y| line(y).trim().is_empty())
    );
}

/// The headline figures read ahead of the rest, from the store alone.
fn headlines_first(path: &std::path::Path, redact: bool) -> hubboard::ui::present::Presenter {
    let store = hubboard::store::Store::open_for_viewing(path).unwrap();
    let c = config();
    let h = hubboard::board::headlines::load(store.conn(), today(), &c.rules, &c.board).unwrap();
    let r = hubboard::board::Redaction::new(redact, &c.board, &[]);
    hubboard::ui::present::Presenter::headlines_first(h, r)
}

#[test]
fn the_first_slide_shows_before_the_rest_and_is_the_same_slide() {
    let (_dir, path) = demo_db();
    for redact in [false, true] {
        let whole = presenter(&path, redact);
        let mut p = headlines_first(&path, redact);
        assert!(p.reading_rest());
        assert_eq!(p.deck.slides.len(), 1);
        assert_eq!(p.deck.slides[0], whole.deck.slides[0], "redact {redact}");
        assert_eq!(p.deck.as_of, whole.deck.as_of);
        let text = screen(&p, 100, 30);
        assert!(text.contains("1 / …"), "{text}");
        assert!(text.contains(present::view::READING_REST), "{text}");
        // Its detail opens meanwhile, and stays open when the rest comes in.
        assert!(p.apply(PresentAction::Drill));
        let (b, r) = whole_board(&path, redact);
        p.complete(b, r);
        assert!(!p.reading_rest());
        assert!(p.detail);
        assert_eq!(p.deck, whole.deck);
        let text = screen(&p, 100, 30);
        assert!(text.contains("1 / 9"), "{text}");
        assert!(!text.contains(present::view::READING_REST), "{text}");
    }
}

#[test]
fn keys_to_move_on_while_the_rest_is_read_are_kept_and_applied_when_it_comes() {
    let (_dir, path) = demo_db();
    let mut p = headlines_first(&path, false);
    // No slide to go to yet: the first stays up, and the keys from the first move on wait.
    assert!(!p.apply(PresentAction::Next));
    assert!(!p.apply(PresentAction::Next));
    assert!(!p.apply(PresentAction::Drill));
    assert_eq!((p.slide, p.detail), (0, false));
    let (b, r) = whole_board(&path, false);
    p.complete(b, r);
    assert_eq!((p.slide, p.detail), (2, true));
    assert!(screen(&p, 100, 30).contains("PIPELINE BY STAGE — DETAIL"));
    // Quitting never waits.
    let mut p = headlines_first(&path, false);
    p.apply(PresentAction::Next);
    assert!(p.apply(PresentAction::Quit));
    assert!(p.quit);
}

#[test]
fn redaction_toggled_while_the_rest_is_read_stays_as_toggled() {
    let (_dir, path) = demo_db();
    let mut p = headlines_first(&path, false);
    assert!(p.apply(PresentAction::ToggleRedaction));
    assert!(p.deck.redacted);
    // The rest was read as asked at the start, unredacted: it comes in redacted, names and all.
    let (b, r) = whole_board(&path, false);
    p.complete(b, r);
    assert!(p.redaction.on);
    assert_eq!(p.deck, presenter(&path, true).deck);
}

fn whole_board(
    path: &std::path::Path,
    redact: bool,
) -> (hubboard::board::Board, hubboard::board::Redaction) {
    let store = hubboard::store::Store::open_for_viewing(path).unwrap();
    hubboard::board::load(
        store.conn(),
        today(),
        &config(),
        &config().board,
        Some(since()),
        redact,
    )
    .unwrap()
}
