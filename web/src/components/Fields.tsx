/**
 * Form fields with Bootstrap Italia markup: a visible label bound to the control, help and error
 * text tied with aria-describedby, aria-invalid on errors.
 */
import type { ChangeEvent, ReactNode } from 'react';
import { ApiError } from '../api/client';

function describedBy(id: string, help?: ReactNode, error?: string): string | undefined {
  const ids = [help ? `${id}-help` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function FieldTexts({ id, help, error }: { id: string; help?: ReactNode; error?: string }) {
  return (
    <>
      {help ? (
        <small id={`${id}-help`} className="form-text">
          {help}
        </small>
      ) : null}
      {error ? (
        <div id={`${id}-error`} className="invalid-feedback d-block">
          {error}
        </div>
      ) : null}
    </>
  );
}

interface TextFieldProps {
  id: string;
  label: string;
  value: string;
  onChange(value: string): void;
  type?: 'text' | 'email' | 'password' | 'url' | 'date' | 'datetime-local';
  required?: boolean;
  help?: ReactNode;
  error?: string;
  autoComplete?: string;
  maxLength?: number;
  minLength?: number;
  disabled?: boolean;
}

export function TextField({ id, label, value, onChange, type = 'text', required, help, error, autoComplete, maxLength, minLength, disabled }: TextFieldProps) {
  return (
    <div className="form-group rdz-field">
      <label htmlFor={id} className="active">
        {label}
      </label>
      <input
        id={id}
        name={id}
        type={type}
        className={`form-control${error ? ' is-invalid' : ''}`}
        value={value}
        onChange={(e: ChangeEvent<HTMLInputElement>) => onChange(e.target.value)}
        required={required}
        aria-required={required || undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, help, error)}
        autoComplete={autoComplete}
        maxLength={maxLength}
        minLength={minLength}
        disabled={disabled}
      />
      <FieldTexts id={id} help={help} error={error} />
    </div>
  );
}

export function TextAreaField({ id, label, value, onChange, required, help, error, maxLength, rows = 3 }: Omit<TextFieldProps, 'type'> & { rows?: number }) {
  return (
    <div className="form-group rdz-field">
      <label htmlFor={id} className="active">
        {label}
      </label>
      <textarea
        id={id}
        name={id}
        className={`form-control${error ? ' is-invalid' : ''}`}
        value={value}
        rows={rows}
        onChange={(e) => onChange(e.target.value)}
        required={required}
        aria-required={required || undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, help, error)}
        maxLength={maxLength}
      />
      <FieldTexts id={id} help={help} error={error} />
    </div>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function SelectField({
  id,
  label,
  value,
  onChange,
  options,
  required,
  help,
  error,
  placeholder,
}: Omit<TextFieldProps, 'type'> & { options: Option[]; placeholder?: string }) {
  return (
    <div className="select-wrapper rdz-field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        name={id}
        className={error ? 'is-invalid' : undefined}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        required={required}
        aria-required={required || undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, help, error)}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldTexts id={id} help={help} error={error} />
    </div>
  );
}

export function Checkbox({ id, label, checked, onChange, help }: { id: string; label: ReactNode; checked: boolean; onChange(checked: boolean): void; help?: ReactNode }) {
  return (
    <div className="form-check">
      <input id={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} aria-describedby={help ? `${id}-help` : undefined} />
      <label htmlFor={id}>{label}</label>
      {help ? (
        <small id={`${id}-help`} className="form-text d-block">
          {help}
        </small>
      ) : null}
    </div>
  );
}

/** A group of checkboxes in a fieldset with a legend (roles, desk members, custody). */
export function CheckboxGroup({
  id,
  legend,
  options,
  value,
  onChange,
  error,
  inline,
}: {
  id: string;
  legend: string;
  options: Option[];
  value: readonly string[];
  onChange(next: string[]): void;
  error?: string;
  inline?: boolean;
}) {
  const toggle = (v: string, on: boolean) => onChange(on ? [...value.filter((x) => x !== v), v] : value.filter((x) => x !== v));
  return (
    <fieldset className="rdz-fieldset" aria-describedby={error ? `${id}-error` : undefined}>
      <legend className="rdz-legend">{legend}</legend>
      <div className={inline ? 'd-flex flex-wrap column-gap-4' : undefined}>
        {options.map((o) => (
          <div className="form-check" key={o.value}>
            <input id={`${id}-${o.value}`} type="checkbox" checked={value.includes(o.value)} onChange={(e) => toggle(o.value, e.target.checked)} />
            <label htmlFor={`${id}-${o.value}`}>{o.label}</label>
          </div>
        ))}
      </div>
      {error ? (
        <div id={`${id}-error`} className="invalid-feedback d-block">
          {error}
        </div>
      ) : null}
    </fieldset>
  );
}

/** Field errors of a 400, keyed by the top-level field name (e.g. "custody.holders.0" → also "custody.holders"). */
export function fieldErrors(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(error instanceof ApiError)) return out;
  for (const e of error.fieldErrors) {
    const parts = e.field.split('.');
    for (let i = parts.length; i >= 1; i--) {
      const key = parts.slice(0, i).join('.');
      out[key] ??= e.message;
    }
  }
  return out;
}
