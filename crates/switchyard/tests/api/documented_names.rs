//! The names the documentation gives operators are the binary's: every `switchyard` command
//! line of the README, the guides, the unit and the container files names commands it has (and
//! each command says in its help what it does); the README's settings table names every setting
//! and only those, each flat name read as its setting; every `SWITCHYARD_*` variable they name
//! is one the hub reads. Operators copy them as written; a renamed command or setting would
//! otherwise leave the documents behind.

use std::path::{Path, PathBuf};

use clap::CommandFactory;
use switchyard::commands::Cli;

/// The binary's options that come before its command and take a value.
const GLOBAL_WITH_VALUE: [&str; 3] = ["--config", "--data", "--database"];

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The documents an operator reads, and the files that run the binary for them.
fn documents() -> Vec<PathBuf> {
    let root = workspace();
    let mut files = vec![root.join("README.md"), root.join("compose.yaml"), root.join("Dockerfile")];
    for folder in ["docs", "docs/portal", "packaging", "packaging/debian"] {
        for entry in std::fs::read_dir(root.join(folder)).unwrap().flatten() {
            let path = entry.path();
            let readable = path.extension().is_none_or(|extension| extension != "png");
            if path.is_file() && readable {
                files.push(path);
            }
        }
    }
    files
}

/// The parts of `text` that are code: fenced blocks and inline spans of Markdown (prose speaks
/// of "the switchyard user", code does not); of any other file, each line's inline spans when it
/// has some (a comment quoting a command), else the whole line.
fn code_of(path: &Path, text: &str) -> Vec<String> {
    let markdown = path.extension().is_some_and(|extension| extension == "md");
    let mut code = Vec::new();
    let mut fenced = false;
    for line in text.lines() {
        if markdown && line.trim_start().starts_with("```") {
            fenced = !fenced;
        } else if fenced || (!markdown && !line.contains('`')) {
            code.push(line.to_owned());
        } else {
            code.extend(line.split('`').skip(1).step_by(2).map(str::to_owned));
        }
    }
    code
}

/// The words that follow each invocation of the binary in `line`, its global options passed
/// over; nothing for a mention of the user, the directory or the package.
fn invocations(line: &str) -> Vec<Vec<String>> {
    let tokens: Vec<&str> = line
        .split(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '`' | '[' | ']' | ','))
        .filter(|token| !token.is_empty())
        .collect();
    let is_binary = |token: &str| token == "switchyard" || token.ends_with("/bin/switchyard");
    let mut found = Vec::new();
    for (at, token) in tokens.iter().enumerate() {
        let a_user = at > 0 && matches!(tokens[at - 1], "-u" | "--user");
        if !is_binary(token) || a_user || tokens.get(at + 1).is_some_and(|next| is_binary(next)) {
            continue;
        }
        let mut next = at + 1;
        while let Some(option) =
            tokens.get(next).copied().filter(|word| GLOBAL_WITH_VALUE.contains(word) || *word == "--json")
        {
            next += if option == "--json" { 1 } else { 2 };
        }
        let words: Vec<String> = tokens[next.min(tokens.len())..]
            .iter()
            .take_while(|word| word.chars().all(|c| c.is_ascii_lowercase() || c == '-') && !word.starts_with('-'))
            .map(|word| (*word).to_owned())
            .collect();
        if !words.is_empty() {
            found.push(words);
        }
    }
    found
}

/// Whether `words` name a command of `cli`, down to a command without subcommands.
fn names_a_command(cli: &clap::Command, words: &[String]) -> bool {
    let mut command = cli;
    for word in words {
        if command.get_subcommands().next().is_none() {
            return true;
        }
        match command.find_subcommand(word) {
            Some(sub) => command = sub,
            None => return false,
        }
    }
    true
}

#[test]
fn every_command_line_the_documentation_shows_names_a_command_the_binary_has() {
    let cli = Cli::command();
    let mut checked = 0;
    let mut unknown = Vec::new();
    for path in documents() {
        let text = std::fs::read_to_string(&path).unwrap();
        for line in code_of(&path, &text) {
            for words in invocations(&line) {
                checked += 1;
                if !names_a_command(&cli, &words) {
                    unknown.push(format!("{}: `switchyard {}` in {line:?}", path.display(), words.join(" ")));
                }
            }
        }
    }
    assert!(checked >= 50, "the documentation shows {checked} command lines; the search found too few to trust");
    assert!(unknown.is_empty(), "commands the binary does not have:\n{}", unknown.join("\n"));
}

#[test]
fn the_search_finds_invocations_and_passes_over_mentions() {
    let words = |line: &str| invocations(line);
    assert_eq!(
        words("sudo -u switchyard switchyard --config /etc/switchyard/switchyard.toml company add \"ACME\""),
        [["company", "add"]]
    );
    assert_eq!(words("ExecStart=/usr/bin/switchyard --json --data /x transaction list"), [["transaction", "list"]]);
    assert!(words("journalctl -u switchyard -f").is_empty());
    assert!(words("sudo -u switchyard mv /var/lib/switchyard/switchyard.db /tmp/old.db").is_empty());
    assert!(words("docker run -v switchyard:/var/lib/switchyard switchyard serve").len() == 1);
    assert!(words("install -d -o switchyard -g switchyard -m 0750 /var/lib/switchyard").is_empty());
    let cli = Cli::command();
    assert!(names_a_command(&cli, &["company".into(), "add".into()]));
    assert!(!names_a_command(&cli, &["company".into(), "create".into()]));
    assert!(!names_a_command(&cli, &["companies".into()]));
}

