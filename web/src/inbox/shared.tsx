import { Link, NavLink } from "react-router";
import { entePath } from "../api/client";
import type { Bilingual } from "../api/types";
import { useI18n } from "../i18n/I18n";
import type { MessageKey } from "../i18n/it";
import { useEnte } from "../layout/EnteContext";
import { useFalseClaim } from "./falseClaims";
import type { InboxItem, ItemStatus, Lateness } from "./types";
import "./inbox.css";

/** API base of the inbox of the current Ente, and the UI's base path. */
export function useInboxPaths() {
  const { ente } = useEnte();
  return {
    api: `${entePath(ente.slug)}/inbox`,
    ui: `/enti/${ente.slug}/posta`,
    ente: entePath(ente.slug),
  };
}

const STATUS_CLASS: Record<ItemStatus, string> = {
  new: "rdz-status-info",
  assigned: "rdz-status-neutral",
  waiting: "rdz-status-warn",
  answered: "rdz-status-ok",
  closed: "rdz-status-neutral",
  hidden: "rdz-status-danger",
};

/** An item's status as a word in a pill (the word carries the meaning, not the colour). */
export function ItemStatusBadge({ status }: { status: ItemStatus }) {
  const { t, label } = useI18n();
  return (
    <span className={`rdz-pill ${STATUS_CLASS[status]}`}>
      <span className="visually-hidden">{t("inbox.statusPrefix")} </span>
      {label("inbox.status", status)}
    </span>
  );
}

/** "In ritardo" / "In scadenza" with the deadline; nothing for items without a deadline. */
export function DeadlineBadge({
  item,
}: {
  item: Pick<InboxItem, "lateness" | "dueAt">;
}) {
  const { t, formatDate } = useI18n();
  const l: Lateness = item.lateness;
  if (l === "none" || !item.dueAt) return null;
  const cls =
    l === "late"
      ? "rdz-status-danger"
      : l === "soon"
        ? "rdz-status-warn"
        : "rdz-status-ok";
  return (
    <span className="d-inline-block">
      <span className={`rdz-pill ${cls}`}>
        {t(`inbox.lateness.${l}` as MessageKey)}
      </span>
      <span className="d-block small">
        {t("inbox.dueAt", { date: formatDate(item.dueAt) })}
      </span>
    </span>
  );
}

/** Marks that travel with an item: review queue, "da fare a mano", question, erased. */
export function ItemFlags({ item }: { item: InboxItem }) {
  const { t, label } = useI18n();
  const claim = useFalseClaim(item.id);
  const { ente } = useEnte();
  return (
    <span className="rdz-inbox-flags">
      {claim ? (
        <Link
          className="rdz-pill rdz-status-danger"
          to={`/enti/${ente.slug}/crisi/notizie-false`}
          title={claim.claim}
        >
          {t("inbox.flag.falseClaim", {
            claim:
              claim.claim.length > 60
                ? `${claim.claim.slice(0, 59)}…`
                : claim.claim,
          })}
        </Link>
      ) : null}
      {item.moderation.needsReview ? (
        <span className="rdz-pill rdz-status-warn">
          {t("inbox.flag.review")}
        </span>
      ) : null}
      {item.manualAction ? (
        <span className="rdz-pill rdz-status-danger">
          {t("inbox.flag.manual", {
            action: label("inbox.manual", item.manualAction),
          })}
        </span>
      ) : null}
      {item.isQuestion ? (
        <span className="rdz-pill rdz-status-info">
          {t("inbox.flag.question")}
        </span>
      ) : null}
      {item.erased ? (
        <span className="rdz-pill rdz-status-neutral">
          {t("inbox.flag.erased")}
        </span>
      ) : null}
    </span>
  );
}

/** "Canale Telegram · Allerte Comune di Esempio" */
export function useChannelLabel() {
  const { label } = useI18n();
  return (c: { platform: string; name: string }) =>
    `${label("platform", c.platform)} · ${c.name}`;
}

/** The text of a bilingual message in the UI language. */
export function useBi(): (b: Bilingual) => string {
  const { lang } = useI18n();
  return (b) => (lang === "en" ? b.en : b.it);
}

/** A saved reply's body with `{nome}` replaced by the citizen's public name. */
export function fillSavedReply(body: string, name: string): string {
  return body.replace(/\{nome\}/g, name);
}

/** A short excerpt of a long text, on a word boundary. */
export function excerpt(text: string, max = 140): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(" ");
  return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`;
}

const SECTIONS: { to: string; key: MessageKey; end?: boolean }[] = [
  { to: "", key: "inbox.nav.list", end: true },
  { to: "ritardi", key: "inbox.nav.late" },
  { to: "ricorrenti", key: "inbox.nav.recurring" },
  { to: "risposte", key: "inbox.nav.saved" },
  { to: "sanzioni", key: "inbox.nav.sanctions" },
  { to: "privacy", key: "inbox.nav.privacy" },
  { to: "impostazioni", key: "inbox.nav.settings" },
];

/** The inbox's own sections, a secondary navigation under the page title. */
export function InboxNav() {
  const { t } = useI18n();
  const { ui } = useInboxPaths();
  const { can } = useEnte();
  const visible = SECTIONS.filter(
    (s) => s.to !== "privacy" || can("inbox.privacy"),
  );
  return (
    <nav aria-label={t("inbox.nav.label")} className="rdz-inbox-nav mb-4">
      <ul>
        {visible.map((s) => (
          <li key={s.to}>
            <NavLink to={s.to ? `${ui}/${s.to}` : ui} end={s.end}>
              {t(s.key)}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
