//! The decision commands README.md gives as examples, run in turn on the small demo as the README
//! says (`--today 2026-11-29`): each one is written, and what the README says they write is what
//! they print.

use std::path::Path;
use std::process::Command;

const TODAY: &str = "2026-11-29";

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap()
}

/// The indented `hubboard …` lines of the first example block after `marker`, continuation lines
/// joined.
fn example_commands(text: &str, marker: &str) -> Vec<String> {
    let start = text.find(marker).expect("the example's marker");
    let section = &text[start..];
    let mut commands = Vec::new();
    let mut pending = String::new();
    for line in section
        .lines()
        .skip_while(|l| !l.starts_with("    hubboard "))
    {
        if !line.starts_with("    ") {
            break;
        }
        let line = line.trim();
        match line.strip_suffix('\\') {
            Some(head) => pending.push_str(head),
            None => {
                pending.push_str(line);
                commands.push(std::mem::take(&mut pending));
            }
        }
    }
    commands
}

/// Splits a command line as a shell would for these examples: on spaces, keeping "quoted words".
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let (mut word, mut quoted, mut any) = (String::new(), false, false);
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                any = true;
            }
            ' ' if !quoted => {
                if any || !word.is_empty() {
                    out.push(std::mem::take(&mut word));
                }
                any = false;
            }
            _ => word.push(c),
        }
    }
    if any || !word.is_empty() {
        out.push(word);
    }
    out
}

fn run(db: &Path, args: &[String]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_hubboard"))
        .arg("--db")
        .arg(db)
        .arg("--config")
        .arg(db.with_file_name("config.toml"))
        .args(["--today", TODAY])
        .args(args)
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.code().unwrap_or(-1), text)
}

