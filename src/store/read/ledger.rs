//! The prime contract ledger of a won opportunity, read from its sub-contracts: each line is the
//! domain's ledger line over the sub-contract's rates, returns and claims, so the ledger agrees
//! with the claw-back and the evidence wherever they are shown.

use chrono::NaiveDate;
use rusqlite::Connection;
use rust_decimal::Decimal;

use crate::domain::clawback;
use crate::domain::delivery_plan;
use crate::domain::ledger::{self, Ledger, LineFacts};
use crate::domain::state::State;
use crate::domain::{Stage, SubContract};
use crate::error::{HubError, Result};
use crate::store::{delivery_plans, opportunities, prime, subcontracts};

fn too_large(what: &str) -> HubError {
    crate::money::too_large(&format!("the ledger of {what}"))
}

/// One sub-contract's line of the ledger.
fn line(
    conn: &Connection,
    p: &crate::domain::prime::PrimeContract,
    sub: &SubContract,
    today: NaiveDate,
) -> Result<ledger::LedgerLine> {
    let profiles = subcontracts::profiles_of(conn, &sub.code)?;
    let terms = prime::terms_of(conn, &sub.code)?;
    let pricing =
        clawback::pricing(sub, &profiles, terms.as_ref()).ok_or_else(|| too_large(&sub.code))?;
    let returns = subcontracts::returns_of(conn, &sub.code)?;
    let claimed = subcontracts::claims_of(conn, &sub.code)?
        .iter()
        .try_fold(Decimal::ZERO, |t, c| t.checked_add(c.amount))
        .ok_or_else(|| too_large(&sub.code))?;
    let open = subcontracts::open_suspension(conn, &sub.code)?;
    ledger::line(
        p,
        LineFacts {
            sub,
            state: State::of(sub, open.as_ref(), today),
            pricing: &pricing,
            returns: &returns,
            claimed,
        },
    )
    .ok_or_else(|| too_large(&sub.code))
}

/// The ledger of the won opportunity `code` (its stored code) as of `today`.
pub fn ledger_of(conn: &Connection, code: &str, today: NaiveDate) -> Result<Ledger> {
    let o = opportunities::get_opportunity(conn, code)?
        .ok_or_else(|| HubError::NotFound(format!("no opportunity with code '{code}'")))?;
    if o.stage != Stage::Won {
        return Err(HubError::Refused(format!(
            "opportunity {} is at stage '{}'; only a won opportunity has a prime contract and a ledger",
            o.code,
            o.stage.label()
        )));
    }
    let p = prime::prime_contract(conn, &o)?;
    let subs = prime::subcontracts_of(conn, &o.code)?;
    let lines = subs
        .iter()
        .map(|s| line(conn, &p, s, today))
        .collect::<Result<Vec<_>>>()?;
    let mut g = ledger::ledger(p, lines, today).ok_or_else(|| too_large(&o.code))?;
    let plan = delivery_plans::plan_of(conn, &o.code)?;
    if !plan.is_empty() {
        g.named = delivery_plan::compare(&plan, &subs);
    }
    Ok(g)
}

/// The codes of every won opportunity, in order.
pub fn won(conn: &Connection) -> Result<Vec<String>> {
    let mut st =
        conn.prepare("SELECT code FROM opportunities WHERE stage = 'won' ORDER BY code")?;
    let rows = st
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}
