//! The body of `POST /v2/transactions/bulk/mark-processed`, any bytes: never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &[u8]| {
    let _ = switchyard_api::fuzzing::bulk_body(input);
});
