/**
 * Every screen the app knows, in one list. To add one: write its file (a `defineScreen(...)`
 * and, for new ids, a `ScreenParamsMap` augmentation), then add it here. A `home` entry on the
 * definition puts it on the start menu, replacing the placeholder of the same label below.
 */
import { homeScreen } from './home.js';
import { imageScreen } from './image.js';
import { locationsScreen } from './locations.js';
import { offersScreen, publishersScreen, skusScreen, versionsScreen } from './marketplace.js';
import { createRegistry, type AnyScreenDef, type HomeItem } from './registry.js';
import { IMAGE_SCREENS } from './images.js';
import { GALLERY_SCREENS } from './galleries.js';
import { captureScreen } from './capture.js';
import { subscriptionsScreen } from './subscriptions.js';
import { searchScreen } from './search.js';

export const SCREENS: readonly AnyScreenDef[] = [
  homeScreen,
  locationsScreen,
  publishersScreen,
  offersScreen,
  skusScreen,
  versionsScreen,
  imageScreen,
  ...IMAGE_SCREENS,
  ...GALLERY_SCREENS,
  captureScreen,
  subscriptionsScreen,
  searchScreen,
];

/** Home entries whose screens are still to come; shown greyed out until a screen claims the label. */
export const PLANNED: readonly HomeItem[] = [
  { label: 'My images', description: 'managed images in this subscription', order: 30 },
  { label: 'Galleries', description: 'Azure Compute Gallery definitions and versions', order: 40 },
  { label: 'Capture', description: 'make an image from a VM', order: 50 },
];

export function defaultRegistry() {
  return createRegistry(SCREENS, PLANNED);
}
