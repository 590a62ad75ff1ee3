-- The sender claims due recipients `order by not_before, id`. Materialised recipients share one `not_before`, so an
-- index on (campaign_id, not_before) alone made every claim read and sort all of a campaign's pending rows (851 ms
-- for 72,600 in the campaign bench); with `id` in the index a claim reads the rows it takes.
create index campaign_recipients_due_order_idx on campaign_recipients (campaign_id, not_before, id)
    where status = 'pending';
drop index campaign_recipients_due_idx;
