import type { ReactNode } from 'react';
import { redirect } from 'react-router';
import type { Role } from '../../shared/roles.ts';
import { ForbiddenPage } from './ErrorPages.tsx';
import { areaBase, type Area } from './routes.tsx';
import { isCustomerUser, requireSession, useSession } from './session.ts';

/** Route loader of an area: customer users belong in the portal, provider staff in the staff app. */
export function requireArea(area: Area) {
  return async (args: { request: Request }) => {
    const me = await requireSession(args);
    const own: Area = isCustomerUser(me.user) ? 'portal' : 'staff';
    if (own !== area) throw redirect(areaBase[own]);
    return null;
  };
}

/** Shows the page to the roles it names, and a "no access" page to the others. */
export function RequireRole({
  roles,
  home,
  children,
}: {
  roles: readonly Role[] | undefined;
  home: string;
  children: ReactNode;
}) {
  const { user } = useSession();
  if (roles && !roles.includes(user.role)) return <ForbiddenPage home={home} />;
  return <>{children}</>;
}
