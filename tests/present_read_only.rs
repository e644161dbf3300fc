//! Presentation mode only looks: it opens a database made read-only at the filesystem level (a
//! WAL database whose directory cannot be written either), and no key it knows changes anything.

mod board_support;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use board_support::*;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use hubboard::store::{OpenMode, Store, audit};
use hubboard::ui::commands::commands;
use hubboard::ui::present::keys::{self, PresentAction};

fn chmod(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// Makes the database, its WAL companions and its directory read-only; returns a guard that
/// restores write permission so the temporary directory can be removed.
struct ReadOnlyDir<'a>(&'a Path);
impl Drop for ReadOnlyDir<'_> {
    fn drop(&mut self) {
        chmod(self.0, 0o755);
    }
}

fn make_read_only(dir: &Path) -> ReadOnlyDir<'_> {
    for entry in std::fs::read_dir(dir).unwrap() {
        chmod(&entry.unwrap().path(), 0o444);
    }
    chmod(dir, 0o555);
    ReadOnlyDir(dir)
}

fn running_as_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

#[test]
fn presentation_opens_a_database_read_only_on_disk() {
    let (dir, path) = demo_db();
    // A WAL database left without its -shm file is the hard case for a read-only open.
    let wal_mode: String = Store::open(&path, OpenMode::ReadWrite)
        .unwrap()
        .conn()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(wal_mode, "wal");
    let before = std::fs::read(&path).unwrap();
    let _guard = make_read_only(dir.path());
    let mut p = presenter(&path, false);
    for _ in 0..p.slide_count() {
        let text = screen(&p, 100, 30);
        assert!(!text.contains("Could not"), "{text}");
        p.apply(PresentAction::Next);
    }
    assert!(screen(&p, 100, 30).contains("9 / 9"));
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the file is untouched"
    );
}

/// Root ignores file permissions, so there the same check runs the real program as `nobody`.
#[test]
fn the_program_reads_a_read_only_database_as_an_unprivileged_user() {
    if !running_as_root() {
        eprintln!("SKIPPED: not root; the in-process test covers a read-only file for this user");
        return;
    }
    let Ok(setpriv) = which("setpriv") else {
        eprintln!("SKIPPED: setpriv is not installed");
        return;
    };
    let (dir, path) = demo_db();
    chmod(dir.path(), 0o755);
    let out_dir = tempfile::tempdir().unwrap();
    chmod(out_dir.path(), 0o777);
    let out = out_dir.path().join("pack.md");
    let _guard = make_read_only(dir.path());
    let status = std::process::Command::new(setpriv)
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(env!("CARGO_BIN_EXE_hubboard"))
        .arg("--db")
        .arg(&path)
        .args(["--today", "2026-11-22", "report", "--format", "md", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&status.stderr);
    if err.contains("setpriv: failed to execute") {
        // The build directory may not be reachable for `nobody` on some machines.
        eprintln!("SKIPPED: nobody cannot run the program here: {err}");
        return;
    }
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let pack = std::fs::read_to_string(&out).unwrap();
    assert!(pack.contains("## 1. The picture"), "{pack}");
}

fn which(name: &str) -> Result<String, ()> {
    for dir in ["/usr/bin", "/bin", "/usr/sbin", "/sbin"] {
        let p = format!("{dir}/{name}");
        if Path::new(&p).exists() {
            return Ok(p);
        }
    }
    Err(())
}

const READ_ONLY_ACTIONS: [PresentAction; 12] = [
    PresentAction::Next,
    PresentAction::Previous,
    PresentAction::First,
    PresentAction::Last,
    PresentAction::Drill,
    PresentAction::Back,
    PresentAction::ScrollUp,
    PresentAction::ScrollDown,
    PresentAction::PageUp,
    PresentAction::PageDown,
    PresentAction::ToggleRedaction,
    PresentAction::Quit,
];

fn every_key() -> Vec<KeyEvent> {
    let mut codes: Vec<KeyCode> = (32u8..127).map(|b| KeyCode::Char(b as char)).collect();
    codes.extend([
        KeyCode::Enter,
        KeyCode::Esc,
        KeyCode::Tab,
        KeyCode::BackTab,
        KeyCode::Backspace,
        KeyCode::Delete,
        KeyCode::Insert,
        KeyCode::Left,
        KeyCode::Right,
        KeyCode::Up,
        KeyCode::Down,
        KeyCode::Home,
        KeyCode::End,
        KeyCode::PageUp,
        KeyCode::PageDown,
    ]);
    codes.extend((1..=12).map(KeyCode::F));
    let mut keys = Vec::new();
    for code in codes {
        for m in [KeyModifiers::NONE, KeyModifiers::CONTROL, KeyModifiers::ALT] {
            keys.push(KeyEvent::new(code, m));
        }
    }
    keys
}

#[test]
fn no_decision_key_exists_in_presentation_mode() {
    // Every key the terminal can send maps to nothing or to a read-only action.
    for k in every_key() {
        if let Some(a) = keys::action(&k) {
            assert!(READ_ONLY_ACTIONS.contains(&a), "{k:?} → {a:?}");
        }
    }
    // The dashboard's decision keys do nothing here but move between slides.
    let decisions: Vec<_> = commands().iter().filter(|c| c.decision).collect();
    assert!(decisions.len() >= 5);
    for c in decisions {
        for key in c.keys {
            let code = match *key {
                k if k.chars().count() == 1 => KeyCode::Char(k.chars().next().unwrap()),
                other => panic!("unexpected decision key {other}"),
            };
            let a = keys::action(&KeyEvent::new(code, KeyModifiers::NONE));
            assert!(
                matches!(
                    a,
                    None | Some(PresentAction::Next) | Some(PresentAction::Previous)
                ),
                "{key} ({:?}) → {a:?}",
                c.action
            );
        }
    }
}

#[test]
fn pressing_every_key_leaves_the_database_exactly_as_it_was() {
    let (_dir, path) = demo_db();
    let rows_before = {
        let s = Store::open(&path, OpenMode::ReadOnly).unwrap();
        audit::list(s.conn(), None).unwrap().len()
    };
    let bytes_before = std::fs::read(&path).unwrap();
    let mut p = presenter(&path, false);
    for round in 0..3 {
        for k in every_key() {
            if keys::action(&k) != Some(PresentAction::Quit) {
                p.key(&k);
            }
            if round == 0 {
                let _ = screen(&p, 100, 30);
            }
        }
    }
    assert!(!p.quit);
    let unbound = KeyEvent::new(KeyCode::Char('a'), KeyModifiers::NONE);
    assert!(!p.key(&unbound), "the award key does nothing here");
    assert!(p.key(&KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE)) && p.quit);
    let s = Store::open(&path, OpenMode::ReadOnly).unwrap();
    assert_eq!(audit::list(s.conn(), None).unwrap().len(), rows_before);
    assert!(matches!(
        audit::verify(s.conn()).unwrap(),
        audit::Verdict::Intact { .. }
    ));
    drop(s);
    assert_eq!(std::fs::read(&path).unwrap(), bytes_before);
}
