import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { apiSignIn, type ApiSession } from './api.ts';
import { launchBrowser, type TestBrowser } from './browser.ts';
import { startProduct, type Product } from './product.ts';

export interface BrowserSuite {
  product: Product;
  browser: TestBrowser;
  /** The first administrator, signed in over the API (set-up and checks). */
  admin: ApiSession;
}

/**
 * The hooks of a browser-test file: the product started once (seeded if asked), Chromium, an admin API
 * session; after each test, no Content-Security-Policy refusal and no uncaught page error. Fields are set
 * in beforeAll: read them inside tests.
 */
export function browserSuite(o: Parameters<typeof startProduct>[0] = {}): BrowserSuite {
  const s = {} as BrowserSuite;
  beforeAll(async () => {
    s.product = await startProduct(o);
    s.browser = await launchBrowser();
    s.admin = await apiSignIn(s.product.url, s.product.admin.email, s.product.admin.password);
  });
  afterEach(() => {
    expect(s.browser.problems).toEqual([]);
  });
  afterAll(async () => {
    await s.browser?.close();
    await s.product?.stop();
  });
  return s;
}
