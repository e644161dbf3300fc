//! The dashboard's own settings: how it looks and behaves (`[ui]`) and the key binding overrides
//! (`[keys]`), with the check that refuses a bad binding at start, before any screen is drawn.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::keymap::{KeyMap, KeySpec};
use super::theme::ThemeName;

/// How the dashboard looks and behaves.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct UiConfig {
    /// default, high-contrast or mono (`--theme` overrides; `NO_COLOR` forces mono).
    pub theme: ThemeName,
    /// Let the mouse select rows and panes (off by default, so terminal copy and paste works).
    pub mouse: bool,
}

/// Key binding overrides: action name → key or list of keys (see `config.example.toml`).
pub type KeyOverrides = BTreeMap<String, KeySpec>;

/// Refuses an unknown action, an unreadable key, or a key bound to two actions that can meet.
pub fn validate_keys(keys: &KeyOverrides) -> Result<(), String> {
    KeyMap::with_overrides(keys).map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_use_the_default_theme_and_leave_the_mouse_to_the_terminal() {
        let ui = UiConfig::default();
        assert_eq!((ui.theme, ui.mouse), (ThemeName::Default, false));
    }

    #[test]
    fn no_overrides_are_valid_and_a_clash_names_both_actions() {
        assert_eq!(validate_keys(&KeyOverrides::new()), Ok(()));
        let clash = KeyOverrides::from([("quit".to_string(), KeySpec::One("z".into()))]);
        let e = validate_keys(&clash).unwrap_err();
        assert!(e.contains("quit") && e.contains("zoom"), "{e}");
    }
}
