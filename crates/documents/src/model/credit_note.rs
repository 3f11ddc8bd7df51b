//! The credit note and its parts.

#![allow(clippy::wildcard_imports)] // declarations use the schema primitives throughout

use super::parties::*;
use super::shared::*;
use crate::schema::*;
use crate::{doc_enum, model};

doc_enum! {
    pub enum CreditNoteHeaderType {
        Correction => "CORRECTION",
        ValueCredit => "VALUE_CREDIT",
    }
}

model! {
    pub struct CreditNoteHeader {
        buyer "buyer": req Party,
        supplier "supplier": req Party,
        ship_to "shipTo": opt ShipToParty,
        bill_to "billTo": opt Party,
        bill_from "billFrom": opt Party,
        final_recipient "finalRecipient": opt Party,
        technical_recipient "technicalRecipient": opt Party,
        technical_sender "technicalSender": opt Party,
        credit_note_identifier "creditNoteIdentifier": req Text,
        credit_note_date "creditNoteDate": req DateTime,
        credit_note_value_date "creditNoteValueDate": opt DateTime,
        credit_note_due_date "creditNoteDueDate": opt DateTime,
        kind "type": opt CreditNoteHeaderType,
        invoice_identifier "invoiceIdentifier": opt Text,
        invoice_date "invoiceDate": opt DateTime,
        shipping_notice_identifier "shippingNoticeIdentifier": opt Text,
        shipping_notice_date "shippingNoticeDate": opt DateTime,
        order_identifier "orderIdentifier": opt Text,
        order_date "orderDate": opt DateTime,
        requested_delivery_date "requestedDeliveryDate": opt DateTime,
        expected_delivery_date "expectedDeliveryDate": opt DateTime,
        payment_terms "paymentTerms": opt Vec<PaymentTerm>,
        comments "comments": opt Text<100_000>,
        delivery_information "deliveryInformation": opt Text<100_000>,
        purchasing_information "purchasingInformation": opt Text<100_000>,
        legal_information "legalInformation": opt Text<100_000>,
        currency "currency": opt Currency,
        promotion_code "promotionCode": opt Text<255>,
        contract_reference "contractReference": opt Text<255>,
        reason "reason": opt Text<255>,
        organic_control_point_number "organicControlPointNumber": opt Text<255>,
        version "version": opt Integer,
    }
}

model! {
    pub struct CreditNoteItem {
        line_number "lineNumber": req Integer,
        shipping_notice_identifier "shippingNoticeIdentifier": opt Text,
        shipping_notice_date "shippingNoticeDate": opt DateTime,
        shipping_notice_line_number "shippingNoticeLineNumber": opt Integer,
        order_identifier "orderIdentifier": opt Text,
        order_date "orderDate": opt DateTime,
        order_line_number "orderLineNumber": opt Integer,
        requested_delivery_date "requestedDeliveryDate": opt DateTime,
        expected_delivery_date "expectedDeliveryDate": opt DateTime,
        identifiers "identifiers": req NonEmpty<ItemIdentifier>,
        is_deposit_item "isDepositItem": req Bool,
        // Required in the reference schema, but its own example leaves it out: the example wins.
        is_invoiced_item "isInvoicedItem": opt Bool,
        description "description": opt Text,
        comments "comments": opt Text,
        quantity "quantity": req Number,
        free_quantity "freeQuantity": opt Number,
        ordered_quantity "orderedQuantity": opt Number,
        unit_price "unitPrice": req Number,
        pricing_unit_of_measure "pricingUnitOfMeasure": opt Text<255>,
        pricing_unit_quantity "pricingUnitQuantity": opt Number,
        recommended_retail_price "recommendedRetailPrice": opt Number,
        net_weight "netWeight": opt Number,
        gross_weight "grossWeight": opt Number,
        origin_country_code "originCountryCode": opt Country,
        color_code "colorCode": opt Text<255>,
        color_name "colorName": opt Text<255>,
        size "size": opt Text<255>,
        dimension "dimension": opt Text<255>,
        hs_code "hsCode": opt Text<255>,
        cn_code "cnCode": opt Text,
        organic_control_point_number "organicControlPointNumber": opt Text<255>,
        fsc_number "fscNumber": opt Text,
        msc_number "mscNumber": opt Text,
        certifications "certifications": opt Certifications,
        promotion_code "promotionCode": opt Text<255>,
        reason "reason": opt Text<255>,
        tax "tax": req Tax,
        batches "batches": opt Vec<Batch>,
        modification_groups "modificationGroups": opt Vec<ModificationGroup>,
        unit_of_measure "unitOfMeasure": opt UnitOfMeasure,
        contract_reference "contractReference": opt Text<255>,
    }
}

model! {
    pub struct CreditNoteItemWithSubItems extends CreditNoteItem {
        sub_items "subItems": opt Vec<CreditNoteItem>,
    }
}

model! {
    pub struct CreditNoteItemWithSubSubItems extends CreditNoteItem {
        sub_items "subItems": opt Vec<CreditNoteItemWithSubItems>,
    }
}

model! {
    pub struct CreditNoteSummaryTaxItems {
        percentage "percentage": req Number,
        taxable_amount "taxableAmount": req Number,
        tax_amount "taxAmount": req Number,
        category "category": req Text,
        description "description": opt Text,
    }
}

model! {
    pub struct CreditNoteSummaryTax {
        total "total": req Number,
        description "description": opt Text,
        items "items": req Vec<CreditNoteSummaryTaxItems>,
    }
}

model! {
    pub struct CreditNoteSummary {
        subtotal_amount "subtotalAmount": opt Number,
        gross_amount "grossAmount": opt Number,
        net_amount "netAmount": opt Number,
        due_amount "dueAmount": req Number,
        total_charges "totalCharges": opt Number,
        total_allowances "totalAllowances": opt Number,
        tax "tax": opt CreditNoteSummaryTax,
        modification_groups "modificationGroups": opt Vec<ModificationGroup>,
    }
}

model! {
    pub struct CreditNote {
        header "header": req CreditNoteHeader,
        items "items": req NonEmpty<CreditNoteItemWithSubSubItems>,
        // Required in the reference schema, but its own example leaves it out: the example wins.
        summary "summary": opt CreditNoteSummary,
    }
}
