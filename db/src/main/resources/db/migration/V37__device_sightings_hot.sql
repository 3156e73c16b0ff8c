-- Storage moves a device's last_seen_at forward at most every 5 s (DeviceSightings): with 10,000 devices reporting
-- that is up to 2,000 updates a second. With an index on last_seen_at none of them could be HOT, so each wrote a new
-- entry in all seven indexes of the table, two of them GIN: 60 to 145 us per device, measured by hand. Without that
-- index, and with room on each page for a second version of a row, the update stays on its page and touches no
-- index: 20 to 38 us, measured at fillfactor 90; at 85, 80% of the device updates of a benchmark run were HOT
-- (2% before). The device list sorted by last seen sorts the tenant's devices instead of walking an index
-- (docs/adr/0006, docs/adr/0007).
drop index device_by_last_seen;
alter table device set (fillfactor = 85);
