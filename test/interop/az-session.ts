/**
 * The real az CLI signed in to a running emulator, in a throwaway config directory: what the
 * interop tests and `bench/az.ts` drive. Nothing leaves 127.0.0.1 (checked with strace on az
 * 2.45: every connect() goes to the emulator's port; no DNS query either).
 *
 * How az is pointed at the emulator, step by step:
 * - `AZURE_CONFIG_DIR` in a temp dir, so the user's own az login and clouds are never touched;
 * - `REQUESTS_CA_BUNDLE` = the emulator's CA (az talks HTTPS through python-requests);
 * - `az cloud register --endpoint-resource-manager <url>`: az reads `<url>/metadata/endpoints`
 *   and takes the token audience from `authentication.audiences[0]`;
 * - `az login --identity` with a managed identity whose token endpoint is the emulator's
 *   `/msi/token`. az up to 2.5x (msrestazure) takes the App Service path when
 *   `APPSETTING_WEBSITE_SITE_NAME` is set: `GET $MSI_ENDPOINT/?resource=…&api-version=2017-09-01`
 *   with header `secret: $MSI_SECRET`. Newer az (MSAL) looks for `IDENTITY_ENDPOINT` +
 *   `IDENTITY_HEADER` (api-version 2019-08-01) instead; both are set so either finds the emulator.
 * - a compute probe: Debian's azure-cli 2.45 names compute api-version 2022-11-01 in its
 *   `latest` profile, but Debian's python3-azure lacks that module ("API version 2022-11-01 does
 *   not have operation group 'virtual_machine_images'", the packaging bug of Azure/azure-cli#22697
 *   and #26830). If the probe fails that way the cloud is switched to the `2020-09-01-hybrid`
 *   profile (Azure Stack Hub's, compute api-version 2020-06-01), which that package can load.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/** An az CLI found on this machine. */
export interface AzInstall {
  /** Absolute path of the `az` executable. */
  path: string;
  /** `azure-cli` version, e.g. `2.45.0`. */
  version: string;
  /** `azure-cli-core` version (az records it to decide when to look for updates). */
  coreVersion: string;
}

/** One finished az command. */
export interface AzResult {
  code: number;
  stdout: string;
  stderr: string;
  /** Wall time of the whole process, ms. */
  ms: number;
}

/** az signed in to one emulator; every `run` uses the same isolated config directory. */
export interface AzSession {
  az: AzInstall;
  /** Name of the registered cloud. */
  cloud: string;
  /** The cloud's API profile actually used (`latest`, or the hybrid fallback). */
  profile: string;
  /** What `az login --identity` printed: one entry per subscription. */
  login: AzAccount[];
  /** Runs az with the session's environment; never throws on a non-zero exit. */
  run(args: readonly string[]): Promise<AzResult>;
  /** Runs az with `-o json` and parses stdout; throws with az's stderr on failure. */
  json<T = unknown>(args: readonly string[]): Promise<T>;
  /** Deletes the config directory (az keeps nothing running). */
  close(): void;
}

/** An entry of `az login` / `az account list`. */
export interface AzAccount {
  id: string;
  name: string;
  tenantId: string;
  state: string;
  isDefault: boolean;
  environmentName: string;
  user: { name: string; type: string; assignedIdentityInfo?: string };
}

export const AZ_CLOUD_NAME = 'AzimgEmulator';
const HYBRID_PROFILE = '2020-09-01-hybrid';
/** The discard port on loopback: nothing listens there. */
const CLOSED_PROXY = 'http://127.0.0.1:9';

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

function exec(file: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<AzResult> {
  // Asynchronous on purpose: the emulator usually runs in this very process and must keep
  // answering while az waits for it.
  return new Promise((resolve) => {
    const t0 = performance.now();
    execFile(file, [...args], { env, maxBuffer: 256 * 1024 * 1024, timeout: 120_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr, ms: performance.now() - t0 });
    });
  });
}

/**
 * The az CLI on PATH (or at `AZIMG_AZ`), or undefined when there is none: callers skip then.
 * Takes about a second (it runs `az version`).
 */
