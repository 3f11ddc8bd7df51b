//! The open-files limit: every connection is a file descriptor, and the usual soft limit of 1024
//! would stop the server accepting long before its memory or cores do. The soft limit is raised
//! to the hard one at start, and the connection cap is kept below what the limit allows.

/// Descriptors kept for what is not a client connection: the database and its pool, logs,
/// mails written as files, the listening socket.
const RESERVED_FOR_THE_SERVER: u64 = 128;

/// Raises this process's soft limit of open files to its hard limit and returns the limit in
/// force (`None` where it cannot be read).
pub fn raise_open_files_limit() -> Option<u64> {
    match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(limit) => Some(limit),
        Err(error) => {
            tracing::warn!("could not raise the limit of open files: {error}");
            None
        }
    }
}

/// The most connections `wanted` can be with `open_files` descriptors.
pub fn connections_within(wanted: u32, open_files: Option<u64>) -> u32 {
    let Some(open_files) = open_files else { return wanted };
    let room = open_files.saturating_sub(RESERVED_FOR_THE_SERVER).max(1);
    wanted.min(u32::try_from(room).unwrap_or(u32::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cap_leaves_room_for_the_server_own_files() {
        assert_eq!(connections_within(4096, Some(1024)), 896);
        assert_eq!(connections_within(4096, Some(1_048_576)), 4096);
        assert_eq!(connections_within(4096, None), 4096);
    }

    #[test]
    fn the_limit_after_raising_is_at_least_the_one_before() {
        let (soft, _) = rlimit::getrlimit(rlimit::Resource::NOFILE).unwrap();
        assert!(raise_open_files_limit().unwrap() >= soft);
    }
}
