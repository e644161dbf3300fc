//! The one configuration loader: reads the TOML file and composes the settings each layer owns
//! (rules, scoring, board, UI, keys), refusing unknown keys so a typo never falls back to a default.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::board::BoardConfig;
use crate::domain::risk_scale::{RiskScale, ScaleSpecs};
use crate::domain::{Competitive, Limits, Rules};
use crate::error::{HubError, Result};
use crate::scoring::{ScoringConfig, WarningsConfig};
use crate::ui::settings::{KeyOverrides, UiConfig, validate_keys};

/// The whole file, one field per section; each section's type belongs to the layer that reads it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Award, notice, bid and concentration thresholds (`[rules]`).
    pub rules: Rules,
    /// Open competitive sub-tendering: criteria and the smallest panel (`[competitive]`).
    pub competitive: Competitive,
    /// Theme and mouse (`[ui]`).
    pub ui: UiConfig,
    /// Key binding overrides: action name → key or list of keys (see `config.example.toml`).
    pub keys: KeyOverrides,
    /// Risk scales by name (`[risk_scales.NAME]`); the built-in `knowsley` and `nhs5x5` are kept
    /// unless a scale of the same name replaces them.
    pub risk_scales: ScaleSpecs,
    /// Performance scorecard: criterion weights, decay, standing bands (`[scoring]`).
    pub scoring: ScoringConfig,
    /// Early-warning thresholds (`[warnings]`).
    pub warnings: WarningsConfig,
    /// Board meetings: redaction and the decisions window (`[board]`).
    pub board: BoardConfig,
    /// The largest money value and units a month anything accepts (`[limits]`).
    pub limits: Limits,
    /// Published data: the consortium as a party, and CPV codes to service lines (`[ocds]`).
    pub ocds: crate::ocds::config::OcdsConfig,
}

impl Config {
    /// The default location: `~/.config/hubboard/config.toml`.
    pub fn default_path() -> Option<PathBuf> {
        dirs::config_dir().map(|d| d.join("hubboard").join("config.toml"))
    }

    /// Loads `explicit` (which must exist) or the default file if present, else the defaults.
    pub fn load(explicit: Option<&Path>) -> Result<Config> {
        let path = match explicit {
            Some(p) => p.to_path_buf(),
            None => match Self::default_path() {
                Some(p) if p.exists() => p,
                _ => return Ok(Config::default()),
            },
        };
        let text = std::fs::read_to_string(&path)
            .map_err(|e| HubError::io(format!("cannot read config {}", path.display()), e))?;
        Self::parse(&text).map_err(|m| HubError::Invalid(format!("config {}: {m}", path.display())))
    }

    pub fn parse(text: &str) -> std::result::Result<Config, String> {
        let cfg: Config = toml::from_str(text).map_err(|e| e.to_string())?;
        cfg.validate()?;
        Ok(cfg)
    }

    /// The `[scoring]` and `[warnings]` sections, as the scoring layer reads them.
    pub fn scoring_settings(&self) -> crate::scoring::Settings<'_> {
        crate::scoring::Settings {
            scoring: &self.scoring,
            warnings: &self.warnings,
        }
    }

    /// The risk scales, built-in and configured, in name order.
    pub fn scales(&self) -> Vec<RiskScale> {
        self.risk_scales.scales()
    }

    /// Each section checks itself; bad key bindings are refused here, before any screen is drawn.
    pub fn validate(&self) -> std::result::Result<(), String> {
        validate_keys(&self.keys)?;
        self.scoring.validate()?;
        self.warnings.validate()?;
        self.board.validate()?;
        self.rules.validate()?;
        self.risk_scales.validate()?;
        self.limits.validate()?;
        self.competitive.validate()
    }
}

// A front end holding the whole configuration may hand it to a layer's entry point, which takes
// only the sections it reads (the layers never see `Config`).

impl<'a> From<&'a Config> for crate::scoring::Settings<'a> {
    fn from(config: &'a Config) -> Self {
        config.scoring_settings()
    }
}

impl<'a> From<&'a Config> for crate::dashboard::Settings<'a> {
    fn from(config: &'a Config) -> Self {
        crate::dashboard::Settings {
            rules: &config.rules,
            scoring: config.scoring_settings(),
        }
    }
}

impl<'a> From<&'a Config> for crate::board::Settings<'a> {
    fn from(config: &'a Config) -> Self {
        crate::board::Settings {
            dashboard: config.into(),
            scales: config.scales(),
        }
    }
}

