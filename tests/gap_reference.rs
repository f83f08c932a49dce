//! The reference file reader and its join with instances.

use std::path::Path;

use tcplan::bench::{parse_gap, GapInstance, Reference, ReferenceError};

const HEADER: &str = "Path,Format,Dataset,Item number,Agent number,Best known bound,\
                      Optimum,Best known solution value\n";

fn reference(rows: &str) -> Reference {
    let text = format!("{HEADER}{rows}");
    Reference::from_reader(text.as_bytes(), Path::new("ref.csv")).unwrap()
}

/// A 2-agent, 3-job instance read from `path`.
fn instance(path: &str) -> GapInstance {
    let text = "2 3\n1 2 3\n4 5 6\n1 1 1\n1 1 1\n3 3\n";
    parse_gap(text, Path::new(path)).unwrap().remove(0)
}

#[test]
fn joins_a_multi_problem_instance_on_its_key_suffix() {
    let refs = reference("cattrysse1994/gap1-0,orlibrary,cattrysse1994,3,2,10,11,11\n");
    let mut gap = instance("x");
    gap.key = "gap1-0".to_string();

    let row = refs.find(&gap).unwrap().expect("row found");

    assert_eq!(row.key, "cattrysse1994/gap1-0");
    assert_eq!(row.optimum, Some(11.0));
    assert_eq!(row.target(), Some(11.0));
}

#[test]
fn joins_a_single_problem_instance_on_folder_and_name() {
    let refs = reference(
        "chu1997/a05100,orlibrary,chu1997,3,2,5,5,5\n\
         yagiura2004/a05100,orlibrary,yagiura2004,3,2,7,7,7\n",
    );

    let row = refs
        .find(&instance("data/chu1997/a05100"))
        .unwrap()
        .unwrap();

    assert_eq!(row.best_known, Some(5.0));
    assert_eq!(row.line, 2);
}

#[test]
fn uses_the_best_known_value_when_the_optimum_is_open() {
    let refs = reference("chu1997/d20200,orlibrary,chu1997,3,2,12235,,12244\n");

    let row = refs.find(&instance("chu1997/d20200")).unwrap().unwrap();

    assert_eq!(row.optimum, None);
    assert_eq!(row.target(), Some(12244.0));
}

#[test]
fn finds_nothing_for_an_unlisted_instance() {
    let refs = reference("chu1997/a05100,orlibrary,chu1997,3,2,5,5,5\n");

    assert!(refs.find(&instance("chu1997/b05100")).unwrap().is_none());
}

#[test]
fn rejects_a_row_whose_sizes_differ_from_the_instance() {
    let refs = reference("chu1997/a05100,orlibrary,chu1997,100,5,1698,1698,1698\n");

    let err = refs.find(&instance("chu1997/a05100")).unwrap_err();

    assert!(
        matches!(err, ReferenceError::SizeMismatch { line: 2, .. }),
        "{err}"
    );
}

#[test]
fn rejects_two_rows_matching_one_instance() {
    let refs = reference(
        "a/gap1-0,orlibrary,a,3,2,1,1,1\n\
         b/gap1-0,orlibrary,b,3,2,1,1,1\n",
    );
    let mut gap = instance("x");
    gap.key = "gap1-0".to_string();

    let err = refs.find(&gap).unwrap_err();

    assert!(
        matches!(
            err,
            ReferenceError::Ambiguous {
                first: 2,
                second: 3,
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn rejects_a_non_numeric_value_with_file_and_line() {
    let text = format!("{HEADER}chu1997/a05100,orlibrary,chu1997,100,5,abc,1,1\n");

    let err = Reference::from_reader(text.as_bytes(), Path::new("ref.csv")).unwrap_err();

    let message = err.to_string();
    assert!(message.contains("ref.csv, line 2"), "{message}");
    assert!(message.contains("column 6"), "{message}");
}

#[test]
fn joins_every_published_instance_to_its_row() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/instances/gap");
    if !root.is_dir() {
        eprintln!("skipped: {} is absent", root.display());
        return;
    }
    let refs = Reference::read(&root.join("reference.csv")).unwrap();

    let mut files: Vec<_> = (1..=12).map(|k| root.join(format!("gap{k}.txt"))).collect();
    files.push(root.join("chu1997/c10200"));
    for file in files {
        for gap in tcplan::bench::read_gap_file(&file).unwrap() {
            let row = refs.find(&gap).unwrap();
            assert!(row.is_some(), "no reference row for {}", gap.key);
        }
    }
}
