//! Writes a generated navigation and an edited copy as two `mkdocs.yml` files, for
//! measuring `navdiff` beside `git diff` on the same input.
//!
//! ```text
//! cargo run --release --example navgen -- 100000 /tmp/nav
//! # writes /tmp/nav/old/mkdocs.yml and /tmp/nav/new/mkdocs.yml
//! ```

#[path = "../benches/support/navgen.rs"]
mod navgen;

use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let nodes: usize = args.next().as_deref().unwrap_or("100000").parse()?;
    let dir = PathBuf::from(args.next().unwrap_or_else(|| "target/navgen".into()));
    let old = navgen::generate(nodes, 1);
    let new = navgen::edit(&old, 10, 2);
    for (side, tree) in [("old", &old), ("new", &new)] {
        std::fs::create_dir_all(dir.join(side))?;
        std::fs::write(dir.join(side).join("mkdocs.yml"), navgen::to_mkdocs(tree))?;
    }
    Ok(())
}
