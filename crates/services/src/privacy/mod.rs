//! Privacy (GDPR): a contact's data exported or erased, the whole workspace exported, and message retention.
//! Talks to the store and the media store; never to axum or the job runner.

use crate::Core;
use std::sync::Arc;

/// The GDPR use cases; built on demand from `Services::core` (it holds nothing else).
#[derive(Clone)]
pub struct PrivacyService(pub Arc<Core>);
