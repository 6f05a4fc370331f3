import type { Database } from "bun:sqlite";

export interface VisitorRow {
  id: number;
  site_id: number;
  public_id: string;
  name: string;
  phone: string;
  email: string;
  company: string;
  note: string;
  visit_count: number;
  first_seen_at: number;
  last_seen_at: number;
}

export interface VisitRow {
  id: number;
  visitor_id: number;
  site_id: number;
  started_at: number;
  last_activity_at: number;
  ip: string;
  country: string;
  province: string;
  city: string;
  isp: string;
  browser: string;
  os: string;
  device: string;
  user_agent: string;
  language: string;
  screen: string;
  timezone: string;
  referrer: string;
  search_engine: string;
  search_keyword: string;
  landing_url: string;
  page_count: number;
}

export interface PageViewRow {
  id: number;
  visit_id: number;
  url: string;
  title: string;
  referrer: string;
  at: number;
  dwell_ms: number | null;
}

export type NewVisit = Omit<VisitRow, "id" | "page_count" | "last_activity_at">;

/** The few visit fields the live list keeps; the rest is read when a row is shown. */
export type VisitHead = Pick<VisitRow, "id" | "started_at" | "last_activity_at" | "landing_url">;

export function createVisitorsRepo(db: Database) {
  const byPublic = db.prepare("SELECT * FROM visitors WHERE site_id = ? AND public_id = ?");
  const byId = db.prepare("SELECT * FROM visitors WHERE id = ?");
  const insert = db.prepare("INSERT INTO visitors (site_id, public_id, first_seen_at, last_seen_at) VALUES (?, ?, ?, ?) RETURNING *");
  const seen = db.prepare("UPDATE visitors SET last_seen_at = ? WHERE id = ? RETURNING visit_count");
  const profile = db.prepare("UPDATE visitors SET name = $name, phone = $phone, email = $email, company = $company WHERE id = $id");
  const lastVisit = db.prepare("SELECT id, started_at, last_activity_at, landing_url FROM visits WHERE visitor_id = ? ORDER BY started_at DESC, id DESC LIMIT 1");
  const visitById = db.prepare("SELECT * FROM visits WHERE id = ?");
  const insertVisit = db.prepare(
    `INSERT INTO visits (visitor_id, site_id, started_at, last_activity_at, ip, country, province, city, isp, browser, os, device, user_agent,
       language, screen, timezone, referrer, search_engine, search_keyword, landing_url)
     VALUES ($visitor_id, $site_id, $started_at, $started_at, $ip, $country, $province, $city, $isp, $browser, $os, $device, $user_agent,
       $language, $screen, $timezone, $referrer, $search_engine, $search_keyword, $landing_url) RETURNING id, started_at, last_activity_at, landing_url`,
  );
  const countVisit = db.prepare("UPDATE visitors SET visit_count = visit_count + 1, last_seen_at = ? WHERE id = ?");
  const touchVisit = db.prepare("UPDATE visits SET last_activity_at = ?, page_count = page_count + ? WHERE id = ?");
  const closeDwell = db.prepare("UPDATE page_views SET dwell_ms = ? - at WHERE id = (SELECT id FROM page_views WHERE visit_id = ? ORDER BY id DESC LIMIT 1) AND dwell_ms IS NULL");
  const insertView = db.prepare("INSERT INTO page_views (visit_id, url, title, referrer, at) VALUES (?, ?, ?, ?, ?)");
  const trail = db.prepare("SELECT * FROM page_views WHERE visit_id = ? ORDER BY id");

  return {
    byPublic: (siteId: number, publicId: string) => byPublic.get(siteId, publicId) as VisitorRow | null,
    byId: (id: number) => byId.get(id) as VisitorRow | null,
    insert: (siteId: number, publicId: string, now: number) => insert.get(siteId, publicId, now, now) as VisitorRow,
    /** Marks the visitor seen now; returns their visit count. */
    seen: (id: number, now: number) => (seen.get(now, id) as { visit_count: number }).visit_count,
    setProfile: (p: { id: number; name: string; phone: string; email: string; company: string }) => profile.run(p),
    lastVisit: (visitorId: number) => lastVisit.get(visitorId) as VisitHead | null,
    visit: (id: number) => visitById.get(id) as VisitRow | null,
    startVisit(v: NewVisit): VisitHead {
      countVisit.run(v.started_at, v.visitor_id);
      return insertVisit.get(v as any) as VisitHead;
    },
    addPageView(visitId: number, view: { url: string; title: string; referrer: string }, at: number) {
      closeDwell.run(at, visitId);
      insertView.run(visitId, view.url, view.title, view.referrer, at);
      touchVisit.run(at, 1, visitId);
    },
    /** The visitor left: the last page's dwell time ends now. */
    endDwell: (visitId: number, at: number) => {
      closeDwell.run(at, visitId);
      touchVisit.run(at, 0, visitId);
    },
    trail: (visitId: number) => trail.all(visitId) as PageViewRow[],
  };
}
export type VisitorsRepo = ReturnType<typeof createVisitorsRepo>;
