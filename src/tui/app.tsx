import { Box, Text, useApp, useInput } from 'ink';
import { useEffect, useState, type ReactElement } from 'react';
import { outcomeText, type PlaySession, type PlayView } from './session.js';
import { arrivalLine } from './transcript.js';

/** Visible rows of each list; longer lists scroll with the cursor. */
const LIST_ROWS = 9;
const COMMANDS = new Set(['q', 'u', 'r', 'h', 't']);

/** Props of the play screen. */
export interface PlayAppProps {
  readonly session: PlaySession;
  /** No colour (NO_COLOR, or not a terminal that shows it). */
  readonly plain: boolean;
  /** Terminal width (the layout fits 80 columns). */
  readonly width?: number;
  /** Called when the walk is over (quit, or an end reached). */
  readonly onDone?: (reason: 'quit' | 'ended') => void;
}

/**
 * `journey play`: walk a journey as a customer. Arrow keys and Enter send the
 * selected event; typing letters filters the list; Tab switches to the reserved
 * signals; h asks for a person through the offramp, t lets the next timeout pass,
 * u undoes, r restarts, q quits.
 */
export function PlayApp({ session, plain, width = 80, onDone }: PlayAppProps): ReactElement {
  const { exit } = useApp();
  const [, setVersion] = useState(0);
  const [list, setList] = useState<'events' | 'signals'>('events');
  const [cursor, setCursor] = useState(0);
  const [filter, setFilter] = useState('');
  const [typing, setTyping] = useState(false);
  const [note, setNote] = useState('');
  const view = session.view();
  const items = (list === 'events' ? view.events : view.signals).filter((e) => e.startsWith(filter));
  const selected = Math.min(cursor, Math.max(0, items.length - 1));

  const changed = (message = ''): void => {
    setVersion((v) => v + 1);
    setCursor(0);
    setFilter('');
    setTyping(false);
    setNote(message);
  };

  useEffect(() => {
    if (view.ended) {
      onDone?.('ended');
      exit();
    }
  });

  useInput((input, key) => {
    if (view.ended) return;
    if (key.upArrow) return setCursor(Math.max(0, selected - 1));
    if (key.downArrow) return setCursor(Math.min(items.length - 1, selected + 1));
    if (key.tab) {
      setList(list === 'events' ? 'signals' : 'events');
      setCursor(0);
      setFilter('');
      return;
    }
    if (key.escape) return changed();
    if (key.backspace || key.delete) {
      setFilter(filter.slice(0, -1));
      setCursor(0);
      if (filter.length <= 1) setTyping(false);
      return;
    }
    if (key.return) {
      const chosen = items[selected];
      if (!chosen) return setNote(filter ? `no event starts with "${filter}"` : 'no event to send here');
      session.event(chosen);
      return changed();
    }
    if (key.ctrl || key.meta) return;
    if (filter === '' && !typing && COMMANDS.has(input)) {
      switch (input) {
        case 'q':
          onDone?.('quit');
          exit();
          return;
        case 'u':
          session.undo();
          return changed(session.turns.length === 0 ? 'back at the start' : 'undone');
        case 'r':
          session.restart();
          return changed('restarted');
        case 'h':
          if (!view.askEvent) return setNote('there is no way to ask for a person here');
          session.event(view.askEvent);
          return changed();
        case 't':
          return changed(session.fireTimeout() ? `${view.timeout} passed` : 'no timeout is pending here');
      }
    }
    if (input === '/' && filter === '') return setTyping(true);
    if (/^[a-z0-9_.]$/.test(input)) {
      setFilter(filter + input);
      setCursor(0);
    }
  });

  return <Screen view={view} plain={plain} width={width} list={list} items={items} selected={selected} filter={filter} note={note} />;
}

/** Props of the static screen (also rendered once for `--events`). */
export interface ScreenProps {
  readonly view: PlayView;
  readonly plain: boolean;
  readonly width: number;
  readonly list: 'events' | 'signals';
  readonly items: readonly string[];
  readonly selected: number;
  readonly filter: string;
  readonly note: string;
}

