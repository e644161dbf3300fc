//! The consortium's own contracting as an OCDS 1.1 release package: each won opportunity is the
//! prime process (awarded to the consortium, its contract, and the payments made under it as
//! implementation transactions), each sub-contract its own process linked both ways by
//! `relatedProcesses` (`subContract` / `parent`), with the subcontracting extension's award
//! fields filled; suspensions and terminations are contract amendments with their dates. Money is
//! written as JSON numbers in pounds. With `redact`, members are named by their Board pseudonyms
//! without identifiers, and sub-contract values and payments are left out.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::Connection;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde_json::{Value, json};

use super::config::OcdsConfig;
use crate::board::config::BoardConfig;
use crate::board::config::Confidential;
use crate::board::redact::Redaction;
use crate::domain::{Member, Opportunity, Stage, SubContract, SubContractStatus, prime};
use crate::error::Result;
use crate::store::{members, ocds as stored, opportunities, subcontracts};

/// Where the subcontracting extension is published.
pub const SUBCONTRACTING_EXTENSION: &str = "https://raw.githubusercontent.com/open-contracting-extensions/ocds_subcontracting_extension/master/extension.json";

pub struct ExportOptions<'a> {
    /// `ocds-` and six characters, registered with the standard.
    pub prefix: &'a str,
    pub redact: bool,
    pub now: DateTime<Utc>,
    /// The subcontracting extension's URL, as the package declares it.
    pub extension: &'a str,
}

/// What the package holds, for the command's summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exported {
    pub primes: usize,
    pub subcontracts: usize,
    pub transactions: usize,
}

/// The settings an export reads: the consortium in published data, and the Board's redaction.
#[derive(Clone, Copy)]
pub struct Settings<'a> {
    pub ocds: &'a OcdsConfig,
    pub board: &'a BoardConfig,
}

struct Ctx<'a> {
    conn: &'a Connection,
    config: Settings<'a>,
    opts: &'a ExportOptions<'a>,
    redaction: Redaction,
    members: Vec<Member>,
    date: String,
}

pub fn package(
    conn: &Connection,
    config: Settings,
    opts: &ExportOptions,
) -> Result<(Value, Exported)> {
    let members = members::load_members(conn)?;
    let pairs: Vec<(String, String)> = members
        .iter()
        .map(|m| (m.code.clone(), m.name.clone()))
        .collect();
    let ctx = Ctx {
        conn,
        config,
        opts,
        redaction: Redaction::new(opts.redact, config.board, &pairs),
        members,
        date: opts.now.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
    };
    let subs = subcontracts::load_subcontracts(conn)?;
    let mut releases = Vec::new();
    let mut counts = Exported {
        primes: 0,
        subcontracts: 0,
        transactions: 0,
    };
    for o in opportunities::load_opportunities(conn)?
        .into_iter()
        .filter(|o| o.stage == Stage::Won)
    {
        let mine: Vec<&SubContract> = subs.iter().filter(|s| s.opportunity == o.code).collect();
        let (release, transactions) = ctx.prime_release(&o, &mine)?;
        releases.push(release);
        counts.primes += 1;
        counts.transactions += transactions;
        for s in mine {
            releases.push(ctx.subcontract_release(&o, s)?);
            counts.subcontracts += 1;
        }
    }
    let package = json!({
        "uri": format!("urn:{}:package:{}", opts.prefix, ctx.date),
        "version": "1.1",
        "extensions": [opts.extension],
        "publishedDate": ctx.date,
        "publisher": { "name": config.ocds.consortium_name },
        "releases": releases,
    });
    Ok((package, counts))
}

fn amount(d: Decimal) -> Value {
    json!({ "amount": d.round_dp(2).to_f64().unwrap_or(0.0), "currency": "GBP" })
}

fn day(d: NaiveDate) -> String {
    format!("{d}T00:00:00Z")
}

fn end_of(d: NaiveDate) -> String {
    format!("{d}T23:59:59Z")
}

/// `GB-CHC-1234567` → (`GB-CHC`, `1234567`); none for anything else.
fn identifier(id: &str) -> Option<(String, String)> {
    let id = id.trim();
    let scheme = ["GB-CHC", "GB-COH", "GB-SC", "GB-NIC", "GB-MPR"]
        .into_iter()
        .find(|s| id.starts_with(&format!("{s}-")))?;
    Some((scheme.to_string(), id[scheme.len() + 1..].to_string()))
}

