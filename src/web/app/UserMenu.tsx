import { Avatar, Badge, Group, Menu, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { IconChevronDown, IconKey, IconLogout, IconUserCircle } from '@tabler/icons-react';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { roleLabels } from '../../shared/roles.ts';
import { logout } from '../features/auth/auth.api.ts';
import type { LoginNotice } from '../features/auth/LoginPage.tsx';
import { forgetSession, isCustomerUser, useSession } from './session.ts';

export const initialsOf = (name: string): string =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((p) => p[0]!.toUpperCase())
    .join('') || '?';

/** The signed-in user's name, role and organisation, with Sign out. */
export function UserMenu() {
  const { user } = useSession();
  const navigate = useNavigate();
  const [signingOut, setSigningOut] = useState(false);

  async function signOut() {
    setSigningOut(true);
    try {
      await logout();
    } catch {
      /* the session may already be gone: signing out locally is what the user asked for */
    }
    forgetSession();
    const state: LoginNotice = { notice: 'You have signed out.' };
    await navigate('/login', { replace: true, state });
  }

  return (
    <Menu position="bottom-end" width={260} shadow="md" withinPortal>
      <Menu.Target>
        <UnstyledButton
          // Named by its visible text (name, role) and a hidden "Account menu": a label must contain what it shows.
          px="xs"
          py={6}
          style={{ borderRadius: 'var(--mantine-radius-sm)' }}
        >
          <Group gap="xs" wrap="nowrap">
            <Avatar color="brand" radius="xl" size={32} aria-hidden>
              {initialsOf(user.name)}
            </Avatar>
            <div style={{ lineHeight: 1.2 }}>
              <Text size="sm" fw={600} visibleFrom="sm">
                {user.name}
              </Text>
              <Text size="xs" c="dimmed" visibleFrom="sm">
                {roleLabels[user.role]}
              </Text>
            </div>
            <VisuallyHidden>Account menu</VisuallyHidden>
            <IconChevronDown size={14} aria-hidden />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <div style={{ padding: '8px 12px' }}>
          <Text size="sm" fw={600}>
            {user.name}
          </Text>
          <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
            {user.email}
          </Text>
          <Group gap={6} mt={6}>
            <Badge variant="light" radius="sm" tt="none">
              {roleLabels[user.role]}
            </Badge>
          </Group>
          <Text size="xs" c="dimmed" mt={6}>
            {user.organizationName}
          </Text>
        </div>
        <Menu.Divider />
        {!isCustomerUser(user) ? (
          <Menu.Item
            leftSection={<IconUserCircle size={16} aria-hidden />}
            onClick={() => void navigate('/settings/profile')}
          >
            My profile
          </Menu.Item>
        ) : null}
        {!isCustomerUser(user) ? (
          <Menu.Item leftSection={<IconKey size={16} aria-hidden />} onClick={() => void navigate('/settings/tokens')}>
            API tokens
          </Menu.Item>
        ) : null}
        <Menu.Item
          leftSection={<IconLogout size={16} aria-hidden />}
          onClick={() => void signOut()}
          disabled={signingOut}
        >
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
