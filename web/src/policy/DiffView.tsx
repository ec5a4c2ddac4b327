import type { DiffStatus, PolicyDiff, WordChange } from '../api/types';
import { useI18n } from '../i18n/I18n';

const STATUS_CLASS: Record<DiffStatus, string> = {
  added: 'rdz-status-ok',
  removed: 'rdz-status-warn',
  changed: 'rdz-status-warn',
  unchanged: 'rdz-status-neutral',
};

/** The result of a comparison: changed sections and clauses with word-level insertions and deletions. */
export function DiffView({ diff }: { diff: PolicyDiff }) {
  const { t, label } = useI18n();
  const ref = (r: number | 'draft') => (r === 'draft' ? t('versions.draftOption') : t('versions.option', { n: r }));
  const d = diff.diff;
  const sections = d.sections.filter((s) => s.status !== 'unchanged');
  const clauses = d.clauses.filter((c) => c.status !== 'unchanged');
  return (
    <div className="rdz-panel mt-3 rdz-diff-result">
      <h5 className="h5">{t('diff.result', { from: ref(diff.from), to: ref(diff.to) })}</h5>
      {!d.changed ? <p className="mb-0">{t('diff.none')}</p> : null}
      {d.titleChanges ? (
        <p>
          <strong>{t('diff.docTitle')}: </strong>
          <Words changes={d.titleChanges} />
        </p>
      ) : null}
      {d.changed ? (
        <p>{t('diff.summary', { sections: sections.length, unchanged: d.sections.length - sections.length, clauses: clauses.length })}</p>
      ) : null}
      {sections.map((s) => (
        <article key={s.key} className="rdz-diff-item" aria-labelledby={`diff-s-${s.key}`}>
          <h6 id={`diff-s-${s.key}`} className="rdz-diff-heading">
            <span className={`rdz-pill ${STATUS_CLASS[s.status]} me-2`}>{label('diff.status', s.status)}</span>
            {s.titleChanges ? <Words changes={s.titleChanges} /> : s.title}
          </h6>
          <div className="rdz-prose">
            <Words changes={s.bodyChanges} />
          </div>
        </article>
      ))}
      {clauses.map((c) => (
        <article key={c.number} className="rdz-diff-item" aria-labelledby={`diff-c-${c.number}`}>
          <h6 id={`diff-c-${c.number}`} className="rdz-diff-heading">
            <span className={`rdz-pill ${STATUS_CLASS[c.status]} me-2`}>{label('diff.status', c.status)}</span>
            {t('diff.clause', { number: c.number, title: c.title })}
          </h6>
          {c.fields.length ? <p className="small mb-1">{t('diff.fields', { fields: c.fields.map((f) => label('diff.field', f)).join(', ') })}</p> : null}
          {c.textChanges.length ? (
            <div className="rdz-prose">
              <Words changes={c.textChanges} />
            </div>
          ) : null}
        </article>
      ))}
      {d.hoursChanged ? <p>{t('diff.hoursChanged')}</p> : null}
      {d.channelsChanged ? <p>{t('diff.channelsChanged')}</p> : null}
    </div>
  );
}

/** Word changes: insertions in <ins>, deletions in <del>, each announced in words (not colour alone). */
export function Words({ changes }: { changes: WordChange[] }) {
  const { t } = useI18n();
  return (
    <>
      {changes.map((c, i) =>
        c.op === 'equal' ? (
          <span key={i}>{c.text}</span>
        ) : c.op === 'insert' ? (
          <ins key={i}>
            <span className="visually-hidden">[{t('diff.inserted')}: </span>
            {c.text}
            <span className="visually-hidden">]</span>
          </ins>
        ) : (
          <del key={i}>
            <span className="visually-hidden">[{t('diff.deleted')}: </span>
            {c.text}
            <span className="visually-hidden">]</span>
          </del>
        ),
      )}
    </>
  );
}
