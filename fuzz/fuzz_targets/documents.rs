//! Reading a sent document: any type and any text, read whole and read with its lists apart
//! (the path large documents take). Neither may panic, and both must come to the same answer.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use switchyard_documents::{DocumentType, Strictness, read_text_with};

fuzz_target!(|input: &[u8]| {
    let Some((&choice, text)) = input.split_first() else { return };
    let Ok(text) = std::str::from_utf8(text) else { return };
    let kinds = DocumentType::ALL;
    let kind = Value::from(kinds[usize::from(choice) % kinds.len()].as_str());
    let strictness = if choice & 0x80 == 0 { Strictness::Lenient } else { Strictness::Strict };
    let whole = read_text_with(Some(&kind), Some(text), strictness, usize::MAX);
    let apart = read_text_with(Some(&kind), Some(text), strictness, 0);
    assert_eq!(format!("{whole:?}"), format!("{apart:?}"), "read whole and read apart disagree");
});
