//! A list's cursor, as a client may send any: reading it never panics, and a cursor that reads
//! is written back as the same text the server would hand out for it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use switchyard_network::Cursor;

fuzz_target!(|input: &[u8]| {
    let Ok(text) = std::str::from_utf8(input) else { return };
    if let Some(cursor) = Cursor::decode(text) {
        assert_eq!(Cursor::decode(&cursor.encode()), Some(cursor), "a cursor reads back as itself");
    }
});
