//! The OR-Library GAP reader: both layouts, keys, and malformed files.

use std::path::Path;

use tcplan::bench::{parse_gap, parse_gap_as, read_gap_file, Layout, ReadError};

/// Two problems in the multi-problem layout, with line breaks in odd places.
const MULTI: &str = "2\n2 3\n1 2 3\n4 5 6\n2 2 2 3 3\n3\n4 5\n\
                     2 2\n10 20\n30 40\n1 1\n1 1\n5\n5\n";

/// One problem in the single-problem layout.
const SINGLE: &str = " 2 3 \n 7 8 9 \n 1 2 3 \n 4 4 4 \n 5 5 5 \n 9 10 \n";

fn line_of(err: &ReadError) -> Option<usize> {
    match err {
        ReadError::Syntax { line, .. } => Some(*line),
        _ => None,
    }
}

#[test]
fn reads_every_problem_of_a_multi_problem_file() {
    let problems = parse_gap(MULTI, Path::new("sets/gap7.txt")).unwrap();

    assert_eq!(problems.len(), 2);
    assert_eq!(problems[0].name, "gap7-0");
    assert_eq!(problems[1].key, "gap7-1");
    assert_eq!((problems[0].agents, problems[0].jobs), (2, 3));
    assert_eq!(
        problems[0].cost,
        vec![vec![1.0, 2.0, 3.0], vec![4.0, 5.0, 6.0]]
    );
    assert_eq!(problems[0].workload[1], vec![3.0, 3.0, 3.0]);
    assert_eq!(problems[0].capacity, vec![4.0, 5.0]);
    assert_eq!((problems[1].agents, problems[1].jobs), (2, 2));
    assert_eq!(problems[1].capacity, vec![5.0, 5.0]);
}

#[test]
fn reads_a_single_problem_file_and_keys_it_by_folder_and_name() {
    let problems = parse_gap(SINGLE, Path::new("instances/chu1997/a05100")).unwrap();

    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].name, "a05100");
    assert_eq!(problems[0].key, "chu1997/a05100");
    assert_eq!(problems[0].cost[0], vec![7.0, 8.0, 9.0]);
    assert_eq!(problems[0].workload[1], vec![5.0, 5.0, 5.0]);
    assert_eq!(problems[0].capacity, vec![9.0, 10.0]);
}

#[test]
fn rejects_a_word_with_its_line_number() {
    let text = "1\n2 2\n1 2\n3 x\n1 1\n1 1\n2 2\n";
    let err = parse_gap(text, Path::new("bad.txt")).unwrap_err();

    assert_eq!(line_of(&err), Some(4));
    let message = err.to_string();
    assert!(message.contains("bad.txt"), "{message}");
    assert!(message.contains("`x`"), "{message}");
}

#[test]
fn rejects_a_truncated_file_naming_its_last_line_and_the_missing_part() {
    let text = "1\n2 2\n1 2\n3 4\n1 1\n1 1\n2\n";
    let err = parse_gap(text, Path::new("short.txt")).unwrap_err();

    assert_eq!(line_of(&err), Some(7));
    assert!(err.to_string().contains("capacity of agent 1"), "{err}");
}

#[test]
fn rejects_numbers_left_over_after_the_announced_problems() {
    let text = "1\n1 1\n5\n2\n3\n9 9\n";
    let err = parse_gap(text, Path::new("extra.txt")).unwrap_err();

    assert_eq!(line_of(&err), Some(6));
    assert!(err.to_string().contains("left over"), "{err}");
}

#[test]
fn rejects_a_fractional_problem_count() {
    let err = parse_gap("1.5\n1 1\n1\n1\n1\n", Path::new("frac.txt")).unwrap_err();

    assert_eq!(line_of(&err), Some(1));
}

#[test]
fn rejects_negative_resource_use_with_its_line_number() {
    let text = "1\n1 2\n1 2\n\n3 -4\n9\n";
    let err = parse_gap(text, Path::new("neg.txt")).unwrap_err();

    assert_eq!(line_of(&err), Some(5));
    assert!(err.to_string().contains("negative"), "{err}");
}

#[test]
fn rejects_a_file_without_numbers() {
    let err = parse_gap("\n  \n", Path::new("empty.txt")).unwrap_err();

    assert!(err.to_string().contains("empty.txt"), "{err}");
}

#[test]
fn names_a_missing_file() {
    let err = read_gap_file(Path::new("no/such/gap99.txt")).unwrap_err();

    assert!(matches!(err, ReadError::Io { .. }));
    assert!(err.to_string().contains("gap99.txt"), "{err}");
}

#[test]
fn reads_the_published_files_when_present() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/instances/gap");
    if !root.is_dir() {
        eprintln!("skipped: {} is absent", root.display());
        return;
    }

    let gap12 = read_gap_file(&root.join("gap12.txt")).unwrap();
    let chu = read_gap_file(&root.join("chu1997/c20200")).unwrap();

    assert_eq!(gap12.len(), 5);
    assert!(gap12.iter().all(|p| p.agents == 10 && p.jobs == 60));
    assert_eq!(chu.len(), 1);
    assert_eq!((chu[0].agents, chu[0].jobs), (20, 200));
    assert_eq!(chu[0].key, "chu1997/c20200");
}

#[test]
fn a_single_problem_file_with_extra_numbers_is_named_as_such_with_its_layout() {
    let damaged = format!("{SINGLE} 11\n");

    // Guessed as multi-problem: the message says so and names the option.
    let guessed = parse_gap(&damaged, Path::new("a05100")).unwrap_err();
    assert!(guessed.to_string().contains("--layout single"), "{guessed}");

    // Told it is one problem: the leftover is found where it is.
    let told = parse_gap_as(&damaged, Path::new("a05100"), Layout::Single).unwrap_err();
    assert_eq!(line_of(&told), Some(7), "{told}");
    assert!(told.to_string().contains("1 numbers left over"), "{told}");
}

#[test]
fn an_explicit_layout_is_followed_rather_than_guessed() {
    let multi = parse_gap_as(MULTI, Path::new("gap7.txt"), Layout::Multi).unwrap();
    assert_eq!(multi.len(), 2);
    let single = parse_gap_as(SINGLE, Path::new("a"), Layout::Single).unwrap();
    assert_eq!(single.len(), 1);

    // Each file in the other layout is malformed, and the error says where.
    let err = parse_gap_as(SINGLE, Path::new("a"), Layout::Multi).unwrap_err();
    assert!(!err.to_string().contains("--layout"), "{err}");
    let err = parse_gap_as(MULTI, Path::new("gap7.txt"), Layout::Single).unwrap_err();
    assert!(line_of(&err).is_some(), "{err}");
}
