//! Parts shared by several document types: payment terms, taxes, units, item identifiers, batches, modifications, attachments.

#![allow(clippy::wildcard_imports)] // declarations use the schema primitives throughout

use crate::schema::*;
use crate::{doc_enum, model};

model! {
    pub struct Attachment {
        file_name "fileName": opt Text,
        url "url": opt Uri,
        mime_type "mimeType": opt Text,
    }
}

model! {
    pub struct PaymentTerm {
        pay_in_number_of_days "payInNumberOfDays": req Integer,
        percentage "percentage": req Number,
    }
}

model! {
    pub struct Tax {
        // Required in the reference schema, but its own example leaves it out: the example wins.
        amount "amount": opt Number,
        percentage "percentage": req Number,
        description "description": opt Text,
    }
}

doc_enum! {
    pub enum UnitOfMeasure {
        Ea => "EA",
        Grm => "GRM",
        Hur => "HUR",
        Kgm => "KGM",
        Ltr => "LTR",
        Mlt => "MLT",
        Mtk => "MTK",
        Mtr => "MTR",
        Pck => "PCK",
        Set => "SET",
        Cs => "CS",
        Ca => "CA",
        Day => "DAY",
        Wee => "WEE",
        Mon => "MON",
        Ct => "CT",
        Cq => "CQ",
        Cu => "CU",
        Bj => "BJ",
        Bo => "BO",
        Mtq => "MTQ",
        Pf => "PF",
        Bg => "BG",
        Ro => "RO",
        Tne => "TNE",
        Be => "BE",
        Cmt => "CMT",
        Kmt => "KMT",
        Pr => "PR",
        Tu => "TU",
    }
}

model! {
    pub struct AdditionalOrderIdentifiers {
        supplier_order_identifier "supplierOrderIdentifier": opt Text,
        ship_to_order_identifier "shipToOrderIdentifier": opt Text,
        ship_from_order_identifier "shipFromOrderIdentifier": opt Text,
        bill_to_order_identifier "billToOrderIdentifier": opt Text,
        bill_from_order_identifier "billFromOrderIdentifier": opt Text,
        final_recipient_order_identifier "finalRecipientOrderIdentifier": opt Text,
        technical_recipient_order_identifier "technicalRecipientOrderIdentifier": opt Text,
    }
}

doc_enum! {
    pub enum ItemIdentifierDomain {
        Gs1 => "GS1",
        Buyer => "BUYER",
        Supplier => "SUPPLIER",
    }
}

model! {
    pub struct ItemIdentifier {
        identifier "identifier": opt Text,
        domain "domain": opt ItemIdentifierDomain,
    }
}

model! {
    pub struct Batch {
        batch_identifier "batchIdentifier": opt Text,
        expiration_date "expirationDate": opt Date,
        quantity "quantity": opt Number,
        net_weight "netWeight": opt Number,
        gross_weight "grossWeight": opt Number,
    }
}

doc_enum! {
    pub enum ModeOfTransport {
        Road => "ROAD",
        Rail => "RAIL",
        Air => "AIR",
        Sea => "SEA",
        Multimodal => "MULTIMODAL",
    }
}

model! {
    pub struct TransportUnitCarrier {
        name "name": opt Text,
        tracking_number "trackingNumber": opt Text,
        tracking_url "trackingUrl": opt Text,
    }
}

doc_enum! {
    pub enum IncoTerms {
        Exw => "EXW",
        Fca => "FCA",
        Cpt => "CPT",
        Cip => "CIP",
        Dap => "DAP",
        Ddp => "DDP",
        Fas => "FAS",
        Fob => "FOB",
        Cfr => "CFR",
        Cif => "CIF",
        Dat => "DAT",
    }
}

model! {
    pub struct CertificationsEudr {
        verification_number "verificationNumber": opt Text,
        reference_number "referenceNumber": opt Text,
    }
}

model! {
    pub struct Certifications {
        de_bnn "deBnn": opt Text,
        eudr "eudr": opt CertificationsEudr,
    }
}

model! {
    pub struct CertificationsRequired {
        fairtrade "fairtrade": opt Bool,
        supplier_qa "supplierQa": opt Bool,
        eudr "eudr": opt Bool,
    }
}

doc_enum! {
    pub enum LineItemAttachmentType {
        DeclarationOfConformity => "DECLARATION_OF_CONFORMITY",
        EnergyLabel => "ENERGY_LABEL",
        EuDatasheet => "EU_DATASHEET",
        SafetyDatasheet => "SAFETY_DATASHEET",
        TechnicalDatasheet => "TECHNICAL_DATASHEET",
        ProductLabel => "PRODUCT_LABEL",
    }
}

model! {
    pub struct LineItemAttachment {
        file_name "fileName": opt Text,
        url "url": opt Uri,
        mime_type "mimeType": opt Text,
        kind "type": opt LineItemAttachmentType,
    }
}

doc_enum! {
    pub enum ModificationType {
        Allowance => "ALLOWANCE",
        Charge => "CHARGE",
    }
}

doc_enum! {
    pub enum ModificationCalculationType {
        Absolute => "ABSOLUTE",
        Relative => "RELATIVE",
    }
}

doc_enum! {
    pub enum ModificationReasonCode {
        Shipping => "SHIPPING",
        Packaging => "PACKAGING",
        Handling => "HANDLING",
        Discount => "DISCOUNT",
        Insurance => "INSURANCE",
    }
}

model! {
    pub struct Modification {
        kind "type": opt ModificationType,
        calculation_type "calculationType": opt ModificationCalculationType,
        reason_code "reasonCode": opt ModificationReasonCode,
        description "description": opt Text,
        percentage "percentage": opt Number,
        amount "amount": opt Number,
        tax "tax": opt Tax,
    }
}

model! {
    pub struct ModificationGroup {
        // Required in the reference schema, but its own example leaves it out: the example wins.
        basis "basis": opt Number,
        level "level": opt Integer,
        modifications "modifications": req NonEmpty<Modification>,
    }
}
