/**
 * Real services for tests: the embedded emulator over HTTPS and the SDK-backed data layer,
 * exactly as `azimg --demo` wires them, tuned so long-running operations and retries are quick.
 */
import { startDemo, type Demo, type DemoOptions } from '../../src/demo.js';

export type { Demo } from '../../src/demo.js';

export function startDemoServices(options: DemoOptions = {}): Promise<Demo> {
  return startDemo({
    ...options,
    emulator: { lroStepMs: 20, ...options.emulator },
    pollIntervalMs: options.pollIntervalMs ?? 10,
    retry: { retryDelayInMs: 10, maxRetryDelayInMs: 50, ...options.retry },
  });
}
