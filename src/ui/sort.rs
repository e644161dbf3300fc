//! The sort keys each table pane offers, as types, and the sort each pane is in: what `o` cycles
//! and `O` reverses, what the rows builder orders by, and what the title and status line name.

use super::action::Pane;

/// One pane's sort keys.
pub trait SortKey: Copy + PartialEq + 'static {
    /// Every key, in the order `o` cycles through them; the first is the pane's default.
    const ALL: &'static [Self];
    /// The words the status line ("sorted by deadline") and the pane's title use.
    fn label(self) -> &'static str;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TenderSort {
    /// Open opportunities by deadline, closed ones after.
    Deadline,
    /// Largest first.
    Value,
    /// Highest first.
    BidScore,
    Stage,
    Code,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CapacitySort {
    /// By member name, so a member's service lines sit together.
    Member,
    /// Fullest first.
    Utilisation,
    /// Least room (or most over) first.
    Headroom,
    /// Expired items first, then items falling due.
    Compliance,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PerformanceSort {
    /// The order the snapshot already has: worst standing first.
    WorstFirst,
    Code,
    /// By member name.
    Member,
    /// Largest first.
    Value,
    /// Most late and missing returns first.
    LateAndMissing,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RiskSort {
    /// Highest gross score first.
    Score,
}

impl SortKey for TenderSort {
    const ALL: &'static [Self] = &[
        Self::Deadline,
        Self::Value,
        Self::BidScore,
        Self::Stage,
        Self::Code,
    ];
    fn label(self) -> &'static str {
        match self {
            Self::Deadline => "deadline",
            Self::Value => "value",
            Self::BidScore => "bid score",
            Self::Stage => "stage",
            Self::Code => "code",
        }
    }
}

impl SortKey for CapacitySort {
    const ALL: &'static [Self] = &[
        Self::Member,
        Self::Utilisation,
        Self::Headroom,
        Self::Compliance,
    ];
    fn label(self) -> &'static str {
        match self {
            Self::Member => "member",
            Self::Utilisation => "utilisation",
            Self::Headroom => "headroom",
            Self::Compliance => "compliance",
        }
    }
}

impl SortKey for PerformanceSort {
    const ALL: &'static [Self] = &[
        Self::WorstFirst,
        Self::Code,
        Self::Member,
        Self::Value,
        Self::LateAndMissing,
    ];
    fn label(self) -> &'static str {
        match self {
            Self::WorstFirst => "worst first",
            Self::Code => "code",
            Self::Member => "member",
            Self::Value => "value",
            Self::LateAndMissing => "late and missing",
        }
    }
}

impl SortKey for RiskSort {
    const ALL: &'static [Self] = &[Self::Score];
    fn label(self) -> &'static str {
        match self {
            Self::Score => "score",
        }
    }
}

/// A pane's sort: the key, and whether it runs the other way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort<K> {
    pub key: K,
    pub reverse: bool,
}

impl<K: SortKey> Default for Sort<K> {
    fn default() -> Self {
        Sort {
            key: K::ALL[0],
            reverse: false,
        }
    }
}

/// One pane's sort whatever its key type, for code that knows only the `Pane`.
pub trait PaneSort {
    /// Moves to the next key (after the last, the first), in its natural direction.
    fn next(&mut self);
    fn reverse(&mut self);
    fn label(&self) -> &'static str;
    fn reversed(&self) -> bool;
    /// The pane's default key, not reversed: the title then says nothing about the sort.
    fn is_default(&self) -> bool;
}

impl<K: SortKey> PaneSort for Sort<K> {
    fn next(&mut self) {
        let at = K::ALL.iter().position(|k| *k == self.key).unwrap_or(0);
        self.key = K::ALL[(at + 1) % K::ALL.len()];
        self.reverse = false;
    }
    fn reverse(&mut self) {
        self.reverse = !self.reverse;
    }
    fn label(&self) -> &'static str {
        self.key.label()
    }
    fn reversed(&self) -> bool {
        self.reverse
    }
    fn is_default(&self) -> bool {
        self.key == K::ALL[0] && !self.reverse
    }
}

/// Every table pane's sort.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Sorts {
    pub tenders: Sort<TenderSort>,
    pub capacity: Sort<CapacitySort>,
    pub performance: Sort<PerformanceSort>,
    pub risks: Sort<RiskSort>,
}

impl Sorts {
    pub fn of(&self, pane: Pane) -> &dyn PaneSort {
        match pane {
            Pane::Tenders => &self.tenders,
            Pane::Capacity => &self.capacity,
            Pane::Performance => &self.performance,
            Pane::Risks => &self.risks,
        }
    }

    pub fn of_mut(&mut self, pane: Pane) -> &mut dyn PaneSort {
        match pane {
            Pane::Tenders => &mut self.tenders,
            Pane::Capacity => &mut self.capacity,
            Pane::Performance => &mut self.performance,
            Pane::Risks => &mut self.risks,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels<K: SortKey>() -> Vec<&'static str> {
        K::ALL.iter().map(|k| k.label()).collect()
    }

    #[test]
    fn each_pane_cycles_through_its_keys_and_back_to_the_first() {
        let mut s = Sorts::default();
        let mut seen = vec![s.of(Pane::Tenders).label()];
        for _ in 0..TenderSort::ALL.len() {
            s.of_mut(Pane::Tenders).next();
            seen.push(s.of(Pane::Tenders).label());
        }
        assert_eq!(
            seen,
            [
                "deadline",
                "value",
                "bid score",
                "stage",
                "code",
                "deadline"
            ]
        );
        assert!(s.of(Pane::Tenders).is_default());
    }

    #[test]
    fn the_next_key_runs_in_its_natural_direction() {
        let mut s = Sorts::default();
        s.of_mut(Pane::Performance).reverse();
        assert!(!s.of(Pane::Performance).is_default());
        assert!(s.of(Pane::Performance).reversed());
        s.of_mut(Pane::Performance).next();
        assert_eq!(
            s.performance,
            Sort {
                key: PerformanceSort::Code,
                reverse: false
            }
        );
    }

    #[test]
    fn a_single_key_pane_stays_on_it() {
        let mut s = Sorts::default();
        s.of_mut(Pane::Risks).next();
        assert_eq!(s.risks.key, RiskSort::Score);
        assert!(s.of(Pane::Risks).is_default());
    }

    #[test]
    fn labels_are_distinct_within_each_pane() {
        for mut l in [
            labels::<TenderSort>(),
            labels::<CapacitySort>(),
            labels::<PerformanceSort>(),
            labels::<RiskSort>(),
        ] {
            let n = l.len();
            l.sort_unstable();
            l.dedup();
            assert_eq!(l.len(), n);
        }
    }
}
