//! A `/` filter over one of the lists drawn over the panes (triage, the audit log): what is typed
//! narrows the list to the rows whose shown words contain it, case-insensitive. While typing,
//! Enter keeps the filter and Esc clears it; afterwards Esc clears it before it closes the list.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    pub text: String,
    /// Keys go to the filter, not the list.
    pub typing: bool,
    /// The rows kept, as indices into the list, in its order.
    view: Vec<usize>,
}

/// What a key did to the filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterKey {
    /// Not a filter key: the list takes it.
    Ignored,
    /// The text changed: rebuild the view.
    Changed,
    /// Handled with no change to the rows (typing ended).
    Handled,
}

impl ListFilter {
    /// Keeps the rows whose text (`hay`, one per row) contains the filter.
    pub fn rebuild<'a>(&mut self, hay: impl Iterator<Item = String> + 'a) {
        let needle = self.text.trim().to_lowercase();
        self.view = hay
            .enumerate()
            .filter(|(_, h)| needle.is_empty() || h.to_lowercase().contains(&needle))
            .map(|(i, _)| i)
            .collect();
    }

    pub fn view(&self) -> &[usize] {
        &self.view
    }

    /// Whether a filter is set (typed and kept, or being typed).
    pub fn active(&self) -> bool {
        self.typing || !self.text.is_empty()
    }

    pub fn key(&mut self, ev: &KeyEvent) -> FilterKey {
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        if !self.typing {
            return match ev.code {
                KeyCode::Char('/') if !ctrl => {
                    self.typing = true;
                    FilterKey::Handled
                }
                KeyCode::Esc if !self.text.is_empty() => {
                    self.text.clear();
                    FilterKey::Changed
                }
                _ => FilterKey::Ignored,
            };
        }
        match ev.code {
            KeyCode::Enter => {
                self.typing = false;
                FilterKey::Handled
            }
            KeyCode::Esc => {
                self.typing = false;
                self.text.clear();
                FilterKey::Changed
            }
            KeyCode::Backspace => {
                self.text.pop();
                FilterKey::Changed
            }
            KeyCode::Char('u') if ctrl => {
                self.text.clear();
                FilterKey::Changed
            }
            KeyCode::Char('w') if ctrl => {
                let kept = self.text.trim_end().rfind(' ').map_or(0, |i| i + 1);
                self.text.truncate(kept);
                FilterKey::Changed
            }
            KeyCode::Char(c) if !ctrl && !c.is_control() => {
                self.text.push(c);
                FilterKey::Changed
            }
            // Moving through the rows still works while typing.
            _ => FilterKey::Ignored,
        }
    }

    /// The title's note: ` · /text` while set, with a cursor while typing.
    pub fn note(&self) -> String {
        match (self.typing, self.text.is_empty()) {
            (true, _) => format!(" · /{}█", self.text),
            (false, false) => format!(" · /{}", self.text),
            (false, true) => String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(f: &mut ListFilter, code: KeyCode) -> FilterKey {
        f.key(&KeyEvent::from(code))
    }

    #[test]
    fn slash_types_enter_keeps_and_esc_clears_before_anything_else() {
        let rows = [
            "SC-0053 Inadequate",
            "SC-0062 Good",
            "KN24 member inadequate",
        ];
        let mut f = ListFilter::default();
        assert_eq!(press(&mut f, KeyCode::Char('j')), FilterKey::Ignored);
        assert_eq!(press(&mut f, KeyCode::Char('/')), FilterKey::Handled);
        for c in "INADEQ".chars() {
            assert_eq!(press(&mut f, KeyCode::Char(c)), FilterKey::Changed);
        }
        f.rebuild(rows.iter().map(|s| s.to_string()));
        assert_eq!(f.view(), [0, 2]);
        assert_eq!(f.note(), " · /INADEQ█");
        assert_eq!(press(&mut f, KeyCode::Enter), FilterKey::Handled);
        assert_eq!(f.note(), " · /INADEQ");
        // Kept: list keys go to the list; the first Esc clears the filter.
        assert_eq!(press(&mut f, KeyCode::Down), FilterKey::Ignored);
        assert_eq!(press(&mut f, KeyCode::Esc), FilterKey::Changed);
        f.rebuild(rows.iter().map(|s| s.to_string()));
        assert_eq!(f.view(), [0, 1, 2]);
        assert_eq!(press(&mut f, KeyCode::Esc), FilterKey::Ignored);
    }
}
