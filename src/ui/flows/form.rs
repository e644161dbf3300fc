//! The one form every decision is entered with, built from the decision's fields: text, dates,
//! money and numbers are typed (with a cursor); choices turn with ←/→ or Space; yes/no fields
//! toggle with Space; a field naming members offers a list to pick from (type to narrow, ↑↓ to
//! move, Enter to take one, Space to add or remove one where several are named). Tab and
//! Shift-Tab move between fields; Enter goes on to the next and, on the last, submits.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::text::Line;

use super::input::TextField;
use crate::dashboard::text::clean;
use crate::ops::{Field, FieldKind, Pick, Values};
use crate::ui::theme::Theme;

/// Most picks listed under a field.
const PICKS_SHOWN: usize = 8;

/// What a key did to the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKey {
    /// Edited or moved within the form.
    Handled,
    /// The focus moved to another field (its picks may need loading).
    Moved,
    /// Submit the form.
    Submit,
    /// Not a form key.
    Ignored,
}

pub struct Form {
    /// The fields shown, in order.
    fields: Vec<&'static Field>,
    inputs: Vec<TextField>,
    /// Values not shown (the record acted on, a fingerprint), passed through as they are.
    fixed: Values,
    pub focus: usize,
    /// What the focused field may be picked from, narrowed by what is typed.
    picks: Vec<Pick>,
    pick: usize,
    /// The focused field holds what was filled in for it and nothing has been done to it since:
    /// the first character typed replaces it (a cursor key or Backspace edits it instead).
    fresh: bool,
}

fn choice_options(kind: FieldKind) -> Vec<(&'static str, &'static str)> {
    match kind {
        FieldKind::Choice(options) => options(),
        _ => Vec::new(),
    }
}

impl Form {
    /// A form for `fields`: those the command line only offers are left out, and so is the
    /// record acted on (`subject_key`), which is fixed.
    pub fn new(fields: &'static [Field], prefill: &Values, subject_key: Option<&str>) -> Form {
        let mut fixed = Values::default();
        let mut shown = Vec::new();
        let mut inputs = Vec::new();
        for f in fields {
            let value = prefill.raw(f.key);
            if f.cli_only || Some(f.key) == subject_key {
                fixed.set(f.key, value);
            } else {
                shown.push(f);
                inputs.push(TextField::with(value));
            }
        }
        let mut form = Form {
            fields: shown,
            inputs,
            fixed,
            focus: 0,
            picks: Vec::new(),
            pick: 0,
            fresh: false,
        };
        form.fresh = form.is_prefilled_text(0);
        form
    }

    /// Whether field `i` is typed into and holds a value already.
    /// Whether the focused field is typed into (not a choice, flag or list of codes).
    pub fn focused_is_text(&self) -> bool {
        self.fields.get(self.focus).is_some_and(|f| {
            !matches!(
                f.kind,
                FieldKind::Choice(_) | FieldKind::Flag | FieldKind::Codes(_)
            )
        })
    }

    fn is_prefilled_text(&self, i: usize) -> bool {
        let typed = self.fields.get(i).is_some_and(|f| {
            !matches!(
                f.kind,
                FieldKind::Choice(_) | FieldKind::Flag | FieldKind::Codes(_)
            )
        });
        typed && self.inputs.get(i).is_some_and(|t| !t.text().is_empty())
    }

    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    /// Every value, shown and fixed.
    pub fn values(&self) -> Values {
        let mut v = self.fixed.clone();
        for (f, input) in self.fields.iter().zip(&self.inputs) {
            v.set(f.key, input.text());
        }
        v
    }

