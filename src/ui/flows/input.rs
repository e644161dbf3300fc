//! The small input pieces flows are made of: a single-line text field and a list to choose from.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A one-line text field; typing appends, Backspace deletes, control characters are ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextField {
    pub text: String,
}

impl TextField {
    pub fn with(text: &str) -> TextField {
        TextField {
            text: text.to_string(),
        }
    }

    /// Returns true when the key edited the text.
    pub fn edit(&mut self, key: &KeyEvent) -> bool {
        match key.code {
            KeyCode::Backspace => {
                self.text.pop();
                true
            }
            KeyCode::Char('u') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                self.text.clear();
                true
            }
            KeyCode::Char(c)
                if !c.is_control() && !key.modifiers.contains(KeyModifiers::CONTROL) =>
            {
                self.text.push(c);
                true
            }
            _ => false,
        }
    }

    pub fn value(&self) -> &str {
        self.text.trim()
    }

    /// The field as shown, with a block cursor.
    pub fn shown(&self) -> String {
        format!("{}█", self.text)
    }
}

/// A cursor over `len` choices.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Choice {
    pub selected: usize,
    pub len: usize,
}

impl Choice {
    pub fn new(len: usize) -> Choice {
        Choice { selected: 0, len }
    }

    /// Moves on ↑/↓ (and k/j); returns true when the key was a move.
    pub fn step(&mut self, key: &KeyEvent) -> bool {
        match key.code {
            KeyCode::Up | KeyCode::Char('k') => {
                self.selected = self.selected.saturating_sub(1);
                true
            }
            KeyCode::Down | KeyCode::Char('j') => {
                if self.selected + 1 < self.len {
                    self.selected += 1;
                }
                true
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(c: KeyCode) -> KeyEvent {
        KeyEvent::new(c, KeyModifiers::NONE)
    }

    #[test]
    fn text_fields_edit() {
        let mut f = TextField::default();
        for c in "ab c".chars() {
            f.edit(&k(KeyCode::Char(c)));
        }
        f.edit(&k(KeyCode::Backspace));
        assert_eq!(f.text, "ab ");
        assert_eq!(f.value(), "ab");
        assert!(!f.edit(&k(KeyCode::Enter)));
        f.edit(&KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
        assert_eq!(f.text, "");
    }

    #[test]
    fn choices_stay_in_range() {
        let mut c = Choice::new(2);
        c.step(&k(KeyCode::Up));
        assert_eq!(c.selected, 0);
        c.step(&k(KeyCode::Down));
        c.step(&k(KeyCode::Down));
        assert_eq!(c.selected, 1);
    }
}

/// The last two steps of most decisions: a reason in words, then `y` to confirm. `Esc` at either
/// step cancels.
#[derive(Debug, Clone, Default)]
pub struct ReasonThenConfirm {
    pub reason: TextField,
    pub ready: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Pending,
    Cancel,
    Confirmed,
}

impl ReasonThenConfirm {
    /// Handles a key; an empty reason sets `error` and stays.
    pub fn key(&mut self, key: &KeyEvent, error: &mut Option<String>) -> Answer {
        if key.code == KeyCode::Esc {
            return Answer::Cancel;
        }
        if self.ready {
            return if key.code == KeyCode::Char('y') {
                Answer::Confirmed
            } else {
                Answer::Pending
            };
        }
        if key.code == KeyCode::Enter {
            if self.reason.value().is_empty() {
                *error = Some("A reason is required.".into());
            } else {
                self.ready = true;
            }
        } else {
            self.reason.edit(key);
        }
        Answer::Pending
    }

    pub fn value(&self) -> &str {
        self.reason.value()
    }

    /// The reason being typed, or once given, the reason and the confirmation prompt.
    pub fn lines(
        &self,
        t: &crate::ui::theme::Theme,
        confirm: &str,
    ) -> Vec<ratatui::text::Line<'static>> {
        use ratatui::text::Line;
        if self.ready {
            vec![
                Line::raw(format!("Reason: {}", self.value())),
                Line::styled(confirm.to_string(), t.warn),
            ]
        } else {
            vec![
                Line::styled("Reason (recorded in the audit log):", t.title),
                Line::raw(self.reason.shown()),
            ]
        }
    }

    pub fn hint(&self, verb: &str) -> String {
        if self.ready {
            format!("y {verb} · Esc cancel")
        } else {
            "type the reason · Enter continue · Esc cancel".into()
        }
    }
}
