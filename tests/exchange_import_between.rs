//! An import between its plan and its commit: the commit reads the files again and checks every
//! row against the database as it is then, so a file edited or a row a colleague added meanwhile
//! refuses the whole import and leaves the database as it was.

mod exchange_support;

use std::path::Path;

use exchange_support::*;
use hubboard::HubError;
use hubboard::exchange::Format;
use hubboard::ops::import::{Import, ImportRequest};
use hubboard::ops::{Decider, Gate, Planned, Why};
use hubboard::store::Store;

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

fn plan(store: &Store, dir: &Path) -> Planned<Import> {
    let config = hubboard::config::Config::default();
    let clock = clock();
    let by = Decider::new(&clock, "tester", &config);
    let request = ImportRequest {
        dir: dir.to_path_buf(),
        format: Format::Csv,
    };
    hubboard::ops::plan::<Import>(store.conn(), &by, &request).unwrap()
}

fn commit(store: &mut Store, planned: &Planned<Import>) -> hubboard::Result<()> {
    let config = hubboard::config::Config::default();
    let clock = clock();
    let by = Decider::new(&clock, "tester", &config);
    hubboard::ops::commit(store, &Gate::read_write(), &by, planned, &Why::default()).map(|_| ())
}

const COMMISSIONERS: &str = "code,name,kind\nCM01,Knowsley Council,local_authority\n";

#[test]
fn a_file_edited_after_the_plan_is_a_conflict_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "commissioners.csv", COMMISSIONERS);
    let (_d, mut store) = fresh_store();
    let planned = plan(&store, dir.path());
    assert_eq!(planned.plan.files[0].rows, 1);
    let before = dump(&store);
    write(
        dir.path(),
        "commissioners.csv",
        "code,name,kind\nCM01,Knowsley Metropolitan Borough Council,local_authority\n",
    );
    let err = commit(&mut store, &planned).unwrap_err();
    assert!(matches!(err, HubError::Conflict(_)), "{err:?}");
    assert_eq!(err.exit_code(), 3);
    assert_eq!(dump(&store), before);
}

#[test]
fn a_row_a_colleague_added_after_the_plan_refuses_the_import_with_the_row() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "commissioners.csv",
        &format!("{COMMISSIONERS}CM02,Merseyside ICB,nhs\n"),
    );
    let (_d, mut store) = fresh_store();
    let planned = plan(&store, dir.path());
    // A colleague imports CM02 first.
    let theirs = tempfile::tempdir().unwrap();
    write(
        theirs.path(),
        "commissioners.csv",
        "code,name,kind\nCM02,Merseyside ICB,nhs\n",
    );
    import(&mut store, theirs.path(), Format::Csv).unwrap();
    let before = dump(&store);
    let err = commit(&mut store, &planned).unwrap_err();
    assert!(matches!(err, HubError::Invalid(_)), "{err:?}");
    assert_eq!(err.exit_code(), 2);
    let text = err.to_string();
    assert!(
        text.contains(
            "commissioners.csv line 3, column code: duplicate key 'CM02': already in the database"
        ),
        "{text}"
    );
    assert!(text.contains("nothing was written"), "{text}");
    assert_eq!(dump(&store), before, "CM01 was written without CM02");
}

#[test]
fn a_reference_forward_in_the_file_to_a_row_that_never_comes_is_refused() {
    let (_d, mut store) = hand_store();
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "subcontracts.csv",
        "code,opportunity,member,let_by,value,start,end,units_per_month,payment_model,status,transferred_from,row_version,unit_rate\n\
         SC98,OP02,M02,,100.00,2026-12-01,2027-03-31,1,hybrid,proposed,SC99,1,\n",
    );
    let before = dump(&store);
    let err = import(&mut store, dir.path(), Format::Csv)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains(
            "subcontracts.csv line 2, column transferred_from: no sub-contract 'SC99' in the database or in subcontracts.csv"
        ),
        "{err}"
    );
    assert!(err.contains("1 problem found"), "{err}");
    assert_eq!(dump(&store), before);
}

#[test]
fn duplicates_within_the_files_are_found_however_far_apart() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("code,name,kind\n");
    for i in 0..5000 {
        text.push_str(&format!("C{i:05},Commissioner {i},local_authority\n"));
    }
    text.push_str("C00007,Again,nhs\n");
    write(dir.path(), "commissioners.csv", &text);
    let (_d, mut store) = fresh_store();
    let err = import(&mut store, dir.path(), Format::Csv)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains(
            "commissioners.csv line 5002, column code: duplicate key 'C00007': already on commissioners.csv line 9"
        ),
        "{err}"
    );
    assert!(err.contains("1 problem found"), "{err}");
}
