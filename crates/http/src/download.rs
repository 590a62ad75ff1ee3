//! File downloads written a page at a time: the first page is computed before answering (so a bad request is a
//! 4xx, not a broken file), the rest streams from a task while the client reads.

use axum::body::Body;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use parley_services::Result;
use std::future::Future;

/// Answers `first`, then each page `next` gives from the previous page's cursor until it gives none.
pub fn paged<B, C, F, Fut>(first: B, after: Option<C>, next: F, content_type: &str, filename: &str) -> Response
where
    B: Into<Bytes> + Send + 'static,
    C: Send + 'static,
    F: Fn(C) -> Fut + Send + 'static,
    Fut: Future<Output = Result<(B, Option<C>)>> + Send,
{
    let (tx, rx) = tokio::sync::mpsc::channel::<std::result::Result<Bytes, std::io::Error>>(4);
    tokio::spawn(async move {
        if tx.send(Ok(first.into())).await.is_err() {
            return;
        }
        let mut after = after;
        while let Some(a) = after {
            match next(a).await {
                Ok((chunk, more)) => {
                    if tx.send(Ok(chunk.into())).await.is_err() {
                        return;
                    }
                    after = more;
                }
                Err(e) => {
                    let _ = tx.send(Err(std::io::Error::other(e.to_string()))).await;
                    return;
                }
            }
        }
    });
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{filename}\"")),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        Body::from_stream(tokio_stream::wrappers::ReceiverStream::new(rx)),
    )
        .into_response()
}
