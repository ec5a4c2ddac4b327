import { Button } from 'design-react-kit';
import { useState, type FormEvent } from 'react';
import type { ApiError } from '../api/client';
import { ROLES, type Person, type Role } from '../api/types';
import { toApiError } from '../api/useApi';
import { CheckboxGroup, fieldErrors } from '../components/Fields';
import { ProblemAlert } from '../components/ProblemAlert';
import { useI18n } from '../i18n/I18n';

/** Changes a person's roles (the last administrator cannot lose the role: the API answers 409). */
export function RolesEditor({ person, onSave, onCancel }: { person: Person; onSave(roles: Role[]): Promise<void>; onCancel(): void }) {
  const { t, label } = useI18n();
  const [roles, setRoles] = useState<string[]>(person.roles);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [missing, setMissing] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (roles.length === 0) {
      setMissing(true);
      return;
    }
    setMissing(false);
    setBusy(true);
    setError(undefined);
    try {
      await onSave(roles as Role[]);
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const errs = fieldErrors(error);
  return (
    <section aria-labelledby="roles-editor" className="rdz-panel my-4">
      <h2 id="roles-editor" className="h4" tabIndex={-1}>
        {t('people.editRoles', { name: person.name })}
      </h2>
      <ProblemAlert error={error} />
      <form onSubmit={submit} noValidate>
        <CheckboxGroup
          id="edit-roles"
          legend={t('people.roles')}
          options={ROLES.map((r) => ({ value: r, label: label('role', r) }))}
          value={roles}
          onChange={setRoles}
          error={missing ? t('people.rolesRequired') : errs.roles}
        />
        <Button color="primary" type="submit" disabled={busy} className="me-2">
          {busy ? t('common.saving') : t('common.save')}
        </Button>
        <Button color="secondary" outline type="button" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
      </form>
    </section>
  );
}
