/**
 * One image version in full: its facts in plain words, warnings that matter before deploying
 * (plan terms, deprecation) and the snippets to create a VM from it. `s` switches snippet,
 * `y` copies the URN, `c` the snippet. An image with a plan shows whether its terms are accepted
 * in this subscription, with the license and privacy links; `a` accepts them after typing
 * `accept` (refused under --read-only). A deprecated image's alternative opens with `A`.
 */

import { useEffect, useMemo, useState } from 'react';
import { Text } from 'ink';
import { buildSnippets } from '../../domain/snippets.js';
import { formatUrn } from '../../domain/urn.js';
import { describeError, readOnlyRefusal } from '../../domain/errors.js';
import type { PlanTerms } from '../../domain/terms.js';
import { useAppContext, useScreenMemory } from '../context.js';
import { cacheKey, useResource } from '../data.js';
import { useTextInput } from '../components/input.js';
import type { Keymap } from '../keys.js';
import { route } from '../nav.js';
import { queries } from '../queries.js';
import { usePalette } from '../theme.js';
import { sanitize } from '../../domain/text.js';
import { COPY_SNIPPET_KEY, DetailFrame, LEAVE_KEYS, NEXT_SNIPPET_KEY, SCROLL_KEYS, useDetailDoc, type DetailCtx } from './detail.js';
import { imageDoc } from './image-doc.js';
import type { TermsKnowledge } from '../../domain/facts.js';
import type { Snippet } from '../../domain/snippets.js';
import type { ImageDetails } from '../../domain/types.js';
import { defineScreen, type ScreenProps } from './registry.js';

/** What the detail screen's keys act on. */
export interface ImageCtx extends DetailCtx {
  copyUrn(): void;
  acceptTerms(): void;
  openAlternative(): void;
}

export const IMAGE_KEYS: Keymap<ImageCtx> = [
  ...SCROLL_KEYS,
  { ...NEXT_SNIPPET_KEY, description: 'next snippet (az, Bicep, Terraform, ARM)' },
  { keys: ['y'], label: 'y', description: 'copy URN', action: (c) => c.copyUrn() },
  COPY_SNIPPET_KEY,
  ...LEAVE_KEYS,
];
/** Only on an image with a purchase plan. */
export const TERMS_KEY: Keymap<ImageCtx>[number] = { keys: ['a'], label: 'a', description: "accept the plan's terms (asks first)", action: (c) => c.acceptTerms() };
/** Only on an image that names an alternative. */
export const ALTERNATIVE_KEY: Keymap<ImageCtx>[number] = { keys: ['A'], label: 'A', description: 'open the alternative Azure names', action: (c) => c.openAlternative() };

const CONFIRM_WORD = 'accept';


type Dialog = { kind: 'none' } | { kind: 'confirm'; typed: string } | { kind: 'accepting' };

/** What the page is built from: the image, and what is known of its plan's terms here. */
interface ImagePage {
  img: ImageDetails;
  terms?: TermsKnowledge;
}

const pageSnippets = (p: ImagePage) => buildSnippets(p.img);
const pageDoc = (p: ImagePage, snippets: readonly Snippet[] | Error, index: number, width: number) => imageDoc(p.img, snippets, index, width, p.terms);

