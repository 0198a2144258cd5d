//! navdiff's integration tests: one binary, one module per area.

#![allow(
    unreachable_pub,
    reason = "a test binary has no public API; `pub` shares helpers between its modules"
)]
#![allow(
    clippy::print_stderr,
    reason = "corpus tests report their counts and skips on stderr"
)]

#[cfg(unix)]
mod action;
mod annotations;
mod architecture;
mod cli;
mod conformance;
mod corpus;
mod diff_props;
mod formats;
mod fuzz;
mod git;
mod history;
mod hostile;
mod hostile_readers;
mod html;
mod identity;
mod locations;
mod log;
mod ranges;
mod redirects;
mod registry;
mod report;
mod safety;
mod support;
mod templates;
