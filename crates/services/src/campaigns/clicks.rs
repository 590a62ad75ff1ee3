//! Clicks on tracked URL buttons: a template button whose link is Parley's redirect (`{public_url}/r/{{1}}`) is
//! sent with a per-recipient token; following it records the click on that recipient and sends the person to the
//! campaign's destination. Only a stored token leads anywhere, so the redirect can never be pointed elsewhere.

use super::editor::CampaignService;
use crate::{DbResultExt, Result};
use parley_store::repo::campaigns::recipients;

/// Tokens are 16 URL-safe characters; anything else is not looked up.
fn plausible(token: &str) -> bool {
    (8..=64).contains(&token.len()) && token.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

impl CampaignService {
    /// Records a click (the first one's time, and the count) and answers the destination; None for a token no
    /// campaign gave out.
    pub async fn follow_click(&self, token: &str) -> Result<Option<String>> {
        if !plausible(token) {
            return Ok(None);
        }
        let Some(c) = recipients::click(&self.0.db, token).await.db()? else { return Ok(None) };
        // The live page's funnel moves with the click.
        self.0.campaign_progress(c.tenant_id, c.campaign_id, false).await?;
        Ok(Some(c.click_url))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_token_shaped_paths_are_looked_up() {
        assert!(plausible(&crate::campaigns::click_token()));
        assert!(!plausible("short"));
        assert!(!plausible("../../etc/passwd"));
        assert!(!plausible("abc%2F.example.com"));
    }
}
