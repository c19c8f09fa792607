import { describe, expect, it } from 'vitest';
import {
  validateGalleryImageDefinitionName,
  validateGalleryImageVersionName,
  validateGalleryName,
  validateImageName,
  validateResourceGroupName,
  validateVmName,
} from '../../src/domain/names.js';

const x = (n: number, c = 'a') => c.repeat(n);

describe('validateImageName (Microsoft.Compute/images)', () => {
  it.each(['a', 'myImage2', 'img-2024.11_01', 'Ubuntu_', '0image', x(80)])('accepts %s', (n) => {
    expect(validateImageName(n)).toBeUndefined();
  });
  it.each([
    ['', 'The image name is empty; it needs 1–80 characters.'],
    [x(81), 'The image name is 81 characters; at most 80 are allowed.'],
    ['my image', 'The image name "my image" contains a space; image names use only letters, digits, underscores, periods and hyphens.'],
    ['img/1#', 'The image name "img/1#" contains "/", "#"; image names use only letters, digits, underscores, periods and hyphens.'],
    ['-image', 'The image name "-image" starts with "-"; it must start with a letter or digit.'],
    ['_image', 'The image name "_image" starts with "_"; it must start with a letter or digit.'],
    ['image.', 'The image name "image." ends with "."; it must end with a letter, digit or underscore.'],
    ['image-', 'The image name "image-" ends with "-"; it must end with a letter, digit or underscore.'],
  ])('rejects %j', (n, message) => {
    expect(validateImageName(n)).toBe(message);
  });
});

describe('validateGalleryName (Microsoft.Compute/galleries)', () => {
  it.each(['g', 'myGallery', 'my.gallery', 'my_gallery_01', x(80)])('accepts %s', (n) => {
    expect(validateGalleryName(n)).toBeUndefined();
  });
  it.each([
    ['', 'The gallery name is empty; it needs 1–80 characters.'],
    [x(81), 'The gallery name is 81 characters; at most 80 are allowed.'],
    [
      'my-gallery',
      'The gallery name "my-gallery" contains "-"; gallery names cannot contain hyphens (use letters, digits, periods and underscores, e.g. "my_gallery").',
    ],
    ['my gallery', 'The gallery name "my gallery" contains a space; gallery names use only letters, digits, periods and underscores (no hyphens).'],
    ['.gallery', 'The gallery name ".gallery" starts with "."; it must start with a letter or digit.'],
    ['gallery_', 'The gallery name "gallery_" ends with "_"; it must end with a letter or digit.'],
  ])('rejects %j', (n, message) => {
    expect(validateGalleryName(n)).toBe(message);
  });
});

describe('validateGalleryImageDefinitionName (galleries/images)', () => {
  it.each(['ubuntu-24.04-web', 'Win_2022', 'a', x(80)])('accepts %s', (n) => {
    expect(validateGalleryImageDefinitionName(n)).toBeUndefined();
  });
  it.each([
    ['', 'The image definition name is empty; it needs 1–80 characters.'],
    [x(81), 'The image definition name is 81 characters; at most 80 are allowed.'],
    ['web/app', 'The image definition name "web/app" contains "/"; image definition names use only letters, digits, hyphens, periods and underscores.'],
    ['-web', 'The image definition name "-web" starts with "-"; it must start with a letter or digit.'],
    ['web.', 'The image definition name "web." ends with "."; it must end with a letter or digit.'],
  ])('rejects %j', (n, message) => {
    expect(validateGalleryImageDefinitionName(n)).toBe(message);
  });
});

