/**
 * One image version in full: its facts in plain words, warnings that matter before deploying
 * (plan terms, deprecation) and the snippets to create a VM from it. `s` switches snippet,
 * `y` copies the URN, `c` the snippet.
 */

import { useEffect } from 'react';
import { buildSnippets } from '../../domain/snippets.js';
import type { ImageDetails } from '../../domain/types.js';
import { formatUrn } from '../../domain/urn.js';
import { useAppContext, useScreenMemory } from '../context.js';
import { useResource } from '../data.js';
import type { Keymap } from '../keys.js';
import { queries } from '../queries.js';
import { sanitize } from '../../domain/text.js';
import { COPY_SNIPPET_KEY, DetailFrame, LEAVE_KEYS, NEXT_SNIPPET_KEY, SCROLL_KEYS, useDetailDoc, type DetailCtx } from './detail.js';
import { imageDoc } from './image-doc.js';
import { defineScreen, type ScreenProps } from './registry.js';

/** What the detail screen's keys act on. */
export interface ImageCtx extends DetailCtx {
  copyUrn(): void;
}

export const IMAGE_KEYS: Keymap<ImageCtx> = [
  ...SCROLL_KEYS,
  { ...NEXT_SNIPPET_KEY, description: 'next snippet (az, Bicep, Terraform, ARM)' },
  { keys: ['y'], label: 'y', description: 'copy URN', action: (c) => c.copyUrn() },
  COPY_SNIPPET_KEY,
  ...LEAVE_KEYS,
];

const imageSnippets = (img: ImageDetails) => buildSnippets(img);

function ImageScreen({ params }: ScreenProps<'image'>) {
  const app = useAppContext();
  const memory = useScreenMemory<number>('top');
  const query = queries.image(app.services.catalog, params.location, params.urn);
  const resource = useResource(query.key, query.load);
  const img = resource.status === 'ready' ? resource.data : undefined;
  const { columns, bodyHeight } = app.layout;
  const detail = useDetailDoc({ data: img, snippets: imageSnippets, doc: imageDoc, width: columns, height: bodyHeight, initialTop: memory.saved });
  const top = detail.scroll.top;
  // Saved after the render that showed it, for when the user comes back.
  useEffect(() => memory.save(top), [memory, top]);

  const ctx: ImageCtx = {
    ...detail.actions,
    copyUrn: () => {
      if (img) app.copy(formatUrn(img.urn), 'URN');
    },
    reload: resource.reload,
  };

  return (
    <DetailFrame
      title={`Image ${sanitize(formatUrn(params.urn))}`}
      keymap={IMAGE_KEYS}
      ctx={ctx}
      resource={resource}
      what={`image ${sanitize(formatUrn(params.urn))} in ${sanitize(params.location)}`}
      detail={detail}
    />
  );
}

export const imageScreen = defineScreen({
  id: 'image',
  crumb: (p) => p.urn.version,
  Component: ImageScreen,
});
