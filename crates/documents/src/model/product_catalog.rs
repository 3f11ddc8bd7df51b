//! The product catalog and its parts.

#![allow(clippy::wildcard_imports)] // declarations use the schema primitives throughout

use super::parties::*;
use super::shared::*;
use crate::schema::*;
use crate::{doc_enum, model};

model! {
    pub struct ProductCatalogIdentity {
        sender_partner_id "senderPartnerId": opt Text,
        receiver_partner_id "receiverPartnerId": opt Text,
        gtin "gtin": opt Text,
    }
}

model! {
    pub struct ProductCatalogHeader {
        catalog_number "catalogNumber": opt Text,
        catalog_date "catalogDate": req DateTime,
        sender "sender": req Party,
        receiver "receiver": req Party,
        importer "importer": opt Party,
        manufacturer "manufacturer": opt Party,
        technical_recipient "technicalRecipient": opt Party,
        technical_sender "technicalSender": opt Party,
        comments "comments": opt Text<100_000>,
        version "version": opt Integer,
    }
}

doc_enum! {
    pub enum ProductCatalogItemAction {
        New => "NEW",
        Changed => "CHANGED",
        Deleted => "DELETED",
    }
}

model! {
    pub struct ProductCatalogItemAllergensIdentifiers {
        gdsn "gdsn": opt Text,
        usda "usda": opt Text,
        bls "bls": opt Text,
        sender_internal "senderInternal": opt Text,
        receiver_internal "receiverInternal": opt Text,
    }
}

doc_enum! {
    pub enum ProductCatalogItemAllergensPresence {
        Present => "PRESENT",
        Traces => "TRACES",
        FreeFrom => "FREE_FROM",
        Unknown => "UNKNOWN",
    }
}

model! {
    pub struct ProductCatalogItemAllergens {
        identifiers "identifiers": opt ProductCatalogItemAllergensIdentifiers,
        name "name": opt Text,
        presence "presence": opt ProductCatalogItemAllergensPresence,
    }
}

model! {
    pub struct ProductCatalogItemNutritionalInformationEnergy {
        total_in_kcal "totalInKcal": opt Number,
        total_in_kj "totalInKj": opt Number,
    }
}

model! {
    pub struct ProductCatalogItemNutritionalInformationFats {
        total_in_grams "totalInGrams": opt Number,
        saturated_in_grams "saturatedInGrams": opt Number,
        monounsaturated_in_grams "monounsaturatedInGrams": opt Number,
        polyunsaturated_in_grams "polyunsaturatedInGrams": opt Number,
        trans_fats_in_grams "transFatsInGrams": opt Number,
        omega3_fatty_acids_in_grams "omega3FattyAcidsInGrams": opt Number,
        omega6_fatty_acids_in_grams "omega6FattyAcidsInGrams": opt Number,
        omega9_fatty_acids_in_grams "omega9FattyAcidsInGrams": opt Number,
        epa_in_grams "epaInGrams": opt Number,
        dha_in_grams "dhaInGrams": opt Number,
        cholesterol_in_milligrams "cholesterolInMilligrams": opt Number,
    }
}

model! {
    pub struct ProductCatalogItemNutritionalInformationCarbohydrates {
        total_in_grams "totalInGrams": opt Number,
        sugars_in_grams "sugarsInGrams": opt Number,
        added_sugars_in_grams "addedSugarsInGrams": opt Number,
        polyols_in_grams "polyolsInGrams": opt Number,
        starch_in_grams "starchInGrams": opt Number,
        lactose_in_grams "lactoseInGrams": opt Number,
    }
}

model! {
    pub struct ProductCatalogItemNutritionalInformationFiber {
        total_in_grams "totalInGrams": opt Number,
        soluble_in_grams "solubleInGrams": opt Number,
        insoluble_in_grams "insolubleInGrams": opt Number,
        beta_glucans_in_grams "betaGlucansInGrams": opt Number,
    }
}

