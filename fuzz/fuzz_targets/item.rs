//! One item file from arbitrary bytes, as an initiative and as a backlog item: decoded,
//! checked by every rule, rendered in every format.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    cairn::harness::check_files(&[("backlog/S-1.md", data), ("roadmap/core.md", data)]);
});
