//! Keeps the assessments cached in the store: recomputes only sub-contracts whose cached row a
//! trigger removed (a return, profile, claim or the sub-contract changed) or that no longer
//! holds for the day (`holds`), and everything when the settings change. A read-only connection
//! computes in memory instead.

use std::collections::HashSet;

use chrono::NaiveDate;
use rusqlite::Connection;
use rust_decimal::Decimal;

use super::assess::{self, Assessment};
use super::load::{self, ContractData};
use super::settings::{Settings, fingerprint};
use crate::domain::recent::{self, Recent, ReturnFact};
use crate::error::Result;
use crate::store::scores::{self, ASSESSMENT_KEY, CachedAssessment, PERIOD_KEY};

/// The edition of the scoring rules: a cache written under other rules is worked out again.
/// (2: a missing return weighs only as much as timeliness; referral-starved months unscored.)
const RULES: &str = "rules 2";

/// The fingerprints the caches must carry to be current: (period scores, assessments). The day
/// is not in them: each cached assessment says which days it holds for (`holds`).
pub fn fingerprints(cfg: Settings<'_>) -> (String, String) {
    let scoring = serde_json::to_string(cfg.scoring).unwrap_or_default();
    let warnings = serde_json::to_string(cfg.warnings).unwrap_or_default();
    (
        fingerprint(&[RULES, &scoring]),
        fingerprint(&[RULES, &scoring, &warnings]),
    )
}

/// True when the cached assessments are those of `today` under these settings (a writable look
/// has brought them up to date; a read-only look at a stale cache has not).
pub fn current(conn: &Connection, today: NaiveDate, cfg: Settings<'_>) -> Result<bool> {
    let (_, assess_fp) = fingerprints(cfg);
    Ok(
        scores::fingerprint(conn, ASSESSMENT_KEY)?.as_deref() == Some(assess_fp.as_str())
            && !scores::any_stale(conn, today)?,
    )
}

/// That the cache held the assessment as of a day of every sub-contract assessed when asked
/// (`complete`): what reading its columns by index, in place of the assessments, requires.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Complete(());

/// `Some` when the cache holds the assessment as of `today` of every sub-contract assessed.
pub fn complete(
    conn: &Connection,
    today: NaiveDate,
    cfg: Settings<'_>,
) -> Result<Option<Complete>> {
    let all =
        current(conn, today, cfg)? && scores::cached_count(conn)? == scores::assessed_count(conn)?;
    Ok(all.then_some(Complete(())))
}

/// Whether a cached overall score is one this program writes: 0–100.
pub fn in_range(overall: Decimal) -> bool {
    (Decimal::ZERO..=Decimal::ONE_HUNDRED).contains(&overall)
}

/// A computed assessment with the period scores of its submitted returns, for the cache.
struct Computed {
    assessment: Assessment,
    /// What the performance pane shows of its recent returns, as of the same day.
    recent: Recent,
    periods: Vec<(crate::dates::Period, rust_decimal::Decimal)>,
    as_of: NaiveDate,
    holds_until: NaiveDate,
}

fn compute(d: &ContractData, today: NaiveDate, cfg: Settings<'_>) -> Computed {
    let f = d.facts();
    let scored = assess::period_scores(&f, today, cfg.scoring);
    let assessment = assess::assess(&f, &scored, today, cfg.scoring, cfg.warnings);
    let all: Vec<_> = scored.iter().map(|s| (s.period, s.score)).collect();
    let submitted: HashSet<_> = d
        .returns
        .iter()
        .filter(|r| r.submitted.is_some())
        .map(|r| r.period)
        .collect();
    Computed {
        assessment,
        recent: recent::recent(d.returns.iter().map(ReturnFact::from), today),
        periods: all
            .into_iter()
            .filter(|(p, _)| submitted.contains(p))
            .collect(),
        as_of: today,
        holds_until: super::holds::holds_until(&d.returns, today),
    }
}

/// How far a long computation has got: (sub-contracts done, of how many).
pub type Progress<'p> = &'p mut dyn FnMut(usize, usize);

fn compute_many(
    conn: &Connection,
    only: Option<&HashSet<String>>,
    today: NaiveDate,
    cfg: Settings<'_>,
    progress: Progress<'_>,
) -> Result<Vec<Computed>> {
    let total = match only {
        Some(codes) => codes.len(),
        None => scores::assessed_count(conn)?,
    };
    let mut out = Vec::new();
    load::for_each_contract(conn, only, &mut |d| {
        out.push(compute(&d, today, cfg));
        progress(out.len(), total);
        Ok(())
    })?;
    Ok(out)
}

