import { AppShell, Burger, Container, Group, NavLink, ScrollArea, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useEffect, useState, type ReactNode } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { Brand } from '../features/auth/AuthCard.tsx';
import { navFor, type NavItem } from './routes.tsx';
import { useSession } from './session.ts';
import { SkipLink } from './SkipLink.tsx';
import { pageBackground } from './theme.ts';
import { UserMenu } from './UserMenu.tsx';

const isActive = (href: string, pathname: string): boolean =>
  href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`);

function NavGroupEntry({ item, pathname }: { item: NavItem & { children: NavItem[] }; pathname: string }) {
  const Icon = item.icon;
  const inside = isActive(item.href, pathname);
  // Open while one of its pages is shown; elsewhere as the user toggles it.
  const [toggled, setToggled] = useState(false);
  return (
    <NavLink
      label={item.label}
      leftSection={<Icon size={18} stroke={1.6} aria-hidden />}
      opened={inside || toggled}
      onChange={setToggled}
      active={inside}
      variant="subtle"
      childrenOffset={28}
    >
      {item.children.map((c) => (
        <NavEntry key={c.href} item={c} pathname={pathname} />
      ))}
    </NavLink>
  );
}

function NavEntry({ item, pathname }: { item: NavItem; pathname: string }) {
  if (item.children) return <NavGroupEntry item={{ ...item, children: item.children }} pathname={pathname} />;
  const Icon = item.icon;
  const active = isActive(item.href, pathname);
  return (
    <NavLink
      component={Link}
      to={item.href}
      label={item.label}
      leftSection={<Icon size={18} stroke={1.6} aria-hidden />}
      active={active}
      aria-current={active ? 'page' : undefined}
      variant="light"
    />
  );
}

/** The provider staff's app: header with the user menu, sidebar navigation filtered by role. */
export function StaffLayout({ children }: { children?: ReactNode }) {
  const { user } = useSession();
  const { pathname } = useLocation();
  const [opened, { toggle, close }] = useDisclosure(false);
  useEffect(() => close(), [pathname, close]);
  const items = navFor('staff', user.role);

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 248, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="lg"
    >
      <SkipLink />
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={opened ? 'Close navigation' : 'Open navigation'}
            />
            <Link to="/" style={{ textDecoration: 'none' }} aria-label="IMR Desk home">
              <Brand />
            </Link>
            <Text size="sm" c="dimmed" visibleFrom="md">
              {user.organizationName}
            </Text>
          </Group>
          <UserMenu />
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" component="nav" aria-label="Main navigation">
        <AppShell.Section grow component={ScrollArea}>
          {items.map((item) => (
            <NavEntry key={item.href} item={item} pathname={pathname} />
          ))}
        </AppShell.Section>
        <AppShell.Section>
          <Text size="xs" c="dimmed" px="sm" py="xs">
            Incident Management Retainer
          </Text>
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1} bg={pageBackground}>
        <Container size="xl" px={0}>
          {children ?? <Outlet />}
        </Container>
      </AppShell.Main>
    </AppShell>
  );
}
