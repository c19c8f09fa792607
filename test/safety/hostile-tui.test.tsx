/**
 * Hostile strings × the TUI: the screens that show names, descriptions, tags, plans, region names
 * and error texts from Azure, and the copy keys (`y`, `c`) that put them on the clipboard with
 * OSC 52. Real services on the hostile emulator world (src/emulator/world/hostile.ts). Every
 * frame Ink ever wrote, and every clipboard payload, must be free of raw control, bidi and
 * zero-width characters, and must show the hostile text escaped.
 */
import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { armError } from '../../src/emulator/arm.js';
import { hostile } from '../../src/emulator/world/hostile.js';
import { Root, type InitialTarget } from '../../src/ui/app.js';
import { createRegistry } from '../../src/ui/screens/registry.js';
import { SCREENS } from '../../src/ui/screens/index.js';
import { startDemoServices, type Demo } from '../support/services.js';
import { KEY, openHomeEntry, pick, press, readPage, type, waitForText, type Rendered } from '../ui/support.js';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { firstRaw } from './raw.js';

let demo: Demo;
beforeAll(async () => {
  demo = await startDemoServices({ emulator: { hostile: true } });
});
afterAll(async () => {
  await demo?.stop();
});
afterEach(() => {
  cleanup();
  demo?.emulator.clearFaults();
});

function open(initial?: InitialTarget): Rendered {
  return render(<Root services={demo.services} initial={initial} registry={createRegistry(SCREENS)} />);
}

// eslint-disable-next-line no-control-regex -- Ink's own colours and our OSC 52 envelope are ours, not Azure's
const OURS = /\u001b\[[0-9;]*m|\u001b\]52;c;[A-Za-z0-9+/=]*\u0007/g;
// eslint-disable-next-line no-control-regex -- reading our OSC 52 envelope back
const OSC52 = /\u001b\]52;c;([A-Za-z0-9+/=]*)\u0007/g;

/** What the copy keys put on the clipboard, oldest first. */
function clipboard(r: Rendered): string[] {
  return r.frames.flatMap((f) => [...f.matchAll(OSC52)].map((m) => Buffer.from(m[1]!, 'base64').toString('utf8')));
}

/** No frame written so far holds a raw character beyond Ink's colours and our OSC 52 envelope; nor does any clipboard payload. */
function expectNothingRaw(r: Rendered): void {
  r.frames.forEach((f, i) => expect(firstRaw(f.replace(OURS, '')), `frame ${i}`).toBeUndefined());
  clipboard(r).forEach((c, i) => expect(firstRaw(c), `clipboard ${i}`).toBeUndefined());
}

/** The hostile text as the screen shows it, once escaped (a prefix that fits in a row). */
const SHOWN = '\\e]0;pwned\\x07';

