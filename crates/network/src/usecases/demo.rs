//! The demo network: the buyer and supplier of the public examples, the two retail parties of
//! the catalog, inventory and sales examples, and a newcomer whose relationships are not live
//! yet, so that an integrator can try every outcome at once.

use serde::Serialize;
use switchyard_documents::DocumentType;

use crate::model::Role;
use crate::model::{Company, RelationshipState};
use crate::usecases::people::Inviter;
use crate::{Error, Hub};

/// `(domain, identifier, label)`.
type Identifier = (&'static str, &'static str, &'static str);

/// Each demo company's name and identifiers.
const COMPANIES: [(&str, &[Identifier]); 5] = [
    (
        "ACME Co. Ltd.",
        &[
            ("GS1", "1100001016310", "head office"),
            ("GS1", "4522704465331", "head office"),
            ("GS1", "1100001016313", "ship-to"),
            ("GS1", "1100001016314", "bill-to"),
            ("VAT_DE", "DE123456789", "VAT number"),
        ],
    ),
    (
        "Testsupplier",
        &[
            ("GS1", "1100001016312", "head office"),
            ("GS1", "4231930775745", "head office"),
            ("VAT_DE", "DE234567890", "VAT number"),
        ],
    ),
    ("Example Retail Warehouse", &[("GS1", "3220010000001", "warehouse")]),
    ("Example Brand Owner", &[("GS1", "4300000000015", "head office")]),
    ("Newcomer Supplier", &[("GS1", "4012345000016", "head office")]),
];

/// Pairs that trade every document type in both directions.
const ACTIVE_PAIRS: [(usize, usize); 2] = [(0, 1), (2, 3)];

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DemoCompany {
    pub name: String,
    pub company_id: String,
    pub token: String,
    pub identifiers: Vec<String>,
    /// The company's admin in the portal.
    pub portal: DemoPortalUser,
}

/// A demo admin's sign-in, shown like the tokens: the demo is for trying things out.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DemoPortalUser {
    pub email: String,
    pub password: String,
}

/// `admin@testsupplier.example` for `Testsupplier`.
fn demo_email(company: &str) -> String {
    let slug: String = company.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_lowercase();
    format!("admin@{slug}.example")
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DemoRelationship {
    pub sender: String,
    pub receiver: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub state: RelationshipState,
}

#[derive(Clone, Debug, Serialize)]
pub struct DemoNetwork {
    pub companies: Vec<DemoCompany>,
    /// The relationships that are not simply `ACTIVE` for everything.
    pub special_relationships: Vec<DemoRelationship>,
}

impl Hub {
    /// Whether the network has no company yet (the demo seeds only an empty one).
    pub async fn is_empty(&self) -> Result<bool, Error> {
        Ok(self.store.list_companies().await?.is_empty())
    }

    pub async fn seed_demo(&self) -> Result<DemoNetwork, Error> {
        let mut companies = Vec::new();
        let mut seeded = Vec::new();
        for (name, identifiers) in COMPANIES {
            let company = self.add_company(name).await?;
            for (domain, identifier, label) in identifiers {
                self.add_identifier(&company, domain, identifier, Some(label)).await?;
            }
            let token = self.issue_token(&company, "ERP").await?;
            let portal = self.seed_admin(&company).await?;
            seeded.push(DemoCompany {
                name: name.to_owned(),
                company_id: company.id.to_string(),
                token: token.token,
                identifiers: identifiers.iter().map(|(domain, id, _)| format!("{domain}:{id}")).collect(),
                portal,
            });
            companies.push(company);
        }
        for (a, b) in ACTIVE_PAIRS {
            self.set_relationships(&companies[a], &companies[b], &DocumentType::ALL, RelationshipState::Active).await?;
            self.set_relationships(&companies[b], &companies[a], &DocumentType::ALL, RelationshipState::Active).await?;
        }
        let special = self.seed_newcomer(&companies[0], &companies[4]).await?;
        Ok(DemoNetwork { companies: seeded, special_relationships: special })
    }

    /// An admin with a random password, set through the same one-time link people use.
    async fn seed_admin(&self, company: &Company) -> Result<DemoPortalUser, Error> {
        let email = demo_email(&company.name);
        let link = self.add_user(company, &email, Role::Admin, Inviter::Operator).await?;
        let password = crate::ApiToken::with_prefix("")
            .map_err(|error| Error::Internal(format!("no random numbers for a password: {error}")))?
            .secret
            .chars()
            .take(16)
            .collect::<String>();
        let secret = link.path.rsplit('/').next().unwrap_or_default();
        self.set_password(secret, &password).await?;
        Ok(DemoPortalUser { email, password })
    }

    /// ACME orders from the newcomer in test flow; the newcomer's invoices are not live yet.
    async fn seed_newcomer(&self, acme: &Company, newcomer: &Company) -> Result<Vec<DemoRelationship>, Error> {
        let plan = [
            (acme, newcomer, DocumentType::Order, RelationshipState::Testing),
            (newcomer, acme, DocumentType::Invoice, RelationshipState::Inactive),
        ];
        let mut special = Vec::new();
        for (sender, receiver, kind, state) in plan {
            self.set_relationships(sender, receiver, &[kind], state).await?;
            special.push(DemoRelationship {
                sender: sender.name.clone(),
                receiver: receiver.name.clone(),
                kind: kind.to_string(),
                state,
            });
        }
        Ok(special)
    }
}
