//! The tables that travel as files: their names, columns (in schema order, taken from the store's
//! `*_COLUMNS` constants), primary keys, and which columns a file may leave out.

use crate::error::{HubError, Result};
use crate::store::{delivery_plans, members, opportunities, prime, risks, subcontracts};

/// One table as a file.
#[derive(Debug)]
pub struct TableSpec {
    /// Table name, and the file's stem (`members` → `members.csv`).
    pub name: &'static str,
    /// Columns in schema order, comma-separated, as the store declares them.
    pub columns: &'static str,
    /// Primary-key columns, in order; export sorts rows by them.
    pub key: &'static [&'static str],
    /// Columns a file may omit: nullable ones, those with a default, and `row_version`.
    pub optional: &'static [&'static str],
    /// Columns written as JSON numbers; every other column is a JSON string (or null).
    pub integers: &'static [&'static str],
    /// Columns that may be NULL: an empty CSV field or JSON null reads as NULL.
    pub nullable: &'static [&'static str],
}

impl TableSpec {
    pub fn column_names(&self) -> Vec<&'static str> {
        self.columns.split(',').map(str::trim).collect()
    }
    pub fn is_integer(&self, column: &str) -> bool {
        self.integers.contains(&column)
    }
    pub fn is_nullable(&self, column: &str) -> bool {
        self.nullable.contains(&column)
    }
    pub fn is_optional(&self, column: &str) -> bool {
        self.optional.contains(&column)
    }
    pub fn file_name(&self, extension: &str) -> String {
        format!("{}.{extension}", self.name)
    }
}

/// The table named `name`, as a file.
pub fn spec(name: &str) -> Result<&'static TableSpec> {
    TABLES
        .iter()
        .find(|t| t.name == name)
        .ok_or_else(|| HubError::Invalid(format!("no table file is called {name}")))
}

/// Every exported table, in foreign-key order: a table only refers to tables before it (and
/// sub-contracts to themselves, through `transferred_from`). Import reads files in this order.
pub const TABLES: &[TableSpec] = &[
    TableSpec {
        name: "commissioners",
        columns: opportunities::COMMISSIONER_COLUMNS,
        key: &["code"],
        optional: &[],
        integers: &[],
        nullable: &[],
    },
    TableSpec {
        name: "members",
        columns: members::MEMBER_COLUMNS,
        key: &["code"],
        optional: &["clusters", "row_version", "left_on"],
        integers: &["staff", "volunteers", "row_version"],
        nullable: &["left_on"],
    },
    TableSpec {
        name: "member_capacity",
        columns: members::CAPACITY_COLUMNS,
        key: &["member", "service_line"],
        optional: &[],
        integers: &["units_per_month"],
        nullable: &[],
    },
    TableSpec {
        name: "compliance_items",
        columns: members::COMPLIANCE_COLUMNS,
        key: &["member", "kind", "reference"],
        optional: &[],
        integers: &[],
        nullable: &[],
    },
    TableSpec {
        name: "opportunities",
        columns: opportunities::OPPORTUNITY_COLUMNS,
        key: &["code"],
        optional: &[
            "bid_score",
            "decision",
            "decision_reason",
            "award_route",
            "row_version",
        ],
        integers: &["duration_months", "bid_score", "row_version"],
        nullable: &["bid_score", "decision", "decision_reason", "award_route"],
    },
    TableSpec {
        name: "delivery_plans",
        columns: delivery_plans::PLAN_COLUMNS,
        key: &["opportunity", "member"],
        optional: &[],
        integers: &["units_per_month"],
        nullable: &[],
    },
    TableSpec {
        name: "prime_contracts",
        columns: prime::PRIME_COLUMNS,
        key: &["opportunity"],
        optional: &[],
        integers: &[],
        nullable: &[],
    },
    TableSpec {
        name: "contract_variations",
        columns: prime::VARIATION_COLUMNS,
        key: &["opportunity", "agreed", "value_after", "end_after"],
        optional: &[],
        integers: &[],
        nullable: &[],
    },
    TableSpec {
        name: "subcontracts",
        columns: subcontracts::SUBCONTRACT_COLUMNS,
        key: &["code"],
        optional: &["let_by", "transferred_from", "row_version", "unit_rate"],
        integers: &["units_per_month", "row_version"],
        nullable: &["let_by", "transferred_from", "unit_rate"],
    },
    TableSpec {
        name: "payment_terms",
        columns: prime::TERMS_COLUMNS,
        key: &["subcontract"],
        optional: &[],
        integers: &["outcomes_owed"],
        nullable: &[],
    },
    TableSpec {
        name: "monitoring_returns",
        columns: subcontracts::RETURN_COLUMNS,
        key: &["subcontract", "period"],
        optional: &["submitted", "quality_grade"],
        integers: &[
            "units_target",
            "units_delivered",
            "outcomes_target",
            "outcomes_achieved",
            "milestones_due",
            "milestones_met",
            "quality_grade",
            "referrals",
        ],
        nullable: &["submitted", "quality_grade"],
    },
    TableSpec {
        name: "delivery_profiles",
        columns: subcontracts::PROFILE_COLUMNS,
        key: &["subcontract", "revision"],
        optional: &[],
        integers: &["revision", "units_per_month"],
        nullable: &[],
    },
    TableSpec {
        name: "suspensions",
        columns: subcontracts::SUSPENSION_COLUMNS,
        key: &["subcontract", "decided"],
        optional: &["lifted", "transferred_to"],
        integers: &["urgent"],
        nullable: &["lifted", "transferred_to"],
    },
    TableSpec {
        name: "claims",
        columns: subcontracts::CLAIM_COLUMNS,
        key: &["code"],
        optional: &[],
        integers: &[],
        nullable: &[],
    },
    TableSpec {
        name: "risks",
        columns: risks::RISK_COLUMNS,
        key: &["code"],
        optional: &[
            "preventative_controls",
            "curative_controls",
            "net_probability",
            "net_impact",
            "entity_code",
            "generated_by",
        ],
        integers: &[
            "gross_probability",
            "gross_impact",
            "net_probability",
            "net_impact",
        ],
        nullable: &[
            "net_probability",
            "net_impact",
            "entity_code",
            "generated_by",
        ],
    },
];

/// The table a file stem names, if any.
pub fn table(name: &str) -> Option<&'static TableSpec> {
    TABLES.iter().find(|t| t.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_column_exists_in_its_table() {
        for t in TABLES {
            let cols = t.column_names();
            for c in t
                .key
                .iter()
                .chain(t.optional)
                .chain(t.integers)
                .chain(t.nullable)
            {
                assert!(cols.contains(c), "{}: {c} is not a column", t.name);
            }
            for c in t.nullable {
                assert!(
                    t.is_optional(c),
                    "{}: nullable {c} should be optional",
                    t.name
                );
            }
        }
    }

    #[test]
    fn tables_only_refer_to_earlier_tables() {
        let pos = |n: &str| TABLES.iter().position(|t| t.name == n).unwrap();
        assert!(pos("members") < pos("member_capacity"));
        assert!(pos("commissioners") < pos("opportunities"));
        assert!(pos("opportunities") < pos("subcontracts"));
        assert!(pos("subcontracts") < pos("monitoring_returns"));
        assert!(pos("subcontracts") < pos("claims"));
        assert!(pos("opportunities") < pos("prime_contracts"));
        assert!(pos("opportunities") < pos("contract_variations"));
        assert!(pos("subcontracts") < pos("payment_terms"));
    }
}
