//! The pack as one self-contained HTML page: inline CSS, no scripts, no network; printable on A4
//! with a page break between sections; the heatmap as a coloured grid with the count and band
//! letter in every cell (so it reads in black and white); trends as inline SVG sparklines.

use std::fmt::Write;

use super::super::deck::{Body, Deck, Figure, Heat, Table};
use super::svg::sparkline;
use crate::domain::risk_scale::Severity;

/// Cell colours by band: chosen to stay distinct when printed and for the commonest colour
/// blindness (the letter carries the meaning either way).
pub fn band_colour(s: Option<Severity>) -> (&'static str, &'static str) {
    match s {
        Some(Severity::Low) => ("#2e7d32", "#ffffff"),
        Some(Severity::Moderate) => ("#fbc02d", "#000000"),
        Some(Severity::High) => ("#ef6c00", "#000000"),
        Some(Severity::Extreme) => ("#b71c1c", "#ffffff"),
        None => ("#9e9e9e", "#000000"),
    }
}

const CSS: &str = "
@page { size: A4; margin: 15mm; }
body { font-family: 'DejaVu Sans', Arial, sans-serif; color: #111; margin: 0 auto; max-width: 180mm; font-size: 10.5pt; }
h1 { font-size: 20pt; margin: 0 0 4pt; }
h2 { font-size: 15pt; border-bottom: 2px solid #111; padding-bottom: 2pt; margin: 0 0 6pt; }
h3 { font-size: 11.5pt; margin: 12pt 0 4pt; }
section { page-break-before: always; break-before: page; padding-top: 4mm; }
section.first { page-break-before: avoid; break-before: avoid; }
p.lead { margin: 0 0 8pt; }
p.redacted { font-weight: bold; border: 2px solid #111; padding: 3pt 6pt; display: inline-block; }
.figures { display: grid; grid-template-columns: 1fr 1fr; gap: 6pt 12pt; }
.figure { border: 1px solid #444; padding: 6pt 8pt; break-inside: avoid; }
.figure .label { font-weight: bold; text-transform: uppercase; font-size: 9pt; letter-spacing: 0.04em; }
.figure .value { font-size: 24pt; font-weight: bold; margin: 2pt 0; }
.figure .note { font-size: 9pt; }
table { border-collapse: collapse; width: 100%; margin: 4pt 0 8pt; }
th, td { border: 1px solid #888; padding: 2pt 4pt; text-align: left; vertical-align: top; }
th { background: #e8e8e8; }
td.num, th.num { text-align: right; white-space: nowrap; }
tr { break-inside: avoid; }
table.heat { width: auto; }
table.heat td.cell { width: 22mm; height: 11mm; text-align: center; vertical-align: middle; font-weight: bold; font-size: 12pt; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
table.heat th { font-size: 8.5pt; }
svg.spark { vertical-align: middle; }
";

pub fn render(deck: &Deck) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n<title>{} — {}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        esc(&deck.title),
        esc(&deck.as_of)
    );
    for (n, s) in deck.slides.iter().enumerate() {
        let _ = writeln!(
            out,
            "<section id=\"{}\"{}>",
            s.id,
            if n == 0 { " class=\"first\"" } else { "" }
        );
        if n == 0 {
            let _ = writeln!(out, "<h1>{} — {}</h1>", esc(&deck.title), esc(&deck.as_of));
            if deck.redacted {
                out.push_str("<p class=\"redacted\">Redacted: member names are pseudonyms and confidential figures are hidden.</p>\n");
            }
        }
        let _ = writeln!(out, "<h2>{}. {}</h2>", n + 1, esc(&s.title));
        let _ = writeln!(out, "<p class=\"lead\">{}</p>", esc(&s.lead));
        match &s.body {
            Body::Figures(f) => figures(&mut out, f),
            Body::Table(t) => table(&mut out, t, false),
            Body::Heat(h) => heat(&mut out, h),
        }
        if s.detail_adds() {
            table(&mut out, &s.detail, true);
        }
        out.push_str("</section>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

fn figures(out: &mut String, figs: &[Figure]) {
    out.push_str("<div class=\"figures\">\n");
    for f in figs {
        let _ = writeln!(
            out,
            "<div class=\"figure\"><div class=\"label\">{}</div><div class=\"value\">{}</div><div class=\"note\">{} {}</div></div>",
            esc(&f.label),
            esc(&f.value),
            esc(&f.note),
            sparkline(&f.trend, 120, 28)
        );
    }
    out.push_str("</div>\n");
}

fn table(out: &mut String, t: &Table, with_title: bool) {
    if with_title {
        let _ = writeln!(out, "<h3>{}</h3>", esc(&t.title));
    }
    if t.headers.is_empty() || t.rows.is_empty() {
        let _ = writeln!(out, "<p>{}</p>", esc(&t.empty));
        return;
    }
    out.push_str("<table>\n<thead><tr>");
    for (h, r) in t.headers.iter().zip(&t.right) {
        let _ = write!(out, "<th{}>{}</th>", num(*r), esc(h));
    }
    if t.has_trends() {
        out.push_str("<th>Trend</th>");
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for (i, row) in t.rows.iter().enumerate() {
        out.push_str("<tr>");
        for (c, r) in row.iter().zip(&t.right) {
            let _ = write!(out, "<td{}>{}</td>", num(*r), esc(c));
        }
        if t.has_trends() {
            let tr = t.trends.get(i).map_or(&[][..], |v| v);
            let _ = write!(out, "<td>{}</td>", sparkline(tr, 90, 20));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

fn num(right: bool) -> &'static str {
    if right { " class=\"num\"" } else { "" }
}

fn heat(out: &mut String, h: &Heat) {
    let _ = writeln!(
        out,
        "<p>{} scale, {} scores. Each cell: open risks and band (L low, M moderate, H high, E extreme).</p>",
        esc(&h.scale_title),
        esc(&h.basis)
    );
    let _ = write!(
        out,
        "<table class=\"heat\">\n<thead><tr><th>{} \\ {}</th>",
        esc(&h.row_axis),
        esc(&h.column_axis)
    );
    for l in &h.column_labels {
        let _ = write!(out, "<th>{}</th>", esc(l));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &h.rows {
        let _ = write!(out, "<tr><th>{}</th>", esc(&row.label));
        for c in &row.cells {
            let (bg, fg) = band_colour(c.severity);
            let _ = write!(
                out,
                "<td class=\"cell\" style=\"background:{bg};color:{fg}\">{} {}</td>",
                c.count,
                c.letter()
            );
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    if !h.off_scale.is_empty() {
        out.push_str("<p><strong>Scored outside the scale</strong> (not in the grid):</p>\n<ul>\n");
        for o in &h.off_scale {
            let _ = writeln!(out, "<li>⚠ {}</li>", esc(o));
        }
        out.push_str("</ul>\n");
    }
    if h.unscored > 0 {
        let _ = writeln!(
            out,
            "<p>{} open risks have no {} score yet.</p>",
            h.unscored,
            esc(&h.basis)
        );
    }
}
