import { SimpleGrid, Text } from '@mantine/core';
import { IconBriefcase, IconFileInvoice, IconScale } from '@tabler/icons-react';
import { roleLabels } from '../../../shared/roles.ts';
import { useSession } from '../../app/session.ts';
import { EmptyCard } from '../../components/EmptyCard.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';

/** The portal's home: who you are here, and (as features arrive) balance, open work and statements. */
export function PortalHomePage() {
  const { user } = useSession();
  return (
    <>
      <PageHeader
        title={`Welcome, ${user.name.split(/\s+/)[0] ?? user.name}`}
        description={<>You are signed in to the portal of <strong>{user.organizationName}</strong> as {roleLabels[user.role].toLowerCase()}.</>}
      />
      <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md">
        <EmptyCard heading="Retainer balance" icon={<IconScale size={22} stroke={1.5} aria-hidden />} title="No retainer to show yet" description="Your retainer's balance and term will be shown here." />
        <EmptyCard heading="Open work" icon={<IconBriefcase size={22} stroke={1.5} aria-hidden />} title="No open requests or engagements" description="Requests and engagements in progress will be shown here." />
        <EmptyCard heading="Statements" icon={<IconFileInvoice size={22} stroke={1.5} aria-hidden />} title="No statements yet" description="Monthly statements will be listed here." />
      </SimpleGrid>
      <Text size="sm" c="dimmed" mt="xl">In an emergency, call the hotline of your IR firm: help is available around the clock.</Text>
    </>
  );
}
