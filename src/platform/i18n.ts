/** Languages of the product: Italian first, English second. */
export type Lang = 'it' | 'en';

/** Picks the best language from an Accept-Language header; Italian when nothing matches. */
export function pickLang(header: string | undefined): Lang {
  if (!header) return 'it';
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag, q: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .sort((a, b) => b.q - a.q);
  for (const { tag, q } of ranked) {
    if (q <= 0) continue;
    if (tag.startsWith('it')) return 'it';
    if (tag.startsWith('en')) return 'en';
  }
  return 'it';
}

type Catalog = Record<string, { it: string; en: string; status?: number }>;

/** Titles and details of every error code, in both languages. `{name}` placeholders are filled. */
export const ERROR_MESSAGES: Catalog = {
  validation_failed: {
    it: 'I dati inviati non sono validi: correggi i campi indicati.',
    en: 'The submitted data is not valid: correct the fields listed.',
  },
  unauthenticated: { it: 'Devi accedere per continuare.', en: 'You must log in to continue.' },
  invalid_credentials: { it: 'Email o password errate.', en: 'Wrong email or password.' },
  forbidden: {
    it: 'Il tuo ruolo non consente questa operazione ({action}).',
    en: 'Your role does not allow this operation ({action}).',
  },
  csrf_failed: {
    it: 'Richiesta rifiutata: token di sicurezza (CSRF) mancante o errato. Ricarica la pagina.',
    en: 'Request refused: missing or wrong security (CSRF) token. Reload the page.',
  },
  not_found: { it: 'Risorsa non trovata ({what}).', en: 'Not found ({what}).' },
  conflict: { it: 'Operazione in conflitto con lo stato attuale.', en: 'The operation conflicts with the current state.' },
  version_conflict: {
    it: 'Qualcun altro ha modificato questo elemento nel frattempo: ricarica e riapplica le modifiche.',
    en: 'Someone else changed this item in the meantime: reload and apply your changes again.',
  },
  duplicate_channel: {
    it: 'Esiste già un canale {platform} con handle "{handle}" in questo Ente.',
    en: 'A {platform} channel with handle "{handle}" already exists in this Ente.',
  },
  duplicate_slug: { it: 'Esiste già un Ente con slug "{slug}".', en: 'An Ente with slug "{slug}" already exists.' },
  duplicate_person: {
    it: '{email} fa già parte di questo Ente.',
    en: '{email} is already a member of this Ente.',
  },
  rate_limited: {
    it: 'Troppi tentativi. Riprova tra {seconds} secondi.',
    en: 'Too many attempts. Try again in {seconds} seconds.',
  },
  payload_too_large: { it: 'Richiesta troppo grande.', en: 'Request too large.' },
  unsupported_media_type: {
    it: 'Formato della richiesta non supportato: usa application/json.',
    en: 'Unsupported request format: use application/json.',
  },
  oidc_not_configured: {
    it: "L'accesso con identità dell'Ente (OIDC) non è configurato.",
    en: 'Single sign-on (OIDC) is not configured.',
  },
  oidc_failed: {
    it: "Accesso con identità dell'Ente non riuscito: {reason}.",
    en: 'Single sign-on failed: {reason}.',
  },
  last_admin: {
    it: "Non puoi togliere l'ultimo amministratore dell'Ente.",
    en: "You cannot remove the Ente's last administrator.",
  },
  invalid_transition: {
    it: 'Il post è nello stato «{status}»: non è possibile {action}.',
    en: 'The post is in state "{status}": it is not possible to {actionEn}.',
  },
  self_approval: {
    it: 'Non puoi approvare un post che hai scritto o modificato tu ({reason}): serve un altro approvatore (principio dei quattro occhi).',
    en: 'You cannot approve a post you wrote or edited ({reasonEn}): another approver is needed (four-eyes principle).',
  },
  already_approved: {
    it: 'Hai già approvato questo post per il canale {channel}: serve l\'approvazione di un\'altra persona.',
    en: 'You have already approved this post for the channel {channel}: another person must approve it.',
  },
  blocking_findings: {
    it: 'Il post ha {count} problemi bloccanti: correggili prima di inviarlo in approvazione (elenco in «errors»).',
    en: 'The post has {count} blocking problems: fix them before submitting it for approval (listed in "errors").',
  },
  no_variants: {
    it: 'Il post non ha ancora testi per canale: scrivi almeno una variante prima di inviarlo in approvazione.',
    en: 'The post has no channel variants yet: write at least one before submitting it for approval.',
  },
  not_scheduled: {
    it: 'Indica data e ora di pubblicazione per il canale {channel}.',
    en: 'Give a publication date and time for the channel {channel}.',
  },
  no_connector: {
    it: 'Redazione non sa ancora pubblicare su {platform}: pubblica a mano.',
    en: 'Redazione cannot publish to {platform} yet: publish by hand.',
  },
  connection_failed: {
    it: 'Collegamento non riuscito: {reason}',
    en: 'Connection failed: {reasonEn}',
  },
  not_publishable: {
    it: 'La pubblicazione sul canale {channel} è nello stato «{state}»: non si può {action}.',
    en: 'The publication on channel {channel} is in state "{state}": it is not possible to {actionEn}.',
  },
  crisis_active: {
    it: 'È già in corso una crisi dichiarata: chiudila prima di dichiararne un\'altra (o prima di riprogrammare i post sospesi).',
    en: 'A declared crisis is already in progress: end it before declaring another (or before rescheduling paused posts).',
  },
  no_crisis: { it: 'Nessuna crisi è in corso.', en: 'No crisis is in progress.' },
  alert_not_draft: {
    it: "L'allerta è nello stato «{status}»: non si può {action}.",
    en: 'The alert is in state "{status}": it is not possible to {actionEn}.',
  },
  media_type_not_allowed: {
    it: 'Il file «{filename}» non è un\'immagine o un video accettato: sono ammessi JPEG, PNG, WebP, GIF, MP4, QuickTime e WebM (il formato è verificato sul contenuto del file). Nulla è stato salvato.',
    en: 'The file "{filename}" is not an accepted image or video: JPEG, PNG, WebP, GIF, MP4, QuickTime and WebM are allowed (the format is checked on the file content). Nothing was stored.',
  },
  media_too_large: {
    it: 'Il file «{filename}» è troppo grande: il limite per {kindIt} è {limit}. Nulla è stato salvato.',
    en: 'The file "{filename}" is too large: the limit for {kindEn} is {limit}. Nothing was stored.',
  },
  webhook_unauthorized: {
    it: 'Consegna {platform} rifiutata: firma o token segreto mancante o errato. Nulla è stato salvato.',
    en: '{platform} delivery refused: missing or wrong signature or secret token. Nothing was stored.',
  },
  reply_failed: {
    it: 'La piattaforma non ha accettato la risposta: {reason}',
    en: 'The platform did not accept the reply: {reasonEn}',
  },
  invalid_state: {
    it: 'L’elemento è nello stato «{state}»: operazione non possibile ora.',
    en: 'The item is in state "{state}": the operation is not possible now.',
  },
  internal: {
    it: 'Errore interno. Il problema è stato registrato; riprova più tardi.',
    en: 'Internal error. The problem has been logged; try again later.',
  },
};

/** Messages for field-level validation issues, keyed by zod issue code. */
export const FIELD_MESSAGES: Catalog = {
  required: { it: 'Campo obbligatorio.', en: 'Required field.' },
  invalid_type: { it: 'Tipo di valore non valido.', en: 'Invalid value type.' },
  too_small: { it: 'Valore troppo corto o troppo piccolo.', en: 'Value too short or too small.' },
  too_big: { it: 'Valore troppo lungo o troppo grande.', en: 'Value too long or too large.' },
  invalid_format: { it: 'Formato non valido.', en: 'Invalid format.' },
  invalid_value: { it: 'Valore non ammesso.', en: 'Value not allowed.' },
  unrecognized_keys: { it: 'Campo non previsto.', en: 'Unexpected field.' },
  custom: { it: 'Valore non valido.', en: 'Invalid value.' },
};

/** Fills `{name}` placeholders. */
export function format(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}

/** The localized message of an error code. */
export function errorMessage(code: string, lang: Lang, params: Record<string, string | number> = {}): string {
  const entry = ERROR_MESSAGES[code] ?? ERROR_MESSAGES.internal!;
  return format(entry[lang], params);
}
