import fs from 'node:fs';
import { describe, expect, test } from 'vitest';
import { generateOpenApi, OPENAPI_FILE } from '../../scripts/openapi.ts';

interface Doc {
  paths: Record<string, Record<string, { operationId?: string; summary?: string; description?: string; responses?: Record<string, unknown> }>>;
}

describe('the OpenAPI contract', () => {
  test('docs/openapi.json is the document the code generates (run `npm run openapi` after changing a route)', async () => {
    const generated = await generateOpenApi();
    expect(fs.readFileSync(OPENAPI_FILE, 'utf8')).toBe(generated);
  });

  test('every operation has an operationId, a summary, a description and response schemas; the named ones exist', () => {
    const doc = JSON.parse(fs.readFileSync(OPENAPI_FILE, 'utf8')) as Doc;
    const ops = Object.entries(doc.paths).flatMap(([p, ms]) => Object.entries(ms).map(([m, o]) => ({ at: `${m.toUpperCase()} ${p}`, ...o })));
    for (const op of ops) {
      expect(op.operationId, op.at).toMatch(/^[a-z][A-Za-z]+$/);
      expect(op.summary, op.at).toBeTruthy();
      expect(op.description, op.at).toBeTruthy();
      expect(Object.keys(op.responses ?? {}).length, op.at).toBeGreaterThan(0);
    }
    const ids = ops.map((o) => o.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ['getStatus', 'login', 'logout', 'getMe', 'listEnti', 'getEnte', 'updateEnte', 'listPeople', 'addPerson', 'listDesks', 'listChannels', 'createChannel', 'getChannel', 'updateChannel', 'listAuditEvents']) {
      expect(ids).toContain(id);
    }
    expect(ops.find((o) => o.operationId === 'getStatus')!.at).toBe('GET /api/v1/status');
  });
});

describe('the OpenAPI document is self-contained', () => {
  test('every $ref points to a schema that exists', () => {
    const text = fs.readFileSync(OPENAPI_FILE, 'utf8');
    const doc = JSON.parse(text) as { components?: { schemas?: Record<string, unknown> } };
    const refs = [...text.matchAll(/"\$ref":\s*"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(0);
    for (const name of new Set(refs)) expect(doc.components?.schemas?.[name], name).toBeDefined();
  });
});
