//! The board pack says what the slides say: the deck is computed once and both the rendered
//! slides and every pack format carry the same formatted figures; HTML is self-contained and
//! Markdown has no HTML; redaction hides names and the configured figures in slides and pack.

mod board_support;

use board_support::*;
use hubboard::board::pack::{self, Format};
use hubboard::board::{BoardConfig, Body, Confidential, format::REDACTED};
use hubboard::ui::present::big::{self, Size};
use hubboard::ui::present::keys::PresentAction;

fn all_slides_text(p: &mut hubboard::ui::present::Presenter, w: u16, h: u16) -> Vec<String> {
    let mut out = Vec::new();
    p.apply(PresentAction::First);
    for _ in 0..p.slide_count() {
        out.push(screen(p, w, h));
        p.apply(PresentAction::Drill);
        out.push(screen(p, w, h));
        p.apply(PresentAction::Back);
        p.apply(PresentAction::Next);
    }
    out
}

/// True when the big rows of `figure` appear one under another, at the same column, somewhere
/// on `screen` (columns counted in characters: the block glyphs are several bytes each).
fn shows_big(screen: &str, figure: &str) -> bool {
    let lines: Vec<Vec<char>> = screen.lines().map(|l| l.chars().collect()).collect();
    let at = |line: &[char], col: usize, row: &[char]| {
        line.len() >= col + row.len() && line[col..col + row.len()] == *row
    };
    // A figure the font can draw must be drawn big; only one it cannot may be plain text.
    let sizes: &[Size] = if big::width(figure, Size::Medium).is_some() {
        &[Size::Large, Size::Medium]
    } else {
        &[Size::Text]
    };
    sizes.iter().any(|size| {
        // Screen lines are trimmed at the end, so the figure's rows are compared trimmed too.
        let rows: Vec<Vec<char>> = big::lines(figure, *size)
            .iter()
            .map(|r| r.trim_end().chars().collect())
            .collect();
        lines
            .windows(rows.len())
            .any(|w| (0..w[0].len()).any(|c| w.iter().zip(&rows).all(|(l, r)| at(l, c, r))))
    })
}

#[test]
fn pack_figures_equal_slide_figures() {
    let (_dir, path) = demo_db();
    for redact in [false, true] {
        let mut p = presenter(&path, redact);
        let deck = p.deck.clone();
        let packs: Vec<String> = [Format::Md, Format::Html, Format::Csv]
            .iter()
            .map(|f| pack::render(&deck, *f).unwrap())
            .collect();
        for (w, h) in [(100, 30), (200, 60)] {
            let screens = all_slides_text(&mut p, w, h);
            for (i, slide) in deck.slides.iter().enumerate() {
                let shown = &screens[i * 2];
                if let Body::Figures(figs) = &slide.body {
                    for f in figs {
                        assert!(
                            shows_big(shown, &f.value),
                            "{} {} not on\n{shown}",
                            f.label,
                            f.value
                        );
                        for pk in &packs {
                            assert!(pk.contains(&f.value), "{} missing from a pack", f.value);
                        }
                    }
                }
                // Every cell of the list behind the slide is in every pack, and the first
                // rows (which fit on screen) show the same text when drilled in.
                let detail_screen = &screens[i * 2 + 1];
                for row in slide.detail.rows.iter().take(5) {
                    for cell in row.iter().filter(|c| c.chars().count() <= 12) {
                        assert!(
                            detail_screen.contains(cell.as_str()),
                            "{cell} not on\n{detail_screen}"
                        );
                    }
                }
                for row in &slide.detail.rows {
                    for cell in row {
                        let html = hubboard::board::pack::html::esc(cell);
                        assert!(packs[1].contains(&html), "{cell} missing from HTML");
                        assert!(packs[2].contains(cell.as_str()), "{cell} missing from CSV");
                    }
                }
            }
        }
    }
}

#[test]
fn html_is_one_self_contained_printable_file() {
    let (_dir, path) = demo_db();
    let html = pack::render(&deck(&path, false, &BoardConfig::default()), Format::Html).unwrap();
    let lower = html.to_lowercase();
    assert!(!lower.contains("http"), "no network references");
    assert!(!lower.contains("<script"), "no scripts");
    assert!(!lower.contains("url("), "no external resources in CSS");
    assert!(!lower.contains("<link"), "no linked stylesheets");
    assert!(!lower.contains("<img"), "no images to fetch");
    assert!(html.contains("@page { size: A4"));
    assert_eq!(html.matches("<section").count(), 9);
    assert_eq!(
        html.matches("break-before: page").count(),
        1,
        "one rule for all sections"
    );
    assert!(
        html.contains("<svg class=\"spark\""),
        "trends as inline SVG"
    );
    // The heatmap: a coloured cell with the count and band letter in it.
    assert!(
        html.contains("background:#b71c1c;color:#ffffff\">2 E</td>"),
        "extreme cell"
    );
}

#[test]
fn markdown_uses_tables_and_no_html() {
    let (_dir, path) = demo_db();
    let md = pack::render(&deck(&path, false, &BoardConfig::default()), Format::Md).unwrap();
    assert!(
        !md.contains("</") && !md.contains("<br") && !md.contains("<table"),
        "no HTML tags"
    );
    assert!(md.contains("| Stage | Opportunities | Value |\n| --- | ---: | ---: |"));
    // Impact 3 × probability 5 holds five stored risks and the two generated for the small
    // demo's Inadequate sub-contracts (impact down, probability across, as on the dashboard).
    assert!(md.contains("| Impact \\ Probability |"), "{md}");
    assert!(
        md.contains("| 3 damaging | 1 L | 0 L | 0 M | 0 M | 7 H | 0 H | 0 E |"),
        "{md}"
    );
    for line in md.lines().filter(|l| l.starts_with('|')) {
        assert!(line.ends_with('|'), "{line}");
    }
}

