//! The prime contract's rules through the library, each with its figures worked by hand: nothing
//! let beyond the net or outside the period (single, competitive and transfer; the joint route is
//! in ops_joint_award.rs), notice as a state that follows the date, a transfer taking effect when
//! the notice ends with every month counted once, and the contract variation that raises what
//! may be let.
//!
//! The fixture's won contract OP-ADV: £120,000 gross, 5% top slice (£6,000), £114,000 net to let;
//! it closed 31 Aug 2026, so it runs 1 Nov 2026 – 31 Oct 2028 (24 months).

mod ops_support;

use hubboard::HubError;
use hubboard::domain::competitive::{Bid, PanelScore, default_criteria};
use hubboard::domain::state::State;
use hubboard::domain::*;
use hubboard::ops::award::AwardRequest;
use hubboard::ops::competitive::{CompetitiveAward, CompetitiveAwardRequest};
use hubboard::ops::transfer::TransferRequest;
use hubboard::ops::vary::{Vary, VaryRequest};
use hubboard::store::{prime, subcontracts};
use ops_support::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

const OVERRIDE: &str = "the Board agreed to go ahead";

/// `member` with £1,000,000 income (so the share-of-income check never bites) and 50 units.
fn rich(hub: &Hub, member: &str) {
    hub.member_with(member, Tier::Full, dec!(1000000), 50, "2029-03-31");
}

/// A sub-contract written straight to the store (as an older record or an import would be).
fn stored(hub: &Hub, code: &str, member: &str, value: Decimal, start: &str, end: &str) {
    subcontracts::insert_subcontract(
        hub.conn(),
        &SubContract {
            code: code.into(),
            opportunity: WON.into(),
            member: member.into(),
            let_by: None,
            value,
            start: d(start),
            end: d(end),
            units_per_month: 10,
            payment_model: PaymentModel::Block,
            status: SubContractStatus::Active,
            transferred_from: None,
            row_version: 1,
            unit_rate: None,
        },
    )
    .unwrap();
}

fn award(member: &str, value: Decimal, start: &str, end: &str) -> AwardRequest {
    AwardRequest {
        start: d(start),
        end: d(end),
        ..award_request(member, value, 10)
    }
}

fn refused_by_rule(e: &HubError) -> bool {
    matches!(e, HubError::Refused(m) if m.contains("within the prime contract") && m.contains("cannot be overridden"))
}

#[test]
fn a_single_award_beyond_what_is_unlet_is_refused_whatever_the_override() {
    let mut hub = Hub::new();
    rich(&hub, "KN01");
    rich(&hub, "KN02");
    // £40,000 let to KN01 leaves £114,000 − £40,000 = £74,000 unlet.
    hub.award(award("KN01", dec!(40000), "2026-12-01", "2027-11-30"))
        .unwrap();
    // £74,000.01 would let £114,000.01: a penny beyond the net.
    let over = award("KN02", dec!(74000.01), "2026-12-01", "2027-11-30");
    let e = assert_unchanged(&mut hub, |h| {
        h.decide::<hubboard::ops::award::Award>(&over, &overriding("more work", OVERRIDE))
    });
    assert!(refused_by_rule(&e), "{e}");
    assert!(
        e.to_string()
            .contains("let £40,000.00 + this £74,000.01 = £114,000.01 is more than the net £114,000.00 (£74,000.00 unlet)"),
        "{e}"
    );
    // Exactly what is unlet passes.
    let done = hub
        .award(award("KN02", dec!(74000), "2026-12-01", "2027-11-30"))
        .unwrap();
    assert_eq!(done.outcome.subcontract.value, dec!(74000));
    assert_eq!(
        prime::let_total(hub.conn(), WON).unwrap(),
        Some(dec!(114000))
    );
}

#[test]
fn an_award_outside_the_contract_period_is_refused_whatever_the_override() {
    let mut hub = Hub::new();
    rich(&hub, "KN01");
    for (start, end, why) in [
        (
            "1900-01-01",
            "2027-10-31",
            "starts 1 Jan 1900, before the prime contract starts on 1 Nov 2026",
        ),
        (
            "2026-12-01",
            "2035-01-31",
            "ends 31 Jan 2035, after the prime contract ends on 31 Oct 2028",
        ),
    ] {
        let req = award("KN01", dec!(1000), start, end);
        let e = assert_unchanged(&mut hub, |h| {
            h.decide::<hubboard::ops::award::Award>(&req, &overriding("pilot", OVERRIDE))
        });
        assert!(refused_by_rule(&e), "{e}");
        assert!(e.to_string().contains(why), "{e}");
    }
}

