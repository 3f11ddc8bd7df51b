//! The receival notice and its parts.

#![allow(clippy::wildcard_imports)] // declarations use the schema primitives throughout

use super::parties::*;
use super::shared::*;
use crate::schema::*;
use crate::{doc_enum, model};

model! {
    pub struct ReceivalNoticeHeader {
        receival_advice_number "receivalAdviceNumber": req Text,
        receival_date "receivalDate": req DateTime,
        delivery_note_number "deliveryNoteNumber": opt Text,
        customer_order_number "customerOrderNumber": opt Text,
        ship_to "shipTo": opt ShipToParty,
        customer "customer": req Party,
        delivery_note_date "deliveryNoteDate": opt DateTime,
        order_date "orderDate": opt DateTime,
        ship_from "shipFrom": opt Party,
        bill_to "billTo": opt Party,
        supplier "supplier": req Party,
        technical_recipient "technicalRecipient": opt Party,
        technical_sender "technicalSender": opt Party,
        comments "comments": opt Text<100_000>,
        carrier_id "carrierId": opt Text,
        carrier_domain "carrierDomain": opt Text,
        tracking_number "trackingNumber": opt Text,
        tracking_url "trackingUrl": opt Text,
        version "version": opt Integer,
    }
}

doc_enum! {
    pub enum ReceivalNoticeTransportUnitsUnitType {
        EuroPallet => "EURO_PALLET",
        EuroPalletHalf => "EURO_PALLET_HALF",
        EuroPalletQuarter => "EURO_PALLET_QUARTER",
        Carton => "CARTON",
    }
}

doc_enum! {
    pub enum ReceivalNoticeItemOpenQuantityAction {
        Discarded => "DISCARDED",
        DeliveredLater => "DELIVERED_LATER",
    }
}

model! {
    pub struct ReceivalNoticeItem {
        line_number "lineNumber": opt Integer,
        received_quantity "receivedQuantity": opt Number,
        shipped_quantity "shippedQuantity": opt Number,
        identifiers "identifiers": opt NonEmpty<ItemIdentifier>,
        order_line_number "orderLineNumber": opt Integer,
        ordered_quantity "orderedQuantity": opt Number,
        rejected_quantity "rejectedQuantity": opt Number,
        reject_reason "rejectReason": opt Text,
        open_quantity_action "openQuantityAction": opt ReceivalNoticeItemOpenQuantityAction,
        unit_price "unitPrice": opt Number,
        currency "currency": opt Currency,
        unit_of_measure "unitOfMeasure": opt UnitOfMeasure,
        description "description": opt Text,
        batches "batches": opt Vec<Batch>,
    }
}

model! {
    pub struct ReceivalNoticeTransportUnits {
        unit_identifier "unitIdentifier": opt Text,
        unit_type "unitType": opt ReceivalNoticeTransportUnitsUnitType,
        contained_trade_unit_count "containedTradeUnitCount": opt Integer,
        carrier "carrier": opt TransportUnitCarrier,
        items "items": req NonEmpty<ReceivalNoticeItem>,
    }
}

model! {
    pub struct ReceivalNotice {
        header "header": req ReceivalNoticeHeader,
        transport_units "transportUnits": req NonEmpty<ReceivalNoticeTransportUnits>,
    }
}
