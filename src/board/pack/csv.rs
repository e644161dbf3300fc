//! The pack as one CSV file in long form — `section,row,column,value` — so every slide's table
//! fits one shape: `section` is the slide (`headlines`, `pipeline`, …, with `:detail` for the
//! list behind it), `row` counts from 1, `column` is the header and `value` is the figure exactly
//! as shown on screen.

use super::super::deck::{Body, Deck, Table};
use crate::error::{HubError, Result};

/// The pack's writer: every cell made safe to open in a spreadsheet (a name such as
/// `=HYPERLINK(…)` is kept as text, never run as a formula).
struct Safe(::csv::Writer<Vec<u8>>);

impl Safe {
    fn row(&mut self, fields: [&str; 4]) -> ::csv::Result<()> {
        self.0
            .write_record(fields.map(crate::text::for_spreadsheet))
    }
}

pub fn render(deck: &Deck) -> Result<String> {
    let mut w = Safe(::csv::Writer::from_writer(Vec::new()));
    let err = |e: ::csv::Error| HubError::Invalid(format!("cannot write the CSV pack: {e}"));
    w.row(["section", "row", "column", "value"]).map_err(err)?;
    w.row(["meta", "1", "as_of", &deck.as_of]).map_err(err)?;
    w.row([
        "meta",
        "1",
        "redacted",
        if deck.redacted { "yes" } else { "no" },
    ])
    .map_err(err)?;
    for s in &deck.slides {
        match &s.body {
            Body::Figures(figs) => {
                for (i, f) in figs.iter().enumerate() {
                    let row = (i + 1).to_string();
                    for (col, v) in [
                        ("Figure", f.label.clone()),
                        ("Value", f.value.clone()),
                        ("Note", f.note.clone()),
                        ("Trend", trend(&f.trend)),
                    ] {
                        w.row([s.id, &row, col, &v]).map_err(err)?;
                    }
                }
            }
            Body::Table(t) => table(&mut w, s.id, t).map_err(err)?,
            Body::Heat(h) => {
                for (r, row) in h.rows.iter().enumerate() {
                    let rn = (r + 1).to_string();
                    w.row([s.id, &rn, &h.row_axis, &row.label]).map_err(err)?;
                    for (c, label) in row.cells.iter().zip(&h.column_labels) {
                        let v = format!("{} {}", c.count, c.letter());
                        w.row([s.id, &rn, &format!("{} {label}", h.column_axis), &v])
                            .map_err(err)?;
                    }
                }
                for (i, o) in h.off_scale.iter().enumerate() {
                    w.row([s.id, &(i + 1).to_string(), "Off scale", o])
                        .map_err(err)?;
                }
            }
        }
        if s.detail_adds() {
            table(&mut w, &format!("{}:detail", s.id), &s.detail).map_err(err)?;
        }
    }
    let bytes =
        w.0.into_inner()
            .map_err(|e| HubError::Invalid(format!("cannot write the CSV pack: {e}")))?;
    String::from_utf8(bytes).map_err(|e| HubError::Invalid(format!("CSV pack: {e}")))
}

fn trend(v: &[u32]) -> String {
    v.iter()
        .map(|p| format!("{p}%"))
        .collect::<Vec<_>>()
        .join(" ")
}

fn table(w: &mut Safe, section: &str, t: &Table) -> ::csv::Result<()> {
    for (i, row) in t.rows.iter().enumerate() {
        let rn = (i + 1).to_string();
        for (h, v) in t.headers.iter().zip(row) {
            w.row([section, &rn, h, v])?;
        }
        if let Some(tr) = t.trends.get(i) {
            w.row([section, &rn, "Trend", &trend(tr)])?;
        }
    }
    Ok(())
}