describe('validateGalleryImageVersionName (galleries/images/versions)', () => {
  it.each(['1.0.0', '0.0.1', '2024.11.7', '2147483647.2147483647.2147483647'])('accepts %s', (n) => {
    expect(validateGalleryImageVersionName(n)).toBeUndefined();
  });
  it.each([
    ['', 'The image version is empty; a gallery image version is Major.Minor.Patch, three whole numbers such as 1.0.0.'],
    ['1.0', 'The image version "1.0" has 2 parts; a gallery image version is Major.Minor.Patch, three whole numbers such as 1.0.0.'],
    ['1.0.0.0', 'The image version "1.0.0.0" has 4 parts; a gallery image version is Major.Minor.Patch, three whole numbers such as 1.0.0.'],
    ['1..0', 'The image version "1..0" has an empty Minor part; a gallery image version is Major.Minor.Patch, three whole numbers such as 1.0.0.'],
    ['v1.0.0', 'The image version "v1.0.0" contains "v"; a gallery image version is Major.Minor.Patch, three whole numbers such as 1.0.0 (digits and periods only).'],
    ['1.0.0-beta', 'The image version "1.0.0-beta" contains "-", "b", "e", …; a gallery image version is Major.Minor.Patch, three whole numbers such as 1.0.0 (digits and periods only).'],
    ['latest', 'The image version "latest" contains "l", "a", "t", …; a gallery image version is Major.Minor.Patch, three whole numbers such as 1.0.0 (digits and periods only).'],
    ['1.2147483648.0', 'The image version "1.2147483648.0": Minor 2147483648 is larger than 2147483647, the most Azure allows.'],
  ])('rejects %j', (n, message) => {
    expect(validateGalleryImageVersionName(n)).toBe(message);
  });
});

describe('validateResourceGroupName', () => {
  it.each(['rg', 'my-rg_01', 'rg.(prod)', 'grupo-producción', 'リソース', x(90)])('accepts %s', (n) => {
    expect(validateResourceGroupName(n)).toBeUndefined();
  });
  it.each([
    ['', 'The resource group name is empty; it needs 1–90 characters.'],
    [x(91), 'The resource group name is 91 characters; at most 90 are allowed.'],
    ['my rg', 'The resource group name "my rg" contains a space; resource group names use only letters, digits, underscores, hyphens, periods and parentheses.'],
    ['rg/1', 'The resource group name "rg/1" contains "/"; resource group names use only letters, digits, underscores, hyphens, periods and parentheses.'],
    ['rg.', 'The resource group name "rg." ends with "."; it must end with something other than a period.'],
  ])('rejects %j', (n, message) => {
    expect(validateResourceGroupName(n)).toBe(message);
  });
});

describe('validateVmName', () => {
  it.each([
    ['vm-generalize', undefined],
    ['web.01', 'Linux'],
    [x(64), 'Linux'],
    [x(15), 'Windows'],
    ['win-01', 'Windows'],
  ] as const)('accepts %s (%s)', (n, os) => {
    expect(validateVmName(n, os)).toBeUndefined();
  });
  it.each([
    ['', undefined, 'The VM name is empty; it needs 1–64 characters.'],
    [x(65), 'Linux', 'The VM name is 65 characters; at most 64 are allowed.'],
    [x(16), 'Windows', 'The VM name is 16 characters; at most 15 are allowed. (Windows VM names are limited to 15 by the computer name.)'],
    ['my vm', undefined, 'The VM name "my vm" contains a space; VM names cannot contain spaces or any of \\ / " [ ] : | < > + = ; , ? * @ & # %.'],
    ['vm@1&2', undefined, 'The VM name "vm@1&2" contains "@", "&"; VM names cannot contain spaces or any of \\ / " [ ] : | < > + = ; , ? * @ & # %.'],
    ['_vm', undefined, 'The VM name "_vm" starts with "_"; it cannot start with an underscore.'],
    ['vm.', undefined, 'The VM name "vm." ends with "."; it cannot end with a period or hyphen.'],
    ['vm-', 'Linux', 'The VM name "vm-" ends with "-"; it cannot end with a period or hyphen.'],
    ['12345', 'Windows', 'The VM name "12345" is all digits; a Windows computer name needs at least one letter or hyphen.'],
  ] as const)('rejects %j (%s)', (n, os, message) => {
    expect(validateVmName(n, os)).toBe(message);
  });
});
