// The hello-world baseline: the same framework (Fastify) with nothing in it, in a process of its own.
import Fastify from 'fastify';
import { failStart, sendToParent, serveUntilStopped } from './child-protocol.ts';

try {
  const app = Fastify({ logger: false });
  app.get('/', async () => ({ hello: 'world' }));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  serveUntilStopped(() => app.close());
  sendToParent({ type: 'ready', url: `http://127.0.0.1:${port}` });
} catch (e) {
  failStart(e);
}
