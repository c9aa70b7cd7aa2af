//! What a pane shows when loading failed: the error's text and what to do next, as plain text, so
//! drawing needs nothing from the gateway.

use crate::aws::GatewayError;

/// A failure as the user reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub text: String,
    pub advice: &'static str,
}

impl From<&GatewayError> for Problem {
    fn from(err: &GatewayError) -> Self {
        Self {
            text: err.to_string(),
            advice: err.advice(),
        }
    }
}

impl From<GatewayError> for Problem {
    fn from(err: GatewayError) -> Self {
        Self::from(&err)
    }
}
