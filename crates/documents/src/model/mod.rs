//! The typed models of the twelve document types, one file per type plus the parts they share.
//! Every property of the public reference schemas has a field here; a test holds us to that.

mod credit_note;
mod dispatch_instruction;
mod dispatch_instruction_response;
mod inventory_report;
mod invoice;
mod order;
mod order_response;
mod parties;
mod product_catalog;
mod receival_notice;
mod remittance_advice;
mod sales_report;
mod shared;
mod shipping_notice;

pub use credit_note::*;
pub use dispatch_instruction::*;
pub use dispatch_instruction_response::*;
pub use inventory_report::*;
pub use invoice::*;
pub use order::*;
pub use order_response::*;
pub use parties::*;
pub use product_catalog::*;
pub use receival_notice::*;
pub use remittance_advice::*;
pub use sales_report::*;
pub use shared::*;
pub use shipping_notice::*;
