//! The command palette: fuzzy matching over every command and every member, opportunity and
//! sub-contract by code or name; choosing one runs it or jumps to it.

use std::rc::Rc;

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use super::action::Action;
use super::commands::commands;
use crate::dashboard::Snapshot;

/// Most matches listed at once.
pub const MAX_MATCHES: usize = 50;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Command(Action),
    Member(String),
    Opportunity(String),
    SubContract(String),
}

/// What an entry leads to, without its code (which starts its label).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Command(Action),
    Member,
    Opportunity,
    SubContract,
}

/// One line of the palette: its label, and what choosing it does. A member's, opportunity's or
/// sub-contract's label starts with its code, which is not held twice: a large hub has over a
/// hundred thousand entries.
#[derive(Debug, Clone)]
pub struct Entry {
    pub label: Box<str>,
    kind: Kind,
    /// The code's length at the start of the label.
    code_len: usize,
}

impl Entry {
    /// A command's entry.
    pub fn command(label: String, action: Action) -> Entry {
        Entry {
            label: label.into_boxed_str(),
            kind: Kind::Command(action),
            code_len: 0,
        }
    }

    /// A member's, opportunity's or sub-contract's entry: its code, then `rest`.
    pub fn record(kind: Kind, code: &str, rest: std::fmt::Arguments<'_>) -> Entry {
        Entry {
            label: format!("{code} {rest}").into_boxed_str(),
            kind,
            code_len: code.len(),
        }
    }

    /// What choosing the entry does.
    pub fn target(&self) -> Target {
        let code = || self.label[..self.code_len].to_string();
        match self.kind {
            Kind::Command(a) => Target::Command(a),
            Kind::Member => Target::Member(code()),
            Kind::Opportunity => Target::Opportunity(code()),
            Kind::SubContract => Target::SubContract(code()),
        }
    }

    /// What the entry is, in a word.
    pub fn kind(&self) -> &'static str {
        match self.kind {
            Kind::Command(_) => "command",
            Kind::Member => "member",
            Kind::Opportunity => "opportunity",
            Kind::SubContract => "sub-contract",
        }
    }

    fn is_command(&self) -> bool {
        matches!(self.kind, Kind::Command(_))
    }
}

#[derive(Debug, Default)]
pub struct PaletteState {
    pub query: String,
    /// Built once per snapshot and shared by every opening of the palette.
    pub entries: Rc<Vec<Entry>>,
    /// Indices into `entries`, best match first.
    pub matches: Vec<usize>,
    pub selected: usize,
    /// The query `candidates` answer, and every entry it matched: a query that only grows from
    /// it is matched against those alone.
    last_query: String,
    candidates: Vec<usize>,
    /// Opened before every row was in: what is typed is kept, and its entries come with the rows.
    pub waiting: bool,
    /// Enter was pressed while waiting: it goes, to the best match then, once the entries are in.
    pub enter_held: bool,
}

impl PaletteState {
    /// Builds the entries from the command list (less those `allowed` rejects) and the snapshot.
    pub fn build(snapshot: Option<&Snapshot>, allowed: impl Fn(Action) -> bool) -> Vec<Entry> {
        let mut entries: Vec<Entry> = commands()
            .iter()
            .filter(|c| c.in_palette && allowed(c.action))
            .map(|c| Entry::command(format!("{} — {}", c.name, c.help), c.action))
            .collect();
        if let Some(s) = snapshot {
            let records = s.members.len() + s.tenders.len() + s.performance.len();
            entries.reserve_exact(records);
            entries.extend(
                s.members
                    .iter()
                    .map(|(code, name)| Entry::record(Kind::Member, code, format_args!("{name}"))),
            );
            entries.extend(s.tenders.iter().map(|t| {
                let o = &t.opportunity;
                Entry::record(Kind::Opportunity, &o.code, format_args!("{}", o.title))
            }));
            entries.extend(s.performance.iter().map(|p| {
                let rest = format_args!("{} {}", p.member_name, p.opportunity);
                Entry::record(Kind::SubContract, &p.code, rest)
            }));
        }
        entries
    }

