//! README's performance table is a real run: every row is the figure the benchmark wrote to
//! `benches/results/` (a copy of `target/bench/dashboard*.json` from `cargo bench --bench
//! dashboard`), worded the same way, and no figure with a target is left out of it.

use std::collections::BTreeMap;

use serde_json::Value;

const BEGIN: &str = "<!-- bench:begin -->";
const END: &str = "<!-- bench:end -->";

/// A run's figures by name: (value, unit, target, status).
type Figures = BTreeMap<String, (Option<f64>, String, Option<f64>, String)>;

fn figures(file: &str) -> Figures {
    let path = format!("{}/benches/results/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let json: Value = serde_json::from_str(&text).unwrap();
    json["figures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["figure"].as_str().unwrap().to_string(),
                (
                    f["value"].as_f64(),
                    f["unit"].as_str().unwrap().to_string(),
                    f["target_at_most"].as_f64(),
                    f["status"].as_str().unwrap_or("").to_string(),
                ),
            )
        })
        .collect()
}

/// A figure as the README words it: seconds past one, ms to one place, MB to one place, whole
/// bytes, ratios to two places.
fn worded(value: f64, unit: &str) -> String {
    match unit {
        "ms" if value >= 1000.0 => format!("{:.2} s", value / 1000.0),
        "ms" => format!("{value:.1} ms"),
        "MB" => format!("{value:.1} MB"),
        "bytes" => format!("{value:.0} B"),
        "x" => format!("{value:.2}×"),
        other => format!("{value} {other}"),
    }
}

fn cell(f: Option<&(Option<f64>, String, Option<f64>, String)>) -> String {
    match f {
        Some((Some(v), unit, _, status)) => {
            let mark = match status.as_str() {
                "met" => " ✓",
                "missed" => " ✗",
                _ => "",
            };
            format!("{}{mark}", worded(*v, unit))
        }
        Some((None, ..)) => "not measured".into(),
        None => "–".into(),
    }
}

