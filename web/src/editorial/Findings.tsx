import type { ReactNode } from 'react';
import type { CheckResult, Finding } from '../api/types';
import { useI18n } from '../i18n/I18n';
import { channelTitle, SeverityLabel, useBilingual } from './shared';

const ORDER = { blocking: 0, warning: 1, info: 2 } as const;

/** The text around a span, with the span marked (and announced as such to screen readers). */
export function MarkedExcerpt({ text, span }: { text: string; span: { start: number; end: number } }) {
  const { t } = useI18n();
  const start = Math.max(0, Math.min(span.start, text.length));
  const end = Math.max(start, Math.min(span.end, text.length));
  const from = Math.max(0, start - 80);
  const to = Math.min(text.length, end + 80);
  const parts: ReactNode[] = [
    from > 0 ? '…' : '',
    text.slice(from, start),
    <mark key="m" className="rdz-mark">
      <span className="visually-hidden">{t('findings.markStart')} </span>
      {text.slice(start, end) || ' '}
      <span className="visually-hidden"> {t('findings.markEnd')}</span>
    </mark>,
    text.slice(end, to),
    to < text.length ? '…' : '',
  ];
  return <blockquote className="rdz-excerpt">{parts}</blockquote>;
}

/** The findings of one check, grouped per channel variant, the most serious first. */
export function FindingsPanel({ result, texts, currentTexts }: { result: CheckResult; texts: Record<string, string>; currentTexts: Record<string, string> }) {
  const { t, label } = useI18n();
  const bi = useBilingual();
  const total = (sev: Finding['severity']) => result.results.reduce((n, r) => n + r.findings.filter((f) => f.severity === sev).length, 0);
  return (
    <div>
      <p className="fw-semibold">
        {result.blocking ? t('findings.summaryBlocking', { blocking: total('blocking'), warning: total('warning'), info: total('info') }) : t('findings.summaryOk', { warning: total('warning'), info: total('info') })}
      </p>
      {result.results.map((r) => {
        const text = texts[r.channelId] ?? '';
        const stale = currentTexts[r.channelId] !== undefined && currentTexts[r.channelId] !== text;
        const findings = [...r.findings].sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
        return (
          <section key={r.channelId} aria-labelledby={`findings-${r.channelId}`} className="mb-4">
            <h3 id={`findings-${r.channelId}`} className="h5">
              {channelTitle(label, r)}
              <span className="fw-normal">
                {' '}
                — {r.preview.limit !== null ? t('variant.counter', { length: r.preview.length, limit: r.preview.limit }) : t('variant.counterNoLimit', { length: r.preview.length })}
              </span>
            </h3>
            {stale ? <p className="small">{t('findings.stale')}</p> : null}
            {findings.length === 0 ? (
              <p>{t('findings.none')}</p>
            ) : (
              <ul className="rdz-findings">
                {findings.map((f, i) => (
                  <li key={`${f.ruleId}-${i}`} className={`rdz-finding-${f.severity}`}>
                    <SeverityLabel severity={f.severity} />
                    <span className="ms-2">{bi(f.message)}</span>
                    <span className="d-block small mt-1">
                      {t('findings.source')}: {f.rule} ({f.ruleId})
                    </span>
                    {f.span && text ? <MarkedExcerpt text={text} span={f.span} /> : null}
                  </li>
                ))}
              </ul>
            )}
          </section>
        );
      })}
    </div>
  );
}
