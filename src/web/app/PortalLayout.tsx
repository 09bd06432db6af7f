import { AppShell, Box, Container, Group, ScrollArea, Text, UnstyledButton } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { Brand } from '../features/auth/AuthCard.tsx';
import { navFor } from './routes.tsx';
import { useSession } from './session.ts';
import { SkipLink } from './SkipLink.tsx';
import { pageBackground } from './theme.ts';
import { UserMenu } from './UserMenu.tsx';

const isActive = (href: string, pathname: string): boolean =>
  href === '/portal'
    ? pathname === '/portal' || pathname === '/portal/'
    : pathname === href || pathname.startsWith(`${href}/`);

/** The customer portal: the customer's organisation up top, a short bar of links, a narrower page. */
export function PortalLayout({ children }: { children?: ReactNode }) {
  const { user } = useSession();
  const { pathname } = useLocation();
  const items = navFor('portal', user.role);

  return (
    <AppShell header={{ height: 108 }} padding={0}>
      <SkipLink />
      <AppShell.Header>
        <Container size="lg" h={60}>
          <Group h="100%" justify="space-between" wrap="nowrap">
            <Group gap="md" wrap="nowrap">
              <Link to="/portal" style={{ textDecoration: 'none' }} aria-label="IMR Desk, customer portal home">
                <Brand />
              </Link>
              <Box pl="md" style={{ borderLeft: '1px solid var(--mantine-color-gray-3)' }}>
                <Text size="xs" c="dimmed" lh={1.2}>
                  Customer portal
                </Text>
                <Text fw={600} size="sm" lh={1.3} data-testid="portal-organization">
                  {user.organizationName}
                </Text>
              </Box>
            </Group>
            <UserMenu />
          </Group>
        </Container>
        <Box
          component="nav"
          aria-label="Portal navigation"
          style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}
        >
          <Container size="lg">
            <ScrollArea type="never">
              <Group gap={4} h={47} wrap="nowrap">
                {items.map((item) => {
                  const active = isActive(item.href, pathname);
                  const Icon = item.icon;
                  return (
                    <UnstyledButton
                      key={item.href}
                      component={Link}
                      to={item.href}
                      aria-current={active ? 'page' : undefined}
                      className="imr-portal-tab"
                      data-active={active || undefined}
                    >
                      <Group gap={6} wrap="nowrap">
                        <Icon size={16} stroke={1.7} aria-hidden />
                        {item.label}
                      </Group>
                    </UnstyledButton>
                  );
                })}
              </Group>
            </ScrollArea>
          </Container>
        </Box>
      </AppShell.Header>
      <AppShell.Main id="main" tabIndex={-1} bg={pageBackground}>
        <Container size="lg" py="xl">
          {children ?? <Outlet />}
        </Container>
        <Container size="lg" pb="xl">
          <Text size="xs" c="dimmed">
            Questions about your retainer or an engagement? Contact your account team at the IR firm.
          </Text>
        </Container>
      </AppShell.Main>
    </AppShell>
  );
}
