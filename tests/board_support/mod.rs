//! Shared set-up for the Board tests: the small demo (seed 1, today 22 Nov 2026) with two
//! decisions in the audit log — one before and one on the `since` date — whose reasons name a
//! member, so redaction of free text can be checked.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use hubboard::board::{self, BoardConfig, Deck};
use hubboard::clock::Clock;
use hubboard::config::Config;
use hubboard::demo::{self, DemoOptions, Size};
use hubboard::domain::EntityRef;
use hubboard::store::audit::{self, AuditAction, Entry};
use hubboard::store::{OpenMode, Store};
use hubboard::ui::present::{self, Presenter};
use hubboard::ui::snapshot;
use hubboard::ui::theme::{Theme, ThemeName};

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

pub fn since() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 1).unwrap()
}

/// The small demo in a temporary directory, plus two audited decisions.
pub fn demo_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("board.db");
    let mut store = Store::open(&path, OpenMode::ReadWrite).unwrap();
    let opts = DemoOptions {
        size: Size::Small,
        seed: 1,
        today: today(),
    };
    let clock = Clock::fixed(today());
    demo::generate(&mut store, &opts, &clock, "tester", &mut |_| {}).unwrap();
    let (code, name): (String, String) = store
        .conn()
        .query_row(
            "SELECT code, name FROM members ORDER BY code LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    for (when, reason) in [
        (
            NaiveDate::from_ymd_opt(2026, 10, 31).unwrap(),
            format!("Reviewed {name} before the period"),
        ),
        (since(), format!("Improvement plan agreed with {name}")),
    ] {
        let tx = store.write().unwrap();
        // The audit time is the real time of day on the clock's date.
        let at = Clock::fixed(when);
        audit::append(
            &tx,
            &at,
            "officer",
            &Entry::new(AuditAction::ImprovementAdd, EntityRef::member(&code)).reason(reason),
        )
        .unwrap();
        tx.commit().unwrap();
    }
    drop(store);
    (dir, path)
}

pub fn first_member(path: &Path) -> (String, String) {
    let store = Store::open(path, OpenMode::ReadOnly).unwrap();
    store
        .conn()
        .query_row(
            "SELECT code, name FROM members ORDER BY code LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
}

pub fn config() -> Config {
    Config::default()
}

pub fn presenter(path: &Path, redact: bool) -> Presenter {
    let options = present::Options {
        since: Some(since()),
        redact,
        theme: ThemeName::Projector,
    };
    present::presenter(path, &Clock::fixed(today()), &config(), &options).unwrap()
}

pub fn deck(path: &Path, redact: bool, board_config: &BoardConfig) -> Deck {
    let store = Store::open_for_viewing(path).unwrap();
    let (b, r) = board::load(
        store.conn(),
        today(),
        &config(),
        board_config,
        Some(since()),
        redact,
    )
    .unwrap();
    board::build::deck(&b, &r)
}

pub fn screen(p: &Presenter, w: u16, h: u16) -> String {
    let theme = Theme::named(ThemeName::Projector);
    snapshot::to_text(&present::render(p, &theme, w, h))
}

/// Audit times carry the real time of day; snapshots show `hh:mm` in their place.
pub fn mask_times(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = chars.clone();
    for i in 0..chars.len().saturating_sub(4) {
        let w = &chars[i..i + 5];
        if w[0].is_ascii_digit()
            && w[1].is_ascii_digit()
            && w[2] == ':'
            && w[3].is_ascii_digit()
            && w[4].is_ascii_digit()
        {
            out[i..i + 5].copy_from_slice(&['h', 'h', ':', 'm', 'm']);
        }
    }
    out.into_iter().collect()
}
