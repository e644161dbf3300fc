//! The figures and what they are held to: each figure's value, unit and target (an upper bound),
//! whether it met it, printed as a table and written as JSON with the machine's facts and notes.

use std::io;
use std::path::Path;

use serde_json::{Value, json};

use super::settings::{Machine, Settings};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Ms,
    Bytes,
    Mb,
    /// A multiple of another figure.
    Times,
    Count,
}

impl Unit {
    fn code(self) -> &'static str {
        match self {
            Unit::Ms => "ms",
            Unit::Bytes => "bytes",
            Unit::Mb => "MB",
            Unit::Times => "x",
            Unit::Count => "count",
        }
    }

    fn show(self, v: f64) -> String {
        match self {
            Unit::Ms if v >= 10_000.0 => format!("{:.2} s", v / 1000.0),
            Unit::Ms => format!("{v:.1} ms"),
            Unit::Bytes => format!("{v:.0} B"),
            Unit::Mb => format!("{v:.1} MB"),
            Unit::Times => format!("{v:.2}×"),
            Unit::Count => format!("{v:.0}"),
        }
    }
}

/// One measured figure.
#[derive(Debug, Clone)]
pub struct Figure {
    pub name: String,
    /// `None`: it could not be measured (see `note`).
    pub value: Option<f64>,
    pub unit: Unit,
    /// The figure must be at most this.
    pub target: Option<f64>,
    pub note: String,
    /// The individual measurements behind it, for the JSON.
    pub samples: Vec<f64>,
}

impl Figure {
    pub fn new(name: impl Into<String>, value: Option<f64>, unit: Unit) -> Figure {
        Figure {
            name: name.into(),
            value,
            unit,
            target: None,
            note: String::new(),
            samples: Vec::new(),
        }
    }

    pub fn at_most(mut self, target: f64) -> Figure {
        self.target = Some(target);
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Figure {
        self.note = note.into();
        self
    }

    pub fn samples(mut self, samples: &[f64]) -> Figure {
        self.samples = samples.to_vec();
        self
    }

    /// A figure that could not be measured, and why.
    pub fn missing(name: impl Into<String>, unit: Unit, why: impl Into<String>) -> Figure {
        Figure::new(name, None, unit).note(why)
    }

    pub fn status(&self) -> &'static str {
        match (self.value, self.target) {
            (None, _) => "missing",
            (Some(_), None) => "",
            (Some(v), Some(t)) if v <= t => "met",
            (Some(_), Some(_)) => "missed",
        }
    }

    fn value_text(&self) -> String {
        self.value.map_or("—".into(), |v| self.unit.show(v))
    }

    fn target_text(&self) -> String {
        self.target
            .map_or(String::new(), |t| format!("≤ {}", self.unit.show(t)))
    }

    fn json(&self) -> Value {
        json!({
            "figure": self.name,
            "value": self.value,
            "unit": self.unit.code(),
            "target_at_most": self.target,
            "status": self.status(),
            "note": self.note,
            "samples": self.samples,
        })
    }
}

/// Everything the bench found.
pub struct Report {
    pub figures: Vec<Figure>,
    pub notes: Vec<String>,
    machine: Machine,
}

impl Report {
    pub fn new(machine: Machine) -> Report {
        Report {
            figures: Vec::new(),
            notes: Vec::new(),
            machine,
        }
    }

    pub fn add(&mut self, f: Figure) {
        println!(
            "  {:<58} {:>12} {}",
            f.name,
            f.value_text(),
            if f.note.is_empty() { "" } else { &f.note }
        );
        self.figures.push(f);
    }

    pub fn note(&mut self, n: impl Into<String>) {
        let n = n.into();
        println!("  note: {n}");
        self.notes.push(n);
    }

    pub fn value(&self, name: &str) -> Option<f64> {
        self.figures.iter().find(|f| f.name == name)?.value
    }

    pub fn print(&self, s: &Settings) {
        let m = &self.machine;
        println!();
        println!(
            "hubboard dashboard bench — {} demo, medians of {} runs, {} cores, load {} at the \
             start and {} at the end, commit {}, {}",
            s.size,
            s.runs,
            m.cores,
            m.load_average,
            super::settings::load_average(),
            m.commit.as_deref().unwrap_or("unknown"),
            m.date
        );
        let line = "-".repeat(112);
        println!("{line}");
        println!("{:<60} {:>14}  {:<14} status", "figure", "value", "target");
        println!("{line}");
        for f in &self.figures {
            println!(
                "{:<60} {:>14}  {:<14} {}",
                f.name,
                f.value_text(),
                f.target_text(),
                f.status()
            );
        }
        println!("{line}");
        let (met, missed, missing) = self.tally();
        println!("{met} met, {missed} missed, {missing} missing");
        for f in self.figures.iter().filter(|f| !f.note.is_empty()) {
            println!("  {}: {}", f.name, f.note);
        }
        for n in &self.notes {
            println!("  note: {n}");
        }
    }

    fn tally(&self) -> (usize, usize, usize) {
        let count = |s: &str| self.figures.iter().filter(|f| f.status() == s).count();
        (count("met"), count("missed"), count("missing"))
    }

    pub fn write_json(&self, s: &Settings, path: &Path) -> io::Result<()> {
        let m = &self.machine;
        let (met, missed, missing) = self.tally();
        let doc = json!({
            "bench": "dashboard",
            "size": s.size,
            "runs": s.runs,
            "today": s.today.to_string(),
            "terminal": format!("{}x{}", super::settings::COLS, super::settings::ROWS),
            "machine": {
                "cores": m.cores,
                "load_average_at_start": m.load_average,
                "load_average_at_end": super::settings::load_average(),
                "commit": m.commit,
                "date": m.date,
            },
            "figures": self.figures.iter().map(Figure::json).collect::<Vec<_>>(),
            "summary": {"met": met, "missed": missed, "missing": missing},
            "notes": self.notes,
        });
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(path, serde_json::to_string_pretty(&doc)? + "\n")
    }
}