#[test]
fn csv_is_one_file_with_a_section_column() {
    let (_dir, path) = demo_db();
    let text = pack::render(&deck(&path, false, &BoardConfig::default()), Format::Csv).unwrap();
    let mut r = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(
        r.headers().unwrap(),
        vec!["section", "row", "column", "value"]
    );
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    for id in [
        "headlines",
        "standings",
        "pipeline",
        "capacity",
        "attention",
        "risks_gross",
        "risks_net",
        "decisions",
        "pipeline:detail",
    ] {
        assert!(rows.iter().any(|x| &x[0] == id), "{id}");
    }
    assert!(rows.iter().all(|x| x.len() == 4));
}

#[test]
fn redaction_hides_names_and_configured_figures_in_slides_and_pack() {
    let (_dir, path) = demo_db();
    let (_, name) = first_member(&path);
    let everything = BoardConfig {
        confidential: Confidential::ALL.to_vec(),
        ..BoardConfig::default()
    };
    let plain = deck(&path, false, &everything);
    let hidden = deck(&path, true, &everything);
    let plain_md = pack::render(&plain, Format::Md).unwrap();
    assert!(plain_md.contains(&name), "the name shows unredacted");
    let top_slice = |d: &hubboard::board::Deck| d.figures()[3].value.clone();
    assert_ne!(top_slice(&plain), REDACTED);
    assert_eq!(top_slice(&hidden), REDACTED);
    for f in [Format::Md, Format::Html, Format::Csv] {
        let text = pack::render(&hidden, f).unwrap();
        assert!(!text.contains(&name), "{name} leaked in {f:?}");
        assert!(
            !text.contains(&top_slice(&plain)),
            "top slice leaked in {f:?}"
        );
        assert!(text.contains("Provider A"));
    }
    let mut p = presenter(&path, false);
    let before: String = all_slides_text(&mut p, 200, 60).concat();
    assert!(before.contains(&name));
    p.apply(PresentAction::ToggleRedaction);
    let after: String = all_slides_text(&mut p, 200, 60).concat();
    assert!(!after.contains(&name), "{name} still on screen");
    assert!(after.contains("Provider A"));
}

#[test]
fn default_redaction_hides_only_the_default_list() {
    let (_dir, path) = demo_db();
    let d = deck(&path, true, &BoardConfig::default());
    let detail = |id: &str| {
        d.slides
            .iter()
            .find(|s| s.id == id)
            .map(|s| s.detail.clone())
            .unwrap()
    };
    let standings = detail("standings");
    assert!(!standings.rows.is_empty());
    assert!(standings.rows.iter().all(|r| r[3] == REDACTED));
    let pipeline = detail("pipeline");
    assert!(
        pipeline.rows.iter().all(|r| r[5] != REDACTED),
        "opportunity values stay"
    );
    assert_ne!(d.figures()[3].value, REDACTED, "top slice stays by default");
}

#[test]
fn pseudonyms_are_stable_across_runs_and_between_slides_and_pack() {
    let (_dir, path) = demo_db();
    let a = deck(&path, true, &BoardConfig::default());
    let b = deck(&path, true, &BoardConfig::default());
    assert_eq!(a, b);
    let p = presenter(&path, true);
    assert_eq!(p.deck, a);
}

#[test]
fn the_report_command_writes_each_format() {
    let (dir, path) = demo_db();
    for (fmt, needle) in [
        ("md", "## 1. The picture"),
        ("html", "<!DOCTYPE html>"),
        ("csv", "section,row,column,value"),
    ] {
        let out = dir.path().join(format!("pack.{fmt}"));
        let started = std::time::Instant::now();
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_hubboard"))
            .arg("--db")
            .arg(&path)
            .args([
                "--today",
                "2026-11-22",
                "report",
                "--since",
                "2026-11-01",
                "--format",
                fmt,
                "--out",
            ])
            .arg(&out)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        eprintln!("report --format {fmt}: {:?}", started.elapsed());
        assert!(std::fs::read_to_string(&out).unwrap().contains(needle));
    }
    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_hubboard"))
        .arg("--db")
        .arg(&path)
        .args(["report", "--format", "pdf", "--out", "x"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn hostile_names_are_text_in_the_csv_and_markdown_packs() {
    let (_dir, path) = demo_db();
    let hostile = "=HYPERLINK(\"http://evil.example\")<script>alert(1)</script>\u{202e}";
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute(
            "UPDATE members SET name = ?1 WHERE code = 'KN34'",
            [hostile],
        )
        .unwrap();
    }
    let d = deck(&path, false, &BoardConfig::default());
    let csv_text = pack::render(&d, Format::Csv).unwrap();
    let mut r = csv::Reader::from_reader(csv_text.as_bytes());
    let mut seen = false;
    for rec in r.records() {
        let rec = rec.unwrap();
        for field in rec.iter() {
            assert!(
                !field.starts_with(['=', '+', '@']),
                "a formula in the CSV pack: {field}"
            );
            seen |= field.contains("HYPERLINK");
        }
    }
    assert!(seen, "the hostile name is not in the pack at all");
    let md = pack::render(&d, Format::Md).unwrap();
    assert!(md.contains("&lt;script&gt;"), "not escaped");
    assert!(
        !md.contains("<script>") && !md.contains('\u{202e}'),
        "raw HTML or bidi in Markdown"
    );
}
