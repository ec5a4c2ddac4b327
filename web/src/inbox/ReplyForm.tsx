import { Button } from 'design-react-kit';
import { useRef, useState, type FormEvent } from 'react';
import { api, type ApiError } from '../api/client';
import { toApiError, useApi } from '../api/useApi';
import { fieldErrors, SelectField, TextAreaField } from '../components/Fields';
import { ProblemAlert } from '../components/ProblemAlert';
import { useI18n } from '../i18n/I18n';
import type { Outcome } from './Outcome';
import { fillSavedReply, useBi, useChannelLabel, useInboxPaths } from './shared';
import type { InboxItem, ReplyResult, SavedReply } from './types';

/**
 * The reply box: a saved reply can be inserted (with the citizen's name) and edited before
 * sending; the reply goes out through the channel's connector, or is kept "da fare a mano".
 */
export function ReplyForm({ item, onDone }: { item: InboxItem; onDone(outcome: Outcome): void }) {
  const { t } = useI18n();
  const { api: base } = useInboxPaths();
  const bi = useBi();
  const channelLabel = useChannelLabel();
  const saved = useApi<{ replies: SavedReply[] }>(`${base}/saved-replies`);
  const [choice, setChoice] = useState('');
  const [text, setText] = useState('');
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const box = useRef<HTMLDivElement>(null);
  const replies = saved.data?.replies ?? [];

  const focusText = () => box.current?.querySelector('textarea')?.focus();

  const insert = () => {
    const r = replies.find((x) => x.id === choice);
    if (!r) return;
    const body = fillSavedReply(r.body, item.author.name);
    setText((prev) => (prev.trim() ? `${prev.trimEnd()}\n\n${body}` : body));
    setMissing(false);
    focusText();
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    if (!text.trim()) {
      setMissing(true);
      focusText();
      return;
    }
    setBusy(true);
    try {
      const r = await api<ReplyResult>(`${base}/items/${item.id}/reply`, { method: 'POST', body: { text: text.trim() } });
      setText('');
      setChoice('');
      onDone(
        r.delivery === 'sent'
          ? { tone: 'success', text: t('inbox.reply.sent', { channel: channelLabel(item.channel) }) }
          : { tone: 'warning', text: `${t('inbox.reply.manual')} ${r.message ? bi(r.message) : ''}`.trim() },
      );
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const errors = fieldErrors(error);
  return (
    <section aria-labelledby="reply-title" className="rdz-panel">
      <h3 id="reply-title" className="h5">
        {t('inbox.reply.title')}
      </h3>
      <p className="small">{t('inbox.reply.help', { channel: channelLabel(item.channel) })}</p>
      <ProblemAlert error={saved.error} />
      <div className="row align-items-end rdz-form">
        <div className="col-md-8">
          <SelectField
            id="reply-saved"
            label={t('inbox.reply.saved')}
            value={choice}
            onChange={setChoice}
            placeholder={t('inbox.reply.savedPlaceholder')}
            options={replies.map((r) => ({ value: r.id, label: r.title }))}
            help={t('inbox.reply.savedHelp')}
          />
        </div>
        <div className="col-md-4 mb-4">
          <Button color="primary" outline type="button" disabled={!choice} onClick={insert}>
            {t('inbox.reply.insert')}
          </Button>
        </div>
      </div>
      <ProblemAlert error={error} />
      <form onSubmit={submit} noValidate className="rdz-form" aria-labelledby="reply-title">
        <div ref={box}>
          <TextAreaField
            id="reply-text"
            label={t('inbox.reply.text')}
            value={text}
            onChange={(v) => {
              setText(v);
              if (v.trim()) setMissing(false);
            }}
            required
            rows={5}
            maxLength={8000}
            error={missing ? t('inbox.reply.required') : errors.text}
          />
        </div>
        <Button color="primary" type="submit" disabled={busy}>
          {busy ? t('inbox.reply.sending') : t('inbox.reply.submit')}
        </Button>
      </form>
    </section>
  );
}