impl Ctx<'_> {
    fn ocid(&self, code: &str) -> String {
        format!("{}-{code}", self.opts.prefix)
    }

    fn consortium(&self, roles: &[&str]) -> Value {
        let c = &self.config.ocds;
        let mut p = json!({ "id": c.party_id(), "name": c.consortium_name, "roles": roles });
        if let Some((scheme, id)) = identifier(&c.consortium_id) {
            p["identifier"] = json!({ "scheme": scheme, "id": id, "legalName": c.consortium_name });
        }
        p
    }

    fn consortium_ref(&self) -> Value {
        json!({ "id": self.config.ocds.party_id(), "name": self.config.ocds.consortium_name })
    }

    fn member_ref(&self, code: &str) -> Value {
        let name = self
            .members
            .iter()
            .find(|m| m.code == code)
            .map_or(code, |m| m.name.as_str());
        json!({ "id": self.member_id(code), "name": self.redaction.member_name(code, name) })
    }

    fn member_id(&self, code: &str) -> String {
        let registered = self
            .members
            .iter()
            .find(|m| m.code == code)
            .and_then(|m| identifier(&m.registered_number));
        match registered {
            Some((scheme, id)) if !self.opts.redact => format!("{scheme}-{id}"),
            _ => format!("member-{}", self.redaction.member_code(code)),
        }
    }

    fn member_party(&self, code: &str, roles: &[&str]) -> Value {
        let mut p = self.member_ref(code);
        p["roles"] = json!(roles);
        let registered = self.members.iter().find(|m| m.code == code);
        if let Some((scheme, id)) = registered.and_then(|m| identifier(&m.registered_number))
            && !self.opts.redact
        {
            p["identifier"] = json!({ "scheme": scheme, "id": id });
        }
        p
    }

    fn buyer(&self, o: &Opportunity) -> Result<Value> {
        let name = opportunities::load_commissioners(self.conn)?
            .into_iter()
            .find(|c| c.code == o.commissioner)
            .map_or_else(|| o.commissioner.clone(), |c| c.name);
        let id = stored::by_opportunity(self.conn, &o.code)?
            .and_then(|n| n.buyer_id)
            .unwrap_or_else(|| format!("commissioner-{}", o.commissioner));
        Ok(json!({ "id": id, "name": name }))
    }

    fn hides_values(&self) -> bool {
        self.redaction.hides(Confidential::SubcontractValues)
    }

    fn prime_release(&self, o: &Opportunity, subs: &[&SubContract]) -> Result<(Value, usize)> {
        let ocid = self.ocid(&o.code);
        let buyer = self.buyer(o)?;
        let contract =
            prime::PrimeContract::of(o, crate::store::prime::agreed_period(self.conn, &o.code)?);
        let (t_start, t_end) = prime::usual_period(o);
        let mut parties = vec![
            json!({ "id": buyer["id"], "name": buyer["name"], "roles": ["buyer", "procuringEntity"] }),
            self.consortium(&["supplier", "payer"]),
        ];
        let mut seen: Vec<&str> = Vec::new();
        for s in subs {
            if !seen.contains(&s.member.as_str()) {
                seen.push(&s.member);
                parties.push(self.member_party(&s.member, &["subcontractor", "payee"]));
            }
        }
        let transactions = self.transactions(subs)?;
        let count = transactions.len();
        let let_value: Decimal = subs
            .iter()
            .filter(|s| s.status != SubContractStatus::Proposed)
            .map(|s| s.value)
            .sum();
        let mut subcontracting = json!({
            "subcontracts": subs.iter().map(|s| json!({
                "id": s.code,
                "subcontractor": self.member_ref(&s.member),
                "mainContractors": [self.consortium_ref()],
            })).collect::<Vec<Value>>(),
        });
        if !self.hides_values() {
            subcontracting["value"] = amount(let_value);
        }
        let mut award = json!({
            "id": format!("{}-award", o.code),
            "title": o.title,
            "status": "active",
            "value": amount(o.value),
            "suppliers": [self.consortium_ref()],
            "contractPeriod": { "startDate": day(contract.start), "endDate": end_of(contract.end) },
            "hasSubcontracting": !subs.is_empty(),
        });
        if !subs.is_empty() {
            award["subcontracting"] = subcontracting;
        }
        let mut prime_contract = json!({
            "id": format!("{}-contract", o.code),
            "awardID": format!("{}-award", o.code),
            "title": o.title,
            "status": "active",
            "value": amount(o.value),
            "period": { "startDate": day(contract.start), "endDate": end_of(contract.end) },
        });
        if !transactions.is_empty() {
            prime_contract["implementation"] = json!({ "transactions": transactions });
        }
        let related: Vec<Value> = subs
            .iter()
            .enumerate()
            .map(|(i, s)| {
                json!({
                    "id": (i + 1).to_string(),
                    "relationship": ["subContract"],
                    "title": format!("Sub-contract {} with {}", s.code, self.member_ref(&s.member)["name"].as_str().unwrap_or_default()),
                    "scheme": "ocid",
                    "identifier": self.ocid(&s.code),
                })
            })
            .collect();
        let mut release = json!({
            "ocid": ocid,
            "id": format!("{ocid}-{}", &self.date[..10]),
            "date": self.date,
            "tag": ["award", "contract"],
            "initiationType": "tender",
            "language": "en",
            "parties": parties,
            "buyer": buyer,
            "tender": {
                "id": o.code,
                "title": o.title,
                "status": "complete",
                "value": amount(o.value),
                "tenderPeriod": { "endDate": end_of(o.deadline) },
                "contractPeriod": { "startDate": day(t_start), "endDate": end_of(t_end) },
                "items": [{
                    "id": "1",
                    "description": o.service_line,
                    "classification": { "scheme": "CPV", "id": self.config.ocds.cpv_of(&o.service_line) },
                }],
            },
            "awards": [award],
            "contracts": [prime_contract],
        });
        if count > 0 {
            release["tag"] = json!(["award", "contract", "implementation"]);
        }
        if !related.is_empty() {
            release["relatedProcesses"] = json!(related);
        }
        Ok((release, count))
    }

    /// Payments made under the prime: each return's payment to the member.
    fn transactions(&self, subs: &[&SubContract]) -> Result<Vec<Value>> {
        if self.hides_values() {
            return Ok(Vec::new());
        }
        let mut out = Vec::new();
        for s in subs {
            for r in subcontracts::returns_of(self.conn, &s.code)? {
                if r.paid <= Decimal::ZERO {
                    continue;
                }
                let date = r.submitted.unwrap_or(r.due);
                out.push(json!({
                    "id": format!("{}-{}", s.code, r.period),
                    "date": day(date),
                    "value": amount(r.paid),
                    "payer": self.consortium_ref(),
                    "payee": self.member_ref(&s.member),
                }));
            }
        }
        Ok(out)
    }

    fn subcontract_release(&self, o: &Opportunity, s: &SubContract) -> Result<Value> {
        let ocid = self.ocid(&s.code);
        let (status, amendments) = self.status_of(s)?;
        let mut award = json!({
            "id": format!("{}-award", s.code),
            "status": if s.status == SubContractStatus::Proposed { "pending" } else { "active" },
            "suppliers": [self.member_ref(&s.member)],
            "contractPeriod": { "startDate": day(s.start), "endDate": end_of(s.end) },
        });
        let mut contract = json!({
            "id": format!("{}-contract", s.code),
            "awardID": format!("{}-award", s.code),
            "status": status,
            "period": { "startDate": day(s.start), "endDate": end_of(s.end) },
        });
        if !self.hides_values() {
            award["value"] = amount(s.value);
            contract["value"] = amount(s.value);
        }
        if !amendments.is_empty() {
            contract["amendments"] = json!(amendments);
        }
        Ok(json!({
            "ocid": ocid,
            "id": format!("{ocid}-{}", &self.date[..10]),
            "date": self.date,
            "tag": ["award", "contract"],
            "initiationType": "tender",
            "language": "en",
            "parties": [
                self.consortium(&["buyer", "procuringEntity", "payer"]),
                self.member_party(&s.member, &["supplier", "subcontractor", "payee"]),
            ],
            "buyer": self.consortium_ref(),
            "awards": [award],
            "contracts": [contract],
            "relatedProcesses": [{
                "id": "1",
                "relationship": ["parent"],
                "title": o.title,
                "scheme": "ocid",
                "identifier": self.ocid(&o.code),
            }],
        }))
    }

    /// The contract's status now, and each suspension, reinstatement and ending as an amendment
    /// with its date.
    fn status_of(&self, s: &SubContract) -> Result<(&'static str, Vec<Value>)> {
        let mut amendments = Vec::new();
        for (i, x) in subcontracts::suspensions_of(self.conn, &s.code)?
            .iter()
            .enumerate()
        {
            amendments.push(json!({
                "id": format!("{}-suspension-{}", s.code, i + 1),
                "date": day(x.effective),
                "rationale": format!("{}: {}", x.reason_code.label(), crate::text::clean(&x.reason)),
                "description": format!(
                    "Suspended: decided {}, effective {}{}{}",
                    x.decided,
                    x.effective,
                    if x.urgent { " (urgent, without notice)" } else { "" },
                    x.transferred_to.as_ref().map(|t| format!("; remainder transferred to {t}")).unwrap_or_default(),
                ),
            }));
            if let Some(lifted) = x.lifted {
                amendments.push(json!({
                    "id": format!("{}-reinstated-{}", s.code, i + 1),
                    "date": day(lifted),
                    "description": format!("Suspension lifted {lifted}: reinstated"),
                }));
            }
        }
        let status = match s.status {
            SubContractStatus::Proposed => "pending",
            SubContractStatus::Active => "active",
            // In force until the suspension takes effect, at the end of its notice.
            SubContractStatus::Suspended => {
                let open = subcontracts::open_suspension(self.conn, &s.code)?;
                match open {
                    Some(x) if x.effective > self.opts.now.date_naive() => "active",
                    _ => "terminated",
                }
            }
            SubContractStatus::Terminated | SubContractStatus::Completed => {
                amendments.push(json!({
                    "id": format!("{}-ended", s.code),
                    "date": end_of(s.end),
                    "description": format!(
                        "{} on {}",
                        if s.status == SubContractStatus::Completed { "Completed" } else { "Terminated" },
                        s.end
                    ),
                }));
                "terminated"
            }
        };
        Ok((status, amendments))
    }
}
