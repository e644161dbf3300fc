//! The HTML board pack in a real browser: headless Chromium screenshots it and prints it to PDF.
//! The screenshot must show the heatmap's band colours as a grid of cells, and the PDF's text
//! the headline figures, on A4 pages with a page per section. Without Chromium the test says
//! SKIPPED, except under CI (where `.ci/run` installs it).

mod board_support;

use std::path::{Path, PathBuf};
use std::process::Command;

use board_support::*;
use hubboard::board::pack::{self, Format, html::band_colour};
use hubboard::board::{BoardConfig, Body};
use hubboard::domain::risk_scale::Severity;

const CHROMIUM: &str = "/usr/bin/chromium";

fn available(tool: &str, what: &str) -> bool {
    if Path::new(tool).exists() {
        return true;
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "{what} is required under CI (.ci/run installs it)"
    );
    eprintln!(
        "SKIPPED: {what} is not installed ({tool}); the HTML pack was not checked in a browser"
    );
    false
}

fn chromium(profile: &Path, output: &str, window: &str, url: &str) {
    let out = Command::new(CHROMIUM)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(output)
        .arg(format!("--window-size={window}"))
        .arg(url)
        .output()
        .expect("chromium runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Decodes a PNG into (width, height, RGB triples).
fn decode(path: &Path) -> (u32, u32, Vec<[u8; 3]>) {
    let bytes = std::fs::read(path).unwrap();
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let step = info.color_type.samples();
    assert!(
        step >= 3,
        "colour screenshot expected, got {:?}",
        info.color_type
    );
    let px = buf[..info.buffer_size()]
        .chunks(step)
        .map(|c| [c[0], c[1], c[2]])
        .collect();
    (info.width, info.height, px)
}

fn rgb(hex: &str) -> [u8; 3] {
    let v = u32::from_str_radix(hex.trim_start_matches('#'), 16).unwrap();
    [(v >> 16) as u8, (v >> 8) as u8, v as u8]
}

#[test]
fn the_html_pack_renders_in_headless_chromium() {
    if !available(CHROMIUM, "chromium") {
        return;
    }
    let (dir, path) = demo_db();
    let deck = deck(&path, false, &BoardConfig::default());
    let html_path: PathBuf = dir.path().join("pack.html");
    std::fs::write(&html_path, pack::render(&deck, Format::Html).unwrap()).unwrap();
    let url = format!("file://{}", html_path.display());
    let profile = tempfile::tempdir().unwrap();

    // The screenshot: tall enough to hold the whole pack as one page on screen.
    let shot = dir.path().join("pack.png");
    let started = std::time::Instant::now();
    chromium(
        profile.path(),
        &format!("--screenshot={}", shot.display()),
        "1240,16000",
        &url,
    );
    eprintln!("chromium screenshot: {:?}", started.elapsed());
    let (w, h, px) = decode(&shot);
    assert_eq!((w, h), (1240, 16000));
    // The gross heatmap of the demo has cells in every band; each shows as a solid block of
    // its colour (a cell is about 83×42 px), all within one compact grid on the page.
    let mut boxes = Vec::new();
    for severity in [
        Severity::Low,
        Severity::Moderate,
        Severity::High,
        Severity::Extreme,
    ] {
        let colour = rgb(band_colour(Some(severity)).0);
        let hits: Vec<(u32, u32)> = px
            .iter()
            .enumerate()
            .filter(|(_, p)| **p == colour)
            .map(|(i, _)| (i as u32 % w, i as u32 / w))
            .collect();
        assert!(
            hits.len() > 2000,
            "{severity:?}: {} pixels of {colour:?}",
            hits.len()
        );
        let (x0, x1) = (
            hits.iter().map(|p| p.0).min().unwrap(),
            hits.iter().map(|p| p.0).max().unwrap(),
        );
        boxes.push((x0, x1, hits.iter().map(|p| p.1).min().unwrap()));
    }
    for (x0, x1, y0) in &boxes {
        assert!(
            *x0 > 150 && *x1 < 1090,
            "cells within the page column: {x0}..{x1}"
        );
        assert!(
            *y0 > 1754,
            "the heatmap comes after the first page's headlines: y {y0}"
        );
    }

    // The PDF: A4 pages, a page per section at least, and the headline figures in its text.
    let pdf = dir.path().join("pack.pdf");
    chromium(
        profile.path(),
        &format!("--print-to-pdf={}", pdf.display()),
        "1240,1754",
        &url,
    );
    let head = std::fs::read(&pdf).unwrap();
    assert!(head.starts_with(b"%PDF"), "a PDF was written");
    if !available("/usr/bin/pdftotext", "pdftotext (poppler-utils)") {
        return;
    }
    let out = Command::new("/usr/bin/pdftotext")
        .args(["-layout"])
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let pages = text.matches('\u{c}').count();
    assert!(
        pages >= deck.slides.len(),
        "{pages} pages for {} sections",
        deck.slides.len()
    );
    let Body::Figures(figs) = &deck.slides[0].body else {
        panic!("the first slide holds the headline figures")
    };
    for f in figs {
        assert!(
            text.contains(&f.value),
            "{} ({}) missing from the printed pack",
            f.label,
            f.value
        );
    }
    let info = Command::new("/usr/bin/pdfinfo").arg(&pdf).output();
    if let Ok(info) = info {
        let info = String::from_utf8_lossy(&info.stdout);
        assert!(info.contains("(A4)"), "A4 pages: {info}");
    }
}
