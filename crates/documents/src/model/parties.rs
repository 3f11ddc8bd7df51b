//! Parties (companies and locations), their identifiers, addresses and contacts.

#![allow(clippy::wildcard_imports)] // declarations use the schema primitives throughout

use crate::schema::*;
use crate::{doc_enum, model};

doc_enum! {
    pub enum PartyIdentifierDomain {
        Gs1 => "GS1",
        Duns => "DUNS",
        VatDe => "VAT_DE",
        FedTax => "FED_TAX",
        SenderInternal => "SENDER_INTERNAL",
        ReceiverInternal => "RECEIVER_INTERNAL",
    }
}

model! {
    pub struct PartyIdentifier {
        identifier "identifier": req Text,
        domain "domain": req PartyIdentifierDomain,
    }
}

model! {
    pub struct PostalAddress {
        name "name": opt Text,
        street "street": opt Text,
        address_extra "addressExtra": opt Text,
        city "city": opt Text,
        postal_code "postalCode": opt Text,
        state "state": opt Text,
        country_code "countryCode": opt Country,
    }
}

model! {
    pub struct Contact {
        first_name "firstName": opt Text,
        last_name "lastName": opt Text,
        phone "phone": opt Text,
        mobile "mobile": opt Text,
        email "email": opt Email,
        fax "fax": opt Text,
        department "department": opt Text,
    }
}

model! {
    pub struct PartyFinancialInstitution {
        name "name": opt Text,
        institution_id "institutionId": opt Text,
        institution_id_domain "institutionIdDomain": opt Text,
        account_number "accountNumber": opt Text,
        account_holder "accountHolder": opt Text,
    }
}

model! {
    pub struct Party {
        name "name": opt Text,
        identifiers "identifiers": req NonEmpty<PartyIdentifier>,
        postal_address "postalAddress": opt PostalAddress,
        contacts "contacts": opt NonEmpty<Contact>,
        financial_institution "financialInstitution": opt PartyFinancialInstitution,
    }
}

model! {
    pub struct ShipToPartyFinancialInstitution {
        name "name": opt Text,
        institution_id "institutionId": opt Text,
        institution_id_domain "institutionIdDomain": opt Text,
        account_number "accountNumber": opt Text,
        account_holder "accountHolder": opt Text,
    }
}

model! {
    pub struct ShipToParty {
        name "name": opt Text,
        identifiers "identifiers": opt Vec<PartyIdentifier>,
        postal_address "postalAddress": opt PostalAddress,
        contacts "contacts": opt NonEmpty<Contact>,
        financial_institution "financialInstitution": opt ShipToPartyFinancialInstitution,
    }
}
