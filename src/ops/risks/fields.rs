//! The fields a risk is entered with, on the command line and in the dashboard's form, and how
//! an edit's values are laid over the stored risk.

use serde::{Deserialize, Serialize};

use crate::dates;
use crate::domain::{Entity, EntityKind, Risk};
use crate::error::{HubError, Result};
use crate::ops::fields::{Field, FieldKind, Values};

/// What a person enters for a risk: everything but its code, status and `generated_by`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RiskFields {
    pub title: String,
    /// financial, governance, service, reputational, or a custom category.
    pub category: String,
    pub owner: String,
    /// The name of a configured scale.
    pub scale: String,
    pub gross_probability: u8,
    pub gross_impact: u8,
    pub preventative_controls: String,
    pub curative_controls: String,
    /// Net (residual) probability and impact after controls; `None` until judged.
    pub net: Option<(u8, u8)>,
    /// As typed: `YYYY-MM-DD` or `DD/MM/YYYY`.
    pub review_date: String,
    pub entity_kind: EntityKind,
    /// Required for, and must name an existing, member, sub-contract or opportunity.
    pub entity_code: Option<String>,
}

impl RiskFields {
    /// The fields of a stored risk, to change some and keep the rest as they were.
    pub fn of(r: &Risk) -> RiskFields {
        RiskFields {
            title: r.title.clone(),
            category: r.category.clone(),
            owner: r.owner.clone(),
            scale: r.scale.clone(),
            gross_probability: r.gross_probability,
            gross_impact: r.gross_impact,
            preventative_controls: r.preventative_controls.clone(),
            curative_controls: r.curative_controls.clone(),
            net: r.net_probability.zip(r.net_impact),
            review_date: dates::iso(r.review_date),
            entity_kind: r.entity_kind,
            entity_code: r.entity_code.clone(),
        }
    }

    /// These fields with the values given in `v` laid over them: a field left out keeps its
    /// value; `no_net` clears the net score; a new kind without a code clears the old code.
    pub fn overlaid(self, v: &Values) -> Result<RiskFields> {
        let net = match (
            v.opt_number::<u8>("net_probability")?,
            v.opt_number::<u8>("net_impact")?,
        ) {
            _ if v.flag("no_net") => None,
            (Some(p), Some(i)) => Some((p, i)),
            (None, None) => self.net,
            (None, Some(_)) => {
                return Err(HubError::wrong(
                    "net_probability",
                    "is needed with the net impact: give both or neither",
                ));
            }
            (Some(_), None) => {
                return Err(HubError::wrong(
                    "net_impact",
                    "is needed with the net probability: give both or neither",
                ));
            }
        };
        let entity_kind: Option<EntityKind> = v.opt_choice("entity")?;
        let entity_code = match (entity_kind, v.opt_text("entity_code")) {
            (_, Some(c)) => Some(c),
            (Some(_), None) => None,
            (None, None) => self.entity_code,
        };
        Ok(RiskFields {
            title: v.opt_text("title").unwrap_or(self.title),
            category: v.opt_text("category").unwrap_or(self.category),
            owner: v.opt_text("owner").unwrap_or(self.owner),
            scale: v.opt_text("scale").unwrap_or(self.scale),
            gross_probability: v
                .opt_number("probability")?
                .unwrap_or(self.gross_probability),
            gross_impact: v.opt_number("impact")?.unwrap_or(self.gross_impact),
            preventative_controls: v
                .opt_text("preventative")
                .unwrap_or(self.preventative_controls),
            curative_controls: v.opt_text("curative").unwrap_or(self.curative_controls),
            net,
            review_date: match v.opt_date("review")? {
                Some(d) => dates::iso(d),
                None => self.review_date,
            },
            entity_kind: entity_kind.unwrap_or(self.entity_kind),
            entity_code,
        })
    }
}

fn kinds() -> Vec<(&'static str, &'static str)> {
    EntityKind::ALL
        .iter()
        .map(|k| (k.code(), k.label()))
        .collect()
}

/// The fields a risk is entered with; on an edit each one left out keeps its value.
pub(super) const FIELDS: [Field; 14] = [
    Field::new("title", "Title", FieldKind::Text)
        .help("A short name for the risk")
        .required(),
    Field::new(
        "category",
        "Category (financial, governance, service, reputational, or your own)",
        FieldKind::Text,
    )
    .help("financial, governance, service, reputational, or your own")
    .required(),
    Field::new("owner", "Owner", FieldKind::Text)
        .help("Who manages it (a role or a name)")
        .required(),
    Field::new("scale", "Scale (e.g. knowsley, nhs5x5)", FieldKind::Text)
        .help("The scale it is scored on [add: default knowsley]"),
    Field::new("probability", "Gross probability", FieldKind::Count)
        .help("Gross probability: a level of the scale (1 to 7 on knowsley, 1 to 5 on nhs5x5)")
        .required(),
    Field::new("impact", "Gross impact", FieldKind::Count)
        .help("Gross impact")
        .required(),
    Field::new("preventative", "Preventative controls", FieldKind::Text)
        .help("Controls that make it less likely"),
    Field::new("curative", "Curative controls", FieldKind::Text)
        .help("Controls that lessen its impact if it happens"),
    Field::new(
        "net_probability",
        "Net probability (blank until judged)",
        FieldKind::Count,
    )
    .help("Net probability after controls (with --net-impact)"),
    Field::new(
        "net_impact",
        "Net impact (blank until judged)",
        FieldKind::Count,
    )
    .help("Net impact after controls (with --net-probability)"),
    Field::new("no_net", "Remove the net score", FieldKind::Flag)
        .help("Remove the net score (not yet judged)"),
    Field::new("review", "Review date", FieldKind::Date)
        .help("Next review")
        .required(),
    Field::new("entity", "Concerns", FieldKind::Choice(kinds)).help(
        "What it concerns: consortium, member, subcontract, opportunity (with --entity-code)",
    ),
    Field::new(
        "entity_code",
        "Linked code (member, sub-contract or opportunity)",
        FieldKind::Text,
    )
    .help("The linked member, sub-contract or opportunity"),
];

pub(super) const CODE: Field = Field::new("code", "Risk", FieldKind::Code(Entity::Risk));
pub(super) const SEEN: Field = Field::new("seen", "Seen", FieldKind::Text)
    .help("The risk's fingerprint as you last saw it (refused as a conflict if it has changed)")
    .cli_only();

/// The form for a stored risk: every field as it is, and its fingerprint.
pub(super) fn prefill(r: &Risk) -> Values {
    let f = RiskFields::of(r);
    let mut v = Values::default()
        .with("code", &r.code)
        .with("title", &f.title)
        .with("category", &f.category)
        .with("owner", &f.owner)
        .with("scale", &f.scale)
        .with("probability", &f.gross_probability.to_string())
        .with("impact", &f.gross_impact.to_string())
        .with("preventative", &f.preventative_controls)
        .with("curative", &f.curative_controls)
        .with("review", &f.review_date)
        .with("entity", f.entity_kind.code())
        .with("entity_code", f.entity_code.as_deref().unwrap_or_default())
        .with("seen", &super::fingerprint(r));
    if let Some((p, i)) = f.net {
        v.set("net_probability", &p.to_string());
        v.set("net_impact", &i.to_string());
    }
    v
}
