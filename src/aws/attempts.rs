//! Telling the UI that a call is being retried. The SDK retries inside one `send()`; this
//! interceptor sees each attempt after the first and reports it to a hook the caller installed
//! for the task making the call.

use aws_sdk_connectcases::config::interceptors::BeforeTransmitInterceptorContextRef;
use aws_sdk_connectcases::config::{ConfigBag, Intercept, RuntimeComponents};
use aws_smithy_runtime_api::client::retries::RequestAttempts;
use std::future::Future;
use std::sync::Arc;

type Hook = Arc<dyn Fn(u32) + Send + Sync>;

tokio::task_local! {
    static ATTEMPT_HOOK: Hook;
}

/// Runs `call`, telling `hook` the attempt number each time the SDK retries it (2, 3, ...).
pub async fn observe_attempts<F: Future>(
    hook: impl Fn(u32) + Send + Sync + 'static,
    call: F,
) -> F::Output {
    ATTEMPT_HOOK.scope(Arc::new(hook), call).await
}

/// The interceptor every client of this crate carries.
#[derive(Debug, Default)]
pub(crate) struct AttemptNotice;

impl Intercept for AttemptNotice {
    fn name(&self) -> &'static str {
        "cases-tui attempt notice"
    }

    fn read_before_attempt(
        &self,
        _context: &BeforeTransmitInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), aws_sdk_connectcases::error::BoxError> {
        if let Some(attempt) = cfg.load::<RequestAttempts>().map(|a| a.attempts())
            && attempt > 1
        {
            let _ = ATTEMPT_HOOK.try_with(|hook| hook(attempt));
        }
        Ok(())
    }
}
