-- Duration sketches become byte strings: count, sum in milliseconds and values under a second (8 bytes each,
-- big-endian), then each bucket in use as its index (2 bytes) and count (4). A 90-day report adds up hundreds of
-- rows, and parsing their JSON sketches was most of its time. Existing rollups are converted in place, so no history
-- needs rolling up again.
create function parley_sketch_bytes(j jsonb) returns bytea language sql immutable as $$
  select case when j is null or jsonb_typeof(j) <> 'object' or coalesce((j->>'n')::int8, 0) = 0 then null else
    int8send((j->>'n')::int8) || int8send(round((j->>'sum')::numeric * 1000)::int8)
    || int8send(coalesce((j->>'zero')::int8, 0))
    || coalesce((select string_agg(int2send(e.key::int2) || int4send(e.value::int4), ''::bytea order by e.key::int)
                   from jsonb_each_text(coalesce(j->'b', '{}')) e), ''::bytea)
  end
$$;

alter table analytics_hourly
  alter column first_response type bytea using parley_sketch_bytes(first_response),
  alter column first_response_bh type bytea using parley_sketch_bytes(first_response_bh),
  alter column resolution type bytea using parley_sketch_bytes(resolution),
  alter column resolution_bh type bytea using parley_sketch_bytes(resolution_bh);

alter table analytics_daily
  alter column first_response type bytea using parley_sketch_bytes(first_response),
  alter column first_response_bh type bytea using parley_sketch_bytes(first_response_bh),
  alter column resolution type bytea using parley_sketch_bytes(resolution),
  alter column resolution_bh type bytea using parley_sketch_bytes(resolution_bh);

alter table analytics_flow_hourly
  alter column duration type bytea using parley_sketch_bytes(duration);

drop function parley_sketch_bytes(jsonb);
