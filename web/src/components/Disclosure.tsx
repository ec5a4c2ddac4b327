import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { Icon } from './Icon';

/**
 * A disclosure menu (button + list shown below): simpler and more robust for assistive technology
 * than an ARIA menu. Closes on Escape (focus back to the button) and on a click outside.
 */
export function Disclosure({ label, buttonContent, children, align = 'end' }: { label: string; buttonContent: ReactNode; children: (close: () => void) => ReactNode; align?: 'start' | 'end' }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onDoc = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false);
        button.current?.focus();
      }
    };
    document.addEventListener('mousedown', onDoc);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onDoc);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  return (
    <div className="rdz-disclosure" ref={root}>
      <button
        ref={button}
        type="button"
        className="btn rdz-disclosure-toggle"
        aria-expanded={open}
        aria-controls={id}
        aria-label={label}
        onClick={() => setOpen((o) => !o)}
      >
        {buttonContent}
        <Icon name={open ? 'it-collapse' : 'it-expand'} size="sm" className="icon-white ms-1" />
      </button>
      <div id={id} className={`rdz-disclosure-panel rdz-align-${align}`} hidden={!open}>
        <div className="link-list-wrapper">{children(() => setOpen(false))}</div>
      </div>
    </div>
  );
}
