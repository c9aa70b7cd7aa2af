//! The Connect Cases service's limits, in one place: the local service enforces them, the client
//! checks drafts against them before sending, and the demo seed stays within them. Each comes from
//! the API model (`assets/connectcases-model.json`, checked by the test below) or from what the
//! model's documentation says the service does.

/// The longest comment body, in characters (model: `CommentBody`, max 15000).
pub const MAX_COMMENT_CHARS: usize = 15_000;

/// The longest string value of a field other than the summary, in characters (model:
/// `FieldValueUnionStringValueString`, max 4100).
pub const MAX_STRING_CHARS: usize = 4_100;

/// The longest case title, in characters (model: `CaseTitle`, max 500, the type of
/// BatchUpdateCase's `title`). The title is one field however it is written, so CreateCase and
/// UpdateCase hold its value to the same limit.
pub const MAX_TITLE_CHARS: usize = 500;

/// The longest value of the `summary` system field, in characters: not a model constraint but the
/// service's documented behaviour ("The Summary system field accepts up to 3000 characters, while
/// all other fields accept up to 4100", the model's documentation of `FieldValueUnion`).
pub const MAX_SUMMARY_CHARS: usize = 3_000;

/// The longest string value in an audit event, in characters (model:
/// `AuditEventFieldValueUnionStringValueString`, max 4100).
pub const MAX_AUDIT_STRING_CHARS: usize = 4_100;

/// The most fields a custom related item holds (model: `CustomInputContentFieldsList` and
/// `CustomUpdateContentFieldsList`, max 50).
pub const MAX_CUSTOM_FIELDS: usize = 50;

/// The most field ids one `BatchGetField` call takes (model: `BatchGetFieldIdentifierList`,
/// max 50).
pub const MAX_BATCH_GET_FIELDS: usize = 50;

/// The shortest and longest SLA target, in minutes (model: `TargetSlaMinutes`, 1 to 1,051,200:
/// two years of 365 days).
pub const MIN_SLA_MINUTES: i64 = 1;
/// See [`MIN_SLA_MINUTES`].
pub const MAX_SLA_MINUTES: i64 = 1_051_200;

/// The largest page of SearchAllRelatedItems (model:
/// `SearchAllRelatedItemsRequestMaxResultsInteger`, max 25): the SLA radar asks for full pages.
pub const MAX_SEARCH_ALL_RELATED_PAGE: i32 = 25;

/// The longest string value the field `field_id` takes, in characters.
pub fn max_string_chars(field_id: &str) -> usize {
    match field_id {
        "summary" => MAX_SUMMARY_CHARS,
        "title" => MAX_TITLE_CHARS,
        _ => MAX_STRING_CHARS,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::local::spec::MODEL;

    fn model_max(shape: &str) -> usize {
        let max = MODEL.shapes[shape]
            .max
            .unwrap_or_else(|| panic!("{shape} has a max"));
        max as usize
    }

    #[test]
    fn limits_match_the_model() {
        assert_eq!(MAX_COMMENT_CHARS, model_max("CommentBody"));
        assert_eq!(MAX_TITLE_CHARS, model_max("CaseTitle"));
        assert_eq!(
            MAX_STRING_CHARS,
            model_max("FieldValueUnionStringValueString")
        );
        assert_eq!(
            MAX_AUDIT_STRING_CHARS,
            model_max("AuditEventFieldValueUnionStringValueString")
        );
        assert_eq!(MAX_CUSTOM_FIELDS, model_max("CustomInputContentFieldsList"));
        assert_eq!(
            MAX_CUSTOM_FIELDS,
            model_max("CustomUpdateContentFieldsList")
        );
        assert_eq!(
            MAX_BATCH_GET_FIELDS,
            model_max("BatchGetFieldIdentifierList")
        );
        assert_eq!(MAX_SLA_MINUTES as usize, model_max("TargetSlaMinutes"));
        assert_eq!(
            MODEL.shapes["TargetSlaMinutes"].min,
            Some(MIN_SLA_MINUTES as f64)
        );
    }

    #[test]
    fn the_search_all_page_matches_the_model() {
        assert_eq!(
            MAX_SEARCH_ALL_RELATED_PAGE as usize,
            model_max("SearchAllRelatedItemsRequestMaxResultsInteger")
        );
    }

    #[test]
    fn the_summary_and_the_title_have_their_own_limits() {
        assert_eq!(max_string_chars("summary"), MAX_SUMMARY_CHARS);
        assert_eq!(max_string_chars("title"), MAX_TITLE_CHARS);
        assert_eq!(max_string_chars("priority"), MAX_STRING_CHARS);
    }
}
