//! The dispatch instruction response and its parts.

#![allow(clippy::wildcard_imports)] // declarations use the schema primitives throughout

use super::parties::*;
use super::shared::*;
use crate::schema::*;
use crate::{doc_enum, model};

model! {
    pub struct DispatchInstructionResponseHeader {
        order_identifier "orderIdentifier": opt Text,
        order_date "orderDate": opt DateTime,
        shipping_notice_identifier "shippingNoticeIdentifier": req Text,
        requested_despatch_date "requestedDespatchDate": opt DateTime,
        dispatch_instruction_response_date "dispatchInstructionResponseDate": opt DateTime,
        shipping_notice_date "shippingNoticeDate": opt DateTime,
        requested_delivery_date "requestedDeliveryDate": opt DateTime,
        expected_delivery_date "expectedDeliveryDate": opt DateTime,
        carrier "carrier": opt Text,
        tracking_number "trackingNumber": opt Text,
        tracking_url "trackingUrl": opt Text,
        comments "comments": opt Text<100_000>,
        buyer "buyer": opt Party,
        supplier "supplier": req Party,
        ship_to "shipTo": opt ShipToParty,
        bill_to "billTo": opt Party,
        ship_from "shipFrom": opt Party,
        final_recipient "finalRecipient": opt Party,
        technical_recipient "technicalRecipient": opt Party,
        technical_sender "technicalSender": opt Party,
        mode_of_transport "modeOfTransport": opt ModeOfTransport,
        inco_terms "incoTerms": opt IncoTerms,
        shipping_method "shippingMethod": opt Text,
        status "status": opt Text,
        currency "currency": opt Currency,
        version "version": opt Integer,
    }
}

doc_enum! {
    pub enum DispatchInstructionResponseTransportUnitsUnitType {
        EuroPallet => "EURO_PALLET",
        EuroPalletHalf => "EURO_PALLET_HALF",
        EuroPalletQuarter => "EURO_PALLET_QUARTER",
        Carton => "CARTON",
    }
}

doc_enum! {
    pub enum DispatchInstructionResponseItemOpenQuantityAction {
        Discarded => "DISCARDED",
        DeliveredLater => "DELIVERED_LATER",
    }
}

model! {
    pub struct DispatchInstructionResponseItem {
        line_number "lineNumber": opt Integer,
        instruction_line_number "instructionLineNumber": opt Integer,
        order_line_number "orderLineNumber": opt Integer,
        is_deposit_item "isDepositItem": opt Bool,
        description "description": opt Text,
        comments "comments": opt Text<100_000>,
        net_weight "netWeight": opt Number,
        gross_weight "grossWeight": opt Number,
        origin_country_code "originCountryCode": opt Country,
        color_code "colorCode": opt Text<255>,
        color_name "colorName": opt Text<255>,
        size "size": opt Text<255>,
        dimension "dimension": opt Text<255>,
        hs_code "hsCode": opt Text<255>,
        organic_control_point_number "organicControlPointNumber": opt Text<255>,
        ordered_quantity "orderedQuantity": opt Number,
        shipped_quantity "shippedQuantity": opt Number,
        open_quantity_action "openQuantityAction": opt DispatchInstructionResponseItemOpenQuantityAction,
        unit_of_measure "unitOfMeasure": opt UnitOfMeasure,
        unit_price "unitPrice": opt Number,
        pricing_unit_of_measure "pricingUnitOfMeasure": opt Text<255>,
        pricing_unit_quantity "pricingUnitQuantity": opt Number,
        recommended_retail_price "recommendedRetailPrice": opt Number,
        tax "tax": opt Tax,
        identifiers "identifiers": opt NonEmpty<ItemIdentifier>,
        batches "batches": opt Vec<Batch>,
    }
}

model! {
    pub struct DispatchInstructionResponseTransportUnits {
        unit_identifier "unitIdentifier": opt Text,
        unit_type "unitType": opt DispatchInstructionResponseTransportUnitsUnitType,
        contained_trade_unit_count "containedTradeUnitCount": opt Integer,
        requested_delivery_date "requestedDeliveryDate": opt DateTime,
        expected_delivery_date "expectedDeliveryDate": opt DateTime,
        requested_despatch_date "requestedDespatchDate": opt DateTime,
        despatch_date "despatchDate": opt DateTime,
        carrier "carrier": opt TransportUnitCarrier,
        items "items": req NonEmpty<DispatchInstructionResponseItem>,
    }
}

model! {
    pub struct DispatchInstructionResponse {
        header "header": req DispatchInstructionResponseHeader,
        transport_units "transportUnits": req NonEmpty<DispatchInstructionResponseTransportUnits>,
    }
}
