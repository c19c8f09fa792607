/**
 * Matching ARM paths to handlers, and everything ARM does before a handler runs:
 * api-version and bearer-token checks, subscription lookup, rate-limit and diagnostic headers.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { armError, type EmuResponse } from './arm.js';
import type { World } from './world/index.js';

export type Method = 'GET' | 'PUT' | 'POST' | 'DELETE' | 'PATCH';

/** A request after routing. Literal path segments have matched case-insensitively. */
export interface EmuRequest {
  method: Method;
  /** Absolute URL as the client sent it (host included). */
  url: URL;
  /** `https://127.0.0.1:PORT`: the emulator's own origin, for absolute links (nextLink, LRO URLs). */
  origin: string;
  /** Values of `{name}` segments, percent-decoded, case as sent. */
  params: Record<string, string>;
  /** Query parameter by name, case-insensitively (`$top`, `$orderby`, `$expand`, `api-version`). */
  query(name: string): string | undefined;
  apiVersion: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body of PUT/POST/PATCH, `undefined` when empty. */
  body: unknown;
}

export type Handler = (req: EmuRequest, world: World) => EmuResponse | Promise<EmuResponse>;

export interface Route {
  method: Method;
  /** e.g. `/subscriptions/{subscriptionId}/providers/Microsoft.Compute/locations/{location}/publishers`. */
  pattern: string;
  /** api-versions the real service accepts for this operation (any `YYYY-MM-DD[-preview]` in the list). `'any'` skips the check. */
  apiVersions: readonly string[] | 'any';
  /** ARM resource type named in api-version errors, e.g. `locations/publishers`. */
  resourceType?: string;
  /** Skip the bearer-token check (token endpoints, metadata). */
  anonymous?: boolean;
  /**
   * Compute's per-operation throttling policy, e.g. `Microsoft.Compute/GetVMImageFromLocation`:
   * reported as `x-ms-ratelimit-remaining-resource: {policy}3Min;N,{policy}30Min;M`. The server
   * charges each call before the handler runs ({@link createRateCounters}) and answers 429 with
   * `Retry-After` when either window is spent (see arm.ts `throttled`).
   */
  rateLimitPolicy?: { name: string; per3Min: number; per30Min: number };
  handler: Handler;
}

interface CompiledRoute extends Route {
  segments: { literal?: string; param?: string }[];
}

export interface Router {
  match(method: string, path: string): { route: Route; params: Record<string, string> } | 'method-not-allowed' | undefined;
}

function compile(route: Route): CompiledRoute {
  const segments = route.pattern
    .split('/')
    .filter(Boolean)
    .map((s) => {
      const m = /^\{(\w+)\}$/.exec(s);
      return m ? { param: m[1] } : { literal: s.toLowerCase() };
    });
  return { ...route, segments };
}

export function createRouter(routes: Route[]): Router {
  const compiled = routes.map(compile);
  return {
    match(method, path) {
      const parts = path.split('/').filter(Boolean);
      let pathMatched = false;
      for (const r of compiled) {
        if (r.segments.length !== parts.length) continue;
        const params: Record<string, string> = {};
        let ok = true;
        for (let i = 0; i < parts.length; i++) {
          const seg = r.segments[i]!;
          const raw = parts[i]!;
          if (seg.param) {
            try {
              params[seg.param] = decodeURIComponent(raw);
            } catch {
              ok = false;
              break;
            }
          } else if (raw.toLowerCase() !== seg.literal) {
            ok = false;
            break;
          }
        }
        if (!ok) continue;
        pathMatched = true;
        if (r.method === method) return { route: r, params };
      }
      return pathMatched ? 'method-not-allowed' : undefined;
    },
  };
}

const API_VERSION_SHAPE = /^\d{4}-\d{2}-\d{2}(-(preview|beta|alpha|privatepreview))?$/i;

/** ARM's answer for a missing, malformed or unsupported api-version, or `undefined` if it is fine. */
export function checkApiVersion(route: Route, apiVersion: string | undefined, location?: string): EmuResponse | undefined {
  if (route.apiVersions === 'any') return undefined;
  if (apiVersion === undefined || apiVersion === '') {
    return armError(
      400,
      'MissingApiVersionParameter',
      'The api-version query parameter (?api-version=) is required for all requests.',
    );
  }
  const supported = route.apiVersions.join(', ');
  if (!API_VERSION_SHAPE.test(apiVersion)) {
    return armError(
      400,
      'InvalidApiVersionParameter',
      `The api-version '${apiVersion}' is invalid. The supported versions are '${supported}'.`,
    );
  }
  if (!route.apiVersions.some((v) => v.toLowerCase() === apiVersion.toLowerCase())) {
    return armError(
      400,
      'NoRegisteredProviderFound',
      `No registered resource provider found for location '${location ?? 'global'}' and API version '${apiVersion}' for type '${route.resourceType ?? 'resource'}'. The supported api-versions are '${supported}'.`,
    );
  }
  return undefined;
}

