//! `/` in the triage list and the audit log, through the update loop the dashboard runs: it
//! narrows the list to rows whose shown words match, the selection and the keys that act on a row
//! follow the narrowed list, Enter keeps the filter and Esc clears it before it closes the list.

mod ui_support;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use hubboard::clock::Clock;
use hubboard::config::Config;
use hubboard::scoring::Standing;
use hubboard::store::{OpenMode, Store};
use hubboard::ui::app::Mode;
use hubboard::ui::session::Session;
use hubboard::ui::theme::ThemeName;
use ui_support::*;

fn session(path: &std::path::Path) -> Session {
    let config = Config::default();
    let store = Store::open(path, OpenMode::ReadWrite).unwrap();
    let app =
        hubboard::ui::new_app_with(&config, ThemeName::Default, "test.db".into(), false).unwrap();
    let mut s = Session::new(app, store, Clock::fixed(today()), config, "officer".into());
    s.reload().unwrap();
    s
}

fn press(s: &mut Session, code: KeyCode) {
    s.key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn typed(s: &mut Session, text: &str) {
    for c in text.chars() {
        press(s, KeyCode::Char(c));
    }
}

#[test]
fn triage_narrows_to_what_the_standing_column_says_and_s_acts_on_the_narrowed_row() {
    let (dir, store) = demo_db();
    drop(store);
    let mut s = session(&dir.path().join("demo.db"));
    press(&mut s, KeyCode::Char('T'));
    assert_eq!(s.app.mode, Mode::Triage);
    let all = s.app.triage_rows().len();
    press(&mut s, KeyCode::Char('/'));
    // 'q' and 's' are typed into the filter, not acted on.
    typed(&mut s, "INADEQUATE");
    let kept: Vec<_> = s.app.triage_rows().into_iter().cloned().collect();
    assert!(
        !kept.is_empty() && kept.len() < all,
        "{} of {all}",
        kept.len()
    );
    assert!(
        kept.iter()
            .all(|r| r.standing == Some(Standing::Inadequate))
    );
    assert!(
        screen(&s.app, 120, 40).contains(&format!("{} of {all} needing attention", kept.len()))
    );
    press(&mut s, KeyCode::Enter);
    press(&mut s, KeyCode::Down);
    assert_eq!(s.app.triage_selected, 1.min(kept.len() - 1));
    // `s` suspends the row selected in the narrowed list.
    press(&mut s, KeyCode::Char('s'));
    assert_eq!(s.app.mode, Mode::Flow);
    let code = kept[1.min(kept.len() - 1)].subcontract.clone().unwrap();
    assert!(
        screen(&s.app, 120, 40).contains(&code),
        "the flow is not on {code}"
    );
    press(&mut s, KeyCode::Esc);
    // Back in triage, the filter as it was; Esc clears it.
    assert_eq!(s.app.mode, Mode::Triage);
    assert_eq!(s.app.triage_rows().len(), kept.len());
    press(&mut s, KeyCode::Esc);
    assert_eq!(s.app.triage_rows().len(), all);
    // A filter matching nothing says so; the first Esc clears it, the next closes the list.
    press(&mut s, KeyCode::Char('/'));
    typed(&mut s, "zzzz");
    assert!(s.app.triage_rows().is_empty());
    assert!(screen(&s.app, 120, 40).contains("No row matches the filter"));
    press(&mut s, KeyCode::Enter);
    press(&mut s, KeyCode::Esc);
    assert_eq!((s.app.mode, s.app.triage_rows().len()), (Mode::Triage, all));
    press(&mut s, KeyCode::Esc);
    assert_eq!(s.app.mode, Mode::Normal);
}

#[test]
fn the_audit_log_narrows_by_actor_action_entity_or_reason() {
    let (dir, store) = demo_db();
    drop(store);
    let path = dir.path().join("demo.db");
    let mut s = session(&path);
    press(&mut s, KeyCode::Char('A'));
    assert_eq!(s.app.mode, Mode::Audit);
    let all = s.app.audit_view().len();
    assert!(all >= 1);
    press(&mut s, KeyCode::Char('/'));
    typed(&mut s, "demo");
    let kept = s.app.audit_view().len();
    assert!(
        kept >= 1 && s.app.audit_view().iter().all(|r| r.action == "demo"),
        "{kept}"
    );
    press(&mut s, KeyCode::Enter);
    press(&mut s, KeyCode::Enter);
    assert_eq!(s.app.mode, Mode::Detail);
    assert!(screen(&s.app, 120, 40).contains("demo"));
    press(&mut s, KeyCode::Esc);
    press(&mut s, KeyCode::Char('A'));
    press(&mut s, KeyCode::Char('/'));
    typed(&mut s, "no such words");
    assert!(screen(&s.app, 120, 40).contains("No row matches the filter"));
    press(&mut s, KeyCode::Esc);
    assert_eq!((s.app.mode, s.app.audit_view().len()), (Mode::Audit, all));
}

#[test]
fn a_pane_filter_matches_the_words_its_columns_show() {
    let (dir, store) = demo_db();
    drop(store);
    let mut s = session(&dir.path().join("demo.db"));
    press(&mut s, KeyCode::Char('3'));
    press(&mut s, KeyCode::Char('/'));
    typed(&mut s, "inadequate");
    let view = s
        .app
        .rows
        .view(hubboard::ui::action::Pane::Performance)
        .to_vec();
    assert!(!view.is_empty());
    let snap = s.app.snapshot.as_ref().unwrap();
    assert!(
        view.iter()
            .all(|i| snap.performance[*i].standing == Some(Standing::Inadequate))
    );
    // The tenders pane finds a decision by its word.
    press(&mut s, KeyCode::Esc);
    press(&mut s, KeyCode::Char('1'));
    press(&mut s, KeyCode::Char('/'));
    typed(&mut s, "review");
    let view = s
        .app
        .rows
        .view(hubboard::ui::action::Pane::Tenders)
        .to_vec();
    let snap = s.app.snapshot.as_ref().unwrap();
    assert!(!view.is_empty());
    assert!(view.iter().all(|i| {
        let o = &snap.tenders[*i].opportunity;
        o.decision.map(|d| d.label()) == Some("Review") || o.title.to_lowercase().contains("review")
    }));
}
