import { testRule } from '../support/lint.js';

// Spec: "`pii-purpose` (warning: `pii: true` without `purpose`)". Findings for a field go
// at the field's key.
const agent = `start: greet
states:
  greet:
    on:
      help: agent
  agent:
    type: human
    queue: q
    hours: always
`;

testRule('pii-purpose', {
  valid: [
    {
      name: 'pii fields with a purpose',
      yaml: `journey: t
title: T
context:
  customer_id: { type: string, pii: true, purpose: Identify the account }
  card_last4:
    type: string
    pii: true
    purpose: Find the card to block
${agent}`,
    },
    {
      name: 'fields that are not personal data need no purpose',
      yaml: `journey: t
title: T
context:
  attempts: { type: number, default: 0 }
  plan: { type: string, pii: false }
${agent}`,
    },
    {
      name: 'a journey without context',
      yaml: `journey: t
title: T
${agent}`,
    },
    {
      name: 'a purpose on a non-pii field is fine too',
      yaml: `journey: t
title: T
context:
  plan: { type: string, purpose: Offer the right retention deal }
${agent}`,
    },
  ],
  invalid: [
    {
      name: 'a flow-style pii field without purpose',
      yaml: `journey: t
title: T
context:
  customer_id: { type: string, pii: true }
${agent}`,
      errors: [{ line: 4, column: 3, messageId: 'noPurpose' }],
    },
    {
      name: 'a block-style pii field without purpose: at the key, not at `pii`',
      yaml: `journey: t
title: T
context:
  attempts: { type: number, default: 0 }
  email:
    type: string
    description: Where we send the receipt
    pii: true
${agent}`,
      errors: [{ line: 5, column: 3, messageId: 'noPurpose' }],
    },
    {
      name: 'one finding per field, in order',
      yaml: `journey: t
title: T
context:
  name: { type: string, pii: true }
  plan: { type: string }
  phone: { type: string, pii: true, description: Mobile number }
  dob: { type: string, pii: true, purpose: Check the account holder }
${agent}`,
      errors: [
        { line: 4, column: 3 },
        { line: 6, column: 3 },
      ],
    },
  ],
});
