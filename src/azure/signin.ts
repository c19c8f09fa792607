/**
 * Getting a credential, in the order people expect:
 * 1. `AZIMG_ACCESS_TOKEN` (a token obtained elsewhere; used as is, never probed);
 * 2. `DefaultAzureCredential`: environment service principal, workload identity, managed
 *    identity, VS Code, Azure CLI, Azure PowerShell, Azure Developer CLI — probed once with a
 *    real token request for the ARM scope;
 * 3. when none works and the caller says the terminal is interactive: the device code flow
 *    (`DeviceCodeCredential`), which works over SSH. The code and URL go to `onDeviceCode` as a
 *    plain record; nothing here prints. An AbortSignal cancels it at once.
 * A failure is a record naming each source and what it said, and the next thing to do; no stack,
 * never token text.
 *
 * Talking to a login host that is not a known cloud's (the emulator, a private cloud): MSAL's
 * instance discovery always asks https://login.microsoftonline.com/common/discovery/instance,
 * whatever the authority host, unless the host is in `knownAuthorities` — which
 * @azure/identity sets when `disableInstanceDiscovery` is true. So it is set for such hosts, and
 * MSAL then fetches `{authorityHost}/{tenant}/v2.0/.well-known/openid-configuration` itself.
 * MSAL's HTTP goes through @azure/identity's IdentityClient (a core-rest-pipeline client), so
 * `tlsOptions: { ca }` on the credential trusts a private CA, as for the ARM clients.
 *
 * Persistent token cache: not used. @azure/identity-cache-persistence 1.2.0 depends on keytar
 * (a native module, archived upstream) and its own @azure/msal-node 3.x beside identity's 5.x.
 * Tried on this machine (Node 20, Linux, Dec 2026): `npm install` fails — keytar has no
 * prebuilt binary reachable and building it needs libsecret-1 (`pkg-config --cflags
 * libsecret-1` fails). Where it does install, Linux encryption goes through libsecret over a
 * D-Bus session with a keyring, which a jump host reached by SSH usually lacks; the only
 * fallback is `unsafeAllowUnencryptedStorage`, refresh tokens in a plain file, which azimg
 * will not do.
 * DefaultAzureCredential already reuses the az CLI's / azd's own caches; a device-code sign-in
 * lasts for the process.
 */
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { request } from 'node:https';
import { rootCertificates } from 'node:tls';
import { CLOUDS } from '../domain/clouds.js';
import { sanitize } from '../domain/text.js';

export interface DeviceCodePrompt {
  /** What the user types on the verification page (e.g. `ABCD1234`). */
  userCode: string;
  verificationUri: string;
  /** Entra ID's own sentence ("To sign in, use a web browser to open the page … and enter the code …"). */
  message: string;
  expiresOn: Date;
}

/** What a source said when it could not sign in: one line, sanitized, no token text. */
export interface SourceReport {
  name: string;
  said: string;
}

export interface SignInFailure {
  sources: SourceReport[];
  /** One line: the next thing to do. */
  next: string;
  /** True when the user stopped it (Esc / abort). */
  cancelled?: boolean;
}

export type CredentialSource = 'AZIMG_ACCESS_TOKEN' | 'DefaultAzureCredential' | 'DeviceCode';

export type SignInResult =
  | { ok: true; credential: TokenCredential; source: CredentialSource; /** The first token, already fetched (except AZIMG_ACCESS_TOKEN). */ token?: AccessToken }
  | { ok: false; failure: SignInFailure };

export interface SignInOptions {
  authorityHost: string;
  /** ARM scope (`…/.default`). */
  scope: string;
  /** `--tenant`: a GUID or domain. */
  tenantId?: string;
  /** Allow the device code flow when nothing else works. */
  interactive: boolean;
  onDeviceCode?(prompt: DeviceCodePrompt): void;
  signal?: AbortSignal;
  /** PEM of a CA to trust for the login host (the emulator's, `--ca-file`). */
  caPem?: string;
  /** Default: true unless the authority host is a known cloud's (see the file comment). */
  disableInstanceDiscovery?: boolean;
  /** Where `AZIMG_ACCESS_TOKEN` is read; default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Skip DefaultAzureCredential (`azimg login` forces the device code; tests stay hermetic). */
  skipDefaultChain?: boolean;
  /** Override the app's client id (default: @azure/identity's developer sign-on client, the az CLI's). */
  clientId?: string;
}

const KNOWN_AUTHORITIES = new Set(Object.values(CLOUDS).map((c) => c.authorityHost));

