/**
 * Compares two versions of a policy: sections by key, clauses by number, and the text of what
 * changed word by word (longest common subsequence over words, our own implementation).
 */
import type { RulebookClause } from '../rulebook.ts';
import type { PolicyDocument, PolicySection } from './policy.types.ts';

export interface WordChange {
  op: 'equal' | 'insert' | 'delete';
  /** Words with the whitespace after them: the equal and insert runs rebuild the newer text. */
  text: string;
}

export type ChangeStatus = 'added' | 'removed' | 'changed' | 'unchanged';

export interface SectionDiff {
  key: string;
  status: ChangeStatus;
  /** Title in the newer version (in the older one for removed sections). */
  title: string;
  /** Word diff of the title, when it changed. */
  titleChanges: WordChange[] | null;
  /** Word diff of the body, for changed sections; empty otherwise. */
  bodyChanges: WordChange[];
}

export type ClauseField = 'title' | 'category' | 'action' | 'text' | 'sanctions';

export interface ClauseDiff {
  number: string;
  status: ChangeStatus;
  title: string;
  /** Which fields differ, for changed clauses. */
  fields: ClauseField[];
  /** Word diff of the text, when it changed. */
  textChanges: WordChange[];
}

export interface PolicyDiff {
  /** True when anything differs. */
  changed: boolean;
  titleChanges: WordChange[] | null;
  /** In the newer document's order; removed sections stay where they were. */
  sections: SectionDiff[];
  /** Clauses of the external policies, by number; empty for internal ones. */
  clauses: ClauseDiff[];
  /** Whether the moderation hours (external policy) differ. */
  hoursChanged: boolean;
  /** Whether the list of official channels (external policy) differs. */
  channelsChanged: boolean;
}

/** Above this many cells the LCS table would be too big: the middle is replaced wholesale. */
const MAX_CELLS = 4_000_000;

/** Words, punctuation runs and whitespace runs: "media." → "media", "." */
const tokenize = (s: string): string[] =>
  s.match(/\s+|[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*|[^\s\p{L}\p{N}]+/gu) ?? [];

function push(out: WordChange[], op: WordChange['op'], text: string): void {
  const last = out[out.length - 1];
  if (last && last.op === op) last.text += text;
  else out.push({ op, text });
}

/** Word-level diff of two texts: equal, deleted and inserted runs, in reading order. */
export function diffWords(a: string, b: string): WordChange[] {
  const x = tokenize(a);
  const y = tokenize(b);
  const same = (i: number, j: number): boolean => x[i] === y[j];
  // Common prefix and suffix cost nothing and keep the table small.
  let pre = 0;
  while (pre < x.length && pre < y.length && same(pre, pre)) pre += 1;
  let suf = 0;
  while (
    suf < x.length - pre &&
    suf < y.length - pre &&
    same(x.length - 1 - suf, y.length - 1 - suf)
  ) {
    suf += 1;
  }
  const out: WordChange[] = [];
  for (let i = 0; i < pre; i += 1) push(out, 'equal', y[i] ?? '');
  const xs = x.slice(pre, x.length - suf);
  const ys = y.slice(pre, y.length - suf);
  for (const c of lcsMiddle(xs, ys)) push(out, c.op, c.text);
  for (let j = y.length - suf; j < y.length; j += 1) push(out, 'equal', y[j] ?? '');
  return cleanup(out);
}

/**
 * Readable runs: a lone space kept "equal" between two changes is folded into them, and each
 * run of changes becomes one deletion followed by one insertion ("[-a b-][+c d+]", not
 * "[-a-][+c+] [-b-][+d+]").
 */
function cleanup(ops: WordChange[]): WordChange[] {
  const out: WordChange[] = [];
  let del = '';
  let ins = '';
  const flush = (): void => {
    if (del !== '') out.push({ op: 'delete', text: del });
    if (ins !== '') out.push({ op: 'insert', text: ins });
    del = '';
    ins = '';
  };
  ops.forEach((op, i) => {
    const between = i > 0 && i < ops.length - 1 && (del !== '' || ins !== '');
    if (op.op === 'equal' && between && op.text.trim() === '') {
      del += op.text;
      ins += op.text;
    } else if (op.op === 'equal') {
      flush();
      push(out, 'equal', op.text);
    } else if (op.op === 'delete') {
      del += op.text;
    } else {
      ins += op.text;
    }
  });
  flush();
  return out;
}

function lcsMiddle(xs: string[], ys: string[]): WordChange[] {
  const n = xs.length;
  const m = ys.length;
  const out: WordChange[] = [];
  if ((n + 1) * (m + 1) > MAX_CELLS) {
    for (const t of xs) push(out, 'delete', t);
    for (const t of ys) push(out, 'insert', t);
    return out;
  }
  const xt = xs;
  const yt = ys;
  // len[i][j] = LCS length of xs[i..] and ys[j..], flattened row by row.
  const w = m + 1;
  const len = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i -= 1) {
    for (let j = m - 1; j >= 0; j -= 1) {
      len[i * w + j] =
        xt[i] === yt[j]
          ? (len[(i + 1) * w + j + 1] ?? 0) + 1
          : Math.max(len[(i + 1) * w + j] ?? 0, len[i * w + j + 1] ?? 0);
    }
  }
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (xt[i] === yt[j]) {
      push(out, 'equal', ys[j] ?? '');
      i += 1;
      j += 1;
    } else if ((len[(i + 1) * w + j] ?? 0) >= (len[i * w + j + 1] ?? 0)) {
      push(out, 'delete', xs[i] ?? '');
      i += 1;
    } else {
      push(out, 'insert', ys[j] ?? '');
      j += 1;
    }
  }
  for (; i < n; i += 1) push(out, 'delete', xs[i] ?? '');
  for (; j < m; j += 1) push(out, 'insert', ys[j] ?? '');
  return out;
}

