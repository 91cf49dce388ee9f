//! Rooms on disk: each room's document updates are appended to `DIR/ROOM.yjs-updates` as they
//! arrive (each one prefixed with its length), so a relay stopped at any moment loses nothing;
//! when the room is next opened they are read back and compacted into one.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// After this many appended updates the log is compacted into one state.
pub const COMPACT_AFTER: usize = 1000;

/// A room's log of updates, open for appending.
#[derive(Debug)]
pub struct Log {
    path: PathBuf,
    file: File,
    entries: usize,
}

/// What a log held when it was opened.
#[derive(Debug, Default)]
pub struct Stored {
    /// The updates, oldest first.
    pub updates: Vec<Vec<u8>>,
    /// Bytes at the end that did not make a whole update (the relay stopped mid-write): they
    /// are dropped when the log is compacted.
    pub torn_tail: usize,
}

/// The file that keeps `room` in `dir`.
pub fn path_of(dir: &Path, room: &str) -> PathBuf {
    dir.join(format!("{room}.yjs-updates"))
}

/// The rooms kept in `dir`, by name.
pub fn rooms_in(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(|e| {
            let name = e.ok()?.file_name().into_string().ok()?;
            name.strip_suffix(".yjs-updates").map(str::to_string)
        })
        .collect()
}

impl Log {
    /// Opens (or creates) the log of `room` in `dir` and reads what it holds.
    pub fn open(dir: &Path, room: &str) -> io::Result<(Log, Stored)> {
        fs::create_dir_all(dir)?;
        let path = path_of(dir, room);
        let mut bytes = Vec::new();
        match File::open(&path) {
            Ok(mut f) => {
                f.read_to_end(&mut bytes)?;
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        let stored = read_entries(&bytes);
        let file = OpenOptions::new().create(true).append(true).open(&path)?;
        let entries = stored.updates.len();
        Ok((
            Log {
                path,
                file,
                entries,
            },
            stored,
        ))
    }

    /// Appends one update.
    pub fn append(&mut self, update: &[u8]) -> io::Result<()> {
        let len = u32::try_from(update.len())
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "an update over 4 GiB"))?;
        let mut entry = Vec::with_capacity(4 + update.len());
        entry.extend_from_slice(&len.to_le_bytes());
        entry.extend_from_slice(update);
        // One write per entry: a stop between two entries leaves whole entries behind.
        self.file.write_all(&entry)?;
        self.entries += 1;
        Ok(())
    }

    /// How many updates the log holds.
    pub fn entries(&self) -> usize {
        self.entries
    }

    /// Replaces the log by one entry holding `state` (the whole document as one update):
    /// written beside it, then renamed over it, so a stop midway leaves the old log whole.
    pub fn compact(&mut self, state: &[u8]) -> io::Result<()> {
        let tmp = self.path.with_extension("yjs-updates.tmp");
        {
            let mut f = File::create(&tmp)?;
            let len = u32::try_from(state.len()).map_err(|_| {
                io::Error::new(io::ErrorKind::InvalidInput, "a document over 4 GiB")
            })?;
            f.write_all(&len.to_le_bytes())?;
            f.write_all(state)?;
            f.sync_all()?;
        }
        fs::rename(&tmp, &self.path)?;
        self.file = OpenOptions::new().append(true).open(&self.path)?;
        self.entries = 1;
        Ok(())
    }
}

fn read_entries(bytes: &[u8]) -> Stored {
    let mut stored = Stored::default();
    let mut at = 0;
    while at < bytes.len() {
        let Some(head) = bytes.get(at..at + 4) else {
            break;
        };
        let len = u32::from_le_bytes([head[0], head[1], head[2], head[3]]) as usize;
        let Some(body) = bytes.get(at + 4..at + 4 + len) else {
            break;
        };
        stored.updates.push(body.to_vec());
        at += 4 + len;
    }
    stored.torn_tail = bytes.len() - at;
    stored
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("stormlab-relay-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn updates_come_back_in_order_and_compaction_keeps_one() {
        let dir = scratch("log");
        let (mut log, stored) = Log::open(&dir, "room").unwrap();
        assert!(stored.updates.is_empty());
        log.append(b"one").unwrap();
        log.append(b"").unwrap();
        log.append(b"three").unwrap();
        drop(log);
        let (mut log, stored) = Log::open(&dir, "room").unwrap();
        assert_eq!(
            stored.updates,
            vec![b"one".to_vec(), vec![], b"three".to_vec()]
        );
        assert_eq!((log.entries(), stored.torn_tail), (3, 0));
        log.compact(b"all").unwrap();
        log.append(b"four").unwrap();
        let (_, stored) = Log::open(&dir, "room").unwrap();
        assert_eq!(stored.updates, vec![b"all".to_vec(), b"four".to_vec()]);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_write_torn_by_a_stop_loses_only_itself() {
        let dir = scratch("torn");
        let (mut log, _) = Log::open(&dir, "room").unwrap();
        log.append(b"whole").unwrap();
        drop(log);
        // Half an entry: its length says 10 bytes, 3 follow.
        let mut f = OpenOptions::new()
            .append(true)
            .open(path_of(&dir, "room"))
            .unwrap();
        f.write_all(&10u32.to_le_bytes()).unwrap();
        f.write_all(b"abc").unwrap();
        let (_, stored) = Log::open(&dir, "room").unwrap();
        assert_eq!(stored.updates, vec![b"whole".to_vec()]);
        assert_eq!(stored.torn_tail, 7);
        fs::remove_dir_all(&dir).unwrap();
    }
}
