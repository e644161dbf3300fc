//! Decisions taken from the keyboard, through the same update loop the dashboard runs: keys in,
//! state and database out.

mod ui_support;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use hubboard::clock::Clock;
use hubboard::config::Config;
use hubboard::store::{OpenMode, Store, audit};
use hubboard::ui::action::Pane;
use hubboard::ui::app::Mode;
use hubboard::ui::session::Session;
use hubboard::ui::theme::ThemeName;
use ui_support::*;

/// The demo's won contract not started yet: a third of its value is still to let.
const PART_LET: &str = "OP-016";

fn session(path: &std::path::Path, read_only: bool) -> Session {
    let config = Config::default();
    let mode = if read_only {
        OpenMode::ReadOnly
    } else {
        OpenMode::ReadWrite
    };
    let store = Store::open(path, mode).unwrap();
    let app = hubboard::ui::new_app_with(&config, ThemeName::Default, "test.db".into(), read_only)
        .unwrap();
    let mut s = Session::new(app, store, Clock::fixed(today()), config, "officer".into());
    s.reload().unwrap();
    s
}

fn press(s: &mut Session, code: KeyCode) {
    let out = s.key(KeyEvent::new(code, KeyModifiers::NONE));
    if out.reload {
        s.reload().unwrap();
    }
}

fn typed(s: &mut Session, text: &str) {
    for c in text.chars() {
        press(s, KeyCode::Char(c));
    }
}

/// Whether the plan on screen shows a failed check.
fn plan_failed(s: &Session) -> bool {
    screen(&s.app, 160, 60).contains("✗ ")
}

/// Past the plan: overrides failed checks with `why` if any failed, then gives the reason.
fn accept_plan(s: &mut Session, override_reason: &str, reason: &str) {
    if plan_failed(s) {
        press(s, KeyCode::Char('o'));
        typed(s, override_reason);
        press(s, KeyCode::Enter);
    }
    press(s, KeyCode::Enter);
    typed(s, reason);
    press(s, KeyCode::Enter);
}

fn select_sub(s: &mut Session, code: &str) {
    press(s, KeyCode::Char('3'));
    assert!(
        s.app.select_key(Pane::Performance, code),
        "{code} not in the performance pane"
    );
}

fn suspensions(path: &std::path::Path, code: &str) -> i64 {
    let store = Store::open(path, OpenMode::ReadOnly).unwrap();
    store
        .conn()
        .query_row(
            "SELECT COUNT(*) FROM suspensions WHERE subcontract = ?1",
            [code],
            |r| r.get(0),
        )
        .unwrap()
}

