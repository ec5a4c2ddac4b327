/**
 * Recurring questions (FOIA, Circolare FP 2/2017 §8.2: publish proactively what is asked "more
 * than three times in a year by different people"): questions that mean the same thing are grouped
 * by Italian stems (bag of stems, cosine against the group's centroid), and a group asked by at
 * least `minPeople` different people within twelve months is flagged. Pure functions.
 */
import { cosine, termVector, type TermVector } from '../../lib/italian/similarity.ts';

export interface QuestionSample {
  id: string;
  text: string;
  /** A person: platform + author id (two channels of one platform are the same platform account). */
  person: string;
  authorName: string;
  channelId: string;
  at: Date;
}

export interface RecurringGroup {
  /** Stable key of the group: its most weighted stems, sorted. */
  signature: string;
  /** The stems that define the group. */
  terms: string[];
  people: number;
  count: number;
  first: Date;
  last: Date;
  examples: QuestionSample[];
}

const WORDS_OF_QUESTION = /^(come|quando|dove|perch[eé]|chi|cosa|che|quale|quali|quanto|quanta|quanti|quante|posso|possiamo|si\s+pu[oò]|[eè]\s+possibile|avete|sapete|qualcuno\s+sa|vorrei\s+sapere|mi\s+sapete|c['’]?[eè])\b/i;

/** Whether a comment or message asks something the office should answer. */
export function looksLikeQuestion(text: string, kind: 'comment' | 'message'): boolean {
  const t = text.trim();
  if (!t) return false;
  if (t.includes('?')) return true;
  if (WORDS_OF_QUESTION.test(t)) return true;
  // A private message to the Ente is a request by nature, unless it is only thanks or a greeting.
  return kind === 'message' && !/^(grazie|ok|buongiorno|buonasera|ciao)[\s!.]*$/i.test(t);
}

function add(into: TermVector, v: TermVector) {
  for (const [k, x] of v) into.set(k, (into.get(k) ?? 0) + x);
}

function topTerms(v: TermVector, n: number): string[] {
  return [...v.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, n)
    .map(([k]) => k);
}

export interface GroupOptions {
  /** Cosine with the group's centroid needed to join it. */
  threshold?: number;
  minPeople?: number;
  /** The window: only questions after `now - windowDays` count. */
  windowDays?: number;
  now?: Date;
  maxExamples?: number;
}

/**
 * Groups questions by meaning and returns the groups asked by at least `minPeople` different
 * people inside the window, largest first. Greedy single pass in time order: a question joins the
 * most similar group when the similarity reaches the threshold, otherwise it starts a group.
 */
export function groupRecurringQuestions(questions: QuestionSample[], opts: GroupOptions = {}): RecurringGroup[] {
  const threshold = opts.threshold ?? 0.4;
  const minPeople = opts.minPeople ?? 3;
  const now = opts.now ?? new Date();
  const since = now.getTime() - (opts.windowDays ?? 365) * 86_400_000;
  const groups: { centroid: TermVector; members: QuestionSample[] }[] = [];
  const sorted = questions.filter((q) => q.at.getTime() >= since && q.at.getTime() <= now.getTime()).sort((a, b) => a.at.getTime() - b.at.getTime());
  for (const q of sorted) {
    const v = termVector(q.text);
    if (v.size === 0) continue;
    let best: (typeof groups)[number] | null = null;
    let bestScore = 0;
    for (const g of groups) {
      const s = cosine(v, g.centroid);
      if (s > bestScore) [best, bestScore] = [g, s];
    }
    if (best && bestScore >= threshold) {
      best.members.push(q);
      add(best.centroid, v);
    } else {
      const centroid: TermVector = new Map();
      add(centroid, v);
      groups.push({ centroid, members: [q] });
    }
  }
  return groups
    .map((g) => {
      const people = new Set(g.members.map((m) => m.person)).size;
      const terms = topTerms(g.centroid, 4);
      // One example per person, most recent first: the office sees how different people put it.
      const seen = new Set<string>();
      const examples = [...g.members].reverse().filter((m) => !seen.has(m.person) && seen.add(m.person)).slice(0, opts.maxExamples ?? 5);
      return {
        signature: [...terms].sort().join('+'),
        terms,
        people,
        count: g.members.length,
        first: g.members[0]!.at,
        last: g.members[g.members.length - 1]!.at,
        examples,
      };
    })
    .filter((g) => g.people >= minPeople)
    .sort((a, b) => b.people - a.people || b.count - a.count);
}
