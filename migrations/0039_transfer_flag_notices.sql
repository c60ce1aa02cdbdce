-- A flagged material transfer is told to both parties and the program's managers (issue 18,
-- docs/material-flows.md): a new kind of notification, `transfer_flagged`, that people choose
-- a cadence for like the others. Each item's once-only key (`dedup_key`, migration 0020) is
-- "flag:<flag>:<transfer>:<person>", so the periodic job that finds transfers unanswered after
-- 30 days, run again or by two instances, records each flag once.
ALTER TABLE notification_item DROP CONSTRAINT notification_item_kind_check;
ALTER TABLE notification_item ADD CONSTRAINT notification_item_kind_check
    CHECK (kind IN ('reports_due', 'report_returned', 'reviews_waiting', 'weekly_summary',
                    'milestone_overdue', 'password_reset', 'password_changed',
                    'transfer_flagged'));

ALTER TABLE notification_preference DROP CONSTRAINT notification_preference_kind_check;
ALTER TABLE notification_preference ADD CONSTRAINT notification_preference_kind_check
    CHECK (kind IN ('reports_due', 'report_returned', 'reviews_waiting', 'weekly_summary',
                    'milestone_overdue', 'transfer_flagged'));

-- The job's search: pending transfers by the day they were recorded.
CREATE INDEX material_transfer_pending_idx ON material_transfer (recorded_at)
    WHERE state = 'pending';
