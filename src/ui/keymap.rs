//! Key bindings: the defaults from the command list, patched by the `[keys]` table of the config
//! file (an action named there gets exactly the keys given). A key bound to two actions that can
//! meet in the same pane is refused with a message naming both.

use std::collections::{BTreeMap, HashMap};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::Deserialize;

use super::action::Action;
use super::commands::{Scope, action_named, commands};

/// A key as the keymap stores it: the code and only the modifiers that matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

impl Key {
    pub fn from_event(e: &KeyEvent) -> Key {
        let mut modifiers =
            e.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        // Shift is already in the character ('O') and in BackTab.
        if matches!(e.code, KeyCode::Char(_) | KeyCode::BackTab) {
            modifiers.remove(KeyModifiers::SHIFT);
        }
        Key {
            code: e.code,
            modifiers,
        }
    }
}

/// One key or several, as written in the config file.
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize)]
#[serde(untagged)]
pub enum KeySpec {
    One(String),
    Many(Vec<String>),
}

impl KeySpec {
    fn list(&self) -> Vec<&str> {
        match self {
            KeySpec::One(s) => vec![s.as_str()],
            KeySpec::Many(v) => v.iter().map(String::as_str).collect(),
        }
    }
}

/// Parses `q`, `O`, `?`, `ctrl+c`, `alt+x`, `tab`, `backtab`, `enter`, `esc`, `up`, `pagedown`, `f1`, `space`.
pub fn parse_key(s: &str) -> Result<Key, String> {
    let mut modifiers = KeyModifiers::NONE;
    let mut rest = s.trim();
    loop {
        let lower = rest.to_ascii_lowercase();
        if let Some(r) = lower.strip_prefix("ctrl+") {
            modifiers |= KeyModifiers::CONTROL;
            rest = &rest[rest.len() - r.len()..];
        } else if let Some(r) = lower.strip_prefix("alt+") {
            modifiers |= KeyModifiers::ALT;
            rest = &rest[rest.len() - r.len()..];
        } else {
            break;
        }
    }
    let named = match rest.to_ascii_lowercase().as_str() {
        "tab" => Some(KeyCode::Tab),
        "backtab" | "shift+tab" => Some(KeyCode::BackTab),
        "enter" | "return" => Some(KeyCode::Enter),
        "esc" | "escape" => Some(KeyCode::Esc),
        "up" => Some(KeyCode::Up),
        "down" => Some(KeyCode::Down),
        "left" => Some(KeyCode::Left),
        "right" => Some(KeyCode::Right),
        "pageup" => Some(KeyCode::PageUp),
        "pagedown" => Some(KeyCode::PageDown),
        "home" => Some(KeyCode::Home),
        "end" => Some(KeyCode::End),
        "space" => Some(KeyCode::Char(' ')),
        "backspace" => Some(KeyCode::Backspace),
        "delete" => Some(KeyCode::Delete),
        f if f.len() >= 2 && f.starts_with('f') && f[1..].parse::<u8>().is_ok() => f[1..]
            .parse::<u8>()
            .ok()
            .filter(|n| (1..=12).contains(n))
            .map(KeyCode::F),
        _ => None,
    };
    let code = match named {
        Some(c) => c,
        None => {
            let mut chars = rest.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => KeyCode::Char(c),
                _ => {
                    return Err(format!(
                        "'{s}' is not a key (try q, O, ?, ctrl+c, tab, enter, esc, up, pagedown, f1)"
                    ));
                }
            }
        }
    };
    Ok(Key { code, modifiers })
}

/// Writes a key the way the help and hint bar show it.
pub fn describe(key: &Key) -> String {
    let base = match key.code {
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => "S-Tab".into(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Up => "↑".into(),
        KeyCode::Down => "↓".into(),
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::PageDown => "PgDn".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        KeyCode::F(n) => format!("F{n}"),
        KeyCode::Backspace => "Bksp".into(),
        KeyCode::Delete => "Del".into(),
        other => format!("{other:?}"),
    };
    let mut out = String::new();
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        out.push_str("C-");
    }
    if key.modifiers.contains(KeyModifiers::ALT) {
        out.push_str("M-");
    }
    out + &base
}

#[derive(Debug, Clone)]
pub struct KeyMap {
    bindings: HashMap<Key, Vec<Action>>,
    keys_of: BTreeMap<Action, Vec<Key>>,
}

impl KeyMap {
    pub fn defaults() -> KeyMap {
        Self::with_overrides(&BTreeMap::new())
            .unwrap_or_else(|e| panic!("default key bindings are invalid: {e}"))
    }

    /// Applies the config's `[keys]` table (action name → key or keys) on top of the defaults.
    pub fn with_overrides(overrides: &BTreeMap<String, KeySpec>) -> Result<KeyMap, String> {
        Self::build(overrides, false)
    }

