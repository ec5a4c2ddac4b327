import { describe, expect, test } from 'vitest';
import { detectBehaviour, detectCaps } from './style.fns.ts';
import { scanOf } from './test-scan.ts';

describe('detectCaps', () => {
  test.each([
    ['QUANDO SISTEMATE LA STRADA CHE È PIENA DI BUCHE?', true],
    ['GRAZIE!', false], // too short to be shouting
    ['Comunicazione ANPR e INPS per il bonus ISEE', false],
    ['PERCHÉ LO SPORTELLO È CHIUSO ANCORA OGGI, vergogna', true], ['Perché lo sportello è chiuso ANCORA OGGI?', false],
  ])('%s -> %s', (text, caps) => {
    expect(detectCaps(scanOf(text)).length > 0).toBe(caps);
  });
});

describe('detectBehaviour', () => {
  test.each([
    ['Moderatori censori, cancellate i commenti scomodi', 'disturbo'],
    ['@a @b @c @d @e @f venite a vedere', 'disturbo'],
    ['basta basta basta basta basta basta basta basta basta basta basta basta basta basta basta', 'flooding'],
    ['Vendo erba per la festa', 'contenuti_illeciti'],
    ['Procuro documenti falsi', 'contenuti_illeciti'],
    ['Scarica gratis i film completi', 'copyright'],
    ['Quando riapre lo sportello?', null],
  ])('%s -> %s', (text, category) => {
    expect(detectBehaviour(scanOf(text))[0]?.category ?? null).toBe(category);
  });
});
