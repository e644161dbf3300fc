//! The board pack: the deck written as Markdown, a self-contained HTML page printable on A4, or
//! one CSV file (a `section` column names the slide each row belongs to).

pub mod csv;
pub mod html;
pub mod md;
pub mod svg;

use std::path::Path;

use super::deck::Deck;
use crate::error::{HubError, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Md,
    Html,
    Csv,
}

/// The pack as text in `format`.
pub fn render(deck: &Deck, format: Format) -> Result<String> {
    Ok(match format {
        Format::Md => md::render(deck),
        Format::Html => html::render(deck),
        Format::Csv => csv::render(deck)?,
    })
}

/// Writes the pack to `out`, replacing it only once the whole pack is written.
pub fn write(deck: &Deck, format: Format, out: &Path) -> Result<()> {
    let text = render(deck, format)?;
    let tmp = out.with_extension("partial");
    std::fs::write(&tmp, text)
        .map_err(|e| HubError::io(format!("cannot write {}", tmp.display()), e))?;
    std::fs::rename(&tmp, out)
        .map_err(|e| HubError::io(format!("cannot write {}", out.display()), e))
}
