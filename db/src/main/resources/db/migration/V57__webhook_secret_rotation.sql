-- Webhook signing secrets are stored encrypted (io.cirrus.shared.secret.SecretBox, docs/adr/0030): values from
-- before are sealed by the application's background rewrap, which needs the key from configuration, not SQL.
-- A rotation keeps the previous secret signing beside the new one until previous_until (Standard Webhooks allows
-- several signatures), so receivers can switch without losing a delivery.
alter table webhook_endpoint
    add column previous_secret text,
    add column previous_until  timestamptz,
    add column rotated_at      timestamptz,
    add constraint webhook_endpoint_previous check ((previous_secret is null) = (previous_until is null));

comment on column webhook_endpoint.secret is 'Signing secret, sealed: enc1:<key id>:<wrapped data key>:<sealed secret>';
comment on column app_webhook_secret.secret is 'Signing secret, sealed: enc1:<key id>:<wrapped data key>:<sealed secret>';
