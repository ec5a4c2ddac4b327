import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { setApiLanguage } from '../api/client';
import { en } from './en';
import { it, type MessageKey } from './it';

export type Lang = 'it' | 'en';
const DICTS: Record<Lang, Record<MessageKey, string>> = { it, en };
const STORAGE_KEY = 'redazione.lang';

export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

interface I18nValue {
  lang: Lang;
  setLang(lang: Lang): void;
  t: Translate;
  /** Looks up a key built at run time (labels of codes); falls back to the code itself. */
  label(prefix: string, code: string): string;
  /** Formats an ISO date-time (or date) in the UI language. */
  formatDate(iso: string | null | undefined, withTime?: boolean): string;
}

const I18nContext = createContext<I18nValue | null>(null);

function initialLang(): Lang {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'it' || saved === 'en') return saved;
  } catch {
    // storage may be disabled: Italian is the default
  }
  return 'it';
}

function interpolate(text: string, params?: Params): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

/** Provides the UI language; Italian first, English on request, remembered in localStorage. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  setApiLanguage(lang);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  const setLang = useCallback((next: Lang) => {
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // ignore: the choice lasts for this page only
    }
    setApiLanguage(next);
    setLangState(next);
  }, []);

  const value = useMemo<I18nValue>(() => {
    const dict = DICTS[lang];
    const t: Translate = (key, params) => interpolate(dict[key] ?? key, params);
    const label = (prefix: string, code: string) => (dict as Record<string, string>)[`${prefix}.${code}`] ?? code;
    const locale = lang === 'it' ? 'it-IT' : 'en-GB';
    const formatDate = (iso: string | null | undefined, withTime = true) => {
      if (!iso) return '';
      const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T12:00:00` : iso);
      if (Number.isNaN(d.getTime())) return iso;
      return withTime
        ? d.toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' })
        : d.toLocaleDateString(locale, { dateStyle: 'long' });
    };
    return { lang, setLang, t, label, formatDate };
  }, [lang, setLang]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const v = useContext(I18nContext);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}
