import { describe, expect, it } from 'vitest';
import { eventNameFor, fieldNameFor, journeyIdFor, NameTable, snakeName } from '../../src/import/names.js';
import { JOURNEY_ID } from '../../src/spec/names.js';

const STATE_ID = /^[a-z][a-z0-9_]*$/;
const EVENT = /^(?!xstate\.)[a-z][a-z0-9_.]*$/;

describe('names of imported things', () => {
  it('turns page, step and action names into state ids', () => {
    expect(snakeName('> collect last 4 digit of account number')).toBe('collect_last_4_digit_of_account_number');
    expect(snakeName('Start Page')).toBe('start_page');
    expect(snakeName('zpráva o chybě')).toBe('zprava_o_chybe');
    expect(snakeName('askForCardType')).toBe('ask_for_card_type');
    expect(snakeName('4a1253b1-feb9-4681')).toBe('s_4a1253b1_feb9_4681');
    expect(snakeName('!!!')).toBe('s');
    expect(snakeName('x'.repeat(300))).toHaveLength(100);
  });

  it('gives journey ids, event names and field names the format accepts', () => {
    for (const name of ['Default Start Flow', 'RulesEngineQueue', '001 Context Tracking - Main', '', 'ÉTÉ', 'pattern_human_handoff']) {
      expect(journeyIdFor(name)).toMatch(JOURNEY_ID);
    }
    expect(journeyIdFor('Default Start Flow')).toBe('default-start-flow');
    expect(eventNameFor('prebuilt_components_escalate_human_agent')).toBe('prebuilt_components_escalate_human_agent');
    expect(eventNameFor('Small Talk.Greeting')).toBe('small_talk.greeting');
    expect(eventNameFor('no_match')).toBe('intent_no_match');
    expect(eventNameFor('xstate.init')).toBe('intent_xstate.init');
    expect(eventNameFor('1')).toMatch(EVENT);
    expect(fieldNameFor('event')).toBe('event_value');
    expect(fieldNameFor('Topic.CustomerName')).toBe('topic_customer_name');
    for (const n of ['$session.params.x', '🙂', '...']) {
      expect(eventNameFor(n)).toMatch(EVENT);
      expect(fieldNameFor(n)).toMatch(STATE_ID);
    }
  });

  it('hands out unique ids in asking order, the same one for the same key', () => {
    const table = new NameTable(['done']);
    expect(table.name('a', 'start')).toBe('start');
    expect(table.name('b', 'start')).toBe('start_2');
    expect(table.name('c', 'done')).toBe('done_2');
    expect(table.name('a', 'other')).toBe('start');
    const journeys = new NameTable([], '-');
    journeys.name('x', 'card');
    expect(journeys.name('y', 'card')).toBe('card-2');
  });
});
