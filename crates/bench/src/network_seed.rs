//! The bench's network: 46 buyers and 4 suppliers (50 companies) trading orders, and a retail
//! pair for catalogs, each company with a token.

use std::sync::Arc;

use switchyard::config::Settings;
use switchyard_documents::DocumentType;
use switchyard_network::SystemClock;
use switchyard_network::model::RelationshipState;

#[derive(Clone, Debug)]
pub struct Member {
    pub gln: String,
    pub token: String,
}

#[derive(Clone, Debug)]
pub struct Network {
    pub buyers: Vec<Member>,
    pub suppliers: Vec<Member>,
    pub catalog_sender: Member,
    pub catalog_receiver: Member,
}

const BUYERS: usize = 46;
const SUPPLIERS: usize = 4;

/// Seeds the network into the database of `settings` (before the server starts on it).
pub async fn seed(settings: &Settings) -> anyhow::Result<Network> {
    let hub = switchyard::server::open_hub(settings, Arc::new(SystemClock)).await?;
    let mut members = Vec::new();
    let mut companies = Vec::new();
    for n in 0..BUYERS + SUPPLIERS + 2 {
        let company = hub.add_company(&format!("Bench company {n}")).await?;
        let gln = crate::generate::gs1_number(410_000_000_000 + n as u64);
        hub.add_identifier(&company, "GS1", &gln, None).await?;
        let token = hub.issue_token(&company, "ERP").await?.token;
        members.push(Member { gln, token });
        companies.push(company);
    }
    for buyer in &companies[..BUYERS] {
        for supplier in &companies[BUYERS..BUYERS + SUPPLIERS] {
            hub.set_relationships(buyer, supplier, &[DocumentType::Order], RelationshipState::Active).await?;
        }
    }
    let (sender, receiver) = (&companies[BUYERS + SUPPLIERS], &companies[BUYERS + SUPPLIERS + 1]);
    hub.set_relationships(sender, receiver, &[DocumentType::ProductCatalog], RelationshipState::Active).await?;
    Ok(Network {
        buyers: members[..BUYERS].to_vec(),
        suppliers: members[BUYERS..BUYERS + SUPPLIERS].to_vec(),
        catalog_sender: members[BUYERS + SUPPLIERS].clone(),
        catalog_receiver: members[BUYERS + SUPPLIERS + 1].clone(),
    })
}
