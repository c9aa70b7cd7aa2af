//! The model's `pattern` constraints, compiled once into a table keyed by shape name.
//!
//! AWS checks a pattern against the whole value (Java's `Pattern.matches`): `CaseId`'s
//! `[A-Za-z0-9\-._/:#=+-]*` would accept anything if it only had to match somewhere. So each
//! pattern is wrapped in `^(?:...)$`. Two patterns (`TagKey`, `MutableTagKey`) open with a
//! negative look-ahead, which the `regex` crate does not support; `fancy-regex` does, and hands
//! the rest to `regex`.

use std::collections::HashMap;
use std::sync::LazyLock;

use fancy_regex::Regex;

use super::spec::MODEL;

/// Every shape of the model that has a pattern, with the pattern compiled.
static PATTERNS: LazyLock<HashMap<&'static str, Regex>> = LazyLock::new(|| {
    MODEL
        .shapes
        .iter()
        .filter_map(|(name, shape)| {
            let pattern = shape.pattern.as_deref()?;
            let regex = Regex::new(&anchored(pattern))
                .unwrap_or_else(|e| panic!("pattern of {name} does not compile: {e}"));
            Some((name.as_str(), regex))
        })
        .collect()
});

fn anchored(pattern: &str) -> String {
    format!("^(?:{pattern})$")
}

/// Whether `value` satisfies the pattern of `shape` (true when the shape has none). A match that
/// gives up (fancy-regex's backtracking limit) counts as a failure: the value is refused rather
/// than let through unchecked.
pub fn satisfies(shape: &str, value: &str) -> bool {
    match PATTERNS.get(shape) {
        None => true,
        Some(regex) => regex.is_match(value).unwrap_or(false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_of_the_model_compiles() {
        let with_pattern = MODEL
            .shapes
            .values()
            .filter(|s| s.pattern.is_some())
            .count();
        assert!(with_pattern >= 19, "{with_pattern}");
        assert_eq!(PATTERNS.len(), with_pattern);
    }

    #[test]
    fn patterns_match_whole_values() {
        assert!(satisfies("CaseId", "case-0001"));
        assert!(!satisfies("CaseId", "bad id!"));
        assert!(satisfies("CustomEntity", "bot/triage 2"));
        assert!(!satisfies("CustomEntity", "bad#entity!"));
        assert!(!satisfies("CustomEntity", "trailing "));
        assert!(satisfies("FieldName", "  Priority"));
        assert!(!satisfies("FieldName", "   "));
        assert!(satisfies("ParentChildFieldOptionValue", ""));
        assert!(!satisfies("ParentChildFieldOptionValue", "x "));
        assert!(satisfies("CaseTitle", "line one\nline two"));
        assert!(satisfies("CaseStatus", "open"));
    }

    #[test]
    fn look_ahead_patterns_refuse_the_aws_prefix() {
        assert!(satisfies("TagKey", "team"));
        assert!(!satisfies("TagKey", "aws:created"));
        assert!(satisfies("MutableTagKey", "team lead"));
        assert!(!satisfies("MutableTagKey", "AWS:x"));
        assert!(!satisfies("MutableTagKey", "aWs:x"));
        assert!(satisfies("SearchTagKey", "aws:x"));
    }
}
