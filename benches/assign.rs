//! Assignment at 1,000 and 10,000 generated accounts (heuristic strategy,
//! default weights), from the seeded generator.

use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use tcplan::assign::{solve, SolveOptions, Strategy};
use tcplan::territory::generate::{generate, GeneratorSpec};
use tcplan::territory::{Settings, Territory};

fn assignment(c: &mut Criterion) {
    let mut group = c.benchmark_group("assign");
    group.sample_size(10);
    for (accounts, reps) in [(1_000, 10), (10_000, 50)] {
        let spec = GeneratorSpec {
            accounts,
            reps,
            seed: 1,
            ..GeneratorSpec::default()
        };
        let (rows, team) = generate(&spec);
        let territory = Territory::build(&rows, &team, &[], &Settings::default());
        let options = SolveOptions {
            strategy: Strategy::Heuristic,
            time_limit: Duration::from_secs(60),
            seed: 0,
        };
        group.bench_with_input(
            BenchmarkId::from_parameter(format!("{accounts}x{reps}")),
            &territory.problem,
            |b, problem| b.iter(|| solve(problem, &options)),
        );
    }
    group.finish();
}

criterion_group!(benches, assignment);
criterion_main!(benches);
