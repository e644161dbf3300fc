//! Each table pane's rows as indices into the snapshot, filtered (case-insensitive substring over a
//! lower-case text per row holding the words its columns show, built on the pane's first filter)
//! and sorted; the view draws only the visible window.

use std::cmp::Ordering;

use super::action::Pane;
use super::sort::{CapacitySort, PerformanceSort, Sorts, TenderSort};
use crate::dashboard::{CapacityRow, PerformanceRow, Snapshot, TenderRow};

#[derive(Debug, Default)]
pub struct PaneRows {
    /// Each pane's search text, built on the first filter typed in it (not on every load).
    haystacks: [Option<Haystack>; 4],
    views: [Vec<usize>; 4],
}

impl PaneRows {
    /// Forgets a pane's search text, when its rows have been replaced.
    pub fn forget(&mut self, pane: Pane) {
        self.haystacks[pane.index()] = None;
    }

    pub fn view(&self, pane: Pane) -> &[usize] {
        &self.views[pane.index()]
    }

    pub fn rebuild(&mut self, s: &Snapshot, pane: Pane, filter: &str, sorts: &Sorts) {
        let needle = filter.trim().to_lowercase();
        let mut view: Vec<usize> = if needle.is_empty() {
            (0..rows_in(s, pane)).collect()
        } else {
            let hay = self.haystacks[pane.index()].get_or_insert_with(|| haystack(s, pane));
            (0..hay.len())
                .filter(|i| hay.row(*i).contains(&needle))
                .collect()
        };
        let cmp = |a: &usize, b: &usize| -> Ordering { compare(s, pane, sorts, *a, *b) };
        view.sort_by(cmp);
        if sorts.of(pane).reversed() {
            view.reverse();
        }
        self.views[pane.index()] = view;
    }
}

/// A pane's search text: each row's lower-case words one after another in one buffer (a string
/// of its own for each of a hundred thousand rows costs more than their words), and where each
/// row's end.
#[derive(Debug, Default)]
struct Haystack {
    text: String,
    ends: Vec<usize>,
}

impl Haystack {
    fn len(&self) -> usize {
        self.ends.len()
    }

    /// Row `i`'s words alone: a word is never found across two rows.
    fn row(&self, i: usize) -> &str {
        let start = i.checked_sub(1).map_or(0, |p| self.ends[p]);
        &self.text[start..self.ends[i]]
    }
}

impl FromIterator<String> for Haystack {
    fn from_iter<I: IntoIterator<Item = String>>(rows: I) -> Haystack {
        let mut hay = Haystack::default();
        for row in rows {
            hay.text.push_str(&row);
            hay.ends.push(hay.text.len());
        }
        hay.text.shrink_to_fit();
        hay
    }
}

fn rows_in(s: &Snapshot, pane: Pane) -> usize {
    match pane {
        Pane::Tenders => s.tenders.len(),
        Pane::Capacity => s.capacity.len(),
        Pane::Performance => s.performance.len(),
        Pane::Risks => s.risks.len(),
    }
}

/// The lower-case text a pane's filter searches in, one per row: the words its columns show.
fn haystack(s: &Snapshot, pane: Pane) -> Haystack {
    match pane {
        Pane::Tenders => tender_text(s),
        Pane::Capacity => capacity_text(s),
        Pane::Performance => performance_text(s),
        Pane::Risks => risk_text(s),
    }
}

fn tender_text(s: &Snapshot) -> Haystack {
    s.tenders
        .iter()
        .map(|t| {
            let o = &t.opportunity;
            format!(
                "{} {} {} {} {} {} {} {}",
                o.code,
                o.title,
                t.commissioner_name,
                o.commissioner,
                o.stage.label(),
                o.service_line,
                o.kind.label(),
                o.decision.map_or("", |d| d.label())
            )
            .to_lowercase()
        })
        .collect()
}

fn capacity_text(s: &Snapshot) -> Haystack {
    s.capacity
        .iter()
        .map(|c| {
            format!(
                "{} {} {} {}",
                c.member,
                c.member_name,
                c.service_line,
                c.tier.label()
            )
            .to_lowercase()
        })
        .collect()
}

