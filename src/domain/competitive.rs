//! Open competitive sub-tendering: an appraisal panel scores each bidder 0–10 against weighted
//! criteria; a panel member's scores for a bidder they declared a conflict with are left out;
//! each bidder's score is the weighted mean over the rest of the panel, on a 0–100 scale.
//!
//! Ranking: highest score first; a tie goes to the lower price, then to the lower member code
//! (so the order never depends on the order of the input). Scores are compared exactly, as
//! fractions, never as rounded figures.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The top of the panel's scale: every criterion is scored 0 to this.
pub const MAX_SCORE: u8 = 10;

/// One weighted criterion; the weights of a competition sum to 100.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    pub code: String,
    pub label: String,
    pub weight: u32,
}

/// A bidder's offer: the price it would deliver for, and the units of activity a month.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Bid {
    pub bidder: String,
    pub price: Decimal,
    pub units_per_month: u32,
}

/// One panel member's score for one bidder on one criterion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct PanelScore {
    pub panel_member: String,
    pub bidder: String,
    pub criterion: String,
    pub score: u8,
}

/// A declared conflict of interest: the panel member's scores for that bidder are excluded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct DeclaredConflict {
    pub panel_member: String,
    pub bidder: String,
    pub reason: String,
}

/// One bidder's result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Standing {
    /// 1 for the winner.
    pub rank: usize,
    pub bidder: String,
    pub price: Decimal,
    pub units_per_month: u32,
    /// Weighted mean over the counted panel, 0–100, rounded to 2 decimal places for showing.
    pub score: Decimal,
    /// The panel members whose scores were counted, in name order.
    pub counted: Vec<String>,
    /// The panel members whose scores were excluded for a declared conflict, in name order.
    pub excluded: Vec<String>,
    /// Each counted panel member's weighted total (0–100), in `counted` order.
    pub panel_totals: Vec<Decimal>,
    /// Σ weight × score over the counted panel: the exact numerator of `score`.
    #[serde(skip)]
    points: u64,
}

/// The panel's verdict: every bidder, best first, and the ties the tie-breaks settled.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ranking {
    pub standings: Vec<Standing>,
    /// Pairs (in rank order) whose scores were exactly equal, with what separated them.
    pub ties: Vec<String>,
}

impl Ranking {
    pub fn winner(&self) -> &Standing {
        &self.standings[0]
    }
}

/// Checks a set of criteria: at least one, codes unique and non-empty, weights above zero and
/// summing to exactly 100.
pub fn validate_criteria(criteria: &[Criterion]) -> Result<(), String> {
    if criteria.is_empty() {
        return Err("at least one criterion is needed".into());
    }
    let mut seen = BTreeSet::new();
    for c in criteria {
        if c.code.trim().is_empty() {
            return Err("a criterion has an empty code".into());
        }
        if !seen.insert(c.code.as_str()) {
            return Err(format!("criterion '{}' appears twice", c.code));
        }
        if c.weight == 0 {
            return Err(format!("criterion '{}' has weight 0", c.code));
        }
    }
    let total: u32 = criteria.iter().map(|c| c.weight).sum();
    if total != 100 {
        return Err(format!(
            "the criteria weights sum to {total}; they must sum to 100"
        ));
    }
    Ok(())
}

