import { Anchor, Card, Group, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconHistory, IconKey, IconMail, IconUsers, type TablerIcon } from '@tabler/icons-react';
import { Link } from 'react-router';
import { roleLabels } from '../../../shared/roles.ts';
import { useSession } from '../../app/session.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { RetainersCard } from '../contracts/RetainersCard.tsx';
import { OpenRequestsCard } from '../requests/OpenRequestsCard.tsx';
import { OncallCard } from '../staffing-suggest/OncallCard.tsx';
import { ConsultantCards, ContractAlertsCard, ManagerCards } from '../home/StaffHomeCards.tsx';

function Step({ icon: Icon, to, title, text }: { icon: TablerIcon; to: string; title: string; text: string }) {
  return (
    <Group wrap="nowrap" align="flex-start" gap="sm">
      <ThemeIcon variant="light" size={34} radius="md" aria-hidden>
        <Icon size={18} stroke={1.6} />
      </ThemeIcon>
      <div>
        <Anchor component={Link} to={to} fw={600} size="sm">
          {title}
        </Anchor>
        <Text size="sm" c="dimmed">
          {text}
        </Text>
      </div>
    </Group>
  );
}

/**
 * The staff home, by role (cards from GET /home): IR managers the on-call rota, triage queue, targets at
 * risk, approvals waiting and unbooked engagements; consultants their engagements, week and days without
 * time; account managers the retainers to follow up; admins first steps and the manager's and account
 * manager's cards.
 */
export function DashboardPage() {
  const { user } = useSession();
  const isAdmin = user.role === 'admin';
  const isManager = user.role === 'ir_manager' || isAdmin;
  const isAccountManager = user.role === 'account_manager' || isAdmin;
  return (
    <>
      <PageHeader
        title="Dashboard"
        description={
          <>
            Welcome, {user.name}. You are signed in as {roleLabels[user.role].toLowerCase()} at {user.organizationName}.
          </>
        }
      />
      <Stack gap="lg">
        {isAdmin ? (
          <Card>
            <Title order={2} fz="h4" mb={4}>
              Getting started
            </Title>
            <Text size="sm" c="dimmed" mb="md">
              Set up the team and the connections IMR Desk needs before the first customer arrives.
            </Text>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
              <Step
                icon={IconUsers}
                to="/settings/users"
                title="Add your team"
                text="Create accounts for IR managers, consultants and account managers."
              />
              <Step
                icon={IconMail}
                to="/mailbox"
                title="Check outgoing mail"
                text="Without an SMTP server, every message IMR Desk sends lands in the local mailbox."
              />
              <Step
                icon={IconKey}
                to="/settings/tokens"
                title="Create an API token"
                text="For scripts and the imr command line."
              />
              <Step
                icon={IconHistory}
                to="/settings/audit"
                title="Review the audit log"
                text="Every change, who made it and when."
              />
            </SimpleGrid>
          </Card>
        ) : null}
        {isManager ? <OncallCard /> : null}
        {isManager ? <ManagerCards /> : null}
        {user.role === 'consultant' ? <ConsultantCards /> : null}
        {isAccountManager ? <ContractAlertsCard /> : null}
        {user.role === 'consultant' ? null : (
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
            <RetainersCard />
            <OpenRequestsCard />
          </SimpleGrid>
        )}
      </Stack>
    </>
  );
}
