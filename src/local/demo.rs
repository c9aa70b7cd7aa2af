pub const DEMO_DOMAIN_ID: &str = "demo";
pub const BIG_CASE_ID: &str = "case-0001";
pub fn demo_steps() -> Vec<serde_json::Value> {
    vec![]
}
