import { Anchor, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconMail, IconPhone, IconPhoneCall, IconUsers } from '@tabler/icons-react';
import { Fragment } from 'react';
import { usePortalFirm, type FirmHotline } from '../settings/firm.api.ts';

/** A tel: link for a number as people write it ("+44 20 7946 0000" → tel:+442079460000). */
const telOf = (number: string): string => `tel:${number.replace(/[^\d+]/g, '')}`;

/** The hotline numbers as tel: links, "label number", separated by a middle dot. */
export function HotlineLinks({ hotlines }: { hotlines: FirmHotline[] }) {
  return (
    <>
      {hotlines.map((h, i) => (
        <Fragment key={`${h.label}-${h.number}`}>
          {i > 0 ? ' · ' : ''}
          {h.label}{' '}
          <Anchor href={telOf(h.number)} fw={600} inherit>
            {h.number}
          </Anchor>
        </Fragment>
      ))}
    </>
  );
}

/**
 * "call the hotline of your IR firm", with the firm's name and its numbers once the profile is known:
 * "call the hotline of Harbour IR: 24×7 hotline (EU) +353 1 555 0100".
 */
export function CallTheHotline({ capital = false }: { capital?: boolean }) {
  const firm = usePortalFirm().data;
  const call = capital ? 'Call' : 'call';
  if (!firm || firm.hotlines.length === 0) return <>{call} the hotline of your IR firm</>;
  return (
    <>
      {call} the hotline of {firm.name}: <HotlineLinks hotlines={firm.hotlines} />
    </>
  );
}

/** The portal home's line under everything: the hotline(s) to call in an emergency. */
export function HotlineNotice() {
  return (
    <Group gap="xs" wrap="nowrap" align="flex-start" mt="xl">
      <IconPhoneCall size={18} aria-hidden style={{ flexShrink: 0, marginTop: 2 }} />
      <Text size="sm">
        In an emergency, <CallTheHotline />. Help is available around the clock.
      </Text>
    </Group>
  );
}

/** The customer's account team at the firm: names, roles, email and work phone (nothing when there is none). */
export function AccountTeamCard() {
  const firm = usePortalFirm().data;
  if (!firm || firm.accountTeam.length === 0) return null;
  return (
    <Card withBorder>
      <Group gap="xs" mb="sm">
        <IconUsers size={22} stroke={1.5} aria-hidden />
        <Title order={2} fz="h4">
          Your account team at {firm.name}
        </Title>
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="md">
        {firm.accountTeam.map((m) => (
          <Stack key={m.email} gap={2}>
            <Text fw={600}>{m.name}</Text>
            <Text size="sm" c="dimmed">
              {m.role}
            </Text>
            <Group gap={6} wrap="nowrap">
              <IconMail size={14} aria-hidden />
              <Anchor href={`mailto:${m.email}`} size="sm">
                {m.email}
              </Anchor>
            </Group>
            {m.phone ? (
              <Group gap={6} wrap="nowrap">
                <IconPhone size={14} aria-hidden />
                <Anchor href={telOf(m.phone)} size="sm">
                  {m.phone}
                </Anchor>
              </Group>
            ) : null}
          </Stack>
        ))}
      </SimpleGrid>
      {firm.supportEmail ? (
        <Text size="sm" c="dimmed" mt="md">
          Support: <Anchor href={`mailto:${firm.supportEmail}`}>{firm.supportEmail}</Anchor>
          {firm.website ? (
            <>
              {' · '}
              <Anchor href={firm.website} target="_blank" rel="noopener noreferrer">
                {firm.website.replace(/^https?:\/\//, '')}
              </Anchor>
            </>
          ) : null}
        </Text>
      ) : null}
    </Card>
  );
}