    pub fn open(&mut self, entries: Rc<Vec<Entry>>) {
        self.query.clear();
        self.waiting = false;
        self.enter_held = false;
        self.fill(entries);
    }

    /// Opens before the entries are in (`fill` brings them): nothing to match yet.
    pub fn open_waiting(&mut self) {
        self.open(Rc::new(Vec::new()));
        self.waiting = true;
    }

    /// Takes the entries, keeping what was typed, and matches it against them.
    pub fn fill(&mut self, entries: Rc<Vec<Entry>>) {
        self.entries = entries;
        self.waiting = false;
        self.last_query.clear();
        self.candidates.clear();
        self.refilter();
    }

    pub fn refilter(&mut self) {
        self.selected = 0;
        let query = self.query.trim().to_string();
        if query.is_empty() {
            self.last_query.clear();
            self.matches = self
                .entries
                .iter()
                .enumerate()
                .filter(|(_, e)| e.is_command())
                .map(|(i, _)| i)
                .take(MAX_MATCHES)
                .collect();
            return;
        }
        // A fuzzy match of the longer query is a match of the shorter one: narrow, unless the
        // query uses the negation that breaks that (`!word`).
        let narrows = !self.last_query.is_empty()
            && query.starts_with(&self.last_query)
            && !query.contains('!');
        let pool: Vec<usize> = if narrows {
            std::mem::take(&mut self.candidates)
        } else {
            (0..self.entries.len()).collect()
        };
        let pattern = Pattern::parse(&query, CaseMatching::Ignore, Normalization::Smart);
        let mut matcher = Matcher::new(Config::DEFAULT);
        let mut buf = Vec::new();
        let mut scored: Vec<(u32, usize)> = pool
            .into_iter()
            .filter_map(|i| {
                let label = Utf32Str::new(&self.entries[i].label, &mut buf);
                pattern.score(label, &mut matcher).map(|s| (s, i))
            })
            .collect();
        self.candidates = scored.iter().map(|(_, i)| *i).collect();
        self.candidates.sort_unstable();
        self.last_query = query;
        // Best score first; among equals, the order entries were listed (commands, then members…).
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        self.matches = scored
            .into_iter()
            .take(MAX_MATCHES)
            .map(|(_, i)| i)
            .collect();
    }

    pub fn chosen(&self) -> Option<&Entry> {
        self.matches.get(self.selected).map(|i| &self.entries[*i])
    }

    pub fn up(&mut self) {
        self.selected = self.selected.saturating_sub(1);
    }

    pub fn down(&mut self) {
        if self.selected + 1 < self.matches.len() {
            self.selected += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries() -> Vec<Entry> {
        [
            "KN01 Huyton Advice Centre",
            "KN02 Halewood Youth Club",
            "KN03 Kirkby Families Trust",
            "OP-001 Knowsley Welfare Advice",
            "SC-0019 Huyton Advice Centre OP-002",
        ]
        .iter()
        .map(|l| {
            let (code, rest) = l.split_once(' ').unwrap();
            Entry::record(Kind::Member, code, format_args!("{rest}"))
        })
        .collect()
    }

    fn matches_for(query: &str) -> Vec<usize> {
        let mut p = PaletteState::default();
        p.open(Rc::new(entries()));
        p.query = query.into();
        p.refilter();
        p.matches
    }

    #[test]
    fn a_growing_query_narrows_to_what_a_fresh_search_finds() {
        let mut p = PaletteState::default();
        p.open(Rc::new(entries()));
        for q in ["h", "hu", "huy", "huyt adv", "huy", "k", "kn0"] {
            p.query = q.into();
            p.refilter();
            assert_eq!(p.matches, matches_for(q), "{q}");
        }
        assert_eq!(matches_for("huyton advice"), [0, 4]);
        assert!(matches_for("zzz").is_empty());
        // Case does not matter; a negated word leaves out what contains it.
        assert_eq!(matches_for("HUYTON !op-002"), [0]);
    }
}
