/**
 * Small, strict readers for the subsets of bash, Bicep and HCL that the snippets use. They reject
 * anything malformed (unbalanced quotes or braces, a property without a value, a stray token), so
 * a snippet that reads back is well-formed, and the tests can then check its structure.
 */

// ------------------------------------------------------------------------------------------------
// bash: az commands with `\` continuations and POSIX quoting

/** Splits a bash snippet into commands (comments and blank lines dropped), each as argv words. */
export function readBash(text: string): string[][] {
  const commands: string[][] = [];
  let pending = '';
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (pending === '' && (line.trim() === '' || line.trimStart().startsWith('#'))) return;
    if (line.endsWith(' \\')) {
      pending += `${line.slice(0, -2)} `;
      if (i === lines.length - 1) throw new Error('continuation on the last line');
      return;
    }
    if (line.trimStart().startsWith('#')) throw new Error(`comment inside a continued command at line ${i + 1}`);
    commands.push(shellWords(pending + line));
    pending = '';
  });
  if (pending !== '') throw new Error('unterminated continuation');
  return commands;
}

/** POSIX word splitting for one command line; throws on unbalanced quotes or shell operators. */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let cur: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unbalanced single quote in: ${line}`);
      cur = (cur ?? '') + line.slice(i + 1, end);
      i = end;
    } else if (c === '\\') {
      if (i + 1 >= line.length) throw new Error('dangling backslash');
      cur = (cur ?? '') + line[i + 1];
      i++;
    } else if (c === ' ' || c === '\t') {
      if (cur !== undefined) words.push(cur);
      cur = undefined;
    } else if (c === '#' && cur === undefined) {
      break; // a comment runs to the end of the line
    } else if (/[;&|<>()$`"*?![\]{}]/.test(c)) {
      throw new Error(`unquoted shell metacharacter ${c} in: ${line}`);
    } else {
      cur = (cur ?? '') + c;
    }
  }
  if (cur !== undefined) words.push(cur);
  return words;
}

/** `--flag value` pairs (and bare `--flag`s as `true`) of an argv after its first `n` words. */
export function flags(argv: string[], skip: number): Map<string, string | true> {
  const out = new Map<string, string | true>();
  for (let i = skip; i < argv.length; i++) {
    const w = argv[i] as string;
    if (!w.startsWith('--')) throw new Error(`expected a --flag, got ${w}`);
    if (out.has(w)) throw new Error(`flag ${w} given twice`);
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) out.set(w, true);
    else {
      out.set(w, next);
      i++;
    }
  }
  return out;
}

// ------------------------------------------------------------------------------------------------
// Shared tokenizer for Bicep and HCL

interface Tok {
  t: 'id' | 'str' | 'num' | 'punct' | 'nl';
  v: string;
  line: number;
}

function tokenize(text: string, lang: 'bicep' | 'hcl'): Tok[] {
  const out: Tok[] = [];
  let line = 1;
  let i = 0;
  const quote = lang === 'bicep' ? "'" : '"';
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '\n') {
      out.push({ t: 'nl', v: '\n', line });
      line++;
      i++;
    } else if (c === ' ' || c === '\t') i++;
    else if ((lang === 'bicep' && text.startsWith('//', i)) || (lang === 'hcl' && (c === '#' || text.startsWith('//', i)))) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === quote) {
      let v = '';
      i++;
      for (;;) {
        if (i >= text.length || text[i] === '\n') throw new Error(`unterminated string on line ${line}`);
        const d = text[i] as string;
        if (d === quote) break;
        if (d === '\\') {
          const e = text[i + 1];
          const map: Record<string, string> = { n: '\n', t: '\t', '\\': '\\', "'": "'", '"': '"', $: '$' };
          if (e === undefined || !(e in map)) throw new Error(`bad escape \\${e} on line ${line}`);
          v += map[e];
          i += 2;
          continue;
        }
        if (lang === 'bicep' && text.startsWith('${', i)) throw new Error(`interpolation in a Bicep string on line ${line}`);
        if (lang === 'hcl' && (text.startsWith('$${', i) || text.startsWith('%%{', i))) {
          v += `${d}{`; // the escape for a literal `${` / `%{`
          i += 3;
          continue;
        }
        if (lang === 'hcl' && (text.startsWith('${', i) || text.startsWith('%{', i))) {
          throw new Error(`template interpolation in an HCL string on line ${line}`);
        }
        v += d;
        i++;
      }
      i++;
      out.push({ t: 'str', v, line });
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i;
      while (j < text.length && /[A-Za-z0-9_-]/.test(text[j] as string)) j++;
      out.push({ t: 'id', v: text.slice(i, j), line });
      i = j;
    } else if (/[0-9]/.test(c)) {
      let j = i;
      while (j < text.length && /[0-9.]/.test(text[j] as string)) j++;
      out.push({ t: 'num', v: text.slice(i, j), line });
      i = j;
    } else if ('{}[]()=:,.@'.includes(c)) {
      out.push({ t: 'punct', v: c, line });
      i++;
    } else throw new Error(`unexpected character ${JSON.stringify(c)} on line ${line}`);
  }
  out.push({ t: 'nl', v: '\n', line });
  return out;
}

