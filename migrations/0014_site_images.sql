-- Site images (V2, V16): logos, avatars, banners and entry images that admins upload for a
-- site's widget. Host pages on other origins must be able to show them without a session, so
-- they are served publicly by an unguessable id; the bytes live in the data folder, this table
-- keeps the checked type (from magic bytes, never the uploaded name) and who uploaded what.
CREATE TABLE site_images (
  id          TEXT PRIMARY KEY,
  site_id     INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  mime        TEXT NOT NULL,
  size        INTEGER NOT NULL,
  sha256      TEXT NOT NULL,
  uploaded_by INTEGER REFERENCES agents(id) ON DELETE SET NULL,
  created_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX site_images_site ON site_images (site_id, created_at);
