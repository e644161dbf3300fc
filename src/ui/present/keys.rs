//! The presentation's keys: one list, which drives the key handling and the hint line. Every
//! action here only moves between or into slides, or changes what is shown: none changes data.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PresentAction {
    Next,
    Previous,
    First,
    Last,
    /// Show the list behind the slide.
    Drill,
    /// Close the list (or do nothing on a slide).
    Back,
    ScrollUp,
    ScrollDown,
    PageUp,
    PageDown,
    ToggleRedaction,
    Quit,
}

/// (keys, action, hint): the keys shown first in the hint line are the first of each list.
pub const KEYS: &[(&[KeyCode], PresentAction, &str)] = &[
    (
        &[KeyCode::Char(' '), KeyCode::Right, KeyCode::Char('n')],
        PresentAction::Next,
        "Space/→ next",
    ),
    (
        &[KeyCode::Left, KeyCode::Char('p')],
        PresentAction::Previous,
        "←/p previous",
    ),
    (&[KeyCode::Home], PresentAction::First, ""),
    (&[KeyCode::End], PresentAction::Last, ""),
    (&[KeyCode::Enter], PresentAction::Drill, "Enter detail"),
    (&[KeyCode::Esc], PresentAction::Back, "Esc close"),
    (
        &[KeyCode::Up, KeyCode::Char('k')],
        PresentAction::ScrollUp,
        "",
    ),
    (
        &[KeyCode::Down, KeyCode::Char('j')],
        PresentAction::ScrollDown,
        "",
    ),
    (&[KeyCode::PageUp], PresentAction::PageUp, ""),
    (&[KeyCode::PageDown], PresentAction::PageDown, ""),
    (
        &[KeyCode::Char('r')],
        PresentAction::ToggleRedaction,
        "r redact",
    ),
    (&[KeyCode::Char('q')], PresentAction::Quit, "q quit"),
];

/// The action a key press means here, if any. Ctrl-C quits too.
pub fn action(key: &KeyEvent) -> Option<PresentAction> {
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        return (key.code == KeyCode::Char('c')).then_some(PresentAction::Quit);
    }
    KEYS.iter()
        .find(|(codes, _, _)| codes.contains(&key.code))
        .map(|(_, a, _)| *a)
}

/// The hint line, from the same list.
pub fn hints() -> String {
    KEYS.iter()
        .map(|(_, _, h)| *h)
        .filter(|h| !h.is_empty())
        .collect::<Vec<_>>()
        .join(" · ")
}
