/** Connecting the SDK-backed data layer to an emulator the test started. */
import type { ConnectionConfig } from '../../src/azure/connection.js';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { DEMO_SUBSCRIPTION_ID } from '../../src/emulator/world/index.js';

/**
 * A connection to `emu` in its demo subscription, as demo mode makes one (demo credential, the
 * emulator's CA, loopback only, writes allowed), with quick polling and retries for tests.
 */
export function emulatorConnection(emu: RunningEmulator, over: Partial<ConnectionConfig> = {}): ConnectionConfig {
  return {
    armEndpoint: emu.url,
    subscriptionId: DEMO_SUBSCRIPTION_ID,
    credential: { kind: 'demo' },
    caPem: emu.caPem,
    readOnly: false,
    loopbackOnly: true,
    pollIntervalMs: 10,
    retry: { retryDelayInMs: 5, maxRetryDelayInMs: 20 },
    ...over,
  };
}
