//! The closed vocabularies of the domain. Each has a stable snake_case code (database, files,
//! command line) and UK words for the screen.

use std::fmt;
use std::str::FromStr;

/// Declares an enum with its codes and labels, `ALL`, `code()`, `label()`, `FromStr` (with a
/// message listing the allowed codes) and serde as the code.
macro_rules! domain_enum {
    ($(#[$meta:meta])* $name:ident, $what:literal { $($variant:ident => $code:literal, $label:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The stable code used in the database and in files.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }
            /// Words for the screen.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }
            pub fn codes() -> String {
                [$($code),+].join(", ")
            }
        }

        impl FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                let t = s.trim();
                match t {
                    $($code => Ok($name::$variant),)+
                    _ => {
                        let article = if $what.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
                        Err(format!("'{}' is not {article} {} (expected one of: {})", t, $what, $name::codes()))
                    }
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.code())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.code())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

domain_enum!(
    /// Full members may hold sub-contracts and vote; associates may not hold sub-contracts.
    Tier, "membership tier" {
        Full => "full", "Full";
        Associate => "associate", "Associate";
    }
);

domain_enum!(
    OrgType, "organisation type" {
        RegisteredCharity => "registered_charity", "Registered charity";
        Cio => "cio", "CIO";
        SocialEnterprise => "social_enterprise", "Social enterprise / CIC";
        CompanyLimitedByGuarantee => "company_limited_by_guarantee", "Company limited by guarantee";
        Cooperative => "cooperative", "Co-operative";
        NationalCharity => "national_charity", "National charity (local presence)";
    }
);

domain_enum!(
    /// The "fit for contracting" items, each with an expiry date.
    ComplianceKind, "compliance item kind" {
        QualityMark => "quality_mark", "Quality mark";
        PublicLiabilityInsurance => "public_liability_insurance", "Public liability insurance";
        SafeguardingPolicy => "safeguarding_policy", "Safeguarding policy";
        HealthAndSafety => "health_and_safety", "Health & safety policy";
        SelfAssessmentReport => "self_assessment_report", "Annual self-assessment report";
        Accounts => "accounts", "Accounts";
    }
);

domain_enum!(
    OpportunityKind, "opportunity kind" {
        Tender => "tender", "Tender";
        Grant => "grant", "Grant";
        FrameworkCallOff => "framework_call_off", "Framework call-off";
        RightToChallenge => "right_to_challenge", "Right to Challenge";
        SelfGenerated => "self_generated", "Self-generated offer";
    }
);

domain_enum!(
    /// identified → pre-qualification → ITT → submitted → won / lost; or no-bid / withdrawn.
    Stage, "opportunity stage" {
        Identified => "identified", "Identified";
        PreQualification => "pre_qualification", "PQQ / EOI";
        InvitationToTender => "invitation_to_tender", "ITT";
        Submitted => "submitted", "Submitted";
        Won => "won", "Won";
        Lost => "lost", "Lost";
        NoBid => "no_bid", "No bid";
        Withdrawn => "withdrawn", "Withdrawn";
    }
);

impl Stage {
    /// Still being pursued: counts towards the pipeline.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            Stage::Identified
                | Stage::PreQualification
                | Stage::InvitationToTender
                | Stage::Submitted
        )
    }
}

domain_enum!(
    BidDecision, "bid decision" {
        Bid => "bid", "Bid";
        Review => "review", "Review";
        NoBid => "no_bid", "No bid";
    }
);

domain_enum!(
    AwardRoute, "award route" {
        JointDelivery => "joint_delivery", "Joint delivery plan";
        Competitive => "competitive", "Competitive sub-tender";
    }
);

domain_enum!(
    PaymentModel, "payment model" {
        Block => "block", "Block";
        PaymentByResults => "payment_by_results", "Payment by results";
        Hybrid => "hybrid", "Hybrid";
        Grant => "grant", "Grant";
    }
);

domain_enum!(
    SubContractStatus, "sub-contract status" {
        Proposed => "proposed", "Proposed";
        Active => "active", "Active";
        Suspended => "suspended", "Suspended";
        Terminated => "terminated", "Terminated";
        Completed => "completed", "Completed";
    }
);

impl PaymentModel {
    /// How much of the delivery risk the provider carries: a grant least, payment by results
    /// most (paid only for outcomes, after the work).
    pub fn risk_rank(self) -> u8 {
        match self {
            PaymentModel::Grant => 0,
            PaymentModel::Block => 1,
            PaymentModel::Hybrid => 2,
            PaymentModel::PaymentByResults => 3,
        }
    }

    /// Paid wholly or partly on results, after the work: end-loaded.
    pub fn end_loaded(self) -> bool {
        matches!(self, PaymentModel::Hybrid | PaymentModel::PaymentByResults)
    }
}

impl SubContractStatus {
    /// Commits the member's capacity (counts against headroom).
    pub fn commits_capacity(self) -> bool {
        matches!(
            self,
            SubContractStatus::Proposed | SubContractStatus::Active
        )
    }
}

domain_enum!(
    RiskStatus, "risk status" {
        Open => "open", "Open";
        Closed => "closed", "Closed";
    }
);

domain_enum!(
    /// What a risk concerns.
    EntityKind, "entity kind" {
        Consortium => "consortium", "Consortium";
        Member => "member", "Member";
        SubContract => "subcontract", "Sub-contract";
        Opportunity => "opportunity", "Opportunity";
    }
);

domain_enum!(
    /// Why a sub-contract is suspended. Safeguarding and financial reasons may be urgent.
    SuspensionReason, "suspension reason" {
        UnderDelivery => "under_delivery", "Under-delivery";
        MissedReturns => "missed_returns", "Missed returns";
        Quality => "quality", "Quality";
        Safeguarding => "safeguarding", "Safeguarding";
        Financial => "financial", "Financial";
        Other => "other", "Other";
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_errors_list_the_choices() {
        for s in Stage::ALL {
            assert_eq!(s.code().parse::<Stage>().unwrap(), *s);
        }
        let e = "gold".parse::<Tier>().unwrap_err();
        assert_eq!(
            e,
            "'gold' is not a membership tier (expected one of: full, associate)"
        );
    }

    #[test]
    fn open_stages_are_the_pipeline() {
        assert!(Stage::Submitted.is_open());
        assert!(!Stage::Won.is_open());
        assert!(!Stage::NoBid.is_open());
    }
}
