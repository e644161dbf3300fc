//! The Board's view of the consortium: its figures read once (`load`), turned into a deck of
//! slides (`build`) that the presentation and the board pack both render, so the figures on the
//! projector and in the pack are the same by construction.

pub mod build;
pub mod config;
pub mod deck;
pub mod format;
pub mod headlines;
pub mod load;
pub mod pack;
pub mod ratio;
pub mod redact;

use chrono::{Months, NaiveDate};
use rusqlite::Connection;

pub use config::{BoardConfig, Confidential};
pub use deck::{Body, Deck, Figure, Heat, Slide, Table};
pub use headlines::Headlines;
pub use load::{Board, Settings};
pub use redact::Redaction;

use crate::error::Result;

/// The first day the decisions slide covers: `since`, else `board.since_months` before today.
pub fn since_or_default(
    since: Option<NaiveDate>,
    today: NaiveDate,
    config: &BoardConfig,
) -> NaiveDate {
    since.unwrap_or_else(|| {
        today
            .checked_sub_months(Months::new(config.since_months))
            .unwrap_or(NaiveDate::MIN)
    })
}

/// Reads the Board's figures and the redaction (pseudonyms for every member) in one go.
pub fn load<'a>(
    conn: &Connection,
    today: NaiveDate,
    settings: impl Into<Settings<'a>>,
    board_config: &BoardConfig,
    since: Option<NaiveDate>,
    redact: bool,
) -> Result<(Board, Redaction)> {
    let since = since_or_default(since, today, board_config);
    let board = load::load(conn, today, &settings.into(), board_config, since)?;
    let names: Vec<(String, String)> = board
        .members
        .iter()
        .map(|(c, n, _)| (c.clone(), n.clone()))
        .collect();
    let redaction = Redaction::new(redact, board_config, &names);
    Ok((board, redaction))
}