    /// As `with_overrides`, leaving out every decision when `read_only`: no key can change the
    /// database, and help and hints do not offer what cannot be done.
    pub fn build(overrides: &BTreeMap<String, KeySpec>, read_only: bool) -> Result<KeyMap, String> {
        let is_decision = |a: Action| commands().iter().any(|c| c.action == a && c.decision);
        let mut keys_of: BTreeMap<Action, Vec<Key>> = BTreeMap::new();
        for c in commands().iter().filter(|c| !read_only || !c.decision) {
            let keys = c
                .keys
                .iter()
                .map(|k| parse_key(k))
                .collect::<Result<Vec<_>, _>>()?;
            keys_of.insert(c.action, keys);
        }
        for (name, spec) in overrides {
            let action = action_named(name).ok_or_else(|| {
                format!("[keys] {name}: no such action (see the example config for the names)")
            })?;
            let keys = spec
                .list()
                .into_iter()
                .map(|k| parse_key(k).map_err(|e| format!("[keys] {name}: {e}")))
                .collect::<Result<Vec<_>, _>>()?;
            if !read_only || !is_decision(action) {
                keys_of.insert(action, keys);
            }
        }
        let mut bindings: HashMap<Key, Vec<Action>> = HashMap::new();
        for (action, keys) in &keys_of {
            for k in keys {
                let taken = bindings.entry(*k).or_default();
                // Decisions on the same records may share a key: the dashboard offers those that apply.
                let shared = |o: &Action| {
                    matches!(o, Action::Decide(_)) && matches!(action, Action::Decide(_))
                };
                if let Some(other) = taken
                    .iter()
                    .find(|o| scopes_overlap(**o, *action) && !shared(o))
                {
                    return Err(format!(
                        "key '{}' is bound to both {} and {}; give one of them another key",
                        describe(k),
                        name_of(*other),
                        name_of(*action)
                    ));
                }
                taken.push(*action);
            }
        }
        Ok(KeyMap { bindings, keys_of })
    }

    /// The actions a key triggers (more than one only when their scopes never meet).
    pub fn actions(&self, key: &Key) -> &[Action] {
        self.bindings.get(key).map(Vec::as_slice).unwrap_or(&[])
    }

    pub fn keys(&self, action: Action) -> &[Key] {
        self.keys_of.get(&action).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The first key of an action, as shown on screen.
    pub fn label(&self, action: Action) -> String {
        self.keys(action)
            .first()
            .map(describe)
            .unwrap_or_else(|| "—".into())
    }
}

fn scope_of(a: Action) -> Scope {
    commands()
        .iter()
        .find(|c| c.action == a)
        .map_or(Scope::Everywhere, |c| c.scope)
}

fn scopes_overlap(a: Action, b: Action) -> bool {
    match (scope_of(a), scope_of(b)) {
        (Scope::Pane(x), Scope::Pane(y)) => x == y,
        _ => true,
    }
}

fn name_of(a: Action) -> &'static str {
    commands()
        .iter()
        .find(|c| c.action == a)
        .map_or("?", |c| c.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ov(pairs: &[(&str, &str)]) -> BTreeMap<String, KeySpec> {
        pairs
            .iter()
            .map(|(a, k)| (a.to_string(), KeySpec::One(k.to_string())))
            .collect()
    }

    #[test]
    fn defaults_are_consistent() {
        let m = KeyMap::defaults();
        assert_eq!(m.actions(&parse_key("q").unwrap()), &[Action::Quit]);
        assert_eq!(m.actions(&parse_key("ctrl+c").unwrap()), &[Action::Quit]);
        assert_eq!(m.actions(&parse_key("O").unwrap()), &[Action::SortReverse]);
        assert_eq!(m.label(Action::PrevPane), "S-Tab");
    }

    #[test]
    fn partial_override_replaces_only_that_action() {
        let m = KeyMap::with_overrides(&ov(&[("quit", "X")])).unwrap();
        assert_eq!(m.actions(&parse_key("X").unwrap()), &[Action::Quit]);
        assert!(m.actions(&parse_key("q").unwrap()).is_empty());
        assert_eq!(m.actions(&parse_key("z").unwrap()), &[Action::Zoom]);
    }

    #[test]
    fn duplicates_are_refused_with_both_names() {
        let e = KeyMap::with_overrides(&ov(&[("quit", "z")])).unwrap_err();
        assert!(
            e.contains("'z'") && e.contains("quit") && e.contains("zoom"),
            "{e}"
        );
    }

    #[test]
    fn unknown_actions_and_keys_are_refused() {
        assert!(
            KeyMap::with_overrides(&ov(&[("explode", "x")]))
                .unwrap_err()
                .contains("no such action")
        );
        assert!(
            KeyMap::with_overrides(&ov(&[("quit", "hyper+x")]))
                .unwrap_err()
                .contains("not a key")
        );
    }

    #[test]
    fn shifted_letters_and_backtab_match_their_events() {
        let e = KeyEvent::new(KeyCode::Char('O'), KeyModifiers::SHIFT);
        assert_eq!(Key::from_event(&e), parse_key("O").unwrap());
        let bt = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(Key::from_event(&bt), parse_key("backtab").unwrap());
        assert_eq!(parse_key("f5").unwrap().code, KeyCode::F(5));
    }
}
