//! Arbitrary text in every text field of a small plan, through every renderer: each output
//! must pass its medium's checker (see `cairn::harness::render_text`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|s: &str| {
    cairn::harness::render_text(s);
});
