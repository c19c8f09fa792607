/**
 * Wiring for `--demo` (and tests): start the embedded ARM emulator in-process and point the
 * real SDK-backed services at it over HTTPS, with a bearer token and the loopback guard on.
 * Part of the entry point's wiring: it is the one place that joins emulator and client.
 */
import type { ConnectionInfo, Services } from './domain/services.js';
import type { EmulatorOptions, RunningEmulator } from './emulator/server.js';
import type { ConnectionObserver } from './azure/index.js';

export const DEMO_LOCATION = 'eastus';

export interface DemoOptions {
  emulator?: EmulatorOptions;
  readOnly?: boolean;
  location?: string;
  /** Long-running-operation poll interval; small in tests. */
  pollIntervalMs?: number;
  retry?: { maxRetries?: number; retryDelayInMs?: number; maxRetryDelayInMs?: number };
  observer?: ConnectionObserver;
}

export interface Demo {
  services: Services;
  emulator: RunningEmulator;
  /** Services for another of the demo world's subscriptions (`:sub`), on the same emulator. */
  servicesFor(subscriptionId: string, location: string): Promise<Services>;
  stop(): Promise<void>;
}

export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
  const [{ startEmulator }, { DEMO_SUBSCRIPTION_ID }, { createAzureServices }] = await Promise.all([
    import('./emulator/server.js'),
    import('./emulator/world/index.js'),
    import('./azure/index.js'),
  ]);
  const emulator = await startEmulator(options.emulator);
  const servicesFor = (subscriptionId: string, location: string) => {
    const info: ConnectionInfo = { mode: 'demo', armEndpoint: emulator.url, subscriptionId, location, readOnly: options.readOnly ?? false };
    return createAzureServices(
      {
        armEndpoint: emulator.url,
        subscriptionId,
        credential: { kind: 'demo' },
        caPem: emulator.caPem,
        readOnly: info.readOnly,
        loopbackOnly: true,
        pollIntervalMs: options.pollIntervalMs ?? 500,
        retry: options.retry,
        observer: options.observer,
      },
      info,
    );
  };
  try {
    const services = await servicesFor(DEMO_SUBSCRIPTION_ID, options.location ?? DEMO_LOCATION);
    return { services, emulator, servicesFor, stop: () => emulator.stop() };
  } catch (e) {
    await emulator.stop();
    throw e;
  }
}
