//! Dashboard benchmark: prints how long the large demo takes to load into the dashboard's read
//! models, to filter and sort, and to draw a frame. Run with `cargo bench --bench dashboard`
//! (set HUBBOARD_BENCH_DB to reuse a large demo database; otherwise one is built in a temp dir).

use std::path::PathBuf;
use std::time::Instant;

use chrono::NaiveDate;
use hubboard::clock::Clock;
use hubboard::config::Config;
use hubboard::dashboard;
use hubboard::demo::{self, DemoOptions, Size};
use hubboard::store::{OpenMode, Store};
use hubboard::ui::action::{Action, Pane};
use hubboard::ui::snapshot;
use hubboard::ui::theme::ThemeName;

fn main() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let _keep;
    let path = match std::env::var_os("HUBBOARD_BENCH_DB") {
        Some(p) => PathBuf::from(p),
        None => {
            let dir = tempfile::tempdir().unwrap();
            let p = dir.path().join("large.db");
            let t = Instant::now();
            let mut store = Store::open(&p, OpenMode::ReadWrite).unwrap();
            let opts = DemoOptions {
                size: Size::Large,
                seed: 1,
                today,
            };
            demo::generate(
                &mut store,
                &opts,
                &Clock::fixed(today),
                "bench",
                &mut |_| {},
            )
            .unwrap();
            println!("build large demo: {:.2} s", t.elapsed().as_secs_f64());
            _keep = dir;
            p
        }
    };
    let config = Config::default();
    let store = Store::open(&path, OpenMode::ReadOnly).unwrap();
    let conn = store.conn();

    let t = Instant::now();
    let (tenders, _) = dashboard::tenders::load(conn, today).unwrap();
    println!(
        "tenders: {} rows in {} ms",
        tenders.len(),
        t.elapsed().as_millis()
    );
    let t = Instant::now();
    let capacity = dashboard::capacity::load(conn, today).unwrap();
    println!(
        "capacity: {} rows in {} ms",
        capacity.len(),
        t.elapsed().as_millis()
    );
    let t = Instant::now();
    let performance = dashboard::performance::load(conn, today).unwrap();
    println!(
        "performance: {} rows in {} ms",
        performance.len(),
        t.elapsed().as_millis()
    );
    let t = Instant::now();
    let snap = dashboard::load(conn, today, &config).unwrap();
    println!("whole snapshot: {} ms", t.elapsed().as_millis());

    let mut app = hubboard::ui::new_app(&config, ThemeName::Default, "bench".into()).unwrap();
    let t = Instant::now();
    app.set_snapshot(snap);
    println!("index and sort every pane: {} ms", t.elapsed().as_millis());

    app.pane = Pane::Performance;
    let t = Instant::now();
    app.filters[Pane::Performance.index()] = "knowsley".into();
    app.rebuild(Pane::Performance);
    println!(
        "filter 'knowsley' over {} sub-contracts: {} ms ({} match)",
        performance.len(),
        t.elapsed().as_millis(),
        app.view_len(Pane::Performance)
    );
    app.filters[Pane::Performance.index()].clear();
    app.rebuild(Pane::Performance);

    for (w, h) in [(80u16, 24u16), (200, 60)] {
        let n = 200;
        let t = Instant::now();
        for _ in 0..n {
            app.apply(Action::PageDown);
            let _ = snapshot::render(&app, w, h);
        }
        println!(
            "frame at {w}x{h} while paging: {:.2} ms",
            t.elapsed().as_secs_f64() * 1000.0 / n as f64
        );
    }
}
