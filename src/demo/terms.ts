import type { TermsInput } from '../shared/contracts/commerce.ts';

/** One customer's billing details, shared by its contracts (the PO differs per contract). */
interface BillingParty {
  currency: string;
  billingLegalName: string;
  billingAddress: string;
  taxId: string;
  billingContactName: string;
  billingContactEmail: string;
}

const northwind: BillingParty = {
  currency: 'USD',
  billingLegalName: 'Northwind Freight, Inc.',
  billingAddress: '233 S Wacker Dr\nChicago, IL 60606\nUSA',
  taxId: '36-4817205',
  billingContactName: 'Helen Park',
  billingContactEmail: 'helen.park@northwind.example',
};
const contoso: BillingParty = {
  currency: 'EUR',
  billingLegalName: 'Contoso Health GmbH',
  billingAddress: 'Invalidenstraße 80\n10115 Berlin\nGermany',
  taxId: 'DE298765431',
  billingContactName: 'Dr. Katrin Vogel',
  billingContactEmail: 'katrin.vogel@contoso-health.example',
};
const fabrikam: BillingParty = {
  currency: 'USD',
  billingLegalName: 'Fabrikam, Inc.',
  billingAddress: '350 5th Ave\nNew York, NY 10118\nUSA',
  taxId: '13-5094731',
  billingContactName: 'Olivia Grant',
  billingContactEmail: 'olivia.grant@fabrikam.example',
};
const litware: BillingParty = {
  currency: 'GBP',
  billingLegalName: 'Litware Ltd',
  billingAddress: '1 Poultry\nLondon EC2R 8EJ\nUnited Kingdom',
  taxId: 'GB 284 5126 93',
  billingContactName: 'Harriet Shaw',
  billingContactEmail: 'harriet.shaw@litware.example',
};

/**
 * The commercial terms of the demo contracts by number (issue 17): amounts in minor units of each customer's
 * currency, rates per hour (per service unit for Contoso's CH-SU-2026), payment in 30 days. Contoso's
 * terminated pilot CH-PILOT-2025 has none on purpose, so billing shows a contract with "terms missing".
 */
export const demoTerms: Record<string, TermsInput> = {
  'NW-IMR-2026': {
    ...northwind,
    retainerPriceMinor: 2_560_000, // 160 h at 160.00
    topupRateMinor: 17_500,
    overageRateMinor: 21_000,
    paymentTermDays: 30,
    purchaseOrder: 'NW-PO-2026-0042',
  },
  'CH-SU-2026': {
    ...contoso,
    retainerPriceMinor: 1_200_000, // 120 units at 100.00
    topupRateMinor: 11_000,
    overageRateMinor: 13_500,
    paymentTermDays: 30,
    purchaseOrder: 'BE-4500018231',
  },
  'FB-IMR-2026': {
    ...fabrikam,
    retainerPriceMinor: 3_300_000, // 200 h at 165.00
    topupRateMinor: 18_000,
    overageRateMinor: 22_500,
    paymentTermDays: 30,
    purchaseOrder: 'PO-FB-2026-007',
  },
  'LW-IMR-2025': {
    ...litware,
    retainerPriceMinor: 1_250_000, // 100 h at 125.00
    topupRateMinor: 13_500,
    overageRateMinor: 16_000,
    paymentTermDays: 30,
    purchaseOrder: 'LW-2025-118',
  },
  'LW-IMR-2026': {
    ...litware,
    retainerPriceMinor: 1_300_000, // 100 h at 130.00
    topupRateMinor: 14_000,
    overageRateMinor: 16_500,
    paymentTermDays: 30,
    purchaseOrder: 'LW-2026-064',
  },
  'LW-IMR-2027': {
    ...litware,
    retainerPriceMinor: 1_080_000, // 80 h at 135.00
    topupRateMinor: 14_500,
    overageRateMinor: 17_000,
    paymentTermDays: 30,
    purchaseOrder: 'LW-2027-003',
  },
};

/** The demo contract left without terms (billing lists it as "terms missing"). */
export const DEMO_CONTRACT_WITHOUT_TERMS = 'CH-PILOT-2025';
