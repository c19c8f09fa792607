/**
 * Marketplace terms through the real @azure/arm-marketplaceordering client against the emulator:
 * a plan's terms read (not accepted, with the license and privacy links), accepted (a PUT), read
 * again as accepted; a plan no image carries is Azure's 404; under --read-only the accept is
 * refused before anything is sent (the emulator's request log holds no write).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAzureError } from '../../src/domain/errors.js';
import type { PurchasePlan } from '../../src/domain/types.js';
import { startDemoServices, type Demo } from '../support/services.js';

// RedHat's BYOS image carries this plan in the emulator's catalog (as in the real one).
const PLAN: PurchasePlan = { publisher: 'redhat', product: 'rhel-byos', name: 'rhel-lvm96-gen2' };

describe('marketplace terms', () => {
  let demo: Demo;
  beforeAll(async () => {
    demo = await startDemoServices();
  });
  afterAll(() => demo.stop());

  it('shows, accepts and shows again as accepted', async () => {
    const terms = demo.services.terms!;
    const before = await terms.getTerms(PLAN);
    expect(before).toMatchObject({ plan: PLAN, accepted: false });
    expect(before.licenseTextLink).toMatch(/^https:\/\//);
    expect(before.privacyPolicyLink).toMatch(/^https:\/\//);
    const reqs = demo.emulator.requests;
    const get = reqs.at(-1)!;
    expect(get.method).toBe('GET');
    expect(get.url).toMatch(/\/providers\/Microsoft\.MarketplaceOrdering\/offerTypes\/virtualmachine\/publishers\/redhat\/offers\/rhel-byos\/plans\/rhel-lvm96-gen2\/agreements\/current\?api-version=2021-01-01$/);

    const after = await terms.acceptTerms(PLAN);
    expect(after.accepted).toBe(true);
    expect(reqs.some((r) => r.method === 'PUT' && /agreements\/current/.test(r.url))).toBe(true);
    expect((await terms.getTerms(PLAN)).accepted).toBe(true);
  });

  it('a plan no image carries is Azure’s answer, not a crash', async () => {
    const err = await demo.services.terms!.getTerms({ publisher: 'redhat', product: 'rhel-byos', name: 'no-such-plan' }).catch((e) => e);
    expect(isAzureError(err)).toBe(true);
    expect(err.status).toBe(404);
    expect(err.message).toContain('no-such-plan');
  });
});

describe('marketplace terms under --read-only', () => {
  let demo: Demo;
  beforeAll(async () => {
    demo = await startDemoServices({ readOnly: true });
  });
  afterAll(() => demo.stop());

  it('reads the terms but refuses to accept them, sending no write', async () => {
    const terms = demo.services.terms!;
    expect((await terms.getTerms(PLAN)).accepted).toBe(false);
    const err = await terms.acceptTerms(PLAN).catch((e) => e);
    expect(isAzureError(err) && err.code).toBe('ReadOnlyMode');
    expect(err.message).toMatch(/read-only/);
    expect(demo.emulator.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });
});
