-- In-portal delivery of many ranges in one round trip (docs/adr/0016). A worker's batch carries many small ranges
-- (packed on-demand notifications) or a few large ones (broadcast pages), sorted by notification. One UPDATE per
-- range, each a range scan of the primary key (a single join over all ranges let the planner scan a whole
-- broadcast per batch), and one counter update per notification, by primary key (an update of many notifications
-- by "id = any(...)" let the planner read every notification of the tenant). The range update keeps its plan for the
-- session: a primary-key range scan is the only index it can use (see delivery_recipient below). The counter update
-- is planned per call (EXECUTE): planned once while the table was nearly empty, it kept reading the tenant's
-- notifications by the tenant index to update one row. Security invoker: row-level security applies as for the
-- caller's own statements.
create function cirrus_deliver_inbox(p_tenant uuid, p_notifications uuid[], p_first bigint[], p_last bigint[],
                                     p_recipients boolean)
    returns table (delivered_notification uuid, delivered_recipient text, delivered bigint)
    language plpgsql
as $$
declare
    v_current uuid;
    v_count   bigint := 0;
    v_total   bigint := 0;
    v_rows    bigint;
begin
    for i in 1 .. coalesce(array_length(p_notifications, 1), 0) loop
        if v_current is distinct from p_notifications[i] then
            if v_count > 0 then
                execute 'update notification set delivered = delivered + $1 where id = $2' using v_count, v_current;
            end if;
            v_current := p_notifications[i];
            v_count := 0;
        end if;
        if p_recipients then
            -- Someone is watching an inbox live: answer who was reached.
            return query
                update delivery d
                   set state = 'delivered', delivered_at = now(), updated_at = now(), attempts = d.attempts + 1,
                       delivered_seq = nextval('delivery_order')
                 where d.notification_id = p_notifications[i] and d.id between p_first[i] and p_last[i]
                   and d.tenant_id = p_tenant and d.channel = 'inbox' and d.state in ('queued', 'retrying')
                returning d.notification_id, d.recipient_id, 1::bigint;
        else
            update delivery d
               set state = 'delivered', delivered_at = now(), updated_at = now(), attempts = d.attempts + 1,
                   delivered_seq = nextval('delivery_order')
             where d.notification_id = p_notifications[i] and d.id between p_first[i] and p_last[i]
               and d.tenant_id = p_tenant and d.channel = 'inbox' and d.state in ('queued', 'retrying');
        end if;
        get diagnostics v_rows = row_count;
        v_count := v_count + v_rows;
        v_total := v_total + v_rows;
    end loop;
    if v_count > 0 then
        execute 'update notification set delivered = delivered + $1 where id = $2' using v_count, v_current;
    end if;
    if not p_recipients then
        -- Nobody is watching: one row with the number delivered, not a row per recipient.
        return query select null::uuid, null::text, v_total;
    end if;
end
$$;

comment on function cirrus_deliver_inbox(uuid, uuid[], bigint[], bigint[], boolean) is
    'Marks the queued in-portal deliveries of each (notification, first id, last id) range delivered (ranges sorted '
    'by notification), adds them to the notifications'' counters, and answers them (each recipient, or only how many).';

-- On-demand sends name users as user:<username>: found by index, not by scanning the tenant's recipients.
create index recipient_user_name on recipient (tenant_id, name) where kind = 'user';

-- The relay takes the next due outbox rows urgent first: an index in exactly that order lets it stop after a batch
-- instead of reading and sorting the whole outbox (a queue table: its deleted rows are dead until vacuumed).
drop index notification_dispatch_due;
create index notification_dispatch_next on notification_dispatch (kind, priority desc, due_at, id);
alter table notification_dispatch set (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 10000);

-- Delivery counters change with every worker batch: room on each page keeps those updates HOT.
alter table notification set (fillfactor = 85);

-- Deliveries are found by notification (primary key) or by recipient; no index leads with the tenant any more. With
-- a tenant's deliveries growing faster than statistics, the tenant-leading index tempted the planner to answer the
-- row-level-security condition with it and read all of the tenant's deliveries for one range.
drop index delivery_recipient;
create index delivery_recipient on delivery (recipient_id, tenant_id, id desc);

-- Delivering changes a delivery's state, and the partial index of parked deliveries named the state in its
-- predicate: no delivery update could be HOT (every one wrote a new entry in each index; 1,000,000 for a broadcast).
-- Parked deliveries are marked by parked_at instead, which only parking and retrying change.
alter table delivery add column parked_at timestamptz;
update delivery set parked_at = coalesce(updated_at, created_at) where state = 'parked';
drop index delivery_parked;
create index delivery_parked on delivery (tenant_id) where parked_at is not null;