#[test]
fn a_competitive_award_beyond_the_net_is_refused_by_rule() {
    let mut hub = Hub::new();
    rich(&hub, "KN01");
    let sheet = |panel: &str| -> Vec<PanelScore> {
        default_criteria()
            .iter()
            .map(|c| PanelScore {
                panel_member: panel.into(),
                bidder: "KN01".into(),
                criterion: c.code.clone(),
                score: 7,
            })
            .collect()
    };
    // The only bid, £120,000, is the gross: £6,000 more than the £114,000 net.
    let req = CompetitiveAwardRequest {
        opportunity: WON.into(),
        bids: vec![Bid {
            bidder: "KN01".into(),
            price: dec!(120000),
            units_per_month: 20,
        }],
        scores: [sheet("Ann"), sheet("Cat")].concat(),
        conflicts: vec![],
        start: d("2026-12-01"),
        end: d("2027-11-30"),
        payment_model: None,
        code: None,
    };
    let e = assert_unchanged(&mut hub, |h| {
        h.decide::<CompetitiveAward>(&req, &overriding("panel's choice", OVERRIDE))
    });
    assert!(refused_by_rule(&e), "{e}");
    assert!(e.to_string().contains("(£114,000.00 unlet)"), "{e}");
}

#[test]
fn a_transfer_adds_nothing_to_what_is_let_and_stays_inside_the_period() {
    let mut hub = Hub::on("2026-11-29");
    rich(&hub, "KN01");
    rich(&hub, "KN02");
    // An older record let £150,000 — beyond the £114,000 net. Moving its remainder adds nothing,
    // so it is not refused: £150,000 over 12 months × 10 = 120 units is £1,250.00 a unit; urgent
    // today, SC-0001 keeps Nov (10 × 29/30 = 9.67 → 9 units): £11,250.00; SC-0002 takes the
    // other 111 units, £138,750.00. Together still £150,000.00.
    stored(
        &hub,
        "SC-0001",
        "KN01",
        dec!(150000),
        "2026-11-01",
        "2027-10-31",
    );
    hub.suspend(hubboard::ops::suspend::SuspendRequest {
        urgent: true,
        ..suspend_request("SC-0001")
    })
    .unwrap();
    let t = hub
        .transfer(TransferRequest {
            subcontract: "SC-0001".into(),
            to: "KN02".into(),
            code: None,
        })
        .unwrap();
    assert_eq!(t.outcome.original.value, dec!(11250));
    assert_eq!(t.outcome.transferred.value, dec!(138750));
    assert_eq!(
        prime::let_total(hub.conn(), WON).unwrap(),
        Some(dec!(150000))
    );

    // A remainder that would run past the contract's end is refused by rule.
    stored(
        &hub,
        "SC-0009",
        "KN01",
        dec!(10000),
        "2026-11-01",
        "2029-06-30",
    );
    hub.suspend(hubboard::ops::suspend::SuspendRequest {
        urgent: true,
        ..suspend_request("SC-0009")
    })
    .unwrap();
    let req = TransferRequest {
        subcontract: "SC-0009".into(),
        to: "KN02".into(),
        code: None,
    };
    let e = assert_unchanged(&mut hub, |h| {
        h.decide::<hubboard::ops::transfer::Transfer>(&req, &overriding("move it", OVERRIDE))
    });
    assert!(refused_by_rule(&e), "{e}");
    assert!(
        e.to_string()
            .contains("ends 30 Jun 2029, after the prime contract ends on 31 Oct 2028"),
        "{e}"
    );
}

/// SC-0053: £24,000 to KN01 for 10 units a month, Nov 2026 – Oct 2027: 120 units at £200.00.
fn notice_hub(today: &str, start: &str, end: &str) -> Hub {
    let hub = Hub::on(today);
    rich(&hub, "KN01");
    rich(&hub, "KN02");
    stored(&hub, "SC-0053", "KN01", dec!(24000), start, end);
    hub
}

fn transfer_to_kn02(hub: &mut Hub) -> hubboard::ops::transfer::TransferOutcome {
    hub.transfer(TransferRequest {
        subcontract: "SC-0053".into(),
        to: "KN02".into(),
        code: None,
    })
    .unwrap()
    .outcome
}

