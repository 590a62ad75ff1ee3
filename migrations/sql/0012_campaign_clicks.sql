-- Click tracking for campaign URL buttons. A template button whose URL is Parley's own redirect
-- (`{public_url}/r/{{1}}`) gets a short unguessable token per recipient at send time; `GET /r/{token}` records the
-- click and answers 302 to the campaign's destination.

-- Where a tracked button leads (an http(s) link).
alter table campaigns add column click_url text;

alter table campaign_recipients add column click_token text;
alter table campaign_recipients add column click_count integer not null default 0;
-- The redirect finds a recipient by its token alone (it has no tenant yet): unique across the platform.
create unique index campaign_recipients_click_token_idx on campaign_recipients (click_token)
  where click_token is not null;
