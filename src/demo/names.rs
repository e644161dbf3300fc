//! The words the demo consortium is made of: the Knowsley working group, invented local
//! organisations, clusters and their service lines, commissioners and tender titles.

use crate::domain::OrgType;

/// The thirteen organisations of the Knowsley consortium working group, with their type, their
/// clusters (indexes into `CLUSTERS`) and a size band (0 small, 1 medium, 2 large).
pub const KNOWSLEY_GROUP: &[(&str, OrgType, &[usize], u8)] = &[
    (
        "Citizens Advice Bureau",
        OrgType::RegisteredCharity,
        &[0, 5, 1],
        2,
    ),
    ("Platform 51", OrgType::NationalCharity, &[1, 2, 3], 1),
    (
        "Huyton Advice Centre",
        OrgType::RegisteredCharity,
        &[0, 5],
        1,
    ),
    (
        "National Wildflower Centre",
        OrgType::RegisteredCharity,
        &[4, 3, 5],
        1,
    ),
    (
        "Home-Start Knowsley",
        OrgType::RegisteredCharity,
        &[2, 1],
        1,
    ),
    (
        "Age UK Knowsley & West Mersey",
        OrgType::RegisteredCharity,
        &[1, 0, 3],
        2,
    ),
    (
        "Knowsley Disability Concern",
        OrgType::RegisteredCharity,
        &[0, 1, 5],
        1,
    ),
    (
        "Halewood Youth in Community Centre",
        OrgType::RegisteredCharity,
        &[2, 4],
        0,
    ),
    (
        "Listening Ear (Merseyside)",
        OrgType::RegisteredCharity,
        &[1],
        1,
    ),
    ("ELECT", OrgType::CompanyLimitedByGuarantee, &[3, 5], 1),
    ("KUC", OrgType::SocialEnterprise, &[5, 3, 4], 1),
    ("Knowsley CVS", OrgType::RegisteredCharity, &[3, 4, 5], 2),
    ("Barnardos", OrgType::NationalCharity, &[2, 1, 5], 2),
];

