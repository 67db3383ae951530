//! `cairn.yml` from arbitrary bytes: parsed, and its error report rendered.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    cairn::harness::parse_config(data);
});