fn status_of(path: &std::path::Path, code: &str) -> String {
    let store = Store::open(path, OpenMode::ReadOnly).unwrap();
    store
        .conn()
        .query_row(
            "SELECT status FROM subcontracts WHERE code = ?1",
            [code],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn suspend_then_transfer_then_claw_back_from_the_keyboard() {
    let (dir, store) = demo_db();
    let path = dir.path().join("demo.db");
    drop(store);
    let mut s = session(&path, false);
    select_sub(&mut s, "SC-0106");
    press(&mut s, KeyCode::Char('s'));
    assert_eq!(s.app.mode, Mode::Flow, "{}", s.app.status);
    assert!(screen(&s.app, 120, 40).contains("Evidence"));
    press(&mut s, KeyCode::Enter); // under-delivery
    press(&mut s, KeyCode::Enter); // with notice: the earliest date allowed
    press(&mut s, KeyCode::Enter); // not urgent: the plan
    assert!(screen(&s.app, 120, 40).contains("stays active and paid through"));
    press(&mut s, KeyCode::Enter);
    typed(&mut s, "Six months below 60% of profile");
    press(&mut s, KeyCode::Enter);
    typed(&mut s, "SC-0105"); // the wrong code is refused
    press(&mut s, KeyCode::Enter);
    assert_eq!(suspensions(&path, "SC-0106"), 0);
    for _ in 0..7 {
        press(&mut s, KeyCode::Backspace);
    }
    typed(&mut s, "SC-0106");
    press(&mut s, KeyCode::Enter);
    // Notice given: the sub-contract stays active, and paid, until the notice ends.
    assert_eq!(suspensions(&path, "SC-0106"), 1);
    assert_eq!(status_of(&path, "SC-0106"), "active");
    assert!(
        s.app.status.contains("notice given, ends"),
        "{}",
        s.app.status
    );

    press(&mut s, KeyCode::Char('t'));
    assert_eq!(s.app.mode, Mode::Flow);
    press(&mut s, KeyCode::Enter); // the member with most headroom, and the plan
    // The suspension's reason and its typed confirmation carry on: the plan says so, and
    // Enter writes it (after an override, where a check failed).
    if plan_failed(&s) {
        press(&mut s, KeyCode::Char('o'));
        typed(&mut s, "Board agreed to exceed the income share");
        press(&mut s, KeyCode::Enter);
    }
    let plan = screen(&s.app, 120, 40);
    assert!(
        plan.contains("Enter writes it with the reason given before"),
        "{plan}"
    );
    press(&mut s, KeyCode::Enter);
    // The transfer takes effect when the notice ends: SC-0106 works it out, then ends.
    assert!(s.app.status.contains("SC-0106 ends"), "{}", s.app.status);
    assert_eq!(status_of(&path, "SC-0106"), "active");

    // Claw-back follows the transfer.
    assert_eq!(
        s.app.mode,
        Mode::Flow,
        "claw-back should be offered: {}",
        s.app.status
    );
    press(&mut s, KeyCode::Char('c'));
    assert_eq!(s.app.mode, Mode::Flow, "{}", s.app.status);
    press(&mut s, KeyCode::Enter);
    assert_eq!(s.app.mode, Mode::Normal);
    assert!(s.app.status.starts_with("Claim "), "{}", s.app.status);

    let store = Store::open(&path, OpenMode::ReadOnly).unwrap();
    let rows = audit::list(store.conn(), None).unwrap();
    let actions: Vec<&str> = rows.iter().map(|r| r.action.as_str()).collect();
    assert!(
        actions.ends_with(&["suspend", "transfer", "transfer_in", "clawback"]),
        "{actions:?}"
    );
    assert!(rows.iter().skip(1).all(|r| r.actor == "officer"));
    // One reason through the chain, on every row it wrote.
    assert!(
        rows.iter().skip(1).all(|r| r
            .reason
            .as_deref()
            .unwrap_or("")
            .contains("Six months below 60% of profile")),
        "{rows:?}"
    );
    assert_eq!(
        audit::verify(store.conn()).unwrap(),
        audit::Verdict::Intact {
            rows: rows.len() as u64
        }
    );
}

fn file_bytes(path: &std::path::Path) -> Vec<u8> {
    // Checkpoint first so the main file holds everything committed.
    let store = Store::open(path, OpenMode::ReadWrite).unwrap();
    store
        .conn()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
    drop(store);
    std::fs::read(path).unwrap()
}

#[test]
fn read_only_sessions_offer_no_decision_and_write_nothing() {
    let (dir, store) = demo_db();
    let path = dir.path().join("demo.db");
    drop(store);
    let before = file_bytes(&path);
    let mut s = session(&path, true);
    assert!(s.app.badges.iter().any(|b| b == "READ-ONLY"));
    select_sub(&mut s, "SC-0106");
    for key in ['s', 't', 'c', 'u', 'p'] {
        press(&mut s, KeyCode::Char(key));
        assert_eq!(s.app.mode, Mode::Normal, "key {key} started something");
    }
    press(&mut s, KeyCode::Char('1'));
    press(&mut s, KeyCode::Char('a'));
    assert_eq!(s.app.mode, Mode::Normal);
    // Not in the palette, the help or the hint bar either.
    press(&mut s, KeyCode::Char(':'));
    typed(&mut s, "suspend");
    assert!(
        s.app
            .palette
            .matches
            .iter()
            .all(|i| !s.app.palette.entries[*i].label.starts_with("suspend")),
        "suspend offered in a read-only palette"
    );
    press(&mut s, KeyCode::Esc);
    press(&mut s, KeyCode::Char('?'));
    let help = screen(&s.app, 120, 60);
    assert!(!help.contains("Suspend an active sub-contract"), "{help}");
    assert!(help.contains("Read-only"), "{help}");
    press(&mut s, KeyCode::Esc);
    drop(s);
    assert_eq!(
        file_bytes(&path),
        before,
        "a read-only session changed the database"
    );
}

#[test]
fn cancelling_a_decision_writes_nothing() {
    let (dir, store) = demo_db();
    let path = dir.path().join("demo.db");
    drop(store);
    // Opening the session brings the scoring cache up to date; what follows must write nothing.
    let mut s = session(&path, false);
    let before = file_bytes(&path);
    select_sub(&mut s, "SC-0053");
    press(&mut s, KeyCode::Char('s'));
    press(&mut s, KeyCode::Enter);
    press(&mut s, KeyCode::Enter);
    press(&mut s, KeyCode::Enter);
    press(&mut s, KeyCode::Enter);
    typed(&mut s, "changed my mind");
    press(&mut s, KeyCode::Esc); // back to the plan
    press(&mut s, KeyCode::Esc); // back to the form
    press(&mut s, KeyCode::Esc); // cancelled
    assert_eq!(s.app.mode, Mode::Normal);
    assert!(
        s.app.status.contains("nothing was written"),
        "{}",
        s.app.status
    );
    drop(s);
    assert_eq!(file_bytes(&path), before);
}

#[test]
fn decisions_that_do_not_apply_say_why() {
    let (dir, store) = demo_db();
    let path = dir.path().join("demo.db");
    drop(store);
    let mut s = session(&path, false);
    select_sub(&mut s, "SC-0053");
    press(&mut s, KeyCode::Char('t'));
    assert_eq!(s.app.mode, Mode::Normal);
    assert!(
        s.app
            .status
            .contains("only a sub-contract under notice or suspended"),
        "{}",
        s.app.status
    );
    select_sub(&mut s, "SC-0045");
    press(&mut s, KeyCode::Char('s'));
    assert!(
        s.app
            .status
            .contains("only an active sub-contract can be suspended"),
        "{}",
        s.app.status
    );
    // Awards come from won opportunities only.
    press(&mut s, KeyCode::Char('1'));
    s.app.select_key(Pane::Tenders, "OP-019");
    press(&mut s, KeyCode::Char('a'));
    assert_eq!(s.app.mode, Mode::Normal);
    assert!(
        s.app.status.contains("only won opportunities"),
        "{}",
        s.app.status
    );
}

#[test]
fn reinstating_from_the_keyboard() {
    let (dir, store) = demo_db();
    let path = dir.path().join("demo.db");
    drop(store);
    let mut s = session(&path, false);
    select_sub(&mut s, "SC-0045");
    press(&mut s, KeyCode::Char('u'));
    assert_eq!(s.app.mode, Mode::Flow, "{}", s.app.status);
    accept_plan(&mut s, "", "Improvement plan met at review");
    press(&mut s, KeyCode::Char('y'));
    assert_eq!(s.app.mode, Mode::Normal);
    assert_eq!(status_of(&path, "SC-0045"), "active");
}

#[test]
fn re_profiling_from_the_keyboard_keeps_history() {
    let (dir, store) = demo_db();
    let path = dir.path().join("demo.db");
    drop(store);
    let mut s = session(&path, false);
    select_sub(&mut s, "SC-0053");
    press(&mut s, KeyCode::Char('p'));
    typed(&mut s, "ten"); // not a number: refused, stays
    press(&mut s, KeyCode::Enter);
    press(&mut s, KeyCode::Enter); // from next month, prefilled
    press(&mut s, KeyCode::Enter); // the value kept: the plan is asked for
    assert_eq!(s.app.mode, Mode::Flow);
    assert!(
        screen(&s.app, 120, 40).contains("New units per month: 'ten' is not a whole number"),
        "{}",
        screen(&s.app, 120, 40)
    );
    for _ in 0..3 {
        press(&mut s, KeyCode::Backspace);
    }
    typed(&mut s, "40");
    press(&mut s, KeyCode::Enter);
    press(&mut s, KeyCode::Enter); // from next month, prefilled
    press(&mut s, KeyCode::Enter); // the value kept: fewer outputs need an override
    accept_plan(
        &mut s,
        "Commissioner agreed fewer outputs",
        "Agreed at the review visit",
    );
    press(&mut s, KeyCode::Char('y'));
    assert_eq!(s.app.mode, Mode::Normal, "{}", s.app.status);
    let store = Store::open(&path, OpenMode::ReadOnly).unwrap();
    let units: u32 = store
        .conn()
        .query_row(
            "SELECT units_per_month FROM subcontracts WHERE code = 'SC-0053'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(units, 40);
    let revisions = hubboard::store::subcontracts::profiles_of(store.conn(), "SC-0053").unwrap();
    assert!(revisions.len() >= 2, "history not kept: {revisions:?}");
}

#[test]
fn a_joint_delivery_award_from_the_keyboard_splits_the_net_value_exactly() {
    let (dir, store) = demo_db();
    let path = dir.path().join("demo.db");
    drop(store);
    let mut s = session(&path, false);
    press(&mut s, KeyCode::Char('1'));
    let won = s
        .app
        .snapshot
        .as_ref()
        .unwrap()
        .tenders
        .iter()
        .find(|t| t.opportunity.code == PART_LET)
        .unwrap()
        .opportunity
        .clone();
    s.app.select_key(Pane::Tenders, &won.code);
    let before: i64 = Store::open(&path, OpenMode::ReadOnly)
        .unwrap()
        .conn()
        .query_row("SELECT COUNT(*) FROM subcontracts", [], |r| r.get(0))
        .unwrap();
    press(&mut s, KeyCode::Char('a'));
    assert_eq!(s.app.mode, Mode::Flow, "{}", s.app.status);
    press(&mut s, KeyCode::Down);
    press(&mut s, KeyCode::Enter); // joint delivery
    press(&mut s, KeyCode::Char(' ')); // the member with most headroom
    press(&mut s, KeyCode::Down);
    press(&mut s, KeyCode::Char(' '));
    press(&mut s, KeyCode::Enter);
    press(&mut s, KeyCode::Enter); // start
    press(&mut s, KeyCode::Enter); // end
    typed(&mut s, "10");
    press(&mut s, KeyCode::Enter); // units
    press(&mut s, KeyCode::Enter); // shares: by headroom
    press(&mut s, KeyCode::Enter); // payment model: the opportunity's; the plan
    let plan = screen(&s.app, 160, 60);
    assert!(plan.contains("shares sum to the net value"), "{plan}");
    assert!(plan.contains("against unlet"), "{plan}");
    let let_before: rust_decimal::Decimal =
        hubboard::store::prime::let_total(s.store.conn(), &won.code)
            .unwrap()
            .unwrap();
    // Whatever the checks say, an override with a reason lets the plan through.
    accept_plan(
        &mut s,
        "Board minute 14",
        "Joint delivery plan agreed by the Board",
    );
    typed(&mut s, &won.code);
    press(&mut s, KeyCode::Enter);
    assert_eq!(s.app.mode, Mode::Normal, "{}", s.app.status);
    let store = Store::open(&path, OpenMode::ReadOnly).unwrap();
    let after: i64 = store
        .conn()
        .query_row("SELECT COUNT(*) FROM subcontracts", [], |r| r.get(0))
        .unwrap();
    assert_eq!(after, before + 2);
    let values: Vec<String> = store
        .conn()
        .prepare("SELECT value FROM subcontracts ORDER BY rowid DESC LIMIT 2")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let total: rust_decimal::Decimal = values
        .iter()
        .map(|v| v.parse::<rust_decimal::Decimal>().unwrap())
        .sum();
    assert_eq!(
        total,
        won.net_value() - let_before,
        "shares must sum to what was unlet, to the penny"
    );
    let units: u32 = store
        .conn()
        .query_row("SELECT SUM(units_per_month) FROM (SELECT units_per_month FROM subcontracts ORDER BY rowid DESC LIMIT 2)", [], |r| r.get(0))
        .unwrap();
    assert_eq!(units, 10);
}

#[test]
fn the_audit_view_lists_decisions_newest_first_and_per_entity() {
    let (dir, store) = demo_db();
    let path = dir.path().join("demo.db");
    drop(store);
    let mut s = session(&path, false);
    press(&mut s, KeyCode::Char('A'));
    assert_eq!(s.app.mode, Mode::Audit);
    assert_eq!(s.app.audit_rows.first().unwrap().action, "demo");
    press(&mut s, KeyCode::Enter);
    assert_eq!(s.app.mode, Mode::Detail);
    assert!(
        s.app
            .detail
            .as_ref()
            .unwrap()
            .title
            .starts_with("Audit row 1")
    );
    press(&mut s, KeyCode::Esc);
    // From a sub-contract's detail, its own trail.
    select_sub(&mut s, "SC-0045");
    press(&mut s, KeyCode::Enter);
    press(&mut s, KeyCode::Char('A'));
    assert_eq!(s.app.mode, Mode::Audit);
    assert!(
        s.app.audit_title.contains("subcontract:SC-0045"),
        "{}",
        s.app.audit_title
    );
    assert!(
        s.app
            .audit_rows
            .iter()
            .all(|r| r.entity == "subcontract:SC-0045")
    );
}

#[test]
fn the_register_is_kept_from_the_keyboard_and_an_off_scale_score_is_refused() {
    let (dir, store) = demo_db();
    let path = dir.path().join("demo.db");
    drop(store);
    let mut s = session(&path, false);
    press(&mut s, KeyCode::Char('4'));
    press(&mut s, KeyCode::Char('n'));
    assert_eq!(s.app.mode, Mode::Flow, "{}", s.app.status);
    typed(&mut s, "Loss of the council's advice contract");
    press(&mut s, KeyCode::Enter);
    typed(&mut s, "financial");
    press(&mut s, KeyCode::Enter);
    typed(&mut s, "Hub manager");
    press(&mut s, KeyCode::Enter);
    press(&mut s, KeyCode::Enter); // scale: knowsley, prefilled
    typed(&mut s, "4");
    press(&mut s, KeyCode::Enter);
    typed(&mut s, "5"); // impact 5 on a 1–4 scale
    for _ in 0..9 {
        press(&mut s, KeyCode::Enter); // leave the rest at their defaults; the plan
    }
    // Refused at the plan, naming the field and the bound; the focus goes back to it.
    assert_eq!(s.app.mode, Mode::Flow);
    let text = screen(&s.app, 120, 40);
    assert!(text.contains("1 to 4 on the knowsley scale"), "{text}");
    press(&mut s, KeyCode::Backspace);
    typed(&mut s, "4");
    let _ = s.key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    accept_plan(&mut s, "", "Raised at the November Board");
    press(&mut s, KeyCode::Char('y'));
    assert_eq!(s.app.mode, Mode::Normal, "{}", s.app.status);
    let snap = s.app.snapshot.as_ref().unwrap();
    let new = snap
        .risks
        .iter()
        .find(|r| r.title == "Loss of the council's advice contract")
        .expect("saved");
    assert_eq!((new.gross_probability, new.gross_impact), (4, 4));
    let code = new.code.clone();
    // One stored off the scale (as an import keeps a published register) is listed apart.
    let store = Store::open(&path, OpenMode::ReadWrite).unwrap();
    store
        .conn()
        .execute("UPDATE risks SET gross_impact = 5 WHERE code = ?1", [&code])
        .unwrap();
    drop(store);
    s.reload().unwrap();
    s.app.zoom = true;
    let text = screen(&s.app, 120, 40);
    assert!(
        text.contains(&format!("  {code} Loss of the council"))
            && text.contains("outside the knowsley scale"),
        "not listed apart as off-scale:\n{text}"
    );
    // It can be selected with `]` (after the cell's risks) and corrected with `e`.
    let mut presses = 0;
    while s.app.selected_risk().map(|r| r.code.as_str()) != Some(code.as_str()) {
        press(&mut s, KeyCode::Char(']'));
        presses += 1;
        assert!(presses < 50, "the off-scale risk is never selected");
    }
    assert!(screen(&s.app, 120, 40).contains(&format!("▶ {code} Loss of the council")));
    press(&mut s, KeyCode::Char('e'));
    assert_eq!(s.app.mode, Mode::Flow, "{}", s.app.status);
    assert!(screen(&s.app, 120, 40).contains(&code));
    press(&mut s, KeyCode::Esc);
    assert_eq!(s.app.mode, Mode::Normal, "{}", s.app.status);

    // Close one of the Knowsley risks from its cell (a person's, not a generated one).
    s.app.heat.probability = 5;
    s.app.heat.impact = 3;
    s.app.heat.risk = 0;
    while s.app.selected_risk().unwrap().generated_by.is_some() {
        s.app.heat.risk += 1;
    }
    let in_cell = s.app.heat_grid().unwrap().count(5, 3);
    let target = s.app.selected_risk().unwrap().code.clone();
    press(&mut s, KeyCode::Char('x'));
    accept_plan(&mut s, "", "No longer relevant after the merger");
    press(&mut s, KeyCode::Char('y'));
    let store = Store::open(&path, OpenMode::ReadOnly).unwrap();
    let status: String = store
        .conn()
        .query_row("SELECT status FROM risks WHERE code = ?1", [&target], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(status, "closed");
    let grid = s.app.heat_grid().unwrap();
    assert_eq!(
        grid.count(5, 3),
        in_cell - 1,
        "a closed risk leaves the heatmap"
    );
    // `c` lists the closed risks; `[` selects the last of the list, the closed one; `x` reopens.
    assert!(!screen(&s.app, 120, 40).contains("Closed:"));
    press(&mut s, KeyCode::Char('c'));
    let text = screen(&s.app, 120, 40);
    assert!(text.contains("Closed: 1"), "{text}");
    press(&mut s, KeyCode::Char('['));
    assert_eq!(
        s.app.selected_risk().map(|r| r.code.clone()),
        Some(target.clone())
    );
    press(&mut s, KeyCode::Char('x'));
    assert!(screen(&s.app, 120, 40).contains("closed → open"));
    accept_plan(&mut s, "", "Raised again after the tender");
    press(&mut s, KeyCode::Char('y'));
    assert_eq!(s.app.mode, Mode::Normal, "{}", s.app.status);
    let store = Store::open(&path, OpenMode::ReadOnly).unwrap();
    let status: String = store
        .conn()
        .query_row("SELECT status FROM risks WHERE code = ?1", [&target], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(status, "open");
}

#[test]
fn a_generated_risk_shows_its_rule_and_figures_and_refuses_edit_and_close() {
    let (dir, store) = demo_db();
    let path = dir.path().join("demo.db");
    drop(store);
    let rows = |p: &std::path::Path| {
        let st = Store::open(p, OpenMode::ReadOnly).unwrap();
        audit::list(st.conn(), None).unwrap().len()
    };
    let before = rows(&path);
    let mut s = session(&path, false);
    press(&mut s, KeyCode::Char('4'));
    // The small demo's two Inadequate sub-contracts: probability 5 × impact 3 on Knowsley.
    s.app.heat.probability = 5;
    s.app.heat.impact = 3;
    s.app.heat.risk = 0;
    let r = s.app.selected_risk().unwrap().clone();
    assert_eq!(r.code, "G-INAD-SC-0053");
    assert_eq!(r.generated_by.as_deref(), Some("inadequate_standing"));
    s.app.zoom = true;
    let text = screen(&s.app, 160, 50);
    assert!(
        text.contains("▶ G-INAD-SC-0053 Sub-contract SC-0053 is rated Inadequate")
            && text.contains("inadequate_standing: sub-contract SC-0053's overall score is"),
        "{text}"
    );
    for key in ['e', 'x'] {
        press(&mut s, KeyCode::Char(key));
        assert_eq!(s.app.mode, Mode::Normal, "{key} opened a flow");
        assert!(
            s.app
                .status
                .starts_with("refused: generated risks cannot be changed by hand")
                && s.app
                    .status
                    .contains("G-INAD-SC-0053 goes by itself when its cause clears"),
            "{key}: {}",
            s.app.status
        );
    }
    // The cell's detail names the rule and figures too.
    press(&mut s, KeyCode::Enter);
    let text = screen(&s.app, 160, 50);
    assert!(
        text.contains("Generated") && text.contains("rated Inadequate"),
        "{text}"
    );
    assert_eq!(
        rows(&path),
        before,
        "opening, looking and refusing wrote no audit row"
    );
}

#[test]
fn triage_is_one_key_away_and_suspends_from_a_row() {
    let (dir, store) = demo_db();
    let path = dir.path().join("demo.db");
    drop(store);
    let mut s = session(&path, false);
    press(&mut s, KeyCode::Char('2'));
    press(&mut s, KeyCode::Char('T'));
    assert_eq!(s.app.mode, Mode::Triage);
    let rows = s.app.snapshot.as_ref().unwrap().triage.clone();
    assert!(!rows.is_empty());
    let text = screen(&s.app, 120, 40);
    assert!(text.contains("Triage — "), "{text}");
    // The bid-candy case is shown as a referral-route warning, not a failing provider.
    let route = rows
        .iter()
        .position(|r| r.kind == hubboard::scoring::SignalKind::ReferralRoute)
        .expect("a route warning");
    assert!(text.contains("route"), "{text}");
    // s on the first active provider row opens the suspend workflow with its evidence.
    let target = rows
        .iter()
        .position(|r| {
            r.kind == hubboard::scoring::SignalKind::Provider
                && r.status == Some(hubboard::domain::SubContractStatus::Active)
        })
        .unwrap();
    s.app.triage_selected = target;
    press(&mut s, KeyCode::Char('s'));
    assert_eq!(s.app.mode, Mode::Flow, "{}", s.app.status);
    let body = screen(&s.app, 120, 40);
    assert!(
        body.contains("Evidence") && body.contains("Standing"),
        "{body}"
    );
    press(&mut s, KeyCode::Esc);
    // Leaving the workflow goes back to triage, where it began.
    assert_eq!(s.app.mode, Mode::Triage);
    // On a member-level compliance row there is nothing to suspend, and it says so.
    if let Some(m) = rows.iter().position(|r| r.subcontract.is_none()) {
        s.app.triage_selected = m;
        press(&mut s, KeyCode::Char('s'));
        assert_eq!(s.app.mode, Mode::Triage);
        assert!(
            s.app.status.contains("nothing to suspend"),
            "{}",
            s.app.status
        );
    }
    let _ = route;
}

#[test]
fn early_warning_and_improvement_plan_from_the_keyboard() {
    let (dir, store) = demo_db();
    let path = dir.path().join("demo.db");
    drop(store);
    let mut s = session(&path, false);
    select_sub(&mut s, "SC-0053");
    press(&mut s, KeyCode::Char('w'));
    assert_eq!(s.app.mode, Mode::Flow, "{}", s.app.status);
    accept_plan(&mut s, "", "Three months below profile at the census point");
    press(&mut s, KeyCode::Char('y'));
    assert_eq!(s.app.mode, Mode::Normal, "{}", s.app.status);
    assert!(
        s.app
            .snapshot
            .as_ref()
            .unwrap()
            .performance
            .iter()
            .any(|r| r.code == "SC-0053" && r.early_warning)
    );

    select_sub(&mut s, "SC-0053");
    press(&mut s, KeyCode::Char('i'));
    typed(&mut s, "Weekly referral review with the prime");
    press(&mut s, KeyCode::Enter);
    typed(&mut s, "Contracts officer");
    press(&mut s, KeyCode::Enter);
    for _ in 0..10 {
        press(&mut s, KeyCode::Backspace);
    }
    typed(&mut s, "31/12/2026"); // a UK date
    press(&mut s, KeyCode::Enter);
    accept_plan(&mut s, "", "Agreed at the provider review visit");
    press(&mut s, KeyCode::Char('y'));
    assert_eq!(s.app.mode, Mode::Normal, "{}", s.app.status);

    // Both show on the sub-contract's detail, and both are in the audit log.
    select_sub(&mut s, "SC-0053");
    press(&mut s, KeyCode::Enter);
    let d = s.app.detail.as_ref().unwrap();
    let text: String = d
        .sections
        .iter()
        .flat_map(|x| x.lines.clone())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        text.contains("OPEN")
            && text.contains("Weekly referral review")
            && text.contains("due 31 Dec 2026"),
        "{text}"
    );
    let store = Store::open(&path, OpenMode::ReadOnly).unwrap();
    let sub = hubboard::domain::EntityRef::subcontract("SC-0053");
    let actions: Vec<String> = audit::list(store.conn(), Some(&sub))
        .unwrap()
        .into_iter()
        .map(|r| r.action)
        .collect();
    assert_eq!(actions, ["early_warning", "improvement_add"]);
}

#[test]
fn a_competitive_sub_tender_from_the_keyboard_awards_the_highest_with_conflicts_excluded() {
    let (dir, store) = demo_db();
    let path = dir.path().join("demo.db");
    drop(store);
    let mut s = session(&path, false);
    press(&mut s, KeyCode::Char('1'));
    let won = s
        .app
        .snapshot
        .as_ref()
        .unwrap()
        .tenders
        .iter()
        .find(|t| t.opportunity.code == PART_LET)
        .unwrap()
        .opportunity
        .clone();
    // Two full members with capacity in the service line bid.
    let bidders: Vec<String> = s
        .app
        .snapshot
        .as_ref()
        .unwrap()
        .capacity
        .iter()
        .filter(|c| {
            c.service_line == won.service_line
                && c.tier == hubboard::domain::Tier::Full
                && c.headroom() > 20
        })
        .map(|c| c.member.clone())
        .take(2)
        .collect();
    assert_eq!(bidders.len(), 2);
    let (a, b) = (&bidders[0], &bidders[1]);
    let write = |name: &str, text: String| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p.display().to_string()
    };
    let bids = write(
        "bids.csv",
        format!("bidder,price,units_per_month\n{a},20000,10\n{b},19000,10\n"),
    );
    // Bob would carry b to the top, but Bob declared a conflict with b: his scores for b are left out.
    let mut panel = String::from("panel_member,bidder,criterion,score\n");
    for crit in ["delivery_plan", "capacity", "price", "social_value"] {
        panel += &format!("Ann,{a},{crit},8\nCat,{a},{crit},8\nBob,{a},{crit},6\n");
        panel += &format!("Ann,{b},{crit},7\nCat,{b},{crit},7\nBob,{b},{crit},10\n");
    }
    let panel = write("panel.csv", panel);
    let conflicts = write(
        "conflicts.csv",
        format!("panel_member,bidder,reason\nBob,{b},trustee of {b}\n"),
    );

    s.app.select_key(Pane::Tenders, &won.code);
    press(&mut s, KeyCode::Char('a'));
    press(&mut s, KeyCode::Down);
    press(&mut s, KeyCode::Down);
    press(&mut s, KeyCode::Enter); // competitive sub-tender
    for value in [panel.as_str(), bids.as_str(), conflicts.as_str()] {
        s.key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)); // clear the prefill
        typed(&mut s, value);
        press(&mut s, KeyCode::Enter);
    }
    press(&mut s, KeyCode::Enter); // start, prefilled
    press(&mut s, KeyCode::Enter); // end, prefilled
    press(&mut s, KeyCode::Enter); // payment model: the opportunity's; the plan
    let text = screen(&s.app, 240, 60);
    assert!(text.contains("Ranking"), "{text}");
    // The line wraps in the popup: "… excluded for a declared / conflict: Bob)".
    assert!(
        text.contains("excluded for a declared") && text.contains("conflict: Bob)"),
        "{text}"
    );
    // Override whatever the checks say, then confirm with the code.
    accept_plan(
        &mut s,
        "Board minute 7",
        "Board decision on the panel's ranking",
    );
    typed(&mut s, &won.code);
    press(&mut s, KeyCode::Enter);
    assert_eq!(s.app.mode, Mode::Normal, "{}", s.app.status);
    assert!(
        s.app.status.contains(&format!(" for {a}:")),
        "the highest after exclusions is {a}: {}",
        s.app.status
    );
    let store = Store::open(&path, OpenMode::ReadOnly).unwrap();
    let row = audit::list(store.conn(), None)
        .unwrap()
        .into_iter()
        .rev()
        .find(|r| r.action == "award")
        .unwrap();
    assert!(
        row.after_json.unwrap().contains("\"excluded\""),
        "the audit row records the exclusions"
    );
}

#[test]
fn a_plan_changed_by_a_colleague_after_it_was_shown_is_refused_as_a_conflict() {
    let (dir, store) = demo_db();
    let path = dir.path().join("demo.db");
    drop(store);
    let mut s = session(&path, false);
    select_sub(&mut s, "SC-0053");
    press(&mut s, KeyCode::Char('s'));
    for _ in 0..3 {
        press(&mut s, KeyCode::Enter); // reason code, effective date, not urgent: the plan
    }
    assert!(screen(&s.app, 120, 40).contains("stays active and paid through"));
    let rows_before = audit::list(s.store.conn(), None).unwrap().len();

    // A colleague, in another process, re-profiles the same sub-contract meanwhile.
    let colleague = std::process::Command::new(env!("CARGO_BIN_EXE_hubboard"))
        .arg("--db")
        .arg(&path)
        .args([
            "--today",
            "2026-11-22",
            "reprofile",
            "SC-0053",
            "--units",
            "5",
        ])
        .args([
            "--from",
            "2027-01",
            "--reduce-value",
            "--reason",
            "agreed at review",
        ])
        .output()
        .unwrap();
    assert!(colleague.status.success(), "{colleague:?}");

    press(&mut s, KeyCode::Enter);
    typed(&mut s, "Under profile for six months");
    press(&mut s, KeyCode::Enter);
    typed(&mut s, "SC-0053");
    press(&mut s, KeyCode::Enter);
    let text = screen(&s.app, 160, 60);
    assert!(text.contains("Not written"), "{text}");
    assert!(text.contains("units_per_month"), "{text}");
    assert!(
        text.contains(&format!(
            "{} reprofile subcontract:SC-0053",
            hubboard::store::actor::current()
        )),
        "{text}"
    );
    assert_eq!(status_of(&path, "SC-0053"), "active");
    // Only the colleague's row was added.
    assert_eq!(
        audit::list(s.store.conn(), None).unwrap().len(),
        rows_before + 1
    );

    // `r` shows the plan as it is now; confirming that one writes it.
    press(&mut s, KeyCode::Char('r'));
    assert!(!screen(&s.app, 160, 60).contains("Not written"));
    accept_plan(&mut s, "", "Under profile for six months");
    typed(&mut s, "SC-0053");
    press(&mut s, KeyCode::Enter);
    assert_eq!(suspensions(&path, "SC-0053"), 1, "{}", s.app.status);
}

#[test]
fn a_decision_chosen_from_the_palette_acts_on_its_own_pane() {
    let (dir, store) = demo_db();
    let path = dir.path().join("demo.db");
    drop(store);
    let mut s = session(&path, false);
    select_sub(&mut s, "SC-0053");
    press(&mut s, KeyCode::Char('1')); // on the tenders pane
    press(&mut s, KeyCode::Char(':'));
    typed(&mut s, "reprofile");
    press(&mut s, KeyCode::Enter);
    assert_eq!(s.app.mode, Mode::Flow, "{}", s.app.status);
    assert_eq!(s.app.pane, Pane::Performance);
    assert!(screen(&s.app, 120, 40).contains("SC-0053"));
}

#[test]
fn a_hard_rule_offers_no_override_from_the_keyboard() {
    let (dir, store) = demo_db();
    let path = dir.path().join("demo.db");
    drop(store);
    let mut s = session(&path, false);
    let count = |path: &std::path::Path| -> i64 {
        Store::open(path, OpenMode::ReadOnly)
            .unwrap()
            .conn()
            .query_row("SELECT COUNT(*) FROM subcontracts", [], |r| r.get(0))
            .unwrap()
    };
    let before = count(&path);
    press(&mut s, KeyCode::Char('1'));
    s.app.select_key(Pane::Tenders, PART_LET);
    press(&mut s, KeyCode::Char('a'));
    press(&mut s, KeyCode::Enter); // to one member
    typed(&mut s, "KN46"); // an associate member
    press(&mut s, KeyCode::Tab);
    typed(&mut s, "1000"); // value
    for _ in 0..3 {
        press(&mut s, KeyCode::Enter); // start, end: prefilled
    }
    typed(&mut s, "1"); // units
    press(&mut s, KeyCode::Enter);
    press(&mut s, KeyCode::Enter); // payment model: the opportunity's
    press(&mut s, KeyCode::Enter); // attachment fees: none
    press(&mut s, KeyCode::Enter); // outcomes: none; the plan
    let plan = screen(&s.app, 160, 60);
    assert!(
        plan.contains("✗ full member") && plan.contains("cannot be overridden"),
        "{plan}"
    );
    assert!(!plan.contains("o override"), "{plan}");
    press(&mut s, KeyCode::Char('o'));
    press(&mut s, KeyCode::Enter);
    let text = screen(&s.app, 160, 60);
    assert!(text.contains("cannot be overridden"), "{text}");
    assert!(!text.contains("Reason (recorded"), "{text}");
    press(&mut s, KeyCode::Esc);
    press(&mut s, KeyCode::Esc);
    assert_eq!(s.app.mode, Mode::Normal);
    assert_eq!(count(&path), before);
}

#[test]
fn units_past_the_limit_are_refused_in_the_form_naming_the_field_and_the_bound() {
    let (dir, store) = demo_db();
    let path = dir.path().join("demo.db");
    drop(store);
    let count = |path: &std::path::Path, sql: &str| -> i64 {
        let store = Store::open(path, OpenMode::ReadOnly).unwrap();
        store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
    };
    let written = |path: &std::path::Path| {
        (
            count(path, "SELECT COUNT(*) FROM audit_log"),
            count(path, "SELECT COUNT(*) FROM delivery_profiles"),
            count(path, "SELECT SUM(units_per_month) FROM subcontracts"),
        )
    };
    let before = written(&path);
    let mut s = session(&path, false);
    select_sub(&mut s, "SC-0053");
    press(&mut s, KeyCode::Char('p'));
    typed(&mut s, "4294967295");
    press(&mut s, KeyCode::Enter);
    press(&mut s, KeyCode::Enter); // from next month, prefilled
    press(&mut s, KeyCode::Enter); // the value kept: the plan is asked for
    assert_eq!(s.app.mode, Mode::Flow);
    let shown = screen(&s.app, 160, 40);
    assert!(
        shown.contains(
            "New units per month: 4,294,967,295 is out of range: the most units a month may be is 1,000,000"
        ),
        "{shown}"
    );
    press(&mut s, KeyCode::Esc);
    press(&mut s, KeyCode::Esc);
    drop(s);
    assert_eq!(written(&path), before);
}

#[test]
fn letting_beyond_the_prime_offers_no_override_from_the_keyboard() {
    // OP-004 is let to its net value already (£1,155,200.00 of £1,216,000.00 less 5%).
    let (dir, store) = demo_db();
    let path = dir.path().join("demo.db");
    drop(store);
    let mut s = session(&path, false);
    let before =
        hubboard::store::audit::list(Store::open(&path, OpenMode::ReadOnly).unwrap().conn(), None)
            .unwrap()
            .len();
    press(&mut s, KeyCode::Char('1'));
    assert!(s.app.select_key(Pane::Tenders, "OP-004"));
    press(&mut s, KeyCode::Char('a'));
    press(&mut s, KeyCode::Enter); // to one member
    typed(&mut s, "KN03");
    press(&mut s, KeyCode::Tab);
    typed(&mut s, "1000"); // value
    for _ in 0..3 {
        press(&mut s, KeyCode::Enter); // start, end: prefilled
    }
    typed(&mut s, "1"); // units
    for _ in 0..4 {
        press(&mut s, KeyCode::Enter); // payment model, attachment fees, outcomes; the plan
    }
    let plan = screen(&s.app, 160, 60);
    assert!(
        plan.contains("✗ within the prime contract") && plan.contains("cannot be overridden"),
        "{plan}"
    );
    assert!(plan.contains("£0.00 unlet"), "{plan}");
    assert!(!plan.contains("o override"), "{plan}");
    press(&mut s, KeyCode::Char('o'));
    press(&mut s, KeyCode::Enter);
    let text = screen(&s.app, 160, 60);
    assert!(!text.contains("Reason (recorded"), "{text}");
    press(&mut s, KeyCode::Esc);
    press(&mut s, KeyCode::Esc);
    assert_eq!(s.app.mode, Mode::Normal);
    let after =
        hubboard::store::audit::list(Store::open(&path, OpenMode::ReadOnly).unwrap().conn(), None)
            .unwrap()
            .len();
    assert_eq!(after, before, "nothing is written");
}

#[test]
fn leaving_the_transfer_after_a_suspension_says_the_suspension_stands() {
    let (dir, store) = demo_db();
    let path = dir.path().join("demo.db");
    drop(store);
    let mut s = session(&path, false);
    select_sub(&mut s, "SC-0106");
    press(&mut s, KeyCode::Char('s'));
    for _ in 0..4 {
        press(&mut s, KeyCode::Enter);
    }
    typed(&mut s, "Six months below 60% of profile");
    press(&mut s, KeyCode::Enter);
    typed(&mut s, "SC-0106");
    press(&mut s, KeyCode::Enter);
    assert_eq!(suspensions(&path, "SC-0106"), 1);
    press(&mut s, KeyCode::Char('t'));
    assert_eq!(s.app.mode, Mode::Flow);
    press(&mut s, KeyCode::Esc);
    assert_eq!(s.app.mode, Mode::Normal);
    assert!(
        s.app.status.contains("notice given, ends") && s.app.status.contains("not started"),
        "{}",
        s.app.status
    );
    assert!(
        !s.app.status.contains("nothing was written"),
        "{}",
        s.app.status
    );
    assert_eq!(suspensions(&path, "SC-0106"), 1);
}

#[test]
fn a_joint_share_mismatch_shows_in_the_plan_and_an_answered_form_error_does_not() {
    let (dir, store) = demo_db();
    let path = dir.path().join("demo.db");
    drop(store);
    let mut s = session(&path, false);
    press(&mut s, KeyCode::Char('1'));
    s.app.select_key(Pane::Tenders, PART_LET);
    press(&mut s, KeyCode::Char('a'));
    press(&mut s, KeyCode::Down);
    press(&mut s, KeyCode::Enter); // joint delivery
    press(&mut s, KeyCode::Char(' ')); // the member with most headroom
    let form = screen(&s.app, 160, 60);
    let first = form
        .lines()
        .find_map(|l| l.split_whitespace().find(|w| w.starts_with("KN")))
        .expect("a member chosen")
        .trim_end_matches(',')
        .to_string();
    press(&mut s, KeyCode::Enter);
    press(&mut s, KeyCode::Enter); // start
    press(&mut s, KeyCode::Enter); // end
    typed(&mut s, "10");
    press(&mut s, KeyCode::Enter); // units
    // A share for a member not sharing the work: refused in the form, naming it.
    typed(&mut s, "KN99=1000/10");
    press(&mut s, KeyCode::Enter);
    press(&mut s, KeyCode::Enter);
    let refused = screen(&s.app, 160, 60);
    assert!(refused.contains("KN99"), "{refused}");
    assert!(!refused.contains("This will write"), "{refused}");
    // Corrected to a share that does not sum to the unlet: the plan shows the mismatch as a
    // failed check, before any confirmation is asked for, and the old error is gone. The
    // refusal put the focus on the shares; typing there replaces them.
    typed(&mut s, &format!("{first}=1000/10"));
    press(&mut s, KeyCode::Enter);
    press(&mut s, KeyCode::Enter);
    let plan = screen(&s.app, 160, 60);
    assert!(plan.contains("This will write"), "{plan}");
    assert!(plan.contains("✗ shares sum to the net value"), "{plan}");
    assert!(
        !plan.contains("KN99"),
        "a stale error stays on the plan:\n{plan}"
    );
    assert!(!plan.contains("to confirm"), "{plan}");
}

#[test]
fn a_paste_types_into_the_field_taking_text_and_nowhere_else() {
    let (dir, store) = demo_db();
    let path = dir.path().join("demo.db");
    drop(store);
    let mut s = session(&path, false);
    // Where keys act, a paste does nothing: "q" pasted does not quit, "4" does not move.
    let pane = s.app.pane;
    s.paste("4q");
    assert_eq!(s.app.pane, pane);
    assert!(!s.app.quit);
    press(&mut s, KeyCode::Char('4'));
    press(&mut s, KeyCode::Char('n'));
    assert_eq!(s.app.mode, Mode::Flow, "{}", s.app.status);
    // Into a text field, line breaks and tabs become spaces.
    s.paste("Loss of key\nstaff\tto a competitor");
    let form = screen(&s.app, 120, 40);
    assert!(form.contains("Loss of key staff to a competitor"), "{form}");
    // The filter takes a paste too.
    press(&mut s, KeyCode::Esc);
    press(&mut s, KeyCode::Char('3'));
    press(&mut s, KeyCode::Char('/'));
    s.paste("SC-0053");
    assert_eq!(s.app.view_len(Pane::Performance), 1);
}

#[test]
fn a_decision_meeting_a_colleagues_write_lock_says_so_and_goes_through_after() {
    let (dir, store) = demo_db();
    let path = dir.path().join("demo.db");
    drop(store);
    let mut s = session(&path, false);
    select_sub(&mut s, "SC-0053");
    press(&mut s, KeyCode::Char('w'));
    assert_eq!(s.app.mode, Mode::Flow, "{}", s.app.status);
    accept_plan(&mut s, "", "Three months below profile");
    // A colleague starts writing and holds the lock.
    let colleague = rusqlite::Connection::open(&path).unwrap();
    colleague.execute_batch("BEGIN IMMEDIATE").unwrap();
    let start = std::time::Instant::now();
    press(&mut s, KeyCode::Char('y'));
    let waited = start.elapsed();
    let text = screen(&s.app, 120, 40);
    assert!(text.contains("a colleague is writing"), "{text}");
    assert_eq!(s.app.mode, Mode::Flow);
    assert!(
        waited < std::time::Duration::from_secs(5),
        "the keyboard froze for {waited:?}"
    );
    // The colleague finishes; the same key writes it.
    colleague.execute_batch("COMMIT").unwrap();
    press(&mut s, KeyCode::Char('y'));
    assert_eq!(s.app.mode, Mode::Normal, "{}", s.app.status);
    let store = Store::open(&path, OpenMode::ReadOnly).unwrap();
    let rows = audit::list(
        store.conn(),
        Some(&hubboard::domain::EntityRef::subcontract("SC-0053")),
    )
    .unwrap();
    assert_eq!(
        rows.last().map(|r| r.action.as_str()),
        Some("early_warning")
    );
}