    /// The focused field, if any.
    pub fn focused(&self) -> Option<&'static Field> {
        self.fields.get(self.focus).copied()
    }

    /// Puts the focus on the field with this key, if it is shown.
    pub fn focus_on(&mut self, key: &str) -> bool {
        match self.fields.iter().position(|f| f.key == key) {
            Some(i) => {
                // As for any arrival at a field: typing replaces, a cursor key edits.
                self.focus = i;
                self.fresh = self.is_prefilled_text(i);
                true
            }
            None => false,
        }
    }

    /// Whether the focused field offers picks (the caller loads them).
    pub fn wants_picks(&self) -> bool {
        matches!(
            self.focused().map(|f| f.kind),
            Some(FieldKind::Code(_) | FieldKind::Codes(_))
        )
    }

    pub fn set_picks(&mut self, picks: Vec<Pick>) {
        self.picks = picks;
        self.pick = 0;
    }

    /// The picks matching what is typed in the focused field (the last code, for a list).
    fn visible_picks(&self) -> Vec<&Pick> {
        let typed = self
            .inputs
            .get(self.focus)
            .map(|i| {
                i.text()
                    .rsplit([',', ' '])
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_lowercase()
            })
            .unwrap_or_default();
        // In a list, a code already taken whole is not a filter: the next one is being chosen.
        let is_list = matches!(self.focused().map(|f| f.kind), Some(FieldKind::Codes(_)));
        let whole = is_list && self.picks.iter().any(|p| p.code.to_lowercase() == typed);
        self.picks
            .iter()
            .filter(|p| {
                whole
                    || typed.is_empty()
                    || p.code.to_lowercase().contains(&typed)
                    || p.label.to_lowercase().contains(&typed)
            })
            .collect()
    }

    fn move_focus(&mut self, to: usize) -> FormKey {
        let to = to.min(self.fields.len().saturating_sub(1));
        if to == self.focus {
            return FormKey::Handled;
        }
        self.focus = to;
        self.picks.clear();
        self.fresh = self.is_prefilled_text(to);
        FormKey::Moved
    }

    pub fn key(&mut self, key: &KeyEvent) -> FormKey {
        if self.fields.is_empty() {
            return match key.code {
                KeyCode::Enter => FormKey::Submit,
                _ => FormKey::Ignored,
            };
        }
        let last = self.fields.len() - 1;
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let kind = self.fields[self.focus].kind;
        let picking = !self.picks.is_empty();
        match key.code {
            KeyCode::Char('s') if ctrl => return FormKey::Submit,
            KeyCode::Tab => return self.move_focus(self.focus + 1),
            KeyCode::BackTab => return self.move_focus(self.focus.saturating_sub(1)),
            KeyCode::Up if picking => self.pick = self.pick.saturating_sub(1),
            KeyCode::Down if picking => {
                self.pick = (self.pick + 1).min(self.visible_picks().len().saturating_sub(1))
            }
            KeyCode::Up => return self.move_focus(self.focus.saturating_sub(1)),
            KeyCode::Down => return self.move_focus(self.focus + 1),
            KeyCode::Enter => {
                if picking && matches!(kind, FieldKind::Code(_)) {
                    self.take_pick(false);
                }
                return if self.focus == last {
                    FormKey::Submit
                } else {
                    self.move_focus(self.focus + 1)
                };
            }
            KeyCode::Char(' ') if picking && matches!(kind, FieldKind::Codes(_)) => {
                self.take_pick(true)
            }
            KeyCode::Char(' ') | KeyCode::Left | KeyCode::Right
                if matches!(kind, FieldKind::Choice(_) | FieldKind::Flag) =>
            {
                self.turn(kind, key.code == KeyCode::Left)
            }
            // A choice or a yes/no field is turned, never typed into.
            _ if matches!(kind, FieldKind::Choice(_) | FieldKind::Flag) => return FormKey::Ignored,
            _ => {
                let typing = matches!(key.code, KeyCode::Char(_)) && !ctrl;
                if self.fresh && typing {
                    self.inputs[self.focus] = TextField::default();
                }
                if !self.inputs[self.focus].edit(key) {
                    return FormKey::Ignored;
                }
                self.fresh = false;
                self.pick = 0;
            }
        }
        FormKey::Handled
    }

    /// Turns a choice (or a yes/no field) to its next or previous value; an optional choice
    /// passes through blank, meaning its default.
    fn turn(&mut self, kind: FieldKind, back: bool) {
        let field = self.fields[self.focus];
        let current = self.inputs[self.focus].value().to_string();
        let mut options: Vec<String> = match kind {
            FieldKind::Flag => vec![String::new(), "true".into()],
            _ => choice_options(kind)
                .iter()
                .map(|(c, _)| c.to_string())
                .collect(),
        };
        if !field.required && !matches!(kind, FieldKind::Flag) {
            options.insert(0, String::new());
        }
        let at = options.iter().position(|o| *o == current).unwrap_or(0);
        let n = options.len().max(1);
        let next = if back { (at + n - 1) % n } else { (at + 1) % n };
        self.inputs[self.focus] = TextField::with(&options[next]);
    }

    /// Takes the highlighted pick into the focused field: in place of what was typed, or added to
    /// (or, if there, removed from) a list of codes.
    fn take_pick(&mut self, toggle: bool) {
        let Some(code) = self.visible_picks().get(self.pick).map(|p| p.code.clone()) else {
            return;
        };
        let input = &mut self.inputs[self.focus];
        if !toggle {
            *input = TextField::with(&code);
            self.picks.clear();
            return;
        }
        let mut codes: Vec<String> = input
            .text()
            .split([',', ' '])
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_string)
            .collect();
        // What was typed to narrow the list is not itself a choice.
        if codes
            .last()
            .is_some_and(|last| !self.picks.iter().any(|p| &p.code == last))
        {
            codes.pop();
        }
        match codes.iter().position(|c| *c == code) {
            Some(i) => {
                codes.remove(i);
            }
            None => codes.push(code.clone()),
        }
        // A separator after the last, so typing goes on to narrow the list for the next one.
        let sep = if codes.is_empty() { "" } else { ", " };
        *input = TextField::with(&format!("{}{sep}", codes.join(", ")));
        // The list widens again; the cursor stays on the member just taken or put back.
        if let Some(i) = self.visible_picks().iter().position(|p| p.code == code) {
            self.pick = i;
        }
    }

    fn shown_value(&self, i: usize, focused: bool) -> String {
        let f = self.fields[i];
        let input = &self.inputs[i];
        match f.kind {
            FieldKind::Flag => {
                let on = matches!(input.value(), "true" | "yes" | "y" | "1");
                format!("[{}]", if on { "x" } else { " " })
            }
            FieldKind::Choice(options) => {
                let label = options()
                    .into_iter()
                    .find(|(c, _)| *c == input.value())
                    .map_or_else(
                        || {
                            if f.required {
                                "(choose one)"
                            } else {
                                "(default)"
                            }
                            .to_string()
                        },
                        |(_, l)| l.to_string(),
                    );
                if focused {
                    format!("◀ {label} ▶")
                } else {
                    label
                }
            }
            FieldKind::Date => {
                let typed = if focused {
                    clean(&input.shown())
                } else {
                    clean(input.text())
                };
                // The date read back in words, so a day-first slip shows before the plan does.
                match crate::dates::parse_typed(input.text()) {
                    Ok(d) if crate::dates::display(d) != input.text().trim() => {
                        format!("{typed}  ({})", crate::dates::display(d))
                    }
                    _ => typed,
                }
            }
            _ if focused => clean(&input.shown()),
            _ => clean(input.text()),
        }
    }

    /// The form's lines: each field (the focused one marked), and the picks under it.
    pub fn lines(&self, t: &Theme) -> Vec<Line<'static>> {
        let mut out = Vec::new();
        for (i, f) in self.fields.iter().enumerate() {
            let focused = i == self.focus;
            let required = if f.required { " *" } else { "" };
            out.push(Line::styled(
                format!(
                    "{} {}{required}: {}",
                    if focused { "▶" } else { " " },
                    f.label,
                    self.shown_value(i, focused)
                ),
                if focused { t.selected } else { t.base },
            ));
            if focused {
                if self.visible_picks().is_empty() && !f.help.is_empty() {
                    // What the field wants, in the words `--help` gives it.
                    out.push(Line::styled(format!("     {}", f.help), t.muted));
                }
                self.pick_lines(t, &mut out);
            }
        }
        out
    }

    fn pick_lines(&self, t: &Theme, out: &mut Vec<Line<'static>>) {
        let visible = self.visible_picks();
        if visible.is_empty() {
            return;
        }
        let chosen: Vec<String> = self
            .inputs
            .get(self.focus)
            .map(|i| {
                i.text()
                    .split([',', ' '])
                    .map(|c| c.trim().to_string())
                    .collect()
            })
            .unwrap_or_default();
        let is_list = matches!(self.focused().map(|f| f.kind), Some(FieldKind::Codes(_)));
        let start = self.pick.saturating_sub(PICKS_SHOWN - 1);
        for (i, p) in visible.iter().enumerate().skip(start).take(PICKS_SHOWN) {
            let mark = if is_list {
                if chosen.contains(&p.code) {
                    "[x] "
                } else {
                    "[ ] "
                }
            } else {
                ""
            };
            let sel = i == self.pick;
            out.push(Line::styled(
                format!(
                    "     {} {mark}{:<8} {:<34} {}",
                    if sel { "›" } else { " " },
                    clean(&p.code),
                    clean(&p.label),
                    p.note
                ),
                if sel { t.selected } else { t.muted },
            ));
        }
        if visible.len() > PICKS_SHOWN {
            out.push(Line::styled(
                format!("       … {} in all; type to narrow", visible.len()),
                t.muted,
            ));
        }
    }

    /// The keys the form takes, for the hint line.
    pub fn hint(&self) -> String {
        let kind = self.focused().map(|f| f.kind);
        let extra = match kind {
            Some(FieldKind::Choice(_) | FieldKind::Flag) => " · ←→ Space change",
            Some(FieldKind::Codes(_)) if !self.picks.is_empty() => " · ↑↓ Space choose",
            Some(FieldKind::Code(_)) if !self.picks.is_empty() => " · ↑↓ Enter choose",
            _ if self.fresh => " (typing replaces; ←→ to change it)",
            _ => "",
        };
        format!(
            "Tab ↑↓ move · type to edit{extra} · Enter next (plan on the last) · Ctrl-S plan · Esc cancel"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Entity;
    use crossterm::event::KeyEvent;

    static FIELDS: [Field; 2] = [
        Field::new("joint", "Members", FieldKind::Codes(Entity::Member)).required(),
        Field::new("units", "Units", FieldKind::Count),
    ];

    fn pick(code: &str, label: &str) -> Pick {
        Pick {
            code: code.into(),
            label: label.into(),
            note: String::new(),
        }
    }

    fn key(f: &mut Form, c: KeyCode) -> FormKey {
        f.key(&KeyEvent::from(c))
    }

    static PREFILLED: [Field; 2] = [
        Field::new("value", "Value", FieldKind::Money),
        Field::new("title", "Title", FieldKind::Text),
    ];

    fn typed(f: &mut Form, text: &str) {
        for c in text.chars() {
            key(f, KeyCode::Char(c));
        }
    }

    #[test]
    fn a_typed_date_is_read_back_in_words() {
        static DATES: [Field; 1] = [Field::new("due", "Due", FieldKind::Date)];
        let mut f = Form::new(&DATES, &Values::default(), None);
        typed(&mut f, "29/12/2026");
        assert_eq!(f.shown_value(0, false), "29/12/2026  (29 Dec 2026)");
        key(&mut f, KeyCode::Char('x'));
        assert_eq!(f.shown_value(0, false), "29/12/2026x");
        let f = Form::new(&DATES, &Values::default().with("due", "29 Dec 2026"), None);
        assert_eq!(f.shown_value(0, false), "29 Dec 2026");
    }

    #[test]
    fn typing_into_a_filled_in_field_replaces_it_and_a_cursor_key_edits_it_instead() {
        let prefill = Values::default()
            .with("value", "708000.00")
            .with("title", "Youth Coaching");
        let mut f = Form::new(&PREFILLED, &prefill, None);
        assert!(f.hint().contains("typing replaces"));
        typed(&mut f, "750,000");
        assert_eq!(f.values().raw("value"), "750,000");
        // Typing on goes on at the cursor once the field has been changed.
        typed(&mut f, ".50");
        assert_eq!(f.values().raw("value"), "750,000.50");
        // The next field: a cursor key first, then the text goes in where the cursor is.
        key(&mut f, KeyCode::Tab);
        key(&mut f, KeyCode::Home);
        typed(&mut f, "Knowsley ");
        assert_eq!(f.values().raw("title"), "Knowsley Youth Coaching");
        // Coming back to a field makes it fresh again; Backspace edits rather than replaces.
        key(&mut f, KeyCode::BackTab);
        key(&mut f, KeyCode::Backspace);
        typed(&mut f, "1");
        assert_eq!(f.values().raw("value"), "750,000.51");
    }

    #[test]
    fn a_list_is_narrowed_by_typing_and_chosen_with_space() {
        let mut f = Form::new(&FIELDS, &Values::default(), None);
        f.set_picks(vec![
            pick("KN01", "Citizens Advice"),
            pick("KN06", "Age UK"),
        ]);
        key(&mut f, KeyCode::Char(' ')); // the first: KN01
        for c in "age".chars() {
            key(&mut f, KeyCode::Char(c));
        }
        assert_eq!(f.visible_picks().len(), 1);
        key(&mut f, KeyCode::Char(' ')); // Age UK, and the narrowing text goes
        assert_eq!(f.values().codes("joint").unwrap(), ["KN01", "KN06"]);
        key(&mut f, KeyCode::Char(' ')); // KN06 again: taken out
        assert_eq!(f.values().codes("joint").unwrap(), ["KN01"]);
        assert_eq!(key(&mut f, KeyCode::Enter), FormKey::Moved);
        assert_eq!(key(&mut f, KeyCode::Enter), FormKey::Submit);
    }
}
