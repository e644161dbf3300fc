//! Text for a terminal: control characters (escape sequences among them) replaced, so a name or
//! a reason read from anywhere cannot move the cursor or change the screen.

/// Replaces control characters (including ESC, CR, tabs and C1 controls) with a space.
pub fn clean(s: &str) -> String {
    if !s.chars().any(char::is_control) {
        return s.to_string();
    }
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::clean;

    #[test]
    fn control_characters_become_spaces() {
        assert_eq!(clean("a\u{1b}[2Jb\r\tc\u{9b}"), "a [2Jb  c ");
        assert_eq!(clean("Age UK"), "Age UK");
    }
}
