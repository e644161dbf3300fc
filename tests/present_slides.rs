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
