//! Criterion benchmark: the exact cost strategy on OR-Library gap1–gap12.
//!
//! One benchmark per file (each solves all of the file's problems). Skips
//! with a message when the shared instance folder is absent.

use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use tcplan::assign::cost::solve_cost;
use tcplan::assign::{SolveOptions, Strategy};
use tcplan::bench::{read_gap_file, Sense};

fn gap_files(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/instances/gap");
    if !root.is_dir() {
        eprintln!("skipped: {} is absent", root.display());
        return;
    }
    let options = SolveOptions {
        strategy: Strategy::Exact,
        time_limit: Duration::from_secs(10),
        seed: 0,
    };

    let mut group = c.benchmark_group("gap");
    group.sample_size(10);
    for k in 1..=12 {
        let problems: Vec<_> = read_gap_file(&root.join(format!("gap{k}.txt")))
            .expect("published file reads")
            .iter()
            .map(|instance| instance.to_problem(Sense::Min))
            .collect();
        group.bench_function(format!("gap{k}"), |b| {
            b.iter(|| {
                for problem in &problems {
                    std::hint::black_box(solve_cost(problem, &options));
                }
            })
        });
    }
    group.finish();
}

criterion_group!(benches, gap_files);
criterion_main!(benches);