impl<'a> From<&'a Config> for crate::ops::Settings<'a> {
    fn from(config: &'a Config) -> Self {
        crate::ops::Settings {
            rules: &config.rules,
            competitive: &config.competitive,
            scales: &config.risk_scales,
            scoring: config.scoring_settings(),
            limits: &config.limits,
            ocds: &config.ocds,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ComplianceKind;
    use rust_decimal_macros::dec;

    #[test]
    fn defaults_follow_the_domain() {
        let c = Config::parse("").unwrap();
        assert_eq!(c.rules.max_income_share, dec!(0.5));
        assert_eq!(c.rules.notice_months, 3);
        assert_eq!(c.rules.required_compliance.len(), 6);
        assert!(
            c.rules
                .required_compliance
                .contains(&ComplianceKind::HealthAndSafety)
        );
    }

    #[test]
    fn each_layer_is_handed_the_sections_as_configured() {
        let text = "[rules]\ntop_slice_cap_pct = 7\n[scoring]\nmonths = 4\n\
                    [warnings]\nrecent_months = 2\n[risk_scales.small]\ntitle = \"Small\"\n\
                    probability = [\"low\", \"high\"]\nimpact = [\"minor\", \"major\"]\n\
                    bands = [{ name = \"all\", min = 1, max = 4, severity = \"low\", description = \"\" }]\n";
        let c = Config::parse(text).unwrap();
        let board = crate::board::Settings::from(&c);
        assert_eq!(board.dashboard.rules.top_slice_cap_pct, dec!(7));
        assert_eq!(board.dashboard.scoring.scoring.months, 4);
        assert_eq!(board.dashboard.scoring.warnings.recent_months, 2);
        assert!(board.scales.iter().any(|s| s.name == "small"));
    }

    #[test]
    fn partial_files_override_only_what_they_name() {
        let c = Config::parse("[rules]\nnotice_months = 1\n").unwrap();
        assert_eq!(c.rules.notice_months, 1);
        assert_eq!(c.rules.max_income_share, dec!(0.5));
    }

    #[test]
    fn typos_and_nonsense_are_refused() {
        assert!(
            Config::parse("[rules]\nnotice_month = 1\n")
                .unwrap_err()
                .contains("notice_month")
        );
        assert!(
            Config::parse("[rules]\nmax_income_share = 1.5\n")
                .unwrap_err()
                .contains("max_income_share")
        );
        let twice = "[rules]\nrequired_compliance = [\"accounts\", \"accounts\"]\n";
        assert!(Config::parse(twice).unwrap_err().contains("twice"));
        assert!(Config::parse("[rules]\nrequired_compliance = [\"gold_star\"]\n").is_err());
    }
}

#[cfg(test)]
mod example_tests {
    use super::*;

    #[test]
    fn the_shipped_example_is_valid_and_matches_the_defaults() {
        let text = include_str!("../fixtures/config.example.toml");
        let c = Config::parse(text).unwrap();
        assert_eq!(c.rules, Rules::default());
        assert_eq!(c.competitive, Competitive::default());
        assert_eq!(c.ui, UiConfig::default());
        assert_eq!(c.scoring, crate::scoring::ScoringConfig::default());
        assert_eq!(c.warnings, crate::scoring::WarningsConfig::default());
        assert_eq!(c.risk_scales, Default::default());
        assert_eq!(c.board, crate::board::BoardConfig::default());
        assert_eq!(c.limits, Limits::default());
        assert_eq!(c.ocds, crate::ocds::config::OcdsConfig::default());
        validate_keys(&c.keys).unwrap();
    }

    #[test]
    fn competitive_weights_must_sum_to_one_hundred() {
        let ok = "[competitive]\ncriteria = [{ code = \"plan\", label = \"Plan\", weight = 60 }, { code = \"price\", label = \"Price\", weight = 40 }]\n";
        assert_eq!(Config::parse(ok).unwrap().competitive.criteria.len(), 2);
        let bad = ok.replace("40 }", "39 }");
        let e = Config::parse(&bad).unwrap_err();
        assert!(
            e.contains("competitive.criteria") && e.contains("sum to 99"),
            "{e}"
        );
        assert!(Config::parse("[competitive]\nmin_panel = 0\n").is_err());
        assert!(Config::parse("[competitive]\npanel = 2\n").is_err());
    }

    #[test]
    fn limits_are_read_checked_and_lent_to_the_decisions() {
        let c =
            Config::parse("[limits]\nmax_money = 2500000.00\nmax_units_per_month = 500\n").unwrap();
        assert_eq!(c.limits.max_money, rust_decimal_macros::dec!(2500000));
        assert_eq!(c.limits.max_units_per_month, 500);
        let ops = crate::ops::Settings::from(&c);
        assert_eq!(ops.limits.max_units_per_month, 500);
        let typo = Config::parse("[limits]\nmax_unit_per_month = 5\n").unwrap_err();
        assert!(typo.contains("max_unit_per_month"), "{typo}");
        let zero = Config::parse("[limits]\nmax_units_per_month = 0\n").unwrap_err();
        assert!(zero.contains("limits.max_units_per_month"), "{zero}");
        let past = Config::parse("[limits]\nmax_money = 1000000000000000\n").unwrap_err();
        assert!(past.contains("limits.max_money"), "{past}");
    }

    #[test]
    fn ui_and_keys_sections_are_read() {
        let c = Config::parse("[ui]\ntheme = \"mono\"\n[keys]\nquit = \"X\"\n").unwrap();
        assert_eq!(c.ui.theme, crate::ui::theme::ThemeName::Mono);
        assert!(c.keys.contains_key("quit"));
        assert!(Config::parse("[ui]\ntheme = \"neon\"\n").is_err());
        let dup = Config::parse("[keys]\nquit = \"z\"\n").unwrap_err();
        assert!(dup.contains("quit") && dup.contains("zoom"), "{dup}");
    }
}
