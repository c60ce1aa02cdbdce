-- The request budget of each API token, shared by every Pilar instance on this database
-- (issue 13, "several instances on one PostgreSQL"). It used to be a token bucket in each
-- instance's memory, so N instances let a token make N times its budget.
--
-- One row per token that has called the API: a token bucket holding `tokens` requests (at
-- most the budget a minute, refilled continuously) as of `refilled_at`. Each API request
-- refills and takes from it in one `INSERT … ON CONFLICT DO UPDATE … RETURNING` statement
-- (`store::tokens::take_request`): the row lock makes concurrent requests of one token, on any
-- instance, queue for it, and the time is the caller's clock, passed as a parameter.
--
-- UNLOGGED: every API request writes here, and a budget is not worth WAL, replication or a
-- crash-safe copy. After a crash or a failover the table is empty and every token starts with
-- a full budget, which is what a new token gets anyway. A fill factor of 50 leaves room on each
-- page so that the updates (which never change the key) stay HOT: no index write, and the
-- dead versions are pruned on the page.
CREATE UNLOGGED TABLE api_token_budget (
    token_id uuid PRIMARY KEY REFERENCES api_token (id) ON DELETE CASCADE,
    -- Requests left, fractional while refilling; never above the budget nor below zero.
    tokens double precision NOT NULL CHECK (tokens >= 0),
    -- The moment `tokens` was computed for; never moves backwards, so an instance whose clock
    -- lags another's refills nothing rather than a negative amount.
    refilled_at timestamptz NOT NULL,
    -- Whether the last request was granted: the statement returns the new row only, and a
    -- refused request leaves less than one token, as a granted one may.
    granted boolean NOT NULL
) WITH (fillfactor = 50);