/// What a member's standing needs of one sub-contract (read from cache columns, no JSON).
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub subcontract: String,
    pub member: String,
    pub status: crate::domain::SubContractStatus,
    pub value: rust_decimal::Decimal,
    pub overall: Option<rust_decimal::Decimal>,
}

impl From<&Assessment> for Summary {
    fn from(a: &Assessment) -> Summary {
        Summary {
            subcontract: a.subcontract.clone(),
            member: a.member.clone(),
            status: a.status,
            value: a.value,
            overall: a.overall,
        }
    }
}

/// Every active and suspended sub-contract summarised, and in full those with a signal.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Snapshot {
    pub summaries: Vec<Summary>,
    pub flagged: Vec<Assessment>,
}

impl Snapshot {
    fn push(&mut self, a: Assessment) {
        self.summaries.push(Summary::from(&a));
        if !a.signals.is_empty() {
            self.flagged.push(a);
        }
    }
}

/// The assessments as of `today`, from the cache where current, computing (and, when the
/// connection can write, storing) the rest.
pub fn snapshot(conn: &Connection, today: NaiveDate, cfg: Settings<'_>) -> Result<Snapshot> {
    snapshot_reporting(conn, today, cfg, &mut |_, _| {})
}

/// As `snapshot`, saying how far the sub-contracts to work out have got (a new day, new
/// settings or a new database works out every one).
pub fn snapshot_reporting(
    conn: &Connection,
    today: NaiveDate,
    cfg: Settings<'_>,
    progress: Progress<'_>,
) -> Result<Snapshot> {
    let (period_fp, assess_fp) = fingerprints(cfg);
    let period_ok = scores::fingerprint(conn, PERIOD_KEY)?.as_deref() == Some(period_fp.as_str());
    let assess_ok =
        scores::fingerprint(conn, ASSESSMENT_KEY)?.as_deref() == Some(assess_fp.as_str());
    let writable = !scores::read_only(conn)?;
    let mut out = Snapshot::default();
    if !writable && !assess_ok {
        // A read-only look at a stale cache: judge from the records, write nothing.
        for c in compute_many(conn, None, today, cfg, progress)? {
            out.push(c.assessment);
        }
        return Ok(out);
    }
    // Which contracts' period scores need writing: all when the scoring settings changed; else
    // only those a trigger invalidated (new warning settings keep every period score).
    let mut periods_for: Option<HashSet<String>> = None;
    if !assess_ok {
        let tx = scores::begin(conn)?;
        if period_ok {
            periods_for = Some(scores::unassessed(&tx)?.into_iter().collect());
        } else {
            scores::clear_period_scores(&tx)?;
            scores::set_fingerprint(&tx, PERIOD_KEY, &period_fp)?;
        }
        scores::clear_assessments(&tx)?;
        scores::set_fingerprint(&tx, ASSESSMENT_KEY, &assess_fp)?;
        tx.commit()?;
    }
    // A cached score outside 0–100 was not written by this program (the cache was edited): it
    // is worked out again from the records, not weighed into a member's standing.
    let mut stale: HashSet<String> = HashSet::new();
    // Assessments found not to be this program's: their period scores are written again too.
    let mut edited: HashSet<String> = HashSet::new();
    for row in scores::assessments(conn, false)? {
        // Worked out for a day it no longer holds for: worked out again, and replaced.
        if !row.holds_on(today) {
            stale.insert(row.subcontract);
            continue;
        }
        if row.overall.is_some_and(|o| !in_range(o)) {
            if writable {
                scores::drop_assessment(conn, &row.subcontract)?;
            }
            edited.insert(row.subcontract.clone());
            stale.insert(row.subcontract);
            continue;
        }
        out.summaries.push(Summary {
            subcontract: row.subcontract,
            member: row.member,
            status: row.status,
            value: row.value,
            overall: row.overall,
        });
    }
    for row in scores::assessments(conn, true)? {
        if stale.contains(&row.subcontract) {
            continue;
        }
        // A row that no longer parses (an older build's shape) is recomputed, not trusted.
        match serde_json::from_str::<Assessment>(&row.json) {
            Ok(a) => out.flagged.push(a),
            Err(_) if writable => {
                scores::drop_assessment(conn, &row.subcontract)?;
                out.summaries.retain(|s| s.subcontract != row.subcontract);
                edited.insert(row.subcontract);
            }
            Err(_) => {}
        }
    }
    // The triggers drop a cached row when its sub-contract changes, so every row is of a
    // sub-contract being assessed: as many rows as such sub-contracts means none is missing.
    let mut missing: HashSet<String> =
        if out.summaries.len() + stale.len() == scores::assessed_count(conn)? {
            HashSet::new()
        } else {
            scores::unassessed(conn)?.into_iter().collect()
        };
    // Under the same settings an assessment that no longer holds for the day keeps its period
    // scores (a submitted return's score does not read the day): only those a change dropped,
    // and those found edited, are written again.
    if assess_ok {
        periods_for = Some(missing.iter().cloned().chain(edited).collect());
    }
    missing.extend(stale);
    if missing.is_empty() {
        return Ok(out);
    }
    let computed = compute_many(conn, Some(&missing), today, cfg, progress)?;
    if writable {
        store(conn, &computed, &assess_fp, periods_for.as_ref())?;
    }
    for c in computed {
        out.push(c.assessment);
    }
    Ok(out)
}

