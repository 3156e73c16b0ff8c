-- Spring Modulith's event publication registry (schema v2 of spring-modulith-events-jdbc 2.0): an event that one
-- module publishes in a transaction is stored with that transaction and handed to the other modules' listeners
-- after commit; a listener that fails, or an instance that dies before it ran, leaves the publication incomplete and
-- it is resubmitted (docs/adr/0015). A platform table: events name their tenant inside, and only the application
-- reads it.
create table event_publication (
  id                     uuid not null primary key,
  listener_id            text not null,
  event_type             text not null,
  serialized_event       text not null,
  publication_date       timestamptz not null,
  completion_date        timestamptz,
  status                 text,
  completion_attempts    int,
  last_resubmission_date timestamptz
);
create index event_publication_serialized_event_hash_idx on event_publication using hash (serialized_event);
create index event_publication_by_completion_date_idx on event_publication (completion_date);
