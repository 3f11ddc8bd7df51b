//! Everything wrong with a request, each problem with the dotted JSON path it concerns.

use std::collections::BTreeMap;

/// One thing wrong with a document, at a dotted path such as `content.items.2.quantity`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    pub message: String,
}

/// All problems of one request, in the order they were found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Problems(Vec<Problem>);

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
        self.0.push(Problem { path: path.into(), message: message.into() });
    }

    /// Adds `other`'s problems after these.
    pub fn append(&mut self, other: Problems) {
        self.0.extend(other.0);
    }

    /// Adds `other`'s problems at paths these do not name: a second finding on a field already
    /// reported says nothing new to the person who fixes it.
    pub fn append_at_new_paths(&mut self, other: Problems) {
        let known: std::collections::HashSet<String> = self.0.iter().map(|problem| problem.path.clone()).collect();
        self.0.extend(other.0.into_iter().filter(|problem| !known.contains(&problem.path)));
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Problem> {
        self.0.iter()
    }

    /// The API's `errors` object: each path with its messages.
    pub fn by_path(&self) -> BTreeMap<String, Vec<String>> {
        let mut grouped: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for problem in &self.0 {
            grouped.entry(problem.path.clone()).or_default().push(problem.message.clone());
        }
        grouped
    }

    /// One line for people: the first problem and how many more there are.
    pub fn summary(&self) -> String {
        match self.0.as_slice() {
            [] => "No problems.".to_owned(),
            [only] => format!("{}: {}", only.path, only.message),
            [first, rest @ ..] => {
                format!("{}: {} (and {} more problems)", first.path, first.message, rest.len())
            }
        }
    }

    /// `Ok(value)` when nothing was found, the problems otherwise.
    pub fn into_result<T>(self, value: T) -> Result<T, Problems> {
        if self.is_empty() { Ok(value) } else { Err(self) }
    }
}
