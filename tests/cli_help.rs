//! The command line's help: every option of every command says what it is for, and the
//! dashboard's own options (`--theme`, `--mouse`, `--read-only`) appear only where they apply.

fn walk(cmd: &clap::Command, path: String, out: &mut Vec<(String, clap::Command)>) {
    out.push((path.clone(), cmd.clone()));
    for sub in cmd.get_subcommands() {
        walk(sub, format!("{path} {}", sub.get_name()), out);
    }
}

fn every_command() -> Vec<(String, clap::Command)> {
    let mut root = hubboard::cli::command();
    root.build();
    let mut out = Vec::new();
    walk(&root, "hubboard".into(), &mut out);
    out
}

#[test]
fn every_option_is_described() {
    let mut bare = Vec::new();
    let commands = every_command();
    assert!(commands.len() > 40, "only {} commands", commands.len());
    for (path, cmd) in &commands {
        for arg in cmd.get_arguments() {
            let id = arg.get_id().as_str();
            if id == "help" || id == "version" {
                continue;
            }
            let said = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
            if said.trim().is_empty() {
                bare.push(format!("{path} --{id}"));
            }
        }
    }
    assert!(bare.is_empty(), "options without a description: {bare:#?}");
}

#[test]
fn dashboard_options_only_where_they_apply() {
    // The dashboard's options belong to the dashboard (no command); the slides and the
    // snapshot take a theme of their own; nothing else offers any of them.
    let may_theme = ["hubboard", "hubboard present", "hubboard snapshot"];
    let mut misplaced = Vec::new();
    for (path, cmd) in every_command() {
        for arg in cmd.get_arguments() {
            let id = arg.get_id().as_str();
            let allowed = match id {
                "theme" => may_theme.contains(&path.as_str()),
                "mouse" | "read_only" => path == "hubboard",
                _ => true,
            };
            if !allowed {
                misplaced.push(format!("{path} --{id}"));
            }
        }
    }
    assert!(
        misplaced.is_empty(),
        "dashboard options offered by: {misplaced:#?}"
    );
    // And the help a user reads says the same.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_hubboard"))
        .args(["award", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("--units"), "{help}");
    for flag in ["--theme", "--mouse", "--read-only"] {
        assert!(!help.contains(flag), "award --help offers {flag}:\n{help}");
    }
}
