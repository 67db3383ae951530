//! Periods and ids from arbitrary strings: parsing, round trips, slugs, ordering.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|s: &str| {
    cairn::harness::period_and_id(s);
});
