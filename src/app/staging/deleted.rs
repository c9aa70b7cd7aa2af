//! What the delete question shows: the item itself (a comment's first line, a custom item's
//! fields), so the user confirms what they see rather than an id.

use crate::app::format::{self, Catalog};
use crate::model::{RelatedContent, RelatedItem};

/// Custom fields listed one per line before the rest are counted.
const MAX_FIELDS: usize = 8;

/// The lines describing `item` for its delete question, the id and the consequence last.
pub fn what_is_deleted(item: &RelatedItem, catalog: &Catalog) -> String {
    let mut lines: Vec<String> = Vec::new();
    match &item.content {
        RelatedContent::Comment { body, .. } => {
            let first = body.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
            let more = body.lines().filter(|l| !l.trim().is_empty()).count();
            lines.push(format!("“{}”", format::one_line(first)));
            if more > 1 {
                lines.push(format!(
                    "and {} more line{} ({} characters in all)",
                    more - 1,
                    if more == 2 { "" } else { "s" },
                    body.chars().count()
                ));
            }
        }
        RelatedContent::Custom { fields } => {
            for f in fields.iter().take(MAX_FIELDS) {
                lines.push(format!(
                    "{}: {}",
                    catalog.name(&f.id),
                    catalog.value(&f.id, &f.value)
                ));
            }
            if fields.len() > MAX_FIELDS {
                lines.push(format!("and {} more fields", fields.len() - MAX_FIELDS));
            }
        }
        _ => lines.push(format::related_summary(item, catalog)),
    }
    lines.push(format!(
        "{} · the service keeps a RelatedItem.Deleted audit event; this cannot be undone",
        item.id
    ));
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FieldEntry, FieldValue, RelatedItemType};

    fn item(content: RelatedContent) -> RelatedItem {
        RelatedItem {
            id: "ri-1".into(),
            item_type: RelatedItemType::Comment,
            association_time: None,
            content,
            tags: Default::default(),
            performed_by: None,
        }
    }

    #[test]
    fn a_comment_shows_its_first_line_and_a_custom_item_its_fields() {
        let cat = Catalog::default();
        let text = what_is_deleted(
            &item(RelatedContent::Comment {
                body: "\nCalled back.\nNo answer.\n".into(),
                content_type: "Text/Plain".into(),
            }),
            &cat,
        );
        assert!(
            text.starts_with("“Called back.”\nand 1 more line"),
            "{text}"
        );
        assert!(text.ends_with("this cannot be undone"), "{text}");
        let fields = (0..10)
            .map(|i| FieldEntry::new(format!("f{i}"), FieldValue::Double(f64::from(i))))
            .collect();
        let text = what_is_deleted(&item(RelatedContent::Custom { fields }), &cat);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "f0: 0");
        assert_eq!(lines[8], "and 2 more fields");
        assert!(lines[9].starts_with("ri-1 · "));
    }
}
