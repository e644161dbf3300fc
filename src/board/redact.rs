//! Redaction: member names become stable pseudonyms (Provider A, B, … in member-code order, so
//! the same database gives the same names on every slide, in every pack and on every run), and
//! the configured confidential figures are hidden.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::config::{BoardConfig, Confidential};

#[derive(Debug, Clone, Default)]
pub struct Redaction {
    pub on: bool,
    hidden: HashSet<Confidential>,
    /// Member code → (name, pseudonym).
    members: BTreeMap<String, (String, String)>,
    /// First character → (text to find, replacement), longest first so "Age UK Knowsley" wins
    /// over "Age UK"; indexed so a large membership does not make every text slow.
    replacements: HashMap<char, Vec<(String, String)>>,
}

/// The `n`th pseudonym letter run: A…Z, then AA, AB, … (spreadsheet column style).
pub fn letters(mut n: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (n % 26) as u8);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

impl Redaction {
    /// `members` are (code, name) pairs; pseudonyms follow code order whatever order they come in.
    pub fn new(on: bool, config: &BoardConfig, members: &[(String, String)]) -> Redaction {
        let mut sorted: Vec<&(String, String)> = members.iter().collect();
        sorted.sort_by(|a, b| a.0.cmp(&b.0));
        let map: BTreeMap<String, (String, String)> = sorted
            .iter()
            .enumerate()
            .map(|(i, (code, name))| {
                (
                    code.clone(),
                    (name.clone(), format!("Provider {}", letters(i))),
                )
            })
            .collect();
        let mut replacements: Vec<(String, String)> = map
            .iter()
            .flat_map(|(code, (name, alias))| {
                [(name.clone(), alias.clone()), (code.clone(), alias.clone())]
            })
            .filter(|(find, _)| find.chars().count() >= 2)
            .collect();
        replacements.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        let mut index: HashMap<char, Vec<(String, String)>> = HashMap::new();
        for (find, alias) in replacements {
            if let Some(c) = find.chars().next() {
                index.entry(c).or_default().push((find, alias));
            }
        }
        Redaction {
            on,
            hidden: config.confidential.iter().copied().collect(),
            members: map,
            replacements: index,
        }
    }

    pub fn toggled(&self) -> Redaction {
        Redaction {
            on: !self.on,
            ..self.clone()
        }
    }

    /// True when `kind` is hidden now.
    pub fn hides(&self, kind: Confidential) -> bool {
        self.on && self.hidden.contains(&kind)
    }

    /// `shown` unless redaction hides `kind`.
    pub fn figure(&self, kind: Confidential, shown: String) -> String {
        if self.hides(kind) {
            super::format::REDACTED.into()
        } else {
            shown
        }
    }

    /// The member's name, or its pseudonym when redacting.
    pub fn member_name(&self, code: &str, name: &str) -> String {
        match (self.on, self.members.get(code)) {
            (true, Some((_, alias))) => alias.clone(),
            (true, None) => "Provider ?".into(),
            (false, _) => name.to_string(),
        }
    }

    /// The member's code, or its pseudonym when redacting (codes identify members too).
    pub fn member_code(&self, code: &str) -> String {
        match (self.on, self.members.get(code)) {
            (true, Some((_, alias))) => alias.clone(),
            _ => code.to_string(),
        }
    }

    /// Free text (reasons, risk titles, triage explanations, audit text) as redaction shows it:
    /// every member name and code replaced by its pseudonym, and — when any money figure is
    /// confidential — every amount of money in it hidden, since a why-line's "paid £X against
    /// £Y earned" is the figure its column hides.
    pub fn text(&self, s: &str) -> String {
        if !self.on {
            return s.to_string();
        }
        let named = self.names(s);
        let money_hidden = [
            Confidential::SubcontractValues,
            Confidential::MemberIncome,
            Confidential::MoneyAtRisk,
            Confidential::OpportunityValues,
            Confidential::TopSliceIncome,
        ]
        .iter()
        .any(|k| self.hides(*k));
        if money_hidden {
            mask_money(&named)
        } else {
            named
        }
    }

