//! Whole-site fixtures for every generator: URLs, existing redirects, coverage, snippets.