/** The screen for a view: header, what was said, context, the two lists, the keys. */
export function Screen({ view, plain, width, list, items, selected, filter, note }: ScreenProps): ReactElement {
  const w = Math.max(60, Math.min(width, 120));
  const color = (c: string): { color?: string } => (plain ? {} : { color: c });
  const badgeColor = view.badge === 'BOT' ? 'cyan' : view.badge === 'HUMAN' ? 'yellow' : 'green';
  const distance = view.ended
    ? view.handedOff
      ? 'handed to a person'
      : 'journey ended'
    : view.personTurns === null
      ? 'no route to a person!'
      : view.personTurns === 0
        ? 'with a person now'
        : `a person is ${view.personTurns} turn${view.personTurns === 1 ? '' : 's'} away`;
  // Everything a journey says is the bot's, a human state's `say` included (its hand-off);
  // the person taking over and an end's feedback question follow as their own line.
  const said = view.said.slice(-2);
  const arrival = arrivalLine(view);
  const context = view.context.map(([k, v]) => `${k}=${v}`).join('  ');
  const start = Math.max(0, Math.min(selected - Math.floor(LIST_ROWS / 2), items.length - LIST_ROWS));
  const shown = items.slice(start, start + LIST_ROWS);
  const other = list === 'events' ? view.signals : view.events;
  const ended = view.ended ? `journey ended: ${outcomeText(view.output)}` : '';
  return (
    <Box flexDirection="column" width={w}>
      <Text bold wrap="truncate-end">
        {view.title} · {view.priority} · {view.journey}
        {view.engine === 'xstate' ? ' · compiled machine (XState)' : ''}
      </Text>
      <Box justifyContent="space-between">
        <Text wrap="truncate-end">
          <Text {...color(badgeColor)} bold inverse={!plain}>
            {plain ? `[${view.badge}]` : ` ${view.badge} `}
          </Text>{' '}
          {view.place ?? view.state}
        </Text>
        <Text {...(view.personTurns === null && !view.ended ? color('red') : {})}>
          turn {view.turns} · {distance}
        </Text>
      </Box>
      <Box flexDirection="column" marginTop={1}>
        {said.map((line, i) => (
          <Text key={i} wrap="wrap">
            Bot: {clip(line, w * 2 - 8)}
          </Text>
        ))}
        {arrival ? (
          <Text {...(arrival.speaker === 'person' ? color('yellow') : {})} wrap="truncate-end">
            {arrival.speaker === 'person' ? 'Person' : 'Bot'}: {arrival.text}
          </Text>
        ) : null}
        {said.length === 0 && !arrival ? <Text dimColor={!plain}>(nothing said)</Text> : null}
      </Box>
      <Text dimColor={!plain} wrap="wrap">
        context: {clip(context || '(none)', w * 2 - 10)}
      </Text>
      {view.ended ? (
        <Box marginTop={1}>
          <Text bold {...color('green')}>
            {ended}
          </Text>
        </Box>
      ) : (
        <Box marginTop={1}>
          <Box flexDirection="column" width={Math.floor(w * 0.6)}>
            <Text underline={!plain}>{list === 'events' ? 'Events' : 'Signals'} (↑↓ Enter{filter ? `, filter: ${filter}` : ', type to filter'})</Text>
            {shown.length === 0 ? <Text dimColor={!plain}>{filter ? `nothing starts with "${filter}"` : 'nothing to send here'}</Text> : null}
            {shown.map((item, i) => {
              const isSelected = start + i === selected;
              return (
                <Text key={item} {...(isSelected ? color('cyan') : {})} bold={isSelected} wrap="truncate-end">
                  {isSelected ? '> ' : '  '}
                  {item}
                </Text>
              );
            })}
          </Box>
          <Box flexDirection="column">
            <Text underline={!plain}>{list === 'events' ? 'Signals' : 'Events'} (Tab)</Text>
            {other.slice(0, LIST_ROWS).map((item) => (
              <Text key={item} dimColor={!plain} wrap="truncate-end">
                {'  '}
                {item}
              </Text>
            ))}
          </Box>
        </Box>
      )}
      {view.ended ? null : (
        <Box marginTop={1} flexDirection="column">
          <Text wrap="truncate-end">
            {view.askEvent ? <Text {...color('yellow')}>h ask for a person ({view.askEvent}) · </Text> : null}
            {view.timeout ? `t let ${view.timeout} pass · ` : ''}u undo · r restart · q quit
          </Text>
          {note ? <Text dimColor={!plain}>{note}</Text> : null}
        </Box>
      )}
    </Box>
  );
}

/** Cuts text to at most `max` characters (the screen must fit 24 rows). */
function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
