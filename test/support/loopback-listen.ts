/**
 * Forces every server this process starts to listen on 127.0.0.1 only: local peers such as the
 * AT Protocol PDS of @atproto/dev-env bind all interfaces otherwise. Returns the undo function.
 */
import net from 'node:net';

export function forceLoopbackListen(): () => void {
  const original = net.Server.prototype.listen;
  net.Server.prototype.listen = function patched(this: net.Server, ...args: unknown[]) {
    const first = args[0];
    const cb = args.find((a) => typeof a === 'function');
    if (first === undefined || typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
      return original.call(this, { port: first === undefined ? 0 : Number(first), host: '127.0.0.1' }, cb as () => void);
    }
    if (first && typeof first === 'object' && !('fd' in first) && !('path' in first) && !('_handle' in first)) {
      return original.call(this, { ...(first as net.ListenOptions), host: '127.0.0.1' }, cb as () => void);
    }
    return (original as (...a: unknown[]) => net.Server).apply(this, args);
  } as typeof original;
  return () => {
    net.Server.prototype.listen = original;
  };
}
