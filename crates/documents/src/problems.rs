//! Everything wrong with a request, each problem with the dotted JSON path it concerns.

use std::collections::BTreeMap;

/// One thing wrong with a document, at a dotted path such as `content.items.2.quantity`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    pub message: String,
}

/// At most this many problems of one request are kept; the rest are counted. A hostile
/// document of a million broken items would otherwise turn 3 MB into an answer, a stored error
/// and a page of hundreds of megabytes, and nobody fixes a document by its millionth problem.
pub const LISTED_AT_MOST: usize = 100;

/// The problems of one request, in the order they were found: the first [`LISTED_AT_MOST`]
/// listed, the rest counted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Problems {
    listed: Vec<Problem>,
    unlisted: usize,
}

impl Problems {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn single(path: impl Into<String>, message: impl Into<String>) -> Self {
        let mut problems = Self::new();
        problems.add(path, message);
        problems
    }

    pub fn add(&mut self, path: impl Into<String>, message: impl Into<String>) {
        if self.has_room() {
            self.listed.push(Problem { path: path.into(), message: message.into() });
        } else {
            self.unlisted += 1;
        }
    }

    /// Whether one more problem would be listed; a caller that must build a problem's path
    /// first can [`Problems::count_unlisted`] instead.
    pub fn has_room(&self) -> bool {
        self.listed.len() < LISTED_AT_MOST
    }

    pub fn count_unlisted(&mut self) {
        self.unlisted += 1;
    }

    /// Adds `other`'s problems after these.
    pub fn append(&mut self, other: Problems) {
        for problem in other.listed {
            self.add(problem.path, problem.message);
        }
        self.unlisted += other.unlisted;
    }

    /// Adds `other`'s problems at paths these do not name: a second finding on a field already
    /// reported says nothing new to the person who fixes it. (Of `other`'s unlisted problems
    /// the paths are not known; they are counted.)
    pub fn append_at_new_paths(&mut self, other: Problems) {
        let known: std::collections::HashSet<String> = self.listed.iter().map(|problem| problem.path.clone()).collect();
        for problem in other.listed.into_iter().filter(|problem| !known.contains(&problem.path)) {
            self.add(problem.path, problem.message);
        }
        self.unlisted += other.unlisted;
    }

    pub fn is_empty(&self) -> bool {
        self.listed.is_empty() && self.unlisted == 0
    }

    /// Every problem found, listed or not.
    pub fn len(&self) -> usize {
        self.listed.len() + self.unlisted
    }

    /// Problems found beyond the listed ones.
    pub fn unlisted(&self) -> usize {
        self.unlisted
    }

    pub fn iter(&self) -> impl Iterator<Item = &Problem> {
        self.listed.iter()
    }

    /// The API's `errors` object: each path with its messages.
    pub fn by_path(&self) -> BTreeMap<String, Vec<String>> {
        let mut grouped: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for problem in &self.listed {
            grouped.entry(problem.path.clone()).or_default().push(problem.message.clone());
        }
        grouped
    }

    /// One line for people: the first problem and how many more there are.
    pub fn summary(&self) -> String {
        match (self.listed.first(), self.len()) {
            (None, _) => "No problems.".to_owned(),
            (Some(only), 1) => format!("{}: {}", only.path, only.message),
            (Some(first), total) => format!("{}: {} (and {} more problems)", first.path, first.message, total - 1),
        }
    }

    /// `Ok(value)` when nothing was found, the problems otherwise.
    pub fn into_result<T>(self, value: T) -> Result<T, Problems> {
        if self.is_empty() { Ok(value) } else { Err(self) }
    }
}
