//! The diff engine on generated navigations of 1k, 10k and 100k nodes, about 1 % of each
//! kind of change (see `support/navgen.rs`).

#[path = "support/navgen.rs"]
mod navgen;

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use navdiff::diff::{DiffOptions, diff};

fn bench_diff(c: &mut Criterion) {
    let mut group = c.benchmark_group("diff");
    group.sample_size(10);
    for n in [1_000, 10_000, 100_000] {
        let old = navgen::generate(n, 1);
        let new = navgen::edit(&old, 10, 2);
        group.throughput(Throughput::Elements(old.node_count() as u64));
        group.bench_with_input(
            BenchmarkId::from_parameter(n),
            &(old, new),
            |b, (old, new)| {
                b.iter(|| diff(black_box(old), black_box(new), &DiffOptions::default()));
            },
        );
    }
    group.finish();
}

criterion_group!(benches, bench_diff);
criterion_main!(benches);
