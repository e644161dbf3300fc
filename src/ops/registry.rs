//! The register of decisions: one line each. From it come `DecisionKind` (every decision, by name),
//! `DecisionKind::ALL`, and `visit`, through which the front ends and the tests run any decision
//! generically. Adding a decision is its module in `src/ops/` and one line here.

use super::decision::{Decision, Spec};
use super::{
    award, bid, board_approval, clawback, competitive, corrections, delivery_plan, import,
    improvement, joint_award, member_leave, member_record, members, ocds_import, opportunity_add,
    opportunity_edit, reinstate, reprofile, returns, returns_import, risks, stage, suspend,
    transfer, vary, warning,
};

/// A decision's place in the register.
pub trait Registered {
    const KIND: DecisionKind;
}

/// Something done with one decision type, whichever it is.
pub trait Visitor {
    type Output;
    fn visit<D: Decision + Registered>(self) -> Self::Output;
}

macro_rules! register {
    ($($kind:ident => $ty:path,)+) => {
        /// Every decision the hub can take.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum DecisionKind { $($kind),+ }

        impl DecisionKind {
            pub const ALL: &'static [DecisionKind] = &[$(DecisionKind::$kind),+];

            /// Runs `v` with this decision's type.
            pub fn visit<V: Visitor>(self, v: V) -> V::Output {
                match self {
                    $(DecisionKind::$kind => v.visit::<$ty>(),)+
                }
            }
        }

        $(impl Registered for $ty {
            const KIND: DecisionKind = DecisionKind::$kind;
        })+
    };
}

register! {
    Award => award::Award,
    JointAward => joint_award::JointAward,
    CompetitiveAward => competitive::CompetitiveAward,
    Suspend => suspend::Suspend,
    Reinstate => reinstate::Reinstate,
    Transfer => transfer::Transfer,
    Clawback => clawback::Clawback,
    Reprofile => reprofile::Reprofile,
    Vary => vary::Vary,
    ReturnRecord => returns::RecordReturn,
    ReturnCorrect => returns::CorrectReturn,
    ReturnsImport => returns_import::ImportReturns,
    ComplianceRenew => members::RenewCompliance,
    MemberTier => members::ChangeTier,
    Capacity => members::SetCapacity,
    MemberAdd => member_record::AddMember,
    MemberEdit => member_record::EditMember,
    MemberLeave => member_leave::LeaveMember,
    Withdraw => corrections::WithdrawAward,
    ReverseClaim => corrections::ReverseClaim,
    Stage => stage::AdvanceStage,
    Bid => bid::DecideBid,
    OpportunityAdd => opportunity_add::AddOpportunity,
    OpportunityEdit => opportunity_edit::EditOpportunity,
    DeliveryPlan => delivery_plan::SetDeliveryPlan,
    BoardApproval => board_approval::ApproveDecision,
    Warn => warning::Warn,
    ClearWarning => warning::ClearWarning,
    ImprovementAdd => improvement::ImprovementAdd,
    ImprovementDone => improvement::ImprovementDone,
    RiskAdd => risks::RiskAdd,
    RiskEdit => risks::RiskEdit,
    RiskClose => risks::RiskClose,
    RiskReopen => risks::RiskReopen,
    Import => import::Import,
    OcdsImport => ocds_import::OcdsImport,
}

struct SpecOf;

impl Visitor for SpecOf {
    type Output = &'static Spec;
    fn visit<D: Decision + Registered>(self) -> &'static Spec {
        D::spec()
    }
}

impl DecisionKind {
    pub fn spec(self) -> &'static Spec {
        self.visit(SpecOf)
    }

    /// The decision's name (`suspend`), as in JSON and the config file.
    pub fn name(self) -> &'static str {
        self.spec().name
    }

    pub fn from_name(name: &str) -> Option<DecisionKind> {
        DecisionKind::ALL.iter().copied().find(|k| k.name() == name)
    }
}

impl std::fmt::Display for DecisionKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_command_routes_are_unique() {
        let mut names = std::collections::BTreeSet::new();
        let mut routes = std::collections::BTreeSet::new();
        for k in DecisionKind::ALL {
            let s = k.spec();
            assert!(names.insert(s.name), "{} named twice", s.name);
            assert!(
                routes.insert((s.command, s.route)),
                "{} shares its command and route",
                s.name
            );
            if let Some(r) = s.route {
                assert!(s.field(r).is_some(), "{}: route field {r} missing", s.name);
            }
            assert_eq!(DecisionKind::from_name(s.name), Some(*k));
        }
    }

    #[test]
    fn field_keys_are_unique_within_a_decision_and_agree_across_a_shared_command() {
        for k in DecisionKind::ALL {
            let s = k.spec();
            for (i, f) in s.fields.iter().enumerate() {
                assert!(
                    s.fields[..i].iter().all(|g| g.key != f.key),
                    "{}: field {} twice",
                    s.name,
                    f.key
                );
                assert!(!["reason", "override_reason", "dry_run", "json"].contains(&f.key));
            }
        }
    }
}
