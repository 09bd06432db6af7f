import { Center, Group, Loader, Paper, Skeleton, Stack, Text } from '@mantine/core';

/** Placeholder rows while a table loads. */
export function TableSkeleton({ rows = 5, columns = 4 }: { rows?: number; columns?: number }) {
  return (
    <Paper withBorder p="md" aria-busy="true" aria-label="Loading">
      <Stack gap="md">
        <Group gap="md" wrap="nowrap">
          {Array.from({ length: columns }, (_, i) => (
            <Skeleton key={i} height={12} width={`${100 / columns}%`} />
          ))}
        </Group>
        {Array.from({ length: rows }, (_, r) => (
          <Group key={r} gap="md" wrap="nowrap">
            {Array.from({ length: columns }, (_, i) => (
              <Skeleton key={i} height={20} width={`${100 / columns}%`} />
            ))}
          </Group>
        ))}
      </Stack>
    </Paper>
  );
}

/** Placeholder cards while a page of cards loads. */
export function CardsSkeleton({ count = 3 }: { count?: number }) {
  return (
    <Group gap="md" grow aria-busy="true" aria-label="Loading">
      {Array.from({ length: count }, (_, i) => (
        <Skeleton key={i} height={120} radius="md" />
      ))}
    </Group>
  );
}

/** A whole-screen wait (the first check of the session). */
export function FullPageLoader({ label = 'Loading IMR Desk…' }: { label?: string }) {
  return (
    <Center h="100vh" role="status">
      <Stack align="center" gap="sm">
        <Loader size="md" />
        <Text c="dimmed" size="sm">
          {label}
        </Text>
      </Stack>
    </Center>
  );
}

/** A page's own code on its way (the first visit of a page, see app/lazy-page.tsx). */
export function PageLoader() {
  return (
    <Center mih={240} role="status" aria-label="Loading the page">
      <Loader size="md" />
    </Center>
  );
}