fn performance_text(s: &Snapshot) -> Haystack {
    s.performance
        .iter()
        .map(|p| {
            // What the Standing column shows, in its short and its full words.
            let standing = if p.referral_route {
                crate::scoring::signals::ROUTE_LABEL.to_string()
            } else {
                p.standing.map_or(String::new(), |x| {
                    format!("{} {}", x.short_label(), x.label())
                })
            };
            format!(
                "{} {} {} {} {} {} {} {}",
                p.code,
                p.member,
                p.member_name,
                p.opportunity,
                p.service_line,
                p.state.label(),
                standing,
                if p.early_warning {
                    "⚑ early warning"
                } else {
                    ""
                }
            )
            .to_lowercase()
        })
        .collect()
}

fn risk_text(s: &Snapshot) -> Haystack {
    s.risks
        .iter()
        .map(|r| {
            format!(
                "{} {} {} {} {} {}",
                r.code,
                r.title,
                r.category,
                r.owner,
                r.entity_kind.code(),
                r.entity_code.as_deref().unwrap_or("")
            )
            .to_lowercase()
        })
        .collect()
}

fn compare(s: &Snapshot, pane: Pane, sorts: &Sorts, a: usize, b: usize) -> Ordering {
    match pane {
        Pane::Tenders => tenders(&s.tenders[a], &s.tenders[b], sorts.tenders.key),
        Pane::Capacity => capacity(&s.capacity[a], &s.capacity[b], sorts.capacity.key),
        Pane::Performance => {
            let (x, y) = (&s.performance[a], &s.performance[b]);
            // The snapshot is already worst first, so its order breaks every tie.
            performance(x, y, sorts.performance.key).then(a.cmp(&b))
        }
        Pane::Risks => {
            let (x, y) = (&s.risks[a], &s.risks[b]);
            y.gross_score()
                .cmp(&x.gross_score())
                .then(x.code.cmp(&y.code))
        }
    }
}

fn tenders(x: &TenderRow, y: &TenderRow, key: TenderSort) -> Ordering {
    let (ox, oy) = (&x.opportunity, &y.opportunity);
    match key {
        TenderSort::Deadline => crate::dashboard::tenders::by_deadline(x, y),
        TenderSort::Value => oy.value.cmp(&ox.value),
        TenderSort::BidScore => oy.bid_score.cmp(&ox.bid_score),
        TenderSort::Stage => ox.stage.cmp(&oy.stage),
        TenderSort::Code => ox.code.cmp(&oy.code),
    }
    .then(ox.code.cmp(&oy.code))
}

fn capacity(x: &CapacityRow, y: &CapacityRow, key: CapacitySort) -> Ordering {
    match key {
        CapacitySort::Member => x
            .member_name
            .to_lowercase()
            .cmp(&y.member_name.to_lowercase()),
        CapacitySort::Utilisation => y.utilisation_pct().cmp(&x.utilisation_pct()),
        CapacitySort::Headroom => x.headroom().cmp(&y.headroom()),
        CapacitySort::Compliance => {
            (y.compliance_expired, y.compliance_due).cmp(&(x.compliance_expired, x.compliance_due))
        }
    }
    .then(x.member.cmp(&y.member))
    .then(x.service_line.cmp(&y.service_line))
}

/// Equal under `key` leaves the caller's tie-break (the snapshot's worst-first order).
fn performance(x: &PerformanceRow, y: &PerformanceRow, key: PerformanceSort) -> Ordering {
    match key {
        PerformanceSort::WorstFirst => Ordering::Equal,
        PerformanceSort::Code => x.code.cmp(&y.code),
        PerformanceSort::Member => x
            .member_name
            .to_lowercase()
            .cmp(&y.member_name.to_lowercase()),
        PerformanceSort::Value => y.value.cmp(&x.value),
        PerformanceSort::LateAndMissing => y
            .missing
            .saturating_add(y.late)
            .cmp(&x.missing.saturating_add(x.late)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_row_is_searched_alone() {
        let hay: Haystack = ["sc-1 huyton", "", "kirkby sc-2"]
            .iter()
            .map(|r| r.to_string())
            .collect();
        assert_eq!(hay.len(), 3);
        assert_eq!(
            (0..3).map(|i| hay.row(i)).collect::<Vec<_>>(),
            ["sc-1 huyton", "", "kirkby sc-2"]
        );
        // The end of one row and the start of the next are not one word.
        assert!((0..3).all(|i| !hay.row(i).contains("huytonkirkby")));
        assert!(!hay.row(0).contains("tonk"));
    }
}
