import { Alert } from 'design-react-kit';

/** What an action on an item came to: done, or to be done by hand on the platform. */
export interface Outcome {
  tone: 'success' | 'warning';
  text: string;
  /** Text the office must copy by hand (a survey link message). */
  copy?: string;
}

/** The outcome of the last action, read out politely; "da fare a mano" stays until the next action. */
export function OutcomeMessage({ outcome, id }: { outcome: Outcome | null; id?: string }) {
  return (
    <div role="status" aria-live="polite" id={id}>
      {outcome ? (
        <Alert color={outcome.tone} className={`my-3${outcome.tone === 'warning' ? ' rdz-manual' : ''}`}>
          <span>{outcome.text}</span>
          {outcome.copy ? <blockquote className="rdz-comment mt-2 mb-0">{outcome.copy}</blockquote> : null}
        </Alert>
      ) : null}
    </div>
  );
}
