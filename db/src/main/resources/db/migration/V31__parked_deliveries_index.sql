-- Health dashboards count each tenant's parked deliveries every sample; a partial index keeps that cheap however
-- many deliveries a tenant has.
create index delivery_parked on delivery (tenant_id) where state = 'parked';
