/** The shapes of GET /api/customers/search and GET /api/customers/visitors/:id (src/customers). */
export interface CustomerHit {
  visitorId: number;
  siteId: number;
  siteName: string;
  publicId: string;
  name: string;
  phone: string;
  email: string;
  company: string;
  member: { memberId: string; name: string } | null;
  visitCount: number;
  firstSeenAt: number;
  lastSeenAt: number;
  /** How many visitors this customer has (a verified member's visitors are one customer). */
  visitors: number;
}

export interface SearchResult {
  customers: CustomerHit[];
  next: number | null;
}

export interface Chat {
  id: number;
  visitorId: number;
  status: "waiting" | "active" | "ended";
  startedAt: number;
  endedAt: number | null;
  agentName: string;
  topic: string;
  verdict: "" | "valuable" | "invalid";
  rating: { level: number; comment: string } | null;
  messageCount: number;
  firstMessage: string;
}

export interface LeaveMessage {
  id: number;
  visitorId: number;
  createdAt: number;
  name: string;
  phone: string;
  email: string;
  company: string;
  content: string;
  pageUrl: string;
}

export interface Customer360 {
  subject: { kind: "visitor"; visitorId: number };
  card: null;
  access: { chats: boolean; leaveMessages: boolean };
  profile: {
    visitorId: number; siteName: string; publicId: string; name: string; phone: string; email: string; company: string; note: string;
    visitCount: number; firstSeenAt: number; lastSeenAt: number;
    member: { memberId: string; name: string; verifiedAt: number } | null;
    region: string; isp: string; ip: string; device: string; browser: string; os: string; landingUrl: string;
    searchEngine: string; searchKeyword: string; keywords: { engine: string; keyword: string; at: number }[];
    prechat: { conversationId: number; at: number; questionType: string; custom: { id: string; label: string; value: string }[] }[];
    blocks: { id: number; mode: string; reason: string; expiresAt: number | null; createdAt: number; liftedAt: number | null; active: boolean }[];
  };
  visitors: { id: number; publicId: string; name: string; visitCount: number; lastSeenAt: number }[];
  chats: Chat[];
  leaveMessages: LeaveMessage[];
  followUps: never[];
}

/** The name to show: the visitor's, else the verified member's, else "unnamed #id". */
export const displayName = (c: { name: string; member: { name: string } | null }, unnamed: string) => c.name || c.member?.name || unnamed;
