//! Parley's vocabulary: ids, value objects that parse themselves, roles and the one `DomainError`.
//! Depends on nothing of ours; everything else depends on it.

pub mod country;
mod error;
mod ids;
mod values;

pub use error::{DomainError, FieldError};
pub use ids::{TenantId, UserId};
pub use values::{Email, InvitationStatus, Locale, MemberStatus, Password, Phone, Role, TenantStatus};
