//! Shared set-up for the screen tests: the small demo (seed 1, today 22 Nov 2026) loaded into an
//! app, rendered on ratatui's TestBackend.

#![allow(dead_code)]

use chrono::NaiveDate;
use hubboard::clock::Clock;
use hubboard::config::Config;
use hubboard::dashboard;
use hubboard::demo::{self, DemoOptions, Size};
use hubboard::store::{OpenMode, Store};
use hubboard::ui::app::App;
use hubboard::ui::theme::ThemeName;
use hubboard::ui::{self, snapshot};

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

/// A temporary database holding the small demo.
pub fn demo_db() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    let mut store = Store::open(&path, OpenMode::ReadWrite).unwrap();
    let opts = DemoOptions {
        size: Size::Small,
        seed: 1,
        today: today(),
    };
    demo::generate(
        &mut store,
        &opts,
        &Clock::fixed(today()),
        "tester",
        &mut |_| {},
    )
    .unwrap();
    (dir, store)
}

pub fn app_on(store: &Store, theme: ThemeName) -> App {
    let config = Config::default();
    let mut app = ui::new_app(&config, theme, "demo.db".into()).unwrap();
    app.set_snapshot(dashboard::load(store.conn(), today(), &config).unwrap());
    app
}

pub fn screen(app: &App, w: u16, h: u16) -> String {
    snapshot::to_text(&snapshot::render(app, w, h))
}
