//! The risk heatmap: probability × impact counts on one scale, gross or net, with the risks in each
//! cell; risks scored outside the scale are listed apart, never clipped into the grid.

use crate::domain::Risk;
use crate::domain::RiskStatus;
use crate::domain::risk_scale::RiskScale;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    Gross,
    Net,
}

impl Basis {
    pub fn label(self) -> &'static str {
        match self {
            Basis::Gross => "gross",
            Basis::Net => "net",
        }
    }
    pub fn toggled(self) -> Basis {
        match self {
            Basis::Gross => Basis::Net,
            Basis::Net => Basis::Gross,
        }
    }
}

#[derive(Debug, Clone)]
pub struct HeatGrid {
    pub scale: RiskScale,
    pub basis: Basis,
    /// `cells[p-1][i-1]` holds the indices (into the risk list) of open risks scored P, I.
    pub cells: Vec<Vec<Vec<usize>>>,
    /// Open risks on this scale whose score lies outside it.
    pub off_scale: Vec<usize>,
    /// Open risks on this scale with no net score yet (net view only).
    pub unscored: Vec<usize>,
    /// Closed risks on this scale: not counted, listed on request to be reopened.
    pub closed: Vec<usize>,
}

impl HeatGrid {
    pub fn build(risks: &[Risk], scale: &RiskScale, basis: Basis) -> HeatGrid {
        let all: Vec<usize> = (0..risks.len()).collect();
        Self::build_subset(risks, &all, scale, basis)
    }

    /// As `build`, over only the risks at `subset` (indices into `risks`, e.g. those a filter kept).
    pub fn build_subset(
        risks: &[Risk],
        subset: &[usize],
        scale: &RiskScale,
        basis: Basis,
    ) -> HeatGrid {
        let (np, ni) = (
            scale.max_probability() as usize,
            scale.max_impact() as usize,
        );
        let mut grid = HeatGrid {
            scale: scale.clone(),
            basis,
            cells: vec![vec![Vec::new(); ni]; np],
            off_scale: Vec::new(),
            unscored: Vec::new(),
            closed: Vec::new(),
        };
        for &idx in subset {
            let r = &risks[idx];
            if r.scale != scale.name {
                continue;
            }
            if r.status != RiskStatus::Open {
                grid.closed.push(idx);
                continue;
            }
            let score = match basis {
                Basis::Gross => Some((r.gross_probability, r.gross_impact)),
                Basis::Net => r.net_probability.zip(r.net_impact),
            };
            match score {
                None => grid.unscored.push(idx),
                Some((p, i)) if scale.contains(p, i) => {
                    grid.cells[p as usize - 1][i as usize - 1].push(idx)
                }
                Some(_) => grid.off_scale.push(idx),
            }
        }
        grid
    }

    /// Risks in the cell at probability `p`, impact `i` (levels from 1); 0 off the grid.
    pub fn count(&self, p: u8, i: u8) -> usize {
        let (Some(p), Some(i)) = (usize::from(p).checked_sub(1), usize::from(i).checked_sub(1))
        else {
            return 0;
        };
        self.cells
            .get(p)
            .and_then(|row| row.get(i))
            .map_or(0, Vec::len)
    }

    pub fn total_in_grid(&self) -> usize {
        self.cells.iter().flatten().map(Vec::len).sum()
    }
}

/// The scale most open risks were scored on (the Knowsley scale when there are none).
pub fn main_scale<'a>(risks: &[Risk], scales: &'a [RiskScale]) -> Option<&'a RiskScale> {
    scales.iter().max_by_key(|s| {
        let n = risks
            .iter()
            .filter(|r| r.scale == s.name && r.status == RiskStatus::Open)
            .count();
        (n, s.name == "knowsley")
    })
}
