import { Suspense, type ReactNode } from 'react';
import { createBrowserRouter, Navigate, redirect, type RouteObject } from 'react-router';
import { onUnauthenticated, setCsrfToken, isApiError } from '../api/client.ts';
import { FullPageLoader, PageLoader } from '../components/Loading.tsx';
import { ForgotPasswordPage } from '../features/auth/ForgotPasswordPage.tsx';
import { LoginPage } from '../features/auth/LoginPage.tsx';
import { SetPasswordPage } from '../features/auth/SetPasswordPage.tsx';
import { NotFoundPage, RouteErrorPage } from './ErrorPages.tsx';
import { requireArea, RequireRole } from './guards.tsx';
import { PortalLayout } from './PortalLayout.tsx';
import { queryClient } from './query-client.ts';
import { allows, areaBase, hrefOf, navGroups, pageRoutes, publicPageRoutes, type Area } from './routes.tsx';
import { isCustomerUser, loginPathFor, requireSession, safeNext, sessionQuery, useSession } from './session.ts';
import { StaffLayout } from './StaffLayout.tsx';

/** A page of the registry: its chunk loads on first visit (routes.tsx), the layout stays while it does. */
const page = (element: ReactNode) => <Suspense fallback={<PageLoader />}>{element}</Suspense>;

/** The route objects of one area, from the registry: each page behind its role guard and error boundary. */
function areaRoutes(area: Area): RouteObject[] {
  const home = areaBase[area];
  const pages: RouteObject[] = pageRoutes
    .filter((r) => r.area === area)
    .map((r) => {
      const element = (
        <RequireRole roles={r.roles} home={home}>
          {page(r.element)}
        </RequireRole>
      );
      return r.path === ''
        ? { index: true, element, errorElement: <RouteErrorPage /> }
        : { path: r.path, element, errorElement: <RouteErrorPage /> };
    });
  if (area === 'staff') {
    for (const [id, g] of Object.entries(navGroups))
      pages.push({ path: g.path, element: <GroupHome group={id as keyof typeof navGroups} /> });
  }
  return pages;
}

/** A navigation group's own path (/settings) opens its first entry this role may see. */
function GroupHome({ group }: { group: keyof typeof navGroups }) {
  const { user } = useSession();
  const first = pageRoutes
    .filter((r) => r.area === 'staff' && r.nav?.group === group && allows(r, user.role))
    .sort((a, b) => a.nav!.order - b.nav!.order)[0];
  return first ? <Navigate to={hrefOf('staff', first.path)} replace /> : <NotFoundPage />;
}

/** Unknown paths: the 404 page inside the signed-in user's own layout. */
function SignedInNotFound() {
  const { user } = useSession();
  return isCustomerUser(user) ? (
    <PortalLayout>
      <NotFoundPage home="/portal" />
    </PortalLayout>
  ) : (
    <StaffLayout>
      <NotFoundPage />
    </StaffLayout>
  );
}

/** /login when already signed in goes straight on. */
async function loginLoader({ request }: { request: Request }) {
  try {
    const me = await queryClient.ensureQueryData(sessionQuery);
    const next = safeNext(new URL(request.url).searchParams.get('next'));
    return redirect(isCustomerUser(me.user) ? '/portal' : next.startsWith('/portal') ? '/' : next);
  } catch (e) {
    if (isApiError(e) && e.status === 401) return null;
    throw e;
  }
}

export function createRouter() {
  const router = createBrowserRouter([
    {
      path: '/login',
      element: <LoginPage />,
      loader: loginLoader,
      errorElement: <RouteErrorPage />,
      hydrateFallbackElement: <FullPageLoader />,
    },
    { path: '/forgot-password', element: <ForgotPasswordPage />, errorElement: <RouteErrorPage /> },
    { path: '/set-password', element: <SetPasswordPage mode="set" />, errorElement: <RouteErrorPage /> },
    { path: '/reset-password', element: <SetPasswordPage mode="reset" />, errorElement: <RouteErrorPage /> },
    ...publicPageRoutes.map((r) => ({ path: r.path, element: page(r.element), errorElement: <RouteErrorPage /> })),
    {
      id: 'session',
      loader: requireSession,
      errorElement: <RouteErrorPage />,
      hydrateFallbackElement: <FullPageLoader />,
      children: [
        { path: '/', element: <StaffLayout />, loader: requireArea('staff'), children: areaRoutes('staff') },
        { path: '/portal', element: <PortalLayout />, loader: requireArea('portal'), children: areaRoutes('portal') },
        { path: '*', element: <SignedInNotFound /> },
      ],
    },
  ]);

  // A session that ends while the app is open (expiry, sign-out elsewhere, disabled account): sign in again, then come back.
  onUnauthenticated(() => {
    const here = window.location.pathname + window.location.search;
    if (here.startsWith('/login')) return;
    setCsrfToken(null);
    queryClient.removeQueries({ queryKey: sessionQuery.queryKey });
    void router.navigate(loginPathFor(here), { replace: true }).then(() => queryClient.clear());
  });
  return router;
}
