//! What decisions read about a prime contract and its sub-contracts' money: the contract and what
//! is let of it, each sub-contract's prices, and its state on the decision day.

use chrono::NaiveDate;
use rusqlite::Connection;
use rust_decimal::Decimal;

use crate::domain::checks::Check;
use crate::domain::clawback;
use crate::domain::pricing::Pricing;
use crate::domain::prime::{self, Letting, PrimeContract};
use crate::domain::state::State;
use crate::domain::{Opportunity, SubContract};
use crate::error::{HubError, Result};
use crate::store::{self, subcontracts};

/// A figure past what the program's arithmetic holds: refused, nothing written.
pub fn too_large(what: &str) -> HubError {
    crate::money::too_large(&format!("the figures for {what}"))
}

/// The sub-contract's prices, from its rate, profile and payment terms.
pub fn pricing(conn: &Connection, sub: &SubContract) -> Result<Pricing> {
    let profiles = subcontracts::profiles_of(conn, &sub.code)?;
    let terms = store::prime::terms_of(conn, &sub.code)?;
    clawback::pricing(sub, &profiles, terms.as_ref()).ok_or_else(|| too_large(&sub.code))
}

/// The sub-contract's state on `today`.
pub fn state(conn: &Connection, sub: &SubContract, today: NaiveDate) -> Result<State> {
    let open = subcontracts::open_suspension(conn, &sub.code)?;
    Ok(State::of(sub, open.as_ref(), today))
}

/// The prime contract of `o` and what is let of it.
pub fn prime_and_let(conn: &Connection, o: &Opportunity) -> Result<(PrimeContract, Decimal)> {
    let prime = store::prime::prime_contract(conn, o)?;
    let let_before = store::prime::let_total(conn, &o.code)?.ok_or_else(|| too_large(&o.code))?;
    Ok((prime, let_before))
}

/// The within-the-prime check for letting `adding` from `start` to `end` under `o`.
pub fn within(
    conn: &Connection,
    o: &Opportunity,
    adding: Decimal,
    start: NaiveDate,
    end: NaiveDate,
) -> Result<Check> {
    let (prime, let_before) = prime_and_let(conn, o)?;
    Ok(prime::within_prime(
        &prime,
        &Letting {
            let_before,
            adding,
            start,
            end,
        },
    ))
}

/// The risk-passed-down check for letting work paid on `model` to `member` under `o`.
pub fn risk_passed_down(
    by: &super::Decider,
    member: &crate::domain::Member,
    model: crate::domain::PaymentModel,
    o: &Opportunity,
) -> Check {
    prime::risk_passed_down(
        member,
        model,
        o.payment_model,
        by.rules().results_min_income,
    )
}
