-- Trusted member identity (V25): a visitor whose host page passed a valid signed claim (member
-- id, name, time, HMAC with the site secret) is linked to that member here. Only verified claims
-- are stored, and a failed or missing claim removes the row, so a forged member id can never be
-- joined to the real member's visitors and chats. Visitors of one site verified as the same member
-- (other browsers, other devices) are found through the (site_id, member_id) index.
-- Service regions (M5) and the identity switch are per-site settings in site_settings; blocks by
-- IP/CIDR (M7) already fit visitor_blocks, so neither needs a table.

CREATE TABLE visitor_members (
  visitor_id  INTEGER PRIMARY KEY REFERENCES visitors(id) ON DELETE CASCADE,
  site_id     INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  member_id   TEXT NOT NULL,
  member_name TEXT NOT NULL,
  signed_ts   INTEGER NOT NULL,   -- the claim's own time (seconds): the same claim again on a reconnect keeps the visitor verified
  verified_at INTEGER NOT NULL
) STRICT;
CREATE INDEX visitor_members_member ON visitor_members (site_id, member_id);
