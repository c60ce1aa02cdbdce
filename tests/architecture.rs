//! The shape of the house: the import graph between `src/` modules, read from the code, has no
//! circle and no arrow from a lower room to a higher one. A new `use crate::…` that closes a
//! circle or reaches upward fails here, naming the files.
//!
//! The graph has a node per source file (module) and an edge wherever a module names another:
//! `crate::a::b` paths (in `use` lines and in expressions, with `{…}` groups), `super::…`
//! paths, and a parent naming its child (`child::item`). Unit-test modules are left out: a
//! test may reach anything.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Which top-level rooms each room may import (besides itself). Read bottom-up: `domain` knows
/// nothing else; `store` knows the domain; `auth` sits on the store; the workflows on `auth`;
/// pages and the API on everything below; `app` assembles them; `serve` runs the process.
const ALLOWED: &[(&str, &[&str])] = &[
    ("domain", &[]),
    ("rate_limit", &[]),
    ("config", &["domain"]),
    ("telemetry", &["config"]),
    ("db", &["config"]),
    ("store", &["domain"]),
    ("i18n", &["domain"]),
    ("error", &["domain", "i18n"]),
    ("cache", &["domain", "error"]),
    ("state", &["domain", "config", "db", "cache", "rate_limit"]),
    // Middleware and extractors take the parts of the state they need (`FromRef`), so
    // `auth` and the workflows never see the whole `AppState`.
    (
        "auth",
        &[
            "domain",
            "store",
            "i18n",
            "error",
            "config",
            "rate_limit",
            "cache",
        ],
    ),
    ("workflow", &["domain", "store", "i18n", "error", "auth"]),
    // Notifications: the dispatcher and the SMTP sender run in the background of `serve`;
    // events reach them through `store` (items written in the event's transaction), so no
    // room below calls them.
    ("notify", &["domain", "store", "i18n", "config", "auth"]),
    (
        "web",
        &[
            "domain", "store", "i18n", "error", "cache", "state", "config", "auth", "workflow",
        ],
    ),
    // The API keeps its catalogue, series and list in the page cache like the pages, and says
    // what each depends on (`cache::Scope`).
    (
        "api",
        &[
            "domain",
            "store",
            "i18n",
            "error",
            "cache",
            "state",
            "rate_limit",
            "auth",
            "workflow",
        ],
    ),
    ("app", &["error", "state", "auth", "web", "api"]),
    // `pilar verify` checks a log from outside: the domain's hashing and signatures only.
    ("verify", &["domain"]),
    (
        "serve",
        &[
            "domain",
            "store",
            "error",
            "cache",
            "state",
            "config",
            "db",
            "rate_limit",
            "auth",
            "workflow",
            "notify",
            "app",
            "verify",
        ],
    ),
];

#[test]
fn the_import_graph_has_no_circle_and_no_upward_arrow() {
    let graph = ImportGraph::read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    assert!(
        graph.modules.len() > 50,
        "the source tree was not found or not read"
    );

    let circles: Vec<Vec<String>> = graph
        .strongly_connected()
        .into_iter()
        .filter(|component| component.len() > 1)
        .collect();
    assert!(
        circles.is_empty(),
        "import circles (each list imports itself through the others): {circles:#?}"
    );

    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    let mut upward = Vec::new();
    for (from, targets) in &graph.edges {
        let from_room = room(from);
        let Some(may) = allowed.get(from_room) else {
            upward.push(format!(
                "{from}: the room `{from_room}` is not in ALLOWED; say where it sits"
            ));
            continue;
        };
        for to in targets {
            let to_room = room(to);
            if to_room != from_room && !may.contains(&to_room) {
                upward.push(format!("{from} -> {to}"));
            }
        }
    }
    assert!(
        upward.is_empty(),
        "imports that ALLOWED does not permit (a lower room reaching up, or two rooms side by side): {upward:#?}"
    );
}

