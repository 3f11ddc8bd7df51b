//! The shipping notice and its parts.

#![allow(clippy::wildcard_imports)] // declarations use the schema primitives throughout

use super::parties::*;
use super::shared::*;
use crate::schema::*;
use crate::{doc_enum, model};

model! {
    pub struct ShippingNoticeHeader {
        buyer "buyer": req Party,
        supplier "supplier": req Party,
        ship_from "shipFrom": opt Party,
        ship_to "shipTo": opt ShipToParty,
        bill_to "billTo": opt Party,
        final_recipient "finalRecipient": opt Party,
        technical_recipient "technicalRecipient": opt Party,
        technical_sender "technicalSender": opt Party,
        shipping_notice_identifier "shippingNoticeIdentifier": req Text,
        shipping_notice_date "shippingNoticeDate": req DateTime,
        order_identifier "orderIdentifier": req Text,
        order_date "orderDate": opt DateTime,
        additional_order_identifiers "AdditionalOrderIdentifiers": opt AdditionalOrderIdentifiers,
        requested_delivery_date "requestedDeliveryDate": opt DateTime,
        requested_earliest_delivery_date "requestedEarliestDeliveryDate": opt DateTime,
        requested_latest_delivery_date "requestedLatestDeliveryDate": opt DateTime,
        expected_delivery_date "expectedDeliveryDate": opt DateTime,
        requested_despatch_date "requestedDespatchDate": opt DateTime,
        despatch_date "despatchDate": opt DateTime,
        carrier "carrier": opt Text,
        tracking_number "trackingNumber": opt Text,
        tracking_url "trackingUrl": opt Text,
        mode_of_transport "modeOfTransport": opt ModeOfTransport,
        inco_terms "incoTerms": opt IncoTerms,
        shipping_method "shippingMethod": opt Text,
        status "status": opt Text,
        comments "comments": opt Text<100_000>,
        delivery_information "deliveryInformation": opt Text<100_000>,
        purchasing_information "purchasingInformation": opt Text<100_000>,
        legal_information "legalInformation": opt Text<100_000>,
        currency "currency": opt Currency,
        version "version": opt Integer,
    }
}

doc_enum! {
    pub enum ShippingNoticeTransportUnitUnitType {
        EuroPallet => "EURO_PALLET",
        EuroPalletHalf => "EURO_PALLET_HALF",
        EuroPalletQuarter => "EURO_PALLET_QUARTER",
        Carton => "CARTON",
        Package => "PACKAGE",
        Pallet => "PALLET",
        Container => "CONTAINER",
    }
}

doc_enum! {
    pub enum ShippingNoticeItemOpenQuantityAction {
        Discarded => "DISCARDED",
        DeliveredLater => "DELIVERED_LATER",
    }
}

doc_enum! {
    pub enum ShippingNoticePartyIdentifierDomain {
        Gs1 => "GS1",
        Duns => "DUNS",
        VatDe => "VAT_DE",
        FedTax => "FED_TAX",
        SenderInternal => "SENDER_INTERNAL",
        ReceiverInternal => "RECEIVER_INTERNAL",
        Vvvo => "VVVO",
        Veterinary => "VETERINARY",
    }
}

model! {
    pub struct ShippingNoticePartyIdentifier {
        identifier "identifier": req Text,
        domain "domain": req ShippingNoticePartyIdentifierDomain,
    }
}

model! {
    pub struct ShippingNoticeItemBreeder extends Party {
        identifiers "identifiers": req NonEmpty<ShippingNoticePartyIdentifier>,
    }
}

model! {
    pub struct ShippingNoticeItemFattener extends Party {
        identifiers "identifiers": req NonEmpty<ShippingNoticePartyIdentifier>,
    }
}

model! {
    pub struct ShippingNoticeItemSlaughterer extends Party {
        identifiers "identifiers": req NonEmpty<ShippingNoticePartyIdentifier>,
    }
}

model! {
    pub struct ShippingNoticeItemCutter extends Party {
        identifiers "identifiers": req NonEmpty<ShippingNoticePartyIdentifier>,
    }
}

doc_enum! {
    pub enum ShippingNoticeItemGender {
        Male => "MALE",
        Female => "FEMALE",
    }
}

model! {
    pub struct ShippingNoticeItem {
        line_number "lineNumber": req Integer,
        order_line_number "orderLineNumber": opt Integer,
        order_identifier "orderIdentifier": opt Text,
        identifiers "identifiers": req NonEmpty<ItemIdentifier>,
        is_deposit_item "isDepositItem": req Bool,
        description "description": opt Text,
        comments "comments": opt Text,
        ordered_quantity "orderedQuantity": req Number,
        shipped_quantity "shippedQuantity": req Number,
        open_quantity_action "openQuantityAction": opt ShippingNoticeItemOpenQuantityAction,
        batches "batches": opt Vec<Batch>,
        unit_price "unitPrice": opt Number,
        recommended_retail_price "recommendedRetailPrice": opt Number,
        tax "tax": opt Tax,
        minimum_remaining_shelf_life_in_days "minimumRemainingShelfLifeInDays": opt Integer,
        promotion_code "promotionCode": opt Text<255>,
        contract_reference "contractReference": opt Text<255>,
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
        unit_of_measure "unitOfMeasure": opt UnitOfMeasure,
        breeder "breeder": opt ShippingNoticeItemBreeder,
        fattener "fattener": opt ShippingNoticeItemFattener,
        slaughterer "slaughterer": opt ShippingNoticeItemSlaughterer,
        cutter "cutter": opt ShippingNoticeItemCutter,
        slaughter_date "slaughterDate": opt Date,
        trade_class "tradeClass": opt Text<255>,
        ear_tag "earTag": opt Text<255>,
        birthdate "birthdate": opt Date,
        gender "gender": opt ShippingNoticeItemGender,
    }
}

model! {
    pub struct ShippingNoticeItemWithSubItems extends ShippingNoticeItem {
        sub_items "subItems": opt Vec<ShippingNoticeItem>,
    }
}

model! {
    pub struct ShippingNoticeItemWithSubSubItems extends ShippingNoticeItem {
        sub_items "subItems": opt Vec<ShippingNoticeItemWithSubItems>,
    }
}

model! {
    pub struct ShippingNoticeTransportUnit {
        unit_identifier "unitIdentifier": opt Text,
        unit_type "unitType": opt ShippingNoticeTransportUnitUnitType,
        contained_trade_unit_count "containedTradeUnitCount": opt Integer,
        requested_delivery_date "requestedDeliveryDate": opt DateTime,
        expected_delivery_date "expectedDeliveryDate": opt DateTime,
        requested_despatch_date "requestedDespatchDate": opt DateTime,
        despatch_date "despatchDate": opt DateTime,
        carrier "carrier": opt TransportUnitCarrier,
        items "items": req Vec<ShippingNoticeItemWithSubSubItems>,
    }
}

model! {
    pub struct ShippingNoticeTransportUnitWithSubTransportUnits extends ShippingNoticeTransportUnit {
        transport_units "transportUnits": opt Vec<ShippingNoticeTransportUnit>,
    }
}

model! {
    pub struct ShippingNotice {
        header "header": req ShippingNoticeHeader,
        transport_units "transportUnits": req NonEmpty<ShippingNoticeTransportUnitWithSubTransportUnits>,
    }
}