fn table_rows() -> Vec<Vec<String>> {
    let readme =
        std::fs::read_to_string(format!("{}/README.md", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let start = readme
        .find(BEGIN)
        .expect("README marks its performance table")
        + BEGIN.len();
    let end = readme[start..].find(END).unwrap() + start;
    readme[start..end]
        .lines()
        .filter(|l| l.starts_with('|') && !l.starts_with("| ---") && !l.starts_with("| Figure"))
        .map(|l| {
            l.trim_matches('|')
                .split('|')
                .map(|c| c.trim().trim_matches('`').to_string())
                .collect()
        })
        .collect()
}

#[test]
fn every_row_of_the_readme_table_is_the_benchmarks_figure() {
    let (large, small) = (
        figures("dashboard-large.json"),
        figures("dashboard-small.json"),
    );
    let rows = table_rows();
    assert!(rows.len() >= 20, "{rows:?}");
    for row in &rows {
        let [name, target, l, s] = &row[..] else {
            panic!("a row of four cells: {row:?}");
        };
        let f = large
            .get(name)
            .unwrap_or_else(|| panic!("no figure '{name}' in the run"));
        let want_target =
            f.2.map_or("–".to_string(), |t| format!("≤ {}", worded(t, &f.1)));
        assert_eq!(target, &want_target, "{name}");
        assert_eq!(l, &cell(Some(f)), "{name} (large)");
        assert_eq!(s, &cell(small.get(name)), "{name} (small)");
    }
}

#[test]
fn no_figure_with_a_target_is_left_out() {
    let shown: Vec<String> = table_rows().into_iter().map(|r| r[0].clone()).collect();
    for (name, (_, _, target, _)) in figures("dashboard-large.json") {
        if target.is_some() {
            assert!(
                shown.contains(&name),
                "'{name}' has a target but is not in README"
            );
        }
    }
}

#[test]
fn wording_of_the_figures() {
    assert_eq!(worded(2785.36, "ms"), "2.79 s");
    assert_eq!(worded(26.44, "ms"), "26.4 ms");
    assert_eq!(worded(184.6, "MB"), "184.6 MB");
    assert_eq!(worded(377.0, "bytes"), "377 B");
    assert_eq!(worded(3.841, "x"), "3.84×");
}

/// How much slower the machine ran for `now` than for `before`: the middle of the ratios of the
/// `sqlite3` shell's floors, which no change here touches, and never below one (a run on a
/// faster day is held to the figures as measured).
fn machine_slowdown(now: &Figures, before: &Figures) -> f64 {
    let mut ratios: Vec<f64> = now
        .iter()
        .filter(|(name, (_, unit, ..))| name.starts_with("floor:") && unit == "ms")
        .filter_map(|(name, (v, ..))| Some(v.as_ref()? / before.get(name)?.0?))
        .filter(|r| r.is_finite())
        .collect();
    assert!(
        ratios.len() >= 3,
        "only {} floors in both runs",
        ratios.len()
    );
    ratios.sort_by(f64::total_cmp);
    ratios[ratios.len() / 2].max(1.0)
}

#[test]
fn the_small_demo_is_no_slower_than_the_run_before() {
    let (now, before) = (
        figures("dashboard-small.json"),
        figures("dashboard-small-before.json"),
    );
    // Times are compared on the machine's speed of the day: the runs are hours apart.
    let slowdown = machine_slowdown(&now, &before);
    assert!(
        slowdown < 2.0,
        "the machine ran {slowdown:.2}× slower: run again"
    );
    let mut compared = 0;
    for (name, (value, unit, ..)) in &now {
        let (Some(v), Some((Some(b), ..))) = (value, before.get(name)) else {
            continue;
        };
        if name.starts_with("floor:") || name.contains('÷') || name.contains("bytes") {
            continue;
        }
        // A key's p99 over 200 presses is its second slowest: within a millisecond is the same.
        let allowed = match unit.as_str() {
            "ms" if name.contains("p99") => b * slowdown + 1.0,
            "ms" => b * slowdown * 1.05 + 0.5,
            "MB" => b + 0.5,
            _ => continue,
        };
        assert!(
            *v <= allowed,
            "{name}: {v} {unit} now, {b} before (machine {slowdown:.2}× slower)"
        );
        compared += 1;
    }
    assert!(compared >= 30, "only {compared} figures compared");
}

#[test]
fn the_machines_slowdown_is_the_middle_floor_ratio() {
    let run = |floors: [f64; 3]| -> Figures {
        ["a", "b", "c"]
            .iter()
            .zip(floors)
            .map(|(n, v)| {
                (
                    format!("floor: {n}"),
                    (Some(v), "ms".into(), None, String::new()),
                )
            })
            .collect()
    };
    let before = run([10.0, 100.0, 20.0]);
    assert_eq!(machine_slowdown(&run([15.0, 100.0, 40.0]), &before), 1.5);
    // Memory is not speed: a floor's peak memory does not count.
    let mut with_memory = run([15.0, 100.0, 40.0]);
    with_memory.insert(
        "floor: a: peak memory".into(),
        (Some(90.0), "MB".into(), None, String::new()),
    );
    let mut before_memory = before.clone();
    before_memory.insert(
        "floor: a: peak memory".into(),
        (Some(1.0), "MB".into(), None, String::new()),
    );
    assert_eq!(machine_slowdown(&with_memory, &before_memory), 1.5);
    // A faster day holds the run to the figures as measured.
    assert_eq!(machine_slowdown(&run([5.0, 50.0, 10.0]), &before), 1.0);
}

#[test]
fn the_readme_words_the_kept_runs_as_they_are() {
    let readme =
        std::fs::read_to_string(format!("{}/README.md", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let (small, before) = (
        figures("dashboard-small.json"),
        figures("dashboard-small-before.json"),
    );
    let slowdown = format!(
        "({:.2}× for the kept\nrun)",
        machine_slowdown(&small, &before)
    );
    assert!(
        readme
            .replace("\n", " ")
            .contains(&slowdown.replace("\n", " ")),
        "README does not say {slowdown}"
    );
    // "On the small demo every start is under 60 ms".
    assert!(readme.contains("On the small demo every start is under 60 ms"));
    let starts: Vec<f64> = small
        .iter()
        .filter(|(name, _)| name.contains(" shows ("))
        .filter_map(|(_, (v, ..))| *v)
        .collect();
    assert!(starts.len() >= 6, "{starts:?}");
    assert!(starts.iter().all(|ms| *ms < 60.0), "{starts:?}");
}
