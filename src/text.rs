//! Text from anywhere made safe to show: for a terminal, control characters (escape sequences
//! among them) and the invisible characters that reorder or hide text are replaced, so a name or
//! a reason cannot move the cursor, change the screen or read backwards; for a spreadsheet, a
//! cell that would start a formula is kept as text; for Markdown, HTML is escaped.

/// Characters that reorder text or take no room: bidirectional overrides and isolates, and
/// zero-width spaces and joiners.
fn invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

fn unsafe_char(c: char) -> bool {
    c.is_control() || invisible(c)
}

/// Whether `s` is safe to show as it is: no control, bidirectional or zero-width character.
pub fn is_clean(s: &str) -> bool {
    // Printable ASCII, the common case, is told from its bytes alone.
    s.bytes().all(|b| (0x20..0x7F).contains(&b)) || !s.chars().any(unsafe_char)
}

/// Replaces control characters (including ESC, CR, tabs and C1 controls) with a space, and shows
/// bidirectional and zero-width characters as their code (`<U+202E>`).
pub fn clean(s: &str) -> String {
    if is_clean(s) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_control() {
            out.push(' ');
        } else if invisible(c) {
            out.push_str(&format!("<U+{:04X}>", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// A cell for a spreadsheet: one that would start a formula (`=`, `+`, `-`, `@`, or a tab or
/// carriage return before one) gets a leading apostrophe, unless it is a plain number such as
/// `-6.2`.
pub fn for_spreadsheet(s: &str) -> String {
    let starts_formula = s.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if starts_formula && s.trim().parse::<f64>().is_err() {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// Text for Markdown: `<`, `>` and `&` escaped so nothing in it is read as HTML.
pub fn for_markdown(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::clean;

    #[test]
    fn invisible_characters_show_their_codes() {
        for (text, clean_already) in [
            ("Age UK Knowsley", true),
            ("Café £3 – “quoted”", true),
            ("tab\there", false),
            ("del\u{7f}", false),
            ("c1\u{85}", false),
            ("abc\u{202e}fed", false),
            ("bom\u{feff}", false),
        ] {
            assert_eq!(super::is_clean(text), clean_already, "{text:?}");
            assert_eq!(clean(text) == text, clean_already, "{text:?}");
        }
        assert_eq!(clean("abc\u{202e}fed"), "abc<U+202E>fed");
        assert_eq!(clean("a\u{200b}b"), "a<U+200B>b");
    }

    #[test]
    fn formulas_are_kept_as_text_in_a_spreadsheet() {
        use super::for_spreadsheet as f;
        assert_eq!(f("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(f("+cmd|' /C calc'!A0"), "'+cmd|' /C calc'!A0");
        assert_eq!(f("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(f("-6.2"), "-6.2");
        assert_eq!(f("Age UK"), "Age UK");
    }

    #[test]
    fn html_is_escaped_for_markdown() {
        assert_eq!(
            super::for_markdown("<script>a&b</script>"),
            "&lt;script&gt;a&amp;b&lt;/script&gt;"
        );
    }

    #[test]
    fn control_characters_become_spaces() {
        assert_eq!(clean("a\u{1b}[2Jb\r\tc\u{9b}"), "a [2Jb  c ");
        assert_eq!(clean("Age UK"), "Age UK");
    }
}