model! {
    pub struct ProductCatalogItemNutritionalInformationProteinsAminoAcids {
        alanine_in_grams "alanineInGrams": opt Number,
        arginine_in_grams "arginineInGrams": opt Number,
        aspartic_acid_in_grams "asparticAcidInGrams": opt Number,
        cysteine_in_grams "cysteineInGrams": opt Number,
        glutamic_acid_in_grams "glutamicAcidInGrams": opt Number,
        glycine_in_grams "glycineInGrams": opt Number,
        histidine_in_grams "histidineInGrams": opt Number,
        isoleucine_in_grams "isoleucineInGrams": opt Number,
        leucine_in_grams "leucineInGrams": opt Number,
        lysine_in_grams "lysineInGrams": opt Number,
        methionine_in_grams "methionineInGrams": opt Number,
        phenylalanine_in_grams "phenylalanineInGrams": opt Number,
        proline_in_grams "prolineInGrams": opt Number,
        serine_in_grams "serineInGrams": opt Number,
        threonine_in_grams "threonineInGrams": opt Number,
        tryptophan_in_grams "tryptophanInGrams": opt Number,
        tyrosine_in_grams "tyrosineInGrams": opt Number,
        valine_in_grams "valineInGrams": opt Number,
    }
}

model! {
    pub struct ProductCatalogItemNutritionalInformationProteins {
        total_in_grams "totalInGrams": opt Number,
        amino_acids "aminoAcids": opt ProductCatalogItemNutritionalInformationProteinsAminoAcids,
    }
}

model! {
    pub struct ProductCatalogItemNutritionalInformationVitamins {
        vitamin_a_in_micrograms "vitaminAInMicrograms": opt Number,
        beta_carotene_in_micrograms "betaCaroteneInMicrograms": opt Number,
        vitamin_d_in_micrograms "vitaminDInMicrograms": opt Number,
        vitamin_e_in_micrograms "vitaminEInMicrograms": opt Number,
        vitamin_k_in_micrograms "vitaminKInMicrograms": opt Number,
        vitamin_c_in_micrograms "vitaminCInMicrograms": opt Number,
        vitamin_b1_thiamin_in_micrograms "vitaminB1ThiaminInMicrograms": opt Number,
        vitamin_b2_riboflavin_in_micrograms "vitaminB2RiboflavinInMicrograms": opt Number,
        vitamin_b3_niacin_in_micrograms "vitaminB3NiacinInMicrograms": opt Number,
        vitamin_b5_pantothenic_acid_in_micrograms "vitaminB5PantothenicAcidInMicrograms": opt Number,
        vitamin_b6_pyridoxin_in_micrograms "vitaminB6PyridoxinInMicrograms": opt Number,
        vitamin_b7_biotin_in_micrograms "vitaminB7BiotinInMicrograms": opt Number,
        vitamin_b9_folic_acid_in_micrograms "vitaminB9FolicAcidInMicrograms": opt Number,
        vitamin_b12_cyanocobalamin_in_micrograms "vitaminB12CyanocobalaminInMicrograms": opt Number,
    }
}

model! {
    pub struct ProductCatalogItemNutritionalInformationMinerals {
        calcium_in_milligrams "calciumInMilligrams": opt Number,
        chloride_in_milligrams "chlorideInMilligrams": opt Number,
        chromium_in_micrograms "chromiumInMicrograms": opt Number,
        cobalt_in_micrograms "cobaltInMicrograms": opt Number,
        copper_in_milligrams "copperInMilligrams": opt Number,
        fluoride_in_milligrams "fluorideInMilligrams": opt Number,
        iodine_in_micrograms "iodineInMicrograms": opt Number,
        iron_in_milligrams "ironInMilligrams": opt Number,
        lithium_in_micrograms "lithiumInMicrograms": opt Number,
        magnesium_in_milligrams "magnesiumInMilligrams": opt Number,
        manganese_in_milligrams "manganeseInMilligrams": opt Number,
        molybdenum_in_micrograms "molybdenumInMicrograms": opt Number,
        nickel_in_micrograms "nickelInMicrograms": opt Number,
        phosphorus_in_milligrams "phosphorusInMilligrams": opt Number,
        potassium_in_milligrams "potassiumInMilligrams": opt Number,
        selenium_in_micrograms "seleniumInMicrograms": opt Number,
        silicon_in_milligrams "siliconInMilligrams": opt Number,
        zinc_in_milligrams "zincInMilligrams": opt Number,
    }
}

