//! The sales report and its parts.

#![allow(clippy::wildcard_imports)] // declarations use the schema primitives throughout

use super::parties::*;
use super::shared::*;
use crate::model;
use crate::schema::*;

model! {
    pub struct SalesReportHeader {
        sales_report_identifier "salesReportIdentifier": req Text,
        sales_report_date "salesReportDate": req DateTime,
        sales_period_start_date "salesPeriodStartDate": req DateTime,
        sales_period_end_date "salesPeriodEndDate": req DateTime,
        currency "currency": opt Currency,
        supplier "supplier": req Party,
        buyer "buyer": req Party,
        technical_recipient "technicalRecipient": opt Party,
        technical_sender "technicalSender": opt Party,
        comments "comments": opt Text<100_000>,
    }
}

model! {
    pub struct SalesReportLocationItem {
        // Required in the reference schema, but its own example leaves it out: the example wins.
        line_number "lineNumber": opt Integer,
        identifiers "identifiers": req NonEmpty<ItemIdentifier>,
        description "description": opt Text,
        unit_of_measure "unitOfMeasure": opt UnitOfMeasure,
        unit_price "unitPrice": opt Number,
        pricing_unit_of_measure "pricingUnitOfMeasure": opt Text<255>,
        pricing_unit_quantity "pricingUnitQuantity": opt Number,
        net_unit_price "netUnitPrice": opt Number,
        recommended_retail_price "recommendedRetailPrice": opt Number,
        sales_quantity "salesQuantity": req Number,
        line_gross_amount "lineGrossAmount": opt Number,
        line_net_amount "lineNetAmount": opt Number,
        line_tax_amount "lineTaxAmount": opt Number,
        comments "comments": opt Text<100_000>,
        net_weight "netWeight": opt Integer,
        gross_weight "grossWeight": opt Integer,
        hs_code "hsCode": opt Text,
        origin_country_code "originCountryCode": opt Country,
        color_code "colorCode": opt Text,
        color_name "colorName": opt Text,
        size "size": opt Text,
        dimension "dimension": opt Text,
        organic_control_point_number "organicControlPointNumber": opt Text<255>,
        fsc_number "fscNumber": opt Text,
        msc_number "mscNumber": opt Text,
        category "category": opt Text,
        sub_category "subCategory": opt Text,
        tax "tax": opt Tax,
    }
}

model! {
    pub struct SalesReportLocation {
        location "location": req Party,
        sales_period_start_date "salesPeriodStartDate": opt DateTime,
        sales_period_end_date "salesPeriodEndDate": opt DateTime,
        items "items": req NonEmpty<SalesReportLocationItem>,
    }
}

model! {
    pub struct SalesReport {
        header "header": req SalesReportHeader,
        locations "locations": req NonEmpty<SalesReportLocation>,
    }
}