class Cursor {
  i = 0;
  constructor(readonly toks: Tok[]) {}
  peek(): Tok | undefined {
    return this.toks[this.i];
  }
  next(): Tok {
    const t = this.toks[this.i++];
    if (!t) throw new Error('unexpected end of input');
    return t;
  }
  expect(t: Tok['t'], v?: string): Tok {
    const tok = this.next();
    if (tok.t !== t || (v !== undefined && tok.v !== v)) {
      throw new Error(`line ${tok.line}: expected ${v ?? t}, got ${JSON.stringify(tok.v)}`);
    }
    return tok;
  }
  skipNl(): void {
    while (this.peek()?.t === 'nl') this.i++;
  }
  atEnd(): boolean {
    this.skipNl();
    return this.i >= this.toks.length;
  }
}

// ------------------------------------------------------------------------------------------------
// Bicep

/** A reference to a symbol (parameter) in Bicep, or a traversal / call in HCL. */
export interface Ref {
  ref: string;
}
export type Parsed = string | number | boolean | Ref | Parsed[] | { [k: string]: Parsed };

export interface BicepFile {
  params: Record<string, { type: string; default?: Parsed }>;
  resources: Record<string, { type: string; body: { [k: string]: Parsed } }>;
}

function bicepValue(c: Cursor): Parsed {
  const t = c.next();
  if (t.t === 'str') return t.v;
  if (t.t === 'num') return Number(t.v);
  if (t.t === 'id') return t.v === 'true' ? true : t.v === 'false' ? false : { ref: t.v };
  if (t.t === 'punct' && t.v === '{') {
    c.expect('nl'); // Bicep objects put each property on its own line
    const obj: { [k: string]: Parsed } = {};
    for (;;) {
      c.skipNl();
      if (c.peek()?.t === 'punct' && c.peek()?.v === '}') {
        c.next();
        return obj;
      }
      const key = c.next();
      if (key.t !== 'id' && key.t !== 'str') throw new Error(`line ${key.line}: expected a property name`);
      if (key.v in obj) throw new Error(`line ${key.line}: duplicate property ${key.v}`);
      c.expect('punct', ':');
      obj[key.v] = bicepValue(c);
      c.expect('nl');
    }
  }
  if (t.t === 'punct' && t.v === '[') {
    c.expect('nl');
    const arr: Parsed[] = [];
    for (;;) {
      c.skipNl();
      if (c.peek()?.t === 'punct' && c.peek()?.v === ']') {
        c.next();
        return arr;
      }
      arr.push(bicepValue(c));
      c.expect('nl');
    }
  }
  throw new Error(`line ${t.line}: unexpected ${JSON.stringify(t.v)}`);
}

export function readBicep(text: string): BicepFile {
  const c = new Cursor(tokenize(text, 'bicep'));
  const file: BicepFile = { params: {}, resources: {} };
  while (!c.atEnd()) {
    const kw = c.expect('id');
    if (kw.v === 'param') {
      const name = c.expect('id').v;
      const type = c.expect('id').v;
      const p: { type: string; default?: Parsed } = { type };
      if (c.peek()?.t === 'punct' && c.peek()?.v === '=') {
        c.next();
        p.default = bicepValue(c);
      }
      file.params[name] = p;
    } else if (kw.v === 'resource') {
      const name = c.expect('id').v;
      const type = c.expect('str').v;
      if (!/^[A-Za-z.]+\/[A-Za-z]+@\d{4}-\d{2}-\d{2}(-preview)?$/.test(type)) throw new Error(`bad resource type ${type}`);
      c.expect('punct', '=');
      const body = bicepValue(c);
      if (typeof body !== 'object' || Array.isArray(body) || 'ref' in body) throw new Error('resource body is not an object');
      file.resources[name] = { type, body: body as { [k: string]: Parsed } };
    } else throw new Error(`line ${kw.line}: unexpected statement ${kw.v}`);
    c.expect('nl');
  }
  // Every symbol used must be declared.
  const walk = (v: Parsed): void => {
    if (typeof v !== 'object') return;
    if (Array.isArray(v)) return v.forEach(walk);
    if ('ref' in v && typeof v.ref === 'string' && Object.keys(v).length === 1) {
      if (!(v.ref in file.params)) throw new Error(`undeclared symbol ${v.ref}`);
      return;
    }
    Object.values(v).forEach(walk);
  };
  Object.values(file.resources).forEach((r) => walk(r.body));
  return file;
}

