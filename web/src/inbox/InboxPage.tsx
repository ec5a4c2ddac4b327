import { Route, Routes } from "react-router";
import { PageTitle } from "../components/PageTitle";
import { useI18n } from "../i18n/I18n";
import { useEnte } from "../layout/EnteContext";
import { NotFoundPage } from "../layout/NotFoundPage";
import { FalseClaimsProvider } from "./falseClaims";
import { InboxListPage } from "./InboxListPage";
import { LatePage } from "./LatePage";
import { PrivacyPage } from "./PrivacyPage";
import { RecurringPage } from "./RecurringPage";
import { SanctionsPage } from "./SanctionsPage";
import { SavedRepliesPage } from "./SavedRepliesPage";
import { SettingsPage } from "./SettingsPage";
import { ThreadPage } from "./ThreadPage";

/**
 * The community inbox ("Posta"): every comment and message of every channel, threads and
 * conversations, replies, moderation by the policy, deadlines, recurring questions, saved replies,
 * sanctions, privacy requests and settings. Sub-pages live under /enti/:ente/posta/….
 */
export default function InboxPage() {
  const { t } = useI18n();
  const { can } = useEnte();
  if (!can("inbox.read")) {
    return (
      <>
        <PageTitle>{t("inbox.title")}</PageTitle>
        <p>{t("inbox.forbidden")}</p>
      </>
    );
  }
  return (
    <FalseClaimsProvider>
      <Routes>
        <Route index element={<InboxListPage />} />
        <Route path="ritardi" element={<LatePage />} />
        <Route path="ricorrenti" element={<RecurringPage />} />
        <Route path="risposte" element={<SavedRepliesPage />} />
        <Route path="sanzioni" element={<SanctionsPage />} />
        <Route path="privacy" element={<PrivacyPage />} />
        <Route path="impostazioni" element={<SettingsPage />} />
        <Route path=":itemId" element={<ThreadPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </FalseClaimsProvider>
  );
}
