//! The dispatch instruction and its parts.

#![allow(clippy::wildcard_imports)] // declarations use the schema primitives throughout

use super::parties::*;
use super::shared::*;
use crate::schema::*;
use crate::{doc_enum, model};

model! {
    pub struct DispatchInstructionHeader {
        order_identifier "orderIdentifier": opt Text,
        order_date "orderDate": opt DateTime,
        shipment_identifier "shipmentIdentifier": req Text,
        notice_date "noticeDate": opt DateTime,
        requested_delivery_date "requestedDeliveryDate": opt DateTime,
        requested_despatch_date "requestedDespatchDate": opt DateTime,
        ship_from "shipFrom": req Party,
        ship_to "shipTo": opt ShipToParty,
        bill_to "billTo": opt Party,
        final_recipient "finalRecipient": opt Party,
        technical_recipient "technicalRecipient": opt Party,
        technical_sender "technicalSender": opt Party,
        customer "customer": opt Party,
        supplier "supplier": opt Party,
        mode_of_transport "modeOfTransport": opt ModeOfTransport,
        inco_terms "incoTerms": opt IncoTerms,
        shipping_method "shippingMethod": opt Text,
        picking_notes "pickingNotes": opt Text,
        delivery_notes "deliveryNotes": opt Text,
        comments "comments": opt Text<100_000>,
        currency "currency": opt Currency,
        version "version": opt Integer,
    }
}

doc_enum! {
    pub enum DispatchInstructionItemOpenQuantityAction {
        Discarded => "DISCARDED",
        DeliveredLater => "DELIVERED_LATER",
    }
}

model! {
    pub struct DispatchInstructionItem {
        order_line_number "orderLineNumber": opt Integer,
        order_identifier "orderIdentifier": opt Text,
        shipping_notice_line_number "shippingNoticeLineNumber": req Integer,
        shipped_quantity "shippedQuantity": req Number,
        ordered_quantity "orderedQuantity": req Number,
        requested_delivery_date "requestedDeliveryDate": opt DateTime,
        requested_despatch_date "requestedDespatchDate": opt DateTime,
        identifiers "identifiers": req NonEmpty<ItemIdentifier>,
        unit_of_measure "unitOfMeasure": opt UnitOfMeasure,
        unit_price "unitPrice": opt Number,
        pricing_unit_of_measure "pricingUnitOfMeasure": opt Text<255>,
        pricing_unit_quantity "pricingUnitQuantity": opt Number,
        recommended_retail_price "recommendedRetailPrice": opt Number,
        tax "tax": opt Tax,
        currency "currency": opt Currency,
        description "description": opt Text,
        comments "comments": opt Text<100_000>,
        minimum_remaining_shelf_life_in_days "minimumRemainingShelfLifeInDays": opt Integer,
        net_weight "netWeight": opt Number,
        gross_weight "grossWeight": opt Number,
        origin_country_code "originCountryCode": opt Country,
        color_code "colorCode": opt Text<255>,
        color_name "colorName": opt Text<255>,
        size "size": opt Text<255>,
        dimension "dimension": opt Text<255>,
        hs_code "hsCode": opt Text<255>,
        organic_control_point_number "organicControlPointNumber": opt Text<255>,
        batches "batches": req Vec<Batch>,
        open_quantity_action "openQuantityAction": opt DispatchInstructionItemOpenQuantityAction,
    }
}

model! {
    pub struct DispatchInstructionItemsSubItems extends DispatchInstructionItem {
        sub_items "subItems": opt Vec<DispatchInstructionItem>,
    }
}

model! {
    pub struct DispatchInstructionItems extends DispatchInstructionItem {
        sub_items "subItems": opt Vec<DispatchInstructionItemsSubItems>,
    }
}

model! {
    pub struct DispatchInstruction {
        header "header": req DispatchInstructionHeader,
        items "items": req NonEmpty<DispatchInstructionItems>,
    }
}
