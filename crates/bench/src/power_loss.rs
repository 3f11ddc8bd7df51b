//! Power loss for the crash test, on SQLite: the server runs with `power_loss.c` preloaded,
//! which journals every write to a database file since that file's last sync; once the server
//! is killed, the journals are applied newest first, so that each file is as the disk held it at
//! its last sync, and the shared-memory index is removed, as a reboot would leave it stale.

use std::ffi::OsStr;
use std::fs::OpenOptions;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::Context;

/// The preloaded library, built with the system's C compiler into `dir`.
pub struct PowerLoss {
    library: PathBuf,
}

impl PowerLoss {
    pub fn build(dir: &Path) -> anyhow::Result<Self> {
        let (source, library) = (dir.join("power_loss.c"), dir.join("libpower_loss.so"));
        std::fs::write(&source, include_str!("power_loss.c"))?;
        let built = Command::new("cc")
            .args(["-O2", "-shared", "-fPIC", "-o"])
            .arg(&library)
            .arg(&source)
            .args(["-ldl", "-lpthread"])
            .status()
            .context("running cc")?;
        anyhow::ensure!(built.success(), "cc could not build the power loss library");
        Ok(Self { library })
    }

    /// The server's environment: the library preloaded, journaling the files under `data`.
    pub fn environment<'a>(&'a self, data: &'a Path) -> [(&'static str, &'a OsStr); 2] {
        [("LD_PRELOAD", self.library.as_os_str()), ("POWER_LOSS_DIR", data.as_os_str())]
    }

    /// Loses what was not synced in `data`, after the server was killed. Answers the bytes put back.
    pub fn lose_unsynced(data: &Path) -> anyhow::Result<u64> {
        let mut restored = 0;
        for entry in std::fs::read_dir(data)? {
            let path = entry?.path();
            let Some(target) = path.to_str().and_then(|name| name.strip_suffix(".undo")) else { continue };
            restored += undo(Path::new(target), &std::fs::read(&path)?)?;
            std::fs::remove_file(&path)?;
        }
        let _ = std::fs::remove_file(data.join("switchyard.db-shm"));
        Ok(restored)
    }
}

/// One journal record: where the write went, what was there, how long the file was.
struct Record<'j> {
    offset: u64,
    old: &'j [u8],
    old_size: u64,
}

fn records(journal: &[u8]) -> Vec<Record<'_>> {
    let mut records = Vec::new();
    let mut rest = journal;
    while rest.len() >= 24 {
        let word = |at: usize| u64::from_le_bytes(rest[at..at + 8].try_into().unwrap_or_default());
        let (offset, kept, old_size) = (word(0), word(8), word(16));
        let Some(old) = usize::try_from(kept).ok().and_then(|kept| rest.get(24..24 + kept)) else { break };
        records.push(Record { offset, old, old_size });
        rest = &rest[24 + old.len()..];
    }
    records
}

fn undo(target: &Path, journal: &[u8]) -> anyhow::Result<u64> {
    let file = OpenOptions::new().write(true).open(target).with_context(|| format!("opening {}", target.display()))?;
    let mut restored = 0;
    for record in records(journal).iter().rev() {
        file.write_all_at(record.old, record.offset)?;
        file.set_len(record.old_size)?;
        restored += record.old.len() as u64;
    }
    file.sync_all()?;
    Ok(restored)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(offset: u64, old: &[u8], old_size: u64) -> Vec<u8> {
        let mut bytes = Vec::new();
        for word in [offset, old.len() as u64, old_size] {
            bytes.extend(word.to_le_bytes());
        }
        bytes.extend(old);
        bytes
    }

    #[test]
    fn undoing_puts_a_file_back_as_it_was_before_its_writes_newest_first() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.db");
        // Synced as "abcd"; then "XY" written at 1 (file "aXYd"), then "123456" at 2 ("aX123456").
        std::fs::write(&path, b"aX123456").unwrap();
        let journal = [record(1, b"bc", 4), record(2, b"Yd", 4)].concat();
        undo(&path, &journal).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"abcd");
    }
}