/// Brings the cache up to date for `today` where that is a few thousand assessments — a new
/// day's that no longer hold, those a change dropped — reading only those sub-contracts, so the
/// first screen can then be read by index before the whole snapshot is. Does nothing on a
/// connection that cannot write, under other settings, or with more to work out: the snapshot
/// then works everything out.
pub fn refresh(
    conn: &Connection,
    today: NaiveDate,
    cfg: Settings<'_>,
    progress: Progress<'_>,
) -> Result<()> {
    let (period_fp, assess_fp) = fingerprints(cfg);
    if scores::read_only(conn)?
        || scores::fingerprint(conn, PERIOD_KEY)?.as_deref() != Some(period_fp.as_str())
        || scores::fingerprint(conn, ASSESSMENT_KEY)?.as_deref() != Some(assess_fp.as_str())
    {
        return Ok(());
    }
    let mut due = scores::stale(conn, today)?;
    // Every cached row is of a sub-contract assessed (the triggers drop the rest): as many rows
    // as such sub-contracts means none is missing.
    let dropped: HashSet<String> = if scores::cached_count(conn)? != scores::assessed_count(conn)? {
        scores::unassessed(conn)?.into_iter().collect()
    } else {
        HashSet::new()
    };
    due.extend(dropped.iter().cloned());
    if due.is_empty() || due.len() > load::PER_CONTRACT_LIMIT {
        return Ok(());
    }
    let computed = compute_many(conn, Some(&due), today, cfg, progress)?;
    // An assessment that no longer holds for the day keeps its period scores (a submitted
    // return's score does not read the day); those a change dropped are written again.
    store(conn, &computed, &assess_fp, Some(&dropped))
}

/// Where the assessment's row sorts in the performance pane, and its concern, for the index.
fn page_key(a: &Assessment, recent: &Recent) -> scores::PageKey {
    let referral_route = super::signals::row_kind(&a.signals) == super::SignalKind::ReferralRoute;
    let rank = super::rank::WorstRank::of(
        a.overall,
        a.standing,
        referral_route,
        &recent.trend,
        recent.missing,
        recent.late,
    );
    scores::PageKey {
        group: rank.group,
        overall: rank.overall,
        recent: rank.recent,
        referral_route,
        route_only: super::route_only(&a.signals),
    }
}

/// Writes computed assessments (and the period scores of the contracts in `periods_for`, or of
/// all when `None`) in one transaction, unless the settings fingerprint moved on meanwhile
/// (another process with other settings got there first).
fn store(
    conn: &Connection,
    computed: &[Computed],
    assess_fp: &str,
    periods_for: Option<&HashSet<String>>,
) -> Result<()> {
    let tx = scores::begin(conn)?;
    if scores::fingerprint(&tx, ASSESSMENT_KEY)?.as_deref() != Some(assess_fp) {
        return Ok(());
    }
    for c in computed {
        let a = &c.assessment;
        if periods_for.is_none_or(|p| p.contains(&a.subcontract)) {
            for (p, s) in &c.periods {
                scores::put_period_score(&tx, &a.subcontract, *p, *s)?;
            }
        }
        scores::put_assessment(
            &tx,
            &CachedAssessment {
                subcontract: a.subcontract.clone(),
                member: a.member.clone(),
                status: a.status,
                value: a.value,
                overall: a.overall,
                standing: a.standing.map(|s| s.code().to_string()),
                flagged: !a.signals.is_empty(),
                recent: Some(c.recent.clone()),
                as_of: Some(c.as_of),
                holds_until: Some(c.holds_until),
                page: Some(page_key(a, &c.recent)),
                json: if a.signals.is_empty() {
                    String::new()
                } else {
                    serde_json::to_string(a).map_err(|e| {
                        crate::error::HubError::Invalid(format!("cannot encode a score: {e}"))
                    })?
                },
            },
        )?;
    }
    tx.commit()?;
    Ok(())
}
