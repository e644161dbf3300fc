//! Redaction is total: with it on, no member name, no member code and no figure the default
//! `[board] confidential` list hides (sub-contract values, member incomes, money at risk) appears
//! anywhere on any slide (and its drill-down) or in any format of the pack — reasons, why-lines,
//! risk titles and audit text included.

mod board_support;

use std::collections::BTreeSet;

use board_support::*;
use hubboard::board::BoardConfig;
use hubboard::board::format::money as whole_pounds;
use hubboard::board::pack::{self, Format};
use hubboard::store::{OpenMode, Store};
use hubboard::ui::present::keys::PresentAction;
use rust_decimal::Decimal;

/// Every slide and its drill-down as drawn at `w`×`h`.
fn slides(p: &mut hubboard::ui::present::Presenter, w: u16, h: u16) -> String {
    let mut out = String::new();
    p.apply(PresentAction::First);
    for _ in 0..p.slide_count() {
        out.push_str(&screen(p, w, h));
        p.apply(PresentAction::Drill);
        out.push_str(&screen(p, w, h));
        p.apply(PresentAction::Back);
        p.apply(PresentAction::Next);
    }
    out
}

/// Whether `needle` occurs in `hay` not run on into a longer word or number.
fn occurs(hay: &str, needle: &str) -> bool {
    let word = |c: char| c.is_alphanumeric() || c == ',' || c == '.';
    hay.match_indices(needle).any(|(at, _)| {
        let before = hay[..at].chars().next_back();
        let after = hay[at + needle.len()..].chars().next();
        // A full stop or comma after a figure ends a sentence; only a digit runs it on.
        let runs_on = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
        let first = needle.chars().next().unwrap_or(' ');
        let last = needle.chars().next_back().unwrap_or(' ');
        let joined_before = word(first) && before.is_some_and(word);
        let joined_after = last.is_alphanumeric() && after.is_some_and(|c| c.is_alphanumeric());
        !joined_before && !joined_after && !runs_on(after)
    })
}

/// The forms a money figure is shown in: to the penny and in whole pounds.
fn money_forms(v: Decimal) -> [String; 2] {
    [hubboard::money::display(v), whole_pounds(v)]
}

struct Secrets {
    words: BTreeSet<String>,
    figures: BTreeSet<String>,
}

fn secrets(path: &std::path::Path) -> Secrets {
    let store = Store::open(path, OpenMode::ReadOnly).unwrap();
    let conn = store.conn();
    let mut words = BTreeSet::new();
    let mut figures = BTreeSet::new();
    for m in hubboard::store::members::load_members(conn).unwrap() {
        words.insert(m.code.clone());
        words.insert(m.name.clone());
        figures.extend(money_forms(m.annual_income));
    }
    for s in hubboard::store::subcontracts::load_subcontracts(conn).unwrap() {
        figures.extend(money_forms(s.value));
    }
    for t in hubboard::scoring::triage(conn, today(), &config()).unwrap() {
        if t.money_at_risk > Decimal::ZERO {
            figures.extend(money_forms(t.money_at_risk));
        }
    }
    // Figures that are not confidential may happen to equal a secret one: an opportunity's
    // value or top slice is shown by design, so such a coincidence is no leak.
    for o in hubboard::store::opportunities::load_opportunities(conn).unwrap() {
        for v in [o.value, o.value * o.top_slice_pct / Decimal::ONE_HUNDRED] {
            for f in money_forms(v) {
                figures.remove(&f);
            }
        }
    }
    figures.remove("£0");
    figures.remove("£0.00");
    Secrets { words, figures }
}

/// What of `secrets` shows in `text`, HTML escapes read as their characters.
fn leaks(text: &str, s: &Secrets) -> Vec<String> {
    let text = text
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
        .replace("&quot;", "\"");
    s.words
        .iter()
        .chain(&s.figures)
        .filter(|x| occurs(&text, x))
        .cloned()
        .collect()
}

#[test]
fn nothing_confidential_shows_on_any_redacted_slide_or_pack() {
    let (_dir, path) = demo_db();
    let s = secrets(&path);
    assert!(
        s.words.len() > 80 && s.figures.len() > 200,
        "{}",
        s.figures.len()
    );
    // Unredacted, the same scan finds them: the scan can fail.
    let mut open = presenter(&path, false);
    let shown = slides(&mut open, 200, 60);
    assert!(leaks(&shown, &s).len() > 20);

    let mut p = presenter(&path, true);
    for (w, h) in [(200, 60), (100, 30)] {
        let text = slides(&mut p, w, h);
        let found = leaks(&text, &s);
        assert!(found.is_empty(), "slides at {w}×{h} show {found:?}");
    }
    let deck = deck(&path, true, &BoardConfig::default());
    for f in [Format::Md, Format::Html, Format::Csv] {
        let text = pack::render(&deck, f).unwrap();
        let found = leaks(&text, &s);
        assert!(found.is_empty(), "the {f:?} pack shows {found:?}");
    }
}
