//! Finding where a key path is written in a TOML document, and which key
//! path a byte offset belongs to, so that every message names a line.

use std::fmt;
use std::ops::Range;

use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// One step of a key path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    /// A table key.
    Key(String),
    /// An array index.
    Index(usize),
}

/// A path such as `roles[1].attrition.alpha`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyPath(pub Vec<Seg>);

impl KeyPath {
    /// The root path.
    pub fn root() -> Self {
        KeyPath(Vec::new())
    }

    /// This path extended by a key.
    pub fn key(&self, k: &str) -> Self {
        let mut p = self.clone();
        p.0.push(Seg::Key(k.to_string()));
        p
    }

    /// This path extended by an index.
    pub fn index(&self, i: usize) -> Self {
        let mut p = self.clone();
        p.0.push(Seg::Index(i));
        p
    }
}

impl fmt::Display for KeyPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("(top level)");
        }
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                Seg::Key(k) if i == 0 => write!(f, "{k}")?,
                Seg::Key(k) => write!(f, ".{k}")?,
                Seg::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

/// The parsed document with spans, kept beside the typed scenario.
pub struct Locator<'a> {
    text: &'a str,
    root: Option<Spanned<DeTable<'a>>>,
}

impl<'a> Locator<'a> {
    /// Parses `text` for spans. A document with syntax errors is parsed
    /// as far as possible, so that the error can still name its key.
    pub fn new(text: &'a str) -> Self {
        let (root, _errors) = DeTable::parse_recoverable(text);
        Locator {
            text,
            root: Some(root),
        }
    }

    /// 1-based line and column of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let before = &self.text[..offset];
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (line, col)
    }

    /// Span of the deepest existing prefix of `path`: the key when the
    /// last found step is a key, the element when it is an index.
    pub fn span_of(&self, path: &KeyPath) -> Option<Range<usize>> {
        let root = self.root.as_ref()?;
        let mut table: Option<&DeTable<'a>> = Some(root.get_ref());
        let mut array: Option<&[Spanned<DeValue<'a>>]> = None;
        let mut best: Option<Range<usize>> = None;
        for seg in &path.0 {
            let value = match (seg, table, array) {
                (Seg::Key(k), Some(t), _) => match t.get_key_value(k.as_str()) {
                    Some((key, value)) => {
                        best = Some(key.span());
                        value
                    }
                    None => break,
                },
                (Seg::Index(i), _, Some(items)) => match items.get(*i) {
                    Some(value) => {
                        best = Some(value.span());
                        value
                    }
                    None => break,
                },
                _ => break,
            };
            table = value.get_ref().as_table();
            array = value.get_ref().as_array().map(|a| &a[..]);
        }
        best
    }

    /// Key path of the deepest key or element whose span contains `offset`.
    ///
    /// Tables opened by a `[header]` have children outside the header's
    /// span, so the search visits every child, deepest match first.
    pub fn path_at(&self, offset: usize) -> KeyPath {
        let Some(root) = self.root.as_ref() else {
            return KeyPath::root();
        };
        let mut path = KeyPath::root();
        if search_table(root.get_ref(), offset, &mut path) {
            path
        } else {
            KeyPath::root()
        }
    }

    /// Key path of the table whose value spans `span` (as serde reports
    /// a table that lacks a required key): the whole document is the top
    /// level (the `toml` crate gives it the empty span `0..0`); otherwise
    /// the deepest table at the span's start.
    pub fn table_at(&self, span: Range<usize>) -> KeyPath {
        if span.start == 0 && (span.end == 0 || span.end >= self.text.trim_end().len()) {
            return KeyPath::root();
        }
        let mut path = self.path_at(span.start);
        while !path.0.is_empty() && !self.is_table(&path) {
            path.0.pop();
        }
        path
    }

    /// True when `path` names a table (inline, `[header]` or an element of
    /// an array of tables).
    fn is_table(&self, path: &KeyPath) -> bool {
        let Some(root) = self.root.as_ref() else {
            return false;
        };
        let mut value: Option<&DeValue<'a>> = None;
        let mut table = Some(root.get_ref());
        for seg in &path.0 {
            let next = match (seg, table, value) {
                (Seg::Key(k), Some(t), _) => t.get(k.as_str()),
                (Seg::Index(i), _, Some(DeValue::Array(items))) => items.get(*i),
                _ => None,
            };
            let Some(next) = next else { return false };
            value = Some(next.get_ref());
            table = next.get_ref().as_table();
        }
        table.is_some()
    }

    /// Key path written at `offset`, read from the text alone: the last
    /// `[table]` or `[[array]]` header before it (array headers counted to
    /// give the element's index) and the key at the start of its line. A
    /// fallback for syntax errors, whose line the recovered parse drops.
    pub fn path_from_text(&self, offset: usize) -> KeyPath {
        let offset = offset.min(self.text.len());
        let line_start = self.text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let mut arrays: Vec<(String, usize)> = Vec::new();
        let mut path = KeyPath::root();
        for line in self.text[..line_start].lines() {
            let t = line.trim();
            if let Some(name) = t.strip_prefix("[[").and_then(|r| r.split("]]").next()) {
                let name = name.trim().to_string();
                match arrays.iter_mut().find(|(n, _)| *n == name) {
                    Some((_, count)) => *count += 1,
                    None => arrays.push((name.clone(), 0)),
                }
                path = header_path(&name, &arrays);
            } else if let Some(name) = t.strip_prefix('[').and_then(|r| r.split(']').next()) {
                path = header_path(name.trim(), &arrays);
            }
        }
        let line = self.text[line_start..].lines().next().unwrap_or_default();
        if let Some((key, _)) = line.split_once('=') {
            let key = key.trim();
            if !key.is_empty() && !key.starts_with(['#', '[']) {
                for part in key.split('.') {
                    path = path.key(part.trim().trim_matches('"'));
                }
            }
        }
        path
    }

    /// Line and column of `path`, or of the top of the file.
    pub fn position(&self, path: &KeyPath) -> (usize, usize) {
        self.span_of(path)
            .map_or((1, 1), |s| self.line_col(s.start))
    }
}

/// Path of a table header such as `roles.erlang`: each prefix that names
/// an array of tables gets the index of its latest element.
fn header_path(name: &str, arrays: &[(String, usize)]) -> KeyPath {
    let mut path = KeyPath::root();
    let mut prefix = String::new();
    for part in name.split('.') {
        let part = part.trim().trim_matches('"');
        if !prefix.is_empty() {
            prefix.push('.');
        }
        prefix.push_str(part);
        path = path.key(part);
        if let Some((_, count)) = arrays.iter().find(|(n, _)| *n == prefix) {
            path = path.index(*count);
        }
    }
    path
}

fn contains(span: &Range<usize>, offset: usize) -> bool {
    span.start <= offset && offset < span.end.max(span.start + 1)
}

fn search_table(table: &DeTable<'_>, offset: usize, path: &mut KeyPath) -> bool {
    for (key, value) in table.iter() {
        path.0.push(Seg::Key(key.get_ref().to_string()));
        if search_value(value, offset, path) || contains(&key.span(), offset) {
            return true;
        }
        path.0.pop();
    }
    false
}

fn search_value(value: &Spanned<DeValue<'_>>, offset: usize, path: &mut KeyPath) -> bool {
    match value.get_ref() {
        DeValue::Table(t) => search_table(t, offset, path) || contains(&value.span(), offset),
        DeValue::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.0.push(Seg::Index(i));
                if search_value(item, offset, path) {
                    return true;
                }
                path.0.pop();
            }
            contains(&value.span(), offset)
        }
        _ => contains(&value.span(), offset),
    }
}