describe('the TUI shows hostile strings escaped and copies them escaped', () => {
  it('galleries, definitions, versions and a version with hostile regions; y and c', async () => {
    const r = open();
    await openHomeEntry(r, 'Galleries');
    await waitForText(r, `gal${SHOWN}`);
    await waitForText(r, `A gallery description${SHOWN}`);
    await pick(r, 'gal_hostile');
    await waitForText(r, 'Image definitions in ');
    await waitForText(r, `def${SHOWN}`);
    // The definition's own page: description, EULA, identifier, plan, features; then its snippet.
    await press(r, '/');
    await type(r, 'def-hostile');
    await press(r, KEY.enter);
    await press(r, 'i');
    await waitForText(r, 'Publisher/offer/SKU');
    expect(await readPage(r)).toContain(`A definition description${SHOWN}`);
    await press(r, 'c');
    await waitForText(r, 'Copied az CLI snippet');
    await press(r, 's');
    await waitForText(r, '[Bicep]');
    await press(r, 'c');
    await waitForText(r, 'Copied Bicep snippet');
    const copied = clipboard(r);
    expect(copied.at(-2)).toMatch(/--plan-name \$'plan-name\\x1b\]0;pwned\\x07/);
    expect(copied.at(-1)).toMatch(/^\/\/ Accept the plan's terms first: .*plan-publisher\\e\]0;pwned\\x07/m);
    await press(r, KEY.escape);
    // Back on the list, still filtered to def-hostile: open its versions.
    await waitForText(r, 'Image definitions in ');
    await press(r, KEY.enter);
    await waitForText(r, 'Versions of ');
    await waitForText(r, `3.0.0${SHOWN}`);
    // The version whose name is hostile: its id goes to the clipboard escaped.
    await pick(r, 'pwned');
    await waitForText(r, '  image version');
    await press(r, 'y');
    await waitForText(r, 'Copied version id');
    expect(clipboard(r).at(-1)).toContain(`/versions/3.0.0${SHOWN}`);
    await press(r, KEY.escape);
    await waitForText(r, 'Versions of ');
    // The list kept the filter: clear it, then pick 1.0.0.
    await press(r, '/');
    await press(r, KEY.escape);
    await waitForText(r, `3.0.0${SHOWN}`);
    await pick(r, '1.0.0');
    await waitForText(r, '  image version');
    const page = await readPage(r);
    expect(page).toContain(`region${SHOWN}`);
    expect(page).toContain(`Replication failed${SHOWN}`);
    expectNothingRaw(r);
  });

  it('my images: a hostile image name in the list, its page, y and c', async () => {
    const r = open();
    await openHomeEntry(r, 'My images');
    await waitForText(r, `img${SHOWN}`);
    await pick(r, 'pwned');
    await waitForText(r, 'managed image in rg-hostile');
    expect(await readPage(r)).toContain(`# VM from managed image img${SHOWN}`);
    await press(r, 'y');
    await waitForText(r, 'Copied image id');
    expect(clipboard(r).at(-1)).toContain(`/images/img${SHOWN}`);
    await press(r, 'c');
    await waitForText(r, 'Copied az CLI snippet');
    expect(clipboard(r).at(-1)).toMatch(/^# VM from managed image img\\e\]0;pwned\\x07/);
    expectNothingRaw(r);
  });

  it('marketplace: hostile region, publisher, offer and image facts; y copies escaped', async () => {
    const r = open({ location: 'hostileland' });
    await waitForText(r, 'Publishers in hostileland');
    await press(r, '/');
    await type(r, 'pwned');
    await waitForText(r, `publisher${SHOWN}`);
    await press(r, KEY.escape);
    await press(r, 'L');
    await waitForText(r, `Hostile Land${SHOWN}`);
    expectNothingRaw(r);
    cleanup();

    const offers = open({ location: 'eastus', publisher: 'Hostile.Test' });
    await waitForText(offers, `offer${SHOWN}`);
    await pick(offers, 'pwned');
    await waitForText(offers, 'hostile-sku');
    await press(offers, KEY.escape);
    await waitForText(offers, `offer${SHOWN}`);
    expectNothingRaw(offers);
    cleanup();

    const image = open({ location: 'eastus', publisher: 'Hostile.Test', offer: 'hostile-offer', sku: 'hostile-sku', version: 'latest' });
    await waitForText(image, 'Trusted Launch');
    const page = await readPage(image);
    expect(page).toContain(`alternative${SHOWN}`);
    await press(image, 'c');
    await waitForText(image, 'Copied az CLI snippet');
    expect(clipboard(image).at(-1)).toContain(`Suggested instead: offer alternative${SHOWN}`);
    await press(image, 'y');
    await waitForText(image, 'Copied URN');
    expectNothingRaw(image);
  });

  it('a hostile error text from Azure is shown escaped', async () => {
    demo.emulator.injectFault({ path: '/galleries', times: 100, response: armError(500, hostile('InternalError'), hostile('Something broke')) });
    const r = open();
    await openHomeEntry(r, 'Galleries');
    await waitForText(r, `Something broke${SHOWN}`);
    expectNothingRaw(r);
  });
});
