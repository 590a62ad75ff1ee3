//! Shapes shared by every domain: paging. Each domain keeps its own in `<domain>/dto.rs`, as they appear
//! in the API (camelCase JSON, OpenAPI schemas). Inputs hold raw strings: the services validate them and
//! report every bad field at once.

use serde::Deserialize;

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct PageOnlyQuery {
    /// 1-based page number.
    #[param(minimum = 1, maximum = 100_000)]
    pub page: Option<u64>,
    /// Items per page (1-100, default 20).
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u64>,
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// 1-based page number.
    #[param(minimum = 1, maximum = 100_000)]
    pub page: Option<u64>,
    /// Items per page (1-100, default 20).
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u64>,
    /// Search text.
    pub q: Option<String>,
}

/// The page a `page`/`perPage` query asks for; numbers outside the document's ranges are a 422.
pub(crate) fn page_req(page: Option<u64>, per_page: Option<u64>) -> crate::Result<parley_store::repo::PageReq> {
    let page = crate::check::in_range("page", page, 1, 100_000)?;
    let per_page = crate::check::in_range("perPage", per_page, 20, 100)?;
    Ok(parley_store::repo::PageReq::new(Some(page), Some(per_page)))
}

/// One page of a list. Concrete types per item, so the OpenAPI schemas get plain names.
macro_rules! page_type {
    ($name:ident, $item:ty) => {
        #[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
        #[serde(rename_all = "camelCase")]
        pub struct $name {
            pub items: Vec<$item>,
            pub total: u64,
            pub page: u64,
            pub per_page: u64,
        }
    };
}
pub(crate) use page_type;

/// One keyset page of a list (`services::cursor`): pass `nextCursor` back for the next one; null on the last.
macro_rules! cursor_page_type {
    ($name:ident, $item:ty) => {
        #[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
        #[serde(rename_all = "camelCase")]
        pub struct $name {
            pub items: Vec<$item>,
            /// Pass as `cursor` for the next page; null on the last one.
            pub next_cursor: Option<String>,
        }
    };
}
pub(crate) use cursor_page_type;
