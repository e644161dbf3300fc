//! The small input pieces forms are made of: a one-line text field with a cursor (typing inserts
//! at the cursor; ←/→, Home/End, Ctrl-A/E move; Backspace/Delete, Ctrl-U/W delete) and a cursor
//! over a list of choices.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tui_input::{Input, InputRequest};

/// A one-line text field; control characters are never inserted.
#[derive(Debug, Clone, Default)]
pub struct TextField {
    input: Input,
}

impl PartialEq for TextField {
    fn eq(&self, other: &Self) -> bool {
        self.input.value() == other.input.value() && self.input.cursor() == other.input.cursor()
    }
}

fn request(key: &KeyEvent) -> Option<InputRequest> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    Some(match key.code {
        KeyCode::Backspace => InputRequest::DeletePrevChar,
        KeyCode::Delete => InputRequest::DeleteNextChar,
        KeyCode::Left if ctrl => InputRequest::GoToPrevWord,
        KeyCode::Right if ctrl => InputRequest::GoToNextWord,
        KeyCode::Left => InputRequest::GoToPrevChar,
        KeyCode::Right => InputRequest::GoToNextChar,
        KeyCode::Home => InputRequest::GoToStart,
        KeyCode::End => InputRequest::GoToEnd,
        KeyCode::Char('a') if ctrl => InputRequest::GoToStart,
        KeyCode::Char('e') if ctrl => InputRequest::GoToEnd,
        KeyCode::Char('u') if ctrl => InputRequest::DeleteLine,
        KeyCode::Char('w') if ctrl => InputRequest::DeletePrevWord,
        KeyCode::Char(c) if !c.is_control() && !ctrl => InputRequest::InsertChar(c),
        _ => return None,
    })
}

impl TextField {
    /// A field holding `text`, the cursor at its end.
    pub fn with(text: &str) -> TextField {
        TextField {
            input: Input::new(text.to_string()),
        }
    }

    /// Returns true when the key was an editing or cursor key for the field.
    pub fn edit(&mut self, key: &KeyEvent) -> bool {
        match request(key) {
            Some(r) => {
                self.input.handle(r);
                true
            }
            None => false,
        }
    }

    /// The text as typed.
    pub fn text(&self) -> &str {
        self.input.value()
    }

    /// The text trimmed.
    pub fn value(&self) -> &str {
        self.input.value().trim()
    }

    /// The field as shown, with the cursor: a block at the end, a bar between characters.
    pub fn shown(&self) -> String {
        let text = self.input.value();
        let at = self.input.cursor();
        let chars = text.chars().count();
        if at >= chars {
            return format!("{text}█");
        }
        let split = text.char_indices().nth(at).map_or(text.len(), |(i, _)| i);
        format!("{}▏{}", &text[..split], &text[split..])
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

    fn typed(f: &mut TextField, s: &str) {
        for c in s.chars() {
            f.edit(&k(KeyCode::Char(c)));
        }
    }

    #[test]
    fn typing_inserts_at_the_cursor() {
        let mut f = TextField::default();
        typed(&mut f, "abc");
        f.edit(&k(KeyCode::Left));
        typed(&mut f, "X");
        assert_eq!(f.text(), "abXc");
        assert_eq!(f.shown(), "abX▏c");
        f.edit(&k(KeyCode::End));
        f.edit(&k(KeyCode::Backspace));
        assert_eq!(f.text(), "abX");
        assert_eq!(f.shown(), "abX█");
        assert!(!f.edit(&k(KeyCode::Enter)));
        f.edit(&KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
        assert_eq!(f.text(), "");
    }

    #[test]
    fn a_prefilled_value_can_be_corrected_in_place() {
        let mut f = TextField::with("38448.88");
        f.edit(&k(KeyCode::Home));
        f.edit(&k(KeyCode::Delete));
        f.edit(&k(KeyCode::Delete));
        typed(&mut f, "40");
        assert_eq!(f.value(), "40448.88");
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
