//! The `[ocds]` section: who the consortium is in published data, and which service line each CPV
//! classification of a notice means.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OcdsConfig {
    /// The consortium's name as a party in exported data, and as a supplier recognised in an
    /// imported award (a complete notice awarded to it is won, to anyone else lost).
    pub consortium_name: String,
    /// Its organisation identifier, scheme and number (`GB-CHC-1234567`, `GB-COH-01234567`);
    /// empty when it has none.
    pub consortium_id: String,
    /// The ocid prefix the consortium publishes under (`ocds-` and six characters from the
    /// standard's registry); `export --prefix` wins over it.
    pub ocid_prefix: String,
    /// CPV code or prefix → service line. The longest prefix of an item's CPV code that is listed
    /// wins; a notice whose codes match none gets the service line `Unclassified`. Exports give
    /// each service line the first full code that names it.
    pub service_lines: BTreeMap<String, String>,
}

/// The service line of a notice none of whose CPV codes is mapped.
pub const UNCLASSIFIED: &str = "Unclassified";

impl Default for OcdsConfig {
    fn default() -> Self {
        let lines = [
            ("85312310", "Welfare benefits advice"),
            ("85312320", "Debt advice"),
            ("85321000", "Independent advocacy"),
            ("85323000", "Social prescribing"),
            ("85312500", "Mental health peer support"),
            ("85312400", "Family support"),
            ("98133110", "Youth work"),
            ("80400000", "Adult community learning"),
            ("80533100", "Digital inclusion"),
            ("77310000", "Green space volunteering"),
            ("77300000", "Community growing"),
            ("79611000", "Employment support"),
            ("79411100", "Enterprise coaching"),
            ("853", "Social work services"),
            ("85", "Health and social work services"),
            ("80", "Education and training services"),
            ("98", "Community and personal services"),
        ];
        OcdsConfig {
            consortium_name: "The consortium".into(),
            consortium_id: String::new(),
            ocid_prefix: "ocds-hubbrd".into(),
            service_lines: lines
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }
}

impl OcdsConfig {
    /// The service line a notice's CPV codes mean: the longest listed prefix of any of them.
    pub fn service_line_of<'a>(&'a self, cpvs: &[String]) -> Option<&'a str> {
        // The longest prefix wins; between equally long ones, the notice's first code.
        cpvs.iter()
            .enumerate()
            .flat_map(|(i, cpv)| {
                self.service_lines
                    .iter()
                    .filter(move |(prefix, _)| cpv.starts_with(prefix.as_str()))
                    .map(move |(prefix, line)| (prefix.len(), std::cmp::Reverse(i), line))
            })
            .max_by_key(|(len, first, _)| (*len, *first))
            .map(|(_, _, line)| line.as_str())
    }

    /// The CPV code an export gives `service_line`: the first full (eight-digit) code naming it,
    /// else 85000000 (health and social work services).
    pub fn cpv_of(&self, service_line: &str) -> &str {
        self.service_lines
            .iter()
            .find(|(code, line)| code.len() == 8 && line.eq_ignore_ascii_case(service_line))
            .map_or("85000000", |(code, _)| code.as_str())
    }

    /// The consortium's party id in exported data.
    pub fn party_id(&self) -> String {
        if self.consortium_id.trim().is_empty() {
            "consortium".into()
        } else {
            self.consortium_id.trim().to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_listed_prefix_names_the_service_line_and_back() {
        let c = OcdsConfig::default();
        let of = |codes: &[&str]| {
            c.service_line_of(&codes.iter().map(|s| s.to_string()).collect::<Vec<_>>())
        };
        assert_eq!(of(&["85312400"]), Some("Family support"));
        assert_eq!(of(&["85311000"]), Some("Social work services"));
        assert_eq!(of(&["85100000"]), Some("Health and social work services"));
        assert_eq!(of(&["45000000", "85312400"]), Some("Family support"));
        assert_eq!(of(&["45000000"]), None);
        assert_eq!(c.cpv_of("family support"), "85312400");
        assert_eq!(c.cpv_of("Unknown line"), "85000000");
    }
}