#[test]
fn notice_given_29_nov_2026_runs_to_28_feb_2027_and_the_transfer_starts_1_mar() {
    let mut hub = notice_hub("2026-11-29", "2026-11-01", "2027-10-31");
    let done = hub.suspend(suspend_request("SC-0053")).unwrap();
    // 29 Nov + 3 months = 29 Feb, which 2027 has not: the notice ends 28 Feb 2027.
    assert_eq!(done.outcome.suspension.effective, d("2027-02-28"));
    let sub = hub.subcontract("SC-0053");
    assert_eq!(
        sub.status,
        SubContractStatus::Active,
        "still active, still paid"
    );
    let open = subcontracts::open_suspension(hub.conn(), "SC-0053").unwrap();
    let on = |day: &str| State::of(&sub, open.as_ref(), d(day));
    assert!(on("2027-02-28").delivering());
    assert_eq!(
        on("2027-02-28").describe(),
        "notice given, ends 28 Feb 2027"
    );
    assert_eq!(
        on("2027-03-01"),
        State::Suspended {
            since: d("2027-03-01")
        }
    );

    // From the decision day KN01 counts as under notice in award checks.
    let planned = hub
        .plan::<hubboard::ops::award::Award>(&award("KN01", dec!(1000), "2027-01-01", "2027-06-30"))
        .unwrap();
    let check = planned
        .sheet
        .checks
        .iter()
        .find(|c| c.rule == checks::Rule::NotSuspended)
        .unwrap();
    assert!(!check.passed);
    assert_eq!(check.reason, "SC-0053 (notice given, ends 28 Feb 2027)");

    // The transfer takes effect when the notice ends. SC-0053 keeps Nov – Feb: 4 months × 10 =
    // 40 units × £200.00 = £8,000.00, ending 28 Feb 2027. The new sub-contract runs 1 Mar –
    // 31 Oct 2027: exactly 8 months, 80 units × £200.00 = £16,000.00. No month is in both.
    let t = transfer_to_kn02(&mut hub);
    assert_eq!(
        (t.original.end, t.original.value),
        (d("2027-02-28"), dec!(8000))
    );
    assert_eq!(
        (t.transferred.start, t.transferred.end),
        (d("2027-03-01"), d("2027-10-31"))
    );
    assert_eq!(t.transferred.value, dec!(16000));
    assert_eq!(t.transferred.unit_rate, Some(dec!(200)));
    assert_eq!(t.transferred.months(), 8);
    assert!(
        subcontracts::profiles_of(hub.conn(), "SC-0054")
            .unwrap()
            .is_empty()
    );
    assert_eq!(t.original.value + t.transferred.value, dec!(24000));
    // The original works out its notice: active until 28 Feb, then ended.
    assert_eq!(hub.subcontract("SC-0053").status, SubContractStatus::Active);
    hub.assert_audit_intact();
}

#[test]
fn notice_into_a_leap_year_ends_on_29_feb_and_the_transfer_starts_1_mar() {
    // Decided 29 Nov 2027 on a contract of Nov 2027 – Oct 2028: notice ends 29 Feb 2028 (a
    // leap year); SC-0053 keeps Nov – Feb, 40 units = £8,000.00; the new one runs 1 Mar – 31
    // Oct 2028, 8 months, 80 units = £16,000.00.
    let mut hub = notice_hub("2027-11-29", "2027-11-01", "2028-10-31");
    let done = hub.suspend(suspend_request("SC-0053")).unwrap();
    assert_eq!(done.outcome.suspension.effective, d("2028-02-29"));
    let t = transfer_to_kn02(&mut hub);
    assert_eq!(t.original.end, d("2028-02-29"));
    assert_eq!(t.transferred.start, d("2028-03-01"));
    assert_eq!(
        (t.transferred.months(), t.transferred.value),
        (8, dec!(16000))
    );
}

#[test]
fn notice_from_the_last_day_of_november_ends_on_the_last_day_of_february() {
    let mut hub = notice_hub("2026-11-30", "2026-11-01", "2027-10-31");
    let done = hub.suspend(suspend_request("SC-0053")).unwrap();
    assert_eq!(done.outcome.suspension.effective, d("2027-02-28"));
    let t = transfer_to_kn02(&mut hub);
    assert_eq!(t.transferred.start, d("2027-03-01"));
    assert_eq!(t.transferred.value, dec!(16000));
}

