//! Each table pane's rows as indices into the snapshot, filtered (case-insensitive substring over a
//! precomputed lower-case text per row) and sorted; the view draws only the visible window.

use std::cmp::Ordering;

use super::action::Pane;
use super::app::Sort;
use crate::dashboard::Snapshot;

/// The sort keys each pane offers, in the order `o` cycles through them.
pub fn sort_keys(pane: Pane) -> &'static [&'static str] {
    match pane {
        Pane::Tenders => &["deadline", "value", "bid score", "stage", "code"],
        Pane::Capacity => &["member", "utilisation", "headroom", "compliance"],
        Pane::Performance => &["worst first", "code", "member", "value", "late and missing"],
        Pane::Risks => &["score"],
    }
}

#[derive(Debug, Default)]
pub struct PaneRows {
    haystacks: [Vec<String>; 4],
    views: [Vec<usize>; 4],
}

impl PaneRows {
    pub fn index(s: &Snapshot) -> PaneRows {
        let tenders = s
            .tenders
            .iter()
            .map(|t| {
                let o = &t.opportunity;
                format!(
                    "{} {} {} {} {}",
                    o.code,
                    o.title,
                    t.commissioner_name,
                    o.stage.label(),
                    o.service_line
                )
                .to_lowercase()
            })
            .collect();
        let capacity = s
            .capacity
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
            .collect();
        let performance = s
            .performance
            .iter()
            .map(|p| {
                format!(
                    "{} {} {} {} {} {}",
                    p.code,
                    p.member,
                    p.member_name,
                    p.opportunity,
                    p.service_line,
                    p.status.label()
                )
                .to_lowercase()
            })
            .collect();
        let risks = s
            .risks
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
            .collect();
        PaneRows {
            haystacks: [tenders, capacity, performance, risks],
            views: Default::default(),
        }
    }

    pub fn view(&self, pane: Pane) -> &[usize] {
        &self.views[pane.index()]
    }

    pub fn rebuild(&mut self, s: &Snapshot, pane: Pane, filter: &str, sort: Sort) {
        let needle = filter.trim().to_lowercase();
        let hay = &self.haystacks[pane.index()];
        let mut view: Vec<usize> = (0..hay.len())
            .filter(|i| needle.is_empty() || hay[*i].contains(&needle))
            .collect();
        let cmp = |a: &usize, b: &usize| -> Ordering { compare(s, pane, sort.key, *a, *b) };
        view.sort_by(cmp);
        if sort.reverse {
            view.reverse();
        }
        self.views[pane.index()] = view;
    }
}

fn compare(s: &Snapshot, pane: Pane, key: usize, a: usize, b: usize) -> Ordering {
    match pane {
        Pane::Tenders => {
            let (x, y) = (&s.tenders[a], &s.tenders[b]);
            let (ox, oy) = (&x.opportunity, &y.opportunity);
            match key {
                1 => oy.value.cmp(&ox.value),
                2 => oy.bid_score.cmp(&ox.bid_score),
                3 => ox.stage.cmp(&oy.stage),
                4 => ox.code.cmp(&oy.code),
                // Open opportunities by deadline first, closed ones after.
                _ => (!ox.stage.is_open(), ox.deadline).cmp(&(!oy.stage.is_open(), oy.deadline)),
            }
            .then(ox.code.cmp(&oy.code))
        }
        Pane::Capacity => {
            let (x, y) = (&s.capacity[a], &s.capacity[b]);
            match key {
                1 => y.utilisation_pct().cmp(&x.utilisation_pct()),
                2 => x.headroom().cmp(&y.headroom()),
                3 => (y.compliance_expired, y.compliance_due)
                    .cmp(&(x.compliance_expired, x.compliance_due)),
                _ => x
                    .member_name
                    .to_lowercase()
                    .cmp(&y.member_name.to_lowercase()),
            }
            .then(x.member.cmp(&y.member))
            .then(x.service_line.cmp(&y.service_line))
        }
        Pane::Performance => {
            let (x, y) = (&s.performance[a], &s.performance[b]);
            match key {
                1 => x.code.cmp(&y.code),
                2 => x
                    .member_name
                    .to_lowercase()
                    .cmp(&y.member_name.to_lowercase()),
                3 => y.value.cmp(&x.value),
                4 => (y.missing + y.late).cmp(&(x.missing + x.late)),
                // The snapshot is already worst first.
                _ => a.cmp(&b),
            }
            .then(a.cmp(&b))
        }
        Pane::Risks => {
            let (x, y) = (&s.risks[a], &s.risks[b]);
            y.gross_score()
                .cmp(&x.gross_score())
                .then(x.code.cmp(&y.code))
        }
    }
}