/// The settings the README's table names in its first column (`section.key`), each with the
/// flat names of its second.
fn documented_settings() -> Vec<(String, Vec<String>)> {
    let readme = std::fs::read_to_string(workspace().join("README.md")).unwrap();
    let table = readme.lines().skip_while(|line| !line.starts_with("| setting | flat name")).skip(2);
    let backticked = |cell: &str| -> Vec<String> {
        // A flag in parentheses is the command line's; the names before it are the settings'.
        let before_flag = cell.split('(').next().unwrap_or_default();
        before_flag.split('`').skip(1).step_by(2).map(str::to_owned).collect()
    };
    table
        .take_while(|line| line.starts_with('|'))
        .flat_map(|line| {
            let cells: Vec<&str> = line.split('|').collect();
            let flat = backticked(cells[2]);
            let keys = backticked(cells[1]);
            keys.into_iter().map(move |key| (key, flat.clone()))
        })
        .collect()
}

#[test]
fn the_readme_s_settings_table_names_every_setting_and_only_those() {
    let defaults = serde_json::to_value(switchyard::config::Settings::default()).unwrap();
    let mut settings: Vec<String> = defaults
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(section, keys)| keys.as_object().unwrap().keys().map(move |key| format!("{section}.{key}")))
        .collect();
    settings.sort();
    let documented = documented_settings();
    let mut named: Vec<String> = documented.iter().map(|(key, _)| key.clone()).collect();
    named.sort();
    assert_eq!(named, settings, "the README's table against the settings the hub reads");

    // Each flat name is read as its setting: given in a file, the setting takes its value.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("switchyard.toml");
    for (key, flat_names) in &documented {
        let (section, field) = key.split_once('.').unwrap();
        let value = changed(&defaults[section][field]);
        let Some(toml_value) = toml_literal(&value) else { continue };
        for flat in flat_names.iter().filter(|name| !name.starts_with("SWITCHYARD_")) {
            std::fs::write(&file, format!("{flat} = {toml_value}\n")).unwrap();
            let loaded = switchyard::config::Settings::load(Some(&file), switchyard::config::FlagOverrides::default());
            let loaded = loaded.unwrap_or_else(|error| panic!("the flat name {flat} of {key}: {error:#}"));
            assert_eq!(serde_json::to_value(loaded).unwrap()[section][field], value, "{flat} sets {key}");
        }
    }
}

/// A value other than the default `value` where one is sure to be valid (a number one more, a
/// switch turned over), so that a flat name read into another setting shows.
fn changed(value: &serde_json::Value) -> serde_json::Value {
    match value {
        serde_json::Value::Bool(on) => serde_json::Value::Bool(!on),
        serde_json::Value::Number(number) => number.as_u64().map_or_else(|| value.clone(), |n| (n + 1).into()),
        other => other.clone(),
    }
}

/// `value` written as TOML, for the kinds the settings use; none for a setting unset by default.
fn toml_literal(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::Null => None,
        serde_json::Value::String(text) => Some(format!("{text:?}")),
        other => Some(other.to_string()),
    }
}

#[test]
fn every_command_says_in_its_help_what_it_does() {
    fn undescribed(command: &clap::Command, path: &str, found: &mut Vec<String>) {
        for sub in command.get_subcommands() {
            let path = format!("{path} {}", sub.get_name());
            if sub.get_about().is_none() {
                found.push(path.clone());
            }
            undescribed(sub, &path, found);
        }
    }
    let mut found = Vec::new();
    undescribed(&Cli::command(), "switchyard", &mut found);
    assert!(found.is_empty(), "commands whose help says nothing: {found:?}");
}

/// Each `SWITCHYARD_*` name in the documents, once.
fn documented_variables() -> Vec<String> {
    let mut names: Vec<String> = documents()
        .iter()
        .flat_map(|path| {
            let text = std::fs::read_to_string(path).unwrap();
            text.match_indices("SWITCHYARD_")
                .map(|(at, _)| {
                    text[at..]
                        .chars()
                        .take_while(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == '_')
                        .collect()
                })
                .collect::<Vec<String>>()
        })
        .collect();
    names.sort();
    names.dedup();
    names
}

#[test]
fn every_environment_variable_the_documentation_names_is_read_by_the_hub() {
    // Read elsewhere: the file's name (by the command line) and the commit (when building);
    // `SECTION__KEY` is the documents' pattern for the others.
    let elsewhere = ["SWITCHYARD_CONFIG", "SWITCHYARD_BUILD_COMMIT", "SWITCHYARD_SECTION__KEY"];
    let names: Vec<String> =
        documented_variables().into_iter().filter(|name| !elsewhere.contains(&name.as_str())).collect();
    assert!(names.len() >= 5, "the documents name {names:?}; the search found too few to trust");
    let dir = tempfile::tempdir().unwrap();
    for name in &names {
        // A value of the wrong kind is refused as such; a name the hub does not read is refused
        // as an unknown field, whatever its value.
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_switchyard"))
            .args(["--data", dir.path().to_str().unwrap(), "config", "show"])
            .env(name, "1")
            .output()
            .unwrap();
        let refused = String::from_utf8_lossy(&output.stderr);
        assert!(!refused.contains("unknown field"), "{name} is not read by the hub: {refused}");
    }
    let unknown = std::process::Command::new(env!("CARGO_BIN_EXE_switchyard"))
        .args(["--data", dir.path().to_str().unwrap(), "config", "show"])
        .env("SWITCHYARD_LIMITS__BODY_LIMITS", "1")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("unknown field"), "a misspelt name is refused");
}
