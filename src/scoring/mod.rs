//! Performance scoring, standings, early warning and triage for sub-contracts and members.
//!
//! # The scorecard (one monitoring return = one period)
//!
//! Each criterion scores 0–100, in exact decimals:
//! - **delivery** = min(delivered ÷ target, 1) × 100; a target of 0 scores 100;
//! - **outcomes** = min(achieved ÷ target, 1) × 100; a target of 0 scores 100;
//! - **milestones** = met ÷ due × 100; none due scores 100;
//! - **timeliness** = 100 when in by the due date, else 100 × (1 − days late ÷ Z), floored at 0,
//!   where Z is `scoring.days_late_for_zero` (default 30: 15 days late scores 50);
//! - **quality** = `scoring.quality_scores[grade − 1]` (default 1→100, 2→75, 3→40, 4→0).
//!
//! The period score is Σ wᵢ × criterionᵢ ÷ Σ wᵢ, rounded to two places, with weights from
//! `scoring.weights` (they must sum to exactly 100, so Σ wᵢ = 100 except when a submitted return
//! has no grade yet: then quality is left out and the other weights share its part). A return
//! past its due date and not in scores 0 on every criterion; one not yet due is not scored.
//!
//! # The overall score
//!
//! Over the `scoring.months` months (default 6) ending with the last complete month, the month
//! k months before that one weighs dᵏ, d = `scoring.decay` (default 0.8):
//! overall = Σ dᵏ × scoreₖ ÷ Σ dᵏ over the months that have a score, to two places.
//! With scores 100, 50, 0 for the last three months (k = 2, 1, 0): weights 0.64, 0.8, 1, so
//! overall = (64 + 40 + 0) ÷ 2.44 = 42.62.
//!
//! # Standings
//!
//! The overall score is rounded to a whole number (half away from zero) and looked up in
//! `scoring.bands`: inclusive whole-number ranges covering 0–100 exactly once, each naming a
//! Procurement Act 2023 standing and an action for new awards (none, warn, block). A member's
//! standing is the value-weighted mean (Σ value × overall ÷ Σ value) of its active sub-contracts
//! that have a score, banded the same way, listed beside its worst contract standing.
//!
//! # Early warning and triage
//!
//! The rules are in [`signals`]. Triage lists every sub-contract (active or suspended) with at
//! least one signal, and every member holding one with a compliance signal, ordered by severity,
//! then money at risk, then trend. Money at risk = remaining value × shortfall, where remaining
//! value is the months from today's to the end at the agreed unit price, and shortfall = 1 −
//! delivered ÷ target over the `warnings.recent_months` months ending with the last complete
//! month (returns overdue and not in count as nothing delivered), clamped to 0..1. Trend is the
//! least-squares slope of delivery % over `warnings.trend_months` months.
//!
//! # Caching
//!
//! Assessments and period scores are cached in the store (migration 002), invalidated by
//! triggers when a return, profile, claim or sub-contract changes, and recomputed wholesale when
//! the settings' fingerprint or the day changes. Read-only connections compute in memory.

pub mod assess;
pub mod award;
pub mod band;
pub mod cache;
pub mod evidence;
pub mod holds;
pub mod load;
pub mod rank;
pub mod scorecard;
pub mod settings;
pub mod signals;
pub mod standing;
pub mod triage;

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::Connection;

pub use assess::Assessment;
pub use award::standing_check;
pub use band::{Action, Band, Standing};
pub use cache::{Snapshot, Summary};
pub use evidence::{Evidence, EvidenceMonth, evidence, member_standing};
pub use settings::{ScoringConfig, Settings, WarningsConfig, Weights};
pub use signals::{Rule, Severity, Signal, SignalKind};
pub use standing::{MemberStanding, Rated};
pub use triage::TriageRow;

use crate::domain::risk_rules::ContractStanding;
use crate::error::Result;
use crate::store::members;

/// Every active and suspended sub-contract summarised (for standings), and in full those with
/// at least one signal; cached (see the module docs).
pub fn snapshot<'a>(
    conn: &Connection,
    today: NaiveDate,
    settings: impl Into<Settings<'a>>,
) -> Result<Snapshot> {
    cache::snapshot(conn, today, settings.into())
}