/// Invented organisations of the kind that join a Merseyside consortium. The last few are
/// associates: small groups being supported towards full membership.
pub const INVENTED: &[(&str, OrgType, &[usize], u8)] = &[
    (
        "Kirkby Community Advice Service",
        OrgType::RegisteredCharity,
        &[0, 5],
        1,
    ),
    (
        "Prescot Carers Centre",
        OrgType::RegisteredCharity,
        &[1, 0],
        1,
    ),
    (
        "Tower Hill Family Hub CIC",
        OrgType::SocialEnterprise,
        &[2, 3],
        0,
    ),
    ("Whiston Wellbeing Collective CIO", OrgType::Cio, &[1, 4], 0),
    (
        "Northwood Community Growers Co-operative",
        OrgType::Cooperative,
        &[4, 5],
        0,
    ),
    (
        "Page Moss Youth Project",
        OrgType::RegisteredCharity,
        &[2, 3, 4],
        0,
    ),
    (
        "Stockbridge Learning Partnership",
        OrgType::CompanyLimitedByGuarantee,
        &[3, 5],
        1,
    ),
    (
        "Cronton Green Spaces Trust",
        OrgType::RegisteredCharity,
        &[4, 2],
        0,
    ),
    (
        "Halewood Digital Champions CIC",
        OrgType::SocialEnterprise,
        &[3, 5],
        0,
    ),
    ("Knowsley Money Matters CIO", OrgType::Cio, &[0], 0),
    (
        "Huyton Mental Health Forum",
        OrgType::RegisteredCharity,
        &[1],
        1,
    ),
    (
        "Merseyside Independent Advocacy",
        OrgType::RegisteredCharity,
        &[0, 1],
        1,
    ),
    ("Roby Parents Together", OrgType::Cio, &[2], 0),
    ("Kirkby Works CIC", OrgType::SocialEnterprise, &[5, 3], 1),
    (
        "Shevington Women's Network",
        OrgType::RegisteredCharity,
        &[2, 1, 5],
        0,
    ),
    (
        "Knowsley Foodbank Trust",
        OrgType::RegisteredCharity,
        &[1, 0, 4],
        1,
    ),
    ("Mersey Forest Friends CIO", OrgType::Cio, &[4, 1], 0),
    ("Prescot Men's Shed", OrgType::Cio, &[1, 4], 0),
    (
        "Knowsley Young Carers",
        OrgType::RegisteredCharity,
        &[2, 1],
        1,
    ),
    (
        "St Helens Road Recovery Community",
        OrgType::Cio,
        &[1, 5, 4],
        0,
    ),
    (
        "Brighter Futures Merseyside",
        OrgType::NationalCharity,
        &[2, 3, 5],
        2,
    ),
    (
        "Huyton Community Learning Centre",
        OrgType::RegisteredCharity,
        &[3, 2, 0],
        1,
    ),
    (
        "Kirkby Furniture Reuse CIC",
        OrgType::SocialEnterprise,
        &[4, 5, 3],
        1,
    ),
    (
        "Halewood Housing Advice Project",
        OrgType::RegisteredCharity,
        &[0],
        0,
    ),
    (
        "Knowsley Social Prescribing Network",
        OrgType::Cio,
        &[1, 4],
        1,
    ),
    (
        "Westvale Family Support",
        OrgType::RegisteredCharity,
        &[2, 0],
        0,
    ),
    (
        "Liverpool City Region Enterprise Hub",
        OrgType::CompanyLimitedByGuarantee,
        &[5, 3],
        2,
    ),
    (
        "Knowsley Deaf Centre",
        OrgType::RegisteredCharity,
        &[0, 1],
        0,
    ),
    (
        "Merseyside Refugee Welcome CIO",
        OrgType::Cio,
        &[0, 3, 5],
        0,
    ),
    (
        "Woolfall Heath Allotment Society",
        OrgType::Cooperative,
        &[4],
        0,
    ),
    (
        "Kirkby Boxing & Fitness CIC",
        OrgType::SocialEnterprise,
        &[1, 2],
        0,
    ),
    (
        "Knowsley Pensioners Advocacy",
        OrgType::RegisteredCharity,
        &[0],
        0,
    ),
    // Associates from here on.
    (
        "Cherryfield Residents Association",
        OrgType::CompanyLimitedByGuarantee,
        &[4],
        0,
    ),
    ("Tower Hill Toddlers Group", OrgType::Cio, &[2], 0),
    ("Longview Reading Circle", OrgType::Cio, &[3], 0),
    (
        "Huyton Quarry Heritage Group",
        OrgType::RegisteredCharity,
        &[4],
        0,
    ),
    ("Hillside Community Choir", OrgType::Cio, &[1], 0),
];

/// How many of `INVENTED`, counted from the end, are associates.
pub const ASSOCIATES: usize = 5;

/// A thematic cluster and its service lines.
pub struct Cluster {
    pub name: &'static str,
    pub service_lines: &'static [ServiceLine],
    /// A quality mark commonly held in this cluster.
    pub quality_mark: &'static str,
}

/// A service line and a typical price in pounds for one unit of activity in it.
pub struct ServiceLine {
    pub name: &'static str,
    pub unit_price: u32,
}

pub const CLUSTERS: &[Cluster] = &[
    Cluster {
        name: "Advice & Advocacy",
        quality_mark: "Advice Quality Standard",
        service_lines: &[
            ServiceLine {
                name: "Welfare benefits advice",
                unit_price: 55,
            },
            ServiceLine {
                name: "Debt advice",
                unit_price: 60,
            },
            ServiceLine {
                name: "Independent advocacy",
                unit_price: 48,
            },
        ],
    },
    Cluster {
        name: "Health & Wellbeing",
        quality_mark: "PQASSO",
        service_lines: &[
            ServiceLine {
                name: "Social prescribing",
                unit_price: 42,
            },
            ServiceLine {
                name: "Mental health peer support",
                unit_price: 38,
            },
        ],
    },
    Cluster {
        name: "Children, Young People & Families",
        quality_mark: "PQASSO",
        service_lines: &[
            ServiceLine {
                name: "Family support",
                unit_price: 52,
            },
            ServiceLine {
                name: "Youth work",
                unit_price: 34,
            },
        ],
    },
    Cluster {
        name: "Learning & Skills",
        quality_mark: "Matrix",
        service_lines: &[
            ServiceLine {
                name: "Adult community learning",
                unit_price: 28,
            },
            ServiceLine {
                name: "Digital inclusion",
                unit_price: 26,
            },
        ],
    },
    Cluster {
        name: "Environment & Green Spaces",
        quality_mark: "ISO 9001",
        service_lines: &[
            ServiceLine {
                name: "Green space volunteering",
                unit_price: 45,
            },
            ServiceLine {
                name: "Community growing",
                unit_price: 32,
            },
        ],
    },
    Cluster {
        name: "Employment & Enterprise",
        quality_mark: "Matrix",
        service_lines: &[
            ServiceLine {
                name: "Employment support",
                unit_price: 44,
            },
            ServiceLine {
                name: "Enterprise coaching",
                unit_price: 58,
            },
        ],
    },
];

