-- The notifications page inside Pilar (issue 19, docs/notifications.md): every person's
-- `notification_item` rows are also their list in the app, with or without a mail server —
-- the items are written in the event's own transaction, before any e-mail exists.
--
-- `read_at`: when the person marked the item read in Pilar (NULL: unread). Reading in the
-- app and being e-mailed (`handled_at`) are independent.
ALTER TABLE notification_item ADD COLUMN read_at timestamptz;

-- The unread count in every page's header is read with the session (one statement per
-- request, not one more): a small partial index keeps it an index-only count per person.
CREATE INDEX notification_item_unread ON notification_item (user_id) WHERE read_at IS NULL;

-- The page lists a person's items newest first.
CREATE INDEX notification_item_by_person ON notification_item (user_id, occurred_at DESC, id DESC);