#[test]
fn notice_ending_mid_month_shares_that_month_by_days() {
    // Decided 15 Dec 2026: the notice ends 15 Mar 2027. March's 10 units × 15/31 days = 4.84
    // → 4 stay with SC-0053 and 6 move. Kept: Nov – Feb 40 + 4 = 44 units × £200 = £8,800.00;
    // moved: 6 + Apr – Oct 70 = 76 units × £200 = £15,200.00, from 16 Mar 2027.
    let mut hub = notice_hub("2026-12-15", "2026-11-01", "2027-10-31");
    hub.suspend(suspend_request("SC-0053")).unwrap();
    let t = transfer_to_kn02(&mut hub);
    assert_eq!(
        (t.original.end, t.original.value),
        (d("2027-03-15"), dec!(8800))
    );
    assert_eq!(
        (t.transferred.start, t.transferred.value),
        (d("2027-03-16"), dec!(15200))
    );
    let months = |code: &str| -> Vec<(String, u32)> {
        subcontracts::profiles_of(hub.conn(), code)
            .unwrap()
            .iter()
            .map(|p| (p.effective_from.to_string(), p.units_per_month))
            .collect()
    };
    assert_eq!(months("SC-0053"), vec![("2027-03".into(), 4)]);
    assert_eq!(
        months("SC-0054"),
        vec![("2027-03".into(), 6), ("2027-04".into(), 10)]
    );
}

#[test]
fn a_variation_raises_what_may_be_let_and_cannot_undercut_what_is_let() {
    let mut hub = Hub::new();
    rich(&hub, "KN01");
    hub.award(award("KN01", dec!(114000), "2026-12-01", "2027-11-30"))
        .unwrap();
    // Fully let: £1,000 more is refused by rule.
    let more = award("KN01", dec!(1000), "2026-12-01", "2027-11-30");
    let e = assert_unchanged(&mut hub, |h| h.award(more.clone()));
    assert!(refused_by_rule(&e), "{e}");
    // The commissioner adds £20,000: gross £140,000, top slice 5% = £7,000, net £133,000, so
    // £19,000 is unlet; and extends the contract to 31 Mar 2029.
    let req = VaryRequest {
        opportunity: WON.into(),
        value: Some(dec!(140000)),
        end: Some(d("2029-03-31")),
        agreed: Some(d("2026-11-20")),
    };
    let done = hub
        .decide::<Vary>(&req, &why("variation 1 signed by the council"))
        .unwrap();
    assert_eq!(
        (done.outcome.net, done.outcome.unlet),
        (dec!(133000), dec!(19000))
    );
    let stored = prime::variations_of(hub.conn(), WON).unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(
        (
            stored[0].value_before,
            stored[0].value_after,
            stored[0].end_after
        ),
        (dec!(120000), dec!(140000), d("2029-03-31"))
    );
    assert_eq!(stored[0].reason, "variation 1 signed by the council");
    assert_eq!(
        prime::agreed_period(hub.conn(), WON).unwrap(),
        Some((d("2026-11-01"), d("2029-03-31")))
    );
    hub.award(more).unwrap();
    // Cutting the value to £100,000 would leave a £95,000 net under the £115,000 let.
    let cut = VaryRequest {
        value: Some(dec!(100000)),
        end: None,
        ..req.clone()
    };
    let e = assert_unchanged(&mut hub, |h| h.decide::<Vary>(&cut, &why("reduced")));
    assert!(refused_by_rule(&e), "{e}");
    assert!(
        e.to_string()
            .contains("the net £95,000.00 would be less than the £115,000.00 let already"),
        "{e}"
    );
    // Nothing about a variation can be overridden: an override reason is refused.
    let e = assert_unchanged(&mut hub, |h| {
        h.decide::<Vary>(&cut, &overriding("reduced", OVERRIDE))
    });
    assert!(
        e.to_string().contains("vary has no checks to override"),
        "{e}"
    );
    // Ending before a sub-contract ends is refused too; a date still to come is bad input.
    let early = VaryRequest {
        value: None,
        end: Some(d("2027-06-30")),
        ..req.clone()
    };
    let e = assert_unchanged(&mut hub, |h| h.decide::<Vary>(&early, &why("shorter")));
    assert!(
        e.to_string().contains("a sub-contract runs to 30 Nov 2027"),
        "{e}"
    );
    let future = VaryRequest {
        agreed: Some(d("2026-12-25")),
        ..req
    };
    let e = assert_unchanged(&mut hub, |h| h.decide::<Vary>(&future, &why("early")));
    assert_eq!(e.exit_code(), 2, "{e}");
    let rows = hub.audit_rows();
    assert_eq!(rows.iter().filter(|r| r.action == "vary").count(), 1);
    hub.assert_audit_intact();
}
