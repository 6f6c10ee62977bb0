/**
 * The operator's credential: the admin token or an OIDC JWT, held in this module's memory only.
 * Never written to localStorage, sessionStorage, a cookie or a URL; a reload forgets it. The
 * gateway checks it on every request, so nothing here decides who may see what.
 */
let token: string | null = null;

export function signIn(value: string): void {
  token = value;
}

export function signOut(): void {
  token = null;
}

export function signedIn(): boolean {
  return token !== null;
}

/** For the operator WebSocket's first message (browsers cannot set headers on a WebSocket). */
export function currentToken(): string {
  if (token === null) throw new Error("not signed in");
  return token;
}

/** fetch() with the bearer token. */
export function apiFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set("Authorization", `Bearer ${currentToken()}`);
  return fetch(path, { ...init, headers, credentials: "omit", cache: "no-store" });
}

/** The gateway's problem+json detail, or the status line when there is none. */
export async function problemDetail(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { detail?: string; title?: string };
    if (body.detail) return body.detail;
    if (body.title) return `${response.status} ${body.title}`;
  } catch {
    // not JSON: fall through to the status
  }
  return `${response.status} ${response.statusText}`.trim();
}
