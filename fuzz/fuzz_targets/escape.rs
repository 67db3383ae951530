//! Arbitrary text through every escaper of `cairn::render::escape`: each result must pass
//! its invariant checker (no raw control, no live markup, parses back to the expected
//! display) and stay within the output bound.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|s: &str| {
    cairn::render::escape::check::exercise(s);
});
