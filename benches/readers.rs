//! Readers on generated input: the MkDocs reader on a 100,000-node `mkdocs.yml`.

#[path = "support/navgen.rs"]
mod navgen;

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use navdiff::source::read_text;

fn bench_mkdocs(c: &mut Criterion) {
    let tree = navgen::generate(100_000, 1);
    let text = navgen::to_mkdocs(&tree);
    let mut group = c.benchmark_group("read");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("mkdocs-100k", |b| {
        b.iter(|| read_text("mkdocs.yml", black_box(&text), None).expect("generated YAML reads"));
    });
    group.finish();
}

criterion_group!(benches, bench_mkdocs);
criterion_main!(benches);