model! {
    pub struct ProductCatalogItemNutritionalInformationOtherCompounds {
        oxalic_acid_in_milligrams "oxalicAcidInMilligrams": opt Number,
        purines_in_milligrams "purinesInMilligrams": opt Number,
        uric_acid_in_milligrams "uricAcidInMilligrams": opt Number,
        bicarbonate_in_milligrams "bicarbonateInMilligrams": opt Number,
    }
}

model! {
    pub struct ProductCatalogItemNutritionalInformationSpecialDietaryInfo {
        bread_units_be "breadUnitsBe": opt Number,
        meat_fish_weight_per_unit_in_grams "meatFishWeightPerUnitInGrams": opt Number,
    }
}

model! {
    pub struct ProductCatalogItemNutritionalInformation {
        energy "energy": opt ProductCatalogItemNutritionalInformationEnergy,
        fats "fats": opt ProductCatalogItemNutritionalInformationFats,
        carbohydrates "carbohydrates": opt ProductCatalogItemNutritionalInformationCarbohydrates,
        fiber "fiber": opt ProductCatalogItemNutritionalInformationFiber,
        proteins "proteins": opt ProductCatalogItemNutritionalInformationProteins,
        salt_in_grams "saltInGrams": opt Number,
        sodium_in_grams "sodiumInGrams": opt Number,
        alcohol_in_grams "alcoholInGrams": opt Number,
        water_in_grams "waterInGrams": opt Number,
        caffeine_in_milligrams "caffeineInMilligrams": opt Number,
        taurine_in_milligrams "taurineInMilligrams": opt Number,
        vitamins "vitamins": opt ProductCatalogItemNutritionalInformationVitamins,
        minerals "minerals": opt ProductCatalogItemNutritionalInformationMinerals,
        other_compounds "otherCompounds": opt ProductCatalogItemNutritionalInformationOtherCompounds,
        special_dietary_info "specialDietaryInfo": opt ProductCatalogItemNutritionalInformationSpecialDietaryInfo,
    }
}

model! {
    pub struct ProductCatalogItemAdditivesIdentifiers {
        gdsn "gdsn": opt Text,
        usda "usda": opt Text,
        bls "bls": opt Text,
        sender_internal "senderInternal": opt Text,
        receiver_internal "receiverInternal": opt Text,
    }
}

model! {
    pub struct ProductCatalogItemAdditives {
        identifiers "identifiers": opt ProductCatalogItemAdditivesIdentifiers,
        name "name": opt Text,
    }
}

model! {
    pub struct ProductCatalogItemPackagingUnit {
        quantity "quantity": req Number,
        identity "identity": opt ProductCatalogIdentity,
        is_orderable "isOrderable": opt Bool,
        length "length": opt Integer,
        width "width": opt Integer,
        height "height": opt Integer,
        net_weight "netWeight": opt Integer,
        gross_weight "grossWeight": opt Integer,
        volume "volume": opt Integer,
        unit_of_measure "unitOfMeasure": opt UnitOfMeasure,
    }
}