function ImageScreen({ params }: ScreenProps<'image'>) {
  const app = useAppContext();
  const palette = usePalette();
  const memory = useScreenMemory<number>('top');
  const query = queries.image(app.services.catalog, params.location, params.urn);
  const resource = useResource(query.key, query.load);
  const img = resource.status === 'ready' ? resource.data : undefined;
  const plan = img?.plan;
  const termsService = app.services.terms;
  const termsKey = plan ? cacheKey('terms', plan.publisher, plan.product, plan.name) : cacheKey('terms', 'none');
  const terms = useResource<PlanTerms>(termsKey, (signal) =>
    plan && termsService ? termsService.getTerms(plan, { signal }) : Promise.reject(new Error('no marketplace terms service')),
  );
  const [dialog, setDialog] = useState<Dialog>({ kind: 'none' });
  const { columns, bodyHeight } = app.layout;
  const termsState: TermsKnowledge | undefined =
    plan && termsService
      ? terms.status === 'ready'
        ? { status: 'ready', terms: terms.data }
        : terms.status === 'error'
          ? { status: 'error', message: `${sanitize(describeError(terms.error))} (r retries)` }
          : { status: 'loading' }
      : undefined;
  const termsData = terms.status === 'ready' ? terms.data : undefined;
  const termsError = terms.status === 'error' ? terms.error : undefined;
  // The document is rebuilt when the image or what Azure says about its terms changes.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const data = useMemo((): ImagePage | undefined => (img ? { img, terms: termsState } : undefined), [img, termsState?.status, termsData, termsError]);
  const detail = useDetailDoc({
    data,
    snippets: pageSnippets,
    doc: pageDoc,
    width: columns,
    height: bodyHeight - (dialog.kind === 'none' ? 0 : 1),
    initialTop: memory.saved,
  });
  const top = detail.scroll.top;
  // Saved after the render that showed it, for when the user comes back.
  useEffect(() => memory.save(top), [memory, top]);
  const alternative = img?.deprecation.alternative;

  const accept = async () => {
    if (!plan || !termsService) return;
    setDialog({ kind: 'accepting' });
    try {
      await termsService.acceptTerms(plan);
      app.notify(`Accepted the terms of plan ${sanitize(`${plan.publisher}/${plan.product}/${plan.name}`)} in this subscription.`, 'ok');
      terms.reload();
    } catch (e) {
      app.notify(sanitize(describeError(e)), 'error');
    } finally {
      setDialog({ kind: 'none' });
    }
  };

  useTextInput({
    value: dialog.kind === 'confirm' ? dialog.typed : '',
    onChange: (typed) => setDialog({ kind: 'confirm', typed }),
    onSubmit: (typed) => {
      if (typed.trim().toLowerCase() === CONFIRM_WORD) void accept();
      else setDialog({ kind: 'confirm', typed: '' });
    },
    onCancel: () => setDialog({ kind: 'none' }),
    isActive: dialog.kind === 'confirm',
  });

  const ctx: ImageCtx = {
    ...detail.actions,
    copyUrn: () => {
      if (img) app.copy(formatUrn(img.urn), 'URN');
    },
    reload: () => {
      resource.reload();
      if (plan) terms.reload();
    },
    acceptTerms: () => {
      if (!plan) return;
      if (app.connection.readOnly) {
        app.notify(sanitize(describeError(readOnlyRefusal(`the terms of plan ${plan.publisher}/${plan.product}/${plan.name} were not accepted`))), 'error');
        return;
      }
      if (terms.status === 'ready' && terms.data.accepted) {
        app.notify('These terms are already accepted in this subscription.');
        return;
      }
      setDialog({ kind: 'confirm', typed: '' });
    },
    openAlternative: () => {
      if (!img || !alternative) return;
      const { publisher, offer } = img.urn;
      app.navigate({
        type: 'push',
        route:
          alternative.type === 'Offer'
            ? route('skus', { location: params.location, publisher, offer: alternative.value })
            : route('versions', { location: params.location, publisher, offer, sku: alternative.value }),
      });
    },
  };
  const keymap: Keymap<ImageCtx> = [...IMAGE_KEYS, ...(plan && termsService ? [TERMS_KEY] : []), ...(alternative ? [ALTERNATIVE_KEY] : [])];

  const panel =
    dialog.kind === 'confirm' ? (
      <Text wrap="truncate-start">
        <Text {...palette.warning}>Type {CONFIRM_WORD} and Enter to accept the plan's terms in this subscription (Esc cancels): </Text>
        {sanitize(dialog.typed)}
        <Text inverse> </Text>
      </Text>
    ) : dialog.kind === 'accepting' ? (
      <Text {...palette.muted}>Accepting the terms…</Text>
    ) : undefined;

  return (
    <DetailFrame
      title={`Image ${sanitize(formatUrn(params.urn))}`}
      keymap={keymap}
      ctx={ctx}
      resource={resource}
      what={`image ${sanitize(formatUrn(params.urn))} in ${sanitize(params.location)}`}
      detail={detail}
      panel={panel}
      keysActive={dialog.kind === 'none'}
      dialogKeys={dialog.kind === 'confirm' ? [{ label: '⏎', description: `accept (after typing ${CONFIRM_WORD})` }, { label: 'Esc', description: 'cancel' }] : undefined}
    />
  );
}

export const imageScreen = defineScreen({
  id: 'image',
  crumb: (p) => p.urn.version,
  Component: ImageScreen,
});
