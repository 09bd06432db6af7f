import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { pickerToIso } from './format.ts';
import { emptyDraft, requestBody, requestFormErrors, type RequestDraft } from './request-draft.ts';
import {
  requestsKey,
  useContactOptions,
  useContractOptions,
  useCreateRequest,
  useCustomerOptions,
} from './requests.api.ts';

/** The intake form's state: customer, contract, requester, channel, time received, the request draft, and submit. */
export function useIntakeForm() {
  const navigate = useNavigate();
  const qc = useQueryClient();
  const create = useCreateRequest();
  const customers = useCustomerOptions();
  const [customerId, setCustomerId] = useState<string | null>(null);
  const contracts = useContractOptions(customerId, Boolean(customerId));
  const contacts = useContactOptions(customerId);
  const [contractId, setContractId] = useState('');
  const [channel, setChannel] = useState<'hotline' | 'email'>('hotline');
  const [receivedAt, setReceivedAt] = useState<string | null>(null);
  const [requesterContactId, setRequesterContactId] = useState('');
  const [draft, setDraft] = useState<RequestDraft>(() => emptyDraft('emergency'));
  const [refusedEarliest, setRefusedEarliest] = useState<string | null>(null);
  const { fields, general } = requestFormErrors(create.error);

  const contractList = contracts.data ?? [];
  const contract =
    contractList.find((c) => c.id === contractId) ?? contractList.find((c) => c.status === 'active') ?? contractList[0];
  const requesters = (contacts.data ?? []).filter((c) => c.canRequest || c.canApprove);
  const others = (contacts.data ?? []).filter((c) => !c.canRequest && !c.canApprove);

  function chooseCustomer(id: string | null) {
    setCustomerId(id);
    setContractId('');
    setRequesterContactId('');
    create.reset();
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    const extra = {
      channel,
      ...(receivedAt ? { receivedAt: pickerToIso(receivedAt) } : {}),
      ...(requesterContactId ? { requesterContactId } : {}),
    };
    create.mutate(requestBody(draft, contract?.id ?? '', extra), {
      onSuccess: (r) => void navigate(`/requests/${r.id}`, { state: { created: true } }),
      onError: (err) => {
        const refused = requestFormErrors(err).refusedEarliest;
        if (refused) {
          setRefusedEarliest(refused);
          void qc.invalidateQueries({ queryKey: [...requestsKey, 'lead-time'] });
        }
      },
    });
  }

  return {
    create,
    customers,
    customerId,
    contracts,
    contractList,
    contract,
    setContractId,
    channel,
    setChannel,
    receivedAt,
    setReceivedAt,
    requesterContactId,
    setRequesterContactId,
    requesters,
    others,
    draft,
    setDraft,
    refusedEarliest,
    fields,
    general,
    chooseCustomer,
    submit,
  };
}

export type IntakeForm = ReturnType<typeof useIntakeForm>;
