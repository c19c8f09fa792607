/**
 * The real command, `bin/azimg` (the bundled build in dist/; `npm test` builds it first), run
 * as a user runs it from the shell, with no Azure sign-in or endpoint leaking in from the
 * environment of whoever runs the tests.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/azimg', import.meta.url));

/** How one run ended and what it printed. */
export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `azimg ...args` to its exit; `env` adds to (or overrides) the cleaned environment. Each
 * run is a fresh host: its own empty azimg config directory, catalog cache and no az CLI profile,
 * unless `env` names them (AZIMG_CONFIG_DIR, AZIMG_CACHE_DIR, AZURE_CONFIG_DIR).
 */
export function azimg(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const fresh = mkdtempSync(join(tmpdir(), 'azimg-run-'));
  return new Promise<Run>((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: {
        ...process.env,
        AZURE_SUBSCRIPTION_ID: '',
        AZIMG_ACCESS_TOKEN: '',
        AZIMG_ARM_ENDPOINT: '',
        AZIMG_CLOUD: '',
        AZURE_TENANT_ID: '',
        AZIMG_LOCATION: '',
        AZIMG_CONFIG_DIR: join(fresh, 'azimg'),
        AZURE_CONFIG_DIR: join(fresh, 'az'),
        // The catalog cache too: a run never reads or fills the cache of whoever runs the tests.
        AZIMG_CACHE_DIR: join(fresh, 'cache'),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    // 'close', not 'exit': the output pipes may still hold data when the process has exited.
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  }).finally(() => rmSync(fresh, { recursive: true, force: true }));
}
