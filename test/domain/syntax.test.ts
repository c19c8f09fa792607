// The snippet tests lean on these readers, so they must refuse malformed text, not just read good text.
import { describe, expect, it } from 'vitest';
import { flags, hclAligned, readBash, readBicep, readHcl, shellWords } from './syntax.js';

describe('bash reader', () => {
  it('reads continued commands with quoting', () => {
    expect(readBash("# c\naz vm create \\\n  --name 'a b' \\\n  --x it\\'s\n\naz version")).toEqual([
      ['az', 'vm', 'create', '--name', 'a b', '--x', "it's"],
      ['az', 'version'],
    ]);
    expect(Object.fromEntries(flags(['az', 'x', '--a', '1', '--b'], 2))).toEqual({ '--a': '1', '--b': true });
  });
  it.each([
    ["az --name 'open", /unbalanced single quote/],
    ['az --name a;b', /metacharacter ;/],
    ['az --name $(id)', /metacharacter \$/],
    ['az \\\n  --x 1 \\', /continuation on the last line/],
    ['az \\\n# comment\n  --x 1', /comment inside a continued command/],
  ])('rejects %j', (text, err) => {
    expect(() => readBash(text)).toThrow(err);
  });
  it('rejects a repeated flag', () => {
    expect(() => flags(shellWords('az x --a 1 --a 2'), 2)).toThrow(/given twice/);
  });
});

describe('Bicep reader', () => {
  const good = "param p string = 'x'\n\nresource r 'A.B/cs@2024-07-01' = {\n  name: p\n  props: {\n    on: true\n  }\n}";
  it('reads params and resources', () => {
    expect(readBicep(good)).toEqual({
      params: { p: { type: 'string', default: 'x' } },
      resources: { r: { type: 'A.B/cs@2024-07-01', body: { name: { ref: 'p' }, props: { on: true } } } },
    });
  });
  it.each([
    ["resource r 'A.B/cs@2024-07-01' = { name: 'x' }", /expected nl/],
    ["param p string = 'x", /unterminated string/],
    ["resource r 'A.B/cs@2024-07-01' = {\n  name: q\n}", /undeclared symbol q/],
    ["param p string = 'a${b}'", /interpolation/],
    ["resource r 'A.B/cs@2024-07-01' = {\n  name: 'a'\n", /unexpected end|expected/],
    ["resource r 'A.B/cs@2024-07-01' = {\n  a: 'x'\n  a: 'y'\n}", /duplicate property a/],
    ["resource r 'nope' = {\n}", /bad resource type/],
  ])('rejects %j', (text, err) => {
    expect(() => readBicep(text)).toThrow(err);
  });
});

describe('HCL reader', () => {
  it('reads blocks, attributes, references, calls and lists', () => {
    expect(readHcl('resource "t" "n" {\n  a = "x$${y}"\n  b = [x.y.id]\n  k = file("~/k")\n\n  inner {\n    c = true\n  }\n}')).toEqual([
      {
        type: 'resource',
        labels: ['t', 'n'],
        attrs: { a: 'x${y}', b: [{ ref: 'x.y.id' }], k: { ref: 'file("~/k")' } },
        blocks: [{ type: 'inner', labels: [], attrs: { c: true }, blocks: [] }],
      },
    ]);
  });
  it.each([
    ['resource "t" "n" {\n  a = "x"\n', /unclosed block/],
    ['resource "t" "n" {\n  a = "${var.x}"\n}', /template interpolation/],
    ['resource "t" "n" {\n  a = \n}', /unexpected/],
    ['a = "top"', /attributes at top level/],
    ['resource "t" "n" {\n  a = "1"\n  a = "2"\n}', /duplicate attribute a/],
  ])('rejects %j', (text, err) => {
    expect(() => readHcl(text)).toThrow(err);
  });
  it('checks terraform fmt alignment', () => {
    expect(hclAligned('b {\n  a   = 1\n  bcd = 2\n}')).toBe(true);
    expect(hclAligned('b {\n  a = 1\n  bcd = 2\n}')).toBe(false);
  });
});
