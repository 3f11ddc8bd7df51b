//! The query string of `GET /v2/all-transactions` (page size, cursor, every filter and the day
//! range in a time zone with summer time), as any client may send it: never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &[u8]| {
    let text = String::from_utf8_lossy(input);
    let _ = switchyard_api::fuzzing::history_query(&text, chrono_tz::Europe::Berlin);
});
