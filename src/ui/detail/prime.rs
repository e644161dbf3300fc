//! The "Prime contract" section of a won opportunity's detail view: the ledger's figures and one
//! short line per sub-contract, exactly as `store::read::ledger` works them out.

use chrono::NaiveDate;
use rusqlite::Connection;
use rust_decimal::Decimal;

use super::{Section, field, section};
use crate::dashboard::text::clean;
use crate::domain::ledger::Ledger;
use crate::error::Result;
use crate::money;
use crate::store::read::ledger;
use crate::ui::view::fit;

/// The section for the won opportunity `code`.
pub fn section_of(conn: &Connection, code: &str, today: NaiveDate) -> Result<Section> {
    let g = ledger::ledger_of(conn, code, today)?;
    let mut lines = figures(&g);
    lines.push(String::new());
    if g.lines.is_empty() {
        lines.push("No sub-contract let yet.".into());
    } else {
        lines.extend(fit::columns(
            &subcontracts(&g),
            &[false, false, false, true, true, true],
        ));
    }
    Ok(section("Prime contract", lines))
}

fn figures(g: &Ledger) -> Vec<String> {
    let (p, t) = (&g.prime, &g.totals);
    let agreed = if p.period_agreed {
        " (agreed with the commissioner)"
    } else {
        ""
    };
    let unlet = if t.unlet < Decimal::ZERO {
        field("Over-let by", money::display(t.unlet.abs()))
    } else {
        field("Unlet", money::display(t.unlet))
    };
    vec![
        field("Period", format!("{}{agreed}", p.period())),
        field("Gross", money::display(p.gross)),
        field(
            "Top slice",
            format!(
                "{}% = {}",
                p.top_slice_pct.normalize(),
                money::display(p.top_slice)
            ),
        ),
        field("Net", money::display(p.net)),
        field("Let", money::display(t.let_total)),
        unlet,
        field("Earned", money::display(t.earned)),
        field("Paid", money::display(t.paid)),
        field("Claimed back", money::display(t.claimed)),
        field("Owed back", money::display(t.owed_back)),
        field("To commissioner", money::display(t.to_commissioner)),
    ]
}

/// A heading and one row per sub-contract: code, member, state, value, earned, paid.
fn subcontracts(g: &Ledger) -> Vec<Vec<String>> {
    let heading = ["Sub-contract", "Member", "State", "Value", "Earned", "Paid"];
    let mut rows = vec![heading.map(String::from).to_vec()];
    for l in &g.lines {
        rows.push(vec![
            clean(&l.subcontract),
            clean(&l.member),
            l.state.describe(),
            money::display(l.value),
            money::display(l.earned),
            money::display(l.paid),
        ]);
    }
    rows
}
