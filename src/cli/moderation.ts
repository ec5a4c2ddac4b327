/**
 * `redazione moderation eval`: reads JSON lines {"id","text","post"?,"author"?,"at"?} and writes one
 * JSON line per input with the decision. With --ente, that Ente's rulebook (in force, else
 * draft); without, the starter kit's. A malformed line gets an error line, and the run goes on.
 */
import fs from 'node:fs';
import readline from 'node:readline';
import { evaluateComment, FloodTracker, ownContactsOf, type OwnContacts } from '../modules/moderation/index.ts';
import { starterRulebook } from '../modules/policy/kit/index.ts';
import type { Rulebook } from '../modules/policy/rulebook.ts';

export async function evalLines(input: NodeJS.ReadableStream, out: NodeJS.WritableStream, rulebook: Rulebook, ownContacts?: OwnContacts): Promise<{ lines: number; errors: number }> {
  const flood = new FloodTracker();
  const rl = readline.createInterface({ input, crlfDelay: Infinity });
  let lines = 0;
  let errors = 0;
  for await (const line of rl) {
    if (!line.trim()) continue;
    lines++;
    let row: { id?: unknown; text?: unknown; post?: unknown; author?: unknown; at?: unknown };
    try {
      row = JSON.parse(line) as typeof row;
      if (typeof row !== 'object' || row === null || typeof row.text !== 'string') throw new Error('"text" must be a string');
    } catch (e) {
      errors++;
      out.write(`${JSON.stringify({ id: null, line: lines, error: `riga non valida / invalid line: ${(e as Error).message}` })}\n`);
      continue;
    }
    const at = typeof row.at === 'string' && !Number.isNaN(Date.parse(row.at)) ? new Date(row.at) : undefined;
    const d = evaluateComment(
      { text: row.text as string, post: typeof row.post === 'string' ? row.post : undefined, author: typeof row.author === 'string' ? row.author : undefined, at },
      { rulebook, ownContacts, flood },
    );
    out.write(
      `${JSON.stringify({ id: row.id ?? null, decision: d.decision, clause: d.clause, category: d.category, confidence: d.confidence, evidence: d.evidence.map((e) => ({ start: e.start, end: e.end, text: e.text, detector: e.detector })), explanation: d.explanation.it })}\n`,
    );
  }
  return { lines, errors };
}

export function openInput(file?: string): NodeJS.ReadableStream {
  return file ? fs.createReadStream(file, 'utf8') : process.stdin;
}

export { ownContactsOf, starterRulebook };
