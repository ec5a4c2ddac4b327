/**
 * A fake of the Telegram Bot API methods the inbox's block needs, which the telegram-test-api
 * emulator used by the peer tests (v4.2.1) does not implement (it answers "API method … is not
 * supported" for anything but getMe, sendMessage, deleteMessage, getUpdates, setWebhook, …).
 * Following https://core.telegram.org/bots/api:
 * - "Making requests": `POST /bot<token>/<method>` with a JSON body; answers `{ok: true, result}` or
 *   `{ok: false, error_code, description}` with the same HTTP status; an unknown token is
 *   401 "Unauthorized".
 * - "getChat" → ChatFullInfo (`id`, `type`, `title`, `username`, `linked_chat_id`: the discussion group
 *   of a channel and the channel of that group); an unknown chat is 400 "Bad Request: chat not found".
 * - "banChatMember" (`chat_id`, `user_id`) → True, for groups, supergroups and channels; the bot must
 *   be an administrator with `can_restrict_members`. The refusals carry the descriptions the Bot API
 *   gives: "Bad Request: chat member status can't be changed in private chats", "Bad Request: not
 *   enough rights to restrict/unrestrict chat member", "Bad Request: user is an administrator of the
 *   chat", "Bad Request: can't remove chat owner", "Bad Request: chat not found".
 * Chats and their members are set up by the test (`addChat`).
 */
import { startFake, type FakeServer, type Reply } from './kernel.ts';

export interface FakeTgChat {
  id: number;
  type: 'private' | 'group' | 'supergroup' | 'channel';
  title?: string;
  username?: string;
  linkedChatId?: number;
  /** The bot is an administrator allowed to restrict members. */
  botCanRestrict?: boolean;
  owner?: number;
  admins?: number[];
}

export interface TelegramBotFake extends FakeServer {
  token: string;
  chats: Map<number, FakeTgChat>;
  /** Users banned, per chat id. */
  bans: Map<number, Set<number>>;
  addChat(chat: FakeTgChat): void;
}

const fail = (code: number, description: string): Reply => ({ status: code, body: { ok: false, error_code: code, description } });
const ok = (result: unknown): Reply => ({ status: 200, body: { ok: true, result } });

export async function startTelegramBotFake(opts: { token?: string } = {}): Promise<TelegramBotFake> {
  const token = opts.token ?? '123456:ABC-fake-bot-token';
  const chats = new Map<number, FakeTgChat>();
  const bans = new Map<number, Set<number>>();
  const chatOf = (ref: unknown): FakeTgChat | undefined => {
    if (typeof ref === 'string' && ref.startsWith('@')) return [...chats.values()].find((c) => c.username && `@${c.username}` === ref);
    return chats.get(Number(ref));
  };
  const server = await startFake({
    guard: (req) => (req.path.startsWith(`/bot${token}/`) ? undefined : fail(401, 'Unauthorized')),
    routes: [
      {
        method: 'POST',
        path: /^\/bot[^/]+\/getChat$/,
        handle: (req) => {
          const c = chatOf((req.json as { chat_id?: unknown } | undefined)?.chat_id);
          if (!c) return fail(400, 'Bad Request: chat not found');
          return ok({ id: c.id, type: c.type, ...(c.title ? { title: c.title } : {}), ...(c.username ? { username: c.username } : {}), ...(c.linkedChatId ? { linked_chat_id: c.linkedChatId } : {}), accent_color_id: 0, max_reaction_count: 11 });
        },
      },
      {
        method: 'POST',
        path: /^\/bot[^/]+\/banChatMember$/,
        handle: (req) => {
          const b = (req.json ?? {}) as { chat_id?: unknown; user_id?: unknown };
          if (b.chat_id === undefined) return fail(400, 'Bad Request: chat_id is empty');
          if (typeof b.user_id !== 'number') return fail(400, 'Bad Request: invalid user_id specified');
          const c = chatOf(b.chat_id);
          if (!c) return fail(400, 'Bad Request: chat not found');
          if (c.type === 'private') return fail(400, "Bad Request: chat member status can't be changed in private chats");
          if (!c.botCanRestrict) return fail(400, 'Bad Request: not enough rights to restrict/unrestrict chat member');
          if (c.owner === b.user_id) return fail(400, "Bad Request: can't remove chat owner");
          if (c.admins?.includes(b.user_id)) return fail(400, 'Bad Request: user is an administrator of the chat');
          if (!bans.has(c.id)) bans.set(c.id, new Set());
          bans.get(c.id)!.add(b.user_id);
          return ok(true);
        },
      },
    ],
    notFound: (req) => fail(404, `Not Found: method ${req.path.split('/').pop()} not in this fake`),
  });
  return Object.assign(server, { token, chats, bans, addChat: (c: FakeTgChat) => void chats.set(c.id, c) });
}
