/**
 * Lexicon building blocks: compact inflection notation and a lookup index that tolerates
 * doubled or single letters ("cazo", "stronnzo") and `*` wildcards ("m*rda").
 */
import type { ModerationCategory } from '../../policy/rulebook.ts';

/**
 * How a word is treated:
 * - strong: offensive wherever it appears (hide; review when quoted);
 * - directed: offensive only when aimed at someone ("sei uno schifoso"): hide then, else ignored;
 * - mild: aimed at someone it needs a person to judge (review), else ignored;
 * - contextual: offensive in some contexts only: always review, never hide.
 */
export type LexLevel = 'strong' | 'directed' | 'mild' | 'contextual';

export interface LexEntry {
  lemma: string;
  category: ModerationCategory;
  level: LexLevel;
}

/** "scem:o a i e" -> scemo scema scemi sceme; "idiot:a i e"; a bare word stays as is. */
export function inflect(spec: string): string[] {
  const [stem, endings] = spec.split(':');
  if (endings === undefined) return [spec];
  return endings.split(' ').map((e) => (e === '-' ? (stem as string) : stem + e));
}

/** Collapses doubled letters: the key that makes "cazzo", "cazo" and "cazzzo" meet. */
export function squeeze(w: string): string {
  let out = '';
  for (const c of w) if (out[out.length - 1] !== c) out += c;
  return out;
}

export class LexiconIndex {
  private readonly exact = new Map<string, LexEntry>();
  private readonly squeezed = new Map<string, LexEntry>();
  private readonly byLength = new Map<number, string[]>();

  add(specs: string, category: ModerationCategory, level: LexLevel): void {
    for (const spec of specs.trim().split(/\s*,\s*|\n\s*/)) {
      if (!spec) continue;
      const forms = inflect(spec);
      const entry: LexEntry = { lemma: forms[0] as string, category, level };
      for (const f of forms) {
        this.exact.set(f, entry);
        const sq = squeeze(f);
        if (!this.squeezed.has(sq)) this.squeezed.set(sq, entry);
        const list = this.byLength.get(f.length) ?? [];
        list.push(f);
        this.byLength.set(f.length, list);
      }
    }
  }

  /** Guards words that must never match through the squeezed key ("pale" is not "palle"). */
  protect(words: string): void {
    for (const w of words.split(/\s+/)) if (w) this.squeezed.delete(squeeze(w));
  }

  lookup(word: string): LexEntry | undefined {
    const hit = this.exact.get(word);
    if (hit) return hit;
    if (word.includes('*')) return this.wildcard(word);
    if (word.length < 4) return undefined;
    return this.squeezed.get(squeeze(word));
  }

  private wildcard(word: string): LexEntry | undefined {
    if (word.length < 4 || word.replace(/\*/g, '').length < 2) return undefined;
    for (const f of this.byLength.get(word.length) ?? []) {
      let ok = true;
      for (let i = 0; i < f.length && ok; i++) if (word[i] !== '*' && word[i] !== f[i]) ok = false;
      if (ok) return this.exact.get(f);
    }
    return undefined;
  }
}
