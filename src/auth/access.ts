import { anyContains, parseCidrList } from "../platform/ip.ts";

/**
 * Login IP allowlists: the organisation list and the agent's own list must both admit the
 * address (an empty list admits everyone). Parsed lists are cached by their text because this
 * runs on every authenticated request.
 */
const cache = new Map<string, ReturnType<typeof parseCidrList>>();

function admits(listText: string, ip: string): boolean {
  if (!listText.trim()) return true;
  let parsed = cache.get(listText);
  if (!parsed) {
    parsed = parseCidrList(listText);
    if (cache.size > 500) cache.clear();
    cache.set(listText, parsed);
  }
  // A list that no longer parses fails closed.
  return parsed.ok && anyContains(parsed.list, ip);
}

export function ipAllowed(ip: string, orgList: string, agentList: string): boolean {
  return admits(orgList, ip) && admits(agentList, ip);
}
