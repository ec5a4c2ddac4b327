import { Button, Table } from 'design-react-kit';
import { useRef, useState } from 'react';
import { api, entePath, type ApiError } from '../api/client';
import { type Desk, type Person, type PersonCreateBody, type PersonCreated, type Role } from '../api/types';
import { toApiError, useApi } from '../api/useApi';
import { useMe } from '../auth/AuthContext';
import { Loading } from '../components/Loading';
import { PageTitle } from '../components/PageTitle';
import { ProblemAlert, StatusMessage } from '../components/ProblemAlert';
import { useI18n } from '../i18n/I18n';
import { useEnte } from '../layout/EnteContext';
import { AddPersonForm } from './AddPersonForm';
import { RolesEditor } from './RolesEditor';

/** The Ente's people with roles and desks; administrators add, change roles, remove. */
export default function PeoplePage() {
  const { t, label } = useI18n();
  const { ente, can } = useEnte();
  const me = useMe();
  const base = entePath(ente.slug);
  const people = useApi<{ people: Person[] }>(`${base}/people`);
  const desks = useApi<{ desks: Desk[] }>(`${base}/desks`);
  const [editing, setEditing] = useState<Person>();
  const [actionError, setActionError] = useState<ApiError>();
  const [status, setStatus] = useState<string>();
  const [created, setCreated] = useState<PersonCreated>();
  const manage = can('people.manage');
  const editorRef = useRef<HTMLDivElement>(null);
  const deskName = (key: string) => desks.data?.desks.find((d) => d.key === key)?.name ?? key;

  const add = async (body: PersonCreateBody) => {
    const p = await api<PersonCreated>(`${base}/people`, { method: 'POST', body });
    setCreated(p);
    setStatus(t('people.added', { name: p.name }));
    await people.reload();
  };

  const saveRoles = async (person: Person, roles: Role[]) => {
    await api<Person>(`${base}/people/${person.userId}`, { method: 'PATCH', body: { roles } });
    setEditing(undefined);
    setStatus(t('people.rolesUpdated', { name: person.name }));
    await people.reload();
  };

  const remove = async (person: Person) => {
    if (!window.confirm(t('people.confirmRemove', { name: person.name }))) return;
    setActionError(undefined);
    setStatus(undefined);
    try {
      await api<void>(`${base}/people/${person.userId}`, { method: 'DELETE' });
      setStatus(t('people.removed', { name: person.name }));
      await people.reload();
    } catch (err) {
      setActionError(toApiError(err));
    }
  };

  const startEdit = (p: Person) => {
    setEditing(p);
    setStatus(undefined);
    setActionError(undefined);
    requestAnimationFrame(() => editorRef.current?.querySelector<HTMLElement>('h2')?.focus());
  };

  const list = people.data?.people ?? [];
  return (
    <>
      <PageTitle>{t('people.title')}</PageTitle>
      <ProblemAlert error={people.error} />
      <StatusMessage>{status}</StatusMessage>
      <ProblemAlert error={actionError} />
      {created?.temporaryPassword ? (
        <section className="rdz-panel rdz-notice my-3" aria-labelledby="temp-password">
          <h2 id="temp-password" className="h5">
            {t('people.tempPassword', { name: created.name })}
          </h2>
          <p className="mb-1">
            <code className="rdz-secret">{created.temporaryPassword}</code>
          </p>
          <p className="mb-0">{t('people.tempPasswordHelp')}</p>
        </section>
      ) : null}
      {people.loading && !people.data ? <Loading /> : null}
      {people.data ? (
        <div className="table-responsive">
          <Table className="rdz-table">
            <caption>{t('people.caption', { name: ente.name })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('people.name')}</th>
                <th scope="col">{t('people.email')}</th>
                <th scope="col">{t('people.jobTitle')}</th>
                <th scope="col">{t('people.roles')}</th>
                <th scope="col">{t('people.desks')}</th>
                {manage ? <th scope="col">{t('common.actions')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {list.map((p) => (
                <tr key={p.userId}>
                  <th scope="row">{p.name}</th>
                  <td>{p.email}</td>
                  <td>{p.jobTitle ?? '—'}</td>
                  <td>{p.roles.map((r) => label('role', r)).join(', ')}</td>
                  <td>{p.desks.length ? p.desks.map(deskName).join(', ') : '—'}</td>
                  {manage ? (
                    <td>
                      <div className="d-flex flex-wrap gap-2">
                      <Button color="primary" outline size="xs" type="button" onClick={() => startEdit(p)} aria-label={`${t('people.changeRoles')}: ${p.name}`}>
                        {t('people.changeRoles')}
                      </Button>
                      {p.userId !== me.user.id ? (
                        <Button color="danger" outline size="xs" type="button" onClick={() => void remove(p)} aria-label={t('people.removeLabel', { name: p.name })}>
                          {t('people.remove')}
                        </Button>
                      ) : null}
                      </div>
                    </td>
                  ) : null}
                </tr>
              ))}
              {list.length === 0 ? (
                <tr>
                  <td colSpan={manage ? 6 : 5}>{t('people.empty')}</td>
                </tr>
              ) : null}
            </tbody>
          </Table>
        </div>
      ) : null}

      {manage && editing ? (
        <div ref={editorRef}>
          <RolesEditor
            key={editing.userId}
            person={editing}
            onSave={(roles) => saveRoles(editing, roles)}
            onCancel={() => setEditing(undefined)}
          />
        </div>
      ) : null}

      {manage ? <AddPersonForm onAdd={add} /> : null}
    </>
  );
}

