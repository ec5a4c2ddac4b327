import { Button } from 'design-react-kit';
import { useState } from 'react';
import { api, entePath } from '../api/client';
import type { Desk, DeskUpdateBody, Person } from '../api/types';
import { useApi } from '../api/useApi';
import { Loading } from '../components/Loading';
import { PageTitle } from '../components/PageTitle';
import { ProblemAlert, StatusMessage } from '../components/ProblemAlert';
import { useI18n } from '../i18n/I18n';
import { useEnte } from '../layout/EnteContext';
import { DeskEditor } from './DeskEditor';

/** The desks of the single newsroom with lead and members; admins and SMMs change them. */
export default function DesksPage() {
  const { t } = useI18n();
  const { ente, can } = useEnte();
  const base = entePath(ente.slug);
  const desks = useApi<{ desks: Desk[] }>(`${base}/desks`);
  const manage = can('desks.manage');
  const people = useApi<{ people: Person[] }>(manage ? `${base}/people` : null);
  const [editing, setEditing] = useState<string>();
  const [status, setStatus] = useState<string>();

  const save = async (desk: Desk, body: DeskUpdateBody) => {
    const updated = await api<Desk>(`${base}/desks/${desk.id}`, { method: 'PATCH', body: { ...body, version: desk.version } });
    desks.setData((prev) => ({ desks: (prev?.desks ?? []).map((d) => (d.id === updated.id ? updated : d)) }));
    setEditing(undefined);
    setStatus(t('desks.saved', { name: updated.name }));
    requestAnimationFrame(() => document.getElementById(`desk-${updated.id}`)?.focus());
  };

  return (
    <>
      <PageTitle sub={t('desks.intro')}>{t('desks.title')}</PageTitle>
      <ProblemAlert error={desks.error} />
      <StatusMessage>{status}</StatusMessage>
      {desks.loading && !desks.data ? <Loading /> : null}
      <div className="row g-4">
        {(desks.data?.desks ?? []).map((d) => (
          <div className="col-12 col-lg-6" key={d.id}>
            <section className="rdz-panel h-100" aria-labelledby={`desk-${d.id}`}>
              <h2 id={`desk-${d.id}`} className="h4" tabIndex={-1}>
                {d.name}
              </h2>
              {d.description ? <p>{d.description}</p> : null}
              {editing === d.id ? (
                <DeskEditor
                  desk={d}
                  people={people.data?.people ?? []}
                  onSave={(body) => save(d, body)}
                  onCancel={() => setEditing(undefined)}
                  onReload={() => {
                    setEditing(undefined);
                    void desks.reload();
                  }}
                />
              ) : (
                <>
                  <dl className="mb-3">
                    <dt>{t('desks.lead')}</dt>
                    <dd>{d.lead ? d.lead.name : t('desks.noLead')}</dd>
                    <dt>{t('desks.members')}</dt>
                    <dd>{d.members.length ? d.members.map((m) => m.name).join(', ') : t('desks.noMembers')}</dd>
                  </dl>
                  {manage ? (
                    <Button
                      color="primary"
                      outline
                      size="sm"
                      type="button"
                      onClick={() => {
                        setStatus(undefined);
                        setEditing(d.id);
                      }}
                      aria-label={t('desks.edit', { name: d.name })}
                    >
                      {t('common.edit')}
                    </Button>
                  ) : null}
                </>
              )}
            </section>
          </div>
        ))}
      </div>
    </>
  );
}