/** Words a token could hide in: JWTs and long opaque strings are cut out of anything we repeat. */
function scrub(text: string): string {
  return text.replace(/eyJ[\w-]+\.[\w-]+\.[\w-]*/g, '[token]').replace(/\b[\w-]{60,}\b/g, '[redacted]');
}

function firstLine(text: string): string {
  const line = text.split(/\r?\n/).find((l) => l.trim()) ?? text;
  const cut = line.replace(/\s*To (troubleshoot|mitigate)[^.]*\.?.*$/i, '').trim();
  return sanitize(scrub(cut.length > 300 ? `${cut.slice(0, 297)}…` : cut));
}

const NAMES: [RegExp, string][] = [
  [/EnvironmentCredential/i, 'Environment (service principal)'],
  [/WorkloadIdentity/i, 'Workload identity'],
  [/ManagedIdentity/i, 'Managed identity'],
  [/Visual Studio Code/i, 'VS Code'],
  [/Azure Developer CLI|azd/i, 'Azure Developer CLI'],
  [/Azure CLI|az login/i, 'Azure CLI'],
  [/PowerShell/i, 'Azure PowerShell'],
];

/** DefaultAzureCredential's AggregateAuthenticationError → one report per credential tried. */
export function reportsOf(error: unknown): SourceReport[] {
  const errors = (error as { errors?: unknown[] })?.errors;
  const list = Array.isArray(errors) && errors.length ? errors : [error];
  return list.map((e) => {
    const message = e instanceof Error ? e.message : String(e);
    const name = NAMES.find(([re]) => re.test(message))?.[1] ?? (e instanceof Error ? e.name : 'Credential');
    const said = firstLine(message.replace(/^(EnvironmentCredential|ManagedIdentityCredential|WorkloadIdentityCredential)( is unavailable\.)?:?\s*/i, ''));
    return { name, said: said || 'unavailable' };
  });
}

/** MSAL / identity errors of the device code flow → what the user understands. */
function deviceCodeSaid(error: unknown): { said: string; cancelled?: boolean } {
  const text = `${(error as { errorCode?: string })?.errorCode ?? ''} ${(error as Error)?.message ?? String(error)}`;
  if (/device_code_polling_cancelled|AbortError|aborted/i.test(text)) return { said: 'Cancelled.', cancelled: true };
  if (/expired_token|device_code_expired/i.test(text)) return { said: 'The code expired before it was entered.' };
  if (/authorization_declined|access_denied/i.test(text)) return { said: 'The sign-in was declined on the verification page.' };
  if (/AADSTS90002|not found/i.test(text) && /tenant/i.test(text)) return { said: 'The tenant was not found at the login host.' };
  if (/self[- ]signed|unable to verify|certificate/i.test(text)) return { said: 'The login host’s certificate is not trusted (pass --ca-file).' };
  if (/ENOTFOUND|ECONNREFUSED|network|ETIMEDOUT/i.test(text)) return { said: 'The login host could not be reached.' };
  return { said: firstLine((error as Error)?.message ?? String(error)) };
}

/**
 * MSAL reports every failure to reach the login host's OpenID configuration as
 * `endpoints_resolution_error`, whatever the cause; one plain request tells the user which.
 */
function diagnoseAuthority(authorityHost: string, tenant: string, caPem: string | undefined, signal?: AbortSignal): Promise<string | undefined> {
  const url = new URL(`${authorityHost}/${encodeURIComponent(tenant)}/v2.0/.well-known/openid-configuration`);
  return new Promise((resolve) => {
    const req = request(url, { method: 'GET', ca: caPem ? [caPem, ...rootCertificates] : undefined, timeout: 10_000, signal }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if (/AADSTS90002/.test(text)) resolve(`The tenant '${sanitize(tenant)}' was not found at the login host.`);
        else if ((res.statusCode ?? 0) >= 400) resolve(`The login host answered ${res.statusCode} for its OpenID configuration.`);
        else resolve(undefined);
      });
    });
    req.on('timeout', () => req.destroy(new Error('ETIMEDOUT')));
    req.on('error', (e: NodeJS.ErrnoException) => {
      const code = e.code ?? '';
      if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) resolve(`The login host’s certificate is not trusted (pass --ca-file).`);
      else resolve(`The login host ${url.host} could not be reached (${code || e.message}).`);
    });
    req.end();
  });
}

function staticCredential(token: string): TokenCredential {
  return { getToken: async (): Promise<AccessToken> => ({ token, expiresOnTimestamp: Date.now() + 60 * 60 * 1000 }) };
}

