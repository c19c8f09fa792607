/**
 * Compute's per-operation budgets in the emulator: the recorded numbers in the recorded header
 * form, counted per subscription on the world's clock (which the tests move), 429 with
 * Retry-After and Azure's OperationNotAllowed / TooManyRequests body when a window is spent,
 * and `$expand=Properties` only where the api-version has ListWithProperties.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/server.js';
import { DEMO_SUBSCRIPTION_ID as SUB } from '../../src/emulator/world/index.js';
import { send } from '../support/http.js';

const OTHER_SUB = '2b7e1d4a-6c3f-4e8b-9a05-d1c0ffee0002';
const API = '2026-03-01';
const base = (sub = SUB) => `/subscriptions/${sub}/providers/Microsoft.Compute/locations/eastus/publishers`;
const offers = (sub = SUB, api = API) => `${base(sub)}/Canonical/artifacttypes/vmimage/offers?api-version=${api}`;
const skus = `${base()}/Canonical/artifacttypes/vmimage/offers/ubuntu-24_04-lts/skus?api-version=${API}`;
const versions = (api = API, q = '') => `${base()}/Canonical/artifacttypes/vmimage/offers/ubuntu-24_04-lts/skus/server/versions?api-version=${api}${q}`;
const image = `${base()}/Canonical/artifacttypes/vmimage/offers/ubuntu-24_04-lts/skus/server/versions/24.04.202611120?api-version=${API}`;

let emu: RunningEmulator | undefined;
let clock = Date.UTC(2026, 10, 20, 12, 0, 0);

async function start(o: EmulatorOptions = {}): Promise<RunningEmulator> {
  emu = await startEmulator(o);
  clock = Date.UTC(2026, 10, 20, 12, 0, 0);
  emu.world.now = () => clock;
  return emu;
}
afterEach(async () => {
  await emu?.stop();
  emu = undefined;
});

const remaining = (h: Record<string, string>) => h['x-ms-ratelimit-remaining-resource'];

describe('budgets as recorded', () => {
  it('reports each catalog policy with the recorded numbers after one call, the publisher list with none', async () => {
    const e = await start();
    expect(remaining((await send(e, offers())).headers)).toBe(
      'Microsoft.Compute/ListVMImageOffersFromLocation3Min;199,Microsoft.Compute/ListVMImageOffersFromLocation30Min;999',
    );
    expect(remaining((await send(e, skus)).headers)).toBe(
      'Microsoft.Compute/ListVMImageSkusFromLocation3Min;9999,Microsoft.Compute/ListVMImageSkusFromLocation30Min;29999',
    );
    expect(remaining((await send(e, versions())).headers)).toBe(
      'Microsoft.Compute/ListVMImagesVersionsFromLocation3Min;15999,Microsoft.Compute/ListVMImagesVersionsFromLocation30Min;43999',
    );
    expect(remaining((await send(e, image)).headers)).toBe(
      'Microsoft.Compute/GetVMImageFromLocation3Min;12999,Microsoft.Compute/GetVMImageFromLocation30Min;73999',
    );
    const pubs = await send(e, `${base()}?api-version=${API}`);
    expect(pubs.status).toBe(200);
    expect(remaining(pubs.headers)).toBeUndefined();
  });

  it('refuses the 201st offers list in three minutes with 429, Retry-After and Azure’s body; the next window lets it through', async () => {
    const e = await start();
    for (let i = 0; i < 200; i++) {
      const r = await send(e, offers());
      expect(r.status).toBe(200);
      if (i % 50 === 49) clock += 1000; // time passes a little while the lists are read
    }
    const refused = await send(e, offers());
    expect(refused.status).toBe(429);
    // The window began at the first call; four seconds of it have passed.
    expect(refused.headers['retry-after']).toBe('176');
    expect(remaining(refused.headers)).toBe(
      'Microsoft.Compute/ListVMImageOffersFromLocation3Min;0,Microsoft.Compute/ListVMImageOffersFromLocation30Min;800',
    );
    expect(refused.json.error.code).toBe('OperationNotAllowed');
    expect(refused.json.error.message).toBe('The server rejected the request because too many requests have been received for this subscription.');
    const detail = refused.json.error.details[0];
    expect(detail).toMatchObject({ code: 'TooManyRequests', target: 'ListVMImageOffersFromLocation3Min' });
    expect(JSON.parse(detail.message)).toMatchObject({
      operationGroup: 'ListVMImageOffersFromLocation3Min',
      allowedRequestCount: 200,
      startTime: '2026-11-20T12:00:00.000+00:00',
      endTime: '2026-11-20T12:03:00.000+00:00',
    });
    // Other operations and other subscriptions have their own budgets.
    expect((await send(e, skus)).status).toBe(200);
    expect((await send(e, offers(OTHER_SUB))).status).toBe(200);
    // Still refused a second before the window ends; through once it has.
    clock += 175_000;
    expect((await send(e, offers())).status).toBe(429);
    clock += 1_000;
    const again = await send(e, offers());
    expect(again.status).toBe(200);
    expect(remaining(again.headers)).toBe(
      'Microsoft.Compute/ListVMImageOffersFromLocation3Min;199,Microsoft.Compute/ListVMImageOffersFromLocation30Min;799',
    );
  });

  it('the 30-minute window refuses until its own end, whatever the 3-minute window says', async () => {
    const e = await start({ budgets: { 'Microsoft.Compute/ListVMImageOffersFromLocation': { per3Min: 2, per30Min: 3 } } });
    expect((await send(e, offers())).status).toBe(200);
    expect((await send(e, offers())).status).toBe(200);
    expect((await send(e, offers())).status).toBe(429);
    clock += 3 * 60_000;
    const third = await send(e, offers());
    expect(remaining(third.headers)).toBe(
      'Microsoft.Compute/ListVMImageOffersFromLocation3Min;1,Microsoft.Compute/ListVMImageOffersFromLocation30Min;0',
    );
    const refused = await send(e, offers());
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe(String(27 * 60));
    expect(refused.json.error.details[0].target).toBe('ListVMImageOffersFromLocation30Min');
    clock += 27 * 60_000;
    expect((await send(e, offers())).status).toBe(200);
  });

  it('with budgets off nothing is refused and the header still counts down to zero', async () => {
    const e = await start({ budgets: false });
    let last: Record<string, string> = {};
    for (let i = 0; i < 205; i++) {
      const r = await send(e, offers());
      expect(r.status).toBe(200);
      last = r.headers;
    }
    expect(remaining(last)).toMatch(/3Min;0,/);
  });
});

describe('$expand=Properties on version lists', () => {
  it('returns each version’s properties with $expand (at the az CLI 2.45 api-version too), the plain list without it', async () => {
    const e = await start();
    for (const api of ['2022-11-01', '2024-11-01']) {
      const withProps = await send(e, versions(api, '&$expand=Properties'));
      expect(withProps.status).toBe(200);
      expect(withProps.json[0].properties).toMatchObject({ hyperVGeneration: 'V2', architecture: 'x64' });
      expect(withProps.json[0].properties.features.length).toBeGreaterThan(0);
    }
    const plain = await send(e, versions('2024-07-01', ''));
    expect(plain.status).toBe(200);
    expect(Object.keys(plain.json[0])).toEqual(['location', 'name', 'id']);
  });

  it('the big publishers list as many offers as real regions do', async () => {
    const e = await start();
    const count = async (p: string) => (await send(e, `${base()}/${p}/artifacttypes/vmimage/offers?api-version=${API}`)).json.length;
    expect(await count('Canonical')).toBeGreaterThanOrEqual(70);
    expect(await count('RedHat')).toBeGreaterThanOrEqual(20);
    expect(await count('SUSE')).toBeGreaterThanOrEqual(40);
    expect(await count('MicrosoftWindowsServer')).toBeGreaterThanOrEqual(10);
    expect(await count('Debian')).toBeGreaterThanOrEqual(10);
  });
});
