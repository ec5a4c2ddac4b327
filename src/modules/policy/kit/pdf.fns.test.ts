import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { comuneDiEsempio } from './comune-di-esempio.fixture.ts';
import { draftExternalPolicy } from './external.fns.ts';
import { draftInternalPolicy } from './internal.fns.ts';
import { pdfSafe, renderPolicyPdf } from './pdf.fns.ts';

const PDFTOTEXT = '/usr/bin/pdftotext';

function pdfText(buf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'policy-pdf-'));
  try {
    const file = join(dir, 'policy.pdf');
    writeFileSync(file, buf);
    return execFileSync(PDFTOTEXT, ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const meta = {
  enteName: 'Comune di Esempio',
  version: 1,
  adoption: { type: 'delibera', number: '12', date: '2025-03-07' },
} as const;

describe('renderPolicyPdf', () => {
  test('produces a PDF', async () => {
    const buf = await renderPolicyPdf(draftExternalPolicy(comuneDiEsempio()), meta);
    expect(buf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(buf.length).toBeGreaterThan(5000);
  });

  test.runIf(existsSync(PDFTOTEXT))('the text has the Ente, the act, clauses, accents and page numbers', async () => {
    const p = comuneDiEsempio();
    p.channels[0]!.purpose = 'notizie “ufficiali” 📣 e servizi ✅';
    const text = pdfText(await renderPolicyPdf(draftExternalPolicy(p), meta));
    expect(text).toContain('Comune di Esempio');
    expect(text).toContain('Adottata con delibera n. 12 del 7 marzo 2025.');
    expect(text).toContain('5.1 Insulti e offese');
    expect(text).toContain('5.14 Contenuti illeciti');
    expect(text).toContain('Perché siamo sui social');
    expect(text).toContain('dal lunedì al venerdì');
    expect(text).toContain('“ufficiali”');
    expect(text).toMatch(/Pagina 1 di (\d+)/);
    const pages = Number(/Pagina 1 di (\d+)/.exec(text)?.[1]);
    expect(pages).toBeGreaterThan(1);
    expect(text).toContain(`Pagina ${pages} di ${pages}`);
  });

  test.runIf(existsSync(PDFTOTEXT))('an internal draft renders too', async () => {
    const text = pdfText(await renderPolicyPdf(draftInternalPolicy(comuneDiEsempio()), { enteName: 'Comune di Esempio' }));
    expect(text).toContain('Uso personale dei social');
    expect(text).toContain('Bozza non ancora adottata.');
  });
});

describe('pdfSafe', () => {
  test.each([
    ['perché è già così', 'perché è già così'],
    ['“citazione” – l’Ente…', '“citazione” – l’Ente…'],
    ['ok 👍🏽 fatto ✅', 'ok  fatto '],
    ['Ștefan Łukasz', 'Stefan ?ukasz'],
    ['a\u00a0b\u2003c', 'a\u00a0b c'],
    ['≥ 50', '? 50'],
  ])('%s', (input, expected) => {
    expect(pdfSafe(input)).toBe(expected);
  });
});
