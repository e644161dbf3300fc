//! The pack as Markdown: headings and pipe tables only (no HTML), so it renders cleanly on common
//! forges; trends as text sparklines, the heatmap as a table with count and band letter per cell.

use std::fmt::Write;

use super::super::deck::{Body, Deck, Heat, Table};
use super::super::format::sparkline;

pub fn render(deck: &Deck) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {} — {}\n", cell(&deck.title), deck.as_of);
    if deck.redacted {
        out.push_str(
            "*Redacted: member names are pseudonyms and confidential figures are hidden.*\n\n",
        );
    }
    for (n, s) in deck.slides.iter().enumerate() {
        let _ = writeln!(out, "## {}. {}\n", n + 1, cell(&s.title));
        let _ = writeln!(out, "{}\n", cell(&s.lead));
        match &s.body {
            Body::Figures(figs) => {
                out.push_str("| Figure | Value | Note | Trend |\n| --- | ---: | --- | --- |\n");
                for f in figs {
                    let _ = writeln!(
                        out,
                        "| {} | **{}** | {} | {} |",
                        cell(&f.label),
                        cell(&f.value),
                        cell(&f.note),
                        sparkline(&f.trend)
                    );
                }
                out.push('\n');
            }
            Body::Table(t) => table(&mut out, t),
            Body::Heat(h) => heat(&mut out, h),
        }
        if s.detail_adds() {
            let _ = writeln!(out, "### {}\n", cell(&s.detail.title));
            table(&mut out, &s.detail);
        }
    }
    out
}

/// Pipes and line breaks would break a table row.
/// Text in a Markdown table or paragraph: no HTML, no broken table, no control characters.
fn cell(s: &str) -> String {
    crate::text::for_markdown(&crate::text::clean(s)).replace('|', "\\|")
}

fn table(out: &mut String, t: &Table) {
    if t.headers.is_empty() || t.rows.is_empty() {
        let _ = writeln!(out, "{}\n", cell(&t.empty));
        return;
    }
    let mut headers: Vec<String> = t.headers.iter().map(|h| cell(h)).collect();
    let mut aligns: Vec<&str> = t
        .right
        .iter()
        .map(|r| if *r { "---:" } else { "---" })
        .collect();
    if t.has_trends() {
        headers.push("Trend".into());
        aligns.push("---");
    }
    let _ = writeln!(out, "| {} |", headers.join(" | "));
    let _ = writeln!(out, "| {} |", aligns.join(" | "));
    for (i, row) in t.rows.iter().enumerate() {
        let mut cells: Vec<String> = row.iter().map(|c| cell(c)).collect();
        if t.has_trends() {
            cells.push(sparkline(t.trends.get(i).map_or(&[][..], |v| v)));
        }
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    out.push('\n');
}

fn heat(out: &mut String, h: &Heat) {
    let _ = writeln!(
        out,
        "{} scale, {} scores. Each cell: number of open risks and band (L low, M moderate, H high, E extreme).\n",
        cell(&h.scale_title),
        h.basis
    );
    let mut head = vec![format!("{} \\ {}", h.row_axis, h.column_axis)];
    head.extend(h.column_labels.iter().map(|l| cell(l)));
    let _ = writeln!(out, "| {} |", head.join(" | "));
    let _ = writeln!(out, "| --- |{}", " :---: |".repeat(h.column_labels.len()));
    for row in &h.rows {
        let cells: Vec<String> = row
            .cells
            .iter()
            .map(|c| format!("{} {}", c.count, c.letter()))
            .collect();
        let _ = writeln!(out, "| {} | {} |", cell(&row.label), cells.join(" | "));
    }
    out.push('\n');
    if !h.off_scale.is_empty() {
        out.push_str("Scored outside the scale (not in the grid):\n\n");
        for o in &h.off_scale {
            let _ = writeln!(out, "- ⚠ {}", cell(o));
        }
        out.push('\n');
    }
    if h.unscored > 0 {
        let _ = writeln!(
            out,
            "{} open risks have no {} score yet.\n",
            h.unscored, h.basis
        );
    }
}