// ------------------------------------------------------------------------------------------------
// HCL (Terraform)

export interface HclBlock {
  type: string;
  labels: string[];
  attrs: Record<string, Parsed>;
  blocks: HclBlock[];
}

function hclExpr(c: Cursor): Parsed {
  const t = c.next();
  if (t.t === 'str') return t.v;
  if (t.t === 'num') return Number(t.v);
  if (t.t === 'id') {
    if (t.v === 'true' || t.v === 'false') return t.v === 'true';
    if (c.peek()?.t === 'punct' && c.peek()?.v === '(') {
      c.next();
      const args: Parsed[] = [];
      while (!(c.peek()?.t === 'punct' && c.peek()?.v === ')')) {
        args.push(hclExpr(c));
        if (c.peek()?.t === 'punct' && c.peek()?.v === ',') c.next();
      }
      c.next();
      return { ref: `${t.v}(${args.map((a) => JSON.stringify(a)).join(',')})` };
    }
    let path = t.v;
    while (c.peek()?.t === 'punct' && c.peek()?.v === '.') {
      c.next();
      path += `.${c.expect('id').v}`;
    }
    return { ref: path };
  }
  if (t.t === 'punct' && t.v === '[') {
    const arr: Parsed[] = [];
    for (;;) {
      c.skipNl();
      if (c.peek()?.t === 'punct' && c.peek()?.v === ']') {
        c.next();
        return arr;
      }
      arr.push(hclExpr(c));
      c.skipNl();
      const sep = c.peek();
      if (sep?.t === 'punct' && sep.v === ',') c.next();
      else if (!(sep?.t === 'punct' && sep.v === ']')) throw new Error(`line ${sep?.line}: expected , or ]`);
    }
  }
  throw new Error(`line ${t.line}: unexpected ${JSON.stringify(t.v)}`);
}

function hclBody(c: Cursor, closing: boolean): { attrs: Record<string, Parsed>; blocks: HclBlock[] } {
  const attrs: Record<string, Parsed> = {};
  const blocks: HclBlock[] = [];
  for (;;) {
    c.skipNl();
    const t = c.peek();
    if (!t) {
      if (closing) throw new Error('unclosed block');
      return { attrs, blocks };
    }
    if (t.t === 'punct' && t.v === '}') {
      if (!closing) throw new Error(`line ${t.line}: stray }`);
      c.next();
      return { attrs, blocks };
    }
    const name = c.expect('id').v;
    if (c.peek()?.t === 'punct' && c.peek()?.v === '=') {
      c.next();
      if (name in attrs) throw new Error(`line ${t.line}: duplicate attribute ${name}`);
      attrs[name] = hclExpr(c);
      c.expect('nl');
      continue;
    }
    const labels: string[] = [];
    while (c.peek()?.t === 'str') labels.push(c.next().v);
    c.expect('punct', '{');
    c.expect('nl');
    const inner = hclBody(c, true);
    c.expect('nl');
    blocks.push({ type: name, labels, ...inner });
  }
}

export function readHcl(text: string): HclBlock[] {
  const c = new Cursor(tokenize(text, 'hcl'));
  const body = hclBody(c, false);
  if (Object.keys(body.attrs).length > 0) throw new Error('attributes at top level');
  return body.blocks;
}

/** True when, within each run of consecutive attribute lines, the `=` signs line up (terraform fmt). */
export function hclAligned(text: string): boolean {
  let col: number | undefined;
  let indent: string | undefined;
  for (const line of text.split('\n')) {
    const m = /^(\s*)[A-Za-z_][A-Za-z0-9_]*(\s*)=\s/.exec(line);
    if (!m) {
      col = undefined;
      continue;
    }
    const at = line.indexOf('=');
    if (col !== undefined && indent === m[1] && at !== col) return false;
    col = at;
    indent = m[1];
  }
  return true;
}
