//! Queries for privacy (GDPR): a contact's whole history, its erasure, workspace exports and message retention.