const titleDiff = (a: string, b: string): WordChange[] | null => (a === b ? null : diffWords(a, b));

function diffSections(a: PolicySection[], b: PolicySection[]): SectionDiff[] {
  const inA = new Map(a.map((s) => [s.key, s]));
  const inB = new Set(b.map((s) => s.key));
  const result: SectionDiff[] = b.map((s) => {
    const old = inA.get(s.key);
    if (!old) return { key: s.key, status: 'added', title: s.title, titleChanges: null, bodyChanges: [] };
    const changed = old.title !== s.title || old.body !== s.body;
    return {
      key: s.key,
      status: changed ? 'changed' : 'unchanged',
      title: s.title,
      titleChanges: titleDiff(old.title, s.title),
      bodyChanges: changed && old.body !== s.body ? diffWords(old.body, s.body) : [],
    };
  });
  // Put each removed section after the nearest earlier section that still exists.
  a.forEach((s, idx) => {
    if (inB.has(s.key)) return;
    const removed: SectionDiff = { key: s.key, status: 'removed', title: s.title, titleChanges: null, bodyChanges: [] };
    const prev = a.slice(0, idx).reverse().find((p) => inB.has(p.key) || result.some((r) => r.key === p.key));
    const at = prev ? result.findIndex((r) => r.key === prev.key) + 1 : 0;
    result.splice(at, 0, removed);
  });
  return result;
}

const sanctionsKey = (c: RulebookClause): string =>
  JSON.stringify([c.sanctions?.warnAfter, c.sanctions?.blockAfter, c.sanctions?.windowDays]);

function diffClauses(a: RulebookClause[], b: RulebookClause[]): ClauseDiff[] {
  const inA = new Map(a.map((c) => [c.number, c]));
  const inB = new Set(b.map((c) => c.number));
  const result: ClauseDiff[] = b.map((c) => {
    const old = inA.get(c.number);
    if (!old) return { number: c.number, status: 'added', title: c.title, fields: [], textChanges: [] };
    const fields: ClauseField[] = [];
    if (old.title !== c.title) fields.push('title');
    if (old.category !== c.category) fields.push('category');
    if (old.action !== c.action) fields.push('action');
    if (old.text !== c.text) fields.push('text');
    if (sanctionsKey(old) !== sanctionsKey(c)) fields.push('sanctions');
    return {
      number: c.number,
      status: fields.length > 0 ? 'changed' : 'unchanged',
      title: c.title,
      fields,
      textChanges: fields.includes('text') ? diffWords(old.text, c.text) : [],
    };
  });
  for (const c of a) {
    if (!inB.has(c.number)) {
      result.push({ number: c.number, status: 'removed', title: c.title, fields: [], textChanges: [] });
    }
  }
  return result.sort((p, q) => compareNumbers(p.number, q.number));
}

/** "5.2" before "5.10". */
export function compareNumbers(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i += 1) {
    const d = (pa[i] ?? -1) - (pb[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

/** What changed from policy `a` (older) to policy `b` (newer). */
export function diffPolicies(a: PolicyDocument, b: PolicyDocument): PolicyDiff {
  const sections = diffSections(a.sections, b.sections);
  const clauses = diffClauses(
    a.kind === 'external' ? a.clauses : [],
    b.kind === 'external' ? b.clauses : [],
  );
  const titleChanges = titleDiff(a.title, b.title);
  const ext = (d: PolicyDocument) => (d.kind === 'external' ? d : null);
  const hoursChanged = JSON.stringify(ext(a)?.hours) !== JSON.stringify(ext(b)?.hours);
  const channelsChanged = JSON.stringify(ext(a)?.channels) !== JSON.stringify(ext(b)?.channels);
  const changed =
    titleChanges !== null ||
    a.kind !== b.kind ||
    hoursChanged ||
    channelsChanged ||
    sections.some((s) => s.status !== 'unchanged') ||
    clauses.some((c) => c.status !== 'unchanged');
  return { changed, titleChanges, sections, clauses, hoursChanged, channelsChanged };
}
