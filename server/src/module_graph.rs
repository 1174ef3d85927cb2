//! A test that the crate's top-level modules import one another without a cycle: each module's
//! `crate::<module>` paths, read from its sources (comments left out), make a graph that no walk
//! leads back to where it started.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Public paths that are another module's items, counted as that module.
const ALIASES: [(&str, &str); 3] = [
    ("queue", "runtime"),
    ("session", "runtime"),
    ("routes", "http"),
];

/// Crates the root re-exports: not modules of this one.
const EXTERNAL: [&str; 2] = ["components", "image"];

type Graph = BTreeMap<String, BTreeSet<String>>;

/// Each top-level module (`src/<name>.rs`, `src/<name>/...`) and the modules its code names.
fn graph() -> Graph {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let (mut sources, mut dirs) = (Vec::new(), vec![src.clone()]);
    while let Some(dir) = dirs.pop() {
        for path in std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()) {
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(&src).unwrap();
                let top = rel.iter().next().unwrap().to_str().unwrap();
                let module = top.trim_end_matches(".rs").to_owned();
                sources.push((module, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    // The root declares and re-exports every module: it is no module's dependency.
    sources.retain(|(module, _)| module != "lib");
    let modules: BTreeSet<String> = sources.iter().map(|(m, _)| m.clone()).collect();
    let mut graph: Graph = modules
        .iter()
        .map(|m| (m.clone(), BTreeSet::new()))
        .collect();
    for (module, text) in &sources {
        let code = text.lines().filter(|l| !l.trim_start().starts_with("//"));
        for line in code {
            for (at, _) in line.match_indices("crate::") {
                // `$crate::`, `other_crate::`: not this crate's path.
                let before = line[..at].chars().next_back();
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
                    continue;
                }
                let rest = &line[at + "crate::".len()..];
                let name = rest
                    .split(|c: char| !c.is_alphanumeric() && c != '_')
                    .next();
                let name = name.unwrap_or_default();
                // Not a path (this file's own strings).
                if name.is_empty() {
                    continue;
                }
                let name = ALIASES
                    .iter()
                    .find(|(a, _)| *a == name)
                    .map_or(name, |(_, m)| m);
                if EXTERNAL.contains(&name) || name == module {
                    continue;
                }
                assert!(
                    modules.contains(name),
                    "{module} names crate::{name}: map it"
                );
                graph.get_mut(module).unwrap().insert(name.to_owned());
            }
        }
    }
    graph
}

/// A cycle, as the modules along it (the first again at the end), if there is one.
fn find_cycle(graph: &Graph) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &Graph,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            return Some([&path[at..], &[node.to_owned()]].concat());
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_owned());
        for next in &graph[node] {
            if let Some(cycle) = visit(next, graph, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|m| visit(m, graph, &mut Vec::new(), &mut done))
}

#[test]
fn top_level_modules_import_each_other_without_a_cycle() {
    let graph = graph();
    assert!(
        graph["http"].contains("builder"),
        "the sources were read: {graph:?}"
    );
    if let Some(cycle) = find_cycle(&graph) {
        panic!("import cycle: {}", cycle.join(" -> "));
    }
}

#[test]
fn a_cycle_is_found_and_shown() {
    let graph: Graph = [("a", "b"), ("b", "c"), ("c", "a")]
        .into_iter()
        .map(|(m, n)| (m.to_owned(), BTreeSet::from([n.to_owned()])))
        .collect();
    assert_eq!(find_cycle(&graph).unwrap(), ["a", "b", "c", "a"]);
}
