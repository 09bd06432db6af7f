import { Group, Modal, NumberInput, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import type { Site } from '../../api/types.ts';
import { countryOptions } from '../../../shared/countries.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { TimeZoneSelect } from './CustomerDialogs.tsx';
import { useSaveSite } from './customers.api.ts';
import { splitError } from './form.ts';
import { FormActions } from './FormParts.tsx';

const siteFields = ['name', 'address', 'latitude', 'longitude', 'timeZone', 'country', 'businessHours'];
const coordinate = (v: string | number): number | '' =>
  typeof v === 'number' ? v : v.trim() === '' || v === '-' ? '' : Number(v);

/** Add a site (`site` null) or edit one: name, address, coordinates (both or neither), time zone, country, business hours. */
export function SiteDialog({
  customerId,
  customerTimeZone,
  site,
  opened,
  onClose,
}: {
  customerId: string;
  customerTimeZone: string;
  site: Site | null;
  opened: boolean;
  onClose: () => void;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={site ? `Edit ${site.name}` : 'Add site'} size="lg">
      {opened ? (
        <SiteForm customerId={customerId} customerTimeZone={customerTimeZone} site={site} onClose={onClose} />
      ) : null}
    </Modal>
  );
}

function SiteForm({
  customerId,
  customerTimeZone,
  site,
  onClose,
}: {
  customerId: string;
  customerTimeZone: string;
  site: Site | null;
  onClose: () => void;
}) {
  const save = useSaveSite(customerId);
  const [name, setName] = useState(site?.name ?? '');
  const [address, setAddress] = useState(site?.address ?? '');
  const [latitude, setLatitude] = useState<number | ''>(site?.latitude ?? '');
  const [longitude, setLongitude] = useState<number | ''>(site?.longitude ?? '');
  const [timeZone, setTimeZone] = useState(site?.timeZone ?? customerTimeZone);
  const [country, setCountry] = useState<string | null>(site?.country ?? null);
  const [opens, setOpens] = useState(site?.businessHours.start ?? '09:00');
  const [closes, setCloses] = useState(site?.businessHours.end ?? '17:00');
  const { fields, general } = splitError(save.error, siteFields);

  function submit(e: FormEvent) {
    e.preventDefault();
    const body = {
      name: name.trim(),
      address: address.trim(),
      latitude: latitude === '' ? null : latitude,
      longitude: longitude === '' ? null : longitude,
      timeZone,
      country,
      businessHours: { start: opens, end: closes },
    };
    save.mutate(
      { childId: site?.id, body },
      {
        onSuccess: (s) => {
          notifications.show({
            color: 'green',
            title: site ? 'Site saved' : 'Site added',
            message: `${s.name} (${s.timeZone}).`,
          });
          onClose();
        },
      },
    );
  }

  return (
    <form onSubmit={submit} noValidate aria-label={site ? `Edit ${site.name}` : 'Add site'}>
      <Stack gap="md">
        {general ? <ErrorAlert error={general} title="Could not save the site" /> : null}
        <TextInput
          label="Name"
          required
          placeholder="Headquarters, Data centre Frankfurt"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={fields['name']}
          data-autofocus
          autoComplete="off"
        />
        <Textarea
          label="Address"
          autosize
          minRows={2}
          value={address}
          onChange={(e) => setAddress(e.currentTarget.value)}
          error={fields['address']}
        />
        <Group grow align="flex-start">
          <NumberInput
            label="Latitude"
            description="−90 to 90, e.g. 41.8781"
            decimalScale={6}
            min={-90}
            max={90}
            value={latitude}
            onChange={(v) => setLatitude(coordinate(v))}
            error={fields['latitude']}
          />
          <NumberInput
            label="Longitude"
            description="−180 to 180, e.g. −87.6298"
            decimalScale={6}
            min={-180}
            max={180}
            value={longitude}
            onChange={(v) => setLongitude(coordinate(v))}
            error={fields['longitude']}
          />
        </Group>
        <TimeZoneSelect
          value={timeZone}
          onChange={setTimeZone}
          error={fields['timeZone']}
          description="On-site appointments at this site are scheduled in this zone."
        />
        <CountryAndHours
          country={country}
          onCountry={setCountry}
          opens={opens}
          onOpens={setOpens}
          closes={closes}
          onCloses={setCloses}
          errors={fields}
        />
        <FormActions onCancel={onClose} submit={site ? 'Save site' : 'Add site'} loading={save.isPending} />
      </Stack>
    </form>
  );
}

/** The site's country (ISO 3166) and weekday business hours: what staffing suggestions weigh. */
function CountryAndHours({
  country,
  onCountry,
  opens,
  onOpens,
  closes,
  onCloses,
  errors,
}: {
  country: string | null;
  onCountry: (v: string | null) => void;
  opens: string;
  onOpens: (v: string) => void;
  closes: string;
  onCloses: (v: string) => void;
  errors: Record<string, string | undefined>;
}) {
  return (
    <>
      <Select
        label="Country"
        description="Staffing suggestions weigh whether a consultant may travel there."
        placeholder="Choose a country"
        data={countryOptions()}
        searchable
        clearable
        value={country}
        onChange={onCountry}
        error={errors['country']}
      />
      <Group grow align="flex-start">
        <TextInput
          label="Business hours open"
          description="Weekdays, in the site's time zone"
          type="time"
          value={opens}
          onChange={(e) => onOpens(e.currentTarget.value)}
          error={errors['businessHours']}
        />
        <TextInput
          label="Business hours close"
          description="Remote consultants are weighed by their overlap"
          type="time"
          value={closes}
          onChange={(e) => onCloses(e.currentTarget.value)}
        />
      </Group>
    </>
  );
}
