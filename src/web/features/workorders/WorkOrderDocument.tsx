import { Code, List, Paper, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { displayWhen, modeLabels } from '../../../shared/workorders.ts';
import { effortDisplay, moneyDisplay, serviceText, staffText, words, type WorkOrderDoc } from './document.ts';

function Facts({ rows, label }: { rows: [string, ReactNode][]; label: string }) {
  return (
    <Table withRowBorders={false} verticalSpacing={3} aria-label={label}>
      <Table.Tbody>
        {rows.map(([k, v]) => (
          <Table.Tr key={k}>
            <Table.Th w="32%" fw={600} c="dimmed" style={{ verticalAlign: 'top' }}>
              {k}
            </Table.Th>
            <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{v}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = `doc-${title.toLowerCase().replace(/[^a-z]+/g, '-')}`;
  return (
    <section aria-labelledby={id}>
      <Title order={3} fz="h5" id={id} mb={4} mt="sm">
        {title}
      </Title>
      {children}
    </section>
  );
}

function Bullets({ items }: { items: readonly string[] }) {
  if (items.length === 0)
    return (
      <Text size="sm" fs="italic" c="dimmed">
        (none)
      </Text>
    );
  return (
    <List size="sm" spacing={2}>
      {items.map((i, n) => (
        <List.Item key={`${n}:${i}`}>{i}</List.Item>
      ))}
    </List>
  );
}

function Grid({ header, rows, label }: { header: string[]; rows: string[][]; label: string }) {
  return (
    <Table.ScrollContainer minWidth={480}>
      <Table aria-label={label} verticalSpacing={4} fz="sm">
        <Table.Thead>
          <Table.Tr>
            {header.map((h) => (
              <Table.Th key={h}>{h}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r, n) => (
            <Table.Tr key={n}>
              {r.map((c, i) => (
                <Table.Td key={i}>{c}</Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The estimate and pricing section: the estimated effort per line and the pricing facts. */
function EstimateSection({ doc }: { doc: WorkOrderDoc }) {
  return (
    <Section title="Estimate and pricing">
      <Grid
        label="Estimated effort"
        header={['Activity', 'Role', 'Effort', 'Retainer units']}
        rows={doc.estimate.lines.map((l) => [words(l.activity), l.role, effortDisplay(l.minutes), l.amount.display])}
      />
      <Facts
        label="Pricing"
        rows={[
          ['Pricing', doc.pricingMode === 'fixed' ? 'Fixed price' : 'Time and materials'],
          ['Estimate', doc.estimate.total.display],
          ...(doc.fixedPrice ? [['Fixed price', doc.fixedPrice.display] as [string, string]] : []),
          ['Minimum billable', doc.minimumBillable.display],
          ['Reserved on approval', <strong key="r">{doc.reservation.display}</strong>],
        ]}
      />
    </Section>
  );
}

/** Deliverables, staffing, travel and the terms, as the PDF lists them. */
function TermsSections({ doc }: { doc: WorkOrderDoc }) {
  return (
    <>
      <Section title="Deliverables">
        <Grid
          label="Deliverables"
          header={['Deliverable', 'Kind', 'Target date']}
          rows={doc.deliverables.map((d) => [d.title, words(d.kind), d.dueDate ?? 'to be agreed'])}
        />
      </Section>
      <Section title="Staffing plan">
        <Bullets items={doc.staffingPlan.map(staffText)} />
      </Section>
      <Section title="Travel and expenses">
        <Text size="sm">
          {doc.travelEstimate ? `Estimate: ${moneyDisplay(doc.travelEstimate)}. ` : ''}
          {doc.travelPolicy}
        </Text>
      </Section>
      <Section title="Assumptions">
        <Bullets items={doc.assumptions} />
      </Section>
      <Section title="Customer responsibilities">
        <Bullets items={doc.customerResponsibilities} />
      </Section>
      <Section title="Pre-authorised actions">
        <Bullets items={doc.preAuthorizedActions} />
      </Section>
    </>
  );
}

/** The approval section: who may approve and how, before when; the version and its content hash. */
function ApprovalSection({
  doc,
  deadline,
  deadlineRule,
  contentHash,
}: {
  doc: WorkOrderDoc;
  deadline: string;
  deadlineRule: string | undefined;
  contentHash: string | null;
}) {
  return (
    <Section title="Approval">
      <Text size="sm">
        Only a defined point of contact of {doc.customer.name} may approve this version, before{' '}
        {doc.approvalDeadline ? deadline : `the deadline (${deadlineRule ?? "the firm's default"})`}: in the portal, by
        the signed link in the approval email, or by replying APPROVE to it. The approval record binds the approver, the
        channel, the time and this content hash.
      </Text>
      <Facts
        label="Version and hash"
        rows={[
          ['Version', String(doc.version)],
          ['Hash rule', doc.hashRule ?? 'set on sending'],
        ]}
      />
      <Text size="sm">Content hash:</Text>
      {contentHash ? (
        <Code block style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }} data-testid="content-hash">
          {contentHash}
        </Code>
      ) : (
        <Text size="sm" c="dimmed">
          computed when the version is sent
        </Text>
      )}
    </Section>
  );
}

/**
 * An EWO version as its PDF prints it: the same sections in the same order (workorders.pdf.ts), from the
 * frozen document of a sent version, or from a draft's preview (then the sending time, the deadline and
 * the hash are what sending will set).
 */
export function WorkOrderDocument({
  doc,
  contentHash,
  deadlineRule,
}: {
  doc: WorkOrderDoc;
  contentHash: string | null;
  deadlineRule?: string;
}) {
  const zone = doc.customer.timeZone;
  const deadline = doc.approvalDeadline
    ? displayWhen(doc.approvalDeadline, zone)
    : `${deadlineRule ?? "the firm's default"} (set on sending)`;
  return (
    <Paper
      withBorder
      p={{ base: 'md', sm: 'xl' }}
      radius="md"
      component="article"
      aria-label={`Engagement Work Order ${doc.number} version ${doc.version}`}
    >
      <Stack gap={4}>
        <Title order={2} fz="h3">
          Engagement Work Order {doc.number}
        </Title>
        <Facts
          label="Work order"
          rows={[
            ['Title', doc.title],
            ['Version', String(doc.version)],
            ['Customer', doc.customer.name],
            [
              'Retainer contract',
              `${doc.contract.number} (${doc.contract.unit === 'hours' ? 'hours' : 'service units'})`,
            ],
            ['Request', doc.requestId],
            ['Service', serviceText(doc)],
            ...(doc.incidentType
              ? [['Incident', `${doc.severity ?? ''} ${words(doc.incidentType)}`.trim()] as [string, string]]
              : []),
            ['Sent', doc.sentAt ? displayWhen(doc.sentAt, zone) : 'not sent yet'],
            ['Approval deadline', deadline],
          ]}
        />

        <Section title="Scope">
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {doc.scope || '(none)'}
          </Text>
        </Section>
        <Section title="Objectives">
          <Bullets items={doc.objectives} />
        </Section>
        <Section title="In scope">
          <Bullets items={doc.inScope} />
        </Section>
        <Section title="Out of scope">
          <Bullets items={doc.outOfScope} />
        </Section>

        <Section title="Delivery">
          <Facts
            label="Delivery"
            rows={[
              ['Mode', modeLabels[doc.deliveryMode]],
              [
                'Sites',
                doc.sites.length ? doc.sites.map((s) => `${s.name}, ${s.address}`).join('; ') : 'none (remote)',
              ],
              ['Proposed start', displayWhen(doc.proposedStart, zone)],
              ['Proposed end', displayWhen(doc.proposedEnd, zone)],
              ['Time zone', zone],
            ]}
          />
        </Section>

        <EstimateSection doc={doc} />
        <TermsSections doc={doc} />
        <ApprovalSection doc={doc} deadline={deadline} deadlineRule={deadlineRule} contentHash={contentHash} />
      </Stack>
    </Paper>
  );
}