#[test]
fn the_shell_words_of_an_example_keep_quoted_reasons_whole() {
    assert_eq!(
        words(r#"hubboard clawback SC-0062 --reason "Paid ahead of delivery""#),
        [
            "hubboard",
            "clawback",
            "SC-0062",
            "--reason",
            "Paid ahead of delivery"
        ]
    );
}

#[test]
fn the_readmes_decision_examples_write_what_the_readme_says() {
    let text = readme();
    let commands = example_commands(&text, "### Decisions");
    assert_eq!(commands.len(), 7, "{commands:#?}");
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    std::fs::write(dir.path().join("config.toml"), "").unwrap();
    let (code, out) = run(&db, &["demo".to_string()]);
    assert_eq!(code, 0, "{out}");
    let mut printed = Vec::new();
    for line in &commands {
        let args = words(line);
        assert_eq!(args[0], "hubboard", "{line}");
        let (code, out) = run(&db, &args[1..]);
        assert_eq!(code, 0, "{line} {out}");
        assert!(out.contains("written"), "{line} {out}");
        printed.push(out);
    }
    // What the README says each one writes, and the words the command printed for it.
    let said: [(usize, &str, &[&str]); 8] = [
        (
            0,
            "SC-0147 for KN03 at £50.00 a unit (240 units owed)",
            &[
                "sub-contract SC-0147 for KN03",
                "at £50.00 a unit (240 units owed)",
            ],
        ),
        (
            1,
            "notice on SC-0062, which stays active and paid through 28 Feb 2027",
            &["SC-0062: stays active and paid through 28 Feb 2027"],
        ),
        (
            2,
            "the transfer of £48,079.06 of SC-0062 to KN27 as SC-0148 from 1 Mar 2027, SC-0062 keeping £96,117.84",
            &[
                "transferred £48,079.06 of SC-0062 to KN27 as SC-0148 from 1 Mar 2027; SC-0062 ends 28 Feb 2027 with £96,117.84",
            ],
        ),
        (
            3,
            "claim CL-0002 for £111.18, leaving out eight months the route sent no referrals",
            &[
                "claim CL-0002 for £111.18 raised on SC-0062",
                "in 8 months the route sent no referrals",
            ],
        ),
        (4, "SC-0045 active again", &["SC-0045 is active again"]),
        (
            5,
            "SC-0053 at 60 units a month from January, its value down from £271,481.36 to £218,441.36 at £52.00 a unit",
            &[
                "SC-0053 now 60 units a month (was 145), value £218,441.36 (was £271,481.36)",
                "(1020 units × £52.00 a unit)",
            ],
        ),
        (
            6,
            "leaving £21,526.00 of OP-016 unlet",
            &["let £77,664.00; unlet £21,526.00 → £31,536.00"],
        ),
        (
            6,
            "OP-016 worth £120,000.00, £31,536.00 unlet",
            &[
                "value £109,000.00 → £120,000.00",
                "unlet £31,536.00; audit row",
            ],
        ),
    ];
    // The README's prose as one line, however it is wrapped.
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for (i, claim, evidence) in said {
        assert!(flat.contains(claim), "README.md no longer says {claim:?}");
        for e in evidence {
            assert!(
                printed[i].contains(e),
                "{:?} printed no {e:?}: {}",
                commands[i],
                printed[i]
            );
        }
    }
}

#[test]
fn the_readmes_bid_to_board_example_writes_what_the_readme_says() {
    let text = readme();
    let commands = example_commands(&text, "**From a bid to the Board.**");
    assert_eq!(commands.len(), 5, "{commands:#?}");
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    std::fs::write(dir.path().join("config.toml"), "").unwrap();
    assert_eq!(run(&db, &["demo".to_string()]).0, 0);
    let pack = dir.path().join("pack.md");
    let awaiting = |db: &Path| -> String {
        let args = ["report", "--format", "md", "--out", pack.to_str().unwrap()].map(String::from);
        assert_eq!(run(db, &args).0, 0);
        let md = std::fs::read_to_string(&pack).unwrap();
        md[md.find("Awaiting Board approval").unwrap()..].to_string()
    };
    let mut printed = Vec::new();
    for (i, line) in commands.iter().enumerate() {
        if i == 4 {
            let before = awaiting(&db);
            assert!(
                before.contains("| 5 |") && before.contains("| 6 |"),
                "{before}"
            );
        }
        let args = words(line);
        assert_eq!(args[0], "hubboard", "{line}");
        let (code, out) = run(&db, &args[1..]);
        assert_eq!(code, 0, "{line} {out}");
        assert!(out.contains("written"), "{line} {out}");
        printed.push(out);
    }
    assert!(awaiting(&db).contains("Nothing awaits the Board's approval."));
    let (_, ledger) = run(&db, &["ledger".into(), "OP-023".into()]);
    let said: [(usize, &str, &[&str]); 8] = [
        (
            0,
            "OP-023's plan naming three members for 70 units a month",
            &["3 members named for 70 units a month in all"],
        ),
        (
            1,
            "OP-023 submitted",
            &["OP-023 moved from ITT to Submitted"],
        ),
        (
            2,
            "won with its prime contract from 1 Mar 2027 to 28 Feb 2029, £840,360.00 net",
            &["prime contract 1 Mar 2027 – 28 Feb 2029", "net £840,360.00"],
        ),
        (
            3,
            "SC-0147 for KN01 (40 units a month, £560,240.00) and SC-0148 for KN06 (20 units a month, £280,120.00)",
            &[
                "sub-contract SC-0147 for KN01: £560,240.00 from 1 Mar 2027 to 28 Feb 2029, 40 units a month",
                "sub-contract SC-0148 for KN06: £280,120.00 from 1 Mar 2027 to 28 Feb 2029, 20 units a month",
            ],
        ),
        (
            3,
            "split 40 : 20 as the plan named them",
            &["units split as the bid's delivery plan named them"],
        ),
        (3, "in audit rows 5 and 6", &["audit rows 5, 6"]),
        (
            3,
            "over KN01's safeguarding policy, which lapses before the start",
            &[
                "✗ compliance in date: KN01: on the start date 1 Mar 2027: safeguarding policy expired",
            ],
        ),
        (
            4,
            "and the approval of both",
            &["audit rows 5, 6 approved by the Board on 29 Nov 2026 (minute BM/2026/11/4)"],
        ),
    ];
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for (i, claim, evidence) in said {
        assert!(flat.contains(claim), "README.md no longer says {claim:?}");
        for e in evidence {
            assert!(
                printed[i].contains(e),
                "{:?} printed no {e:?}: {}",
                commands[i],
                printed[i]
            );
        }
    }
    assert!(flat.contains("shows KN29 as *named in the bid, no work*"));
    let kn29 = ledger
        .lines()
        .find(|l| l.starts_with("KN29"))
        .unwrap_or_default();
    assert!(kn29.contains("named in the bid, no work"), "{ledger}");
}
