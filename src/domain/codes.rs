//! Typed identities: code newtypes for the records a decision names (so a member's code cannot be
//! passed where a sub-contract's is meant), and `EntityRef`, the kind and code that the audit log,
//! navigation and detail views use to say which record they are about.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

macro_rules! code_newtype {
    ($(#[$meta:meta])* $name:ident, $kind:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// The code as typed, trimmed.
            pub fn new(code: impl Into<String>) -> Self {
                let s: String = code.into();
                $name(s.trim().to_string())
            }
            pub fn as_str(&self) -> &str {
                &self.0
            }
            /// The audit log's and navigation's reference to this record.
            pub fn entity(&self) -> EntityRef {
                EntityRef::new(Entity::$kind, self.0.clone())
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                $name::new(s)
            }
        }

        impl From<String> for $name {
            fn from(s: String) -> Self {
                $name::new(s)
            }
        }

        impl From<&String> for $name {
            fn from(s: &String) -> Self {
                $name::new(s.as_str())
            }
        }

        impl std::ops::Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                &self.0 == other
            }
        }
    };
}

code_newtype!(
    /// A member's code (`KN01`).
    MemberCode, Member
);
code_newtype!(
    /// An opportunity's code (`OP-016`).
    OpportunityCode, Opportunity
);
code_newtype!(
    /// A sub-contract's code (`SC-0106`).
    SubContractCode, SubContract
);
code_newtype!(
    /// A risk's code (`R-008`).
    RiskCode, Risk
);

/// The kinds of record an `EntityRef` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Entity {
    Member,
    Opportunity,
    SubContract,
    Risk,
    Claim,
    /// The whole database (an import, a demo).
    Database,
}

impl Entity {
    pub const ALL: [Entity; 6] = [
        Entity::Member,
        Entity::Opportunity,
        Entity::SubContract,
        Entity::Risk,
        Entity::Claim,
        Entity::Database,
    ];

    /// The word before the colon in `subcontract:SC-0001`.
    pub fn code(self) -> &'static str {
        match self {
            Entity::Member => "member",
            Entity::Opportunity => "opportunity",
            Entity::SubContract => "subcontract",
            Entity::Risk => "risk",
            Entity::Claim => "claim",
            Entity::Database => "database",
        }
    }

    /// Words for the screen.
    pub fn label(self) -> &'static str {
        match self {
            Entity::Member => "Member",
            Entity::Opportunity => "Opportunity",
            Entity::SubContract => "Sub-contract",
            Entity::Risk => "Risk",
            Entity::Claim => "Claim",
            Entity::Database => "Database",
        }
    }
}

/// Which record: a kind and a code. Written `subcontract:SC-0001` in the audit log, `database`
/// for the whole database.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntityRef {
    pub kind: Entity,
    pub code: String,
}

impl EntityRef {
    pub fn new(kind: Entity, code: impl Into<String>) -> EntityRef {
        EntityRef {
            kind,
            code: code.into(),
        }
    }
    pub fn member(code: &str) -> EntityRef {
        EntityRef::new(Entity::Member, code)
    }
    pub fn opportunity(code: &str) -> EntityRef {
        EntityRef::new(Entity::Opportunity, code)
    }
    pub fn subcontract(code: &str) -> EntityRef {
        EntityRef::new(Entity::SubContract, code)
    }
    pub fn risk(code: &str) -> EntityRef {
        EntityRef::new(Entity::Risk, code)
    }
    pub fn database() -> EntityRef {
        EntityRef::new(Entity::Database, "")
    }

    /// `Sub-contract SC-0001`, for the screen.
    pub fn describe(&self) -> String {
        if self.code.is_empty() {
            self.kind.label().to_string()
        } else {
            format!("{} {}", self.kind.label(), self.code)
        }
    }
}

impl fmt::Display for EntityRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.code.is_empty() {
            f.write_str(self.kind.code())
        } else {
            write!(f, "{}:{}", self.kind.code(), self.code)
        }
    }
}

impl FromStr for EntityRef {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let t = s.trim();
        let (kind, code) = t.split_once(':').unwrap_or((t, ""));
        let kind = Entity::ALL
            .into_iter()
            .find(|k| k.code() == kind)
            .ok_or_else(|| {
                let kinds: Vec<&str> = Entity::ALL.iter().map(|k| k.code()).collect();
                format!(
                    "'{t}' does not name a record (expected kind:code, the kind one of {})",
                    kinds.join(", ")
                )
            })?;
        if code.is_empty() != (kind == Entity::Database) {
            return Err(format!(
                "'{t}' needs a code after the colon, as in member:KN01"
            ));
        }
        Ok(EntityRef::new(kind, code))
    }
}

impl Serialize for EntityRef {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for EntityRef {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_round_trip_through_their_text() {
        for text in [
            "subcontract:SC-0001",
            "member:KN01",
            "risk:R-008",
            "database",
        ] {
            let r: EntityRef = text.parse().unwrap();
            assert_eq!(r.to_string(), text);
        }
        assert_eq!(
            SubContractCode::from(" SC-0106 ").entity(),
            EntityRef::subcontract("SC-0106")
        );
    }

    #[test]
    fn malformed_references_are_refused() {
        assert!("widget:1".parse::<EntityRef>().is_err());
        assert!("member:".parse::<EntityRef>().is_err());
        assert!("member".parse::<EntityRef>().is_err());
        assert!("database:x".parse::<EntityRef>().is_err());
    }
}
