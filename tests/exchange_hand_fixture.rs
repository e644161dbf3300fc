//! The hand fixture loads completely, and the figures written in fixtures/hand/README.md are what
//! the loaded records add up to.

mod exchange_support;

use std::collections::BTreeMap;

use exchange_support::*;
use hubboard::dates::parse_iso;
use hubboard::domain::*;
use hubboard::store::{members, opportunities, risks, subcontracts};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn all_returns(conn: &rusqlite::Connection, scs: &[SubContract]) -> Vec<MonitoringReturn> {
    scs.iter()
        .flat_map(|s| subcontracts::returns_of(conn, &s.code).unwrap())
        .collect()
}

#[test]
fn every_file_loads_with_its_row_count_and_one_audit_row() {
    let (_d, mut store) = fresh_store();
    let summary = import(&mut store, &hand_dir(), hubboard::exchange::Format::Csv).unwrap();
    let counts: BTreeMap<&str, usize> = summary.rows.iter().cloned().collect();
    let expected = [
        ("commissioners", 3),
        ("members", 6),
        ("member_capacity", 7),
        ("compliance_items", 27),
        ("opportunities", 5),
        ("subcontracts", 5),
        ("monitoring_returns", 15),
        ("delivery_profiles", 1),
        ("suspensions", 1),
        ("claims", 1),
        ("risks", 4),
        ("prime_contracts", 0),
        ("delivery_plans", 0),
        ("contract_variations", 0),
        ("payment_terms", 0),
    ];
    assert_eq!(counts, expected.into_iter().collect());
    assert_eq!(summary.total(), 75);
    let audit = hubboard::store::audit::list(store.conn(), None).unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!(
        (audit[0].action.as_str(), audit[0].entity.as_str()),
        ("import", "database")
    );
    let after: serde_json::Value =
        serde_json::from_str(audit[0].after_json.as_ref().unwrap()).unwrap();
    assert_eq!(after["format"], "csv");
    assert_eq!(after["rows"]["monitoring_returns"], 15);
    assert!(hubboard::store::audit::verify(store.conn()).is_ok());
}

#[test]
fn members_incomes_and_tiers_match_the_readme() {
    let (_d, store) = hand_store();
    let ms = members::load_members(store.conn()).unwrap();
    assert_eq!(ms.len(), 6);
    let income: Decimal = ms.iter().map(|m| m.annual_income).sum();
    assert_eq!(income, dec!(1904000.00));
    assert_eq!(ms.iter().map(|m| m.staff).sum::<u32>(), 49);
    assert_eq!(ms.iter().map(|m| m.volunteers).sum::<u32>(), 100);
    let associates: Vec<&str> = ms
        .iter()
        .filter(|m| m.tier == Tier::Associate)
        .map(|m| m.code.as_str())
        .collect();
    assert_eq!(associates, ["M05"]);
    let health: Vec<&str> = ms
        .iter()
        .filter(|m| m.clusters.iter().any(|c| c == "health_wellbeing"))
        .map(|m| m.code.as_str())
        .collect();
    assert_eq!(health, ["M02", "M03", "M06"]);
}

#[test]
fn capacity_committed_and_headroom_match_the_readme() {
    let (_d, store) = hand_store();
    let conn = store.conn();
    let caps = members::load_capacity(conn, None).unwrap();
    let opps = opportunities::load_opportunities(conn).unwrap();
    let scs = subcontracts::load_subcontracts(conn).unwrap();
    let line_of = |opp: &str| &opps.iter().find(|o| o.code == opp).unwrap().service_line;
    let mut table = Vec::new();
    for c in &caps {
        let committed: u32 = scs
            .iter()
            .filter(|s| s.member == c.member && s.status.commits_capacity())
            .filter(|s| *line_of(&s.opportunity) == c.service_line)
            .map(|s| s.units_per_month)
            .sum();
        table.push((
            c.member.as_str(),
            c.service_line.as_str(),
            c.units_per_month,
            committed,
        ));
    }
    assert_eq!(
        table,
        [
            ("M01", "advice", 100, 50),
            ("M02", "wellbeing", 40, 20),
            ("M03", "wellbeing", 60, 0),
            ("M04", "employability", 50, 0),
            ("M05", "wellbeing", 10, 0),
            ("M06", "advice", 80, 40),
            ("M06", "wellbeing", 100, 0),
        ]
    );
    let capacity: u32 = table.iter().map(|t| t.2).sum();
    let committed: u32 = table.iter().map(|t| t.3).sum();
    assert_eq!((capacity, committed, capacity - committed), (440, 110, 330));
}

