import { Button } from 'design-react-kit';
import { useState, type FormEvent } from 'react';
import type { ApiError } from '../api/client';
import { ROLES, type PersonCreateBody, type Role } from '../api/types';
import { toApiError } from '../api/useApi';
import { CheckboxGroup, fieldErrors, TextField } from '../components/Fields';
import { ProblemAlert } from '../components/ProblemAlert';
import { useI18n } from '../i18n/I18n';

const EMPTY = { email: '', name: '', jobTitle: '', password: '' };

/** Adds a person to the Ente; without a password the API returns a one-time temporary one. */
export function AddPersonForm({ onAdd }: { onAdd(body: PersonCreateBody): Promise<void> }) {
  const { t, label } = useI18n();
  const [form, setForm] = useState(EMPTY);
  const [roles, setRoles] = useState<string[]>(['redattore']);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const set = (k: keyof typeof EMPTY) => (v: string) => setForm((f) => ({ ...f, [k]: v }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    const body: PersonCreateBody = {
      email: form.email.trim(),
      name: form.name.trim(),
      roles: roles as Role[],
      jobTitle: form.jobTitle.trim() || null,
    };
    if (form.password) body.password = form.password;
    try {
      await onAdd(body);
      setForm(EMPTY);
      setRoles(['redattore']);
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const errs = fieldErrors(error);
  return (
    <section aria-labelledby="add-person" className="rdz-panel my-5">
      <h2 id="add-person" className="h4">
        {t('people.add')}
      </h2>
      <ProblemAlert error={error} />
      <form onSubmit={submit} noValidate className="rdz-form">
        <div className="row">
          <div className="col-12 col-md-6">
            <TextField id="person-email" label={t('people.email')} type="email" value={form.email} onChange={set('email')} required error={errs.email} autoComplete="off" />
          </div>
          <div className="col-12 col-md-6">
            <TextField id="person-name" label={t('people.name')} value={form.name} onChange={set('name')} required error={errs.name} autoComplete="off" />
          </div>
          <div className="col-12 col-md-6">
            <TextField id="person-job" label={`${t('people.jobTitle')} ${t('common.optional')}`} value={form.jobTitle} onChange={set('jobTitle')} error={errs.jobTitle} />
          </div>
          <div className="col-12 col-md-6">
            <TextField
              id="person-password"
              label={`${t('people.password')} ${t('common.optional')}`}
              type="password"
              value={form.password}
              onChange={set('password')}
              error={errs.password}
              help={t('people.passwordHelp')}
              autoComplete="new-password"
            />
          </div>
        </div>
        <CheckboxGroup
          id="person-roles"
          legend={t('people.roles')}
          options={ROLES.map((r) => ({ value: r, label: label('role', r) }))}
          value={roles}
          onChange={setRoles}
          error={errs.roles}
          inline
        />
        <Button color="primary" type="submit" disabled={busy}>
          {busy ? t('common.saving') : t('people.addSubmit')}
        </Button>
      </form>
    </section>
  );
}
