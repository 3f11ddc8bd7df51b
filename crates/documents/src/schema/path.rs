//! Where in a request a value stands, kept as a chain of borrowed segments and spelled out as a
//! dotted path (`content.items.2.quantity`) only when a problem is reported.

use std::fmt;

#[derive(Clone, Copy, Debug)]
pub enum Path<'a> {
    Root(&'a str),
    Key(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
}

impl<'a> Path<'a> {
    #[must_use]
    pub fn key(&'a self, key: &'a str) -> Path<'a> {
        Path::Key(self, key)
    }

    #[must_use]
    pub fn index(&'a self, index: usize) -> Path<'a> {
        Path::Index(self, index)
    }

    /// The last key, for messages that name the field.
    pub fn field(&self) -> &str {
        match self {
            Path::Root(root) => root,
            Path::Key(_, key) => key,
            Path::Index(parent, _) => parent.field(),
        }
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root(root) => f.write_str(root),
            Path::Key(parent, key) => join(f, parent, key),
            Path::Index(parent, index) => join(f, parent, index),
        }
    }
}

fn join(f: &mut fmt::Formatter<'_>, parent: &Path<'_>, segment: impl fmt::Display) -> fmt::Result {
    if matches!(parent, Path::Root(root) if root.is_empty()) {
        write!(f, "{segment}")
    } else {
        write!(f, "{parent}.{segment}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_spell_out_dotted() {
        let root = Path::Root("content");
        let items = root.key("items");
        let second = items.index(2);
        assert_eq!(second.key("quantity").to_string(), "content.items.2.quantity");
        let bare = Path::Root("");
        assert_eq!(bare.key("items").index(0).to_string(), "items.0");
        assert_eq!(second.field(), "items");
    }
}
