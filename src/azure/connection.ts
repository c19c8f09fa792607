/**
 * The one place that turns a connection (cloud endpoint, credential, subscription, trusted CA)
 * into SDK clients. Facts this relies on are in ../shared/AZURE-SDK-NOTES.md:
 * - @azure/arm-compute 24 takes `endpoint` (not baseUri) and `credentials.scopes`;
 * - the classic SubscriptionClient takes `endpoint` and `credentialScopes`;
 * - `tlsOptions.ca` trusts a private CA for both generations of client.
 */
import { ComputeManagementClient } from '@azure/arm-compute';
import { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import type { PipelinePolicy, PipelineRequest } from '@azure/core-rest-pipeline';
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { AzureError, readOnlyRefusal } from '../domain/errors.js';
import { rememberErrorBody } from './errors.js';

export const PUBLIC_ARM_ENDPOINT = 'https://management.azure.com';

/** How to obtain tokens. */
export type CredentialSpec =
  /** DefaultAzureCredential: environment, workload/managed identity, az CLI, azd, PowerShell. */
  | { kind: 'default' }
  /** A token obtained elsewhere (`AZIMG_ACCESS_TOKEN`), for locked-down hosts. */
  | { kind: 'token'; token: string }
  /** The embedded emulator accepts any bearer token. */
  | { kind: 'demo' };

export interface ConnectionConfig {
  armEndpoint: string;
  subscriptionId: string;
  credential: CredentialSpec;
  /** PEM of an extra CA to trust (`--ca-file`, or the emulator's). */
  caPem?: string;
  /** Refuse every request that is not a read, before it leaves the process. */
  readOnly: boolean;
  /** Refuse every request to a host that is not loopback (demo mode and tests). */
  loopbackOnly: boolean;
  /** Token scope; defaults to the public ARM audience, or `${endpoint}/.default` for a custom endpoint. */
  scope?: string;
  /** Poll interval for long-running operations when the server sends no Retry-After (ms). */
  pollIntervalMs?: number;
  retry?: { maxRetries?: number; retryDelayInMs?: number; maxRetryDelayInMs?: number };
  /** Longest a server's Retry-After may make us wait before a retry (ms). Azure can ask for minutes. */
  maxRetryAfterMs?: number;
  /** Told whenever the number of requests in flight changes, and when Azure throttles. */
  observer?: ConnectionObserver;
}

export interface ConnectionObserver {
  inFlight?(count: number): void;
  throttled?(info: { status: number; retryAfterMs?: number; url: string }): void;
}

export interface ArmClients {
  compute: ComputeManagementClient;
  subscriptions: SubscriptionClient;
  subscriptionId: string;
  armEndpoint: string;
  /** For `updateIntervalInMs` on pollers. */
  pollIntervalMs: number;
  readOnly: boolean;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Refuses requests to anything but loopback: a wrong SDK option must never reach real Azure from demo or tests. */
function loopbackGuard(): PipelinePolicy {
  return {
    name: 'azimgLoopbackGuard',
    sendRequest(request: PipelineRequest, next) {
      const host = new URL(request.url).hostname;
      if (!LOOPBACK.has(host)) {
        throw new AzureError(
          'NonLoopbackRequestRefused',
          `Refused to send a request to ${host}: in demo and test mode azimg only talks to the local emulator.`,
          'other',
        );
      }
      return next(request);
    },
  };
}

/** Under --read-only no write ever leaves the process, whatever the UI asks for. */
function readOnlyGuard(): PipelinePolicy {
  return {
    name: 'azimgReadOnlyGuard',
    sendRequest(request, next) {
      if (!READ_METHODS.has(request.method.toUpperCase())) {
        throw readOnlyRefusal(`a ${request.method} to ${new URL(request.url).pathname} was blocked`);
      }
      return next(request);
    },
  };
}

/**
 * Caps a server's Retry-After so a throttled call can't block for minutes (the SDK waits for
 * exactly what the server says, uncapped), and tells the observer that Azure is throttling.
 * Sits inside the retry loop, so it sees each attempt's response before the retry policy does.
 */
/** Response header holding Azure's own Retry-After (ms) when {@link throttlePolicy} capped it. */
export const UNCAPPED_RETRY_AFTER_MS = 'x-azimg-retry-after-uncapped-ms';

function throttlePolicy(maxRetryAfterMs: number, observer?: ConnectionObserver): PipelinePolicy {
  return {
    name: 'azimgThrottle',
    async sendRequest(request, next) {
      const response = await next(request);
      if (response.status === 429 || response.status === 503) {
        const header = response.headers.get('retry-after') ?? response.headers.get('retry-after-ms') ?? response.headers.get('x-ms-retry-after-ms');
        let retryAfterMs: number | undefined;
        if (header !== undefined) {
          const seconds = Number(header);
          retryAfterMs = Number.isFinite(seconds) ? seconds * 1000 : Math.max(0, Date.parse(header) - Date.now());
          if (retryAfterMs > maxRetryAfterMs) {
            // Kept for callers that pace themselves (marketplace search waits Azure's full time).
            response.headers.set(UNCAPPED_RETRY_AFTER_MS, String(Math.ceil(retryAfterMs)));
            response.headers.set('retry-after', String(Math.ceil(maxRetryAfterMs / 1000)));
            response.headers.delete('retry-after-ms');
            response.headers.delete('x-ms-retry-after-ms');
            retryAfterMs = maxRetryAfterMs;
          }
        }
        observer?.throttled?.({ status: response.status, retryAfterMs, url: request.url });
      }
      return response;
    },
  };
}

/** Keeps ARM's error body for the error mapper: some SDK paths drop it (see errors.ts). */
function errorBodyPolicy(): PipelinePolicy {
  return {
    name: 'azimgErrorBody',
    async sendRequest(request, next) {
      const response = await next(request);
      if (response.status >= 400 && response.bodyAsText) rememberErrorBody(request, response.bodyAsText);
      return response;
    },
  };
}

function activityPolicy(observer: ConnectionObserver): PipelinePolicy {
  let inFlight = 0;
  return {
    name: 'azimgActivity',
    async sendRequest(request, next) {
      observer.inFlight?.(++inFlight);
      try {
        return await next(request);
      } finally {
        observer.inFlight?.(--inFlight);
      }
    },
  };
}

function staticCredential(token: string): TokenCredential {
  return {
    getToken: async (): Promise<AccessToken> => ({ token, expiresOnTimestamp: Date.now() + 60 * 60 * 1000 }),
  };
}

async function makeCredential(spec: CredentialSpec): Promise<TokenCredential> {
  switch (spec.kind) {
    case 'demo':
      return staticCredential('azimg-demo-token');
    case 'token':
      return staticCredential(spec.token);
    case 'default': {
      const { DefaultAzureCredential } = await import('@azure/identity');
      return new DefaultAzureCredential();
    }
  }
}

/**
 * A `ca` option replaces Node's whole trust store, so an extra CA must be added to the bundled
 * roots and to NODE_EXTRA_CA_CERTS (which Node reads once at start-up and would otherwise drop).
 * The emulator (loopback only) needs nothing but its own CA.
 */
function trustedCas(extra: string, loopbackOnly: boolean): string[] {
  if (loopbackOnly) return [extra];
  const cas = [extra, ...rootCertificates];
  const envFile = process.env.NODE_EXTRA_CA_CERTS;
  if (envFile) {
    try {
      cas.push(readFileSync(envFile, 'utf8'));
    } catch {
      // Node itself only warns about an unreadable NODE_EXTRA_CA_CERTS; so do we (by ignoring it).
    }
  }
  return cas;
}

export function trimEndpoint(endpoint: string): string {
  return endpoint.replace(/\/+$/, '');
}

export async function createArmClients(config: ConnectionConfig): Promise<ArmClients> {
  const endpoint = trimEndpoint(config.armEndpoint);
  const scope =
    config.scope ?? (endpoint === PUBLIC_ARM_ENDPOINT ? `${PUBLIC_ARM_ENDPOINT}/.default` : `${endpoint}/.default`);
  const credential = await makeCredential(config.credential);
  const observer = config.observer;
  const maxRetryAfterMs = config.maxRetryAfterMs ?? 30_000;

  const perCall: PipelinePolicy[] = [errorBodyPolicy()];
  if (observer) perCall.push(activityPolicy(observer));
  if (config.readOnly) perCall.push(readOnlyGuard());
  const perRetry: PipelinePolicy[] = [throttlePolicy(maxRetryAfterMs, observer)];
  if (config.loopbackOnly) perRetry.push(loopbackGuard());

  const additionalPolicies = [
    ...perCall.map((policy) => ({ policy, position: 'perCall' as const })),
    ...perRetry.map((policy) => ({ policy, position: 'perRetry' as const })),
  ];
  const tlsOptions = config.caPem ? { ca: trustedCas(config.caPem, config.loopbackOnly) } : undefined;
  const retryOptions = { maxRetries: 3, retryDelayInMs: 800, maxRetryDelayInMs: 20_000, ...config.retry };
  const userAgentOptions = { userAgentPrefix: 'azimg/0.1' };

  const compute = new ComputeManagementClient(credential, config.subscriptionId, {
    endpoint,
    credentials: { scopes: [scope] },
    additionalPolicies,
    tlsOptions,
    retryOptions,
    userAgentOptions,
  });
  const subscriptions = new SubscriptionClient(credential, {
    endpoint,
    credentialScopes: [scope],
    additionalPolicies,
    tlsOptions,
    retryOptions,
    userAgentOptions,
  });
  return {
    compute,
    subscriptions,
    subscriptionId: config.subscriptionId,
    armEndpoint: endpoint,
    pollIntervalMs: config.pollIntervalMs ?? 2000,
    readOnly: config.readOnly,
  };
}