/** ARM's 401s. `undefined` when the header carries a bearer token the world accepts. */
export function checkAuth(authorization: string | undefined, world: World): EmuResponse | undefined {
  const challenge = {
    'www-authenticate':
      'Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token", error_description="The authentication failed because of missing \'Authorization\' header."',
  };
  if (!authorization) {
    return armError(401, 'AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing.", challenge);
  }
  const m = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!m) {
    return armError(
      401,
      'AuthenticationFailedInvalidHeader',
      "Authentication failed. The 'Authorization' header is provided in an invalid format.",
      challenge,
    );
  }
  if (!world.auth.accepts(m[1]!)) {
    return armError(401, 'InvalidAuthenticationToken', 'The access token is invalid.', challenge);
  }
  const problem = world.auth.check?.(m[1]!);
  if (problem) {
    const authority = `https://login.microsoftonline.com/${problem.tenantId ?? 'common'}`;
    const description = problem.message.replace(/"/g, "'");
    return armError(401, problem.code, problem.message, {
      'www-authenticate': `Bearer authorization_uri="${authority}", error="invalid_token", error_description="${description}"`,
    });
  }
  return undefined;
}

/** Budgets to use instead of a route's own numbers, by policy name; `false` switches throttling off. */
export type BudgetOverrides = false | Readonly<Record<string, { per3Min: number; per30Min: number }>>;

/** What Compute decided about one call against a per-operation policy. */
export type BudgetDecision =
  | { allowed: true; header: string }
  /** Refused: answer 429 with `Retry-After: retryAfterSec`; `window` names the exhausted group (`…3Min`/`…30Min`). */
  | { allowed: false; header: string; retryAfterSec: number; window: string; allowedCount: number; startTime: number; endTime: number; measured: number };

/**
 * Remaining-call counters per subscription and policy, counted the way Compute does: each
 * policy has a 3-minute and a 30-minute window, each a fixed window starting at the first call
 * after the previous one ended, on the world's clock (so tests can move time). A call that would
 * go past either window's budget is refused (429) until that window ends; refused calls are not
 * charged. With `overrides === false` nothing is refused and the headers only count down.
 */
export function createRateCounters(overrides: BudgetOverrides = {}) {
  const counters = new Map<string, { n3: number; n30: number; t3: number; t30: number }>();
  const arm = new Map<string, number>();
  const W3 = 3 * 60_000;
  const W30 = 30 * 60_000;
  /** Charges one call to `policy` at `now`, or refuses it. */
  function take(subscription: string, policy: NonNullable<Route['rateLimitPolicy']>, now: number): BudgetDecision {
    const budget = (overrides && overrides[policy.name]) || policy;
    const key = `${subscription.toLowerCase()}|${policy.name}`;
    let c = counters.get(key);
    if (!c || now - c.t30 >= W30) c = { n3: budget.per3Min, n30: budget.per30Min, t3: now, t30: now };
    if (now - c.t3 >= W3) c = { ...c, n3: budget.per3Min, t3: now };
    const header = (x: { n3: number; n30: number }) => `${policy.name}3Min;${x.n3},${policy.name}30Min;${x.n30}`;
    if (overrides !== false && (c.n3 <= 0 || c.n30 <= 0)) {
      counters.set(key, c);
      const short = policy.name.replace(/^Microsoft\.Compute\//, '');
      const in30 = c.n30 <= 0;
      const endTime = in30 ? c.t30 + W30 : c.t3 + W3;
      return {
        allowed: false,
        header: header(c),
        retryAfterSec: Math.max(1, Math.ceil((endTime - now) / 1000)),
        window: `${short}${in30 ? '30Min' : '3Min'}`,
        allowedCount: in30 ? budget.per30Min : budget.per3Min,
        startTime: in30 ? c.t30 : c.t3,
        endTime,
        measured: (in30 ? budget.per30Min : budget.per3Min) + 1,
      };
    }
    c = { ...c, n3: Math.max(0, c.n3 - 1), n30: Math.max(0, c.n30 - 1) };
    counters.set(key, c);
    return { allowed: true, header: header(c) };
  }
  return {
    take,
    /** Gives back a charged call that never reached Compute (ARM's gateway answered it). */
    refund(subscription: string, policy: NonNullable<Route['rateLimitPolicy']>): void {
    const c = counters.get(`${subscription.toLowerCase()}|${policy.name}`);
    if (c) {
      c.n3 += 1;
      c.n30 += 1;
    }
    },
    /** The header only: charges like {@link take}. */
    resourceHeader(subscription: string, policy: NonNullable<Route['rateLimitPolicy']>, now: number): string {
    return take(subscription, policy, now).header;
    },
    /** `x-ms-ratelimit-remaining-subscription-{reads|writes|deletes}` and the global variant. */
    subscriptionHeaders(subscription: string, method: string): Record<string, string> {
      const kind = method === 'GET' ? 'reads' : method === 'DELETE' ? 'deletes' : 'writes';
      const budget = kind === 'reads' ? 12000 : kind === 'deletes' ? 15000 : 1200;
      const key = `${subscription}|${kind}`;
      const left = Math.max(0, (arm.get(key) ?? budget) - 1);
      arm.set(key, left);
      return {
        [`x-ms-ratelimit-remaining-subscription-${kind}`]: String(left),
        [`x-ms-ratelimit-remaining-subscription-global-${kind}`]: String(left * 2 + 1),
      };
    },
  };
}