model! {
    pub struct ProductCatalogItem {
        name "name": opt Text,
        line_number "lineNumber": req Integer,
        quantity "quantity": req Number,
        identity "identity": req ProductCatalogIdentity,
        predecessor_identity "predecessorIdentity": opt ProductCatalogIdentity,
        successor_identity "successorIdentity": opt ProductCatalogIdentity,
        alternative_identifiers "alternativeIdentifiers": opt Vec<ProductCatalogIdentity>,
        action "action": opt ProductCatalogItemAction,
        currency "currency": opt Currency,
        unit_of_measure "unitOfMeasure": opt UnitOfMeasure,
        is_orderable "isOrderable": opt Bool,
        unit_price "unitPrice": opt Number,
        pricing_unit_of_measure "pricingUnitOfMeasure": opt Text<255>,
        pricing_unit_quantity "pricingUnitQuantity": opt Number,
        unit_price_valid_from_date "unitPriceValidFromDate": opt DateTime,
        unit_price_valid_until_date "unitPriceValidUntilDate": opt DateTime,
        recommended_retail_price "recommendedRetailPrice": opt Number,
        recommended_retail_price_valid_from_date "recommendedRetailPriceValidFromDate": opt DateTime,
        recommended_retail_price_valid_until_date "recommendedRetailPriceValidUntilDate": opt DateTime,
        minimum_order_quantity "minimumOrderQuantity": opt Number,
        tax_percentage "taxPercentage": opt Number,
        deposit_amount "depositAmount": opt Number,
        short_description "shortDescription": opt Text,
        description "description": opt Text,
        per_unit_quantity "perUnitQuantity": opt Number,
        length "length": opt Integer,
        width "width": opt Integer,
        height "height": opt Integer,
        net_weight "netWeight": opt Integer,
        gross_weight "grossWeight": opt Integer,
        drained_weight "drainedWeight": opt Integer,
        volume "volume": opt Integer,
        category "category": opt Text,
        sub_category "subCategory": opt Text,
        un_number "unNumber": opt Integer,
        hs_code "hsCode": opt Text,
        cn_code "cnCode": opt Text,
        hts_code "htsCode": opt Text,
        deliverable_from_date "deliverableFromDate": opt DateTime,
        is_dangerous "isDangerous": opt Bool,
        has_expiry_date "hasExpiryDate": opt Bool,
        has_batch_number "hasBatchNumber": opt Bool,
        has_serial_number "hasSerialNumber": opt Bool,
        minimum_remaining_shelf_life_in_days "minimumRemainingShelfLifeInDays": opt Integer,
        source_identifier "sourceIdentifier": opt Text,
        origin_country_code "originCountryCode": opt Country,
        color_code "colorCode": opt Text,
        color_name "colorName": opt Text,
        size "size": opt Text,
        dimension "dimension": opt Text,
        organic_control_point_number "organicControlPointNumber": opt Text<255>,
        fsc_number "fscNumber": opt Text,
        msc_number "mscNumber": opt Text,
        season "season": opt Text,
        gender "gender": opt Text,
        brand "brand": opt Text,
        declaration_of_conformity "declarationOfConformity": opt Text,
        user_manual "userManual": opt Text,
        energy_label "energyLabel": opt Text,
        safety_datasheet "safetyDatasheet": opt Text,
        technical_datasheet "technicalDatasheet": opt Text,
        eu_datasheet "euDatasheet": opt Text,
        safety_instructions "safetyInstructions": opt Text,
        material_composition "materialComposition": opt Text,
        ingredients "ingredients": opt Text,
        allergens "allergens": opt Vec<ProductCatalogItemAllergens>,
        nutritional_information "nutritionalInformation": opt ProductCatalogItemNutritionalInformation,
        additives "additives": opt Vec<ProductCatalogItemAdditives>,
        images "images": opt Vec<Attachment>,
        comment "comment": opt Text,
        batches "batches": opt Vec<Batch>,
        packaging_units "packagingUnits": opt Vec<ProductCatalogItemPackagingUnit>,
        modification_groups "modificationGroups": opt Vec<ModificationGroup>,
        manufacturer "manufacturer": opt Party,
        importer "importer": opt Party,
    }
}

model! {
    pub struct ProductCatalogItemWithSubItems extends ProductCatalogItem {
        sub_items "subItems": opt Vec<ProductCatalogItem>,
    }
}

model! {
    pub struct ProductCatalogItemWithSubSubItems extends ProductCatalogItem {
        sub_items "subItems": opt Vec<ProductCatalogItemWithSubItems>,
    }
}

model! {
    pub struct ProductCatalog {
        header "header": req ProductCatalogHeader,
        items "items": req NonEmpty<ProductCatalogItemWithSubSubItems>,
    }
}

model! {
    pub struct ProductCatalogSubItemIdentity {
        sender_partner_id "senderPartnerId": opt Text,
        receiver_partner_id "receiverPartnerId": opt Text,
        gtin "gtin": opt Text,
    }
}

model! {
    pub struct ProductCatalogSubItem {
        line_number "lineNumber": req Integer,
        quantity "quantity": req Number,
        identity "identity": req ProductCatalogSubItemIdentity,
        unit_of_measure "unitOfMeasure": opt UnitOfMeasure,
        description "description": opt Text,
    }
}