/// Providers needing attention, most urgent first; performing providers never appear.
pub fn triage<'a>(
    conn: &Connection,
    today: NaiveDate,
    settings: impl Into<Settings<'a>>,
) -> Result<Vec<TriageRow>> {
    let cfg = settings.into();
    let snap = cache::snapshot(conn, today, cfg)?;
    let names: HashMap<String, String> = members::load_members(conn)?
        .into_iter()
        .map(|m| (m.code, m.name))
        .collect();
    let compliance = members::load_compliance(conn, None)?;
    triage::build(snap, &names, &compliance, today, cfg)
}

/// Every member holding an active sub-contract with a score, with its standing across them.
pub fn member_standings<'a>(
    conn: &Connection,
    today: NaiveDate,
    settings: impl Into<Settings<'a>>,
) -> Result<HashMap<String, MemberStanding>> {
    let cfg = settings.into();
    let snap = cache::snapshot(conn, today, cfg)?;
    triage::member_standings(&snap.summaries, cfg.scoring)
}

/// Each active sub-contract's standing (`inadequate`, …) and overall score, for the
/// generated-risk rules.
pub fn contract_standings<'a>(
    conn: &Connection,
    today: NaiveDate,
    settings: impl Into<Settings<'a>>,
) -> Result<Vec<ContractStanding>> {
    let cfg = settings.into();
    if let Some(complete) = cache::complete(conn, today, cfg)?
        && let Some(cached) = contract_standings_cached(conn, cfg, complete)?
    {
        return Ok(cached);
    }
    let snap = cache::snapshot(conn, today, cfg)?;
    Ok(contract_standings_in(&snap, cfg.scoring))
}

/// As `contract_standings_in`, read from the cached assessments' columns by index, without the
/// assessments themselves, once the cache holds every one (`None` if a score there is not one
/// this program writes).
pub fn contract_standings_cached(
    conn: &Connection,
    cfg: Settings<'_>,
    complete: cache::Complete,
) -> Result<Option<Vec<ContractStanding>>> {
    standings_cached(conn, cfg, None, complete)
}

/// Those of `contract_standings_cached` rated Inadequate: all the generated risks read of them.
pub fn inadequate_standings_cached(
    conn: &Connection,
    cfg: Settings<'_>,
    complete: cache::Complete,
) -> Result<Option<Vec<ContractStanding>>> {
    standings_cached(conn, cfg, Some(Standing::Inadequate), complete)
}

fn standings_cached(
    conn: &Connection,
    cfg: Settings<'_>,
    only: Option<Standing>,
    _complete: cache::Complete,
) -> Result<Option<Vec<ContractStanding>>> {
    // The cached standing is the one rated from the cached score under the same settings.
    let scores = crate::store::scores::active_scores(conn, only.map(|s| s.code()))?;
    // A score outside 0–100 was not written by this program: the assessments are worked out.
    if scores.iter().any(|(_, o)| !cache::in_range(*o)) {
        return Ok(None);
    }
    Ok(Some(
        scores
            .into_iter()
            .map(|(subcontract, overall)| ContractStanding {
                subcontract,
                standing: standing::rate(overall, cfg.scoring)
                    .standing
                    .code()
                    .to_string(),
                overall,
            })
            .collect(),
    ))
}

/// Whether a sub-contract's only concern is its referral route (signals, all of that kind).
pub fn route_only(signals: &[Signal]) -> bool {
    !signals.is_empty() && signals.iter().all(|s| s.kind == SignalKind::ReferralRoute)
}

/// As `contract_standings`, from a scoring pass already made. Sub-contracts whose only concern is
/// the referral route are left out: a prime sending no work is not a provider failing, so it
/// should not raise an "inadequate provider" risk.
pub fn contract_standings_in(snap: &Snapshot, scoring: &ScoringConfig) -> Vec<ContractStanding> {
    let route_only: std::collections::HashSet<&str> = snap
        .flagged
        .iter()
        .filter(|a| route_only(&a.signals))
        .map(|a| a.subcontract.as_str())
        .collect();
    snap.summaries
        .iter()
        .filter(|s| {
            s.status == crate::domain::SubContractStatus::Active
                && !route_only.contains(s.subcontract.as_str())
        })
        .filter_map(|s| {
            let overall = s.overall?;
            Some(ContractStanding {
                subcontract: s.subcontract.clone(),
                standing: standing::rate(overall, scoring).standing.code().to_string(),
                overall,
            })
        })
        .collect()
}