#[test]
fn the_checker_sees_paths_groups_super_and_children() {
    let modules: BTreeSet<String> = [
        "web",
        "web::admin",
        "web::admin::users",
        "web::layout",
        "store",
        "domain",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    let text =
        "use crate::{domain, store::{self}};\nuse super::layout;\nfn f() { users::router(); }";
    let found = references("web::admin", text, &modules);
    assert_eq!(
        found,
        ["domain", "store", "web::admin::users", "web::layout"]
            .into_iter()
            .map(String::from)
            .collect::<BTreeSet<_>>()
    );
}

/// The room of a module path: its first segment.
fn room(module: &str) -> &str {
    module.split("::").next().unwrap_or(module)
}

struct ImportGraph {
    modules: BTreeSet<String>,
    edges: BTreeMap<String, BTreeSet<String>>,
}

impl ImportGraph {
    fn read(src: &Path) -> Self {
        let mut files = Vec::new();
        collect_rs(src, &mut files);
        let mut texts = BTreeMap::new();
        for file in files {
            let relative = file.strip_prefix(src).unwrap().with_extension("");
            let mut segments: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if matches!(
                segments.last().map(String::as_str),
                Some("mod" | "lib" | "main")
            ) {
                segments.pop();
            }
            // Unit tests kept in their own file (`mod tests;`) may reach anything.
            if segments.last().map(String::as_str) == Some("tests") {
                continue;
            }
            let text = std::fs::read_to_string(&file).unwrap();
            texts.insert(segments.join("::"), without_tests(&without_comments(&text)));
        }
        let modules: BTreeSet<String> = texts.keys().cloned().collect();
        let edges = texts
            .iter()
            .filter(|(module, _)| !module.is_empty())
            .map(|(module, text)| (module.clone(), references(module, text, &modules)))
            .collect();
        ImportGraph { modules, edges }
    }

    /// Tarjan's strongly connected components, each sorted.
    fn strongly_connected(&self) -> Vec<Vec<String>> {
        struct Walk<'a> {
            graph: &'a ImportGraph,
            index: BTreeMap<&'a str, usize>,
            low: BTreeMap<&'a str, usize>,
            stack: Vec<&'a str>,
            on_stack: BTreeSet<&'a str>,
            components: Vec<Vec<String>>,
        }
        impl<'a> Walk<'a> {
            fn visit(&mut self, v: &'a str) {
                let n = self.index.len();
                self.index.insert(v, n);
                self.low.insert(v, n);
                self.stack.push(v);
                self.on_stack.insert(v);
                if let Some(targets) = self.graph.edges.get(v) {
                    for w in targets {
                        if !self.index.contains_key(w.as_str()) {
                            self.visit(w);
                            let low = self.low[v].min(self.low[w.as_str()]);
                            self.low.insert(v, low);
                        } else if self.on_stack.contains(w.as_str()) {
                            let low = self.low[v].min(self.index[w.as_str()]);
                            self.low.insert(v, low);
                        }
                    }
                }
                if self.low[v] == self.index[v] {
                    let mut component = Vec::new();
                    while let Some(w) = self.stack.pop() {
                        self.on_stack.remove(w);
                        component.push(w.to_string());
                        if w == v {
                            break;
                        }
                    }
                    component.sort();
                    self.components.push(component);
                }
            }
        }
        let mut walk = Walk {
            graph: self,
            index: BTreeMap::new(),
            low: BTreeMap::new(),
            stack: Vec::new(),
            on_stack: BTreeSet::new(),
            components: Vec::new(),
        };
        for module in &self.modules {
            if !walk.index.contains_key(module.as_str()) {
                walk.visit(module);
            }
        }
        walk.components
    }
}

fn collect_rs(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect_rs(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The text without `//` comments (doc comments name modules without importing them).
fn without_comments(text: &str) -> String {
    text.lines()
        .map(|line| match line.find("//") {
            // Keep `://` inside string literals such as web addresses.
            Some(at) if !line[..at].ends_with(':') => &line[..at],
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The text before an inline `#[cfg(test)] mod tests { … }`, which by convention ends a file.
fn without_tests(text: &str) -> String {
    match text.find("#[cfg(test)]\nmod tests") {
        Some(at) => text[..at].to_string(),
        None => text.to_string(),
    }
}

/// The modules that `module`'s text names.
fn references(module: &str, text: &str, modules: &BTreeSet<String>) -> BTreeSet<String> {
    let mut paths = Vec::new();
    let parent: Vec<&str> = {
        let mut segments: Vec<&str> = module.split("::").collect();
        segments.pop();
        segments
    };
    for (anchor, base) in [("crate::", Vec::new()), ("super::", parent)] {
        let mut rest = text;
        while let Some(at) = rest.find(anchor) {
            let preceded = rest[..at]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':');
            rest = &rest[at + anchor.len()..];
            if preceded {
                continue;
            }
            let prefix: Vec<String> = base.iter().map(|s| s.to_string()).collect();
            expand(rest, prefix, &mut paths);
        }
    }
    // A parent that names its child (`child::item`) depends on it.
    for candidate in modules {
        if let Some(name) = candidate
            .strip_prefix(module)
            .and_then(|r| r.strip_prefix("::"))
            .filter(|r| !r.contains("::"))
        {
            let needle = format!("{name}::");
            let mut rest = text;
            while let Some(at) = rest.find(&needle) {
                let preceded = rest[..at]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':');
                if !preceded {
                    paths.push(candidate.split("::").map(String::from).collect());
                    break;
                }
                rest = &rest[at + needle.len()..];
            }
        }
    }
    paths
        .into_iter()
        .filter_map(|path| resolve(&path, modules))
        .filter(|target| target != module)
        .collect()
}

/// Reads one path after `crate::` or `super::` — `a::b::{c, d::e}` — into full paths.
fn expand(text: &str, prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
    let mut path = prefix;
    let chars = text.char_indices();
    let mut segment = String::new();
    for (at, c) in chars {
        match c {
            c if c.is_alphanumeric() || c == '_' => segment.push(c),
            ':' => {
                if !segment.is_empty() {
                    path.push(std::mem::take(&mut segment));
                }
            }
            '{' => {
                // `a::{b, c}` names `a::b` and `a::c`; it names `a` itself only through `self`.
                for item in split_group(&text[at + 1..]) {
                    let item = item.trim();
                    let item = item.split(" as ").next().unwrap_or(item).trim();
                    match item {
                        "" => {}
                        "self" => out.push(path.clone()),
                        _ => expand(item, path.clone(), out),
                    }
                }
                return;
            }
            _ => break,
        }
    }
    if !segment.is_empty() {
        path.push(segment);
    }
    out.push(path);
}

/// The comma-separated items of a `{…}` group (the text starts after `{`), nested groups kept.
fn split_group(text: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let mut depth = 0;
    let mut start = 0;
    for (at, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => {
                items.push(&text[start..at]);
                return items;
            }
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&text[start..at]);
                start = at + 1;
            }
            _ => {}
        }
    }
    items
}

/// The longest prefix of `path` that is a module.
fn resolve(path: &[String], modules: &BTreeSet<String>) -> Option<String> {
    (1..=path.len())
        .rev()
        .map(|n| path[..n].join("::"))
        .find(|candidate| modules.contains(candidate))
}