#[test]
fn compliance_has_one_expired_and_one_expiring_within_thirty_days() {
    let (_d, store) = hand_store();
    let items = members::load_compliance(store.conn(), None).unwrap();
    assert_eq!(items.len(), 27);
    let today = today();
    let expired: Vec<(&str, ComplianceKind)> = items
        .iter()
        .filter(|c| !c.in_date_on(today))
        .map(|c| (c.member.as_str(), c.kind))
        .collect();
    assert_eq!(expired, [("M03", ComplianceKind::PublicLiabilityInsurance)]);
    let soon: Vec<(&str, i64)> = items
        .iter()
        .filter(|c| c.in_date_on(today))
        .map(|c| (c.member.as_str(), (c.valid_until - today).num_days()))
        .filter(|(_, days)| *days <= 30)
        .collect();
    assert_eq!(soon, [("M02", 23)]);
}

#[test]
fn pipeline_won_and_top_slice_sums_match_the_readme() {
    let (_d, store) = hand_store();
    let opps = opportunities::load_opportunities(store.conn()).unwrap();
    let sum = |f: &dyn Fn(&Opportunity) -> bool, v: &dyn Fn(&Opportunity) -> Decimal| -> Decimal {
        opps.iter().filter(|o| f(o)).map(v).sum()
    };
    let open = |o: &Opportunity| o.stage.is_open();
    let won = |o: &Opportunity| o.stage == Stage::Won;
    let all = |_: &Opportunity| true;
    assert_eq!(sum(&all, &|o| o.value), dec!(800000.00));
    assert_eq!(sum(&open, &|o| o.value), dec!(300000.00));
    assert_eq!(sum(&open, &|o| o.top_slice()), dec!(18000.00));
    assert_eq!(sum(&won, &|o| o.value), dec!(500000.00));
    assert_eq!(sum(&won, &|o| o.top_slice()), dec!(44000.00));
    assert_eq!(sum(&won, &|o| o.net_value()), dec!(456000.00));
    assert_eq!(sum(&all, &|o| o.top_slice()), dec!(62000.00));
    let slices: Vec<Decimal> = opps.iter().map(|o| o.top_slice()).collect();
    assert_eq!(
        slices,
        [dec!(24000), dec!(20000), dec!(7500), dec!(3000), dec!(7500)]
    );
    let scores: Vec<Option<u8>> = opps.iter().map(|o| o.bid_score).collect();
    assert_eq!(scores, [Some(78), Some(72), Some(74), Some(65), None]);
}

#[test]
fn subcontract_values_prices_and_income_shares_match_the_readme() {
    let (_d, store) = hand_store();
    let conn = store.conn();
    let scs = subcontracts::load_subcontracts(conn).unwrap();
    let total: Decimal = scs.iter().map(|s| s.value).sum();
    assert_eq!(total, dec!(348000.00));
    let active: Decimal = scs
        .iter()
        .filter(|s| s.status == SubContractStatus::Active)
        .map(|s| s.value)
        .sum();
    assert_eq!(active, dec!(240000.00));
    let months: Vec<u32> = scs.iter().map(|s| s.months()).collect();
    assert_eq!(months, [24, 24, 12, 6, 12]);
    // The stored rates are value ÷ (units per month × months), as the README works them.
    let prices: Vec<Decimal> = scs.iter().map(|s| s.unit_rate.unwrap()).collect();
    assert_eq!(
        prices,
        [dec!(100), dec!(100), dec!(200), dec!(200), dec!(100)]
    );
    for s in &scs {
        let units = Decimal::from(s.units_per_month) * Decimal::from(s.months());
        assert_eq!(s.value / units, s.unit_rate.unwrap(), "{}", s.code);
    }
    let annual: Vec<Decimal> = scs.iter().map(|s| s.annual_value()).collect();
    assert_eq!(
        annual,
        [
            dec!(60000),
            dec!(48000),
            dec!(72000),
            dec!(36000),
            dec!(24000)
        ]
    );
    let m03 = members::get_member(conn, "M03").unwrap().unwrap();
    assert_eq!(
        scs[2].annual_value() / m03.annual_income,
        dec!(0.5),
        "M03 exactly at 50%"
    );
    let opps = opportunities::load_opportunities(conn).unwrap();
    let let_under = |opp: &str| -> Decimal {
        scs.iter()
            .filter(|s| s.opportunity == opp)
            .map(|s| s.value)
            .sum()
    };
    assert_eq!(opps[0].net_value() - let_under("OP01"), dec!(60000.00));
    assert_eq!(opps[1].net_value() - let_under("OP02"), dec!(48000.00));
}

