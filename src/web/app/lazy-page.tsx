import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

const reloadKey = 'imr:chunk-reload';

/**
 * A page loaded on first visit (its own JavaScript chunk), so the login page and the portal's home do not
 * download every feature. Used in `routes.tsx`: `const CustomersPage = lazyPage(() => import('…'), 'CustomersPage')`;
 * the router shows a loader while the chunk arrives.
 *
 * After an upgrade the server no longer has the old build's chunks: a failed load reloads the page once
 * (new index.html, new chunk names) instead of showing an error.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- React.lazy's own bound: a page's props are its own.
export function lazyPage<K extends string, C extends ComponentType<any>>(
  load: () => Promise<Record<K, C>>,
  name: K,
): LazyExoticComponent<C> {
  return lazy(async () => {
    try {
      const module = await load();
      sessionStorage.removeItem(reloadKey);
      return { default: module[name] };
    } catch (e) {
      if (!sessionStorage.getItem(reloadKey)) {
        sessionStorage.setItem(reloadKey, '1');
        window.location.reload();
        return new Promise<never>(() => {});
      }
      throw e;
    }
  });
}
