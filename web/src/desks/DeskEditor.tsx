import { Button } from 'design-react-kit';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ApiError } from '../api/client';
import type { Desk, DeskUpdateBody, Person } from '../api/types';
import { toApiError } from '../api/useApi';
import { CheckboxGroup, fieldErrors, SelectField } from '../components/Fields';
import { ProblemAlert } from '../components/ProblemAlert';
import { useI18n } from '../i18n/I18n';

/** Chooses a desk's lead and members among the Ente's people. */
export function DeskEditor({
  desk,
  people,
  onSave,
  onCancel,
  onReload,
}: {
  desk: Desk;
  people: Person[];
  onSave(body: DeskUpdateBody): Promise<void>;
  onCancel(): void;
  onReload(): void;
}) {
  const { t } = useI18n();
  const [lead, setLead] = useState(desk.lead?.userId ?? '');
  const [members, setMembers] = useState<string[]>(desk.members.map((m) => m.userId));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const first = useRef<HTMLFormElement>(null);

  useEffect(() => {
    first.current?.querySelector<HTMLElement>('select')?.focus();
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await onSave({ leadUserId: lead || null, memberIds: members });
    } catch (err) {
      setError(toApiError(err));
      setBusy(false);
    }
  };

  const errs = fieldErrors(error);
  const options = people.map((p) => ({ value: p.userId, label: p.name }));
  return (
    <form onSubmit={submit} noValidate ref={first} className="rdz-form">
      <ProblemAlert error={error} onReload={onReload} />
      <SelectField id={`lead-${desk.id}`} label={t('desks.lead')} value={lead} onChange={setLead} options={options} placeholder={t('desks.noLead')} error={errs.leadUserId} />
      <CheckboxGroup id={`members-${desk.id}`} legend={t('desks.membersLegend', { name: desk.name })} options={options} value={members} onChange={setMembers} error={errs.memberIds} />
      <Button color="primary" type="submit" disabled={busy} className="me-2">
        {busy ? t('common.saving') : t('common.save')}
      </Button>
      <Button color="secondary" outline type="button" onClick={onCancel}>
        {t('common.cancel')}
      </Button>
    </form>
  );
}
