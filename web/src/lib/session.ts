/** Who is signed in, as /api/me reported it; set once by the shell before features render. */
export interface Me {
  id: number;
  username: string;
  displayName: string;
  role: string;
  permissions: string[];
  csrfToken: string;
}

let me: Me | null = null;
export const setMe = (value: Me) => void (me = value);
export function getMe(): Me {
  if (!me) throw new Error("console session not loaded yet");
  return me;
}
export const can = (permission: string) => Boolean(me?.permissions.includes(permission));
