//! Themes: a struct of semantic styles, so views never name a colour. The default uses named ANSI
//! colours (it follows the user's terminal and works on 16 colours); `mono` uses only bold,
//! reverse, underline and dim, and is chosen automatically when `NO_COLOR` is set.

use ratatui::style::{Color, Modifier, Style};
use serde::{Deserialize, Serialize};

use crate::domain::risk_scale::Severity;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum ThemeName {
    #[default]
    Default,
    HighContrast,
    Mono,
    /// For a projector at the back of a room: white on black, bold, no dim or thin colours.
    Projector,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub name: ThemeName,
    pub base: Style,
    pub muted: Style,
    pub title: Style,
    pub title_active: Style,
    pub border: Style,
    pub border_active: Style,
    pub header: Style,
    pub selected: Style,
    pub ok: Style,
    pub warn: Style,
    pub danger: Style,
    pub key: Style,
    pub badge: Style,
    pub heat_low: Style,
    pub heat_moderate: Style,
    pub heat_high: Style,
    pub heat_extreme: Style,
}

impl Theme {
    /// `NO_COLOR` (any non-empty value) forces the monochrome theme.
    pub fn resolve(name: ThemeName) -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme::named(if no_color { ThemeName::Mono } else { name })
    }

    pub fn named(name: ThemeName) -> Theme {
        match name {
            ThemeName::Default => Self::default_theme(),
            ThemeName::HighContrast => Self::high_contrast(),
            ThemeName::Mono => Self::mono(),
            ThemeName::Projector => Self::projector(),
        }
    }

    pub fn heat(&self, s: Severity) -> Style {
        match s {
            Severity::Low => self.heat_low,
            Severity::Moderate => self.heat_moderate,
            Severity::High => self.heat_high,
            Severity::Extreme => self.heat_extreme,
        }
    }

    fn default_theme() -> Theme {
        let bold = Modifier::BOLD;
        Theme {
            name: ThemeName::Default,
            base: Style::default(),
            muted: Style::default().fg(Color::DarkGray),
            title: Style::default().add_modifier(bold),
            title_active: Style::default().fg(Color::Cyan).add_modifier(bold),
            border: Style::default().fg(Color::DarkGray),
            border_active: Style::default().fg(Color::Cyan),
            header: Style::default().add_modifier(bold | Modifier::UNDERLINED),
            selected: Style::default().add_modifier(Modifier::REVERSED | bold),
            ok: Style::default().fg(Color::Green),
            warn: Style::default().fg(Color::Yellow),
            danger: Style::default().fg(Color::Red).add_modifier(bold),
            key: Style::default().fg(Color::Cyan).add_modifier(bold),
            badge: Style::default()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(bold),
            heat_low: Style::default().fg(Color::Black).bg(Color::Green),
            heat_moderate: Style::default().fg(Color::Black).bg(Color::Yellow),
            // High and extreme differ in hue, not only in brightness, which many terminals
            // barely show: red for high, magenta (purple) for extreme, its text bold.
            heat_high: Style::default().fg(Color::Black).bg(Color::LightRed),
            heat_extreme: Style::default()
                .fg(Color::White)
                .bg(Color::Magenta)
                .add_modifier(bold),
        }
    }

    fn high_contrast() -> Theme {
        let bold = Modifier::BOLD;
        Theme {
            name: ThemeName::HighContrast,
            base: Style::default().fg(Color::White),
            muted: Style::default().fg(Color::White),
            title: Style::default().fg(Color::White).add_modifier(bold),
            title_active: Style::default()
                .fg(Color::Yellow)
                .add_modifier(bold | Modifier::UNDERLINED),
            border: Style::default().fg(Color::White),
            border_active: Style::default().fg(Color::Yellow).add_modifier(bold),
            header: Style::default()
                .fg(Color::White)
                .add_modifier(bold | Modifier::UNDERLINED),
            selected: Style::default()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(bold),
            ok: Style::default().fg(Color::LightGreen).add_modifier(bold),
            warn: Style::default().fg(Color::LightYellow).add_modifier(bold),
            danger: Style::default().fg(Color::LightRed).add_modifier(bold),
            key: Style::default().fg(Color::Yellow).add_modifier(bold),
            badge: Style::default()
                .fg(Color::Black)
                .bg(Color::White)
                .add_modifier(bold),
            heat_low: Style::default()
                .fg(Color::Black)
                .bg(Color::LightGreen)
                .add_modifier(bold),
            heat_moderate: Style::default()
                .fg(Color::Black)
                .bg(Color::LightYellow)
                .add_modifier(bold),
            heat_high: Style::default()
                .fg(Color::Black)
                .bg(Color::LightMagenta)
                .add_modifier(bold),
            heat_extreme: Style::default()
                .fg(Color::White)
                .bg(Color::Red)
                .add_modifier(bold),
        }
    }

    /// Bright named colours on black, everything bold: nothing thin or dim washes out on a
    /// projector. Heat cells use full-strength backgrounds with black or white bold text.
    fn projector() -> Theme {
        let bold = Modifier::BOLD;
        let on_black = |c: Color| Style::default().fg(c).bg(Color::Black).add_modifier(bold);
        Theme {
            name: ThemeName::Projector,
            base: on_black(Color::White),
            muted: on_black(Color::White),
            title: on_black(Color::White),
            title_active: on_black(Color::LightYellow).add_modifier(Modifier::UNDERLINED),
            border: on_black(Color::White),
            border_active: on_black(Color::LightYellow),
            header: on_black(Color::LightCyan).add_modifier(Modifier::UNDERLINED),
            selected: Style::default()
                .fg(Color::Black)
                .bg(Color::LightYellow)
                .add_modifier(bold),
            ok: on_black(Color::LightGreen),
            warn: on_black(Color::LightYellow),
            danger: on_black(Color::LightRed),
            key: on_black(Color::LightCyan),
            badge: Style::default()
                .fg(Color::Black)
                .bg(Color::White)
                .add_modifier(bold),
            heat_low: Style::default()
                .fg(Color::Black)
                .bg(Color::LightGreen)
                .add_modifier(bold),
            heat_moderate: Style::default()
                .fg(Color::Black)
                .bg(Color::LightYellow)
                .add_modifier(bold),
            heat_high: Style::default()
                .fg(Color::Black)
                .bg(Color::LightMagenta)
                .add_modifier(bold),
            heat_extreme: Style::default()
                .fg(Color::White)
                .bg(Color::Red)
                .add_modifier(bold),
        }
    }

    fn mono() -> Theme {
        let plain = Style::default();
        Theme {
            name: ThemeName::Mono,
            base: plain,
            muted: plain.add_modifier(Modifier::DIM),
            title: plain.add_modifier(Modifier::BOLD),
            title_active: plain.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            border: plain,
            border_active: plain.add_modifier(Modifier::BOLD),
            header: plain.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            selected: plain.add_modifier(Modifier::REVERSED | Modifier::BOLD),
            ok: plain,
            warn: plain.add_modifier(Modifier::BOLD),
            danger: plain.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            key: plain.add_modifier(Modifier::BOLD),
            badge: plain.add_modifier(Modifier::REVERSED),
            heat_low: plain,
            heat_moderate: plain.add_modifier(Modifier::UNDERLINED),
            heat_high: plain.add_modifier(Modifier::BOLD),
            heat_extreme: plain.add_modifier(Modifier::REVERSED | Modifier::BOLD),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn projector_has_nothing_dim_or_dark_and_every_style_is_bold() {
        let t = Theme::named(ThemeName::Projector);
        for s in [
            t.base,
            t.muted,
            t.title,
            t.header,
            t.border,
            t.ok,
            t.warn,
            t.danger,
            t.key,
            t.heat_low,
            t.heat_moderate,
            t.heat_high,
            t.heat_extreme,
        ] {
            assert!(s.add_modifier.contains(Modifier::BOLD), "{s:?}");
            assert!(!s.add_modifier.contains(Modifier::DIM), "{s:?}");
            assert_ne!(s.fg, Some(Color::DarkGray), "{s:?}");
        }
    }

    #[test]
    fn mono_uses_no_colour() {
        let t = Theme::named(ThemeName::Mono);
        for s in [
            t.base,
            t.selected,
            t.danger,
            t.heat_extreme,
            t.badge,
            t.warn,
        ] {
            assert_eq!(s.fg, None);
            assert_eq!(s.bg, None);
        }
    }

    /// A colour's hue, whether bright or not.
    fn hue(c: Option<Color>) -> Option<Color> {
        c.map(|c| match c {
            Color::LightRed => Color::Red,
            Color::LightGreen => Color::Green,
            Color::LightYellow => Color::Yellow,
            Color::LightBlue => Color::Blue,
            Color::LightMagenta => Color::Magenta,
            Color::LightCyan => Color::Cyan,
            Color::DarkGray => Color::Black,
            other => other,
        })
    }

    #[test]
    fn every_band_is_told_apart_by_more_than_brightness_in_every_theme() {
        for name in [
            ThemeName::Default,
            ThemeName::HighContrast,
            ThemeName::Mono,
            ThemeName::Projector,
        ] {
            let t = Theme::named(name);
            let bands = [t.heat_low, t.heat_moderate, t.heat_high, t.heat_extreme];
            for (i, a) in bands.iter().enumerate() {
                for b in &bands[i + 1..] {
                    // A cell is read by its fill: two fills of one hue are told apart by
                    // brightness alone, which many terminals barely show.
                    let apart = match (a.bg, b.bg) {
                        (Some(_), Some(_)) => hue(a.bg) != hue(b.bg),
                        _ => a.add_modifier != b.add_modifier,
                    };
                    assert!(apart, "{name:?}: {a:?} and {b:?}");
                }
            }
        }
    }

    #[test]
    fn selection_never_depends_on_colour_alone() {
        for name in [
            ThemeName::Default,
            ThemeName::HighContrast,
            ThemeName::Mono,
            ThemeName::Projector,
        ] {
            let t = Theme::named(name);
            assert!(t.selected.add_modifier.contains(Modifier::BOLD), "{name:?}");
            assert!(t.danger.add_modifier.contains(Modifier::BOLD), "{name:?}");
        }
    }
}
