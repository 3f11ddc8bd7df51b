//! The inventory report and its parts.

#![allow(clippy::wildcard_imports)] // declarations use the schema primitives throughout

use super::parties::*;
use super::shared::*;
use crate::model;
use crate::schema::*;

model! {
    pub struct InventoryReportHeader {
        inventory_report_identifier "inventoryReportIdentifier": req Text,
        inventory_report_date "inventoryReportDate": req DateTime,
        warehouse "warehouse": req Party,
        goods_owner "goodsOwner": req Party,
        technical_recipient "technicalRecipient": opt Party,
        technical_sender "technicalSender": opt Party,
        comments "comments": opt Text<100_000>,
        version "version": opt Integer,
    }
}

model! {
    pub struct InventoryReportItemIdentity {
        sender_partner_id "senderPartnerId": opt Text,
        receiver_partner_id "receiverPartnerId": opt Text,
        gtin "gtin": opt Text,
    }
}

model! {
    pub struct InventoryReportItemBatches extends Batch {
        status "status": opt Text,
        status_reason "statusReason": opt Text,
    }
}

model! {
    pub struct InventoryReportItem {
        name "name": opt Text,
        line_number "lineNumber": opt Integer,
        available_quantity "availableQuantity": opt Number,
        blocked_quantity "blockedQuantity": opt Number,
        ordered_quantity "orderedQuantity": opt Number,
        identity "identity": opt InventoryReportItemIdentity,
        unit_of_measure "unitOfMeasure": opt UnitOfMeasure,
        unit_price "unitPrice": opt Number,
        pricing_unit_of_measure "pricingUnitOfMeasure": opt Text<255>,
        pricing_unit_quantity "pricingUnitQuantity": opt Number,
        tax "tax": opt Tax,
        net_weight "netWeight": opt Integer,
        gross_weight "grossWeight": opt Integer,
        hs_code "hsCode": opt Text,
        origin_country_code "originCountryCode": opt Country,
        color_code "colorCode": opt Text,
        color_name "colorName": opt Text,
        size "size": opt Text,
        dimension "dimension": opt Text,
        comment "comment": opt Text,
        batches "batches": opt Vec<InventoryReportItemBatches>,
    }
}

model! {
    pub struct InventoryReport {
        header "header": req InventoryReportHeader,
        items "items": req NonEmpty<InventoryReportItem>,
    }
}
