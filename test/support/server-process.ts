// One real server of the product for multi-process tests (test/support/processes.ts): serve() exactly as
// `npm start` runs it (without the web build), configured from the environment the test gives it. It
// stops on the parent's `stop`, on SIGTERM, or when the parent goes away (no orphans); kill -9 is the test's.
import { failStart, sendToParent, serveUntilStopped } from '../../bench/support/child-protocol.ts';
import { loadConfig } from '../../src/config/config.ts';
import { serve } from '../../src/main/serve.ts';

try {
  const running = await serve({ config: loadConfig(process.env), announce: (t) => process.stdout.write(`${t}\n`) });
  serveUntilStopped(() => running.stop());
  sendToParent({ type: 'ready', url: running.url });
} catch (e) {
  failStart(e);
}