export async function findAz(): Promise<AzInstall | undefined> {
  const path = process.env.AZIMG_AZ ?? onPath('az');
  if (!path) return undefined;
  const scratch = mkdtempSync(join(tmpdir(), 'azimg-az-version-'));
  try {
    const r = await exec(path, ['version', '-o', 'json'], { ...baseEnv(), AZURE_CONFIG_DIR: scratch });
    if (r.code !== 0) return undefined;
    const v = JSON.parse(r.stdout) as Record<string, unknown>;
    const version = v['azure-cli'];
    const coreVersion = v['azure-cli-core'] ?? version;
    return typeof version === 'string' && typeof coreVersion === 'string' ? { path, version, coreVersion } : undefined;
  } catch {
    return undefined;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The caller's environment minus anything that could send az elsewhere or change its output. */
function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(AZURE_|AZ_|MSI_|IDENTITY_|APPSETTING_|REQUESTS_CA_BUNDLE$|CURL_CA_BUNDLE$|SSL_CERT_)/i.test(k)) continue;
    if (/^(https?|all|no)_proxy$/i.test(k)) continue;
    env[k] = v;
  }
  return {
    ...env,
    // Anything az tries beyond the emulator (a fresh config dir makes az 2.45 probe
    // https://azure.microsoft.com for its update check) goes to a closed loopback port and fails
    // at once, instead of leaving the machine or waiting on DNS.
    HTTPS_PROXY: CLOSED_PROXY,
    HTTP_PROXY: CLOSED_PROXY,
    NO_PROXY: '127.0.0.1,localhost,::1',
    AZURE_CORE_COLLECT_TELEMETRY: 'false',
    AZURE_CORE_NO_COLOR: 'true',
    AZURE_CORE_SURVEY_MESSAGE: 'false',
    AZURE_CORE_ONLY_SHOW_ERRORS: 'true',
  };
}

function describeFailure(args: readonly string[], r: AzResult): string {
  const tail = r.stderr.trim().split('\n').slice(-3).join(' | ');
  return `az ${args.join(' ')} exited ${r.code}: ${tail || '(no output)'}`;
}

/**
 * Registers the emulator as a cloud, signs in with its managed-identity endpoint and settles the
 * API profile. About four az invocations (~5 s on a 2-core machine).
 */
export async function startAzSession(options: { url: string; caPem: string; az: AzInstall }): Promise<AzSession> {
  const { url, caPem, az } = options;
  const dir = mkdtempSync(join(tmpdir(), 'azimg-az-'));
  const caPath = join(dir, 'emulator-ca.pem');
  writeFileSync(caPath, caPem);
  const configDir = join(dir, 'config');
  mkdirSync(configDir);
  // What az writes after its update check: with it in place az does not check (no internet here).
  const now = new Date().toISOString().replace('T', ' ').replace('Z', '000');
  writeFileSync(
    join(configDir, 'versionCheck.json'),
    JSON.stringify({ versions: { 'azure-cli': { local: az.version }, core: { local: az.coreVersion } }, update_time: now }),
  );
  const tokenEndpoint = `${url}/msi/token`;
  const env: NodeJS.ProcessEnv = {
    ...baseEnv(),
    AZURE_CONFIG_DIR: configDir,
    REQUESTS_CA_BUNDLE: caPath,
    // msrestazure (az ≤ 2.5x): the App Service managed identity, api-version 2017-09-01
    APPSETTING_WEBSITE_SITE_NAME: 'azimg-emulator',
    MSI_ENDPOINT: tokenEndpoint,
    MSI_SECRET: 'azimg-emulator',
    // MSAL (newer az): the App Service managed identity, api-version 2019-08-01
    IDENTITY_ENDPOINT: tokenEndpoint,
    IDENTITY_HEADER: 'azimg-emulator',
  };

  const run = (args: readonly string[]) => exec(az.path, args, env);
  const must = async (args: readonly string[]) => {
    const r = await run(args);
    if (r.code !== 0) throw new Error(describeFailure(args, r));
    return r;
  };
  const json = async <T>(args: readonly string[]): Promise<T> => JSON.parse((await must([...args, '-o', 'json'])).stdout) as T;

  try {
    // No trailing slash: az appends `/metadata/endpoints?api-version=…` to it as is.
    await must(['cloud', 'register', '-n', AZ_CLOUD_NAME, '--endpoint-resource-manager', url]);
    await must(['cloud', 'set', '-n', AZ_CLOUD_NAME]);
    const login = await json<AzAccount[]>(['login', '--identity']);

    let profile = 'latest';
    const probeArgs = ['vm', 'image', 'list-publishers', '-l', 'eastus', '--query', 'length(@)', '-o', 'tsv'];
    const probe = await run(probeArgs);
    if (probe.code !== 0) {
      if (!/does not have operation group|No module named 'azure\.mgmt\.compute/.test(probe.stderr)) {
        throw new Error(describeFailure(probeArgs, probe));
      }
      await must(['cloud', 'update', '-n', AZ_CLOUD_NAME, '--profile', HYBRID_PROFILE]);
      profile = HYBRID_PROFILE;
      await must(probeArgs);
    }
    return {
      az,
      cloud: AZ_CLOUD_NAME,
      profile,
      login,
      run,
      json,
      close: () => rmSync(dir, { recursive: true, force: true }),
    };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}
