//! The order response and its parts.

#![allow(clippy::wildcard_imports)] // declarations use the schema primitives throughout

use super::parties::*;
use super::shared::*;
use crate::schema::*;
use crate::{doc_enum, model};

doc_enum! {
    pub enum OrderResponseHeaderType {
        Accept => "ACCEPT",
        Reject => "REJECT",
        Change => "CHANGE",
    }
}

model! {
    pub struct OrderResponseHeader {
        kind "type": opt OrderResponseHeaderType,
        version "version": opt Integer,
        buyer "buyer": req Party,
        supplier "supplier": req Party,
        ship_to "shipTo": opt ShipToParty,
        bill_to "billTo": opt Party,
        final_recipient "finalRecipient": opt Party,
        technical_recipient "technicalRecipient": opt Party,
        technical_sender "technicalSender": opt Party,
        order_response_identifier "orderResponseIdentifier": req Text,
        order_response_date "orderResponseDate": req DateTime,
        order_identifier "orderIdentifier": req Text,
        order_date "orderDate": opt DateTime,
        additional_order_identifiers "AdditionalOrderIdentifiers": opt AdditionalOrderIdentifiers,
        confirmed_delivery_date "confirmedDeliveryDate": opt DateTime,
        confirmed_shipment_date "confirmedShipmentDate": opt DateTime,
        requested_delivery_date "requestedDeliveryDate": opt DateTime,
        requested_earliest_delivery_date "requestedEarliestDeliveryDate": opt DateTime,
        requested_latest_delivery_date "requestedLatestDeliveryDate": opt DateTime,
        currency "currency": opt Currency,
        payment_terms "paymentTerms": opt Vec<PaymentTerm>,
        comments "comments": opt Text<100_000>,
        delivery_information "deliveryInformation": opt Text<100_000>,
        purchasing_information "purchasingInformation": opt Text<100_000>,
        legal_information "legalInformation": opt Text<100_000>,
        contract_reference "contractReference": opt Text<255>,
        promotion_code "promotionCode": opt Text<255>,
    }
}

model! {
    pub struct OrderResponseItem {
        line_number "lineNumber": opt Integer,
        order_line_number "orderLineNumber": opt Integer,
        identifiers "identifiers": opt NonEmpty<ItemIdentifier>,
        is_deposit_item "isDepositItem": opt Bool,
        ordered_quantity "orderedQuantity": opt Number,
        confirmed_quantity "confirmedQuantity": opt Number,
        requested_delivery_date "requestedDeliveryDate": opt DateTime,
        requested_earliest_delivery_date "requestedEarliestDeliveryDate": opt DateTime,
        requested_latest_delivery_date "requestedLatestDeliveryDate": opt DateTime,
        confirmed_delivery_date "confirmedDeliveryDate": opt DateTime,
        confirmed_earliest_delivery_date "confirmedEarliestDeliveryDate": opt DateTime,
        confirmed_latest_delivery_date "confirmedLatestDeliveryDate": opt DateTime,
        confirmed_shipment_date "confirmedShipmentDate": opt DateTime,
        unit_of_measure "unitOfMeasure": opt UnitOfMeasure,
        description "description": opt Text,
        comments "comments": opt Text,
        unit_price "unitPrice": opt Number,
        pricing_unit_of_measure "pricingUnitOfMeasure": opt Text<255>,
        pricing_unit_quantity "pricingUnitQuantity": opt Number,
        recommended_retail_price "recommendedRetailPrice": opt Number,
        tax "tax": opt Tax,
        contract_reference "contractReference": opt Text<255>,
        promotion_code "promotionCode": opt Text<255>,
        minimum_remaining_shelf_life_in_days "minimumRemainingShelfLifeInDays": opt Integer,
        net_weight "netWeight": opt Number,
        gross_weight "grossWeight": opt Number,
        origin_country_code "originCountryCode": opt Country,
        color_code "colorCode": opt Text,
        color_name "colorName": opt Text,
        size "size": opt Text,
        dimension "dimension": opt Text,
        hs_code "hsCode": opt Text,
        cn_code "cnCode": opt Text,
        organic_control_point_number "organicControlPointNumber": opt Text<255>,
        fsc_number "fscNumber": opt Text,
        msc_number "mscNumber": opt Text,
        season "season": opt Text,
        gender "gender": opt Text,
        modification_groups "modificationGroups": opt Vec<ModificationGroup>,
        attachments "attachments": opt Vec<LineItemAttachment>,
    }
}

model! {
    pub struct OrderResponseSummaryTaxItems {
        percentage "percentage": req Number,
        taxable_amount "taxableAmount": req Number,
        tax_amount "taxAmount": req Number,
        category "category": req Text,
        description "description": opt Text,
    }
}

model! {
    pub struct OrderResponseSummaryTax {
        total "total": req Number,
        description "description": opt Text,
        items "items": req Vec<OrderResponseSummaryTaxItems>,
    }
}

model! {
    pub struct OrderResponseSummary {
        subtotal_amount "subtotalAmount": req Number,
        gross_amount "grossAmount": req Number,
        net_amount "netAmount": req Number,
        due_amount "dueAmount": req Number,
        total_charges "totalCharges": req Number,
        total_allowances "totalAllowances": req Number,
        tax "tax": req OrderResponseSummaryTax,
        modification_groups "modificationGroups": opt Vec<ModificationGroup>,
    }
}

model! {
    pub struct OrderResponse {
        header "header": req OrderResponseHeader,
        items "items": opt NonEmpty<OrderResponseItem>,
        summary "summary": opt OrderResponseSummary,
    }
}
