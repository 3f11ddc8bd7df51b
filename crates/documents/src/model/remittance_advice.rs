//! The remittance advice and its parts.

#![allow(clippy::wildcard_imports)] // declarations use the schema primitives throughout

use super::parties::*;
use super::shared::*;
use crate::model;
use crate::schema::*;

model! {
    pub struct RemittanceAdviceHeader {
        advice_number "adviceNumber": req Text,
        advice_date "adviceDate": req DateTime,
        payment_method "paymentMethod": opt Text,
        payment_reference "paymentReference": opt Text,
        remittance_date "remittanceDate": opt DateTime,
        currency "currency": opt Currency,
        pay_from "payFrom": opt Party,
        pay_to "payTo": opt Party,
        buyer "buyer": opt Party,
        supplier "supplier": opt Party,
        technical_recipient "technicalRecipient": opt Party,
        technical_sender "technicalSender": opt Party,
        version "version": opt Integer,
    }
}

model! {
    pub struct RemittanceAdviceItemCorrection {
        basis "basis": opt Number,
        reason "reason": opt Text,
        amount "amount": req Number,
        total "total": req Number,
        tax "tax": opt Tax,
    }
}

model! {
    pub struct RemittanceAdviceItem {
        document_number "documentNumber": opt Text,
        document_date "documentDate": opt DateTime,
        external_document_number "externalDocumentNumber": opt Text,
        document_type "documentType": opt Text,
        due_total "dueTotal": opt Number,
        remitted_total "remittedTotal": opt Number,
        tax "tax": opt Tax,
        correction_total "correctionTotal": opt Number,
        buyer "buyer": opt Party,
        ship_to "shipTo": opt ShipToParty,
        corrections "corrections": opt NonEmpty<RemittanceAdviceItemCorrection>,
    }
}

model! {
    pub struct RemittanceAdviceSummary {
        due_total "dueTotal": opt Number,
        remitted_total "remittedTotal": opt Number,
        correction_total "correctionTotal": opt Number,
    }
}

model! {
    pub struct RemittanceAdvice {
        header "header": req RemittanceAdviceHeader,
        items "items": req NonEmpty<RemittanceAdviceItem>,
        summary "summary": req RemittanceAdviceSummary,
    }
}