#[test]
fn monitoring_totals_and_lateness_match_the_readme() {
    let (_d, store) = hand_store();
    let conn = store.conn();
    let scs = subcontracts::load_subcontracts(conn).unwrap();
    let returns = all_returns(conn, &scs);
    assert_eq!(returns.len(), 15);
    let paid: Decimal = returns.iter().map(|r| r.paid).sum();
    let spend: Decimal = returns.iter().map(|r| r.spend).sum();
    assert_eq!((paid, spend), (dec!(63000.00), dec!(63000.00)));
    let sum = |f: fn(&MonitoringReturn) -> u32| returns.iter().map(f).sum::<u32>();
    assert_eq!(
        (sum(|r| r.units_target), sum(|r| r.units_delivered)),
        (490, 441)
    );
    assert_eq!(
        (sum(|r| r.outcomes_target), sum(|r| r.outcomes_achieved)),
        (195, 167)
    );
    assert_eq!(
        (sum(|r| r.milestones_due), sum(|r| r.milestones_met)),
        (11, 7)
    );
    assert_eq!(sum(|r| r.referrals), 494);
    let late: Vec<(&str, String, i64)> = returns
        .iter()
        .map(|r| {
            (
                r.subcontract.as_str(),
                r.period.to_string(),
                r.days_late(today()),
            )
        })
        .filter(|(_, _, d)| *d > 0)
        .collect();
    assert_eq!(
        late,
        [
            ("SC02", "2026-09".to_string(), 14),
            ("SC03", "2026-10".to_string(), 7)
        ]
    );
    let missing = returns.iter().filter(|r| r.submitted.is_none()).count();
    assert_eq!(missing, 1);
    let on_due_date = returns
        .iter()
        .filter(|r| r.submitted == Some(r.due))
        .count();
    assert_eq!(on_due_date, 1, "SC02 2026-08 came in on its due date");
}

#[test]
fn profile_suspension_and_claim_match_the_readme() {
    let (_d, store) = hand_store();
    let conn = store.conn();
    let profiles = subcontracts::profiles_of(conn, "SC03").unwrap();
    assert_eq!(profiles.len(), 1);
    assert_eq!(
        (
            profiles[0].effective_from.to_string(),
            profiles[0].units_per_month
        ),
        ("2026-09".into(), 20)
    );
    let s = &subcontracts::suspensions_of(conn, "SC03").unwrap()[0];
    assert_eq!(s.effective, hubboard::dates::add_months(s.decided, 3));
    assert_eq!(s.effective, parse_iso("2027-01-20").unwrap());
    assert!(!s.urgent && s.lifted.is_none());
    let sc03 = subcontracts::get_subcontract(conn, "SC03")
        .unwrap()
        .unwrap();
    let returns = subcontracts::returns_of(conn, "SC03").unwrap();
    let paid: Decimal = returns.iter().map(|r| r.paid).sum();
    let delivered: u32 = returns.iter().map(|r| r.units_delivered).sum();
    let earned = Decimal::from(delivered) * sc03.unit_rate.unwrap();
    let claim = &subcontracts::claims_of(conn, "SC03").unwrap()[0];
    assert_eq!(
        (claim.paid, claim.earned, claim.amount),
        (paid, earned, paid - earned)
    );
    assert_eq!(claim.amount, dec!(6600.00));
}

#[test]
fn risks_keep_the_out_of_scale_impact() {
    let (_d, store) = hand_store();
    let rs = risks::load_risks(store.conn()).unwrap();
    let gross: Vec<u32> = rs.iter().map(|r| r.gross_score()).collect();
    assert_eq!(gross, [20, 15, 15, 16]);
    assert_eq!(gross.iter().sum::<u32>(), 66);
    let nets: Vec<Option<u32>> = rs.iter().map(|r| r.net_score()).collect();
    assert_eq!(nets, [Some(9), None, Some(6), Some(6)]);
    let r02 = rs.iter().find(|r| r.code == "R02").unwrap();
    assert_eq!((r02.scale.as_str(), r02.gross_impact), ("knowsley", 5));
}
