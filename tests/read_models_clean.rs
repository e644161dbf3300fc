//! Text read from the database reaches the screens cleaned of control characters: a name holding
//! an escape sequence cannot move the cursor or clear the screen, whether it shows in a pane, on
//! a Board slide, in a detail view or in the audit view.

mod ui_support;

use hubboard::board::{self, BoardConfig};
use hubboard::clock::Clock;
use hubboard::config::Config;
use hubboard::dashboard;
use hubboard::domain::EntityRef;
use hubboard::store::{audit, read};
use hubboard::ui::detail;
use ui_support::*;

/// ESC, CSI (C1) and a bell, as a hostile import might carry them.
const HOSTILE: &str = "\u{1b}[2J\u{9b}31m\u{7}";

fn has_control(text: &str) -> bool {
    // Debug output escapes control characters, so any left in a string shows as `\u{…}`.
    text.contains("\\u{1b}") || text.contains("\\u{9b}") || text.contains("\\u{7}")
}

#[test]
fn control_characters_never_reach_the_screens() {
    let (_dir, store) = demo_db();
    let c = store.conn();
    for sql in [
        format!(
            "UPDATE members SET name = name || '{HOSTILE}', clusters = 'advice{HOSTILE}' WHERE code = 'KN01'"
        ),
        format!("UPDATE opportunities SET title = title || '{HOSTILE}' WHERE code = 'OP-001'"),
        format!("UPDATE commissioners SET name = name || '{HOSTILE}'"),
        format!("UPDATE risks SET title = title || '{HOSTILE}', owner = owner || '{HOSTILE}'"),
    ] {
        c.execute_batch(&sql).unwrap();
    }
    // The log is append-only: a hostile reason and actor arrive as a new row.
    let entry = audit::Entry::new(audit::AuditAction::RiskEdit, EntityRef::member("KN01"))
        .reason(format!("edited{HOSTILE}"));
    audit::append(
        c,
        &Clock::fixed(today()),
        &format!("officer{HOSTILE}"),
        &entry,
    )
    .unwrap();
    let config = Config::default();
    let snap = dashboard::load(c, today(), &config).unwrap();
    assert!(!has_control(&format!("{snap:?}")), "dashboard snapshot");
    assert!(
        snap.capacity
            .iter()
            .any(|r| r.member == "KN01" && r.member_name.ends_with("[2J 31m ")),
        "the name is kept, its control characters turned to spaces"
    );
    let (b, _) = board::load(c, today(), &config, &BoardConfig::default(), None, false).unwrap();
    assert!(!has_control(&format!("{b:?}")), "board figures");
    for d in [
        detail::member(c, "KN01", today(), &config.scoring).unwrap(),
        detail::opportunity(c, "OP-001", today()).unwrap(),
    ] {
        assert!(!has_control(&format!("{d:?}")), "{}", d.title);
    }
    let rows = read::decisions::list(c, None).unwrap();
    assert!(!has_control(&format!("{rows:?}")), "audit view");
    let of_member = read::decisions::list(c, Some(&EntityRef::member("KN01"))).unwrap();
    assert!(!has_control(&format!("{of_member:?}")));
    let app = app_on(&store, hubboard::ui::theme::ThemeName::Default);
    assert!(
        !screen(&app, 200, 60)
            .chars()
            .any(|ch| ch.is_control() && ch != '\n')
    );
}
