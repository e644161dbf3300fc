//! The command palette: fuzzy matching over every command and every member, opportunity and
//! sub-contract by code or name; choosing one runs it or jumps to it.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

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

impl Target {
    pub fn kind(&self) -> &'static str {
        match self {
            Target::Command(_) => "command",
            Target::Member(_) => "member",
            Target::Opportunity(_) => "opportunity",
            Target::SubContract(_) => "sub-contract",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub label: String,
    pub target: Target,
}

#[derive(Debug, Default)]
pub struct PaletteState {
    pub query: String,
    pub entries: Vec<Entry>,
    /// Indices into `entries`, best match first.
    pub matches: Vec<usize>,
    pub selected: usize,
}

impl PaletteState {
    /// Builds the entries from the command list (less those `allowed` rejects) and the snapshot.
    pub fn build(snapshot: Option<&Snapshot>, allowed: impl Fn(Action) -> bool) -> Vec<Entry> {
        let mut entries: Vec<Entry> = commands()
            .iter()
            .filter(|c| c.in_palette && allowed(c.action))
            .map(|c| Entry {
                label: format!("{} — {}", c.name, c.help),
                target: Target::Command(c.action),
            })
            .collect();
        if let Some(s) = snapshot {
            entries.extend(s.members.iter().map(|(code, name)| Entry {
                label: format!("{code} {name}"),
                target: Target::Member(code.clone()),
            }));
            entries.extend(s.tenders.iter().map(|t| Entry {
                label: format!("{} {}", t.opportunity.code, t.opportunity.title),
                target: Target::Opportunity(t.opportunity.code.clone()),
            }));
            entries.extend(s.performance.iter().map(|p| Entry {
                label: format!("{} {} {}", p.code, p.member_name, p.opportunity),
                target: Target::SubContract(p.code.clone()),
            }));
        }
        entries
    }

    pub fn open(&mut self, entries: Vec<Entry>) {
        self.entries = entries;
        self.query.clear();
        self.refilter();
    }

    pub fn refilter(&mut self) {
        self.selected = 0;
        if self.query.trim().is_empty() {
            self.matches = self
                .entries
                .iter()
                .enumerate()
                .filter(|(_, e)| matches!(e.target, Target::Command(_)))
                .map(|(i, _)| i)
                .take(MAX_MATCHES)
                .collect();
            return;
        }
        let matcher = SkimMatcherV2::default().ignore_case();
        let mut scored: Vec<(i64, usize)> = self
            .entries
            .iter()
            .enumerate()
            .filter_map(|(i, e)| {
                matcher
                    .fuzzy_match(&e.label, self.query.trim())
                    .map(|s| (s, i))
            })
            .collect();
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