/// Scores and ranks the bidders. Refused (in words) when the scores are incomplete or name an
/// unknown bidder or criterion, or when a bidder is left with fewer than `min_panel` counted
/// panel members after exclusions.
pub fn rank(
    criteria: &[Criterion],
    bids: &[Bid],
    scores: &[PanelScore],
    conflicts: &[DeclaredConflict],
    min_panel: usize,
) -> Result<Ranking, String> {
    validate_criteria(criteria)?;
    if bids.is_empty() {
        return Err("no bids to rank".into());
    }
    let weights: BTreeMap<&str, u64> = criteria
        .iter()
        .map(|c| (c.code.as_str(), u64::from(c.weight)))
        .collect();
    let mut bidders = BTreeSet::new();
    for b in bids {
        if !bidders.insert(b.bidder.as_str()) {
            return Err(format!("bidder {} has two bids", b.bidder));
        }
    }
    // (bidder, panel member) → criterion → score
    let mut sheets: BTreeMap<(&str, &str), BTreeMap<&str, u8>> = BTreeMap::new();
    for s in scores {
        if !bidders.contains(s.bidder.as_str()) {
            return Err(format!(
                "{} scored {}, who has not bid",
                s.panel_member, s.bidder
            ));
        }
        if !weights.contains_key(s.criterion.as_str()) {
            return Err(format!(
                "unknown criterion '{}' (the criteria are: {})",
                s.criterion,
                criteria
                    .iter()
                    .map(|c| c.code.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        if s.score > MAX_SCORE {
            return Err(format!(
                "{} gave {} a score of {} for {}; scores are 0 to {MAX_SCORE}",
                s.panel_member, s.bidder, s.score, s.criterion
            ));
        }
        let sheet = sheets
            .entry((s.bidder.as_str(), s.panel_member.as_str()))
            .or_default();
        if sheet.insert(s.criterion.as_str(), s.score).is_some() {
            return Err(format!(
                "{} scored {} on {} twice",
                s.panel_member, s.bidder, s.criterion
            ));
        }
    }
    let conflicted: BTreeSet<(&str, &str)> = conflicts
        .iter()
        .map(|c| (c.bidder.as_str(), c.panel_member.as_str()))
        .collect();
    let mut standings = Vec::with_capacity(bids.len());
    for b in bids {
        let mut st = Standing {
            rank: 0,
            bidder: b.bidder.clone(),
            price: b.price,
            units_per_month: b.units_per_month,
            score: Decimal::ZERO,
            counted: Vec::new(),
            excluded: Vec::new(),
            panel_totals: Vec::new(),
            points: 0,
        };
        // Sheets are keyed bidder first, so this bidder's come together, in panel-name order.
        let own = sheets.iter().filter(|((bidder, _), _)| *bidder == b.bidder);
        for ((_, panel), sheet) in own {
            if conflicted.contains(&(b.bidder.as_str(), *panel)) {
                st.excluded.push(panel.to_string());
                continue;
            }
            if let Some(missing) = criteria
                .iter()
                .find(|c| !sheet.contains_key(c.code.as_str()))
            {
                return Err(format!(
                    "{panel} did not score {} on {}: a panel member scores every criterion",
                    b.bidder, missing.code
                ));
            }
            let total: u64 = sheet.iter().map(|(c, s)| weights[c] * u64::from(*s)).sum();
            st.points += total;
            st.counted.push(panel.to_string());
            st.panel_totals
                .push(Decimal::from(total) / Decimal::from(MAX_SCORE));
        }
        if st.counted.len() < min_panel.max(1) {
            return Err(format!(
                "{} was scored by {} panel member{} once conflicts are excluded ({} excluded); at least {} {} needed",
                b.bidder,
                st.counted.len(),
                if st.counted.len() == 1 { "" } else { "s" },
                st.excluded.len(),
                min_panel.max(1),
                if min_panel.max(1) == 1 { "is" } else { "are" }
            ));
        }
        st.score = (Decimal::from(st.points)
            / Decimal::from(u64::from(MAX_SCORE) * st.counted.len() as u64))
        .round_dp(2);
        // Always shown with two places (65.00, not 65).
        st.score.rescale(2);
        standings.push(st);
    }
    standings.sort_by(|a, b| {
        exact_cmp(b, a)
            .then(a.price.cmp(&b.price))
            .then(a.bidder.cmp(&b.bidder))
    });
    let mut ties = Vec::new();
    for w in standings.windows(2) {
        if exact_cmp(&w[0], &w[1]) == Ordering::Equal {
            let by = if w[0].price != w[1].price {
                format!("lower price ({} against {})", w[0].price, w[1].price)
            } else {
                "same price; lower member code".to_string()
            };
            ties.push(format!(
                "{} and {} tied on {}: {} ranked first by {by}",
                w[0].bidder, w[1].bidder, w[0].score, w[0].bidder
            ));
        }
    }
    for (i, s) in standings.iter_mut().enumerate() {
        s.rank = i + 1;
    }
    Ok(Ranking { standings, ties })
}

/// Compares the exact scores points_a / n_a and points_b / n_b by cross-multiplying.
fn exact_cmp(a: &Standing, b: &Standing) -> Ordering {
    let left = u128::from(a.points) * b.counted.len() as u128;
    let right = u128::from(b.points) * a.counted.len() as u128;
    left.cmp(&right)
}

/// The default criteria: quality of delivery plan 40, capacity and track record 30, price 20,
/// social value 10.
pub fn default_criteria() -> Vec<Criterion> {
    [
        ("delivery_plan", "Quality of delivery plan", 40),
        ("capacity", "Capacity and track record", 30),
        ("price", "Price", 20),
        ("social_value", "Social value", 10),
    ]
    .into_iter()
    .map(|(code, label, weight)| Criterion {
        code: code.into(),
        label: label.into(),
        weight,
    })
    .collect()
}

#[cfg(test)]
#[path = "competitive_tests.rs"]
mod tests;