/**
 * The device code credential, keeping the token it got for `scope` while it has more than two
 * minutes left: every ARM client of the run asks for that one scope, and asking MSAL again can
 * mean a new device code when its silent path finds no account (seen with the emulated host).
 */
function reusing(credential: TokenCredential, scope: string, first: AccessToken | null): TokenCredential {
  let kept = first;
  return {
    async getToken(scopes, options) {
      const wanted = Array.isArray(scopes) ? scopes : [scopes];
      if (kept && wanted.length === 1 && wanted[0] === scope && kept.expiresOnTimestamp - Date.now() > 120_000) return kept;
      const fresh = await credential.getToken(scopes, options);
      if (fresh && wanted.length === 1 && wanted[0] === scope) kept = fresh;
      return fresh;
    },
  };
}

function abortable<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return p;
  if (signal.aborted) return Promise.reject(Object.assign(new Error('aborted'), { name: 'AbortError' }));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' }));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

function nextStep(o: SignInOptions, sources: SourceReport[]): string {
  if (!o.interactive) {
    return 'Run azimg in a terminal, where it signs you in with a device code (or `azimg login` to check the sign-in), or `az login`, or set AZIMG_ACCESS_TOKEN (e.g. from `az account get-access-token --query accessToken -o tsv`).';
  }
  if (sources.some((s) => /not trusted/.test(s.said))) return 'Pass --ca-file with the CA that signed the login host, then try again.';
  return 'Try `azimg login` again (a new code), add --tenant <id> if your account lives in another directory, or use `az login` / AZIMG_ACCESS_TOKEN.';
}

/** The credential chain of issue 10. Never throws; never prints. */
export async function signIn(o: SignInOptions): Promise<SignInResult> {
  const env = o.env ?? process.env;
  const token = env.AZIMG_ACCESS_TOKEN?.trim();
  if (token) return { ok: true, credential: staticCredential(token), source: 'AZIMG_ACCESS_TOKEN' };

  const identity = await import('@azure/identity');
  const authorityHost = o.authorityHost.replace(/\/+$/, '');
  const disableInstanceDiscovery = o.disableInstanceDiscovery ?? !KNOWN_AUTHORITIES.has(authorityHost);
  const tlsOptions = o.caPem ? { ca: o.caPem } : undefined;
  const sources: SourceReport[] = [];

  if (!o.skipDefaultChain) {
    try {
      const credential = new identity.DefaultAzureCredential({ tenantId: o.tenantId, authorityHost, disableInstanceDiscovery, tlsOptions });
      const first = await abortable(credential.getToken(o.scope, { abortSignal: o.signal }), o.signal);
      if (first) return { ok: true, credential, source: 'DefaultAzureCredential', token: first };
    } catch (e) {
      if (o.signal?.aborted) return { ok: false, failure: { sources, next: 'Sign-in cancelled.', cancelled: true } };
      sources.push(...reportsOf(e));
    }
  }
  if (!o.interactive) return { ok: false, failure: { sources, next: nextStep(o, sources) } };

  const credential = new identity.DeviceCodeCredential({
    tenantId: o.tenantId,
    clientId: o.clientId,
    authorityHost,
    disableInstanceDiscovery,
    tlsOptions,
    retryOptions: { maxRetries: 1 },
    userPromptCallback: (info) => {
      const expiresIn = (info as { expiresIn?: number }).expiresIn ?? 900;
      o.onDeviceCode?.({
        userCode: sanitize(info.userCode),
        verificationUri: sanitize(info.verificationUri),
        message: sanitize(scrub(info.message)),
        expiresOn: new Date(Date.now() + expiresIn * 1000),
      });
    },
  });
  try {
    const first = await abortable(credential.getToken(o.scope, { abortSignal: o.signal }), o.signal);
    return { ok: true, credential: reusing(credential, o.scope, first), source: 'DeviceCode', token: first };
  } catch (e) {
    const { said: first, cancelled } = deviceCodeSaid(o.signal?.aborted ? Object.assign(new Error('aborted'), { name: 'AbortError' }) : e);
    let said = first;
    if (!cancelled && /endpoints_resolution_error/.test(said)) said = (await diagnoseAuthority(authorityHost, o.tenantId ?? 'organizations', o.caPem, o.signal)) ?? said;
    sources.push({ name: 'Device code sign-in', said });
    if (cancelled) return { ok: false, failure: { sources, next: 'Sign-in cancelled. Start it again with `azimg login`.', cancelled: true } };
    return { ok: false, failure: { sources, next: nextStep(o, sources) } };
  }
}
