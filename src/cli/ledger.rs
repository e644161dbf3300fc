//! `hubboard ledger [OP]`: a won opportunity's prime contract ledger, or every won one's — a table
//! for people, CSV or JSON for scripts — exactly as `store::read::ledger` works it out.

use std::io::Write;

use clap::{Args, ValueEnum};
use rusqlite::Connection;
use rust_decimal::Decimal;

use super::Context;
use crate::dashboard::text::clean;
use crate::dates;
use crate::domain::ledger::{Ledger, LedgerLine};
use crate::domain::state::State;
use crate::error::{HubError, Result};
use crate::money;
use crate::store::lookup::{self, CodeTable};
use crate::store::read::ledger;
use crate::ui::view::fit;

#[derive(Debug, Args)]
pub struct LedgerArgs {
    /// The won opportunity (any case) [default: every won opportunity, one after another]
    #[arg(value_name = "OP")]
    pub opportunity: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = LedgerFormat::Table)]
    pub format: LedgerFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LedgerFormat {
    /// The prime contract, one row per sub-contract, the totals and what is let and unlet
    Table,
    /// One row per sub-contract and a TOTAL row per opportunity, ISO dates and plain money
    Csv,
    /// The ledger as an object (one opportunity) or an array (every won one)
    Json,
}

pub fn run(ctx: &Context, args: &LedgerArgs) -> Result<i32> {
    // Read-only at the SQLite level: looking at the ledger writes nothing, not even a cache.
    let store = ctx.view()?;
    let conn = store.conn();
    let today = ctx.clock.today();
    let codes = match &args.opportunity {
        Some(typed) => vec![stored_code(conn, typed)?],
        None => ledger::won(conn)?,
    };
    let ledgers = codes
        .iter()
        .map(|c| ledger::ledger_of(conn, c, today))
        .collect::<Result<Vec<_>>>()?;
    let text = match args.format {
        LedgerFormat::Table => tables(&ledgers),
        LedgerFormat::Csv => csv_text(&ledgers)?,
        LedgerFormat::Json => json_text(&ledgers, args.opportunity.is_some())?,
    };
    std::io::stdout()
        .write_all(text.as_bytes())
        .map_err(|e| HubError::io("cannot write to standard output", e))?;
    Ok(0)
}

/// The stored code of the opportunity a person typed, or a not-found error naming the nearest.
fn stored_code(conn: &Connection, typed: &str) -> Result<String> {
    lookup::canonical(conn, CodeTable::Opportunities, typed)?.ok_or_else(|| {
        HubError::NotFound(lookup::not_found(
            conn,
            CodeTable::Opportunities,
            "opportunity",
            typed,
        ))
    })
}

fn json_text(ledgers: &[Ledger], one: bool) -> Result<String> {
    let text = match ledgers {
        [only] if one => serde_json::to_string_pretty(only),
        all => serde_json::to_string_pretty(all),
    };
    Ok(text.map_err(|e| HubError::Invalid(format!("cannot write JSON: {e}")))? + "\n")
}

/// `notice given, ends 28 Feb 2027` as files carry it: the state's code, its date and where a
/// transferred remainder went.
fn state_plain(s: &State) -> (&'static str, String, String) {
    let iso = |d: &chrono::NaiveDate| dates::iso(*d);
    match s {
        State::Proposed => ("proposed", String::new(), String::new()),
        State::Active => ("active", String::new(), String::new()),
        State::UnderNotice { ends } => ("under_notice", iso(ends), String::new()),
        State::Suspended { since } => ("suspended", iso(since), String::new()),
        State::Transferred { ended, to } => ("transferred", iso(ended), to.clone()),
        State::Terminated => ("terminated", String::new(), String::new()),
        State::Completed => ("completed", String::new(), String::new()),
    }
}

const CSV_HEADER: [&str; 15] = [
    "opportunity",
    "subcontract",
    "member",
    "state",
    "state_date",
    "transferred_to",
    "value",
    "unit_rate",
    "earned",
    "paid",
    "claimed",
    "owed_back",
    "to_commissioner",
    "net",
    "unlet",
];

fn csv_line(op: &str, l: &LedgerLine) -> Vec<String> {
    let (state, date, to) = state_plain(&l.state);
    let mut row = vec![
        op.to_string(),
        l.subcontract.clone(),
        l.member.clone(),
        state.to_string(),
        date,
        to,
    ];
    row.extend(
        [
            l.value,
            l.unit_rate,
            l.earned,
            l.paid,
            l.claimed,
            l.owed_back,
            l.to_commissioner,
        ]
        .map(money::to_plain),
    );
    row.extend([String::new(), String::new()]);
    row
}

/// The TOTAL row: the sums of the lines, with the net and what is left unlet.
fn csv_total(g: &Ledger) -> Vec<String> {
    let t = &g.totals;
    let mut row = vec![g.prime.opportunity.clone(), "TOTAL".to_string()];
    row.extend(std::iter::repeat_n(String::new(), 4));
    row.push(money::to_plain(t.let_total));
    row.push(String::new());
    row.extend(
        [
            t.earned,
            t.paid,
            t.claimed,
            t.owed_back,
            t.to_commissioner,
            g.prime.net,
            t.unlet,
        ]
        .map(money::to_plain),
    );
    row
}

