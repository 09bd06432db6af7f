import { Box, Center, Group, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconShieldCheck } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { pageBackground } from '../../app/theme.ts';

/** The product's mark: a shield and the name. */
export function Brand({ size = 'md' }: { size?: 'md' | 'lg' }) {
  return (
    <Group gap="xs" wrap="nowrap">
      <ThemeIcon size={size === 'lg' ? 40 : 30} radius="md" aria-hidden>
        <IconShieldCheck size={size === 'lg' ? 24 : 18} stroke={1.8} />
      </ThemeIcon>
      <Text fw={700} fz={size === 'lg' ? 22 : 17} c="brand.9" style={{ letterSpacing: '-0.01em' }}>
        IMR Desk
      </Text>
    </Group>
  );
}

/** The frame of the pages used before signing in: a centred card under the product's mark. */
export function AuthCard({
  title,
  subtitle,
  children,
  footer,
}: {
  title: string;
  subtitle?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
}) {
  useDocumentTitle(`${title} · IMR Desk`);
  return (
    <Box component="main" id="main" mih="100vh" py={64} px="md" bg={pageBackground}>
      <Center>
        <Stack w="100%" maw={420} gap="lg">
          <Center>
            <Brand size="lg" />
          </Center>
          <Paper withBorder shadow="sm" p={32} radius="md">
            <Stack gap="xs" mb="lg">
              <Title order={1} fz="h3">
                {title}
              </Title>
              {subtitle ? (
                <Text c="dimmed" size="sm">
                  {subtitle}
                </Text>
              ) : null}
            </Stack>
            {children}
          </Paper>
          {footer ? (
            <Text ta="center" size="sm" c="dimmed">
              {footer}
            </Text>
          ) : null}
          <Text ta="center" size="xs" c="dimmed">
            IMR Desk · Incident Management Retainer
          </Text>
        </Stack>
      </Center>
    </Box>
  );
}
