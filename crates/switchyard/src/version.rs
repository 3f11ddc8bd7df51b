//! Which build this is: the package's version and the commit it was built from (see build.rs).

/// The commit, or `unknown` for a build outside a repository without `SWITCHYARD_BUILD_COMMIT`.
pub const COMMIT: &str = env!("SWITCHYARD_BUILD_COMMIT");

/// What `switchyard --version` prints after the name.
pub const LONG: &str = concat!(env!("CARGO_PKG_VERSION"), " (commit ", env!("SWITCHYARD_BUILD_COMMIT"), ")");
