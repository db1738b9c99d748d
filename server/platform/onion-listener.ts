/**
 * Which requests came through the onion service: those accepted on the onion listener
 * (ONION_PORT), a port only the tor daemon reaches. Behind Tor every request comes from the tor
 * daemon, so nothing a request carries can tell one onion client from another, and nothing it
 * carries (Host, X-Forwarded-For, ...) decides whether it is an onion request: only the socket it
 * arrived on does. Clearnet requests are never marked.
 */
import type { IncomingMessage, RequestListener } from 'node:http';

const onionRequests = new WeakSet<IncomingMessage>();

/** The app as the onion listener serves it: every request it handles is marked as an onion request. */
export function onionRequestListener(app: RequestListener): RequestListener {
  return (req, res) => {
    onionRequests.add(req);
    app(req, res);
  };
}

export function arrivedOverOnion(req: IncomingMessage): boolean {
  return onionRequests.has(req);
}
