//! A whole plan from a small arbitrary file set: loaded, checked, listed, shown, diffed
//! with itself (must be empty) and exported.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    cairn::harness::plan_from_bytes(data);
});
