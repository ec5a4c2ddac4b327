import type { ReactNode } from 'react';
import type { ModerationEvidence } from '../api/types';
import { useI18n } from '../i18n/I18n';

/**
 * The comment with the evidence spans in <mark>, each followed by its visible number, and the list
 * of reasons below. Overlapping spans are clipped so every character is shown once.
 */
export function Highlighted({ text, evidence, idPrefix }: { text: string; evidence: ModerationEvidence[]; idPrefix: string }) {
  const { t, lang } = useI18n();
  const spans = [...evidence].map((e, i) => ({ ...e, n: i + 1 })).sort((a, b) => a.start - b.start);
  const parts: ReactNode[] = [];
  let at = 0;
  for (const s of spans) {
    const start = Math.max(s.start, at);
    const end = Math.min(s.end, text.length);
    if (end <= start) continue;
    if (start > at) parts.push(<span key={`t${at}`}>{text.slice(at, start)}</span>);
    parts.push(
      <span key={`m${start}`}>
        <mark className="rdz-mark">{text.slice(start, end)}</mark>
        <sup className="rdz-mark-ref">
          <span className="visually-hidden">{t('moderation.evidenceRef')} </span>
          {s.n}
        </sup>
      </span>,
    );
    at = end;
  }
  if (at < text.length) parts.push(<span key={`t${at}`}>{text.slice(at)}</span>);
  return (
    <>
      <blockquote className="rdz-comment" aria-describedby={evidence.length ? `${idPrefix}-reasons` : undefined}>
        {parts}
      </blockquote>
      {evidence.length ? (
        <>
          <p className="fw-semibold mb-1" id={`${idPrefix}-reasons`}>
            {t('moderation.evidence', { count: evidence.length })}
          </p>
          <ol className="rdz-reasons">
            {evidence.map((e, i) => (
              <li key={i}>
                «{e.text}»: {lang === 'en' ? e.reason.en : e.reason.it}
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </>
  );
}