/// Every service line with the index of its cluster, in a fixed order.
pub fn service_lines() -> Vec<(usize, &'static ServiceLine)> {
    CLUSTERS
        .iter()
        .enumerate()
        .flat_map(|(i, c)| c.service_lines.iter().map(move |s| (i, s)))
        .collect()
}

/// The service line called `name`.
pub fn service_line(name: &str) -> Option<&'static ServiceLine> {
    CLUSTERS
        .iter()
        .flat_map(|c| c.service_lines.iter())
        .find(|s| s.name == name)
}

/// Commissioners: code, name, kind.
pub const COMMISSIONERS: &[(&str, &str, &str)] = &[
    (
        "KMBC",
        "Knowsley Metropolitan Borough Council",
        "local authority",
    ),
    (
        "CMICB",
        "NHS Cheshire & Merseyside ICB (Knowsley place)",
        "NHS body",
    ),
    (
        "DWP",
        "Department for Work and Pensions",
        "central government",
    ),
    ("PROB", "Probation Service, Merseyside", "probation"),
    ("TNLCF", "National Lottery Community Fund", "grant funder"),
    (
        "LCRCA",
        "Liverpool City Region Combined Authority",
        "combined authority",
    ),
    (
        "MPCC",
        "Merseyside Police and Crime Commissioner",
        "police and crime commissioner",
    ),
];

/// Place names for the generated large consortium and for geographies.
pub const PLACES: &[&str] = &[
    "Huyton",
    "Kirkby",
    "Prescot",
    "Halewood",
    "Whiston",
    "Knowsley Village",
    "Stockbridge Village",
    "Page Moss",
    "Roby",
    "Cronton",
    "Tower Hill",
    "Northwood",
    "Westvale",
    "Shevington",
    "Knotty Ash",
    "Bootle",
    "St Helens",
    "Speke",
    "Widnes",
    "Garston",
];

/// Kinds of work, for names in the generated large consortium.
pub const ACTIVITIES: &[&str] = &[
    "Advice",
    "Carers",
    "Youth",
    "Family",
    "Wellbeing",
    "Learning",
    "Green Spaces",
    "Employment",
    "Recovery",
    "Community",
    "Digital",
    "Foodbank",
    "Advocacy",
    "Arts",
    "Heritage",
];

/// What the kind of organisation adds to its name.
pub fn name_suffix(t: OrgType) -> &'static str {
    match t {
        OrgType::RegisteredCharity => "Project",
        OrgType::Cio => "CIO",
        OrgType::SocialEnterprise => "CIC",
        OrgType::CompanyLimitedByGuarantee => "Partnership",
        OrgType::Cooperative => "Co-operative",
        OrgType::NationalCharity => "Trust",
    }
}

/// The first part of a tender title, by commissioner code.
pub fn title_prefix(commissioner: &str) -> &'static str {
    match commissioner {
        "KMBC" => "Knowsley",
        "CMICB" => "Knowsley Place",
        "DWP" => "Restart",
        "PROB" => "Probation",
        "TNLCF" => "Reaching Communities:",
        "LCRCA" => "City Region",
        _ => "Merseyside",
    }
}

/// Risk owners in the hub and on the Board.
pub const OWNERS: &[&str] = &[
    "Chair of the Board",
    "Hub manager",
    "Contracts manager",
    "Finance lead",
    "Quality lead",
];