    /// Every member name and code replaced by its pseudonym: at each position the longest name
    /// or code starting there wins, and only as a whole word (so KN1 does not touch KN10).
    fn names(&self, s: &str) -> String {
        let is_word = |c: char| c.is_alphanumeric() || c == '_' || c == '-';
        let mut out = String::with_capacity(s.len());
        let mut pos = 0;
        let mut prev: Option<char> = None;
        while let Some(c) = s[pos..].chars().next() {
            let rest = &s[pos..];
            let hit = self.replacements.get(&c).and_then(|cands| {
                cands.iter().find(|(find, _)| {
                    rest.starts_with(find.as_str())
                        && !(is_word(c) && prev.is_some_and(is_word))
                        && !(find.chars().next_back().is_some_and(is_word)
                            && rest[find.len()..].chars().next().is_some_and(is_word))
                })
            });
            match hit {
                Some((find, alias)) => {
                    out.push_str(alias);
                    prev = find.chars().next_back();
                    pos += find.len();
                }
                None => {
                    out.push(c);
                    prev = Some(c);
                    pos += c.len_utf8();
                }
            }
        }
        out
    }
}

/// `s` with every amount of money (`£1,234.56`, `£12.7m`, `£749k`) replaced by `redacted`.
pub fn mask_money(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('£') {
        out.push_str(&rest[..at]);
        let after = &rest[at + '£'.len_utf8()..];
        let digits = after
            .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
            .unwrap_or(after.len());
        // A trailing full stop or comma ends the sentence, not the amount.
        let amount = after[..digits].trim_end_matches(['.', ',']);
        if amount.is_empty() {
            out.push('£');
            rest = after;
            continue;
        }
        let mut end = amount.len();
        if after[end..].starts_with("bn") {
            end += 2;
        } else if after[end..].starts_with(['k', 'm']) {
            end += 1;
        }
        out.push_str(super::format::REDACTED);
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_in_free_text_is_hidden_whatever_its_form() {
        assert_eq!(
            mask_money(
                "paid £135,740.70 against £108,748.57 earned: £26,992.13 claw-back exposure."
            ),
            "paid redacted against redacted earned: redacted claw-back exposure."
        );
        assert_eq!(
            mask_money("£12.7m and £749k, £5bn; a £ sign"),
            "redacted and redacted, redacted; a £ sign"
        );
    }

    #[test]
    fn redacted_text_hides_money_when_a_money_figure_is_confidential() {
        let r = Redaction::new(true, &BoardConfig::default(), &members());
        assert_eq!(
            r.text("KN01 was paid £5.00"),
            "Provider A was paid redacted"
        );
        let none = BoardConfig {
            confidential: vec![],
            ..BoardConfig::default()
        };
        let r = Redaction::new(true, &none, &members());
        assert_eq!(r.text("KN01 was paid £5.00"), "Provider A was paid £5.00");
        assert_eq!(
            r.toggled().text("KN01 was paid £5.00"),
            "KN01 was paid £5.00"
        );
    }

    fn members() -> Vec<(String, String)> {
        vec![
            ("KN10".into(), "Age UK Knowsley".into()),
            ("KN01".into(), "Age UK".into()),
            ("KN02".into(), "Listening Ear".into()),
        ]
    }

    #[test]
    fn pseudonyms_follow_member_code_order() {
        let r = Redaction::new(true, &BoardConfig::default(), &members());
        assert_eq!(r.member_name("KN01", "Age UK"), "Provider A");
        assert_eq!(r.member_name("KN02", "Listening Ear"), "Provider B");
        assert_eq!(r.member_name("KN10", "Age UK Knowsley"), "Provider C");
        let off = r.toggled();
        assert_eq!(off.member_name("KN01", "Age UK"), "Age UK");
    }

    #[test]
    fn letters_run_past_z() {
        assert_eq!(letters(0), "A");
        assert_eq!(letters(25), "Z");
        assert_eq!(letters(26), "AA");
        assert_eq!(letters(27), "AB");
        assert_eq!(letters(26 + 26 * 26), "AAA");
    }

    #[test]
    fn text_replaces_longest_names_first_and_codes_as_words() {
        let r = Redaction::new(true, &BoardConfig::default(), &members());
        assert_eq!(
            r.text("Moved from Age UK Knowsley to Age UK (KN01, not KN010)"),
            "Moved from Provider C to Provider A (Provider A, not KN010)"
        );
    }

    #[test]
    fn only_configured_figures_are_hidden_and_only_when_on() {
        let r = Redaction::new(true, &BoardConfig::default(), &members());
        assert_eq!(
            r.figure(Confidential::MoneyAtRisk, "£5".into()),
            super::super::format::REDACTED
        );
        assert_eq!(r.figure(Confidential::TopSliceIncome, "£5".into()), "£5");
        assert_eq!(
            r.toggled().figure(Confidential::MoneyAtRisk, "£5".into()),
            "£5"
        );
    }
}