fn csv_text(ledgers: &[Ledger]) -> Result<String> {
    let bad = |e: csv::Error| HubError::Invalid(format!("cannot write CSV: {e}"));
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(CSV_HEADER).map_err(bad)?;
    for g in ledgers {
        for l in &g.lines {
            w.write_record(csv_line(&g.prime.opportunity, l))
                .map_err(bad)?;
        }
        w.write_record(csv_total(g)).map_err(bad)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| HubError::Invalid(format!("cannot write CSV: {e}")))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn tables(ledgers: &[Ledger]) -> String {
    if ledgers.is_empty() {
        return "No won opportunity: no prime contract ledger to show.\n".into();
    }
    ledgers.iter().map(table).collect::<Vec<_>>().join("\n")
}

/// One ledger: the prime contract, its sub-contracts with the totals, and what is let.
fn table(g: &Ledger) -> String {
    let mut out = header(g);
    out.push('\n');
    if g.lines.is_empty() {
        out.push_str("No sub-contract let yet.\n");
    } else {
        for row in fit::columns(&rows(g), &RIGHT) {
            out.push_str(&row);
            out.push('\n');
        }
    }
    out.push('\n');
    out.push_str(&letting(g));
    out.push_str(&named(g));
    out
}

/// Who the bid's delivery plan named, beside who got the work; nothing without a plan.
fn named(g: &Ledger) -> String {
    if g.named.is_empty() {
        return String::new();
    }
    let mut rows = vec![
        [
            "Member",
            "Named",
            "Awarded",
            "Value",
            "Sub-contracts",
            "Outcome",
        ]
        .map(String::from)
        .to_vec(),
    ];
    for n in &g.named {
        rows.push(vec![
            clean(&n.member),
            n.named_units.map_or("–".into(), |u| u.to_string()),
            n.awarded_units.to_string(),
            money::display(n.awarded_value),
            if n.subcontracts.is_empty() {
                "–".into()
            } else {
                clean(&n.subcontracts.join(", "))
            },
            n.fared.label().to_string(),
        ]);
    }
    let mut out =
        String::from("\nNamed in the bid's delivery plan against work awarded (units a month)\n");
    for row in fit::columns(&rows, &[false, true, true, true, false, false]) {
        out.push_str(&row);
        out.push('\n');
    }
    out
}

/// The prime contract's figures, one labelled line each.
fn header(g: &Ledger) -> String {
    let p = &g.prime;
    let agreed = if p.period_agreed {
        " (agreed with the commissioner)"
    } else {
        ""
    };
    let fields = [
        ("Period", format!("{}{agreed}", p.period())),
        ("Gross", money::display(p.gross)),
        (
            "Top slice",
            format!(
                "{}% = {}",
                p.top_slice_pct.normalize(),
                money::display(p.top_slice)
            ),
        ),
        ("Net", money::display(p.net)),
        ("Payment model", p.payment_model.label().to_string()),
        ("As of", dates::display(g.as_of)),
    ];
    let mut out = format!(
        "Prime contract {} — {}\n",
        clean(&p.opportunity),
        clean(&p.title)
    );
    for (label, value) in fields {
        out.push_str(&format!("  {label:<14} {value}\n"));
    }
    out
}

/// Which table columns are aligned right: the money.
const RIGHT: [bool; 10] = [
    false, false, false, true, true, true, true, true, true, true,
];

/// The column headings, a row per sub-contract and the totals row.
fn rows(g: &Ledger) -> Vec<Vec<String>> {
    let heading = [
        "Sub-contract",
        "Member",
        "State",
        "Value",
        "Unit rate",
        "Earned",
        "Paid",
        "Claimed",
        "Owed back",
        "To commissioner",
    ];
    let mut rows = vec![heading.map(String::from).to_vec()];
    for l in &g.lines {
        let mut row = vec![clean(&l.subcontract), clean(&l.member), l.state.describe()];
        row.extend(
            [
                l.value,
                l.unit_rate,
                l.earned,
                l.paid,
                l.claimed,
                l.owed_back,
                l.to_commissioner,
            ]
            .map(money::display),
        );
        rows.push(row);
    }
    let t = &g.totals;
    let mut total = vec!["TOTAL".to_string(), String::new(), String::new()];
    total.push(money::display(t.let_total));
    total.push(String::new());
    total.extend([t.earned, t.paid, t.claimed, t.owed_back, t.to_commissioner].map(money::display));
    rows.push(total);
    rows
}

/// What is let, by state, and of the net: `Let £216,000.00 of net £276,000.00; unlet £60,000.00`.
fn letting(g: &Ledger) -> String {
    let mut out = String::from("Let by state\n");
    let by_state: Vec<Vec<String>> = g
        .let_by_state
        .iter()
        .map(|(state, v)| vec![format!("  {state}"), money::display(*v)])
        .collect();
    for row in fit::columns(&by_state, &[false, true]) {
        out.push_str(&row);
        out.push('\n');
    }
    if by_state.is_empty() {
        out.push_str("  nothing let\n");
    }
    let t = &g.totals;
    let rest = if t.unlet < Decimal::ZERO {
        format!("over-let by {}", money::display(t.unlet.abs()))
    } else {
        format!("unlet {}", money::display(t.unlet))
    };
    out.push_str(&format!(
        "Let {} of net {}; {rest}\n",
        money::display(t.let_total),
        money::display(g.prime.net)
    ));
    out
}
