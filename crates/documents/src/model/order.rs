//! The order and its parts.

#![allow(clippy::wildcard_imports)] // declarations use the schema primitives throughout

use super::parties::*;
use super::shared::*;
use crate::model;
use crate::schema::*;

model! {
    pub struct OrderHeader {
        buyer "buyer": req Party,
        supplier "supplier": req Party,
        ship_to "shipTo": opt ShipToParty,
        bill_to "billTo": opt Party,
        final_recipient "finalRecipient": opt Party,
        technical_recipient "technicalRecipient": opt Party,
        technical_sender "technicalSender": opt Party,
        order_identifier "orderIdentifier": req Text,
        order_date "orderDate": req DateTime,
        additional_order_identifiers "AdditionalOrderIdentifiers": opt AdditionalOrderIdentifiers,
        kind "type": opt Text,
        requested_delivery_date "requestedDeliveryDate": opt DateTime,
        requested_earliest_delivery_date "requestedEarliestDeliveryDate": opt DateTime,
        requested_latest_delivery_date "requestedLatestDeliveryDate": opt DateTime,
        currency "currency": opt Currency,
        payment_terms "paymentTerms": opt Vec<PaymentTerm>,
        comments "comments": opt Text<100_000>,
        delivery_information "deliveryInformation": opt Text<100_000>,
        purchasing_information "purchasingInformation": opt Text<100_000>,
        legal_information "legalInformation": opt Text<100_000>,
        promotion_code "promotionCode": opt Text<255>,
        contract_reference "contractReference": opt Text<255>,
        version "version": opt Integer,
        attachments "attachments": opt Vec<Attachment>,
    }
}

model! {
    pub struct OrderItem {
        line_number "lineNumber": opt Integer,
        identifiers "identifiers": opt NonEmpty<ItemIdentifier>,
        is_deposit_item "isDepositItem": opt Bool,
        quantity "quantity": opt Number,
        unit_of_measure "unitOfMeasure": opt UnitOfMeasure,
        description "description": opt Text,
        comments "comments": opt Text,
        unit_price "unitPrice": opt Number,
        pricing_unit_of_measure "pricingUnitOfMeasure": opt Text<255>,
        pricing_unit_quantity "pricingUnitQuantity": opt Number,
        recommended_retail_price "recommendedRetailPrice": opt Number,
        tax "tax": opt Tax,
        promotion_code "promotionCode": opt Text<255>,
        contract_reference "contractReference": opt Text<255>,
        requested_delivery_date "requestedDeliveryDate": opt DateTime,
        requested_earliest_delivery_date "requestedEarliestDeliveryDate": opt DateTime,
        requested_latest_delivery_date "requestedLatestDeliveryDate": opt DateTime,
        delivery_grace_period_in_days "deliveryGracePeriodInDays": opt Integer,
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
        brand "brand": opt Text,
        consumer_group "consumerGroup": opt Text,
        assortment "assortment": opt Text,
        category "category": opt Text,
        sub_category "subCategory": opt Text,
        certifications_required "certificationsRequired": opt CertificationsRequired,
        attachments "attachments": opt Vec<LineItemAttachment>,
        modification_groups "modificationGroups": opt Vec<ModificationGroup>,
    }
}

model! {
    pub struct OrderSummaryTaxItems {
        percentage "percentage": req Number,
        taxable_amount "taxableAmount": req Number,
        tax_amount "taxAmount": req Number,
        category "category": req Text,
        description "description": opt Text,
    }
}

model! {
    pub struct OrderSummaryTax {
        total "total": req Number,
        description "description": opt Text,
        items "items": req Vec<OrderSummaryTaxItems>,
    }
}

model! {
    pub struct OrderSummary {
        subtotal_amount "subtotalAmount": req Number,
        gross_amount "grossAmount": req Number,
        net_amount "netAmount": req Number,
        due_amount "dueAmount": req Number,
        total_charges "totalCharges": req Number,
        total_allowances "totalAllowances": req Number,
        tax "tax": req OrderSummaryTax,
        modification_groups "modificationGroups": opt Vec<ModificationGroup>,
    }
}

model! {
    pub struct Order {
        header "header": req OrderHeader,
        items "items": req NonEmpty<OrderItem>,
        summary "summary": opt OrderSummary,
    }
}
