//! Trials per second of the Monte Carlo engine on the shipped scenarios.
//!
//! Run with `cargo bench --bench simulate`; criterion reports throughput in
//! trials per second ("elem/s").

use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use tcplan::scenario;
use tcplan::simulate::{simulate, Model, Options};

const TRIALS: u64 = 50_000;

fn bench_scenarios(c: &mut Criterion) {
    let mut group = c.benchmark_group("simulate");
    group.sample_size(10);
    group.throughput(Throughput::Elements(TRIALS));
    for name in ["spreadsheet", "plg-4q", "expansion-12q"] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("scenarios")
            .join(format!("{name}.toml"));
        let model = Model::new(&scenario::load(&path).expect("shipped scenario is valid"));
        for threads in [1, 0] {
            let opts = Options {
                trials: TRIALS,
                threads,
                ..Options::default()
            };
            let label = if threads == 1 {
                "1 thread"
            } else {
                "all cores"
            };
            group.bench_function(format!("{name}/{label}"), |b| {
                b.iter(|| simulate(black_box(&model), &opts, &|_| {}).expect("runs"))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench_scenarios);
criterion_main!(benches);
